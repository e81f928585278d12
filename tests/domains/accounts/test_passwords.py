"""Argon2id hashing at (at least) OWASP's minimum, rehash detection and the length rule."""

from __future__ import annotations

import re

import pytest

from domains.accounts import passwords
from rpc.errors import ValidationFailed

SECRET = "correct horse battery staple"


def _params(encoded: str) -> tuple[int, int]:
    match = re.match(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=1\$", encoded)
    assert match, encoded
    return int(match[1]), int(match[2])


async def test_hash_meets_owasp_minimum_and_verifies() -> None:
    encoded = await passwords.hash_password(SECRET)
    memory_kib, ops = _params(encoded)
    assert memory_kib >= 19 * 1024
    assert ops >= 2
    assert await passwords.verify_password(encoded, SECRET)
    assert not await passwords.verify_password(encoded, SECRET + "!")
    assert not passwords.needs_rehash(encoded)


async def test_unknown_user_still_verifies_against_a_dummy_hash() -> None:
    assert not await passwords.verify_password(None, SECRET)


def test_other_parameters_need_a_rehash() -> None:
    stronger = passwords.hash_sync(SECRET, opslimit=3)
    assert _params(stronger)[1] == 3
    assert passwords.needs_rehash(stronger)
    assert passwords.verify_sync(stronger, SECRET)


def test_malformed_hash_is_a_miss_not_a_crash() -> None:
    assert not passwords.verify_sync("$argon2id$garbage", SECRET)
    assert passwords.needs_rehash("$argon2id$garbage")


@pytest.mark.parametrize("password", ["", "short", "x" * 11, "y" * 1025])
def test_length_rule(password: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        passwords.check_rules(password, field="new_password")
    assert info.value.data()["field_errors"][0]["field"] == "new_password"


def test_twelve_characters_pass() -> None:
    passwords.check_rules("x" * 12)
