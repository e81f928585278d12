"""The client address behind trusted proxies (``rpc.client_address``)."""

from __future__ import annotations

import pytest

from rpc.client_address import client_address, parse_trusted

TRUSTED = parse_trusted("10.0.0.0/8, 127.0.0.1, fd00::/8")


@pytest.mark.parametrize(
    ("peer", "headers", "expected"),
    [
        # No header, or an untrusted peer: the peer, whatever the header says.
        ("10.0.0.5", [], "10.0.0.5"),
        ("203.0.113.9", ["1.2.3.4"], "203.0.113.9"),
        # Behind one trusted proxy: the address it saw.
        ("10.0.0.5", ["198.51.100.7"], "198.51.100.7"),
        # A sender's own entries sit left of what our proxies appended.
        ("10.0.0.5", ["6.6.6.6, 198.51.100.7, 10.9.9.9"], "198.51.100.7"),
        # Several headers count as one list, in order.
        ("127.0.0.1", ["6.6.6.6", "198.51.100.7", "10.1.1.1"], "198.51.100.7"),
        # Every hop trusted: the leftmost.
        ("10.0.0.5", ["10.0.0.9, 10.0.0.8"], "10.0.0.9"),
        # A hop that is not an address stops at the proxy that wrote it.
        ("10.0.0.5", ["198.51.100.7, garbage"], "10.0.0.5"),
        ("10.0.0.5", ["198.51.100.7, unknown, 10.0.0.6"], "10.0.0.6"),
        # IPv6, bracketed forms and IPv4-mapped addresses.
        ("fd00::1", ["[2001:db8::1]"], "2001:db8::1"),
        ("::ffff:10.0.0.5", ["::ffff:198.51.100.7"], "198.51.100.7"),
        (None, ["198.51.100.7"], None),
        ("not-an-ip", ["198.51.100.7"], "not-an-ip"),
    ],
)
def test_the_rightmost_untrusted_hop_is_the_client(
    peer: str | None, headers: list[str], expected: str | None
) -> None:
    assert client_address(peer, headers, TRUSTED) == expected


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert client_address("10.0.0.5", ["198.51.100.7"], ()) == "10.0.0.5"


@pytest.mark.parametrize("bad", ["10.0.0.0/33", "example.com", "10.0.0.1,,10.0.0.2", "1.2.3"])
def test_bad_entries_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011  (ipaddress's own messages vary)
        parse_trusted(bad)


def test_unset_or_blank_trusts_nothing() -> None:
    assert parse_trusted(None) == ()
    assert parse_trusted("  ") == ()
