"""Webhook signatures exactly as GitHub makes them."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from domains.github import signatures

# GitHub's published test vector (docs: "Validating webhook deliveries").
VECTOR_SECRET = "It's a Secret to Everybody"
VECTOR_PAYLOAD = b"Hello, World!"
VECTOR_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"


def test_githubs_published_vector() -> None:
    assert signatures.sign(VECTOR_SECRET, VECTOR_PAYLOAD) == VECTOR_SIGNATURE
    assert signatures.verify(VECTOR_SIGNATURE, [VECTOR_SECRET], VECTOR_PAYLOAD)


def test_any_candidate_secret_verifies() -> None:
    assert signatures.verify(VECTOR_SIGNATURE, ["old secret", VECTOR_SECRET], VECTOR_PAYLOAD)
    assert not signatures.verify(VECTOR_SIGNATURE, ["old secret", "other"], VECTOR_PAYLOAD)
    assert not signatures.verify(VECTOR_SIGNATURE, [], VECTOR_PAYLOAD)


def test_the_body_is_signed_byte_for_byte() -> None:
    assert not signatures.verify(VECTOR_SIGNATURE, [VECTOR_SECRET], VECTOR_PAYLOAD + b"\n")


DIGEST = VECTOR_SIGNATURE.removeprefix("sha256=")
SHA1 = "sha1=" + hmac.new(VECTOR_SECRET.encode(), VECTOR_PAYLOAD, hashlib.sha1).hexdigest()


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        SHA1,
        "sha256:" + DIGEST,
        "SHA256=" + DIGEST,
        "sha256=" + DIGEST[:-1],  # odd number of digits
        "sha256=" + DIGEST[:-2],  # 31 bytes
        "sha256=" + DIGEST + "00",  # 33 bytes
        "sha256=" + DIGEST[:-1] + "g",  # not hex
        "sha256=" + DIGEST + "\n",
        " sha256=" + DIGEST,
        "sha256=" + DIGEST + ",sha256=" + DIGEST,
    ],
)
def test_only_sha256_and_64_hex_digits_is_considered(header: str | None) -> None:
    assert signatures.parse_signature(header) is None
    assert not signatures.verify(header, [VECTOR_SECRET], VECTOR_PAYLOAD)


def test_upper_case_hex_digits_are_hex() -> None:
    assert signatures.verify("sha256=" + DIGEST.upper(), [VECTOR_SECRET], VECTOR_PAYLOAD)
