"""Fixtures for the GitHub REST client's tests: the local GitHub-speaking server, and a
runtime pointed at it."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from rpc.context import Runtime
from rpc.sealing import KeyRing
from tests.fakes.github_server import FakeGitHub


@pytest.fixture
def gh_runtime(runtime: Runtime, gh: FakeGitHub) -> Runtime:
    """A runtime pointed at the fake, with its own key ring for the token cache."""
    settings = runtime.settings.model_copy(update={"github_api_url": gh.base_url})
    return replace(runtime, settings=settings, key_ring=KeyRing({1: os.urandom(32)}))
