"""Setup's start-up: the redactor learns the stored secrets, the intake key is loaded.

The key ring itself is the runtime's (built by the composition root, which refuses to
start production without one). The redactor learns every stored secret (in memory
only) so later writes can mask them.
"""

from __future__ import annotations

import logging

from domains.setup.service_config import record_inventory_version
from domains.setup.service_intake import ensure_sealing_key
from domains.setup.service_secrets import load_known_values
from rpc.context import Runtime
from rpc.inventory import INVENTORY_VERSION

log = logging.getLogger(__name__)


class SetupLifecycle:
    """Loads the known secrets into the redactor and the intake key pair into memory."""

    async def start(self, runtime: Runtime) -> None:
        """Teach the redactor the stored secrets; load (or create) the intake key."""
        known = await load_known_values(runtime.db, runtime)
        async with runtime.db.connection() as conn:
            await ensure_sealing_key(conn, runtime)
        # system_config.rpc_inventory_version follows the running server.
        await record_inventory_version(runtime.db, INVENTORY_VERSION)
        log.info(
            "secrets ready",
            extra={"key_versions": runtime.key_ring.versions, "known_secrets": known},
        )

    async def stop(self, runtime: Runtime) -> None:
        """Nothing to release: what it loaded lives in memory only."""
