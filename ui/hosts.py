"""Which request Host names are this machine's own: a page asked for under any other name shows no data.

A web page the manager visits can point a name of its own at 127.0.0.1 (DNS rebinding) and so talk to the
app from the manager's browser; the browser then sends that foreign name as the Host header. The app answers
only to loopback names, this machine's host name (also NAME.local) and the IPv4 addresses its interfaces had
at start-up, on any port.
"""

from __future__ import annotations

import functools
import ipaddress
import socket

import psutil

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


def host_name(header: str) -> str:
    """The name in a Host header, without port, brackets or trailing dot, lower case ("" when malformed)."""
    text = header.strip().lower()
    if text.startswith("["):  # [::1]:8501
        end = text.find("]")
        rest = text[end + 1 :]
        if end < 0 or (rest and not (rest.startswith(":") and rest[1:].isdigit())):
            return ""
        return text[1:end]
    name, _, port = text.partition(":")
    if port and not port.isdigit():
        return ""
    return name.rstrip(".")


def interface_addresses() -> frozenset[str]:
    """The IPv4 (and IPv6) addresses of this machine's network interfaces now."""
    found: set[str] = set()
    for addresses in psutil.net_if_addrs().values():
        for a in addresses:
            if a.family in (socket.AF_INET, socket.AF_INET6):
                found.add(a.address.split("%", 1)[0].lower())  # fe80::1%eth0: the zone is not part of a Host
    return frozenset(found)


def machine_names() -> frozenset[str]:
    """This machine's host name, its fully qualified name and NAME.local, lower case."""
    names = set()
    for name in (socket.gethostname(), socket.getfqdn()):
        name = name.strip().lower().rstrip(".")
        if name:
            names.add(name)
            names.add(name.split(".", 1)[0] + ".local")
            names.add(name.split(".", 1)[0])
    return frozenset(names)


@functools.cache
def own_names() -> frozenset[str]:
    """Every name the app answers to, as found when the server started (the first request)."""
    return LOOPBACK | machine_names() | interface_addresses()


def allowed(header: str | None, names: frozenset[str]) -> bool:
    """Whether a request with this Host header may see data. No header at all (not a browser) passes."""
    if header is None:
        return True
    name = host_name(header)
    if not name:
        return False
    if name in names:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback  # 127.0.0.2 is this machine too
    except ValueError:
        return False
