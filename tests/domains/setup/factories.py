"""Factories for Setup tests: runtimes with another key ring or settings, sealed boxes."""

from __future__ import annotations

import base64
from dataclasses import replace

from nacl.public import PublicKey, SealedBox

from rpc.context import Runtime
from rpc.redaction import Redactor
from rpc.sealing import KeyRing, SealingKeys
from rpc.settings import Settings


def runtime_with(
    base: Runtime,
    *,
    key_ring: KeyRing | None = None,
    settings: Settings | None = None,
    fresh_components: bool = False,
) -> Runtime:
    """A runtime sharing ``base``'s database, with another key ring or settings, and with
    a fresh redactor and intake keys when ``fresh_components`` (another process's view)."""
    rt = replace(base, settings=settings or base.settings)
    if key_ring is not None:
        rt = replace(rt, key_ring=key_ring)
    if fresh_components:
        rt = replace(rt, redactor=Redactor(), sealing_keys=SealingKeys())
    return rt


def seal_to(public_key_b64: str, plaintext: str) -> str:
    """What a client sends as ``sealed_value``."""
    box = SealedBox(PublicKey(base64.b64decode(public_key_b64)))
    return base64.b64encode(box.encrypt(plaintext.encode())).decode()
