"""The method registry: every domain's methods, composed once at start-up."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from rpc.context import (
    CredentialResolver,
    JobHandler,
    Lifecycle,
    Probe,
    StepKindHandler,
    WebhookIntakeFactory,
)
from rpc.contract import DomainRegistration, Method
from rpc.event_families import EventFamily
from rpc.metrics import ScrapeGauge
from rpc.retention import Pruner

T = TypeVar("T")

# The event stream's own control events (``rpc.events.sse``): no topic may use them.
RESERVED_EVENT_TYPES = frozenset({"reset", "cursor_expired"})


class RegistryError(ValueError):
    """The domain registrations do not compose (duplicate names, two resolvers)."""


@dataclass(frozen=True)
class Registry:
    """Methods by name plus what the domains registered besides methods."""

    methods: Mapping[str, Method]
    job_handlers: Mapping[str, JobHandler]
    credential_resolver: CredentialResolver | None
    lifecycles: tuple[Lifecycle, ...]
    pruners: tuple[Pruner, ...] = ()
    webhook_intakes: Mapping[str, WebhookIntakeFactory] = field(default_factory=dict)
    step_handlers: Mapping[str, StepKindHandler] = field(default_factory=dict)
    probes: Mapping[str, Probe] = field(default_factory=dict)
    scrape_gauges: tuple[ScrapeGauge, ...] = ()
    long_job_kinds: frozenset[str] = frozenset()
    driver_job_kinds: frozenset[str] = frozenset()
    event_families: tuple[EventFamily, ...] = ()

    def driver_jobs(self) -> dict[str, JobHandler]:
        """The handlers of the job kinds that wait on long jobs (a pool of their own)."""
        return {k: h for k, h in self.job_handlers.items() if k in self.driver_job_kinds}

    def short_and_long_jobs(self) -> tuple[dict[str, JobHandler], dict[str, JobHandler]]:
        """The job handlers split into the short kinds and the long ones (own pool)."""
        pooled = self.long_job_kinds | self.driver_job_kinds
        short = {k: h for k, h in self.job_handlers.items() if k not in pooled}
        long = {k: h for k, h in self.job_handlers.items() if k in self.long_job_kinds}
        return short, long

    def __iter__(self) -> Iterator[Method]:
        return iter(self.methods[name] for name in sorted(self.methods))

    def __len__(self) -> int:
        return len(self.methods)


def compose(registrations: Iterable[DomainRegistration]) -> Registry:
    """Combine registrations, refusing a name that two of them claim.

    Method names, job kinds, pruner names, webhook sources, step kinds, probes, scrape
    gauges and event topics are each one registration's; a second credential resolver is
    refused too.
    """
    methods: dict[str, Method] = {}
    handlers: dict[str, JobHandler] = {}
    pruners: dict[str, Pruner] = {}
    intakes: dict[str, WebhookIntakeFactory] = {}
    steps: dict[str, StepKindHandler] = {}
    probes: dict[str, Probe] = {}
    gauges: dict[str, ScrapeGauge] = {}
    resolver: CredentialResolver | None = None
    lifecycles: list[Lifecycle] = []
    long_kinds: set[str] = set()
    driver_kinds: set[str] = set()
    families: dict[str, EventFamily] = {}
    for reg in registrations:
        for m in reg.methods:
            _claim(methods, m.name, m, f"method {m.name} is declared twice", reg)
        for kind, handler in reg.job_handlers.items():
            _claim(handlers, kind, handler, f"job kind {kind} has two handlers", reg)
        if not reg.long_job_kinds <= set(reg.job_handlers):
            raise RegistryError(f"{reg.name} marks a job kind long that it does not handle")
        long_kinds |= reg.long_job_kinds
        if not reg.driver_job_kinds <= set(reg.job_handlers) - reg.long_job_kinds:
            raise RegistryError(
                f"{reg.name} marks a job kind a driver that it does not handle or marks long"
            )
        driver_kinds |= reg.driver_job_kinds
        for pruner in reg.pruners:
            _claim(pruners, pruner.name, pruner, f"pruner {pruner.name} is declared twice", reg)
        for source, intake in reg.webhook_intakes.items():
            _claim(intakes, source, intake, f"webhook source {source} has two intakes", reg)
        for kind, step in reg.step_handlers.items():
            _claim(steps, kind, step, f"step kind {kind} has two handlers", reg)
        for fact, probe in reg.probes.items():
            _claim(probes, fact, probe, f"probe {fact} is declared twice", reg)
        for gauge in reg.scrape_gauges:
            _claim(gauges, gauge.name, gauge, f"gauge {gauge.name} is declared twice", reg)
        for family in reg.event_families:
            if RESERVED_EVENT_TYPES & set(family.types):
                raise RegistryError(
                    f"{reg.name}: topic {family.pattern} declares a stream control event type"
                )
            _claim(families, family.topic, family, f"topic {family.pattern} is declared twice", reg)
        if reg.credential_resolver is not None:
            if resolver is not None:
                raise RegistryError(f"{reg.name} registers a second credential resolver")
            resolver = reg.credential_resolver
        if reg.lifecycle is not None:
            lifecycles.append(reg.lifecycle)
    return Registry(
        methods,
        handlers,
        resolver,
        tuple(lifecycles),
        tuple(pruners.values()),
        intakes,
        steps,
        probes,
        tuple(gauges.values()),
        frozenset(long_kinds),
        frozenset(driver_kinds),
        tuple(families.values()),
    )


def _claim(into: dict[str, T], key: str, value: T, problem: str, reg: DomainRegistration) -> None:
    if key in into:
        raise RegistryError(f"{problem} (again by {reg.name})")
    into[key] = value
