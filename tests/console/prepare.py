"""What a story that is not about onboarding needs done first, done over the API as the
owner: credentials stored and verified against the fakes, ``acme/app`` imported and
cloned, and workflow definitions of the story's own."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.console.stack import REPO, Stack
from tests.fakes.llm_server import VALID_ANTHROPIC

# Implements (the fake agent writes AGENT_NOTES.md), checks, asks; a rejection sends the
# run back to `implement`.
REVISE: dict[str, Any] = {
    "name": "revise_notes",
    "description": "Write the notes, check them, ask; a rejection sends it back to implement.",
    "steps": [
        {"name": "implement", "kind": "agent"},
        {"name": "check", "kind": "shell", "options": {"command": "cat AGENT_NOTES.md"}},
        {"name": "approval", "kind": "approval"},
        # A step after the approval: approving a run whose last step is its approval
        # runs that approval again (engine behaviour seen while writing these stories).
        {"name": "finish", "kind": "shell", "options": {"command": "echo approved"}},
    ],
    "approval_policy": {"on_reject": {"action": "retry_step", "step": "implement"}},
}

# How many lines the counting step prints (one after another: the stream to drop), before
# the run parks at its approval.
COUNT_LINES = 40


def counting(name: str = "count_slowly", lines: int = COUNT_LINES, pause_s: float = 0.1) -> Any:
    """A definition whose step prints ``line-1`` … ``line-<lines>`` with pauses between."""
    script = f"for i in $(seq 1 {lines}); do echo line-$i; sleep {pause_s}; done"
    return {
        "name": name,
        "description": "Counts slowly, then asks.",
        "steps": [
            {"name": "count", "kind": "shell", "options": {"command": script}},
            {"name": "approval", "kind": "approval"},
            {"name": "finish", "kind": "shell", "options": {"command": "echo approved"}},
        ],
        "approval_policy": {"on_reject": {"action": "cancel"}},
    }


async def credentials(stack: Stack) -> None:
    """The Anthropic key and the GitHub PAT, stored and verified ``active``."""
    for provider, value in (("anthropic", VALID_ANTHROPIC), ("github_pat", stack.pat)):
        await stack.rpc("setup.set_provider_credential", {"provider": provider, "value": value})
        verified = await stack.rpc("setup.verify_provider_credential", {"provider": provider})
        assert verified["status"] == "active", verified


async def project(stack: Stack, *, test_command: str = "test -f AGENT_NOTES.md") -> str:
    """``acme/app`` imported and cloned (``ready``), with ``test_command``; its id."""
    created = await stack.rpc("projects.import", {"github_full_name": REPO})
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 120
    while True:
        found = await stack.rpc("projects.get", {"project_id": created["id"]})
        if found["clone_status"] == "ready":
            break
        assert found["clone_status"] != "error", found
        assert loop.time() < deadline, found
        await asyncio.sleep(0.1)
    settings = {"test_command": test_command}
    await stack.rpc("projects.update", {"project_id": created["id"], "settings": settings})
    return str(created["id"])


async def ready(stack: Stack) -> str:
    """Owner, credentials and a ready project (onboarding left as it is); the project id."""
    await stack.bootstrap_owner()
    await credentials(stack)
    return await project(stack)


async def define(stack: Stack, definition: dict[str, Any]) -> None:
    """A custom workflow definition (manual trigger)."""
    await stack.rpc("orchestration.create_definition", definition)
