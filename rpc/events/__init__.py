"""The event log (DESIGN §12): per-topic gapless sequences written in the transaction of
the state change they report, fanned out to live subscribers from one LISTEN connection
per process, and served over Server-Sent Events (``GET /events``) and ``events.list``."""
