"""JSON-RPC 2.0 dispatch through jsonrpcserver's async API, configured lean.

What we do around jsonrpcserver, and why:

- parse with orjson and bound the nesting depth ourselves (a 100,000-deep array is
  refused by orjson's own limit or ours, never by recursion);
- replace its per-request jsonschema pass with ``envelope_problem`` per batch element,
  so ``[1, 2, 3]`` gets three errors and a valid element next to a bad one still runs;
- give it one entry function per method that never raises: auth, params validation,
  the deadline and error mapping all happen inside, so jsonrpcserver's generic
  exception path (which would echo ``str(exc)``) is never taken;
- serialise results with the method's Pydantic adapter straight to JSON bytes and embed
  them with ``orjson.Fragment``, so a result is encoded once.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from types import TracebackType
from typing import Any

import asyncpg
import orjson
from jsonrpcserver import Error, Success
from jsonrpcserver.async_dispatcher import dispatch_request
from jsonrpcserver.dispatcher import create_request, to_response
from jsonrpcserver.request import Request
from jsonrpcserver.response import to_serializable_one
from jsonrpcserver.sentinels import NOID
from oslash.either import Right
from pydantic import ValidationError

from rpc import wire_errors as errors
from rpc.context import HttpExchange, Principal, RpcContext, Runtime
from rpc.contract import Method
from rpc.envelope import depth_exceeds, envelope_problem
from rpc.errors import AppError, DeadlineExceeded, Forbidden, Unauthenticated
from rpc.registry import Registry

log = logging.getLogger(__name__)


class _AnyArguments(inspect.Signature):
    """The signature of every entry: ``(state, /, *args, **kwargs)``.

    jsonrpcserver checks each call's arguments with ``inspect.signature(f).bind(...)``
    before calling (``validate_args``). An entry accepts any arguments (it validates
    params itself, with the method's Pydantic model), so that bind can never fail; it
    still cost 3 µs a call, 10–20 µs under load (scripts/bench --stages). Declaring the
    signature up front spares the introspection, and a bind that accepts everything, as
    the real one would here, spares the rest.
    """

    def bind(self, /, *args: Any, **kwargs: Any) -> inspect.BoundArguments:
        return _BOUND


_ENTRY_SIGNATURE = _AnyArguments(
    [
        inspect.Parameter("state", inspect.Parameter.POSITIONAL_ONLY),
        inspect.Parameter("args", inspect.Parameter.VAR_POSITIONAL),
        inspect.Parameter("kwargs", inspect.Parameter.VAR_KEYWORD),
    ]
)
_BOUND = inspect.BoundArguments(_ENTRY_SIGNATURE, OrderedDict())


class LazyPrincipal:
    """Resolves the request's credentials at most once, on the first call that needs them."""

    __slots__ = ("_resolve", "_task")

    def __init__(self, resolve: Callable[[], Awaitable[Principal | None]] | None) -> None:
        self._resolve = resolve
        self._task: asyncio.Future[Principal | None] | None = None

    async def get(self) -> Principal | None:
        """The principal, ``None`` for an anonymous request; raises for bad credentials."""
        if self._resolve is None:
            return None
        if self._task is None:
            self._task = asyncio.ensure_future(self._resolve())
        return await self._task


class Deadlines:
    """Per-call deadlines on one shared timer: ``asyncio.timeout`` semantics, less cost.

    ``asyncio.timeout`` schedules and cancels a timer handle per call; with many calls in
    flight the loop's timer heap grows and every push and pop compares handles in Python
    (measured: about 5 µs a call under load). Every call here gets the same allowance, so
    deadlines expire in the order calls start: in-flight calls sit in an insertion-ordered
    dict, and one timer, armed for the oldest, cancels whichever calls have run out and
    re-arms for the next. As with ``asyncio.timeout``, the call's task is cancelled, and
    its ``CancelledError`` becomes ``TimeoutError`` only when no one else cancelled it too.
    """

    __slots__ = ("_calls", "_loop", "_timer", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._calls: dict[Deadline, None] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._timer: asyncio.TimerHandle | None = None

    def __call__(self) -> Deadline:
        """A context manager bounding the current task's work to ``seconds``; the clock
        starts now (entering it only returns it)."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # first use, or reused on a new loop (tests)
            self._loop, self._calls, self._timer = loop, {}, None
        task = asyncio.current_task(loop)
        if task is None:
            raise RuntimeError("a deadline needs to run inside a task")
        deadline = Deadline(self, task, loop.time() + self.seconds)
        self._calls[deadline] = None
        if self._timer is None:
            self._arm(deadline.when)
        return deadline

    def _arm(self, when: float) -> None:
        assert self._loop is not None
        self._timer = self._loop.call_at(when, self._expire)

    def _expire(self) -> None:
        self._timer = None
        assert self._loop is not None
        now = self._loop.time()
        for deadline in list(self._calls):
            if deadline.when > now:
                self._arm(deadline.when)
                return
            del self._calls[deadline]
            deadline.expired = True
            deadline.task.cancel()


class Deadline:
    """One call's deadline (see ``Deadlines``); a synchronous context manager."""

    __slots__ = ("cancelling", "expired", "owner", "task", "when")

    def __init__(self, owner: Deadlines, task: asyncio.Task[Any], when: float) -> None:
        self.owner = owner
        self.task = task
        self.when = when
        self.cancelling = task.cancelling()
        self.expired = False

    def __enter__(self) -> Deadline:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self.expired:
            self.owner._calls.pop(self, None)
            return
        # Ours was one of the task's cancellations; undo it, and turn the CancelledError
        # into TimeoutError only when no other cancellation is pending (asyncio.timeout).
        if self.task.uncancel() <= self.cancelling and exc_type is asyncio.CancelledError:
            raise TimeoutError from exc


@dataclass(slots=True)
class CallState:
    """What every call of one HTTP request shares (jsonrpcserver's ``context``)."""

    request_id: str
    principal: LazyPrincipal
    refusal: AppError | None = None  # set when the whole request is refused (inventory)
    http: HttpExchange | None = None  # the carrying HTTP request (cookies to set, user agent)


def _request_error(code: int, message: str, kind: str, request_id: str, **extra: Any) -> bytes:
    return orjson.dumps(
        {
            "jsonrpc": "2.0",
            "error": errors.standard(code, message, kind, request_id, **extra),
            "id": None,
        }
    )


def invalid_request(request_id: str, reason: str) -> bytes:
    """A whole-request -32600 answer (too large, too deep, batch too big, empty batch)."""
    return _request_error(
        errors.INVALID_REQUEST, "Invalid request", "invalid_request", request_id, reason=reason
    )


def _invalid_element(request_id: str, reason: str) -> dict[str, Any]:
    return {
        "jsonrpc": "2.0",
        "error": errors.standard(
            errors.INVALID_REQUEST, "Invalid request", "invalid_request", request_id, reason=reason
        ),
        "id": None,
    }


def _params_errors(exc: ValidationError) -> list[dict[str, Any]]:
    # include_input=False: params may hold a secret, and an error must never echo it.
    return [
        {"loc": list(e["loc"]), "type": e["type"], "msg": e["msg"]}
        for e in exc.errors(include_input=False, include_url=False, include_context=False)
    ]


class Dispatcher:
    """Turns request bodies into response bodies for one registry and runtime."""

    def __init__(self, registry: Registry, runtime: Runtime) -> None:
        self.registry = registry
        self.runtime = runtime
        settings = runtime.settings
        self.max_depth = settings.max_json_depth
        self.max_batch = settings.max_batch_size
        self.deadline_s = settings.call_deadline_s
        self.deadline = Deadlines(self.deadline_s)
        self.entries = {m.name: self._entry(m) for m in registry}
        # A params model without fields has one possible value: share it rather than
        # validate ``{}`` on every call (it cannot be changed: unknown names are refused).
        self.no_params = {m.name: m.params() for m in registry if not m.params.model_fields}

    def _entry(self, m: Method) -> Callable[..., Awaitable[Any]]:
        # A partial of the bound ``_call`` rather than a wrapping coroutine function: one
        # coroutine per call instead of two. ``state`` is positional-only so a params
        # member named "state" lands in kwargs (an unknown field, -32602) instead of
        # raising TypeError inside jsonrpcserver.
        entry = partial(self._call, m)
        entry.__signature__ = _ENTRY_SIGNATURE  # type: ignore[attr-defined]
        return entry

    async def _call(self, m: Method, state: CallState, /, *args: Any, **kwargs: Any) -> Any:
        request_id = state.request_id
        try:
            if state.refusal is not None:
                raise state.refusal
            principal = None
            if not m.auth.anonymous:
                principal = await state.principal.get()
                if principal is None:
                    raise Unauthenticated()
                if principal.mode not in m.auth.modes:
                    raise Forbidden(reason=f"{m.name} cannot be called with {principal.mode} auth")
            if args:
                return Error(
                    errors.INVALID_PARAMS,
                    "Invalid params",
                    {
                        "kind": "invalid_params",
                        "request_id": request_id,
                        "errors": [
                            {"loc": [], "type": "by_name", "msg": "params must be an object"}
                        ],
                    },
                )
            try:
                params = (
                    self.no_params[m.name]
                    if not kwargs and m.name in self.no_params
                    else m.params.model_validate(kwargs)
                )
            except ValidationError as exc:
                return Error(
                    errors.INVALID_PARAMS,
                    "Invalid params",
                    {
                        "kind": "invalid_params",
                        "request_id": request_id,
                        "errors": _params_errors(exc),
                    },
                )
            ctx = RpcContext(self.runtime, request_id, principal, state.http)
            with self.deadline():
                value = await m.handler(ctx, params)
            return Success(orjson.Fragment(m.result_adapter.dump_json(value)))
        except AppError as exc:
            return Error(**errors.from_app_error(exc, request_id))
        except TimeoutError:
            return Error(
                **errors.from_app_error(
                    DeadlineExceeded(reason=f"the call exceeded its {self.deadline_s:g}s deadline"),
                    request_id,
                )
            )
        except asyncpg.QueryCanceledError:
            return Error(
                **errors.from_app_error(
                    DeadlineExceeded(reason="a database statement exceeded its timeout"),
                    request_id,
                )
            )
        except Exception:  # the one place an unexpected failure becomes a generic answer
            log.exception("unexpected error in %s", m.name, extra={"request_id": request_id})
            return Error(**errors.internal(request_id))

    def _response(self, request_id: str, request: Request, result: Any) -> dict[str, Any]:
        """The response object for an answered call and jsonrpcserver's result for it."""
        if isinstance(result, Right):
            # Success: the result is already JSON (an orjson.Fragment), so build the
            # object directly instead of through jsonrpcserver's Response round trip.
            return {"jsonrpc": "2.0", "result": result._value.result, "id": request.id}
        out: dict[str, Any] = to_serializable_one(to_response(request, result))
        error = out["error"]
        if error["code"] == errors.METHOD_NOT_FOUND:
            error["data"] = {"kind": "method_not_found", "request_id": request_id}
        return out

    async def handle(self, body: bytes, state: CallState) -> bytes | None:
        """One HTTP body in, one HTTP body out (``None``: nothing to answer)."""
        request_id = state.request_id
        try:
            payload = orjson.loads(body)
        except orjson.JSONDecodeError:
            return _request_error(errors.PARSE_ERROR, "Parse error", "parse_error", request_id)
        # Nesting needs an opening bracket per level, so a body with few of them cannot
        # be too deep: two C-speed counts spare the walk for nearly every request.
        if body.count(b"[") + body.count(b"{") > self.max_depth and depth_exceeds(
            payload, self.max_depth
        ):
            return invalid_request(request_id, f"JSON nests deeper than {self.max_depth} levels")
        if isinstance(payload, list):
            return await self._handle_batch(payload, state)
        problem = envelope_problem(payload)
        if problem is not None:
            return orjson.dumps(_invalid_element(request_id, problem))
        # One call: jsonrpcserver's per-request step directly, without the
        # asyncio.gather (a task and two extra loop iterations) its batch path wraps
        # around every request.
        request = create_request(payload)
        _, result = await dispatch_request(self.entries, state, request)
        if request.id is NOID:
            return None
        return orjson.dumps(self._response(request_id, request, result))

    async def _handle_batch(self, batch: list[Any], state: CallState) -> bytes | None:
        request_id = state.request_id
        if not batch:
            return invalid_request(request_id, "an empty batch is not a request")
        if len(batch) > self.max_batch:
            return invalid_request(request_id, f"a batch holds at most {self.max_batch} calls")
        requests: list[Request] = []
        invalid: list[dict[str, Any]] = []
        for element in batch:
            problem = envelope_problem(element)
            if problem is None:
                requests.append(create_request(element))
            else:
                invalid.append(_invalid_element(request_id, problem))
        results = await self._run_batch(requests, state)
        out = [
            self._response(request_id, request, result)
            for request, result in results
            if request.id is not NOID
        ]
        out += invalid
        return orjson.dumps(out) if out else None

    async def _run_batch(self, requests: list[Request], state: CallState) -> list[Any]:
        """Every call's (request, result), in order.

        Calls run one after another on one lent pooled connection: under load that is
        the cheapest way through a batch (one pool checkout instead of one per call, no
        task per call). Once the batch has run for ``BATCH_SEQUENTIAL_S``, whatever is
        left runs concurrently, so a batch of slow calls is not serialised.
        """
        entries = self.entries
        loop = asyncio.get_running_loop()
        sequential_until = loop.time() + BATCH_SEQUENTIAL_S
        results: list[Any] = []
        async with self.runtime.db.lending():
            for request in requests:
                results.append(await dispatch_request(entries, state, request))
                if loop.time() > sequential_until:
                    break
        rest = requests[len(results) :]
        if rest:
            results += await asyncio.gather(
                *(dispatch_request(entries, state, request) for request in rest)
            )
        return results


# How long a batch runs its calls one after another before running the rest concurrently.
BATCH_SEQUENTIAL_S = 0.1
