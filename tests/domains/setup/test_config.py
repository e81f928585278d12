"""``setup.update_config`` validates the configuration a change results in."""

from __future__ import annotations

from pathlib import Path

import pytest

from domains.setup import service_config
from domains.setup.models import UpdateConfigParams
from rpc.errors import ValidationFailed
from sql.database import Database

pytestmark = pytest.mark.committing


async def test_a_root_that_is_not_a_directory_is_never_stored(
    db: Database, tmp_path: Path, clean: None
) -> None:
    # Deployment mode and environment set earlier, and left alone by the calls below.
    await service_config.update_config(
        db, params=UpdateConfigParams(deployment_mode="cloud_vm", default_environment="sprite")
    )
    a_file = tmp_path / "file"
    a_file.write_text("not a directory")
    for root in (a_file, tmp_path / "missing"):
        with pytest.raises(ValidationFailed) as refused:
            await service_config.update_config(
                db, params=UpdateConfigParams(workspace_root=str(root))
            )
        assert refused.value.fields.model_dump()["field_errors"][0]["field"] == "workspace_root"
    assert (await service_config.get_config(db)).workspace_root is None
    config = await service_config.update_config(
        db, params=UpdateConfigParams(workspace_root=str(tmp_path))
    )
    assert config.workspace_root == str(tmp_path)
    # A later change of another field is checked against the stored root.
    (tmp_path / "gone").mkdir()
    await service_config.update_config(
        db, params=UpdateConfigParams(workspace_root=str(tmp_path / "gone"))
    )
    (tmp_path / "gone").rmdir()
    with pytest.raises(ValidationFailed):
        await service_config.update_config(db, params=UpdateConfigParams(deployment_mode="local"))
