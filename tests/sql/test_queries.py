"""Named queries: the parser's refusals, every query PREPAREd on the migrated schema, and
no query left unused.

The prepare and usage tests iterate over ``sql.queries.queries()``, so they cover the
query files every domain adds.
"""

from __future__ import annotations

import ast
from importlib import resources
from pathlib import Path

import asyncpg
import pytest

from sql.database import Connection
from sql.queries import NamedQuery, QueryFileError, parse, queries, query_file

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("rpc", "domains")


def all_queries() -> list[NamedQuery]:
    return [q for f in queries().values() for q in f.items.values()]


# --- the parser --------------------------------------------------------------------------


def test_parses_blocks_with_purpose_and_statement() -> None:
    text = """-- A file header comment is fine.

-- name: first_query
-- Reads one thing.
SELECT 1;

-- name: second_query
--   Writes another thing.
INSERT INTO t (a)
VALUES ($1)
RETURNING a;
"""
    first, second = parse(text, "x.sql")
    assert (first.name, first.purpose, first.sql, first.line) == (
        "first_query",
        "Reads one thing.",
        "SELECT 1",
        3,
    )
    assert second.purpose == "Writes another thing."
    assert second.sql == "INSERT INTO t (a)\nVALUES ($1)\nRETURNING a"
    assert second.file == "x.sql"


def test_refuses_a_block_without_purpose_line() -> None:
    with pytest.raises(QueryFileError, match=r"x\.sql:1: query 'nopurpose' has no purpose line"):
        parse("-- name: nopurpose\nSELECT 1;\n", "x.sql")


def test_refuses_a_block_without_statement() -> None:
    with pytest.raises(QueryFileError, match="has no statement"):
        parse("-- name: empty\n-- Does nothing.\n\n-- name: next\n-- Next.\nSELECT 1;\n", "x.sql")


def test_refuses_a_statement_outside_a_block() -> None:
    with pytest.raises(QueryFileError, match=r"x\.sql:2: statement outside a named block"):
        parse("-- header\nSELECT 1;\n-- name: q\n-- Purpose.\nSELECT 2;\n", "x.sql")


@pytest.mark.parametrize("name", ["Upper", "1digit", "has-dash", "dot.ted"])
def test_refuses_bad_names(name: str) -> None:
    with pytest.raises(QueryFileError, match="bad query name"):
        parse(f"-- name: {name}\n-- Purpose.\nSELECT 1;\n", "x.sql")


def test_refuses_duplicates_across_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "a.sql").write_text("-- name: same\n-- One.\nSELECT 1;\n")
    (tmp_path / "queries" / "b.sql").write_text("-- name: same\n-- Two.\nSELECT 2;\n")
    # queries() reads the "sql" package's folder; point it at the throwaway one and
    # bypass its cache so the real, cached result is untouched.
    monkeypatch.setattr(resources, "files", lambda package: tmp_path)
    with pytest.raises(QueryFileError, match=r"b\.sql:1: query 'same' already defined at a\.sql:1"):
        queries.__wrapped__()


def test_unknown_query_name_is_a_clear_key_error() -> None:
    with pytest.raises(KeyError, match=r"no query 'nope' in sql/queries/jobs\.sql"):
        query_file("jobs")["nope"]


# --- every named query against the migrated schema ---------------------------------------


def test_there_are_named_queries() -> None:
    names = [q.name for q in all_queries()]
    assert "claim_job" in names
    assert len(names) == len(set(names))


async def test_every_named_query_prepares(conn: Connection) -> None:
    failures: list[str] = []
    for q in all_queries():
        try:
            # A savepoint per query, so one failure does not hide the others.
            async with conn.transaction():
                await conn.prepare(q.sql)
        except asyncpg.PostgresError as exc:
            failures.append(f"{q.file}:{q.line} {q.name}: {type(exc).__name__}: {exc}")
    assert not failures, "named queries that do not prepare:\n" + "\n".join(failures)


def _string_literals() -> set[str]:
    found: set[str] = set()
    for folder in CODE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found.add(node.value)
    return found


def test_every_named_query_is_used() -> None:
    literals = _string_literals()
    unused = sorted(f"{q.file}:{q.line} {q.name}" for q in all_queries() if q.name not in literals)
    assert not unused, "named queries nothing under rpc/ or domains/ names:\n" + "\n".join(unused)
