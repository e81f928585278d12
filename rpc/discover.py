"""``rpc.discover``: the OpenRPC document of the running server."""

from __future__ import annotations

from typing import Any

from rpc.context import RpcContext
from rpc.contract import ANONYMOUS, DomainRegistration, Group, MethodTable, NoParams

methods = MethodTable("rpc")


@methods.method("rpc.discover", auth=ANONYMOUS, group=Group.SETUP, idempotent=True)
async def discover(ctx: RpcContext, params: NoParams) -> dict[str, Any]:
    """The OpenRPC 1.3 document describing every method of this server."""
    return ctx.runtime.document.document


REGISTRATION = DomainRegistration(name="rpc", methods=methods)
