"""The inventory version: the integer every client and the schema file agree on.

Bump it for a breaking change (a method removed, a required param added, a result
narrowed). Clients send it as ``X-JidoCode-Inventory``.
"""

from __future__ import annotations

from domains.shared.errors import InventoryMismatch

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
