"""Results of the system methods."""

from __future__ import annotations

from rpc.contract import Result


class Pong(Result):
    """The answer to ``system.ping``."""

    pong: bool = True


class VersionInfo(Result):
    """What a client needs to know about the server it talks to."""

    package_version: str
    inventory_version: int
    postgres_version: str
