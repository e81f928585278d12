"""What ``GET /metrics`` reads from the jobs table at each scrape (``rpc.metrics``)."""

from __future__ import annotations

from rpc.jobs import repo
from rpc.metrics import ScrapeGauge

JOB_GAUGES = (
    ScrapeGauge(
        "jidocode_jobs",
        "Jobs by kind and status (queued, running, dead).",
        ("kind", "status"),
        repo.job_counts,
    ),
    ScrapeGauge(
        "jidocode_jobs_oldest_due_seconds",
        "How long the oldest due queued job of each kind has waited.",
        ("kind",),
        repo.oldest_due,
    ),
)
