"""The business domains of JidoCode RPC, one package each, plus shared adapters.

Each domain package declares its methods on its handlers (``rpc.py``) and exposes one
``REGISTRATION``; the composition root (``rpc.app``) lists them. Domains call one another
only through the other domain's ``service.py`` facade. ``domains.shared`` holds what
several domains use (sealing, cursors); ``domains.github_api`` is the GitHub REST client.
"""
