"""Onboarding: the welcome checks, the eight steps in order, and completion.

The eight steps of DOMAIN.md run in order. ``save_step`` validates a step, and only when
it passes stores its result in ``onboarding_state`` and advances ``onboarding_step``
(re-saving an earlier step updates its result without moving back). A failing step
raises ``ValidationFailed`` naming what to fix, inside the transaction, so nothing is
stored — not even a webhook secret given with the ``issue_bot`` step.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import asyncpg

from domains.setup import repo
from domains.setup.models import (
    GITHUB_PROVIDERS,
    LLM_PROVIDERS,
    STEPS,
    CheckResult,
    ChecksReport,
    CompleteStep,
    EnvironmentStep,
    IssueBotStep,
    SaveStepResult,
    StepName,
    StepPayload,
    SystemConfigView,
)
from domains.setup.service_config import (
    environment_problems,
    find_owner,
    get_system_config,
    lock_config,
    writable_dir_problem,
)
from domains.setup.service_intake import read_secret_input
from domains.setup.service_secrets import store_secret
from rpc.context import Runtime
from rpc.errors import (
    FieldError,
    InvalidTransition,
    SecretUnavailable,
    ValidationFailed,
)
from sql.database import Connection, Database

# The probe Setup asks whether some project's clone is ready (onboarding's import step);
# Projects registers it under this name (Projects uses Setup, so Setup cannot import it).
PROJECT_READY = "projects.any_ready"

CHECK_TIMEOUT_S = 5.0
WEBHOOK_SECRET_SCOPE = "integration"  # noqa: S105 (a scope name, not a secret)
WEBHOOK_SECRET_NAME = "github_webhook_secret"  # noqa: S105 (a name)


# ---- welcome checks -------------------------------------------------------------------


async def bounded_check(
    name: Literal["database", "key_ring", "workspace_root"],
    check: Callable[[], Awaitable[str | None]],
    *,
    remediation: str,
    timeout_s: float,
) -> CheckResult:
    """Run one check under a timeout. ``check`` returns None on success or raises
    ``CheckFailed``; any other failure it expects must be turned into ``CheckFailed``."""
    try:
        async with asyncio.timeout(timeout_s):
            detail = await check()
    except TimeoutError:
        return CheckResult(
            name=name,
            status="timeout",
            detail=f"no answer within {timeout_s:g}s",
            remediation=remediation,
        )
    except CheckFailed as exc:
        return CheckResult(name=name, status="fail", detail=exc.detail, remediation=remediation)
    return CheckResult(name=name, status="pass", detail=detail or "ok")


class CheckFailed(Exception):
    """A welcome check found a problem (``detail`` is safe to show)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


async def run_checks(
    db: Database, runtime: Runtime, *, timeout_s: float = CHECK_TIMEOUT_S
) -> ChecksReport:
    """The welcome step's prerequisite checks, run concurrently, each time-bounded."""

    async def database() -> str | None:
        try:
            async with db.connection() as conn:
                await repo.ping(conn)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            raise CheckFailed(f"the database did not answer ({type(exc).__name__})") from None
        return "the database answers"

    async def key_ring() -> str | None:
        ring = runtime.key_ring
        probe = os.urandom(16)
        row = uuid.uuid4()
        try:
            sealed, version = ring.seal(probe, table="probe", column="probe", row_id=row)
            opened = ring.open(
                sealed, table="probe", column="probe", row_id=row, key_version=version
            )
        except SecretUnavailable:
            raise CheckFailed("the key ring cannot open what it seals") from None
        if opened != probe:
            raise CheckFailed("the key ring cannot open what it seals")
        return f"key ring loaded; newest key version {ring.newest_version}"

    async with db.connection() as conn:
        config = await get_system_config(conn)

    async def workspace() -> str | None:
        root = (
            Path(config.workspace_root)
            if config.workspace_root
            else (runtime.settings.effective_workspace_root)
        )
        problem = await asyncio.to_thread(_workspace_problem, root)
        if problem:
            raise CheckFailed(f"the workspace root {problem}")
        return "the workspace root is writable"

    checks = [
        bounded_check(
            "database",
            database,
            remediation="Check DATABASE_URL and that PostgreSQL is running and reachable.",
            timeout_s=timeout_s,
        ),
        bounded_check(
            "key_ring",
            key_ring,
            remediation=(
                "Set JIDOCODE_SECRET_KEYS ('1:<base64 32-byte key>') or "
                "JIDOCODE_SECRET_KEYS_FILE and restart the server."
            ),
            timeout_s=timeout_s,
        ),
    ]
    if config.deployment_mode in (None, "local"):
        checks.append(
            bounded_check(
                "workspace_root",
                workspace,
                remediation=(
                    "Create the directory and make it writable by the server's user, or "
                    "choose another workspace_root in the environment step."
                ),
                timeout_s=timeout_s,
            )
        )
    results = list(await asyncio.gather(*checks))
    return ChecksReport(checks=results, all_passed=all(r.status == "pass" for r in results))


def _workspace_problem(root: Path) -> str | None:
    """None when ``root`` is writable, or missing but creatable under a writable parent."""
    if root.exists():
        problem = writable_dir_problem(root)
        if problem is None:
            try:
                with tempfile.TemporaryFile(dir=root):
                    pass
            except OSError:
                return "is not writable by the server's user"
        return problem
    parent = root.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if os.access(parent, os.W_OK | os.X_OK):
        return None
    return "does not exist and cannot be created"


# ---- steps ----------------------------------------------------------------------------


async def _evaluate(
    conn: Connection,
    runtime: Runtime,
    payload: StepPayload,
    config: SystemConfigView,
    *,
    actor: str,
    prepared: dict[str, Any],
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Validate one step inside the transaction: (its result, config changes)."""
    step = payload.step
    if step == "welcome":
        report: ChecksReport = prepared["checks"]
        if not report.all_passed:
            raise ValidationFailed(
                field_errors=[
                    FieldError(field=f"checks.{c.name}", message=f"{c.detail}. {c.remediation}")
                    for c in report.checks
                    if c.status != "pass"
                ]
            )
        return {"checks": [c.model_dump(mode="json") for c in report.checks]}, {}
    if step == "owner_bootstrap":
        owner = await find_owner(conn)
        if owner is None:
            raise ValidationFailed.on(
                "owner", "no owner exists yet: create it with accounts.bootstrap_owner"
            )
        return {"owner_id": str(owner.id)}, {"owner_bootstrapped_at": owner.owner_bootstrapped_at}
    if step == "provider_setup":
        active = await repo.active_providers(conn, providers=LLM_PROVIDERS)
        if not active:
            raise ValidationFailed.on(
                "providers",
                "store an LLM provider credential (anthropic, openai or google) with "
                "setup.set_provider_credential and verify it with "
                "setup.verify_provider_credential",
            )
        return {"active_providers": active}, {}
    if step == "github_setup":
        active = await repo.active_providers(conn, providers=GITHUB_PROVIDERS)
        if not active:
            raise ValidationFailed.on(
                "github",
                "store a github_pat or github_app credential and verify it with "
                "setup.verify_provider_credential",
            )
        return {"github_credential": active[0]}, {}
    if step == "environment":
        assert isinstance(payload, EnvironmentStep)
        if prepared["problems"]:
            raise ValidationFailed(field_errors=prepared["problems"])
        changes = {
            "deployment_mode": payload.deployment_mode,
            "default_environment": payload.default_environment,
            "workspace_root": payload.workspace_root,
        }
        return dict(changes), changes
    if step == "issue_bot":
        assert isinstance(payload, IssueBotStep)
        secret: str | None = prepared["webhook_secret"]
        if secret is not None:
            await store_secret(
                conn,
                runtime,
                scope=WEBHOOK_SECRET_SCOPE,
                name=WEBHOOK_SECRET_NAME,
                value=secret,
                source="onboarding",
                actor=actor,
            )
        stored = await repo.get_secret_by_name(
            conn, scope=WEBHOOK_SECRET_SCOPE, name=WEBHOOK_SECRET_NAME
        )
        if stored is None or stored.ref.status != "active":
            raise ValidationFailed.on(
                "webhook_secret",
                "give the GitHub webhook secret (webhook_secret or sealed_webhook_secret)",
            )
        return (
            {"default_policy": payload.default_policy, "webhook_secret_ref_id": str(stored.ref.id)},
            {"issue_bot_policy": payload.default_policy},
        )
    if step == "import_project":
        # Projects uses Setup, so Setup asks through the probe Projects registered.
        project_ready = runtime.probes.get(PROJECT_READY)
        if project_ready is None:
            raise ValidationFailed.on(
                "import_project",
                "the Projects domain is not available in this server, so no project can "
                "be imported",
            )
        if not await project_ready(conn):
            raise ValidationFailed.on(
                "project", "import a project with projects.import and wait until its clone is ready"
            )
        return {"project_ready": True}, {}
    # complete
    missing = [name for name in STEPS[:-1] if name not in config.onboarding_state]
    if missing:
        raise ValidationFailed(
            field_errors=[
                FieldError(field=f"steps.{m}", message="has not passed yet") for m in missing
            ]
        )
    return {}, {"onboarding_completed": True, "onboarding_completed_at": datetime.now(UTC)}


async def save_step(
    db: Database, runtime: Runtime, *, payload: StepPayload, actor: str
) -> SaveStepResult:
    """Validate and store one onboarding step; advance only when it passes."""
    step: StepName = payload.step
    number = STEPS.index(step) + 1
    prepared: dict[str, Any] = {}
    # Slow or blocking work happens before the transaction opens.
    if step == "welcome":
        prepared["checks"] = await run_checks(db, runtime)
    elif isinstance(payload, EnvironmentStep):
        prepared["problems"] = await asyncio.to_thread(
            environment_problems,
            deployment_mode=payload.deployment_mode,
            default_environment=payload.default_environment,
            workspace_root=payload.workspace_root,
        )
    elif isinstance(payload, IssueBotStep):
        given = payload.webhook_secret is not None or payload.sealed_webhook_secret is not None
        prepared["webhook_secret"] = (
            read_secret_input(
                runtime,
                value=payload.webhook_secret,
                sealed_value=payload.sealed_webhook_secret,
                field="webhook_secret",
            )
            if given
            else None
        )
    async with db.transaction() as conn:
        config = await lock_config(conn)
        if number > config.onboarding_step:
            raise InvalidTransition(
                resource="onboarding", from_=STEPS[config.onboarding_step - 1], to=step
            )
        result, changes = await _evaluate(
            conn, runtime, payload, config, actor=actor, prepared=prepared
        )
        state = dict(config.onboarding_state)
        state[step] = {**result, "saved_at": datetime.now(UTC).isoformat()}
        next_step = min(number + 1, len(STEPS)) if number == config.onboarding_step else None
        update: dict[str, Any] = {**changes, "onboarding_state": state}
        if next_step is not None:
            update["onboarding_step"] = next_step
        saved = await repo.save_config(conn, config.model_copy(update=update))
    return SaveStepResult(step=step, result=state[step], config=saved)


async def complete_onboarding(db: Database, runtime: Runtime, *, actor: str) -> SystemConfigView:
    """Finish onboarding once every earlier step has passed."""
    result = await save_step(db, runtime, payload=CompleteStep(step="complete"), actor=actor)
    return result.config
