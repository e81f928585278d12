"""SQL text and the small runtime that runs it.

``migrations/NNNN_name.sql`` and ``queries/<domain>.sql`` ship as package data; the
modules here open the pool (``database``), start the embedded server (``embedded``),
apply migrations (``migrator``) and load named queries (``queries``).
"""
