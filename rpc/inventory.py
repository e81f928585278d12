"""The inventory: its version and the client header check.

``INVENTORY_VERSION`` is the integer every client and the schema file agree on
(``info.version``). Bump it for a breaking change: a method removed, a required param
added, a param removed or retyped, a result field removed or retyped. Clients send it as
``X-JidoCode-Inventory``; a different one is refused with error 1090.

What DOMAIN.md requires lives in ``rpc.inventory_required``; how two documents differ
and which differences break clients lives in ``rpc.inventory_diff``; the drift check of
the registry against the committed document in ``rpc.inventory_check``.
"""

from __future__ import annotations

from rpc.errors import InventoryMismatch

INVENTORY_VERSION = 2
HEADER = "X-JidoCode-Inventory"


def check_client_version(header: str | None) -> InventoryMismatch | None:
    """The refusal for an incompatible client, or ``None`` (no header is accepted)."""
    if header is None:
        return None
    value = header.strip()
    if value.isdigit() and int(value) == INVENTORY_VERSION:
        return None
    return InventoryMismatch(server_version=INVENTORY_VERSION, client_version=value[:32])
