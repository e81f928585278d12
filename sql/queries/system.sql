-- name: server_version
-- Reads the PostgreSQL server's version string.
SELECT current_setting('server_version');
