"""Jobs: durable effects recorded with the state change that wants them.

``enqueue`` runs inside the caller's transaction; ``Workers`` claim due jobs with
``FOR UPDATE SKIP LOCKED``, wake on ``LISTEN/NOTIFY``, retry with backoff up to each job's
``max_attempts`` and then leave it ``dead`` for inspection. A lease makes a job held by a
crashed worker claimable again; every claim takes a new fencing token (``lease_token``)
and every write for the job is conditional on it, so a worker whose lease was taken over
commits nothing (``complete_in`` lets a handler make its final writes under the same
fence). ``dedupe_key`` keeps a job unique while it is unfinished. ``affinity`` pins a job
to a host (where its worktree is) while that host's workers send heartbeats; after a
lease without one another host may claim it, and ``JobContext.on_foreign_host`` says so;
``set_affinity`` pins a running job to the host that just made its worktree.
"""

from rpc.jobs.models import ClaimedJob, Job
from rpc.jobs.service import LeaseLost, complete_in, enqueue, enqueue_when_due, set_affinity
from rpc.jobs.worker import Workers

__all__ = [
    "ClaimedJob",
    "Job",
    "LeaseLost",
    "Workers",
    "complete_in",
    "enqueue",
    "enqueue_when_due",
    "set_affinity",
]
