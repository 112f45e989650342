"""The server's listening socket is found and set to send at once, and the connections it accepts inherit it."""

from __future__ import annotations

import socket

from ui import server_socket


def _streamlit_like_listener() -> socket.socket:
    sock = socket.socket(family=socket.AF_INET)  # as Streamlit 1.67 binds it: protocol number 0
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    return sock


def _nodelay(sock: socket.socket) -> bool:
    return bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


def test_the_listening_socket_is_found_and_set_and_an_accepted_connection_sends_at_once():
    listener = _streamlit_like_listener()
    client = socket.create_connection(listener.getsockname())
    try:
        first, _ = listener.accept()
        assert not _nodelay(first)  # what every connection of the app's server was, before
        assert listener in server_socket.listening_sockets()
        assert client not in server_socket.listening_sockets()  # a connected socket is not a listener
        assert server_socket.send_at_once() >= 1
        assert _nodelay(listener)
        second_client = socket.create_connection(listener.getsockname())
        second, _ = listener.accept()
        assert _nodelay(second)
        for sock in (first, second, second_client):
            sock.close()
    finally:
        client.close()
        listener.close()


def test_a_closed_socket_is_passed_over():
    listener = _streamlit_like_listener()
    listener.close()
    assert listener not in server_socket.listening_sockets()
