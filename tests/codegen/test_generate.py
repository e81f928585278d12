"""Regeneration: the committed files are current, output is deterministic, and the
generators keep optional and nullable apart in both languages."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from codegen import generate
from codegen.bundle import is_simple, type_name
from rpc import openrpc
from rpc.app.cli import main
from rpc.app.domains import REGISTRATIONS
from rpc.registry import compose
from tests.codegen import sample_domain


@pytest.fixture(scope="module")
def sample_files() -> dict[Path, bytes]:
    document = openrpc.build_document(compose([*REGISTRATIONS, sample_domain.REGISTRATION]))
    return generate.generate(document)


def _text(files: dict[Path, bytes], path: Path) -> str:
    return files[path].decode()


def test_codegen_check_passes_on_the_committed_files() -> None:
    result = CliRunner().invoke(main, ["codegen", "--check"])
    assert result.exit_code == 0, result.output
    assert "5 generated files are current" in result.output


def test_a_stale_file_is_reported_with_a_diff(tmp_path: Path) -> None:
    stale = tmp_path / "client.ts"
    stale.write_text("export const INVENTORY_VERSION = 0;\n")
    fresh = {stale: b"export const INVENTORY_VERSION = 1;\n", tmp_path / "new.ts": b"x\n"}
    found = {d.path.name: d.diff for d in generate.differences(fresh, tmp_path)}
    assert set(found) == {"client.ts", "new.ts"}
    assert "-export const INVENTORY_VERSION = 0;" in found["client.ts"]
    assert "+export const INVENTORY_VERSION = 1;" in found["client.ts"]
    assert generate.write(fresh) == list(fresh)
    assert generate.write(fresh) == []  # nothing changed the second time
    assert list(generate.differences(fresh, tmp_path)) == []


def test_generation_is_deterministic(sample_files: dict[Path, bytes]) -> None:
    document = openrpc.build_document(compose([*REGISTRATIONS, sample_domain.REGISTRATION]))
    assert generate.generate(document) == sample_files


def test_typescript_keeps_optional_and_nullable_apart(sample_files: dict[Path, bytes]) -> None:
    types = _text(sample_files, generate.TS_TYPES)
    params = types.split("export interface CreateWidgetParams {", 1)[1].split("\n}", 1)[0]
    assert "  parent_id: string | null;" in params  # required, nullable
    assert "  note?: string | null;" in params  # optional, nullable
    assert "  count?: number;" in params  # optional, not nullable
    assert "  name: string;" in params
    widget = types.split("export interface Widget {", 1)[1].split("\n}", 1)[0]
    assert "  weight: number;" in widget  # results always carry every field
    assert 'kind: "not_found";' in types
    client = _text(sample_files, generate.TS_CLIENT)
    assert "get_widget(params: T.GetWidgetParams, options?: CallOptions): Promise<T.Widget>;" in (
        client
    )
    assert "list_widgets(params?: T.ListWidgetsParams, options?: CallOptions)" in client
    assert "all_names(options?: CallOptions): Promise<string[]>;" in client
    assert "stats(options?: CallOptions): Promise<{ [key: string]: number }>;" in client
    assert "  | RpcFailure<T.QuotaExceededErrorData>" in client
    assert "   * Create a widget." in client  # the docstring is the doc comment


def test_python_keeps_optional_and_nullable_apart(sample_files: dict[Path, bytes]) -> None:
    source = _text(sample_files, generate.PY_MODELS)
    params = source.split("class CreateWidgetParams(BaseModel):", 1)[1].split("\nclass ", 1)[0]
    assert "    parent_id: UUID | None\n" in params
    assert "    note: str | None = None\n" in params
    assert "    count: int = 1\n" in params
    namespace: dict[str, Any] = {}
    exec(compile(source, "models.py", "exec"), namespace)  # noqa: S102 (our own output)
    model = namespace["CreateWidgetParams"]
    model.model_rebuild(_types_namespace=namespace)
    with pytest.raises(ValueError, match="parent_id"):
        model.model_validate({"name": "x"})
    with pytest.raises(ValueError, match="count"):
        model.model_validate({"name": "x", "parent_id": None, "count": None})
    assert model.model_validate({"name": "x", "parent_id": None, "note": None})
    client = _text(sample_files, generate.PY_CLIENT)
    assert "async def get_widget(\n        self, params: models.GetWidgetParams\n" in client
    assert '"sample.all_names": list[str],' in client


def test_the_sample_typescript_compiles_strictly(
    sample_files: dict[Path, bytes], tmp_path: Path
) -> None:
    """Shapes the shipped registry may not have yet (lists, maps, custom error data)."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    package = tmp_path / "typescript"
    shutil.copytree(
        generate.TS_PACKAGE, package, ignore=shutil.ignore_patterns("node_modules", "dist")
    )
    os.symlink(generate.TS_PACKAGE / "node_modules", package / "node_modules")
    for path in (generate.TS_TYPES, generate.TS_CLIENT):
        (package / path.relative_to(generate.TS_PACKAGE)).write_bytes(sample_files[path])
    done = subprocess.run(
        [str(package / "node_modules" / ".bin" / "tsc"), "-p", "tsconfig.json", "--noEmit"],
        cwd=package,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_bundle_helpers() -> None:
    assert type_name("Limits-Input") == "LimitsInput"
    assert is_simple({"type": "array", "items": {"$ref": "#/definitions/X"}})
    assert is_simple({"anyOf": [{"$ref": "#/definitions/X"}, {"type": "null"}]})
    assert not is_simple({"type": "object", "properties": {"a": {"type": "string"}}})
