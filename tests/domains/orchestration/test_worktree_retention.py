"""Retention of run worktrees with real git on a local clone: the worktrees of runs that
ended long ago go (their branches stay), everything else stays, each host removes only
its own, a worktree a retry shares goes only when every run using it is old, and a
removal git refuses is released for a later try."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from domains.orchestration import repo_steps, service
from domains.orchestration.models import RunView
from domains.orchestration.service_worktrees import (
    PRUNE_WORKTREES_JOB,
    RUN_WORKTREES,
    prune_worktrees_job,
    remove_old_worktrees,
)
from domains.projects import service as projects
from rpc.context import Runtime
from rpc.jobs import Workers
from rpc.retention import PruneReport, PruneWindow, run_pruners
from tests.domains.orchestration.factories import ACTOR, run_in
from tests.domains.projects.conftest import clone_workers, git, make_bare_repo

pytestmark = pytest.mark.committing

HERE = "host-here"
THERE = "host-there"
OLD = timedelta(days=8)  # past the default retention of 7 days
RECENT = timedelta(days=6)


@dataclass
class Repo:
    """A runtime on host ``HERE`` whose project ``acme/app`` is cloned and ready."""

    rt: Runtime
    project_id: UUID
    checkout: Path


@pytest.fixture
async def repo(runtime: Runtime, tmp_path: Path, gh: Any, clean: None) -> Repo:
    remotes = tmp_path / "remotes"
    remotes.mkdir()
    settings = runtime.settings.model_copy(
        update={
            "git_clone_base_url": f"file://{remotes}",
            "workspace_root": tmp_path / "workspaces",
            "github_api_url": gh.base_url,
            "host_id": HERE,
        }
    )
    rt = replace(runtime, settings=settings)
    make_bare_repo(remotes, "acme/app", {"README.md": "# app\n"})
    created = await projects.import_project(rt, github_full_name="acme/app", actor=ACTOR)
    assert await clone_workers(rt).drain() == 1
    project = await projects.get_project_detail(rt.db, project_id=created.id)
    assert project.clone_status == "ready"
    return Repo(rt=rt, project_id=project.id, checkout=Path(project.workspace_path))


async def run_with_worktree(
    repo: Repo, status: str, *, ended: timedelta | None = None, host: str = HERE
) -> tuple[RunView, Path]:
    """A run in ``status`` with a real worktree recorded on ``host``, ended ``ended`` ago."""
    async with repo.rt.db.transaction() as conn:
        run = await run_in(conn, repo.rt, status, project_id=repo.project_id)
    made = await projects.create_run_worktree(
        repo.rt, project_id=repo.project_id, run_id=run.id, workflow=run.workflow_name
    )
    async with repo.rt.db.transaction() as conn:
        await repo_steps.insert_worktree(
            conn,
            run_id=run.id,
            path=made.path,
            branch=made.branch,
            base_commit=made.base_commit,
            host=host,
        )
    if ended is not None:
        await end_ago(repo, run.id, ended)
    return run, Path(made.path)


async def end_ago(repo: Repo, run_id: UUID, ago: timedelta) -> None:
    """Test set-up: the (terminal) run ended ``ago``."""
    async with repo.rt.db.connection() as conn:
        await conn.execute(
            "UPDATE workflow_runs SET completed_at = now() - $2::interval WHERE id = $1",
            run_id,
            ago,
        )


async def prune(repo: Repo, *, dry_run: bool = False) -> PruneReport:
    return await run_pruners(
        repo.rt.db,
        repo.rt.settings,
        [RUN_WORKTREES],
        PruneWindow(now=datetime.now(UTC), dry_run=dry_run),
    )


async def prune_jobs(repo: Repo) -> list[tuple[str | None, str]]:
    """The unfinished prune jobs: ``(affinity, dedupe_key)``."""
    async with repo.rt.db.connection() as conn:
        rows = await conn.fetch(
            "SELECT affinity, dedupe_key FROM jobs WHERE kind = $1 "
            "AND status IN ('queued', 'running') ORDER BY affinity",
            PRUNE_WORKTREES_JOB,
        )
    return [(r["affinity"], r["dedupe_key"]) for r in rows]


def workers_here(repo: Repo) -> Workers:
    return Workers(repo.rt, {PRUNE_WORKTREES_JOB: prune_worktrees_job}, host_id=HERE)


async def removed_at(repo: Repo, run_id: UUID) -> datetime | None:
    async with repo.rt.db.connection() as conn:
        worktree = await repo_steps.get_worktree(conn, run_id=run_id)
    assert worktree is not None
    return worktree.removed_at


def listed(checkout: Path) -> set[Path]:
    """The worktrees git knows of in the clone (resolved paths)."""
    text = git("worktree", "list", "--porcelain", cwd=checkout)
    return {
        Path(line.split(" ", 1)[1]).resolve()
        for line in text.splitlines()
        if line.startswith("worktree ")
    }


async def test_worktrees_of_runs_that_ended_long_ago_go_and_their_branches_stay(
    repo: Repo,
) -> None:
    gone = [
        await run_with_worktree(repo, "completed", ended=OLD),
        await run_with_worktree(repo, "failed", ended=OLD),
        await run_with_worktree(repo, "cancelled", ended=OLD),
    ]
    kept = [
        await run_with_worktree(repo, "failed", ended=RECENT),
        await run_with_worktree(repo, "running"),
        await run_with_worktree(repo, "awaiting_approval"),
    ]
    elsewhere = await run_with_worktree(repo, "completed", ended=OLD, host=THERE)
    # A host never seen (or silent past a lease) is gone: its job may run here, but must
    # not remove what lives only there.
    everything = [*gone, *kept, elsewhere]

    dry = await prune(repo, dry_run=True)
    assert (dry.dry_run, dry.counts) == (True, {"run_worktrees": 4})
    assert await prune_jobs(repo) == []
    assert all(path.is_dir() for _, path in everything)

    report = await prune(repo)
    assert report.counts == {"run_worktrees": 4}
    assert await prune_jobs(repo) == [(HERE, HERE), (THERE, THERE)]
    assert (await prune(repo)).counts == {"run_worktrees": 4}, "not removed until the jobs run"
    assert await prune_jobs(repo) == [(HERE, HERE), (THERE, THERE)], "one job per host"
    assert await workers_here(repo).drain() == 2

    registered = listed(repo.checkout)
    for run, path in gone:
        assert not path.exists()
        assert path.resolve() not in registered
        assert await removed_at(repo, run.id) is not None
        branch = f"jidocode/{run.workflow_name}/{run.id.hex[:8]}"
        assert git("branch", "--list", branch, cwd=repo.checkout), "the branch is kept"
    for run, path in [*kept, elsewhere]:
        assert path.is_dir()
        assert path.resolve() in registered
        assert await removed_at(repo, run.id) is None
    assert (await prune(repo, dry_run=True)).counts == {"run_worktrees": 1}, "only there's"


async def test_a_worktree_a_retry_shares_goes_when_every_run_using_it_is_old(
    repo: Repo,
) -> None:
    original, path = await run_with_worktree(repo, "failed", ended=OLD)
    retry = await service.retry_run(
        repo.rt.db, repo.rt, run_id=original.id, actor=ACTOR, from_step=None
    )
    assert (await prune(repo)).counts == {"run_worktrees": 0}, "the retry will reuse it"

    # The engine drove the retry in its original's worktree; it failed just now.
    async with repo.rt.db.transaction() as conn:
        shared = await repo_steps.get_worktree(conn, run_id=original.id)
        assert shared is not None
        await repo_steps.insert_worktree(
            conn,
            run_id=retry.id,
            path=shared.path,
            branch=shared.branch,
            base_commit=shared.base_commit,
            host=shared.host,
        )
        for to in ("running", "failed"):
            await service.advance_run(conn, repo.rt, run_id=retry.id, to=to, actor=ACTOR)
    assert (await prune(repo)).counts == {"run_worktrees": 0}, "the retry ended recently"

    await end_ago(repo, retry.id, OLD)
    assert (await prune(repo)).counts == {"run_worktrees": 1}
    assert await workers_here(repo).drain() == 1
    assert not path.exists()
    assert await removed_at(repo, original.id) is not None
    assert await removed_at(repo, retry.id) is not None

    # A retry of the retry has no worktree to reuse: its drive job may go to any host,
    # and the engine makes it a new worktree.
    again = await service.retry_run(
        repo.rt.db, repo.rt, run_id=retry.id, actor=ACTOR, from_step=None
    )
    async with repo.rt.db.connection() as conn:
        assert await repo_steps.worktree_host(conn, run_id=again.id) is None


async def test_a_retry_started_after_listing_keeps_the_worktree(repo: Repo) -> None:
    original, path = await run_with_worktree(repo, "cancelled", ended=OLD)
    cutoff = datetime.now(UTC) - timedelta(days=7)
    async with repo.rt.db.connection() as conn:
        due = await repo_steps.list_prunable_worktrees(
            conn, host=HERE, cutoff=cutoff, after="", limit=10
        )
    assert due == [(str(path), repo.project_id)]
    retry = await service.retry_run(
        repo.rt.db, repo.rt, run_id=original.id, actor=ACTOR, from_step=None
    )
    async with repo.rt.db.transaction() as conn:
        await repo_steps.lock_runs_of_worktree(conn, path=str(path), host=HERE)
        claimed = await repo_steps.claim_worktree_removal(
            conn, path=str(path), host=HERE, cutoff=cutoff
        )
    assert claimed is None
    assert await remove_old_worktrees(repo.rt, host=HERE, cutoff=cutoff) == 0
    assert path.is_dir()
    async with repo.rt.db.connection() as conn:
        assert await repo_steps.worktree_host(conn, run_id=retry.id) == HERE


async def test_a_removal_git_refuses_is_released_for_a_later_try(
    repo: Repo, tmp_path: Path
) -> None:
    run, _ = await run_with_worktree(repo, "failed", ended=OLD)
    stray = tmp_path / "not-a-run-worktree"
    stray.mkdir()
    (stray / "keep.txt").write_text("mine\n")
    async with repo.rt.db.connection() as conn:
        await conn.execute(
            "UPDATE workflow_run_worktrees SET path = $2 WHERE run_id = $1", run.id, str(stray)
        )
    cutoff = datetime.now(UTC) - timedelta(days=7)
    assert await remove_old_worktrees(repo.rt, host=HERE, cutoff=cutoff) == 0
    assert (stray / "keep.txt").read_text() == "mine\n", "never deleted"
    assert await removed_at(repo, run.id) is None, "released: a later run tries again"
    assert (await prune(repo, dry_run=True)).counts == {"run_worktrees": 1}

    # Not released once a retry started meanwhile: it was told the worktree is gone, so
    # it makes its own, and nothing may reuse a half-removed one.
    async with repo.rt.db.transaction() as conn:
        await repo_steps.lock_runs_of_worktree(conn, path=str(stray), host=HERE)
        claimed = await repo_steps.claim_worktree_removal(
            conn, path=str(stray), host=HERE, cutoff=cutoff
        )
    assert claimed is not None
    retry = await service.retry_run(repo.rt.db, repo.rt, run_id=run.id, actor=ACTOR, from_step=None)
    async with repo.rt.db.connection() as conn:
        assert await repo_steps.worktree_host(conn, run_id=retry.id) is None
    async with repo.rt.db.transaction() as conn:
        await repo_steps.lock_runs_of_worktree(conn, path=str(stray), host=HERE)
        released = await repo_steps.release_worktree_removal(
            conn, path=str(stray), host=HERE, claimed_at=claimed, cutoff=cutoff
        )
    assert released is False
    assert await removed_at(repo, run.id) == claimed
