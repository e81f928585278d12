"""The clone job with real git on local bare repositories (file:// standing in for GitHub)."""

# The assertions read a few small workspace files; blocking the loop for that is fine here.
# ruff: noqa: ASYNC240

from __future__ import annotations

import asyncio
import os
import subprocess
import uuid
from pathlib import Path

import orjson
import pytest

from domains.projects import service, service_clone, workspace
from domains.projects.errors import CloneInProgress
from domains.projects.models import ProjectDetail
from domains.setup.service_providers import set_provider_credential
from rpc.context import JobContext, Runtime
from tests.domains.projects.conftest import clone_workers, git, make_bare_repo
from tests.fakes.github_server import FakeGitHub, make_app_key

pytestmark = pytest.mark.committing

OWNER = "owner:00000000-0000-0000-0000-000000000001"
PAT = "ghp_" + "Q7wX" * 9


def files_under(root: Path) -> list[Path]:
    return [Path(d) / f for d, _, names in os.walk(root) for f in names]


def assert_token_nowhere(root: Path, token: str) -> None:
    """No file under ``root`` (``.git`` included) holds the token."""
    checked = files_under(root)
    assert checked, "nothing was cloned"
    for path in checked:
        assert token.encode() not in path.read_bytes(), f"token found in {path.name}"


async def import_and_clone(rt: Runtime, full_name: str) -> ProjectDetail:
    project = await service.import_project(rt, github_full_name=full_name, actor=OWNER)
    assert project.clone_status == "pending"
    assert await clone_workers(rt).drain() == 1
    return await service.get_project_detail(rt.db, project_id=project.id)


async def test_import_reaches_ready_with_the_files_in_the_workspace(
    project_runtime: Runtime, remotes: Path, clean: None
) -> None:
    make_bare_repo(remotes, "acme/app", {"README.md": "# app\n", "src/main.py": "print(1)\n"})
    await set_provider_credential(
        project_runtime.db, project_runtime, provider="github_pat", value=PAT, actor=OWNER
    )
    project = await import_and_clone(project_runtime, "acme/app")

    assert project.clone_status == "ready"
    assert project.clone_error is None
    assert project.default_branch == "main"
    assert project.last_synced_at is not None
    root = project_runtime.settings.effective_workspace_root
    assert Path(project.workspace_path) == root / "acme" / "app"
    assert (root / "acme" / "app" / "README.md").read_text() == "# app\n"
    assert (root / "acme" / "app" / "src" / "main.py").exists()
    assert [(e.from_status, e.to_status) for e in project.clone_history] == [
        (None, "pending"),
        ("pending", "cloning"),
        ("cloning", "ready"),
    ]
    assert project.clone_history[0].actor == OWNER
    assert project.clone_history[-1].reason == "cloned"
    # The credential never reached a file in the workspace, .git/config included.
    assert_token_nowhere(root, PAT)
    config = (root / "acme" / "app" / ".git" / "config").read_text()
    assert "@" not in config.split("url = ", 1)[1].splitlines()[0]
    # Nothing is left beside the workspace from the staging clone.
    assert sorted(p.name for p in (root / "acme").iterdir()) == ["app"]

    status = await service_clone.workspace_status(project_runtime, project_id=project.id)
    assert status.branch == "main"
    assert status.head_commit == git("rev-parse", "HEAD", cwd=remotes / "acme" / "app.git")
    assert status.clean is True
    assert status.changed_files == []

    (root / "acme" / "app" / "README.md").write_text("changed\n")
    (root / "acme" / "app" / "new.txt").write_text("new\n")
    status = await service_clone.workspace_status(project_runtime, project_id=project.id)
    assert status.clean is False
    assert {(c.status, c.path) for c in status.changed_files} == {
        (" M", "README.md"),
        ("??", "new.txt"),
    }


async def test_a_bad_url_reaches_error_with_a_reason_without_credential_or_path(
    project_runtime: Runtime, remotes: Path, clean: None
) -> None:
    await set_provider_credential(
        project_runtime.db, project_runtime, provider="github_pat", value=PAT, actor=OWNER
    )
    project = await import_and_clone(project_runtime, "acme/missing")

    assert project.clone_status == "error"
    assert project.clone_error
    assert "git clone failed" in project.clone_error
    assert PAT not in project.clone_error
    assert str(remotes) not in project.clone_error
    assert str(project_runtime.settings.effective_workspace_root) not in project.clone_error
    assert [(e.from_status, e.to_status) for e in project.clone_history][-1] == (
        "cloning",
        "error",
    )
    assert PAT not in project.clone_history[-1].reason
    # The failed clone left nothing behind.
    acme = project_runtime.settings.effective_workspace_root / "acme"
    assert not acme.exists() or list(acme.iterdir()) == []


async def test_sync_fetches_new_commits_through_cloning_again(
    project_runtime: Runtime, remotes: Path, clean: None
) -> None:
    work = make_bare_repo(remotes, "acme/app", {"README.md": "v1\n"})
    project = await import_and_clone(project_runtime, "acme/app")
    assert project.clone_status == "ready"

    (work / "README.md").write_text("v2\n")
    git("commit", "-q", "-am", "second", cwd=work)
    git("push", "-q", "origin", "main", cwd=work)

    synced = await service.sync_project(project_runtime.db, project_id=project.id, actor=OWNER)
    assert synced.clone_status == "cloning"
    with pytest.raises(CloneInProgress) as refused:
        await service.sync_project(project_runtime.db, project_id=project.id, actor=OWNER)
    assert refused.value.data()["from"] == "cloning"

    assert await clone_workers(project_runtime).drain() == 1
    after = await service.get_project_detail(project_runtime.db, project_id=project.id)
    assert after.clone_status == "ready"
    assert Path(after.workspace_path, "README.md").read_text() == "v2\n"
    assert [(e.from_status, e.to_status) for e in after.clone_history][-2:] == [
        ("ready", "cloning"),
        ("cloning", "ready"),
    ]
    assert after.clone_history[-1].reason == "fetched and fast-forwarded"
    assert after.last_synced_at is not None
    assert project.last_synced_at is not None
    assert after.last_synced_at > project.last_synced_at


async def test_sync_after_an_error_clones_once_the_repository_exists(
    project_runtime: Runtime, remotes: Path, clean: None
) -> None:
    failed = await import_and_clone(project_runtime, "acme/later")
    assert failed.clone_status == "error"
    make_bare_repo(remotes, "acme/later", {"a.txt": "a\n"})
    await service.sync_project(project_runtime.db, project_id=failed.id, actor=OWNER)
    await clone_workers(project_runtime).drain()
    after = await service.get_project_detail(project_runtime.db, project_id=failed.id)
    assert after.clone_status == "ready"
    assert after.clone_error is None
    assert Path(after.workspace_path, "a.txt").exists()


async def test_sync_keeps_local_changes_and_says_so(
    project_runtime: Runtime, remotes: Path, clean: None
) -> None:
    make_bare_repo(remotes, "acme/app", {"README.md": "v1\n"})
    project = await import_and_clone(project_runtime, "acme/app")
    Path(project.workspace_path, "README.md").write_text("mine\n")
    await service.sync_project(project_runtime.db, project_id=project.id, actor=OWNER)
    await clone_workers(project_runtime).drain()
    after = await service.get_project_detail(project_runtime.db, project_id=project.id)
    assert after.clone_status == "ready"
    assert "local changes kept" in after.clone_history[-1].reason
    assert Path(project.workspace_path, "README.md").read_text() == "mine\n"


async def test_a_stale_clone_job_does_nothing(
    project_runtime: Runtime, remotes: Path, clean: None
) -> None:
    make_bare_repo(remotes, "acme/app", {"README.md": "v1\n"})
    project = await import_and_clone(project_runtime, "acme/app")
    from rpc.jobs import enqueue

    async with project_runtime.db.transaction() as conn:
        await enqueue(conn, service_clone.JOB_KIND, {"project_id": str(project.id)})
    assert await clone_workers(project_runtime).drain() == 1
    after = await service.get_project_detail(project_runtime.db, project_id=project.id)
    assert len(after.clone_history) == len(project.clone_history)


async def test_two_concurrent_imports_yield_one_project_and_one_clone_job(
    project_runtime: Runtime, clean: None
) -> None:
    results = await asyncio.gather(
        *(
            service.import_project(project_runtime, github_full_name=name, actor=OWNER)
            for name in ("acme/app", "ACME/App", "acme/app", "Acme/APP")
        )
    )
    assert len({p.id for p in results}) == 1
    async with project_runtime.db.connection() as conn:
        projects = await conn.fetchval("SELECT count(*) FROM projects")
        jobs = await conn.fetchval(
            "SELECT count(*) FROM jobs WHERE kind = $1", service_clone.JOB_KIND
        )
    assert (projects, jobs) == (1, 1)


async def test_an_app_installation_token_reaches_git_only_through_the_environment(
    project_runtime: Runtime, remotes: Path, gh: FakeGitHub, clean: None
) -> None:
    private, public = make_app_key()
    gh.add_app(77, public, 9, ["acme/app"])
    app_json = orjson.dumps({"app_id": 77, "installation_id": 9, "private_key": private}).decode()
    await set_provider_credential(
        project_runtime.db, project_runtime, provider="github_app", value=app_json, actor=OWNER
    )
    make_bare_repo(remotes, "acme/app", {"README.md": "x\n"})
    project = await import_and_clone(project_runtime, "acme/app")
    assert project.clone_status == "ready"
    assert len(gh.minted) == 1
    assert_token_nowhere(project_runtime.settings.effective_workspace_root, gh.minted[0].token)


def test_the_askpass_helper_answers_from_the_environment_and_holds_no_secret(
    project_runtime: Runtime,
) -> None:
    ctx = workspace.git_context(project_runtime.settings, token=PAT)
    script = ctx.askpass.read_text()
    assert PAT not in script
    root = project_runtime.settings.effective_workspace_root
    assert not ctx.askpass.resolve().is_relative_to(root.resolve())
    env = workspace._environment(ctx)
    assert env["GIT_ASKPASS"] == str(ctx.askpass)

    def ask(prompt: str) -> str:
        done = subprocess.run(
            [str(ctx.askpass), prompt], env=env, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    assert ask("Username for 'https://github.com': ") == "x-access-token"
    assert ask("Password for 'https://x-access-token@github.com': ") == PAT
    # Without a token, git gets no askpass helper and no token variable at all.
    bare_env = workspace._environment(workspace.git_context(project_runtime.settings, token=None))
    assert "GIT_ASKPASS" not in bare_env
    assert workspace.TOKEN_ENV not in bare_env


@pytest.mark.parametrize(
    ("api_url", "clone_base"),
    [
        ("https://api.github.com", "https://github.com"),
        ("https://ghe.example.com/api/v3", "https://ghe.example.com"),
        ("https://ghe.example.com/api/v3/", "https://ghe.example.com"),
    ],
)
def test_the_clone_base_is_derived_from_the_api_url(
    project_runtime: Runtime, api_url: str, clone_base: str
) -> None:
    settings = project_runtime.settings.model_copy(
        update={"github_api_url": api_url, "git_clone_base_url": None}
    )
    assert workspace.clone_base_url(settings) == clone_base
    assert workspace.remote_url(settings, "acme/app") == f"{clone_base}/acme/app.git"


def test_git_errors_are_masked() -> None:
    ctx = workspace.GitContext(
        git_binary="git",
        askpass=Path("/nowhere"),
        token=PAT,
        masks=(("file:///srv/remotes", "<remote>"), ("/srv/remotes", "<remote>")),
    )
    text = (
        "Cloning into '/var/ws/acme/.app.clone-1'...\n"
        f"fatal: could not read from https://x:{PAT}@github.com/acme/app.git\n"
        "fatal: '/srv/remotes/acme/app.git' does not appear to be a git repository\n"
    )
    described = ctx.describe(text)
    assert PAT not in described
    assert "/srv" not in described
    assert "/var" not in described
    assert "'<remote>/acme/app.git' does not appear" in described


async def test_an_unexpected_failure_on_the_final_attempt_leaves_error_not_cloning(
    project_runtime: Runtime, remotes: Path, clean: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_bare_repo(remotes, "acme/app", {"README.md": "# app\n"})
    project = await service.import_project(
        project_runtime, github_full_name="acme/app", actor=OWNER
    )

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("an unexpected failure, not a git one")

    monkeypatch.setattr(workspace, "clone_or_fetch", broken)
    payload = {"project_id": str(project.id)}

    # An attempt that will be retried leaves the project cloning, for the retry.
    with pytest.raises(RuntimeError):
        await service_clone.run_clone_job(
            JobContext(project_runtime, uuid.uuid4(), attempt=1, max_attempts=2), payload
        )
    detail = await service.get_project_detail(project_runtime.db, project_id=project.id)
    assert detail.clone_status == "cloning"

    # The last attempt records the failure before the job goes dead.
    with pytest.raises(RuntimeError):
        await service_clone.run_clone_job(
            JobContext(project_runtime, uuid.uuid4(), attempt=2, max_attempts=2), payload
        )
    detail = await service.get_project_detail(project_runtime.db, project_id=project.id)
    assert detail.clone_status == "error"
    assert detail.clone_error == "the clone job failed unexpectedly; see the server log"
    assert "an unexpected failure" not in (detail.clone_history[-1].reason or "")
