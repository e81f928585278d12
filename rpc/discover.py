"""``rpc.discover``: the OpenRPC document of the running server."""

from __future__ import annotations

from typing import Any

from rpc.context import RpcContext
from rpc.contract import ANONYMOUS, DomainRegistration, Group, NoParams, method


class ServedDocument:
    """The document built from the live registry at start-up (a runtime component)."""

    def __init__(self, document: dict[str, Any], rendered: bytes) -> None:
        self.document = document
        self.rendered = rendered


async def discover(ctx: RpcContext, params: NoParams) -> dict[str, Any]:
    """The OpenRPC 1.3 document describing every method of this server."""
    return ctx.runtime.get(ServedDocument).document


REGISTRATION = DomainRegistration(
    name="rpc",
    methods=[
        method(
            "rpc.discover",
            discover,
            params=NoParams,
            result=dict[str, Any],
            auth=ANONYMOUS,
            group=Group.SETUP,
            idempotent=True,
        ),
    ],
)
