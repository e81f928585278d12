"""The business domains of JidoCode RPC, one package each, plus ``domains.shared``.

``registrations()`` is the fixed list the server composes at start-up; it is the only
place the RPC layer learns which domains exist.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rpc.contract import DomainRegistration

# Each module named here defines ``REGISTRATION``; the order is the start-up order.
MODULES: tuple[str, ...] = (
    "rpc.discover",
    "domains.system.rpc",
    "domains.accounts.rpc",
    "domains.setup.rpc",
    "domains.projects.rpc",
    "domains.agents.rpc",
    "domains.orchestration.rpc",
    "domains.github.rpc",
)


def registrations() -> list[DomainRegistration]:
    """Every domain's method table and job handlers, in a fixed order."""
    return [import_module(name).REGISTRATION for name in MODULES]
