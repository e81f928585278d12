"""The key ring: place-bound sealing, versions, loading, development generation."""

from __future__ import annotations

import base64
import logging
import stat
import uuid
from pathlib import Path

import pytest

from rpc.errors import SecretUnavailable
from rpc.sealing import (
    KeyRing,
    KeyRingError,
    associated_data,
    generate_key,
    load_key_ring,
    parse_ring,
)
from rpc.settings import Settings

K1 = base64.b64encode(b"\x01" * 32).decode()
K2 = base64.b64encode(b"\x02" * 32).decode()


def ring(*versions: int) -> KeyRing:
    return KeyRing({v: bytes([v]) * 32 for v in versions})


def test_seal_opens_in_place_with_newest_version() -> None:
    r = ring(1, 2)
    row = uuid.uuid4()
    ciphertext, version = r.seal(b"hunter2", table="secret_refs", column="ciphertext", row_id=row)
    assert version == 2
    assert b"hunter2" not in ciphertext
    opened = r.open(ciphertext, table="secret_refs", column="ciphertext", row_id=row, key_version=2)
    assert opened == b"hunter2"


def test_two_seals_of_one_value_differ() -> None:
    r = ring(1)
    row = uuid.uuid4()
    a, _ = r.seal(b"same", table="t", column="c", row_id=row)
    b, _ = r.seal(b"same", table="t", column="c", row_id=row)
    assert a != b


@pytest.mark.parametrize(
    ("table", "column", "other_row", "version"),
    [
        ("secret_refs", "ciphertext", True, 1),  # copied into another row
        ("secret_refs", "other_column", False, 1),  # another column
        ("other_table", "ciphertext", False, 1),  # another table
        ("secret_refs", "ciphertext", False, 2),  # relabelled with another version
    ],
)
def test_moved_ciphertext_fails_with_a_typed_error(
    table: str, column: str, other_row: bool, version: int
) -> None:
    r = ring(1)
    row = uuid.uuid4()
    ciphertext, _ = r.seal(b"plain-xyz", table="secret_refs", column="ciphertext", row_id=row)
    r2 = ring(1, 2)
    target = uuid.uuid4() if other_row else row
    with pytest.raises(SecretUnavailable) as info:
        r2.open(ciphertext, table=table, column=column, row_id=target, key_version=version)
    assert info.value.kind == "secret_unavailable"
    assert "plain-xyz" not in str(info.value.data())


def test_tampered_or_truncated_ciphertext_fails() -> None:
    r = ring(1)
    row = uuid.uuid4()
    ciphertext, _ = r.seal(b"value", table="t", column="c", row_id=row)
    flipped = ciphertext[:-1] + bytes([ciphertext[-1] ^ 1])
    with pytest.raises(SecretUnavailable):
        r.open(flipped, table="t", column="c", row_id=row, key_version=1)
    with pytest.raises(SecretUnavailable):
        r.open(ciphertext[:10], table="t", column="c", row_id=row, key_version=1)


def test_unknown_version_fails() -> None:
    row = uuid.uuid4()
    ciphertext, _ = ring(1, 2).seal(b"v", table="t", column="c", row_id=row)
    with pytest.raises(SecretUnavailable) as info:
        ring(1).open(ciphertext, table="t", column="c", row_id=row, key_version=2)
    assert "key version 2" in info.value.data()["reason"]


def test_values_under_v1_and_v2_both_open() -> None:
    row1, row2 = uuid.uuid4(), uuid.uuid4()
    old, v1 = ring(1).seal(b"old", table="t", column="c", row_id=row1)
    both = ring(1, 2)
    new, v2 = both.seal(b"new", table="t", column="c", row_id=row2)
    assert (v1, v2) == (1, 2)
    assert both.open(old, table="t", column="c", row_id=row1, key_version=1) == b"old"
    assert both.open(new, table="t", column="c", row_id=row2, key_version=2) == b"new"


def test_associated_data_format() -> None:
    row = uuid.UUID(int=5)
    assert associated_data(table="a", column="b", row_id=row, key_version=3) == (
        f"jidocode:v1|a|b|{row}|3".encode()
    )


def test_parse_ring_forms() -> None:
    assert parse_ring(f"1:{K1},2:{K2}") == {1: b"\x01" * 32, 2: b"\x02" * 32}
    assert parse_ring(f"# comment\n1:{K1}\n\n2:{K2}\n") == {1: b"\x01" * 32, 2: b"\x02" * 32}
    assert len(base64.b64decode(generate_key())) == 32


@pytest.mark.parametrize(
    "text",
    [
        "",
        "nonsense",
        f"x:{K1}",
        f"0:{K1}",
        "1:not-base64!!",
        "1:" + base64.b64encode(b"short").decode(),
        f"1:{K1},1:{K2}",
    ],
)
def test_parse_ring_refuses_malformed(text: str) -> None:
    with pytest.raises(KeyRingError) as info:
        parse_ring(text)
    assert K1 not in str(info.value)


def test_load_from_environment_and_file(tmp_path: Path) -> None:
    from_env = load_key_ring(Settings(secret_keys=f"1:{K1},2:{K2}", data_dir=tmp_path))
    assert from_env.versions == [1, 2]
    keyfile = tmp_path / "ring"
    keyfile.write_text(f"1:{K1}\n", encoding="utf-8")
    from_file = load_key_ring(Settings(secret_keys_file=keyfile, data_dir=tmp_path))
    assert from_file.newest_version == 1
    with pytest.raises(KeyRingError):
        load_key_ring(Settings(secret_keys_file=tmp_path / "missing", data_dir=tmp_path))


def test_development_generates_a_private_ring_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(data_dir=tmp_path / "data", production=False)
    with caplog.at_level(logging.WARNING, logger="rpc.sealing"):
        first = load_key_ring(settings)
    path = tmp_path / "data" / "secret_keys"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert any("generated a development key ring" in r.getMessage() for r in caplog.records)
    second = load_key_ring(settings)  # the same ring on the next start
    row = uuid.uuid4()
    sealed, v = first.seal(b"x", table="t", column="c", row_id=row)
    assert second.open(sealed, table="t", column="c", row_id=row, key_version=v) == b"x"


def test_production_refuses_to_start_without_a_ring(tmp_path: Path) -> None:
    with pytest.raises(KeyRingError) as info:
        load_key_ring(Settings(data_dir=tmp_path, production=True))
    assert "JIDOCODE_SECRET_KEYS" in str(info.value)
    assert not (tmp_path / "secret_keys").exists()
