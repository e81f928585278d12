"""What a handler, a job or a credential resolver receives.

``Runtime`` is built once at start-up (settings, database, shared components a domain
registers); ``RpcContext`` is built per call from it. Domains see these types, never
aiohttp.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar
from uuid import UUID

if TYPE_CHECKING:
    from rpc.contract import AuthMode
    from rpc.settings import Settings
    from sql.database import Database

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated caller: the owner, through one auth mode and credential."""

    user_id: UUID
    mode: AuthMode
    credential_id: UUID | None = None

    @property
    def actor(self) -> str:
        """How the caller is named in history and audit rows."""
        return f"owner:{self.user_id}"


@dataclass
class Runtime:
    """Everything built once at start-up and shared by calls and jobs."""

    settings: Settings
    db: Database
    components: dict[type[Any], Any] = field(default_factory=dict)

    def provide(self, component: object) -> None:
        """Register a shared component under its class (at start-up only)."""
        self.components[type(component)] = component

    def get(self, kind: type[T]) -> T:
        """The registered component of this class; a missing one is a start-up bug."""
        try:
            return self.components[kind]  # type: ignore[no-any-return]
        except KeyError:
            raise LookupError(f"component {kind.__name__} was not registered") from None


@dataclass(frozen=True, slots=True)
class ResponseCookie:
    """A cookie a handler asks the HTTP edge to set (``max_age=0`` deletes it)."""

    name: str
    value: str
    max_age: int
    secure: bool
    http_only: bool = True
    same_site: Literal["Strict", "Lax"] = "Strict"
    path: str = "/"


@dataclass(slots=True)
class HttpExchange:
    """What the HTTP request carrying a call tells its handler, and what the handler asks
    of the HTTP response, without the handler seeing aiohttp. Shared by every call of one
    request (a batch); ``None`` on an ``RpcContext`` built outside HTTP."""

    user_agent: str | None = None
    cookies: list[ResponseCookie] = field(default_factory=list)

    def set_cookie(self, cookie: ResponseCookie) -> None:
        """Ask for a ``Set-Cookie`` header on the response."""
        self.cookies.append(cookie)


@dataclass(frozen=True, slots=True)
class RpcContext:
    """Per-call context: who calls, the request id, and the runtime."""

    runtime: Runtime
    request_id: str
    principal: Principal | None
    http: HttpExchange | None = None

    @property
    def db(self) -> Database:
        return self.runtime.db

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def actor(self) -> str:
        """``owner:<id>`` for an authenticated caller, ``anonymous`` otherwise."""
        return self.principal.actor if self.principal else "anonymous"

    @property
    def auth_mode(self) -> AuthMode | None:
        return self.principal.mode if self.principal else None


@dataclass(frozen=True, slots=True)
class CredentialRequest:
    """The parts of an HTTP request a credential resolver may look at."""

    http_method: str
    headers: Mapping[str, str]
    cookies: Mapping[str, str]
    host: str
    scheme: str
    remote: str | None


class CredentialResolver(Protocol):
    """Turns a request's credentials into a principal.

    Returns ``None`` when the request carries no credentials; raises ``Unauthenticated``
    for bad, expired or revoked ones and ``Forbidden`` for a refused cookie request.
    """

    async def resolve(self, runtime: Runtime, request: CredentialRequest) -> Principal | None:
        """Resolve once per HTTP request."""
        ...


@dataclass(frozen=True, slots=True)
class JobContext:
    """What a job handler receives."""

    runtime: Runtime
    job_id: UUID
    attempt: int
    max_attempts: int = 1

    @property
    def db(self) -> Database:
        return self.runtime.db

    @property
    def final_attempt(self) -> bool:
        """True when a failure now leaves the job ``dead``: the last chance to record why."""
        return self.attempt >= self.max_attempts


JobHandler = Callable[[JobContext, dict[str, Any]], Awaitable[None]]


class Lifecycle(Protocol):
    """Start-up and shut-down hooks of a domain (components, background tasks)."""

    async def start(self, runtime: Runtime) -> None:
        """Called once after the database is migrated, before serving."""
        ...

    async def stop(self, runtime: Runtime) -> None:
        """Called once while shutting down."""
        ...


class WebhookIntake(Protocol):
    """Receives one webhook delivery the HTTP edge has read (headers and raw bytes).

    Returns the HTTP status and a small JSON body; never raises for bad input. Domains
    provide one per source through ``WebhookIntakes`` in their lifecycle; the HTTP edge
    routes ``POST /webhooks/<source>`` to it without knowing the domain.
    """

    async def receive(
        self, headers: Mapping[str, str], raw_body: bytes, remote: str | None
    ) -> tuple[int, dict[str, Any]]:
        """Verify, store and acknowledge one delivery."""
        ...


class WebhookIntakes:
    """Webhook intakes by source name (``github``), a runtime component."""

    def __init__(self) -> None:
        self._by_source: dict[str, WebhookIntake] = {}

    @classmethod
    def of(cls, runtime: Runtime) -> WebhookIntakes:
        """The runtime's intakes, provided on first use (from a lifecycle's ``start``)."""
        try:
            return runtime.get(cls)
        except LookupError:
            intakes = cls()
            runtime.provide(intakes)
            return intakes

    def register(self, source: str, intake: WebhookIntake) -> None:
        """Route ``source``'s deliveries to ``intake`` (replacing an earlier one)."""
        self._by_source[source] = intake

    def get(self, source: str) -> WebhookIntake | None:
        """The intake for ``source``, or ``None`` when no domain provided one."""
        return self._by_source.get(source)
