"""A test-only registry and app for the RPC core's own tests.

The specification's examples need methods such as ``subtract`` and ``notify_hello``, and
the limit tests need methods that sleep, block in PostgreSQL, fail unexpectedly or demand
an auth mode. They are declared here with the real contract (``rpc.contract.MethodTable``)
and served by the real app (``rpc.http.build_app``) next to ``system.ping``.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import orjson
import pytest
from aiohttp.test_utils import TestClient, TestServer

import domains.system.rpc
import rpc.discover
from rpc.app.runtime import build_runtime
from rpc.context import CredentialRequest, Principal, RpcContext, Runtime
from rpc.contract import (
    ALL_MODES,
    ANONYMOUS,
    DomainRegistration,
    Group,
    MethodTable,
    NoParams,
    Params,
    Result,
    owner,
)
from rpc.errors import Unauthenticated
from rpc.http import build_app
from rpc.registry import Registry, compose
from rpc.settings import Settings
from sql.database import Database

AUTH_HEADER = "X-Test-Auth"
OWNER_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")

Client = TestClient[Any, Any]


class SubtractParams(Params):
    minuend: int
    subtrahend: int


class ValuesParams(Params):
    values: list[int]


class ValueParams(Params):
    value: int


class EchoParams(Params):
    value: Any = None


class SleepParams(Params):
    seconds: float


class TokenParams(Params):
    """A params model whose field a caller may fill with a secret by mistake."""

    count: int


class WhoAmI(Result):
    actor: str
    auth_mode: str | None


# The test methods are anonymous (each says so), but for ``test.whoami``.
methods = MethodTable("test")


@methods.method("test.subtract", auth=ANONYMOUS, group=Group.SETUP)
async def subtract(ctx: RpcContext, params: SubtractParams) -> int:
    """Minuend minus subtrahend (the specification's example method)."""
    return params.minuend - params.subtrahend


@methods.method("test.sum", auth=ANONYMOUS, group=Group.SETUP)
async def sum_(ctx: RpcContext, params: ValuesParams) -> int:
    """The sum of the values."""
    return sum(params.values)


@methods.method("test.update", auth=ANONYMOUS, group=Group.SETUP)
async def update(ctx: RpcContext, params: ValuesParams) -> None:
    """Accepts values and returns nothing (called as a notification)."""


@methods.method("test.notify_hello", auth=ANONYMOUS, group=Group.SETUP)
async def notify_hello(ctx: RpcContext, params: ValueParams) -> None:
    """Accepts a value and returns nothing (called as a notification)."""


@methods.method("test.get_data", auth=ANONYMOUS, group=Group.SETUP)
async def get_data(ctx: RpcContext, params: NoParams) -> list[str | int]:
    """The specification's fixed answer ``["hello", 5]``."""
    return ["hello", 5]


@methods.method("test.echo", auth=ANONYMOUS, group=Group.SETUP)
async def echo(ctx: RpcContext, params: EchoParams) -> Any:
    """Returns its value unchanged."""
    return params.value


@methods.method("test.sleep", auth=ANONYMOUS, group=Group.SETUP)
async def sleep(ctx: RpcContext, params: SleepParams) -> bool:
    """Sleeps in Python (for the per-call deadline)."""
    await asyncio.sleep(params.seconds)
    return True


@methods.method("test.pg_sleep", auth=ANONYMOUS, group=Group.SETUP)
async def pg_sleep(ctx: RpcContext, params: SleepParams) -> bool:
    """Sleeps inside PostgreSQL (for the statement timeout)."""
    async with ctx.db.connection() as conn:
        await conn.execute("SELECT pg_sleep($1)", params.seconds)
    return True


@methods.method("test.boom", auth=ANONYMOUS, group=Group.SETUP)
async def boom(ctx: RpcContext, params: NoParams) -> bool:
    """Fails with an unexpected exception whose message must not reach the caller."""
    raise RuntimeError("boom: password=hunter2 at /etc/secret/path")


@methods.method("test.count", auth=ANONYMOUS, group=Group.SETUP)
async def count(ctx: RpcContext, params: TokenParams) -> int:
    """Returns the count (a typed params model for validation tests)."""
    return params.count


@methods.method("test.whoami", auth=owner("session"), group=Group.SETUP)
async def whoami(ctx: RpcContext, params: NoParams) -> WhoAmI:
    """The caller as the context sees it (owner through a session only)."""
    return WhoAmI(actor=ctx.actor, auth_mode=ctx.auth_mode)


class HeaderResolver:
    """Test credentials: ``X-Test-Auth: <mode>`` is the owner through that mode."""

    async def resolve(self, runtime: Runtime, request: CredentialRequest) -> Principal | None:
        """The principal named by the header, ``None`` without it."""
        value = request.headers.get(AUTH_HEADER)
        if value is None:
            return None
        for mode in ALL_MODES:
            if value == mode:
                return Principal(user_id=OWNER_ID, mode=mode)
        raise Unauthenticated()


TEST_REGISTRATION = DomainRegistration(
    name="test",
    methods=methods,
    credential_resolver=HeaderResolver(),
)


@pytest.fixture(scope="session")
def test_registry() -> Registry:
    """The real ``system`` and ``rpc`` methods plus the test methods above."""
    return compose([rpc.discover.REGISTRATION, domains.system.rpc.REGISTRATION, TEST_REGISTRATION])


AppFactory = Callable[..., AbstractAsyncContextManager[Client]]


@pytest.fixture
def serve(settings: Settings, db: Database, test_registry: Registry) -> AppFactory:
    """Serve the test registry over HTTP, with optional settings overrides or database."""

    @asynccontextmanager
    async def factory(database: Database | None = None, **overrides: Any) -> AsyncIterator[Client]:
        s = settings.model_copy(update=overrides) if overrides else settings
        runtime = build_runtime(s, database or db, test_registry)
        app = build_app(runtime, test_registry)
        async with TestClient(TestServer(app, host="127.0.0.1")) as client:
            yield client

    return factory


@pytest.fixture
async def rpc_client(serve: AppFactory) -> AsyncIterator[Client]:
    """An HTTP client for the test registry with the session's settings."""
    async with serve() as client:
        yield client


async def post(
    client: Client, body: bytes | str | Any, headers: dict[str, str] | None = None
) -> tuple[int, str, Any]:
    """POST raw bytes (or JSON-encode a value) to /rpc: status, text and decoded body."""
    if isinstance(body, str):
        data = body.encode()
    elif isinstance(body, bytes):
        data = body
    else:
        data = orjson.dumps(body)
    hdrs = {"Content-Type": "application/json", **(headers or {})}
    resp = await client.post("/rpc", data=data, headers=hdrs)
    text = await resp.text()
    return resp.status, text, orjson.loads(text) if text else None


def req(method: str, params: Any = None, id: Any = 1, *, notification: bool = False) -> Any:
    """A request object; ``notification=True`` leaves out the id."""
    out: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
    if params is not None:
        out["params"] = params
    if not notification:
        out["id"] = id
    return out


def assert_error_data(response: dict[str, Any], code: int, kind: str) -> dict[str, Any]:
    """Check an error response's code and its ``data`` (kind and request id); return data."""
    assert response["jsonrpc"] == "2.0"
    assert "result" not in response
    error = response["error"]
    assert error["code"] == code, response
    assert isinstance(error["message"], str)
    data: dict[str, Any] = error["data"]
    assert data["kind"] == kind
    assert isinstance(data["request_id"], str)
    assert data["request_id"]
    return data
