"""Sealing: the key ring, XChaCha20-Poly1305 with place-binding associated data (DESIGN §6),
and the intake key pairs that open sealed boxes.

A sealed value is ``nonce (24 bytes) || ciphertext+tag``. Its associated data is
``jidocode:v1|<table>|<column>|<row id>|<key version>``, so a ciphertext copied into
another row, another column or labelled with another key version fails to open. New
values are sealed with the newest key; a value opens with the key its row records.

The ring comes from ``JIDOCODE_SECRET_KEYS`` (``"1:<base64>,2:<base64>"``) or the file
named by ``JIDOCODE_SECRET_KEYS_FILE`` (the same entries, one per line or comma
separated). In development a missing ring is generated into ``<data_dir>/secret_keys``
with mode 0600 and a warning; in production the server refuses to start without one.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

import nacl.bindings
import nacl.exceptions
import nacl.utils
from nacl.public import PrivateKey, SealedBox

from rpc.errors import SecretUnavailable

if TYPE_CHECKING:
    from rpc.settings import Settings

log = logging.getLogger(__name__)

KEY_BYTES = 32
NONCE_BYTES = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
GENERATED_FILE = "secret_keys"


class KeyRingError(RuntimeError):
    """The key ring is missing or malformed; the server must not start."""


def associated_data(*, table: str, column: str, row_id: UUID, key_version: int) -> bytes:
    """The bytes that bind a ciphertext to its place and key version."""
    return f"jidocode:v1|{table}|{column}|{row_id}|{key_version}".encode()


def generate_key() -> str:
    """A fresh 32-byte key, base64-encoded, for a ring entry."""
    return base64.b64encode(nacl.utils.random(KEY_BYTES)).decode()


def parse_ring(text: str) -> dict[int, bytes]:
    """``"1:<base64>,2:<base64>"`` (commas or newlines) into ``{version: key}``.

    Raises ``KeyRingError`` naming the bad entry's position, never its content.
    """
    keys: dict[int, bytes] = {}
    entries = [e.strip() for e in text.replace("\n", ",").split(",")]
    for position, entry in enumerate((e for e in entries if e and not e.startswith("#")), 1):
        version_text, sep, key_text = entry.partition(":")
        if not sep or not version_text.strip().isdigit():
            raise KeyRingError(f"key ring entry {position} is not '<version>:<base64 key>'")
        version = int(version_text)
        if version < 1:
            raise KeyRingError(f"key ring entry {position} has a version below 1")
        try:
            key = base64.b64decode(key_text.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise KeyRingError(f"key ring entry {position} is not valid base64") from None
        if len(key) != KEY_BYTES:
            raise KeyRingError(f"key ring entry {position} is not {KEY_BYTES} bytes")
        if version in keys:
            raise KeyRingError(f"key ring version {version} appears twice")
        keys[version] = key
    if not keys:
        raise KeyRingError("the key ring is empty")
    return keys


class KeyRing:
    """Versioned 32-byte keys; seals with the newest, opens with the row's version."""

    def __init__(self, keys: Mapping[int, bytes]) -> None:
        if not keys:
            raise KeyRingError("the key ring is empty")
        for version, key in keys.items():
            if version < 1 or len(key) != KEY_BYTES:
                raise KeyRingError(f"key ring version {version} is malformed")
        self._keys = dict(keys)
        self.newest_version = max(self._keys)

    @classmethod
    def from_text(cls, text: str) -> KeyRing:
        """A ring from its textual form (see ``parse_ring``)."""
        return cls(parse_ring(text))

    def with_key(self, version: int, key: bytes) -> KeyRing:
        """A new ring with one more key (rotation: add a newer version, then rewrap)."""
        if version in self._keys:
            raise KeyRingError(f"key ring version {version} already exists")
        return KeyRing({**self._keys, version: key})

    @property
    def versions(self) -> list[int]:
        """Every version held, oldest first."""
        return sorted(self._keys)

    def seal(self, plaintext: bytes, *, table: str, column: str, row_id: UUID) -> tuple[bytes, int]:
        """Encrypt with the newest key; returns ``(nonce || ciphertext, key_version)``."""
        version = self.newest_version
        nonce = nacl.utils.random(NONCE_BYTES)
        aad = associated_data(table=table, column=column, row_id=row_id, key_version=version)
        sealed = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(
            plaintext, aad, nonce, self._keys[version]
        )
        return nonce + sealed, version

    def open(
        self, ciphertext: bytes, *, table: str, column: str, row_id: UUID, key_version: int
    ) -> bytes:
        """Decrypt a value sealed for exactly this place and version.

        Raises ``SecretUnavailable`` when the version is not in the ring, or the value was
        tampered with, moved from another row or column, or labelled with another version.
        """
        key = self._keys.get(key_version)
        if key is None:
            raise SecretUnavailable(reason=f"key version {key_version} is not in the key ring")
        if len(ciphertext) <= NONCE_BYTES:
            raise SecretUnavailable(reason="the sealed value is truncated")
        aad = associated_data(table=table, column=column, row_id=row_id, key_version=key_version)
        try:
            return nacl.bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
                ciphertext[NONCE_BYTES:], aad, ciphertext[:NONCE_BYTES], key
            )
        except nacl.exceptions.CryptoError:
            raise SecretUnavailable(
                reason="the sealed value does not open here (moved, altered or wrong key)"
            ) from None


def load_key_ring(settings: Settings) -> KeyRing:
    """The ring from the settings; generated in development, required in production.

    Raises ``KeyRingError`` in production without a ring, or for a malformed one.
    """
    if settings.secret_keys:
        return KeyRing.from_text(settings.secret_keys)
    if settings.secret_keys_file is not None:
        try:
            text = settings.secret_keys_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise KeyRingError(f"cannot read the key ring file ({exc.strerror})") from None
        return KeyRing.from_text(text)
    if settings.production:
        raise KeyRingError(
            "production mode needs a secret key ring: set JIDOCODE_SECRET_KEYS "
            "('1:<base64 32-byte key>') or JIDOCODE_SECRET_KEYS_FILE"
        )
    return _development_ring(settings.data_dir / GENERATED_FILE)


def _development_ring(path: Path) -> KeyRing:
    """Read the generated development ring, creating it (mode 0600) the first time."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # O_EXCL: two processes starting at once must not both write a different key.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(f"1:{generate_key()}\n")
            log.warning(
                "no secret key ring configured: generated a development key ring; "
                "set JIDOCODE_SECRET_KEYS (or JIDOCODE_SECRET_KEYS_FILE) before production",
                extra={"key_ring_file": str(path)},
            )
    return KeyRing.from_text(path.read_text(encoding="utf-8"))


class SealingKeys:
    """The intake key pairs this process can open sealed boxes with (runtime component).

    Normally one; a second appears only if the stored pair was replaced (a wiped
    database), and the older stays usable for boxes already sealed to it.
    """

    def __init__(self) -> None:
        self._keys: dict[UUID, PrivateKey] = {}
        self._current: UUID | None = None
        self._lock = threading.Lock()

    def add(self, key_id: UUID, key: PrivateKey) -> None:
        """Hold a private key and make it the current one."""
        with self._lock:
            self._keys[key_id] = key
            self._current = key_id

    @property
    def current(self) -> tuple[UUID, PrivateKey] | None:
        """The key handed out by ``setup.get_sealing_key``."""
        with self._lock:
            if self._current is None:
                return None
            return self._current, self._keys[self._current]

    def open(self, box: bytes) -> bytes | None:
        """The plaintext of a sealed box to any held key, or None."""
        with self._lock:
            keys = list(self._keys.values())
        for key in reversed(keys):
            try:
                plaintext: bytes = SealedBox(key).decrypt(box)
            except nacl.exceptions.CryptoError:
                continue
            return plaintext
        return None
