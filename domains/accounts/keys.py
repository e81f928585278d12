"""Credential strings: API keys (``jck_…``) and tokens (``jct_…``), checkable offline.

Format, after GitHub's tokens: ``<kind>_`` + 30 base62 characters from the OS's CSPRNG
(about 178 random bits) + 6 base62 characters holding the CRC32 of everything before
them. The checksum lets a secret scanner (or the server, before touching the database)
tell a real key from a look-alike without any lookup. The server stores only the
SHA-256 digest; a listing shows the first 8 random characters (the ``prefix``), which
leaves more than 128 random bits unknown.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import zlib
from typing import Literal

API_KEY_PREFIX = "jck_"
TOKEN_PREFIX = "jct_"  # noqa: S105 - a format marker, not a secret

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_RANDOM_CHARS = 30
_CHECKSUM_CHARS = 6
_VISIBLE_CHARS = 8
_SHAPE = re.compile(rf"^(jck|jct)_[0-9A-Za-z]{{{_RANDOM_CHARS + _CHECKSUM_CHARS}}}$")

CredentialKind = Literal["api_key", "token"]


def _base62(value: int, width: int) -> str:
    out = []
    for _ in range(width):
        value, digit = divmod(value, 62)
        out.append(_ALPHABET[digit])
    return "".join(reversed(out))


def _checksum(body: str) -> str:
    # CRC32 < 2**32 < 62**6, so six characters always suffice.
    return _base62(zlib.crc32(body.encode("ascii")), _CHECKSUM_CHARS)


def _generate(prefix: str) -> str:
    body = prefix + "".join(secrets.choice(_ALPHABET) for _ in range(_RANDOM_CHARS))
    return body + _checksum(body)


def new_api_key() -> str:
    """A fresh API key: ``jck_`` + 30 random base62 characters + a 6-character CRC32."""
    return _generate(API_KEY_PREFIX)


def new_token() -> str:
    """A fresh session or bearer token, same format with ``jct_``."""
    return _generate(TOKEN_PREFIX)


def is_well_formed(text: str) -> bool:
    """Whether ``text`` is a JidoCode API key or token with a valid checksum (offline)."""
    if not _SHAPE.match(text):
        return False
    body, check = text[:-_CHECKSUM_CHARS], text[-_CHECKSUM_CHARS:]
    return secrets.compare_digest(_checksum(body), check)


def kind_of(text: str) -> CredentialKind | None:
    """``api_key`` or ``token`` for a well-formed credential, else ``None``."""
    if not is_well_formed(text):
        return None
    return "api_key" if text.startswith(API_KEY_PREFIX) else "token"


def digest(secret: str) -> bytes:
    """The SHA-256 digest stored in place of the secret."""
    return hashlib.sha256(secret.encode("utf-8")).digest()


def visible_prefix(api_key: str) -> str:
    """The start of a key shown in listings (``jck_`` + 8 characters)."""
    return api_key[: len(API_KEY_PREFIX) + _VISIBLE_CHARS]
