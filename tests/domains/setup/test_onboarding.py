"""Onboarding: status, welcome checks, the eight steps in order, configuration."""

from __future__ import annotations

import asyncio
import importlib.util
import uuid
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from pydantic import SecretStr, TypeAdapter

from domains.accounts.service import bootstrap_owner
from domains.setup import (
    service_config,
    service_intake,
    service_onboarding,
    service_providers,
    service_secrets,
)
from domains.setup.models import (
    CompleteStep,
    StepPayload,
    UpdateConfigParams,
)
from rpc.context import Runtime
from rpc.errors import InvalidTransition, SecretUnavailable, ValidationFailed
from rpc.sealing import KeyRing
from sql.database import Database
from tests.domains.setup.factories import runtime_with, seal_to
from tests.domains.setup.providers import VALID_ANTHROPIC, VALID_GITHUB, provider_server

ACTOR = "owner:" + str(uuid.UUID(int=1))
STEP = TypeAdapter[StepPayload](StepPayload)

pytestmark = pytest.mark.usefixtures("clean")


def step(**payload: Any) -> StepPayload:
    return STEP.validate_python(payload)


async def config_state(db: Database) -> tuple[int, dict[str, Any]]:
    async with db.connection() as conn:
        config = await service_config.get_system_config(conn)
    return config.onboarding_step, config.onboarding_state


async def expect_fail(db: Database, rt: Runtime, payload: StepPayload) -> list[dict[str, str]]:
    """The step fails, names what to fix, and stores nothing."""
    before = await config_state(db)
    with pytest.raises(ValidationFailed) as info:
        await service_onboarding.save_step(db, rt, payload=payload, actor=ACTOR)
    assert await config_state(db) == before
    errors: list[dict[str, str]] = info.value.data()["field_errors"]
    assert errors
    return errors


async def test_fresh_status_routes_to_bootstrap(db: Database) -> None:
    status = await service_config.status(db)
    assert status.owner_exists is False
    assert status.next_action == "bootstrap_owner"
    assert status.current_step == "welcome"
    assert status.onboarding_step == 1
    assert [s.name for s in status.steps] == [
        "welcome",
        "owner_bootstrap",
        "provider_setup",
        "github_setup",
        "environment",
        "issue_bot",
        "import_project",
        "complete",
    ]
    assert not any(s.done for s in status.steps)


async def test_run_checks_pass_in_development(db: Database, runtime: Runtime) -> None:
    report = await service_onboarding.run_checks(db, runtime)
    assert {c.name: c.status for c in report.checks} == {
        "database": "pass",
        "key_ring": "pass",
        "workspace_root": "pass",
    }
    assert report.all_passed


async def test_a_check_is_bounded_and_failures_carry_remediation() -> None:
    async def slow() -> str | None:
        await asyncio.sleep(10)
        return None

    async def broken() -> str | None:
        raise service_onboarding.CheckFailed("the thing is broken")

    timed = await service_onboarding.bounded_check(
        "database", slow, remediation="fix it", timeout_s=0.05
    )
    assert timed.status == "timeout"
    assert timed.remediation == "fix it"
    failed = await service_onboarding.bounded_check(
        "key_ring", broken, remediation="do x", timeout_s=1
    )
    assert failed.status == "fail"
    assert failed.detail == "the thing is broken"


class _BrokenRing(KeyRing):
    """A ring that cannot open what it seals (a key changed under a running server)."""

    def open(
        self, ciphertext: bytes, *, table: str, column: str, row_id: UUID, key_version: int
    ) -> bytes:
        raise SecretUnavailable(reason="the sealed value does not open here")


async def test_a_broken_key_ring_fails_its_check(db: Database, runtime: Runtime) -> None:
    broken = runtime_with(runtime, key_ring=_BrokenRing({1: b"\x01" * 32}))
    report = await service_onboarding.run_checks(db, broken)
    by_name = {c.name: c for c in report.checks}
    assert by_name["key_ring"].status == "fail"
    assert by_name["key_ring"].remediation
    assert "JIDOCODE_SECRET_KEYS" in by_name["key_ring"].remediation
    assert not report.all_passed


async def test_the_eight_steps_in_order(db: Database, runtime: Runtime, tmp_path: Path) -> None:
    async with provider_server() as base:
        rt = runtime_with(
            runtime,
            settings=runtime.settings.model_copy(
                update={"anthropic_base_url": base, "github_api_url": base}
            ),
        )
        # 1. welcome
        saved = await service_onboarding.save_step(
            db, rt, payload=step(step="welcome"), actor=ACTOR
        )
        assert saved.config.onboarding_step == 2
        assert {c["status"] for c in saved.result["checks"]} == {"pass"}
        # Later steps cannot be skipped to.
        with pytest.raises(InvalidTransition):
            await service_onboarding.save_step(
                db,
                rt,
                payload=step(
                    step="environment", deployment_mode="cloud_vm", default_environment="sprite"
                ),
                actor=ACTOR,
            )

        # 2. owner_bootstrap: confirms an owner created through accounts.
        errors = await expect_fail(db, rt, step(step="owner_bootstrap"))
        assert "accounts.bootstrap_owner" in errors[0]["message"]
        owner = await bootstrap_owner(
            db, rt, email="owner@example.com", password="a long passphrase 1"
        )
        saved = await service_onboarding.save_step(
            db, rt, payload=step(step="owner_bootstrap"), actor=ACTOR
        )
        assert saved.result["owner_id"] == str(owner.id)
        assert saved.config.owner_bootstrapped_at is not None
        assert (await service_config.status(db)).next_action == "onboarding"

        # 3. provider_setup needs a verified LLM credential.
        await expect_fail(db, rt, step(step="provider_setup"))
        await service_providers.set_provider_credential(
            db, rt, provider="anthropic", value=VALID_ANTHROPIC, actor=ACTOR
        )
        await expect_fail(db, rt, step(step="provider_setup"))  # stored but unverified
        await service_providers.verify_provider_credential(db, rt, provider="anthropic")
        saved = await service_onboarding.save_step(
            db, rt, payload=step(step="provider_setup"), actor=ACTOR
        )
        assert saved.result["active_providers"] == ["anthropic"]

        # 4. github_setup
        await expect_fail(db, rt, step(step="github_setup"))
        await service_providers.set_provider_credential(
            db, rt, provider="github_pat", value=VALID_GITHUB, actor=ACTOR
        )
        await service_providers.verify_provider_credential(db, rt, provider="github_pat")
        saved = await service_onboarding.save_step(
            db, rt, payload=step(step="github_setup"), actor=ACTOR
        )
        assert saved.config.onboarding_step == 5

    # 5. environment
    fields = await expect_fail(
        db, rt, step(step="environment", deployment_mode="local", default_environment="local")
    )
    assert fields[0]["field"] == "workspace_root"
    await expect_fail(
        db,
        rt,
        step(
            step="environment",
            deployment_mode="local",
            default_environment="local",
            workspace_root="relative/dir",
        ),
    )
    await expect_fail(
        db,
        rt,
        step(
            step="environment",
            deployment_mode="local",
            default_environment="local",
            workspace_root=str(tmp_path / "missing"),
        ),
    )
    saved = await service_onboarding.save_step(
        db,
        rt,
        payload=step(
            step="environment",
            deployment_mode="local",
            default_environment="local",
            workspace_root=str(tmp_path),
        ),
        actor=ACTOR,
    )
    assert saved.config.workspace_root == str(tmp_path)
    assert saved.config.deployment_mode == "local"
    async with db.connection() as conn:
        assert await service_config.workspace_root(conn, rt.settings) == tmp_path

    # 6. issue_bot: the webhook secret, given sealed, and the default policy.
    await expect_fail(db, rt, step(step="issue_bot", default_policy="manual"))
    with pytest.raises(ValidationFailed):
        await service_onboarding.save_step(
            db,
            rt,
            payload=step(
                step="issue_bot",
                default_policy="manual",
                webhook_secret="a-b-c-d-e-f",
                sealed_webhook_secret="xx",
            ),
            actor=ACTOR,
        )
    key = await service_intake.get_sealing_key(db, rt)
    saved = await service_onboarding.save_step(
        db,
        rt,
        payload=step(
            step="issue_bot",
            default_policy="auto_post",
            sealed_webhook_secret=seal_to(key.public_key, "whsec-onboarding-1"),
        ),
        actor=ACTOR,
    )
    assert saved.config.issue_bot_policy == "auto_post"
    assert "whsec-onboarding-1" not in saved.model_dump_json()
    async with db.connection() as conn:
        assert (
            await service_secrets.reveal_secret_by_name(
                conn, rt, scope="integration", name="github_webhook_secret"
            )
            == "whsec-onboarding-1"
        )

    # 7. import_project: no ready project yet (or no Projects domain at all).
    errors = await expect_fail(db, rt, step(step="import_project"))
    if importlib.util.find_spec("domains.projects.service") is None:
        assert "not available" in errors[0]["message"]
    else:
        assert "projects.import" in errors[0]["message"]
    with pytest.raises(InvalidTransition) as early:
        await service_onboarding.complete_onboarding(db, rt, actor=ACTOR)
    assert early.value.data()["from"] == "import_project"

    # Re-saving an earlier step updates it without moving back.
    again = await service_onboarding.save_step(
        db, rt, payload=step(step="issue_bot", default_policy="manual"), actor=ACTOR
    )
    assert again.config.onboarding_step == 7
    assert again.config.issue_bot_policy == "manual"

    # A ready project (as the Projects domain would record it) lets onboarding finish.
    async with db.connection() as conn:
        await conn.execute(
            "UPDATE system_config SET onboarding_state = onboarding_state || "
            '\'{"import_project": {"project_ready": true}}\'::jsonb, onboarding_step = 8'
        )
    done = await service_onboarding.complete_onboarding(db, rt, actor=ACTOR)
    assert done.onboarding_completed is True
    assert done.onboarding_completed_at is not None
    status = await service_config.status(db)
    assert status.next_action == "ready"
    assert all(s.done for s in status.steps)


async def test_update_and_get_config(db: Database, tmp_path: Path) -> None:
    config = await service_config.update_config(
        db, params=UpdateConfigParams(deployment_mode="cloud_vm", default_environment="sprite")
    )
    assert config.deployment_mode == "cloud_vm"
    assert config.workspace_root is None
    with pytest.raises(ValidationFailed):
        await service_config.update_config(db, params=UpdateConfigParams(deployment_mode="local"))
    with pytest.raises(ValidationFailed):
        await service_config.update_config(
            db, params=UpdateConfigParams(workspace_root="not/absolute")
        )
    config = await service_config.update_config(
        db,
        params=UpdateConfigParams(
            deployment_mode="local", workspace_root=str(tmp_path), issue_bot_policy="manual"
        ),
    )
    assert config.default_environment == "sprite"  # untouched
    assert config.issue_bot_policy == "manual"
    assert (await service_config.get_config(db)) == config


async def test_complete_step_and_secret_input_models() -> None:
    assert CompleteStep(step="complete").step == "complete"
    with pytest.raises(ValueError, match="step"):
        step(step="nonsense")
    with pytest.raises(ValueError, match="deployment_mode"):
        step(step="environment", default_environment="local")
    payload = step(step="issue_bot", default_policy="manual", webhook_secret="x-y-z-w")
    assert isinstance(getattr(payload, "webhook_secret", None), SecretStr)
    assert "x-y-z-w" not in repr(payload)
