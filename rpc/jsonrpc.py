"""The adapter to jsonrpcserver: the one module that imports it, through its public API.

jsonrpcserver routes request objects: it picks the method's entry, splits ``params``
into arguments, calls the entry with ``context`` first, and tells a notification from
a call. Everything else is ours (``rpc.dispatch``): parsing, the envelope check, params
validation, auth, deadlines and every error answer, all inside the call an entry starts.

Only names in ``jsonrpcserver.__all__`` are used and no private attribute is read, so
the library is type-checked (``mypy --strict``) and could be replaced behind this module.

How, and why so:

- routing is synchronous (``dispatch_to_response``, ``dispatch_to_serializable``). The
  asynchronous functions wrap every request in ``asyncio.gather``: a task and three
  loop iterations a call, which took ``system.ping`` from about 25 µs to 110 µs
  (scripts/bench --stages). So an entry (``Entry``) does not run its call: it creates
  the call's coroutine, leaves it in the context (``_Routing``) and acknowledges it
  with ``Success(index)``; the dispatcher awaits it (a batch's calls one after another
  on a lent connection, then concurrently);
- jsonrpcserver gets the request we already parsed and checked: ``deserializer``
  returns it, ``validator`` accepts it;
- every name routes to an entry (``Entries``, with the dispatcher's entry for unknown
  names), so jsonrpcserver never answers by itself: its answer for one request object
  only says whether to answer (not for a notification), and for a batch which calls
  to answer (the index) under which id. ``dispatch_to_response`` is the cheaper of the
  two (``dispatch_to_serializable`` adds a ``typing.cast`` of a subscripted ``Union``
  per request) but answers ``Either`` values, readable only through private
  attributes; so a single request, which needs no reading, goes through it;
- an outcome's result is already JSON (an ``orjson.Fragment``), so a response is
  encoded once, by the dispatcher;
- every entry declares its signature up front (``_ENTRY_SIGNATURE``): jsonrpcserver
  checks each call's arguments with ``inspect.signature(f).bind(...)``, which costs
  3 µs a call (10–20 µs under load) and can never fail for an entry.

What the public path costs: its pipeline (``Either`` binds, ``compose``, whose nested
annotations are evaluated on every request, ``map``/``filter``/``starmap``) makes routing
one request cost about 15 µs against about 6 µs for the internal functions called before
(``system.ping`` through ``Dispatcher.handle``: 14 µs before, 24 µs now, on the machine
the figures above come from); a batch's elements cost about 3 µs more each.
"""

from __future__ import annotations

import inspect
from collections import OrderedDict
from collections.abc import Callable, Coroutine, Mapping, Sequence
from functools import partial
from typing import Any, Literal, cast

import orjson
from jsonrpcserver import Success, dispatch_to_response, dispatch_to_serializable

# What a call ends with: ("result", the result as JSON) or ("error", an error member).
Outcome = tuple[Literal["result", "error"], Any]
# A call, started by jsonrpcserver's routing and run by the dispatcher.
Call = Coroutine[Any, Any, Outcome]


class _AnyArguments(inspect.Signature):
    """The signature of every entry: ``(state, /, *args, **kwargs)``.

    An entry accepts any arguments (the call validates params itself, with the method's
    Pydantic model), so jsonrpcserver's ``bind`` can never fail; declaring the signature
    up front spares the introspection, and a bind that accepts everything, as the real
    one would here, spares the rest.
    """

    def bind(self, /, *args: Any, **kwargs: Any) -> inspect.BoundArguments:
        """Accept any arguments, as ``(state, /, *args, **kwargs)`` would."""
        return _BOUND


_ENTRY_SIGNATURE = _AnyArguments(
    [
        inspect.Parameter("state", inspect.Parameter.POSITIONAL_ONLY),
        inspect.Parameter("args", inspect.Parameter.VAR_POSITIONAL),
        inspect.Parameter("kwargs", inspect.Parameter.VAR_KEYWORD),
    ]
)
_BOUND = inspect.BoundArguments(_ENTRY_SIGNATURE, OrderedDict())


# The acknowledgements of the first calls of a request, made once: ``Success`` builds two
# objects a call, and they are never changed.
_SHARED_ACKS = 128
_ACKS = [Success(index) for index in range(_SHARED_ACKS)]


class _Routing:
    """jsonrpcserver's ``context`` for one request: the calls its entries started."""

    __slots__ = ("calls", "state")

    def __init__(self, state: object) -> None:
        self.state = state
        self.calls: list[Call] = []


class Entry:
    """What jsonrpcserver calls for one method: it starts the call and acknowledges it
    with the call's index, which jsonrpcserver then reports as the result."""

    __slots__ = ("_call",)
    __signature__ = _ENTRY_SIGNATURE

    def __init__(self, call: Callable[..., Call]) -> None:
        self._call = call

    def __call__(self, routing: _Routing, /, *args: Any, **kwargs: Any) -> object:
        """Create the call's coroutine, for the dispatcher to await."""
        calls = routing.calls
        index = len(calls)
        calls.append(self._call(routing.state, *args, **kwargs))
        return _ACKS[index] if index < _SHARED_ACKS else Success(index)


def entry(call: Callable[..., Call], *bound: Any) -> Entry:
    """The entry of one method; a request routed to it runs ``call(*bound, state,
    *args, **kwargs)``, ``args`` and ``kwargs`` being the request's params.

    Make ``state`` positional-only in ``call``, so that a params member named "state"
    lands in ``kwargs`` (an unknown field for the call to refuse) instead of raising
    TypeError.
    """
    return Entry(partial(call, *bound) if bound else call)


class Entries(dict[str, Entry]):
    """The entries by method name; any other name routes to ``missing`` (-32601)."""

    def __init__(self, entries: Mapping[str, Entry], missing: Entry) -> None:
        super().__init__(entries)
        self.missing = missing

    def __missing__(self, name: str) -> Entry:
        return self.missing


def success(result: orjson.Fragment) -> Outcome:
    """A call's result, already encoded as JSON."""
    return ("result", result)


def failure(error: dict[str, Any]) -> Outcome:
    """A call's error, from an error member (``code``, ``message``, ``data``)."""
    return ("error", error)


def _methods(entries: Entries) -> dict[str, Callable[..., Any]]:
    """``entries`` as jsonrpcserver's ``Methods`` type: a dict, which is invariant, so
    a dict of ``Entry`` is not one to mypy, though every ``Entry`` is such a callable."""
    return cast("dict[str, Callable[..., Any]]", entries)


def _accept(request: Any) -> Any:
    """The validator: requests are checked before they get here (``rpc.envelope``)."""
    return request


def _response(outcome: Outcome, ident: Any) -> dict[str, Any]:
    member, value = outcome
    return {"jsonrpc": "2.0", member: value, "id": ident}


async def dispatch(
    entries: Entries, state: object, element: dict[str, Any]
) -> dict[str, Any] | None:
    """Run one valid request object: its response object, ``None`` for a notification
    (which runs too). The call gets ``state`` (see ``entry``)."""
    routing = _Routing(state)
    answer = dispatch_to_response(
        "",
        _methods(entries),
        context=routing,
        deserializer=lambda _: element,
        validator=_accept,
    )
    (call,) = routing.calls  # every name routes to an entry
    outcome = await call
    # Not a notification: answer under the request's id (what jsonrpcserver would echo).
    return None if answer is None else _response(outcome, element["id"])


class Routed:
    """A batch routed by jsonrpcserver: the calls to run, in the batch's order, and the
    responses to make of their outcomes."""

    __slots__ = ("_answers", "calls")

    def __init__(self, calls: list[Call], answers: list[dict[str, Any]]) -> None:
        self.calls = calls
        self._answers = answers

    def responses(self, outcomes: Sequence[Outcome]) -> list[dict[str, Any]]:
        """The response objects (none for a notification), ``outcomes[i]`` being the
        outcome of ``calls[i]``."""
        return [_response(outcomes[a["result"]], a["id"]) for a in self._answers]


def route(entries: Entries, state: object, batch: list[dict[str, Any]]) -> Routed:
    """Route a batch of valid request objects; nothing runs until the calls are awaited.
    The calls get ``state`` (see ``entry``)."""
    routing = _Routing(state)
    answers = dispatch_to_serializable(
        "", _methods(entries), context=routing, deserializer=lambda _: batch, validator=_accept
    )
    if not isinstance(answers, list):  # only notifications: jsonrpcserver answers None
        answers = []
    return Routed(routing.calls, answers)
