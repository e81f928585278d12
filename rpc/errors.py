"""Typed errors every domain raises; the RPC layer maps each ``kind`` to a wire code.

The tree::

    AppError
    ├── Unauthenticated        unauthenticated     no or bad credentials
    ├── Forbidden              forbidden           this actor or auth mode may not call it
    ├── NotFound               not_found           the named record does not exist
    ├── Conflict               conflict            unique violation, stale update, exists
    ├── ValidationFailed       validation_error    well-formed params break a domain rule
    ├── InvalidTransition      invalid_transition  a state machine refuses the move
    ├── RateLimited            rate_limited        too many attempts
    ├── PolicyViolation        policy_violation    a safety policy blocked the action
    ├── SecretUnavailable      secret_unavailable  a needed secret cannot be had
    ├── ProviderError          provider_error      an upstream provider failed
    ├── ExecutionError         execution_error     a workspace or runner command failed
    ├── DeadlineExceeded       timeout             the call or an upstream ran out of time
    └── InventoryMismatch      inventory_mismatch  the client's schema version is incompatible

Each class names a Pydantic ``Data`` model: the typed fields of the error's ``data`` on the
wire (``kind`` and ``request_id`` are added by the dispatcher). A domain subclasses these
(``RunNotFound(NotFound)``) to give the fields from its own arguments. Nothing here may
carry a secret, a path, SQL or a traceback.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field


class ErrorData(BaseModel):
    """The typed part of an error's ``data``."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoData(ErrorData):
    """An error with no fields beyond ``kind`` and ``request_id``."""


class NotFoundData(ErrorData):
    resource: str
    id: str


class ConflictData(ErrorData):
    resource: str
    reason: str


class FieldError(BaseModel):
    """One field that broke a rule."""

    field: str
    message: str


class ValidationData(ErrorData):
    field_errors: list[FieldError]


class TransitionData(ErrorData):
    model_config = ConfigDict(populate_by_name=True, extra="forbid", frozen=True)

    resource: str
    from_: str | None = Field(default=None, alias="from")
    to: str


class RateLimitData(ErrorData):
    retry_after_s: int


class ReasonData(ErrorData):
    reason: str


class InventoryData(ErrorData):
    server_version: int
    client_version: str


class CursorData(ErrorData):
    topic: str
    after: int
    # Every seq at or below this one may be gone; reload and resume from the newest.
    earliest: int


class AppError(Exception):
    """Base of every typed error; ``kind`` selects the wire code."""

    kind: ClassVar[str] = "internal"
    message: ClassVar[str] = "Internal error"
    Data: ClassVar[type[ErrorData]] = NoData

    def __init__(self, **fields: Any) -> None:
        self.fields = self.Data(**fields)
        super().__init__(f"{self.kind}: {self.fields.model_dump()}")

    def data(self) -> dict[str, Any]:
        """The typed fields as the wire shows them."""
        return self.fields.model_dump(mode="json", by_alias=True)


class Unauthenticated(AppError):
    kind = "unauthenticated"
    message = "Authentication required"


class Forbidden(AppError):
    kind = "forbidden"
    message = "Not allowed"
    Data = ReasonData


class NotFound(AppError):
    kind = "not_found"
    message = "Not found"
    Data = NotFoundData


class Conflict(AppError):
    kind = "conflict"
    message = "Conflict"
    Data = ConflictData


class ValidationFailed(AppError):
    kind = "validation_error"
    message = "Validation failed"
    Data = ValidationData

    @classmethod
    def on(cls, field: str, message: str) -> ValidationFailed:
        """The common case: one field, one message."""
        return cls(field_errors=[FieldError(field=field, message=message)])


class InvalidTransition(AppError):
    kind = "invalid_transition"
    message = "Invalid state transition"
    Data = TransitionData


class RateLimited(AppError):
    kind = "rate_limited"
    message = "Too many attempts"
    Data = RateLimitData


class PolicyViolation(AppError):
    kind = "policy_violation"
    message = "Blocked by policy"
    Data = ReasonData


class SecretUnavailable(AppError):
    kind = "secret_unavailable"
    message = "Secret unavailable"
    Data = ReasonData


class ProviderError(AppError):
    kind = "provider_error"
    message = "Upstream provider failed"
    Data = ReasonData


class ExecutionError(AppError):
    kind = "execution_error"
    message = "Command failed"
    Data = ReasonData


class DeadlineExceeded(AppError):
    kind = "timeout"
    message = "Deadline exceeded"
    Data = ReasonData


class InventoryMismatch(AppError):
    kind = "inventory_mismatch"
    message = "Client inventory version is not compatible"
    Data = InventoryData


class CursorExpired(AppError):
    """An event cursor older than retention: the events after it were pruned."""

    kind = "cursor_expired"
    message = "The event cursor is older than retention; reload and resume"
    Data = CursorData
