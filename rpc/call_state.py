"""What every call of one HTTP request shares: the request id, the caller, the refusal.

The HTTP edge (``rpc.http``) builds one ``CallState`` per request and the dispatcher hands
it to each call of the request (or batch). The caller's credentials are resolved lazily
(``LazyPrincipal``), once per request, and only when a call that needs them runs: an
anonymous call never pays for cookie parsing or a lookup.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from rpc.context import HttpExchange, Principal
from rpc.errors import AppError


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

    def forget(self) -> None:
        """Resolve again on the next call: a call may have revoked the credential."""
        self._task = None


@dataclass(slots=True)
class CallState:
    """What every call of one HTTP request (or batch) shares."""

    request_id: str
    principal: LazyPrincipal
    refusal: AppError | None = None  # set when the whole request is refused (inventory)
    http: HttpExchange | None = None  # the carrying HTTP request (cookies to set, user agent)
    # The body spells a NUL character somewhere: params are searched for it before use.
    may_hold_nul: bool = False
