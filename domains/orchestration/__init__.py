"""Orchestration: workflow definitions (builtin and custom, versioned), workflow runs and
their status machine and event log, approvals, artifacts, and the pull requests runs open.
Other domains start and drive runs through ``service`` (in their own transaction) and
resume them after approval through the resumer they declare in their registration
(``run_resumers``); the step engine that executes steps comes later and will drive runs
through the same functions.
"""
