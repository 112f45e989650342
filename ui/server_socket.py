"""The server's listening socket, set to send each reply at once (TCP_NODELAY).

Streamlit 1.67 binds its socket itself, as `socket.socket(family)`: its protocol number is 0, and
asyncio turns Nagle's algorithm off only on sockets whose protocol says TCP, so every connection
the server accepts keeps it on. A reply goes out as two writes (the headers, then the body); with
Nagle on, the body waits until the browser acknowledges the headers, and the browser delays that
acknowledgement: 40 ms on Linux for each file after the first on a kept-alive connection (curl,
eight files in a row: 0.04 s each, 0.0004 s with the option), and a fresh browser asks for some
200 files before the morning page is drawn. Windows delays acknowledgements too.

An accepted socket takes its options from the listening one (on Windows through the accept
context asyncio updates), so setting the option on the listening socket once, before the first
connection, covers every connection after it.
"""

from __future__ import annotations

import gc
import socket


def listening_sockets() -> list[socket.socket]:
    """This process's listening TCP sockets: the app server's (Streamlit keeps no public handle on it)."""
    found = []
    for obj in gc.get_objects():
        if not isinstance(obj, socket.socket) or obj.fileno() == -1 or obj.type != socket.SOCK_STREAM:
            continue
        if obj.family not in (socket.AF_INET, socket.AF_INET6):
            continue
        try:
            if _listening(obj):
                found.append(obj)
        except OSError:
            continue
    return found


def _listening(sock: socket.socket) -> bool:
    accepting = getattr(socket, "SO_ACCEPTCONN", None)
    if accepting is not None:
        return bool(sock.getsockopt(socket.SOL_SOCKET, accepting))
    try:  # no way to ask: a bound socket with no peer is a listening one
        sock.getpeername()
    except OSError:
        return sock.getsockname()[1] != 0
    return False


def send_at_once() -> int:
    """Turn Nagle's algorithm off on the server's listening socket; how many sockets were set."""
    done = 0
    for sock in listening_sockets():
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            done += 1
        except OSError:
            continue
    return done
