"""The method contract (DESIGN §3): how a domain declares a JSON-RPC method.

A declaration drives dispatch, the schema export, the inventory and both generated
clients, so everything a caller may rely on is here: name, params model, result type,
declared errors, auth, action group, idempotency and the handler's docstring.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter

from domains.shared.errors import AppError

if TYPE_CHECKING:
    from rpc.context import CredentialResolver, JobHandler, Lifecycle, RpcContext

AuthMode = Literal["session", "token", "api_key"]
ALL_MODES: frozenset[AuthMode] = frozenset({"session", "token", "api_key"})

_NAME = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


class Group(IntEnum):
    """The eight action groups of the inventory (DESIGN §7)."""

    SETUP = 1
    PROJECTS = 2
    RUNS = 3
    APPROVALS = 4
    GIT = 5
    GITHUB = 6
    AGENTS = 7
    FORGE = 8


class Params(BaseModel):
    """Base of every params model: named fields only, unknown names refused."""

    model_config = ConfigDict(extra="forbid")


class NoParams(Params):
    """For methods without params: accepts an absent ``params``, ``{}`` or ``[]``."""


class Result(BaseModel):
    """Base of every result model."""


@dataclass(frozen=True, slots=True)
class Auth:
    """Who may call a method: anyone, or the owner through some auth modes."""

    anonymous: bool
    modes: frozenset[AuthMode]

    def describe(self) -> str:
        """``anonymous`` or the allowed modes joined by ``|``, as the schema shows it."""
        return "anonymous" if self.anonymous else "|".join(sorted(self.modes))


ANONYMOUS = Auth(anonymous=True, modes=frozenset())
OWNER = Auth(anonymous=False, modes=ALL_MODES)


def owner(*modes: AuthMode) -> Auth:
    """The owner, through only the given modes."""
    return Auth(anonymous=False, modes=frozenset(modes) or ALL_MODES)


Handler = Callable[["RpcContext", Any], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class Method:
    """One declared JSON-RPC method."""

    name: str
    handler: Handler
    params: type[Params]
    result: Any
    errors: tuple[type[AppError], ...]
    auth: Auth
    group: Group
    idempotent: bool
    result_adapter: TypeAdapter[Any] = field(repr=False, compare=False)

    @property
    def description(self) -> str:
        """The handler's docstring, cleaned; it becomes the clients' doc comment."""
        return inspect.getdoc(self.handler) or ""


def method(
    name: str,
    handler: Handler,
    *,
    params: type[Params],
    result: Any,
    group: Group,
    auth: Auth = OWNER,
    errors: Sequence[type[AppError]] = (),
    idempotent: bool = False,
) -> Method:
    """Declare a method; refuses a bad name or a handler without a docstring."""
    if not _NAME.match(name):
        raise ValueError(f"method name {name!r} is not <domain>.<action> in snake_case")
    if not inspect.getdoc(handler):
        raise ValueError(f"handler of {name} has no docstring")
    if not inspect.iscoroutinefunction(handler):
        raise ValueError(f"handler of {name} must be async")
    return Method(
        name=name,
        handler=handler,
        params=params,
        result=result,
        errors=tuple(errors),
        auth=auth,
        group=group,
        idempotent=idempotent,
        result_adapter=TypeAdapter(result),
    )


@dataclass(frozen=True)
class DomainRegistration:
    """What a domain contributes to the server, composed at start-up."""

    name: str
    methods: Sequence[Method] = ()
    job_handlers: Mapping[str, JobHandler] = field(default_factory=dict)
    credential_resolver: CredentialResolver | None = None
    lifecycle: Lifecycle | None = None
