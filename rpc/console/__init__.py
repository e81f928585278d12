"""The operator console: a TypeScript app (``src/``, built by ``build.mjs`` with esbuild)
whose bundle (``dist/``) ships as package data and is served by ``jidocode serve`` at ``/``
(``rpc.console.serve``), so serving it needs no Node.

Only ``serve`` is Python; it knows nothing of the app but the layout of ``dist/``:
``index.html`` and content-hashed files under ``assets/``.
"""
