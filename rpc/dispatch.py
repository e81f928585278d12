"""JSON-RPC 2.0 dispatch: request bodies in, response bodies out (``Dispatcher``).

What we do around jsonrpcserver (reached through ``rpc.jsonrpc`` only), and why:

- parse with orjson and bound the nesting depth ourselves (a 100,000-deep array is
  refused by orjson's own limit or ours, never by recursion);
- replace its per-request jsonschema pass with ``envelope_problem`` per batch element,
  so ``[1, 2, 3]`` gets three errors and a valid element next to a bad one still runs;
- let it only route: a call runs outside it, in ``Dispatcher._call``, which never
  raises (auth, params validation, the deadline and error mapping all happen inside),
  so no exception's text is ever echoed; an unknown name is ``_not_found``'s -32601;
- serialise results with the method's Pydantic adapter straight to JSON bytes and embed
  them with ``orjson.Fragment``, so a result is encoded once;
- run a batch's calls one after another on one lent pooled connection, then whatever is
  left concurrently (``_run_batch``), unless the batch holds a call that may revoke
  credentials: then every call runs in order, and the caller is resolved again after
  that call (DESIGN §8: a revoked credential is refused for the rest of the batch);
- refuse params holding a NUL character, for every method at once (PostgreSQL text
  cannot hold one), searching params only when the body spells one;
- time every call, count it (``rpc.metrics``) and write its access line
  (``rpc.access_log``): method, outcome, duration and request id, never its params.

The pieces it uses live apart: per-call deadlines in ``rpc.deadlines``, the per-request
state in ``rpc.call_state``, every error shape in ``rpc.wire_errors``.
"""

from __future__ import annotations

import asyncio
import logging
from time import perf_counter
from typing import Any

import asyncpg
import orjson
from pydantic import ValidationError

from rpc import access_log, jsonrpc
from rpc import wire_errors as errors
from rpc.call_state import CallState
from rpc.context import RpcContext, Runtime
from rpc.contract import Method
from rpc.deadlines import Deadlines
from rpc.envelope import NUL_ESCAPE, depth_exceeds, envelope_problem, nul_locations
from rpc.errors import AppError, DeadlineExceeded, Forbidden, Unauthenticated
from rpc.registry import Registry

log = logging.getLogger(__name__)


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
        self.entries = jsonrpc.Entries(
            {m.name: jsonrpc.entry(self._call, m) for m in registry},
            missing=jsonrpc.entry(self._not_found),
        )
        # A params model without fields has one possible value: share it rather than
        # validate ``{}`` on every call (it cannot be changed: unknown names are refused).
        self.no_params = {m.name: m.params() for m in registry if not m.params.model_fields}
        self.revoking = frozenset(m.name for m in registry if m.revokes_credentials)
        self.access_log = settings.access_log
        self.metrics = runtime.metrics

    def _observe(self, name: str, outcome: jsonrpc.Outcome, start: float, request_id: str) -> None:
        """Account for one finished call: its metrics and its access line."""
        elapsed = perf_counter() - start
        kind, code = access_log.outcome_of(outcome)
        self.metrics.observe_call(name, kind, elapsed)
        if access_log.enabled(self.access_log):
            access_log.log_call(name, kind, code, elapsed, request_id)

    async def _call(
        self, m: Method, state: CallState, /, *args: Any, **kwargs: Any
    ) -> jsonrpc.Outcome:
        """One call of ``m``, timed and accounted for (``_observe``); never raises."""
        start = perf_counter()
        outcome = await self._run(m, state, *args, **kwargs)
        self._observe(m.name, outcome, start, state.request_id)
        return outcome

    async def _run(
        self, m: Method, state: CallState, /, *args: Any, **kwargs: Any
    ) -> jsonrpc.Outcome:
        """One call of ``m``: never raises, every failure becomes an error outcome."""
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
                return jsonrpc.failure(errors.positional_params(request_id))
            if state.may_hold_nul:
                nul = nul_locations(kwargs)
                if nul:
                    return jsonrpc.failure(errors.nul_params(request_id, nul))
            try:
                params = (
                    self.no_params[m.name]
                    if not kwargs and m.name in self.no_params
                    else m.params.model_validate(kwargs)
                )
            except ValidationError as exc:
                return jsonrpc.failure(errors.invalid_params(request_id, errors.params_errors(exc)))
            ctx = RpcContext(self.runtime, request_id, principal, state.http)
            try:
                with self.deadline():
                    value = await m.handler(ctx, params)
            finally:
                if m.revokes_credentials:
                    state.principal.forget()
            return jsonrpc.success(orjson.Fragment(m.result_adapter.dump_json(value)))
        except AppError as exc:
            return jsonrpc.failure(errors.from_app_error(exc, request_id))
        except TimeoutError:
            reason = f"the call exceeded its {self.deadline_s:g}s deadline"
            return jsonrpc.failure(
                errors.from_app_error(DeadlineExceeded(reason=reason), request_id)
            )
        except asyncpg.QueryCanceledError:
            reason = "a database statement exceeded its timeout"
            return jsonrpc.failure(
                errors.from_app_error(DeadlineExceeded(reason=reason), request_id)
            )
        except Exception:  # the one place an unexpected failure becomes a generic answer
            log.exception("unexpected error in %s", m.name, extra={"request_id": request_id})
            return jsonrpc.failure(errors.internal(request_id))

    async def _not_found(self, state: CallState, /, *args: Any, **kwargs: Any) -> jsonrpc.Outcome:
        """A call of a name no method has: -32601, whatever else the request says."""
        start = perf_counter()
        outcome = jsonrpc.failure(errors.method_not_found(state.request_id))
        self._observe(access_log.UNKNOWN_METHOD, outcome, start, state.request_id)
        return outcome

    async def handle(self, body: bytes, state: CallState) -> bytes | None:
        """One HTTP body in, one HTTP body out (``None``: nothing to answer)."""
        request_id = state.request_id
        state.may_hold_nul = NUL_ESCAPE in body
        try:
            payload = orjson.loads(body)
        except orjson.JSONDecodeError:
            return errors.request_error(
                errors.PARSE_ERROR, "Parse error", "parse_error", request_id
            )
        # Nesting needs an opening bracket per level, so a body with few of them cannot
        # be too deep: two C-speed counts spare the walk for nearly every request.
        if body.count(b"[") + body.count(b"{") > self.max_depth and depth_exceeds(
            payload, self.max_depth
        ):
            return errors.invalid_request(
                request_id, f"JSON nests deeper than {self.max_depth} levels"
            )
        if isinstance(payload, list):
            return await self._handle_batch(payload, state)
        problem = envelope_problem(payload)
        if problem is not None:
            return orjson.dumps(errors.invalid_element(request_id, problem))
        response = await jsonrpc.dispatch(self.entries, state, payload)
        return None if response is None else orjson.dumps(response)

    async def _handle_batch(self, batch: list[Any], state: CallState) -> bytes | None:
        request_id = state.request_id
        if not batch:
            return errors.invalid_request(request_id, "an empty batch is not a request")
        if len(batch) > self.max_batch:
            return errors.invalid_request(
                request_id, f"a batch holds at most {self.max_batch} calls"
            )
        valid: list[dict[str, Any]] = []
        invalid: list[dict[str, Any]] = []
        for element in batch:
            problem = envelope_problem(element)
            if problem is None:
                valid.append(element)
            else:
                invalid.append(errors.invalid_element(request_id, problem))
        out: list[dict[str, Any]] = []
        if valid:
            routed = jsonrpc.route(self.entries, state, valid)
            in_order = bool(self.revoking) and any(e["method"] in self.revoking for e in valid)
            out = routed.responses(await self._run_batch(routed.calls, in_order=in_order))
        out += invalid
        return orjson.dumps(out) if out else None

    async def _run_batch(
        self, calls: list[jsonrpc.Call], *, in_order: bool = False
    ) -> list[jsonrpc.Outcome]:
        """Every call's outcome, in order.

        Calls run one after another on one lent pooled connection: under load that is
        the cheapest way through a batch (one pool checkout instead of one per call, no
        task per call). Once the batch has run for ``BATCH_SEQUENTIAL_S``, whatever is
        left runs concurrently, so a batch of slow calls is not serialised; ``in_order``
        keeps every call in order (a call may revoke what later ones run on).
        """
        loop = asyncio.get_running_loop()
        sequential_until = loop.time() + (float("inf") if in_order else BATCH_SEQUENTIAL_S)
        outcomes: list[jsonrpc.Outcome] = []
        try:
            async with self.runtime.db.lending():
                for call in calls:
                    outcomes.append(await call)
                    if loop.time() > sequential_until:
                        break
        except BaseException:  # cancelled (the client left): the calls not begun never will
            for call in calls[len(outcomes) :]:  # (closing a finished one does nothing)
                call.close()
            raise
        rest = calls[len(outcomes) :]
        if rest:
            outcomes += await asyncio.gather(*rest)
        return outcomes


# How long a batch runs its calls one after another before running the rest concurrently.
BATCH_SEQUENTIAL_S = 0.1
