"""GitHub webhook signatures: ``X-Hub-Signature-256: sha256=<64 hex digits>``.

The HMAC-SHA256 of the raw body with the webhook secret, compared in constant time. Only
that exact shape is considered: the legacy ``sha1=`` header, upper-case prefixes, a
digest of the wrong length or with non-hex digits are refused before any HMAC is computed.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

PREFIX = "sha256="
_SHAPE = re.compile(r"sha256=[0-9a-fA-F]{64}")


def parse_signature(header: str | None) -> bytes | None:
    """The 32-byte digest a well-formed header carries, or ``None``."""
    if header is None or not _SHAPE.fullmatch(header):
        return None
    return bytes.fromhex(header[len(PREFIX) :])


def sign(secret: str, body: bytes) -> str:
    """The header value GitHub sends for ``body`` signed with ``secret``."""
    return PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def matches(digest: bytes, secret: str, body: bytes) -> bool:
    """Whether ``digest`` is the HMAC-SHA256 of ``body`` with ``secret`` (constant time)."""
    expected = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return hmac.compare_digest(expected, digest)


def verify(header: str | None, secrets: Iterable[str], body: bytes) -> bool:
    """Whether the header is well formed and signs ``body`` with one of ``secrets``.

    Every candidate is tried (no early exit on the first miss) so the time taken does not
    say which secret, if any, was close.
    """
    digest = parse_signature(header)
    if digest is None:
        return False
    ok = False
    for secret in secrets:
        ok |= matches(digest, secret, body)
    return ok
