"""Jobs: durable effects recorded with the state change that wants them.

``enqueue`` runs inside the caller's transaction; ``Workers`` claim due jobs with
``FOR UPDATE SKIP LOCKED``, wake on ``LISTEN/NOTIFY``, retry with backoff up to each job's
``max_attempts`` and then leave it ``dead`` for inspection. A lease makes a job held by a
crashed worker claimable again.
"""

from rpc.jobs.models import ClaimedJob, Job
from rpc.jobs.service import enqueue, enqueue_when_due
from rpc.jobs.worker import Workers

__all__ = ["ClaimedJob", "Job", "Workers", "enqueue", "enqueue_when_due"]
