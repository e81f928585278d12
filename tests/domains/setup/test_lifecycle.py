"""Setup's start-up: the stored secrets learnt; production refuses to start without a key ring."""

from __future__ import annotations

from pathlib import Path

import pytest

from domains.setup.lifecycle import SetupLifecycle
from domains.setup.service_secrets import store_secret
from rpc.app.runtime import build_runtime
from rpc.context import Runtime
from rpc.redaction import MASK
from rpc.registry import Registry
from rpc.sealing import KeyRingError
from sql.database import Database


async def test_production_refuses_to_start_without_a_key_ring(
    db: Database, runtime: Runtime, registry: Registry, tmp_path: Path
) -> None:
    settings = runtime.settings.model_copy(
        update={"production": True, "data_dir": tmp_path, "secret_keys": None}
    )
    with pytest.raises(KeyRingError):
        build_runtime(settings, db, registry)
    assert not (tmp_path / "secret_keys").exists()  # nothing generated in production


@pytest.mark.usefixtures("clean")
async def test_start_loads_the_intake_key_and_learns_stored_secrets(
    db: Database, runtime: Runtime, registry: Registry
) -> None:
    async with db.transaction() as conn:
        await store_secret(
            conn,
            runtime,
            scope="instance",
            name="remembered",
            value="value-from-the-store",
            source="env",
            actor="system",
        )
    fresh = build_runtime(runtime.settings, db, registry)
    assert fresh.sealing_keys.current is None
    await SetupLifecycle().start(fresh)
    try:
        assert fresh.key_ring.versions == runtime.key_ring.versions
        assert fresh.sealing_keys.current is not None
        redactor = fresh.redactor
        assert redactor.redact("log: value-from-the-store") == f"log: {MASK}"
    finally:
        await SetupLifecycle().stop(fresh)
