"""The safety checks a run's changes pass before anything is committed or pushed.

Pure functions over what the run changed (``WorktreeChanges``): each returns the
violations it finds, named by check, so a refusal can list every reason at once. The
worktree's drift (changes the run did not make) is measured by the shipping step itself,
since it needs git; it is reported here in the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domains.projects.models import WorktreeChanges
from rpc.redaction import Redactor

MAX_NAMED_FILES = 20


@dataclass(frozen=True)
class Violation:
    """One check that refuses the ship: which, why (no secret, no path outside the
    repository), and the repository paths involved."""

    check: str
    reason: str
    files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """The violation as an audit record holds it."""
        return {"check": self.check, "reason": self.reason, "files": self.files}


def _named(paths: list[str]) -> str:
    shown = ", ".join(paths[:MAX_NAMED_FILES])
    more = len(paths) - MAX_NAMED_FILES
    return f"{shown} and {more} more" if more > 0 else shown


def unexpected_changes(paths: list[str], since: str) -> list[Violation]:
    """Files that differ from the worktree as the run's last step left it (``since``
    names that step, or the base commit when no step touched the files)."""
    if not paths:
        return []
    return [
        Violation(
            "unexpected_changes",
            f"the worktree has changes the run did not make (since {since}): {_named(paths)}",
            paths[:MAX_NAMED_FILES],
        )
    ]


def secrets_in(diff: str, redactor: Redactor) -> list[str]:
    """The files whose added lines hold a secret: a value the instance stores (every
    sealed secret and provider credential is known to the redactor) or a token shape the
    redactor masks. Removed lines do not count: removing a secret is not leaking it."""
    hits: list[str] = []
    current: str | None = None
    for line in diff.splitlines():
        if line.startswith("diff --git "):
            current = None
        elif line.startswith("+++ "):
            name = line[4:].strip('"')  # git quotes a path with unusual characters
            current = name[2:] if name.startswith("b/") else None
        elif line.startswith("+") and current is not None and current not in hits:
            added = line[1:]
            if redactor.redact_str(added) != added:
                hits.append(current)
    return hits


def check_changes(
    changes: WorktreeChanges, *, redactor: Redactor, max_changed_lines: int
) -> list[Violation]:
    """Every rule the changes break: a secret in the diff, more changed lines than the
    limit, an added or modified binary file, or a diff too large to scan whole."""
    found: list[Violation] = []
    if changes.truncated:
        found.append(
            Violation(
                "diff_too_large",
                "the diff is larger than the secret scan reads; it cannot be shipped unseen",
            )
        )
    secret_files = secrets_in(changes.diff, redactor)
    if secret_files:
        found.append(
            Violation(
                "secret_in_diff",
                f"the secret scan found a secret in the changes to {_named(secret_files)}",
                secret_files[:MAX_NAMED_FILES],
            )
        )
    if changes.changed_lines > max_changed_lines:
        found.append(
            Violation(
                "too_many_lines",
                f"the diff changes {changes.changed_lines} lines, more than the limit of "
                f"{max_changed_lines} (JIDOCODE_SHIPPING_MAX_CHANGED_LINES)",
            )
        )
    binaries = [f.path for f in changes.files if f.binary and f.status != "deleted"]
    if binaries:
        found.append(
            Violation(
                "binary_files",
                f"the changes add binary files: {_named(binaries)}",
                binaries[:MAX_NAMED_FILES],
            )
        )
    return found
