"""JidoCode RPC: the JSON-RPC framework and the HTTP edge.

Registry, dispatch, errors, auth resolution, the aiohttp app, the OpenRPC export, the
inventory and the command line. It knows the domains only through the registrations it
composes at start-up (``domains.registrations()``).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jidocode")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
