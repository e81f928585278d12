"""Fixtures for the generated clients' tests."""

from __future__ import annotations

from tests.codegen.live import live_url

__all__ = ["live_url"]
