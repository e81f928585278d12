"""Setup's start-up: the key ring, the redactor and the sealing key pair as components.

Production refuses to start without a key ring (``KeyRingError`` propagates out of
``start``); development generates one. The redactor learns every stored secret (in
memory only) so later writes can mask them.
"""

from __future__ import annotations

import logging

from domains.setup.service import record_inventory_version
from domains.setup.service_intake import SealingKeys, ensure_sealing_key
from domains.setup.service_secrets import load_known_values
from domains.shared.redaction import Redactor
from domains.shared.sealing import load_key_ring
from rpc.context import Runtime
from rpc.inventory import INVENTORY_VERSION

log = logging.getLogger(__name__)


class SetupLifecycle:
    """Provides ``KeyRing``, ``Redactor`` and ``SealingKeys`` to the runtime."""

    async def start(self, runtime: Runtime) -> None:
        """Load the key ring (or refuse to start), then the known secrets and intake key."""
        ring = load_key_ring(runtime.settings)
        runtime.provide(ring)
        runtime.provide(Redactor())
        runtime.provide(SealingKeys())
        known = await load_known_values(runtime.db, runtime)
        async with runtime.db.connection() as conn:
            await ensure_sealing_key(conn, runtime)
        # system_config.rpc_inventory_version follows the running server.
        await record_inventory_version(runtime.db, INVENTORY_VERSION)
        log.info(
            "secrets ready",
            extra={"key_versions": ring.versions, "known_secrets": known},
        )

    async def stop(self, runtime: Runtime) -> None:
        """Nothing to release: the components live in memory only."""
