"""Named queries: ``-- name:`` blocks in ``sql/queries/<file>.sql``.

A block is::

    -- name: claim_next_job
    -- Claims the oldest runnable job for a worker.
    UPDATE jobs SET ... RETURNING ...;

Names are unique across all files. A duplicate name, a block without a purpose line or
without a statement, or text before the first block fails loading, and loading happens
at start-up (the first ``queries()`` call).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_NAME_LINE = re.compile(r"^--\s*name:\s*(?P<name>\S+)\s*$")
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")


class QueryFileError(ValueError):
    """A query file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class NamedQuery:
    """One statement with its name, purpose line and origin."""

    name: str
    purpose: str
    sql: str
    file: str
    line: int


class QueryFile:
    """The queries of one file, looked up by name: ``Q["claim_next_job"]``."""

    def __init__(self, name: str, items: dict[str, NamedQuery]) -> None:
        self.name = name
        self.items = items

    def __getitem__(self, name: str) -> str:
        try:
            return self.items[name].sql
        except KeyError:
            raise KeyError(f"no query {name!r} in sql/queries/{self.name}.sql") from None


def parse(text: str, file: str) -> list[NamedQuery]:
    """Split one file's text into named queries, refusing malformed blocks."""
    out: list[NamedQuery] = []
    current: tuple[str, int] | None = None
    purpose: str | None = None
    body: list[str] = []

    def finish() -> None:
        if current is None:
            return
        name, line = current
        statement = "\n".join(body).strip().rstrip(";").strip()
        if not purpose:
            raise QueryFileError(f"{file}:{line}: query {name!r} has no purpose line")
        if not statement:
            raise QueryFileError(f"{file}:{line}: query {name!r} has no statement")
        out.append(NamedQuery(name, purpose, statement, file, line))

    for lineno, raw in enumerate(text.splitlines(), start=1):
        match = _NAME_LINE.match(raw.strip())
        if match:
            finish()
            name = match["name"]
            if not _IDENT.match(name):
                raise QueryFileError(f"{file}:{lineno}: bad query name {name!r}")
            current, purpose, body = (name, lineno), None, []
            continue
        stripped = raw.strip()
        if current is None:
            if stripped and not stripped.startswith("--"):
                raise QueryFileError(f"{file}:{lineno}: statement outside a named block")
            continue
        if purpose is None and not body and stripped.startswith("--"):
            purpose = stripped.lstrip("-").strip()
            continue
        if purpose is None and not body and not stripped:
            continue
        body.append(raw)
    finish()
    return out


@cache
def queries() -> dict[str, QueryFile]:
    """All query files by stem, loaded once; raises on duplicates or malformed blocks."""
    files: dict[str, QueryFile] = {}
    seen: dict[str, NamedQuery] = {}
    folder = resources.files("sql") / "queries"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".sql"):
            continue
        stem = entry.name.removesuffix(".sql")
        items: dict[str, NamedQuery] = {}
        for q in parse(entry.read_text(encoding="utf-8"), entry.name):
            if q.name in seen:
                first = seen[q.name]
                raise QueryFileError(
                    f"{q.file}:{q.line}: query {q.name!r} already defined at "
                    f"{first.file}:{first.line}"
                )
            seen[q.name] = q
            items[q.name] = q
        files[stem] = QueryFile(stem, items)
    return files


def query_file(stem: str) -> QueryFile:
    """The named queries of ``sql/queries/<stem>.sql``."""
    return queries()[stem]
