"""Password hashing: Argon2id through libsodium, never below OWASP's minimum.

Hashes are libsodium's standard encoded strings (``$argon2id$v=19$m=…,t=…,p=1$…``), so
the parameters travel with each hash: a hash made with other parameters still verifies
and is replaced at the next successful sign-in. Hashing is CPU- and memory-bound
(tens of milliseconds), so it runs in a worker thread; PyNaCl releases the GIL.
"""

from __future__ import annotations

import asyncio
import re
from functools import cache

import nacl.exceptions
import nacl.pwhash

from rpc.errors import ValidationFailed

# OWASP's first recommended Argon2id configuration: m=19 MiB, t=2, p=1 (libsodium's p is 1).
OPSLIMIT = 2
MEMLIMIT = 19 * 1024 * 1024

MIN_LENGTH = 12
MAX_LENGTH = 1024

_PARAMS = re.compile(r"^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$")


def check_rules(password: str, *, field: str = "password") -> None:
    """Refuse a new password that breaks the length rule (``ValidationFailed``)."""
    if len(password) < MIN_LENGTH:
        raise ValidationFailed.on(field, f"must be at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise ValidationFailed.on(field, f"must be at most {MAX_LENGTH} characters")


def hash_sync(password: str, *, opslimit: int = OPSLIMIT, memlimit: int = MEMLIMIT) -> str:
    """The encoded Argon2id hash of ``password`` (blocking)."""
    return nacl.pwhash.argon2id.str(
        password.encode("utf-8"), opslimit=opslimit, memlimit=memlimit
    ).decode("ascii")


def verify_sync(encoded: str, password: str) -> bool:
    """Whether ``password`` matches ``encoded`` (blocking; any malformed hash is a miss)."""
    try:
        return bool(nacl.pwhash.argon2id.verify(encoded.encode("ascii"), password.encode("utf-8")))
    except (nacl.exceptions.CryptoError, ValueError):
        return False


async def hash_password(password: str) -> str:
    """Hash in a worker thread with the current parameters."""
    return await asyncio.to_thread(hash_sync, password)


async def verify_password(encoded: str | None, password: str) -> bool:
    """Verify in a worker thread; with no hash (unknown email) verify against a dummy hash
    anyway, so the answer takes as long as for a wrong password."""
    if encoded is None:
        await asyncio.to_thread(verify_sync, _dummy_hash(), password)
        return False
    return await asyncio.to_thread(verify_sync, encoded, password)


def needs_rehash(encoded: str) -> bool:
    """Whether ``encoded`` was made with other parameters than the current ones."""
    match = _PARAMS.match(encoded)
    if match is None:
        return True
    version, memory_kib, ops, lanes = (int(g) for g in match.groups())
    return version != 19 or memory_kib != MEMLIMIT // 1024 or ops != OPSLIMIT or lanes != 1


@cache
def _dummy_hash() -> str:
    # Made once per process with the current parameters; nobody knows its password.
    import secrets

    return hash_sync(secrets.token_urlsafe(32))
