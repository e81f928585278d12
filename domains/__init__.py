"""The business domains of JidoCode RPC, one package each, plus ``domains.shared``.

``registrations()`` is the fixed list the server composes at start-up; it is the only
place the RPC layer learns which domains exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rpc.contract import DomainRegistration


def registrations() -> list[DomainRegistration]:
    """Every domain's method table and job handlers, in a fixed order."""
    from domains.system import rpc as system
    from rpc import discover

    return [discover.REGISTRATION, system.REGISTRATION]
