"""The method registry: every domain's methods, composed once at start-up."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from rpc.context import CredentialResolver, JobHandler, Lifecycle
from rpc.contract import DomainRegistration, Method


class RegistryError(ValueError):
    """The domain registrations do not compose (duplicate names, two resolvers)."""


@dataclass(frozen=True)
class Registry:
    """Methods by name plus what the domains registered besides methods."""

    methods: Mapping[str, Method]
    job_handlers: Mapping[str, JobHandler]
    credential_resolver: CredentialResolver | None
    lifecycles: tuple[Lifecycle, ...]

    def __iter__(self) -> Iterator[Method]:
        return iter(self.methods[name] for name in sorted(self.methods))

    def __len__(self) -> int:
        return len(self.methods)


def compose(registrations: Iterable[DomainRegistration]) -> Registry:
    """Combine registrations, refusing duplicate method names or job kinds."""
    methods: dict[str, Method] = {}
    handlers: dict[str, JobHandler] = {}
    resolver: CredentialResolver | None = None
    lifecycles: list[Lifecycle] = []
    for reg in registrations:
        for m in reg.methods:
            if m.name in methods:
                raise RegistryError(f"method {m.name} is declared twice (again by {reg.name})")
            methods[m.name] = m
        for kind, handler in reg.job_handlers.items():
            if kind in handlers:
                raise RegistryError(f"job kind {kind} has two handlers (again by {reg.name})")
            handlers[kind] = handler
        if reg.credential_resolver is not None:
            if resolver is not None:
                raise RegistryError(f"{reg.name} registers a second credential resolver")
            resolver = reg.credential_resolver
        if reg.lifecycle is not None:
            lifecycles.append(reg.lifecycle)
    return Registry(methods, handlers, resolver, tuple(lifecycles))


def default_registry() -> Registry:
    """The registry of the domains the server ships with."""
    import domains

    return compose(domains.registrations())
