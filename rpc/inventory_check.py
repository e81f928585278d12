"""``inventory check``: the live registry against the committed document.

It prints the difference, classifies each change (``rpc.inventory_diff``) and fails on
drift, or on a breaking change without an ``info.version`` bump.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rpc import openrpc
from rpc.inventory_diff import Change, compare
from rpc.registry import Registry


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
