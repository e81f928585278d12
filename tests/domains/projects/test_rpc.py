"""The project methods over HTTP as the owner: every method, its refusals, the local GitHub."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from domains.projects import service
from domains.setup.service import store_secret
from domains.setup.service_providers import set_provider_credential
from rpc.context import Runtime
from tests.conftest import call
from tests.domains.accounts.factories import error_kind
from tests.domains.projects.conftest import clone_workers, make_bare_repo
from tests.fakes.github_server import FakeGitHub

pytestmark = pytest.mark.committing

Api = tuple[TestClient[Any, Any], dict[str, str]]
ACTOR = "owner:00000000-0000-0000-0000-000000000001"


async def rpc(api: Api, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    client, headers = api
    return await call(client, method, params if params is not None else {}, headers=headers)


def result(answer: dict[str, Any]) -> Any:
    assert "result" in answer, answer
    return answer["result"]


async def test_every_project_method_needs_the_owner(api: Api) -> None:
    client, _ = api
    for method in (
        "projects.list_accessible_repositories",
        "projects.list",
        "projects.get",
        "projects.import",
        "projects.sync",
        "projects.workspace_status",
        "projects.bind_secret",
        "projects.list_secret_bindings",
        "projects.unbind_secret",
        "projects.update",
    ):
        assert error_kind(await call(client, method, {})) == "unauthenticated", method


async def test_listing_repositories_through_the_local_github(
    api: Api, gh: FakeGitHub, project_runtime: Runtime
) -> None:
    missing = await rpc(api, "projects.list_accessible_repositories")
    assert error_kind(missing) == "secret_unavailable"

    token = gh.add_token()
    gh.add_repo("acme/app", private=True)
    gh.add_repo("acme/lib")
    await set_provider_credential(
        project_runtime.db, project_runtime, provider="github_pat", value=token, actor=ACTOR
    )
    imported = result(await rpc(api, "projects.import", {"github_full_name": "acme/lib"}))

    listed = result(await rpc(api, "projects.list_accessible_repositories"))["items"]
    assert [(r["full_name"], r["private"], r["project_id"]) for r in listed] == [
        ("acme/app", True, None),
        ("acme/lib", False, imported["id"]),
    ]
    assert all(r.authorization == f"Bearer {token}" for r in gh.requests)

    gh.fail("unauthorized", message=f"Bad credentials for {token}")
    refused = await rpc(api, "projects.list_accessible_repositories")
    assert error_kind(refused) == "provider_error"
    assert refused["error"]["data"]["status"] == 401
    assert token not in str(refused)

    gh.fail("rate_limited")
    limited = await rpc(api, "projects.list_accessible_repositories")
    assert limited["error"]["data"]["retry_after_s"] is not None


async def test_import_validates_and_is_idempotent(api: Api) -> None:
    for bad in ("acme", "acme/", "/app", "acme/app/x", "ac me/app", "acme/..", "-acme/app", ""):
        answer = await rpc(api, "projects.import", {"github_full_name": bad})
        assert error_kind(answer) == "validation_error", bad
        assert answer["error"]["data"]["field_errors"][0]["field"] == "github_full_name"
    bad_branch = await rpc(
        api, "projects.import", {"github_full_name": "acme/app", "default_branch": "a..b"}
    )
    assert error_kind(bad_branch) == "validation_error"
    assert error_kind(await rpc(api, "projects.import", {"name": "x"})) == "invalid_params"

    first = result(
        await rpc(api, "projects.import", {"github_full_name": "acme/app", "name": "The App"})
    )
    assert first["clone_status"] == "pending"
    assert first["name"] == "The App"
    assert first["environment_type"] == "local"
    assert first["workspace_path"].endswith("/acme/app")
    again = result(await rpc(api, "projects.import", {"github_full_name": "Acme/App"}))
    assert again["id"] == first["id"]
    assert again["github_full_name"] == "acme/app"


async def test_list_pages_newest_first(api: Api) -> None:
    ids = []
    for n in range(5):
        created = await rpc(api, "projects.import", {"github_full_name": f"acme/app{n}"})
        ids.append(result(created)["id"])
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = result(await rpc(api, "projects.list", params))
        seen += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))
    assert error_kind(await rpc(api, "projects.list", {"cursor": "nonsense!"})) == (
        "validation_error"
    )
    assert error_kind(await rpc(api, "projects.list", {"limit": 0})) == "invalid_params"


async def test_get_update_and_sync(api: Api, project_runtime: Runtime, remotes: Path) -> None:
    make_bare_repo(remotes, "acme/app", {"README.md": "hi\n"})
    created = result(await rpc(api, "projects.import", {"github_full_name": "acme/app"}))
    pid = created["id"]

    pending = await rpc(api, "projects.sync", {"project_id": pid})
    assert error_kind(pending) == "invalid_transition"
    assert pending["error"]["data"]["from"] == "pending"

    await clone_workers(project_runtime).drain()
    got = result(await rpc(api, "projects.get", {"project_id": pid}))
    assert got["clone_status"] == "ready"
    assert [h["to_status"] for h in got["clone_history"]] == ["pending", "cloning", "ready"]

    status = result(await rpc(api, "projects.workspace_status", {"project_id": pid}))
    assert status["branch"] == "main"
    assert len(status["head_commit"]) == 40
    assert status["clean"] is True

    updated = result(
        await rpc(
            api,
            "projects.update",
            {
                "project_id": pid,
                "name": "Renamed",
                "environment_type": "sprite",
                "settings": {"test_command": "pytest"},
            },
        )
    )
    assert (updated["name"], updated["environment_type"], updated["settings"]) == (
        "Renamed",
        "sprite",
        {"test_command": "pytest"},
    )
    assert updated["default_branch"] == "main"
    assert (
        error_kind(await rpc(api, "projects.update", {"project_id": pid, "name": "  "}))
        == "validation_error"
    )
    assert (
        error_kind(
            await rpc(api, "projects.update", {"project_id": pid, "environment_type": "cloud"})
        )
        == "invalid_params"
    )

    synced = result(await rpc(api, "projects.sync", {"project_id": pid}))
    assert synced["clone_status"] == "cloning"
    await clone_workers(project_runtime).drain()
    assert result(await rpc(api, "projects.get", {"project_id": pid}))["clone_status"] == "ready"

    unknown = {"project_id": str(uuid.uuid4())}
    for method in ("projects.get", "projects.sync", "projects.workspace_status"):
        assert error_kind(await rpc(api, method, unknown)) == "not_found", method
    assert error_kind(await rpc(api, "projects.update", {**unknown, "name": "x"})) == "not_found"


async def test_workspace_status_before_the_clone(api: Api) -> None:
    created = result(await rpc(api, "projects.import", {"github_full_name": "acme/app"}))
    status = result(await rpc(api, "projects.workspace_status", {"project_id": created["id"]}))
    assert status["clone_status"] == "pending"
    assert (status["branch"], status["head_commit"], status["clean"]) == (None, None, None)


async def test_secret_bindings(api: Api, project_runtime: Runtime) -> None:
    created = result(await rpc(api, "projects.import", {"github_full_name": "acme/app"}))
    pid = created["id"]
    async with project_runtime.db.transaction() as conn:
        ref = await store_secret(
            conn,
            project_runtime,
            scope="project",
            name="acme-app-npm",
            value="npm_s3cr3t_value_123",
            source="api",
            actor=ACTOR,
        )
    bind = {"project_id": pid, "env_var_name": "NPM_TOKEN", "secret_ref_id": str(ref.id)}

    bound = result(await rpc(api, "projects.bind_secret", bind))
    assert bound["env_var_name"] == "NPM_TOKEN"
    assert bound["inject_to_workspace"] is True
    duplicate = await rpc(api, "projects.bind_secret", bind)
    assert error_kind(duplicate) == "conflict"
    for bad in ("npm_token", "1ABC", "A-B", "PATH", "GIT_ASKPASS", "JIDOCODE_X", ""):
        answer = await rpc(api, "projects.bind_secret", {**bind, "env_var_name": bad})
        assert error_kind(answer) == "validation_error", bad
    no_ref = await rpc(
        api,
        "projects.bind_secret",
        {**bind, "env_var_name": "OTHER", "secret_ref_id": str(uuid.uuid4())},
    )
    assert error_kind(no_ref) == "not_found"
    assert no_ref["error"]["data"]["resource"] == "secret_ref"
    no_project = await rpc(api, "projects.bind_secret", {**bind, "project_id": str(uuid.uuid4())})
    assert error_kind(no_project) == "not_found"
    await rpc(
        api,
        "projects.bind_secret",
        {**bind, "env_var_name": "HIDDEN", "inject_to_workspace": False},
    )

    listed = result(await rpc(api, "projects.list_secret_bindings", {"project_id": pid}))
    assert [b["env_var_name"] for b in listed["items"]] == ["HIDDEN", "NPM_TOKEN"]
    assert "npm_s3cr3t_value_123" not in str(listed)

    async with project_runtime.db.connection() as conn:
        env = await service.workspace_env(conn, project_runtime, project_id=uuid.UUID(pid))
    assert env == {"NPM_TOKEN": "npm_s3cr3t_value_123"}

    unbound = result(
        await rpc(api, "projects.unbind_secret", {"project_id": pid, "env_var_name": "NPM_TOKEN"})
    )
    assert unbound["unbound"] is True
    again = await rpc(
        api, "projects.unbind_secret", {"project_id": pid, "env_var_name": "NPM_TOKEN"}
    )
    assert error_kind(again) == "not_found"
    listed = result(await rpc(api, "projects.list_secret_bindings", {"project_id": pid}))
    assert [b["env_var_name"] for b in listed["items"]] == ["HIDDEN"]


async def test_the_interface_functions(project_runtime: Runtime, clean: None) -> None:
    created = await service.import_project(
        project_runtime, github_full_name="acme/app", actor=ACTOR
    )
    async with project_runtime.db.connection() as conn:
        assert (await service.get_project(conn, project_id=created.id)).id == created.id
        found = await service.find_by_full_name(conn, github_full_name="ACME/app")
        assert found is not None
        assert found.id == created.id
        assert await service.find_by_full_name(conn, github_full_name="acme/other") is None
        assert await service.any_ready_project(conn) is False
        assert await service.workspace_env(conn, project_runtime, project_id=created.id) == {}
    await clone_workers(project_runtime).drain()  # no bare repo: ends in error
    async with project_runtime.db.connection() as conn:
        assert await service.any_ready_project(conn) is False
