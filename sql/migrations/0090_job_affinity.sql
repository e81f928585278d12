-- Host affinity: a workflow run works in a git worktree that exists on one host, so the
-- jobs that work in it must run there. Such a job names that host in `affinity` (NULL:
-- any host may run it). A host that is gone must not strand its jobs, and they must not
-- silently run elsewhere either: `worker_hosts` records when each host's workers were
-- last alive (they upsert their row periodically and never delete it, since a host that
-- stopped is indistinguishable from one that died), and a job whose host has not been
-- seen within a lease may be claimed by another host, whose handler is told so
-- (`JobContext.on_foreign_host`) and fails with a clear reason. Times are the database's
-- `now()`, so the hosts' clocks never have to agree.
ALTER TABLE jobs ADD COLUMN affinity text CHECK (length(affinity) BETWEEN 1 AND 255);

CREATE TABLE worker_hosts (
    host text PRIMARY KEY CHECK (length(host) BETWEEN 1 AND 255),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
