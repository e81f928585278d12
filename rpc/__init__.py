"""JidoCode RPC: the JSON-RPC framework and the HTTP edge.

The method contract, context and runtime, the typed errors and their wire codes,
settings, dispatch, the HTTP edge, jobs, redaction, sealing, retention, the OpenRPC
export and the inventory. It imports no domain: the composition root (``rpc.app``) lists
the domains and hands their registrations to the registry.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jidocode")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
