"""Orchestration: workflow definitions (builtin and custom, versioned), workflow runs and
their status machine and event log, approvals, artifacts, and the pull requests runs open.
The step engine (``engine``) executes runs; other domains start runs through ``service``
(in their own transaction) and run the step kinds they own (``fetch_issue``,
``post_comment``, ...) through the handlers they declare in their registration
(``step_handlers``).
"""
