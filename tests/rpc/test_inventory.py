"""Inventory: required methods per group, and classification of schema changes."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner
from pydantic import Field, TypeAdapter

from codegen.generate import DOCUMENT
from rpc import inventory, inventory_check, inventory_required, openrpc
from rpc.app.cli import main
from rpc.app.domains import REGISTRATIONS
from rpc.contract import DomainRegistration, Group, Method, Params, Result
from rpc.errors import Conflict
from rpc.registry import Registry, compose
from rpc.settings import Settings
from sql.database import Database
from tests.codegen import sample_domain


def _registry(*replaced: Method, without: str | None = None) -> Registry:
    """The shipped registry plus the sample domain, with some methods swapped or removed."""
    swap = {m.name: m for m in replaced}
    sample = [swap.get(m.name, m) for m in sample_domain.REGISTRATION.methods if m.name != without]
    others = [
        dataclasses.replace(r, methods=[m for m in r.methods if m.name != without])
        for r in REGISTRATIONS
    ]
    return compose([*others, DomainRegistration(name="sample", methods=sample)])


def _method(name: str) -> Method:
    return next(m for m in sample_domain.REGISTRATION.methods if m.name == name)


@pytest.fixture(scope="module")
def baseline() -> dict[str, Any]:
    return openrpc.build_document(_registry())


def _kinds(result: inventory_check.CheckResult) -> list[tuple[str, str, str, bool]]:
    return [(c.method, c.where, c.kind, c.breaking) for c in result.changes]


def test_no_change_passes(baseline: dict[str, Any]) -> None:
    result = inventory_check.check(_registry(), baseline)
    assert result.changes == ()
    assert result.exit_code == 0


def test_removing_a_method_is_breaking_and_fails_without_a_bump(baseline: dict[str, Any]) -> None:
    result = inventory_check.check(_registry(without="sample.get_widget"), baseline)
    assert _kinds(result) == [("sample.get_widget", "", "method_removed", True)]
    assert result.unbumped_breaking
    assert result.exit_code == 3
    assert any("without a version bump" in line for line in result.lines())

    # The same change after a bump of info.version is still drift, but not a breach.
    older = {**baseline, "info": {**baseline["info"], "version": "0"}}
    bumped = inventory_check.check(_registry(without="sample.get_widget"), older)
    assert not bumped.unbumped_breaking
    assert bumped.exit_code == 1


def test_adding_an_optional_param_is_compatible(baseline: dict[str, Any]) -> None:
    class GetWidgetParams(sample_domain.GetWidgetParams):
        include_deleted: bool = False

    widened = dataclasses.replace(_method("sample.get_widget"), params=GetWidgetParams)
    result = inventory_check.check(_registry(widened), baseline)
    assert _kinds(result) == [
        ("sample.get_widget", "params.include_deleted", "param_added_optional", False)
    ]
    assert result.exit_code == 1  # drift: the committed file must be regenerated


def test_adding_a_required_param_is_breaking(baseline: dict[str, Any]) -> None:
    class GetWidgetParams(sample_domain.GetWidgetParams):
        reason: str

    narrowed = dataclasses.replace(_method("sample.get_widget"), params=GetWidgetParams)
    result = inventory_check.check(_registry(narrowed), baseline)
    assert _kinds(result) == [("sample.get_widget", "params.reason", "param_added_required", True)]
    assert result.exit_code == 3


def test_result_fields_and_types(baseline: dict[str, Any]) -> None:
    class Widget(sample_domain.Widget):
        colour: sample_domain.Colour = sample_domain.Colour.RED

    class Slim(Result):
        id: str  # was a uuid
        name: str

    grown = dataclasses.replace(
        _method("sample.get_widget"), result=Widget, result_adapter=TypeAdapter(Widget)
    )
    result = inventory_check.check(_registry(grown), baseline)
    assert ("sample.get_widget", "result.colour", "result_field_added", False) in _kinds(result)
    assert not result.breaking

    slim = dataclasses.replace(
        _method("sample.get_widget"), result=Slim, result_adapter=TypeAdapter(Slim)
    )
    kinds = _kinds(inventory_check.check(_registry(slim), baseline))
    assert ("sample.get_widget", "result.tags", "result_field_removed", True) in kinds
    assert ("sample.get_widget", "result.id", "type_changed", True) in kinds


def test_param_type_and_nullability_changes(baseline: dict[str, Any]) -> None:
    class ListWidgetsParams(Params):
        cursor: str | None = None
        limit: str = "20"  # was an integer

    retyped = dataclasses.replace(_method("sample.list_widgets"), params=ListWidgetsParams)
    kinds = _kinds(inventory_check.check(_registry(retyped), baseline))
    assert kinds == [("sample.list_widgets", "params.limit", "type_changed", True)]

    class CreateWidgetParams(Params):
        name: str = Field(min_length=1, description="Shown to people.")
        note: str | int | None = None  # widened: accepts more
        count: int = 1
        parent_id: UUID | None = Field(description="Required, but may be null.")
        enabled: bool = True
        limits: sample_domain.Limits | None = None
        colour: sample_domain.Colour = sample_domain.Colour.RED
        labels: dict[str, str] = Field(default_factory=dict)

    widened = dataclasses.replace(_method("sample.create_widget"), params=CreateWidgetParams)
    changes = inventory_check.check(_registry(widened), baseline).changes
    assert [(c.where, c.breaking) for c in changes] == [("params.note", False)]


def test_an_added_error_is_listed_as_compatible(baseline: dict[str, Any]) -> None:
    more = dataclasses.replace(
        _method("sample.get_widget"), errors=(sample_domain.WidgetNotFound, Conflict)
    )
    result = inventory_check.check(_registry(more), baseline)
    assert _kinds(result) == [("sample.get_widget", "errors", "error_added", False)]
    assert result.changes[0].detail == "conflict"


def test_auth_changes(baseline: dict[str, Any]) -> None:
    from rpc.contract import ANONYMOUS, owner

    opened = dataclasses.replace(_method("sample.get_widget"), auth=ANONYMOUS)
    closed = dataclasses.replace(_method("sample.get_widget"), auth=owner("session"))
    assert [
        c.kind
        for c in inventory_check.check(_registry(opened), baseline).changes
        if c.where == "x-auth"
    ] == ["auth_widened"]
    assert [
        c.kind
        for c in inventory_check.check(_registry(closed), baseline).changes
        if c.where == "x-auth"
    ] == ["auth_narrowed"]


def test_the_committed_document_matches_the_registry(registry: Registry) -> None:
    committed = json.loads(DOCUMENT.read_text())
    result = inventory_check.check(registry, committed)
    assert result.exit_code == 0, "\n".join(result.lines())


def test_inventory_check_command(
    tmp_path: Path, registry: Registry, baseline: dict[str, Any]
) -> None:
    runner = CliRunner()
    live = openrpc.build_document(registry)
    same = tmp_path / "same.json"
    same.write_bytes(openrpc.render(live))
    current = runner.invoke(main, ["inventory", "check", "--against", str(same)])
    assert current.exit_code == 0, current.output
    assert "ok: the committed document matches the registry" in current.output
    # A committed document with a method the registry no longer has.
    committed = json.loads(same.read_text())
    extra = dict(next(m for m in baseline["methods"] if m["name"] == "sample.all_names"))
    committed["methods"].append(extra)
    path = tmp_path / "openrpc.json"
    path.write_text(json.dumps(committed))
    drifted = runner.invoke(main, ["inventory", "check", "--against", str(path)])
    assert drifted.exit_code == 3
    assert "BREAKING" in drifted.output
    assert "method_removed" in drifted.output
    assert "sample.all_names" in drifted.output


def test_coverage_per_group() -> None:
    reg = compose(REGISTRATIONS)
    report = {c.group: c for c in inventory_required.coverage(reg)}
    assert set(report) == set(Group)
    setup = dict(report[Group.SETUP].methods)
    assert setup["system.ping"] is True
    assert setup["rpc.discover"] is True
    assert report[Group.SETUP].wrong_auth == ()
    only_system = compose([r for r in REGISTRATIONS if r.name == "system"])
    forge = inventory_required.coverage(only_system)[Group.FORGE - 1]
    assert forge.present_count == 0
    assert forge.total == len(inventory_required.REQUIRED[Group.FORGE])


def test_inventory_show_command() -> None:
    out = CliRunner().invoke(main, ["inventory", "show"])
    assert out.exit_code == 0
    assert "1. Setup and onboarding" in out.output
    assert "8. Forge orchestration" in out.output
    assert "present  system.ping" in out.output


def test_every_required_method_is_named_once() -> None:
    names = [n for group in inventory_required.REQUIRED.values() for n in group]
    # DOMAIN.md's eight groups, plus rpc.discover and events.list.
    assert len(names) == len(set(names)) == 79


async def test_system_config_follows_the_running_server(
    settings: Settings, db: Database, registry: Registry, clean: None
) -> None:
    from domains.setup import service_config as setup_service
    from domains.setup.lifecycle import SetupLifecycle
    from rpc.app.runtime import build_runtime

    assert (await setup_service.get_config(db)).rpc_inventory_version is None
    runtime = build_runtime(settings, db, registry)
    setup = [lc for lc in registry.lifecycles if isinstance(lc, SetupLifecycle)]
    assert setup, "the setup domain starts with the server"
    await setup[0].start(runtime)
    try:
        config = await setup_service.get_config(db)
        assert config.rpc_inventory_version == inventory.INVENTORY_VERSION
    finally:
        await setup[0].stop(runtime)
