"""Instance configuration and where setup stands: the singleton config and status.

The onboarding steps and welcome checks that change it live in ``service_onboarding``.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Literal

from domains.accounts import service as accounts
from domains.accounts.models import OwnerView
from domains.setup import repo
from domains.setup.models import (
    STEPS,
    SetupStatus,
    StepInfo,
    SystemConfigView,
    UpdateConfigParams,
)
from rpc.errors import FieldError, ValidationFailed
from rpc.settings import Settings
from sql.database import Connection, Database

# ---- configuration --------------------------------------------------------------------


async def get_system_config(conn: Connection) -> SystemConfigView:
    """The singleton configuration, created on first use."""
    config = await repo.get_config(conn)
    if config is None:
        await repo.ensure_config(conn)
        config = await repo.get_config(conn)
    assert config is not None
    return config


async def lock_config(conn: Connection) -> SystemConfigView:
    """The singleton configuration, created if missing and locked for this transaction."""
    await repo.ensure_config(conn)
    config = await repo.lock_config(conn)
    assert config is not None
    return config


async def workspace_root(conn: Connection, settings: Settings) -> Path:
    """Where projects are cloned: onboarding's choice, else the settings' default."""
    config = await get_system_config(conn)
    if config.workspace_root:
        return Path(config.workspace_root)
    return settings.effective_workspace_root


async def get_config(db: Database) -> SystemConfigView:
    """The configuration for ``setup.get_config``."""
    async with db.connection() as conn:
        return await get_system_config(conn)


def writable_dir_problem(path: Path) -> str | None:
    """Why ``path`` is not an existing, writable directory (None when it is)."""
    if not path.exists():
        return "does not exist; create it first"
    if not path.is_dir():
        return "is not a directory"
    if not os.access(path, os.W_OK | os.X_OK):
        return "is not writable by the server's user"
    return None


def environment_problems(
    *, deployment_mode: str | None, default_environment: str | None, workspace_root: str | None
) -> list[FieldError]:
    """What is wrong with an environment choice (blocking file checks; run in a thread)."""
    problems: list[FieldError] = []
    if workspace_root is not None:
        # Every import clones under the root, whatever the deployment mode or the default
        # environment, so a root that is set must be usable now, not when a job needs it.
        path = Path(workspace_root)
        if not path.is_absolute():
            problems.append(FieldError(field="workspace_root", message="must be an absolute path"))
        else:
            problem = writable_dir_problem(path)
            if problem:
                problems.append(FieldError(field="workspace_root", message=problem))
    elif deployment_mode == "local":
        problems.append(
            FieldError(field="workspace_root", message="is required when deployment_mode is local")
        )
    return problems


async def update_config(db: Database, *, params: UpdateConfigParams) -> SystemConfigView:
    """Change the given configuration fields; the configuration they result in (the
    stored one with the changes merged) is validated like the environment step, so a
    field left alone is checked against the fields that change."""
    async with db.transaction() as conn:
        config = await lock_config(conn)
        changes = params.model_dump(exclude_none=True)
        merged = config.model_copy(update=changes)
        problems = await asyncio.to_thread(
            environment_problems,
            deployment_mode=merged.deployment_mode,
            default_environment=merged.default_environment,
            workspace_root=merged.workspace_root,
        )
        if problems:
            raise ValidationFailed(field_errors=problems)
        return await repo.save_config(conn, merged)


async def record_inventory_version(db: Database, version: int) -> SystemConfigView:
    """Make ``rpc_inventory_version`` follow the running server (called at start-up)."""
    async with db.transaction() as conn:
        config = await lock_config(conn)
        if config.rpc_inventory_version == version:
            return config
        return await repo.save_config(
            conn, config.model_copy(update={"rpc_inventory_version": version})
        )


# ---- status ---------------------------------------------------------------------------


async def find_owner(conn: Connection) -> OwnerView | None:
    """The owner account, if one exists."""
    return await accounts.get_owner(conn)


def _steps(config: SystemConfigView) -> list[StepInfo]:
    return [
        StepInfo(
            number=i,
            name=name,
            done=config.onboarding_completed or name in config.onboarding_state,
        )
        for i, name in enumerate(STEPS, start=1)
    ]


async def status(db: Database) -> SetupStatus:
    """What a fresh frontend needs to route: no owner, onboarding, or ready."""
    async with db.connection() as conn:
        config = await get_system_config(conn)
        owner = await find_owner(conn)
    if owner is None:
        next_action: Literal["bootstrap_owner", "onboarding", "ready"] = "bootstrap_owner"
    elif not config.onboarding_completed:
        next_action = "onboarding"
    else:
        next_action = "ready"
    return SetupStatus(
        onboarding_completed=config.onboarding_completed,
        onboarding_step=config.onboarding_step,
        current_step=STEPS[config.onboarding_step - 1],
        steps=_steps(config),
        owner_exists=owner is not None,
        next_action=next_action,
    )
