"""What a handler, a job or a credential resolver receives.

``Runtime`` is built once at start-up by the composition root, with an explicit typed
field for every shared component (a missing one is a start-up error, never a
fallback); ``RpcContext`` is built per call from it. Domains see these types, never
aiohttp.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from rpc.event_families import EventFamily
    from rpc.metrics import Metrics
    from rpc.redaction import Redactor
    from rpc.retention import Pruner
    from rpc.sealing import KeyRing, SealingKeys
    from rpc.settings import Settings
    from sql.database import Connection, Database

AuthMode = Literal["session", "token", "api_key"]


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


class ServedDocument:
    """The OpenRPC document built from the live registry at start-up."""

    def __init__(self, document: dict[str, Any], rendered: bytes) -> None:
        self.document = document
        self.rendered = rendered


@dataclass(frozen=True)
class Runtime:
    """Everything built once at start-up and shared by calls and jobs."""

    settings: Settings
    db: Database
    key_ring: KeyRing
    sealing_keys: SealingKeys
    redactor: Redactor
    document: ServedDocument
    metrics: Metrics  # this runtime's own registry: tests build many runtimes
    webhook_intakes: Mapping[str, WebhookIntake] = field(default_factory=dict)
    # The step engine's handlers of step kinds other domains run (``fetch_issue``, ...).
    step_handlers: Mapping[str, StepKindHandler] = field(default_factory=dict)
    pruners: Sequence[Pruner] = ()
    probes: Mapping[str, Probe] = field(default_factory=dict)
    # Every topic the event log has (``rpc.event_families``).
    event_families: Sequence[EventFamily] = ()


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
    # The client's address (behind a trusted proxy, the one it forwarded): for security
    # log lines, never for authorization.
    client: str | None = None
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
    # This attempt's fencing token (``rpc.jobs.complete_in`` commits under it).
    lease_token: int = 0
    # The claiming worker's host (``Settings.host_id``); empty when built outside a worker.
    host: str = ""
    # The host the job was enqueued for (where its worktree is); ``None``: any host.
    affinity: str | None = None

    @property
    def db(self) -> Database:
        return self.runtime.db

    @property
    def on_foreign_host(self) -> bool:
        """True when the job belongs to another host that stopped sending heartbeats, so
        this one took it over: what lives only on that host (a worktree) is not here."""
        return self.affinity is not None and self.affinity != self.host

    @property
    def final_attempt(self) -> bool:
        """True when a failure now leaves the job ``dead``: the last chance to record why."""
        return self.attempt >= self.max_attempts


JobHandler = Callable[[JobContext, dict[str, Any]], Awaitable[None]]


class Lifecycle(Protocol):
    """Start-up and shut-down hooks of a domain (loading state, background tasks)."""

    async def start(self, runtime: Runtime) -> None:
        """Called once after the database is migrated, before serving."""
        ...

    async def stop(self, runtime: Runtime) -> None:
        """Called once while shutting down."""
        ...


class WebhookIntake(Protocol):
    """Receives one webhook delivery the HTTP edge has read (headers and raw bytes).

    Returns the HTTP status and a small JSON body; never raises for bad input. Domains
    declare a factory per source in their registration (``webhook_intakes``); the
    runtime holds one intake per source, and the HTTP edge routes
    ``POST /webhooks/<source>`` to it without knowing the domain.
    """

    async def receive(
        self,
        runtime: Runtime,
        headers: Mapping[str, str],
        raw_body: bytes,
        remote: str | None,
    ) -> tuple[int, dict[str, Any]]:
        """Verify, store and acknowledge one delivery."""
        ...


# Makes a source's intake for one runtime (its throttling follows that runtime's
# settings).
WebhookIntakeFactory = Callable[["Settings"], WebhookIntake]

# A yes/no fact one domain answers for another that must not import it (Setup's
# onboarding asks Projects whether a clone is ready), in the caller's transaction.
Probe = Callable[["Connection"], Awaitable[bool]]

# Runs one step kind for the step engine: orchestration's ``StepContext`` in, its
# ``StepOutcome`` out. Typed loosely here because the framework knows no domain's types.
StepKindHandler = Callable[[Any], Awaitable[Any]]
