"""Run worktrees with real git on local bare repositories (file:// standing in for GitHub)."""

# The assertions read and write a few small workspace files; blocking the loop is fine here.
# ruff: noqa: ASYNC240

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from domains.projects import service, service_clone, workspace, worktrees
from domains.projects.errors import WorkspaceNotReady, WorktreeBranchTaken
from domains.projects.models import ProjectView
from domains.setup.service_providers import set_provider_credential
from rpc.context import Runtime
from rpc.errors import ValidationFailed
from tests.domains.projects.conftest import clone_workers, git, make_bare_repo
from tests.domains.projects.test_clone import assert_token_nowhere

pytestmark = pytest.mark.committing

OWNER = "owner:00000000-0000-0000-0000-000000000001"
PAT = "ghp_" + "W9zK" * 9
FILES = {
    "README.md": "# app\nline\n",
    "old.txt": "a\nb\nc\n",
    "keep.txt": "kept as it is, then moved\n",
    ".gitignore": "*.log\nbuild/\n",
}


async def ready_project(rt: Runtime, remotes: Path) -> tuple[ProjectView, Path]:
    """``acme/app`` imported and cloned (``ready``), and the work tree that pushes to it."""
    work = make_bare_repo(remotes, "acme/app", FILES)
    created = await service.import_project(rt, github_full_name="acme/app", actor=OWNER)
    assert await clone_workers(rt).drain() == 1
    project = await service.get_project_detail(rt.db, project_id=created.id)
    assert project.clone_status == "ready"
    return project, work


def push(work: Path, name: str, text: str) -> str:
    """Commit ``name`` on origin's ``main``; the new head."""
    (work / name).write_text(text)
    git("add", "-A", cwd=work)
    git("commit", "-q", "-m", f"change {name}", cwd=work)
    git("push", "-q", "origin", "main", cwd=work)
    return git("rev-parse", "HEAD", cwd=work)


def branch_exists(checkout: Path, branch: str) -> bool:
    return bool(git("branch", "--list", branch, cwd=checkout))


async def test_a_run_gets_its_own_branch_and_folder_from_a_fresh_fetch(
    project_runtime: Runtime, remotes: Path, clean: None
) -> None:
    await set_provider_credential(
        project_runtime.db, project_runtime, provider="github_pat", value=PAT, actor=OWNER
    )
    project, work = await ready_project(project_runtime, remotes)
    checkout = Path(project.workspace_path)
    cloned_head = git("rev-parse", "HEAD", cwd=checkout)
    # Origin moves on after the clone: the worktree must start from the new head.
    origin_head = push(work, "later.txt", "pushed after the clone\n")

    run_id = uuid.uuid4()
    created = await service.create_run_worktree(
        project_runtime, project_id=project.id, run_id=run_id, workflow="implement_task"
    )

    assert created.branch == f"jidocode/implement_task/{run_id.hex[:8]}"
    root = project_runtime.settings.effective_workspace_root
    path = Path(created.path)
    assert path == root / ".worktrees" / "acme" / "app" / str(run_id)
    assert not path.resolve().is_relative_to(checkout.resolve())
    assert created.base_commit == origin_head != cloned_head
    assert git("rev-parse", "HEAD", cwd=path) == origin_head
    assert git("symbolic-ref", "--short", "HEAD", cwd=path) == created.branch
    assert (path / "later.txt").read_text() == "pushed after the clone\n"
    # The project's own checkout was not moved or touched.
    assert git("rev-parse", "HEAD", cwd=checkout) == cloned_head
    assert_token_nowhere(root, PAT)

    # The run's changes stay in its worktree: the checkout still reports clean.
    (path / "README.md").write_text("changed by the run\n")
    (path / "new.txt").write_text("new\n")
    status = await service_clone.workspace_status(project_runtime, project_id=project.id)
    assert status.clean is True
    assert status.changed_files == []
    assert git("status", "--porcelain", cwd=checkout) == ""
    assert git("status", "--porcelain", cwd=path) != ""


async def test_two_runs_have_independent_worktrees(
    project_runtime: Runtime, remotes: Path, clean: None
) -> None:
    project, _ = await ready_project(project_runtime, remotes)
    first, second = [
        await service.create_run_worktree(
            project_runtime,
            project_id=project.id,
            run_id=uuid.uuid4(),
            workflow="fix_failing_tests",
        )
        for _ in range(2)
    ]
    assert first.path != second.path
    assert first.branch != second.branch
    assert first.base_commit == second.base_commit

    Path(first.path, "README.md").write_text("first run\n")
    Path(first.path, "only-first.txt").write_text("x\n")
    assert Path(second.path, "README.md").read_text() == FILES["README.md"]
    assert not Path(second.path, "only-first.txt").exists()
    mine = await service.run_worktree_changes(
        project_runtime, path=first.path, base_commit=first.base_commit
    )
    theirs = await service.run_worktree_changes(
        project_runtime, path=second.path, base_commit=second.base_commit
    )
    assert {f.path for f in mine.files} == {"README.md", "only-first.txt"}
    assert theirs.files == []
    assert theirs.diff == ""


async def test_a_taken_branch_gets_the_suffix_once_then_a_typed_error(
    project_runtime: Runtime, remotes: Path, clean: None
) -> None:
    project, _ = await ready_project(project_runtime, remotes)
    checkout = Path(project.workspace_path)
    # Three runs whose ids share the first 8 hex digits, so their branch names collide.
    runs = [uuid.UUID(f"12345678-0000-4000-8000-00000000000{n}") for n in (1, 2, 3)]

    first = await service.create_run_worktree(
        project_runtime, project_id=project.id, run_id=runs[0], workflow="implement_task"
    )
    second = await service.create_run_worktree(
        project_runtime, project_id=project.id, run_id=runs[1], workflow="implement_task"
    )
    assert first.branch == "jidocode/implement_task/12345678"
    assert second.branch == "jidocode/implement_task/12345678-2"
    assert Path(second.path).name == f"{runs[1]}-2"
    with pytest.raises(WorktreeBranchTaken) as taken:
        await service.create_run_worktree(
            project_runtime, project_id=project.id, run_id=runs[2], workflow="implement_task"
        )
    assert taken.value.branch == first.branch
    assert taken.value.data()["resource"] == "worktree_branch"
    # Nothing was made for the refused run.
    assert not (Path(first.path).parent / str(runs[2])).exists()
    assert not branch_exists(checkout, "jidocode/implement_task/12345678-3")


async def test_something_already_at_the_path_counts_as_a_collision(
    project_runtime: Runtime, remotes: Path, clean: None
) -> None:
    project, _ = await ready_project(project_runtime, remotes)
    checkout = Path(project.workspace_path)
    target = checkout.parent.parent / ".worktrees" / "acme" / "app" / "leftover"
    target.mkdir(parents=True)
    (target / "junk.txt").write_text("not a worktree\n")
    ctx = workspace.git_context(project_runtime.settings, token=None)

    created = await worktrees.create_worktree(
        ctx,
        checkout=checkout,
        target=target,
        branch="jidocode/test/leftover",
        default_branch="main",
        url=workspace.remote_url(project_runtime.settings, "acme/app"),
    )
    assert created.branch == "jidocode/test/leftover-2"
    assert created.path == f"{target}-2"
    assert (target / "junk.txt").read_text() == "not a worktree\n"


async def test_creating_again_for_the_same_run_returns_the_same_worktree(
    project_runtime: Runtime, remotes: Path, clean: None
) -> None:
    project, work = await ready_project(project_runtime, remotes)
    checkout = Path(project.workspace_path)
    run_id = uuid.uuid4()
    first = await service.create_run_worktree(
        project_runtime, project_id=project.id, run_id=run_id, workflow="implement_task"
    )
    Path(first.path, "progress.txt").write_text("work in progress\n")
    # Origin moves on meanwhile; the run keeps its base and its uncommitted work.
    push(work, "other.txt", "someone else's change\n")

    again = await service.create_run_worktree(
        project_runtime, project_id=project.id, run_id=run_id, workflow="implement_task"
    )
    assert again == first
    assert Path(again.path, "progress.txt").read_text() == "work in progress\n"
    listed = git("worktree", "list", "--porcelain", cwd=checkout)
    assert listed.count("worktree ") == 2  # the checkout and this run's worktree


async def test_changes_cover_edits_deletions_renames_new_and_binary_files_not_ignored_ones(
    project_runtime: Runtime, remotes: Path, clean: None
) -> None:
    project, _ = await ready_project(project_runtime, remotes)
    created = await service.create_run_worktree(
        project_runtime, project_id=project.id, run_id=uuid.uuid4(), workflow="implement_task"
    )
    path = Path(created.path)
    (path / "README.md").write_text("# app v2\nline\nmore\n")
    (path / "old.txt").unlink()
    (path / "keep.txt").rename(path / "moved.txt")
    (path / "new.txt").write_text("one\ntwo\nthree\n")
    (path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (path / "debug.log").write_text("ignored\n")
    (path / "build").mkdir()
    (path / "build" / "out.txt").write_text("ignored too\n")
    index_before = Path(git("rev-parse", "--git-path", "index", cwd=path)).read_bytes()

    changes = await service.run_worktree_changes(
        project_runtime, path=created.path, base_commit=created.base_commit
    )

    by_path = {f.path: f for f in changes.files}
    assert set(by_path) == {"README.md", "old.txt", "moved.txt", "new.txt", "image.png"}
    readme = by_path["README.md"]
    assert (readme.status, readme.added, readme.removed, readme.binary) == ("modified", 2, 1, False)
    assert (by_path["old.txt"].status, by_path["old.txt"].removed) == ("deleted", 3)
    assert (by_path["new.txt"].status, by_path["new.txt"].added) == ("added", 3)
    moved = by_path["moved.txt"]
    assert (moved.status, moved.old_path, moved.added, moved.removed) == (
        "renamed",
        "keep.txt",
        0,
        0,
    )
    image = by_path["image.png"]
    assert (image.status, image.binary, image.added, image.removed) == ("added", True, 0, 0)
    assert changes.binary_files == ["image.png"]
    assert changes.untracked == ["image.png", "moved.txt", "new.txt"]
    assert changes.changed_lines == 2 + 1 + 3 + 3
    assert changes.base_commit == created.base_commit
    assert not changes.truncated
    assert "+++ b/new.txt" in changes.diff
    assert "+# app v2" in changes.diff
    assert "rename from keep.txt" in changes.diff
    assert "Binary files /dev/null and b/image.png differ" in changes.diff
    assert "debug.log" not in changes.diff
    assert "build/" not in changes.diff

    # The worktree's own index is as it was: nothing staged, the new files still untracked.
    assert git("diff", "--cached", cwd=path) == ""
    assert Path(git("rev-parse", "--git-path", "index", cwd=path)).read_bytes() == index_before
    assert "?? new.txt" in git("status", "--porcelain", cwd=path)


async def test_changes_include_commits_and_a_long_diff_is_cut_with_a_marker(
    project_runtime: Runtime, remotes: Path, clean: None
) -> None:
    project, _ = await ready_project(project_runtime, remotes)
    created = await service.create_run_worktree(
        project_runtime, project_id=project.id, run_id=uuid.uuid4(), workflow="implement_task"
    )
    path = Path(created.path)
    (path / "committed.txt").write_text("committed by the agent\n")
    git("add", "committed.txt", cwd=path)
    git("commit", "-q", "-m", "agent commit", cwd=path)
    (path / "big.txt").write_text("".join(f"line {n}\n" for n in range(20_000)))
    ctx = workspace.git_context(project_runtime.settings, token=None)

    changes = await worktrees.worktree_changes(
        ctx, target=path, base_commit=created.base_commit, max_diff_bytes=4_000
    )
    assert {f.path for f in changes.files} == {"committed.txt", "big.txt"}
    assert changes.untracked == ["big.txt"]
    assert changes.changed_lines == 1 + 20_000
    assert changes.truncated
    body, marker = changes.diff.rsplit("\n[", 1)
    assert len(body.encode()) <= 4_000
    assert marker.startswith("diff truncated")


async def test_remove_deletes_the_folder_keeps_the_branch_and_accepts_a_missing_path(
    project_runtime: Runtime, remotes: Path, clean: None
) -> None:
    project, _ = await ready_project(project_runtime, remotes)
    checkout = Path(project.workspace_path)
    created = await service.create_run_worktree(
        project_runtime, project_id=project.id, run_id=uuid.uuid4(), workflow="implement_task"
    )
    Path(created.path, "uncommitted.txt").write_text("dropped with the worktree\n")

    await service.remove_run_worktree(project_runtime, project_id=project.id, path=created.path)
    assert not Path(created.path).exists()
    assert created.path not in git("worktree", "list", "--porcelain", cwd=checkout)
    assert branch_exists(checkout, created.branch)
    # Removing it again (or a run's worktree that never existed) is fine.
    await service.remove_run_worktree(project_runtime, project_id=project.id, path=created.path)

    with pytest.raises(ValidationFailed):
        await service.remove_run_worktree(
            project_runtime, project_id=project.id, path=str(checkout)
        )
    assert (checkout / "README.md").exists()


async def test_a_project_whose_clone_is_not_ready_gets_no_worktree(
    project_runtime: Runtime, remotes: Path, clean: None
) -> None:
    make_bare_repo(remotes, "acme/app", FILES)
    pending = await service.import_project(
        project_runtime, github_full_name="acme/app", actor=OWNER
    )
    with pytest.raises(WorkspaceNotReady) as refused:
        await service.create_run_worktree(
            project_runtime, project_id=pending.id, run_id=uuid.uuid4(), workflow="implement_task"
        )
    assert refused.value.clone_status == "pending"
    assert refused.value.data()["resource"] == "project_workspace"
    root = project_runtime.settings.effective_workspace_root
    assert not (root / ".worktrees").exists()


async def test_changes_refuse_a_base_that_is_not_a_commit_id_and_a_path_that_is_no_worktree(
    project_runtime: Runtime, remotes: Path, clean: None
) -> None:
    project, _ = await ready_project(project_runtime, remotes)
    created = await service.create_run_worktree(
        project_runtime, project_id=project.id, run_id=uuid.uuid4(), workflow="implement_task"
    )
    with pytest.raises(ValidationFailed) as bad_base:
        await service.run_worktree_changes(
            project_runtime, path=created.path, base_commit="--output=/tmp/x"
        )
    assert bad_base.value.data()["field_errors"][0]["field"] == "base_commit"
    with pytest.raises(ValidationFailed) as bad_path:
        await service.run_worktree_changes(
            project_runtime, path=project.workspace_path, base_commit=created.base_commit
        )
    assert bad_path.value.data()["field_errors"][0]["field"] == "path"
