"""The method contract (DESIGN §3): how a domain declares a JSON-RPC method.

A declaration drives dispatch, the schema export, the inventory and both generated
clients, so everything a caller may rely on is here: name, params model, result type,
declared errors, auth, action group, idempotency and the handler's docstring.
"""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, TypeAdapter

from rpc.context import AuthMode as AuthMode
from rpc.context import (
    CredentialResolver,
    JobHandler,
    Lifecycle,
    Probe,
    RpcContext,
    StepKindHandler,
    WebhookIntakeFactory,
)
from rpc.errors import AppError

if TYPE_CHECKING:
    from rpc.event_families import EventFamily
    from rpc.metrics import ScrapeGauge
    from rpc.retention import Pruner
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


def _storable(value: datetime) -> datetime:
    """``value`` in UTC, refused when UTC cannot hold it.

    PostgreSQL's ``timestamptz`` spans 4713 BC to 294276 AD, but Python's ``datetime``
    (which asyncpg encodes through, converting to UTC) spans only years 1 to 9999: so
    ``9999-12-31T23:00:00-05:00`` or ``0001-01-01T00:30:00+01:00`` parse, then fail on
    the way to the database. Converting here makes that a params error instead.
    """
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is outside the storable range (years 1 to 9999 in UTC)") from None


# The type of every datetime a params model accepts: with an offset (a naive time is
# ambiguous), and within the range the database can be handed (``_storable``).
Timestamp = Annotated[AwareDatetime, AfterValidator(_storable)]


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


Handler = Callable[[RpcContext, Any], Awaitable[Any]]


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
    # The call may revoke credentials (the caller's own among them): the dispatcher
    # resolves the caller again before the batch's next call (DESIGN §8).
    revokes_credentials: bool = False

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
    revokes_credentials: bool = False,
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
        revokes_credentials=revokes_credentials,
    )


P = TypeVar("P", bound=Params)
R = TypeVar("R")
# A handler as mypy checks it against its declaration: ``(ctx, params: P) -> R``.
TypedHandler = Callable[[RpcContext, P], Awaitable[R]]


class MethodTable:
    """A domain's methods, each declared on its handler.

    ::

        methods = MethodTable("projects")

        @methods.method("projects.get", group=Group.PROJECTS, errors=[ProjectNotFound])
        async def get_project(ctx: RpcContext, params: ProjectRef) -> ProjectDetail:
            \"\"\"Get one project.\"\"\"

    The params model and the result type come from the handler's annotations (so mypy
    checks the declaration with the handler) and the docstring is the description. The
    decorator returns the handler unchanged; a name declared twice is refused.
    """

    def __init__(self, domain: str) -> None:
        self.domain = domain
        self._methods: dict[str, Method] = {}

    def method(
        self,
        name: str,
        *,
        group: Group,
        auth: Auth = OWNER,
        errors: Sequence[type[AppError]] = (),
        idempotent: bool = False,
        revokes_credentials: bool = False,
    ) -> Callable[[TypedHandler[P, R]], TypedHandler[P, R]]:
        """Declare the decorated handler as method ``name`` (``revokes_credentials``: the
        call may revoke the caller's credential, see ``Method``)."""

        def declare(handler: TypedHandler[P, R]) -> TypedHandler[P, R]:
            if name in self._methods:
                raise ValueError(f"method {name} is declared twice in {self.domain}")
            params, result = _signature_types(name, handler)
            self._methods[name] = method(
                name,
                handler,
                params=params,
                result=result,
                group=group,
                auth=auth,
                errors=errors,
                idempotent=idempotent,
                revokes_credentials=revokes_credentials,
            )
            return handler

        return declare

    def __iter__(self) -> Iterator[Method]:
        return iter(self._methods.values())

    def __len__(self) -> int:
        return len(self._methods)


def _signature_types(name: str, handler: Callable[..., Any]) -> tuple[type[Params], Any]:
    """The params model and result type from ``handler(ctx, params) -> result``."""
    hints = typing.get_type_hints(handler)
    positional = list(inspect.signature(handler).parameters)
    if len(positional) != 2:
        raise ValueError(f"handler of {name} must take (ctx, params)")
    params = hints.get(positional[1])
    if not (isinstance(params, type) and issubclass(params, Params)):
        raise ValueError(f"handler of {name} must annotate its params with a Params model")
    if "return" not in hints:
        raise ValueError(f"handler of {name} must annotate its result")
    return params, hints["return"]


@dataclass(frozen=True)
class DomainRegistration:
    """What a domain contributes to the server, composed at start-up."""

    name: str
    methods: MethodTable | Sequence[Method] = ()
    job_handlers: Mapping[str, JobHandler] = field(default_factory=dict)
    # Job kinds that hold a worker for minutes (a coding agent's run): the server serves
    # them with a pool of their own (``long_job_concurrency``), so they never starve the
    # short jobs (clones, deliveries) of worker loops.
    long_job_kinds: frozenset[str] = frozenset()
    # Job kinds that wait on long jobs (the step engine's run driver waits on Forge's
    # execs): a pool of their own again (``driver_job_concurrency``), or drivers holding
    # every long loop would wait forever for execs no loop is left to run.
    driver_job_kinds: frozenset[str] = frozenset()
    credential_resolver: CredentialResolver | None = None
    lifecycle: Lifecycle | None = None
    # Retention: what this domain deletes when it is old (``jidocode prune`` and the
    # periodic job run every registered pruner).
    pruners: Sequence[Pruner] = ()
    webhook_intakes: Mapping[str, WebhookIntakeFactory] = field(default_factory=dict)
    # Step kinds this domain runs for the step engine (a kind is one domain's).
    step_handlers: Mapping[str, StepKindHandler] = field(default_factory=dict)
    probes: Mapping[str, Probe] = field(default_factory=dict)
    # Gauges read from the database at each ``GET /metrics`` (``rpc.metrics``).
    scrape_gauges: Sequence[ScrapeGauge] = ()
    # The event topics this domain writes (``rpc.events``).
    event_families: Sequence[EventFamily] = ()
