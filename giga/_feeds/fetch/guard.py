"""Where a fetch may be sent: never from the internet into the user's own network.

A feed on a public host could redirect (or, as an HTML page, link) to
``http://169.254.169.254/`` (a cloud's metadata service), ``http://10.0.0.1/`` (a
router) or ``http://localhost:8080/`` (a local admin page), and giga would fetch it
and store what came back. So once a fetch has been on a public address, it may not go
to a loopback, private, link-local or otherwise non-global one. A feed the user
subscribed to on such an address directly (``http://localhost/feed.xml``, a NAS at
home, every test server) stays fetchable, and may redirect within the local network.

Host names are resolved and every address they resolve to is checked (``ipaddress``).
A name that does not resolve counts as public where the fetch has been, and as
harmless where it would go (httpx could not connect to it either). ``resolve`` and
``is_public`` are module attributes looked up on every call: tests replace them.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

__all__ = ["is_public", "refusal", "resolve"]


def resolve(host: str) -> list[str]:
    """Every address ``host`` resolves to (itself when it is an IP address); [] when
    it does not resolve."""
    literal = _literal(host)
    if literal is not None:
        return [literal]
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError, ValueError):
        return []
    return list(dict.fromkeys(str(info[4][0]).split("%", 1)[0] for info in infos))


def is_public(address: str) -> bool:
    """Whether ``address`` is a global unicast address (not loopback, private, link-local,
    shared, reserved, multicast or unspecified; an IPv4-mapped IPv6 address as its IPv4)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def refusal(been: Iterable[str], target: str) -> str | None:
    """Why going to ``target`` (a host) is refused, or None when it is not: it is refused
    when ``target`` resolves to a non-public address and any of the hosts in ``been``
    (where this fetch started or has been) is public."""
    private = [a for a in _addresses(target) if not is_public(a)]
    if not private:
        return None
    for host in dict.fromkeys(been):
        found = _addresses(host)
        if not found or all(is_public(a) for a in found):
            where = "" if _literal(target) else f": {private[0]}"
            return f"refused to follow {host} (an internet address) to {target} (a local or private address{where})"
    return None


def _addresses(host: str) -> list[str]:
    literal = _literal(host)
    return [literal] if literal is not None else resolve(host.strip("[]"))


def _literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]").split("%", 1)[0]))
    except ValueError:
        return None
