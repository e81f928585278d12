"""The hand-written transport under the generated Python client (aiohttp).

One JSON-RPC call per HTTP request, ``Authorization: Bearer <api key or token>``, the
``X-JidoCode-Inventory`` header, a total timeout per call. Failures::

    ClientError
    ├── TransportError   no usable HTTP answer (connection refused, not JSON, timeout)
    │   └── events.StreamUnavailable   the event stream could not be (re)connected
    └── RpcError         the server answered with a JSON-RPC error (code, kind, data)
        ├── events.CursorExpired       an event cursor older than retention
        └── events.StreamRefused       ``GET /events`` refused (401, 400 topic, 404)

Live events (``GET /events``) are ``codegen.python.events``'s part; it asks the transport
for its URL and headers (``stream_headers``) so a subscription authenticates like a call.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping
from typing import Any

import aiohttp
import orjson
from pydantic import BaseModel, TypeAdapter

INVENTORY_HEADER = "X-JidoCode-Inventory"


class ClientError(Exception):
    """Base of every client-side failure."""


class TransportError(ClientError):
    """No usable HTTP answer: connection failed, timed out, or the body is not JSON-RPC."""


class RpcError(ClientError):
    """The server answered with an error; ``kind`` comes from ``data.kind``."""

    def __init__(self, code: int, message: str, data: Mapping[str, Any]) -> None:
        self.code = code
        self.message = message
        self.data = dict(data)
        self.kind = str(self.data.get("kind", "internal"))
        super().__init__(f"{self.kind} ({code}): {message}")


@functools.cache
def _adapter(result_type: Any) -> TypeAdapter[Any]:
    return TypeAdapter(result_type)


def dump_params(params: BaseModel | Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Params as sent: only what the caller set, so server defaults stay authoritative."""
    if params is None:
        return None
    if isinstance(params, BaseModel):
        dumped: dict[str, Any] = params.model_dump(mode="json", by_alias=True, exclude_unset=True)
        return dumped
    return dict(params)


class Transport:
    """Sends calls to one endpoint; owns its aiohttp session unless given one."""

    def __init__(
        self,
        url: str,
        *,
        api_key: str | None = None,
        timeout_s: float = 30.0,
        inventory_version: int | None = None,
        session: aiohttp.ClientSession | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.url = url
        self._api_key = api_key
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._inventory_version = inventory_version
        self._session = session
        self._owns_session = session is None
        self._headers = dict(headers or {})
        self._ids = itertools.count(1)

    def _headers_for_call(self) -> dict[str, str]:
        out = {"Content-Type": "application/json", "Accept": "application/json"}
        out.update(self.stream_headers())
        return out

    def stream_headers(self) -> dict[str, str]:
        """The credential, inventory and extra headers every request carries (calls and
        the event stream alike)."""
        out: dict[str, str] = {}
        if self._inventory_version is not None:
            out[INVENTORY_HEADER] = str(self._inventory_version)
        if self._api_key:
            out["Authorization"] = f"Bearer {self._api_key}"
        out.update(self._headers)
        return out

    async def raw_call(self, method: str, params: BaseModel | Mapping[str, Any] | None) -> Any:
        """The call's JSON result as decoded; raises ``RpcError`` or ``TransportError``."""
        body: dict[str, Any] = {"jsonrpc": "2.0", "id": next(self._ids), "method": method}
        dumped = dump_params(params)
        if dumped is not None:
            body["params"] = dumped
        if self._session is None:
            self._session = aiohttp.ClientSession()
        try:
            async with self._session.post(
                self.url,
                data=orjson.dumps(body),
                headers=self._headers_for_call(),
                timeout=self._timeout,
            ) as response:
                raw = await response.read()
                status = response.status
        except TimeoutError as exc:
            raise TransportError(f"no answer from {self.url} in time") from exc
        except aiohttp.ClientError as exc:
            raise TransportError(f"cannot reach {self.url}: {exc}") from exc
        try:
            answer = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise TransportError(f"HTTP {status} from {self.url}: not JSON") from exc
        if not isinstance(answer, dict):
            raise TransportError(f"HTTP {status} from {self.url}: not a JSON-RPC response")
        error = answer.get("error")
        if isinstance(error, dict):
            data = error.get("data")
            raise RpcError(
                int(error.get("code", -32603)),
                str(error.get("message", "Error")),
                data if isinstance(data, dict) else {},
            )
        if "result" not in answer:
            raise TransportError(f"HTTP {status} from {self.url}: no result and no error")
        return answer["result"]

    async def call(
        self, method: str, params: BaseModel | Mapping[str, Any] | None, result_type: Any
    ) -> Any:
        """The call's result validated as ``result_type``."""
        return _adapter(result_type).validate_python(await self.raw_call(method, params))

    async def close(self) -> None:
        """Close the HTTP session if this transport opened it."""
        if self._session is not None and self._owns_session:
            await self._session.close()
        self._session = None
