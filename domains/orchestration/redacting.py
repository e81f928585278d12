"""The redactor orchestration applies to everything it stores from the outside world."""

from __future__ import annotations

from domains.shared.redaction import Redactor
from rpc.context import Runtime

# Without the setup domain's component (known secret values), shapes are still masked.
_SHAPES_ONLY = Redactor()


def redactor(runtime: Runtime) -> Redactor:
    """The runtime's redactor, or a shape-only one when none was provided."""
    try:
        return runtime.get(Redactor)
    except LookupError:
        return _SHAPES_ONLY
