"""The redactor masks token shapes, secret-looking pairs and known values, and nothing else."""

from __future__ import annotations

import pytest

from rpc.redaction import MASK, Redactor, key_looks_secret, redact_text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("key sk-ant-api03-AbCdEfGhIjKlMnOpQr_st-uv end", "sk-ant-api03-AbCdEfGhIjKlMnOpQr_st-uv"),
        ("OPENAI=sk-proj-abcdefghijklmnopqrstuvwx", "sk-proj-abcdefghijklmnopqrstuvwx"),
        ("old sk-abcdefghijklmnopqrstuvwxyz012345", "sk-abcdefghijklmnopqrstuvwxyz012345"),
        ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
        (
            "oauth gho_16C7e42F292c6912E7710c838347Ae178B4a",
            "gho_16C7e42F292c6912E7710c838347Ae178B4a",
        ),
        ("ghs_16C7e42F292c6912E7710c838347Ae178B4a!", "ghs_16C7e42F292c6912E7710c838347Ae178B4a"),
        ("ghu_16C7e42F292c6912E7710c838347Ae178B4a", "ghu_16C7e42F292c6912E7710c838347Ae178B4a"),
        ("ghr_16C7e42F292c6912E7710c838347Ae178B4a", "ghr_16C7e42F292c6912E7710c838347Ae178B4a"),
        (
            "pat github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
        ),
        ("jck_Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTA", "jck_Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTA"),
        ("curl -H 'Authorization: Bearer abc.def-ghi_jkl~1'", "abc.def-ghi_jkl~1"),
        ("Authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="),
        (
            "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWF",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWF",
        ),
        (
            "opaque "
            "aGVsbG9oZWxsb2hlbGxvaGVsbG8.d29ybGR3b3JsZHdvcmxkd29ybGQ.c2lnbmF0dXJlc2lnbmF0dXJl",
            "aGVsbG9oZWxsb2hlbGxvaGVsbG8.d29ybGR3b3JsZHdvcmxkd29ybGQ.c2lnbmF0dXJlc2lnbmF0dXJl",
        ),
        ("https://x.test/cb?access_token=tok123456&state=1", "tok123456"),
        ("password=hunter22 user=bob", "hunter22"),
        ("DB_PASSWORD: s3cr3t-pw", "s3cr3t-pw"),
        ("export API_KEY=abcd1234", "abcd1234"),
        ('{"apiKey": "abcd1234", "name": "x"}', "abcd1234"),
        ('{"client_secret":"zzz-top"}', "zzz-top"),
        ("{'private_key': 'PEMPEMPEM'}", "PEMPEMPEM"),
        ("webhook_secret = whsec_9999", "whsec_9999"),
        ('"authorization": "Token abcdefgh123"', "abcdefgh123"),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
            "MIIEowIBAAKCAQEA",
        ),
    ],
)
def test_shapes_are_masked(text: str, secret: str) -> None:
    out = redact_text(text)
    assert secret not in out
    assert MASK in out


@pytest.mark.parametrize(
    "text",
    [
        "The quick brown fox jumps over the lazy dog.",
        "commit 3f786850e387550fdab836ed7e6dc881de23001b fixes the parser",
        "short sha 3f78685 and uuid 8d3e0a2c-6b0f-4a8e-9d0e-2f7d5c1b9a10",
        "the task-force met at the desk-lamp shop",
        "see https://api.github.com/repos/octo/hello/pulls/1",
        "module rpc.redaction imported",
        "max_tokens=100 token_count=5 secret_ref_id=abc tokens_used=20",
        "The password must be at least 8 characters.",
        "Bearer",
        "ask-anything about gh_cli and github_pat docs",
        "version 1.2.3 and file name.tar.gz",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact_text(text) == text


def test_pairs_keep_the_key_and_structure() -> None:
    assert redact_text("password=hunter22&user=bob") == f"password={MASK}&user=bob"
    assert redact_text('{"token": "abc", "n": 1}') == f'{{"token": "{MASK}", "n": 1}}'
    assert redact_text("Authorization: Bearer abcdefgh") == f"Authorization: Bearer {MASK}"


@pytest.mark.parametrize(
    ("key", "secret"),
    [
        ("password", True),
        ("api_key", True),
        ("apiKey", True),
        ("clientSecret", True),
        ("private_key", True),
        ("Authorization", True),
        ("x-api-key", True),
        ("GITHUB_TOKEN", True),
        ("webhook_secret", True),
        ("secret_ref_id", False),
        ("token_count", False),
        ("max_tokens", False),
        ("auth_mode", False),
        ("name", False),
        ("secret_name", False),
        ("expires_at", False),
    ],
)
def test_key_looks_secret(key: str, secret: bool) -> None:
    assert key_looks_secret(key) is secret


def test_nested_json_is_masked_by_key_and_by_shape() -> None:
    value = {
        "headers": {"Authorization": "Bearer abcdefgh", "Accept": "json"},
        "env": [{"name": "X", "password": "pw-123456"}],
        "credentials": {"user": "a", "pass": "b"},
        "log": "pushed with ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        "count": 3,
        "enabled": True,
        "secret_ref_id": "8d3e0a2c-6b0f-4a8e-9d0e-2f7d5c1b9a10",
        "token": None,
        "tuple": ("sk-ant-abcdefghijklmnop", 1),
    }
    out = Redactor().redact(value)
    assert out["headers"] == {"Authorization": MASK, "Accept": "json"}
    assert out["env"] == [{"name": "X", "password": MASK}]
    assert out["credentials"] == MASK
    assert out["log"] == f"pushed with {MASK}"
    assert out["count"] == 3
    assert out["enabled"] is True
    assert out["secret_ref_id"] == value["secret_ref_id"]
    assert out["token"] is None
    assert out["tuple"] == (MASK, 1)
    assert value["env"] == [{"name": "X", "password": "pw-123456"}]  # the input is unchanged


def test_known_values_are_masked_anywhere() -> None:
    r = Redactor(["plain-looking-value"])
    r.remember("another one here")
    r.remember("abc")  # too short to remember safely
    assert len(r) == 2
    assert r.redact("x plain-looking-value y") == f"x {MASK} y"
    assert r.redact({"note": "said another one here"}) == {"note": f"said {MASK}"}
    assert r.redact({"plain-looking-value": 1}) == {MASK: 1}
    assert r.redact("abc stays") == "abc stays"
    r.forget("another one here")
    assert r.redact("another one here") == "another one here"


def test_longest_known_value_wins() -> None:
    r = Redactor(["secretvalue", "secretvalue-extended"])
    assert r.redact("secretvalue-extended!") == f"{MASK}!"


def test_non_json_values_pass_through() -> None:
    r = Redactor(["known-value-1"])
    assert r.redact(42) == 42
    assert r.redact(None) is None
    assert r.redact(["known-value-1", 2]) == [MASK, 2]


def test_mask_known_masks_only_known_values() -> None:
    redactor = Redactor(known=["known-secret-value-123"])
    text = "known-secret-value-123 and ghp_abcdefghijklmnopqrstuvwxyz0123"
    assert redactor.mask_known(text) == "[REDACTED] and ghp_abcdefghijklmnopqrstuvwxyz0123"
    assert redactor.redact_str(text) == "[REDACTED] and [REDACTED]"
