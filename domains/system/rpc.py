"""System methods: ``system.ping`` and ``system.version``."""

from __future__ import annotations

from domains.system import service
from domains.system.models import Pong, VersionInfo
from rpc import __version__
from rpc.context import RpcContext
from rpc.contract import ANONYMOUS, DomainRegistration, Group, MethodTable, NoParams
from rpc.inventory import INVENTORY_VERSION

methods = MethodTable("system")


@methods.method("system.ping", auth=ANONYMOUS, group=Group.SETUP, idempotent=True)
async def ping(ctx: RpcContext, params: NoParams) -> Pong:
    """Answer at once, touching nothing: the cheapest proof the server is up."""
    return Pong()


@methods.method("system.version", auth=ANONYMOUS, group=Group.SETUP, idempotent=True)
async def version(ctx: RpcContext, params: NoParams) -> VersionInfo:
    """The package version, the inventory version clients must match, and PostgreSQL's."""
    return await service.version_info(
        ctx.db, package_version=__version__, inventory_version=INVENTORY_VERSION
    )


REGISTRATION = DomainRegistration(name="system", methods=methods)
