"""Which address a request comes from, behind the reverse proxies the operator trusts.

Without ``JIDOCODE_TRUSTED_PROXIES`` the client is the TCP peer, and ``X-Forwarded-For``
is ignored: anyone can send that header. With it, and only when the peer is one of the
trusted proxies, the header's hops are walked from the right (each proxy appends the
address it received the request from) past every trusted address; the first untrusted
one is the client. So a sender cannot choose its own key by prepending addresses, and a
proxy in front does not make every sender one address. A hop that is not an address
stops the walk at the trusted proxy that wrote it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

Network = IPv4Network | IPv6Network
Address = IPv4Address | IPv6Address

FORWARDED_FOR = "X-Forwarded-For"


def parse_trusted(value: str | None) -> tuple[Network, ...]:
    """``10.0.0.0/8, 192.168.1.7, ::1`` as networks; ``ValueError`` for anything else."""
    if value is None or not value.strip():
        return ()
    out = []
    for item in value.split(","):
        item = item.strip()
        if not item:
            raise ValueError("an empty entry")
        out.append(ip_network(item, strict=False))
    return tuple(out)


@lru_cache(maxsize=8)
def trusted_networks(value: str | None) -> tuple[Network, ...]:
    """``parse_trusted``, once per setting value (the settings are validated already)."""
    return parse_trusted(value)


def _address(text: str) -> Address | None:
    try:
        found = ip_address(text.strip().removeprefix("[").removesuffix("]"))
    except ValueError:
        return None
    if isinstance(found, IPv6Address) and found.ipv4_mapped is not None:
        return found.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1
    return found


def _is_trusted(address: Address, trusted: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in trusted)


def client_address(
    peer: str | None, forwarded_for: Iterable[str], trusted: tuple[Network, ...]
) -> str | None:
    """The client's address: ``peer``, or behind trusted proxies the rightmost untrusted
    hop of the ``X-Forwarded-For`` headers (all of them, in order)."""
    if not trusted or peer is None:
        return peer
    current = _address(peer)
    if current is None or not _is_trusted(current, trusted):
        return peer
    hops = [hop for header in forwarded_for for hop in header.split(",")]
    for hop in reversed(hops):
        if not _is_trusted(current, trusted):
            break
        previous = _address(hop)
        if previous is None:
            break
        current = previous
    return str(current)
