"""The domains the server ships with, composed once into the registry."""

from __future__ import annotations

from domains.accounts.rpc import REGISTRATION as ACCOUNTS
from domains.agents.rpc import REGISTRATION as AGENTS
from domains.forge.rpc import REGISTRATION as FORGE
from domains.github.rpc import REGISTRATION as GITHUB
from domains.orchestration.rpc import REGISTRATION as ORCHESTRATION
from domains.projects.rpc import REGISTRATION as PROJECTS
from domains.setup.rpc import REGISTRATION as SETUP
from domains.system.rpc import REGISTRATION as SYSTEM
from rpc.contract import DomainRegistration
from rpc.discover import REGISTRATION as DISCOVER
from rpc.events.methods import REGISTRATION as EVENTS
from rpc.registry import Registry, compose
from rpc.retention_schedule import PRUNE_JOB, prune_job, retention_lifecycle

# Retention: the periodic job that runs every domain's pruners (``jidocode prune`` runs
# them by hand).
RETENTION = DomainRegistration(
    name="retention", job_handlers={PRUNE_JOB: prune_job}, lifecycle=retention_lifecycle()
)

# The start-up order: Setup first, since its lifecycle loads the secrets the redactor
# must know before any other domain persists outside data.
REGISTRATIONS: tuple[DomainRegistration, ...] = (
    DISCOVER,
    SYSTEM,
    ACCOUNTS,
    SETUP,
    PROJECTS,
    AGENTS,
    ORCHESTRATION,
    GITHUB,
    FORGE,
    EVENTS,
    RETENTION,
)


def default_registry() -> Registry:
    """The registry of every domain the server ships with."""
    return compose(REGISTRATIONS)
