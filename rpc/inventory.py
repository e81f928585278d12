"""The inventory: its version, the client header check, and ``check`` for drift.

``INVENTORY_VERSION`` is the integer every client and the schema file agree on
(``info.version``). Bump it for a breaking change: a method removed, a required param
added, a param removed or retyped, a result field removed or retyped. Clients send it as
``X-JidoCode-Inventory``; a different one is refused with error 1090.

What DOMAIN.md requires lives in ``rpc.inventory_required``; how two documents differ
and which differences break clients lives in ``rpc.inventory_diff``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rpc.errors import InventoryMismatch
from rpc.inventory_diff import Change, compare

if TYPE_CHECKING:
    from rpc.registry import Registry

INVENTORY_VERSION = 1
HEADER = "X-JidoCode-Inventory"


def check_client_version(header: str | None) -> InventoryMismatch | None:
    """The refusal for an incompatible client, or ``None`` (no header is accepted)."""
    if header is None:
        return None
    value = header.strip()
    if value.isdigit() and int(value) == INVENTORY_VERSION:
        return None
    return InventoryMismatch(server_version=INVENTORY_VERSION, client_version=value[:32])


@dataclass(frozen=True)
class CheckResult:
    """The outcome of ``inventory check``."""

    changes: tuple[Change, ...]
    old_version: int
    new_version: int
    drift: bool

    @property
    def breaking(self) -> tuple[Change, ...]:
        """The breaking changes."""
        return tuple(c for c in self.changes if c.breaking)

    @property
    def unbumped_breaking(self) -> bool:
        """A breaking change while the inventory version did not go up."""
        return bool(self.breaking) and self.new_version <= self.old_version

    @property
    def exit_code(self) -> int:
        """0 current; 1 drift; 3 a breaking change without a version bump."""
        if self.unbumped_breaking:
            return 3
        return 1 if self.drift else 0

    def lines(self) -> Iterator[str]:
        """The report, for people."""
        for change in self.changes:
            yield change.describe()
        yield (
            f"inventory version: committed {self.old_version}, registry {self.new_version}; "
            f"{len(self.changes)} change(s), {len(self.breaking)} breaking"
        )
        if self.unbumped_breaking:
            yield (
                "FAIL: breaking change(s) without a version bump: raise INVENTORY_VERSION in "
                "rpc/inventory.py, then run `jidocode codegen`"
            )
        elif self.drift:
            yield "FAIL: the committed document differs from the registry: run `jidocode codegen`"
        else:
            yield "ok: the committed document matches the registry"


def check(registry: Registry, committed: dict[str, Any]) -> CheckResult:
    """Compare the registry's document with ``committed``."""
    from rpc import openrpc

    live = openrpc.build_document(registry)
    changes = compare(committed, live)
    drift = bool(changes) or openrpc.render(live) != openrpc.render(committed)
    if drift and not changes:
        changes = [Change("", "", "document_changed", False, "descriptions or other text")]
    return CheckResult(
        changes=tuple(changes),
        old_version=int(committed.get("info", {}).get("version", 0)),
        new_version=int(live["info"]["version"]),
        drift=drift,
    )
