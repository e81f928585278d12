"""Factories for the pull request tests: ``pull_request`` payloads shaped like GitHub's,
pull request records, the review bot's config, and a diff."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domains.agents.models import ApprovalPolicy
from domains.agents.service import upsert_config
from domains.orchestration.models import PullRequestView
from domains.orchestration.service import get_pull_request, record_pull_request
from tests.domains.github.factories import REPO, Bot

SHA_1 = "1" * 40
SHA_2 = "2" * 40
DIFF = """diff --git a/src/app.py b/src/app.py
index 3b18e51..a1b2c3d 100644
--- a/src/app.py
+++ b/src/app.py
@@ -1,2 +1,3 @@
 def main():
-    print('hi')
+    print('hello')
+    return 0
diff --git a/tests/test_app.py b/tests/test_app.py
new file mode 100644
--- /dev/null
+++ b/tests/test_app.py
@@ -0,0 +1,2 @@
+def test_main():
+    assert main() == 0
"""


def pull_object(
    number: int,
    *,
    state: str = "open",
    merged: bool = False,
    head_sha: str = SHA_1,
    updated_at: str = "2024-05-01T10:00:00Z",
    merged_at: str | None = None,
    closed_at: str | None = None,
    draft: bool = False,
    title: str = "Make main say hello",
    full_name: str = REPO,
) -> dict[str, Any]:
    """A pull request object as GitHub's API and webhooks carry it."""
    return {
        "number": number,
        "state": state,
        "merged": merged,
        "merged_at": merged_at or ("2024-05-01T10:00:00Z" if merged else None),
        "closed_at": closed_at or ("2024-05-01T10:00:00Z" if state == "closed" else None),
        "updated_at": updated_at,
        "draft": draft,
        "title": title,
        "body": "Says hello instead of hi, with a test.",
        "html_url": f"https://github.example/{full_name}/pull/{number}",
        "user": {"login": "octocat", "type": "User"},
        "head": {"ref": "feature/hello", "sha": head_sha},
        "base": {"ref": "main", "sha": "0" * 40},
    }


def pull_payload(action: str, number: int, **pull: Any) -> dict[str, Any]:
    """A ``pull_request`` delivery's payload."""
    owner, _, name = REPO.partition("/")
    return {
        "action": action,
        "number": number,
        "pull_request": pull_object(number, **pull),
        "repository": {"full_name": REPO, "name": name, "owner": {"login": owner}},
        "sender": {"login": "octocat", "type": "User"},
    }


async def record_pull(bot: Bot, number: int) -> PullRequestView:
    """A record of pull request ``number`` of the bot's project (as a run would open it)."""
    async with bot.runtime.db.transaction() as conn:
        return await record_pull_request(
            conn,
            bot.runtime,
            project_id=bot.project.id,
            run_id=None,
            number=number,
            url=f"https://github.example/{REPO}/pull/{number}",
            branch=f"jidocode/implement_task/{number:08d}",
            title=f"feat: change {number}",
        )


async def reread(bot: Bot, pull_request_id: UUID) -> PullRequestView:
    """The record as it is now."""
    return await get_pull_request(bot.runtime.db, pull_request_id=pull_request_id)


async def deliveries(bot: Bot) -> dict[str, tuple[str, str | None]]:
    """Each ``pull_request`` delivery's (status, reason), by GitHub delivery id."""
    items = (await bot.rpc("github.list_deliveries", {"event": "pull_request"}))["items"]
    return {d["delivery_id"]: (d["status"], d["reason"]) for d in items}


async def review_bot(bot: Bot, **fields: Any) -> None:
    """The project's pr_review_bot, enabled (manual approval) unless told otherwise."""
    settings: dict[str, Any] = {"enabled": True, "approval_policy": ApprovalPolicy(mode="manual")}
    settings.update(fields)
    await upsert_config(
        bot.runtime.db, project_id=bot.project.id, agent_type="pr_review_bot", **settings
    )


def serve_pull(bot: Bot, number: int, diff: str = DIFF, **pull: Any) -> dict[str, Any]:
    """Put the pull request and its diff on the fake GitHub."""
    obj = pull_object(number, **pull)
    bot.gh.add_pull(REPO, number, **{k: v for k, v in obj.items() if k != "number"})
    bot.gh.reviews.set_diff(REPO, number, diff)
    return obj
