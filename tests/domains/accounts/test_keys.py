"""API key and token format: random enough, checkable offline, digest-only storage."""

from __future__ import annotations

import hashlib
import math

from domains.accounts import keys


def test_api_key_shape_and_checksum() -> None:
    key = keys.new_api_key()
    assert key.startswith("jck_")
    assert len(key) == 40
    assert keys.is_well_formed(key)
    assert keys.kind_of(key) == "api_key"
    assert keys.kind_of(keys.new_token()) == "token"


def test_random_part_carries_at_least_128_bits_beyond_the_visible_prefix() -> None:
    key = keys.new_api_key()
    prefix = keys.visible_prefix(key)
    assert prefix == key[:12]
    hidden_random_chars = 30 - (len(prefix) - len("jck_"))
    assert hidden_random_chars * math.log2(62) >= 128


def test_every_single_character_change_is_caught_offline() -> None:
    key = keys.new_api_key()
    for i in range(4, len(key)):
        replacement = "A" if key[i] != "A" else "B"
        tampered = key[:i] + replacement + key[i + 1 :]
        assert not keys.is_well_formed(tampered), i


def test_look_alikes_are_refused() -> None:
    key = keys.new_api_key()
    assert not keys.is_well_formed(key[:-1])
    assert not keys.is_well_formed(key + "x")
    assert not keys.is_well_formed("jck_" + "a" * 36)
    assert not keys.is_well_formed("jcx_" + key[4:])
    # The checksum covers the kind: a key's body under the token prefix fails.
    assert not keys.is_well_formed("jct_" + key[4:])
    assert keys.kind_of("not a key") is None


def test_keys_differ_and_digest_is_sha256() -> None:
    first, second = keys.new_api_key(), keys.new_api_key()
    assert first != second
    assert keys.digest(first) == hashlib.sha256(first.encode()).digest()
    assert len(keys.digest(first)) == 32
