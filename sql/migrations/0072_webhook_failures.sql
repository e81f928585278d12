-- Failed webhook attempts per client address, in the database so that every server
-- process counts the same failures (the GitHub intake's throttle). A row older than
-- JIDOCODE_WEBHOOK_FAILURE_WINDOW_S no longer counts: recording a failure prunes a few
-- such rows, and the retention job prunes the rest.
CREATE TABLE webhook_failures (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client text NOT NULL CHECK (length(client) BETWEEN 1 AND 100),
    failed_at timestamptz NOT NULL DEFAULT now()
);

-- The throttle reads one client's newest failures; pruning scans by age.
CREATE INDEX webhook_failures_client ON webhook_failures (client, failed_at DESC);
CREATE INDEX webhook_failures_failed_at ON webhook_failures (failed_at);
