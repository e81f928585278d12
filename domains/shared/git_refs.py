"""Git branch names, checked by the rules of ``git check-ref-format --branch``.

A branch name reaches git (clone, worktree, push) as an argument, so a name git refuses
must be refused where it enters, as a validation error, not found out by a failed job.
The rules (git's ``refs.c``, ``check_refname_component``), for ``refs/heads/<name>``:

- no component is empty (no leading, trailing or doubled ``/``), begins with ``.`` or
  ends with ``.lock``;
- no ``..``, no ``@{``, and the name does not end with ``.``;
- no control character (below 0x20, or 0x7f), space, ``~``, ``^``, ``:``, ``?``, ``*``,
  ``[`` or ``\\``;
- not ``@`` alone; and, for a branch, not ``HEAD`` and not beginning with ``-``.

Whole-string checks only (no regular expression: ``$`` would match before a trailing
newline).
"""

from __future__ import annotations

_FORBIDDEN = frozenset(" ~^:?*[\\\x7f") | {chr(c) for c in range(0x20)}


def branch_name_problem(name: str) -> str | None:
    """Why git would refuse ``name`` as a branch name, or ``None`` when it accepts it."""
    if not name:
        return "is empty"
    if name in ("@", "HEAD"):
        return f"{name!r} is reserved by git"
    if name.startswith("-"):
        return "must not begin with '-'"
    if any(c in _FORBIDDEN for c in name):
        return "must not contain spaces, control characters or any of ~ ^ : ? * [ \\"
    if ".." in name or "@{" in name:
        return "must not contain '..' or '@{'"
    if name.endswith("."):
        return "must not end with '.'"
    for component in name.split("/"):
        if not component:
            return "must not begin or end with '/' or contain '//'"
        if component.startswith("."):
            return "no '/'-separated part may begin with '.'"
        if component.endswith(".lock"):
            return "no '/'-separated part may end with '.lock'"
    return None
