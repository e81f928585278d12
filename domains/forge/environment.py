"""Where a session's execs run, and the environment variables they get.

An exec's environment is built, never inherited: the allowlisted names below taken from
the server's own environment (so ``DATABASE_URL``, the key ring and every
``JIDOCODE_*`` setting stay out), then the session's extra variables, then the
project's secret bindings marked ``inject_to_workspace`` (opened for this exec only), the
agent's provider credential when the runner is a coding agent, and a marker naming the
exec, by which a worker taking over after a crash recognises a leftover process group.

Environments share one contract (``Environment``): ``local`` runs in the workspace on
this machine; ``sprite`` would run in a Sprites sandbox and is refused, with what to
configure, until a Sprites credential is set.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from domains.forge.errors import EnvironmentUnavailable, WorkspaceNotReady
from domains.forge.models import EnvironmentName
from domains.setup.service import provider_secret
from rpc.context import Runtime
from rpc.errors import ValidationFailed
from sql.database import Connection

# The only names an exec inherits from the server's environment.
ALLOWLIST = (
    "PATH",
    "HOME",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_CTYPE",
    "LC_MESSAGES",
    "TZ",
    "TERM",
    "USER",
    "LOGNAME",
    "SHELL",
    "TMPDIR",
)
DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin"
EXEC_MARKER = "JIDOCODE_FORGE_EXEC_ID"

_NAME = re.compile(r"[A-Z_][A-Z0-9_]{0,127}")
# A session's extra variables may not replace what the exec relies on, nor pose as the
# workbench's own settings or credentials.
_RESERVED = frozenset({"PATH", "HOME", "SHELL", "USER", "PWD"})
_RESERVED_PREFIXES = ("JIDOCODE_", "GIT_", "SSH_", "DATABASE_", "PG")


def base_env(server_env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The allowlisted part of the server's environment (``PATH`` always set)."""
    source = os.environ if server_env is None else server_env
    env = {name: source[name] for name in ALLOWLIST if name in source}
    env.setdefault("PATH", DEFAULT_PATH)
    return env


def check_extra_env(env: Mapping[str, str]) -> None:
    """Refuse a session variable with a bad or reserved name."""
    for name in env:
        if not _NAME.fullmatch(name):
            raise ValidationFailed.on(
                "spec.env", f"{name!r} is not a variable name ([A-Z_][A-Z0-9_]*)"
            )
        if name in _RESERVED or name.startswith(_RESERVED_PREFIXES):
            raise ValidationFailed.on("spec.env", f"{name} is reserved; choose another name")


class Environment(Protocol):
    """What every environment promises: checked before a session is accepted."""

    name: EnvironmentName

    async def provision(self, conn: Connection, runtime: Runtime, workspace: Path) -> None:
        """Make the environment ready for ``workspace``; raises a typed error if it cannot."""
        ...


class LocalEnvironment:
    """Commands run on this machine, in the workspace directory."""

    name: EnvironmentName = "local"

    async def provision(self, conn: Connection, runtime: Runtime, workspace: Path) -> None:
        """The workspace must be an existing directory (a clone: it holds ``.git``)."""
        if not await asyncio.to_thread(workspace.is_dir):
            raise WorkspaceNotReady(
                reason="the workspace directory does not exist; sync the project"
            )
        if not await asyncio.to_thread((workspace / ".git").exists):
            raise WorkspaceNotReady(reason="the workspace is not a git clone; sync the project")


class SpriteEnvironment:
    """Commands would run in a Sprites sandbox: needs the ``sprites`` credential."""

    name: EnvironmentName = "sprite"

    async def provision(self, conn: Connection, runtime: Runtime, workspace: Path) -> None:
        """Refused with what to configure; this server has no Sprites client yet, so
        even with a credential the session is refused rather than faked."""
        if await provider_secret(conn, runtime, provider="sprites") is None:
            raise EnvironmentUnavailable(
                reason=(
                    "the sprite environment needs a Sprites credential: set one with "
                    "setup.set_provider_credential (provider 'sprites'), or use environment "
                    "'local'"
                )
            )
        raise EnvironmentUnavailable(
            reason="this server cannot reach Sprites sandboxes yet; use environment 'local'"
        )


ENVIRONMENTS: dict[str, Environment] = {
    "local": LocalEnvironment(),
    "sprite": SpriteEnvironment(),
}
