"""Setup's start-up: components provided, production refuses to start without a key ring."""

from __future__ import annotations

from pathlib import Path

import pytest

from domains.setup.lifecycle import SetupLifecycle
from domains.setup.service_intake import SealingKeys
from domains.setup.service_secrets import store_secret
from domains.shared.redaction import MASK, Redactor
from domains.shared.sealing import KeyRing, KeyRingError
from rpc.context import Runtime
from sql.database import Database


async def test_production_refuses_to_start_without_a_key_ring(
    db: Database, runtime: Runtime, tmp_path: Path
) -> None:
    settings = runtime.settings.model_copy(
        update={"production": True, "data_dir": tmp_path, "secret_keys": None}
    )
    bare = Runtime(settings=settings, db=db)
    with pytest.raises(KeyRingError):
        await SetupLifecycle().start(bare)
    assert KeyRing not in bare.components


@pytest.mark.usefixtures("clean")
async def test_start_provides_components_and_learns_stored_secrets(
    db: Database, runtime: Runtime
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
    fresh = Runtime(settings=runtime.settings, db=db)
    await SetupLifecycle().start(fresh)
    try:
        assert fresh.get(KeyRing).versions == runtime.get(KeyRing).versions
        assert fresh.get(SealingKeys).current is not None
        redactor = fresh.get(Redactor)
        assert redactor.redact("log: value-from-the-store") == f"log: {MASK}"
    finally:
        await SetupLifecycle().stop(fresh)
