"""Prometheus metrics (``GET /metrics``), one ``CollectorRegistry`` per runtime.

Counted as things happen, in this process:

- ``jidocode_http_requests_total`` and ``jidocode_http_request_duration_seconds`` by
  route (the route's template, ``unmatched`` for any other path), HTTP method and status;
- ``jidocode_rpc_calls_total`` and ``jidocode_rpc_call_duration_seconds`` by JSON-RPC
  method (``unknown`` for a name no method has) and outcome (``ok`` or the error kind);
- ``jidocode_job_outcomes_total`` by job kind and outcome (``done``, ``retry``, ``dead``,
  ``lease_lost``) for the jobs this process's workers ran.

Read when scraped, so every process reports the same shared state: the pool's size and
idle connections, and every ``ScrapeGauge`` the runtime was built with: the jobs
table's (``rpc.jobs.gauges``: jobs per kind and status, the oldest due job's wait) and
what domains declare (the GitHub domain's deliveries by status). If the
database cannot be read, the scrape still answers, with ``jidocode_scrape_database_ok 0``.

Labels come only from the registry, the router and fixed words, never from what a
caller sends, so a caller cannot grow the number of series.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric

from sql.database import Connection, Database

log = logging.getLogger(__name__)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

# Seconds: a one-query call takes about 0.1-1 ms here; the deadline is 30 s.
_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0)

Sample = tuple[tuple[str, ...], float]


@dataclass(frozen=True, slots=True)
class ScrapeGauge:
    """A gauge a domain reads from the database at each scrape: ``read`` returns one
    ``(label values, value)`` per series, label values in the order of ``labels``."""

    name: str
    documentation: str
    labels: tuple[str, ...]
    read: Callable[[Connection], Awaitable[Sequence[Sample]]]


class _AtScrape:
    """The collector of what is read at scrape time: it yields the families the last
    read left (``Metrics.render`` reads, then renders without yielding to the loop)."""

    def __init__(self) -> None:
        self.families: list[Metric] = []

    def collect(self) -> Iterator[Metric]:
        return iter(self.families)


class Metrics:
    """This runtime's instruments and the registry they are rendered from."""

    def __init__(self, gauges: Sequence[ScrapeGauge] = ()) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        self.gauges = tuple(gauges)
        r = self.registry
        self.http_requests = Counter(
            "jidocode_http_requests", "HTTP requests.", ["route", "method", "status"], registry=r
        )
        self.http_seconds = Histogram(
            "jidocode_http_request_duration_seconds",
            "HTTP request duration.",
            ["route", "method", "status"],
            buckets=_BUCKETS,
            registry=r,
        )
        self.calls = Counter(
            "jidocode_rpc_calls", "JSON-RPC calls.", ["method", "outcome"], registry=r
        )
        self.call_seconds = Histogram(
            "jidocode_rpc_call_duration_seconds",
            "JSON-RPC call duration.",
            ["method", "outcome"],
            buckets=_BUCKETS,
            registry=r,
        )
        self.job_outcomes = Counter(
            "jidocode_job_outcomes",
            "Job attempts this process ran, by how they ended.",
            ["kind", "outcome"],
            registry=r,
        )
        self._at_scrape = _AtScrape()
        r.register(self._at_scrape)
        # Label lookups cost more than the increments: each series' children are kept.
        self._call_series: dict[tuple[str, str], tuple[Any, Any]] = {}
        self._http_series: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def observe_call(self, method: str, outcome: str, seconds: float) -> None:
        """Count one finished call."""
        series = self._call_series.get((method, outcome))
        if series is None:
            series = (
                self.calls.labels(method, outcome),
                self.call_seconds.labels(method, outcome),
            )
            self._call_series[(method, outcome)] = series
        series[0].inc()
        series[1].observe(seconds)

    def observe_http(self, route: str, method: str, status: int, seconds: float) -> None:
        """Count one finished HTTP request."""
        key = (route, method, status)
        series = self._http_series.get(key)
        if series is None:
            labels = (route, method, str(status))
            series = (self.http_requests.labels(*labels), self.http_seconds.labels(*labels))
            self._http_series[key] = series
        series[0].inc()
        series[1].observe(seconds)

    def job_outcome(self, kind: str, outcome: str) -> None:
        """Count one job attempt that ended ``outcome``."""
        self.job_outcomes.labels(kind, outcome).inc()

    async def render(self, db: Database) -> bytes:
        """The exposition text: what was counted, plus what the database says now."""
        families = _pool_families(db)
        try:
            async with db.connection() as conn:
                families += await _read_families(conn, self.gauges)
            ok = 1.0
        except Exception:  # a scrape reports the database as unreadable, never fails
            log.warning("metrics: the database could not be read", exc_info=True)
            ok = 0.0
        families.append(
            _gauge(
                "jidocode_scrape_database_ok", "1 if the scrape read the database.", [], [((), ok)]
            )
        )
        self._at_scrape.families = families
        return generate_latest(self.registry)


def _gauge(name: str, doc: str, labels: list[str], samples: Iterable[Sample]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, doc, labels=labels)
    for values, value in samples:
        family.add_metric(list(values), value)
    return family


def _pool_families(db: Database) -> list[Metric]:
    pool = db.pool
    return [
        _gauge("jidocode_db_pool_size", "Open pooled connections.", [], [((), pool.get_size())]),
        _gauge(
            "jidocode_db_pool_idle", "Idle pooled connections.", [], [((), pool.get_idle_size())]
        ),
        _gauge("jidocode_db_pool_max", "The pool's maximum size.", [], [((), pool.get_max_size())]),
    ]


async def _read_families(conn: Connection, gauges: Sequence[ScrapeGauge]) -> list[Metric]:
    return [_gauge(g.name, g.documentation, list(g.labels), await g.read(conn)) for g in gauges]
