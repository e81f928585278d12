"""Building the runtime: every shared component, once, from the settings and registry."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from rpc import openrpc
from rpc.context import Runtime, ServedDocument
from rpc.jobs.gauges import JOB_GAUGES
from rpc.metrics import Metrics
from rpc.redaction import Redactor
from rpc.registry import Registry
from rpc.sealing import KeyRing, SealingKeys, load_key_ring
from rpc.settings import Settings
from sql.database import Database


def build_runtime(
    settings: Settings, db: Database, registry: Registry, *, key_ring: KeyRing | None = None
) -> Runtime:
    """The runtime the server, the workers and the tests share.

    Raises ``KeyRingError`` when the key ring is missing in production or malformed:
    the server must not start without it (``serve`` loads it, with ``key_ring``, before
    it touches the database).
    """
    document = openrpc.build_document(registry)
    return Runtime(
        settings=settings,
        db=db,
        key_ring=key_ring or load_key_ring(settings),
        sealing_keys=SealingKeys(),
        redactor=Redactor(),
        document=ServedDocument(document, openrpc.render(document)),
        metrics=Metrics((*JOB_GAUGES, *registry.scrape_gauges)),
        webhook_intakes={
            source: make(settings) for source, make in registry.webhook_intakes.items()
        },
        step_handlers=registry.step_handlers,
        pruners=registry.pruners,
        probes=registry.probes,
        event_families=registry.event_families,
    )


@asynccontextmanager
async def lifecycles_started(runtime: Runtime, registry: Registry) -> AsyncIterator[Runtime]:
    """Start every domain lifecycle in registration order; stop them in reverse."""
    started = []
    try:
        for lifecycle in registry.lifecycles:
            await lifecycle.start(runtime)
            started.append(lifecycle)
        yield runtime
    finally:
        for lifecycle in reversed(started):
            await lifecycle.stop(runtime)
