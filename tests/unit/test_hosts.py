"""The app answers only to this machine's own names: the Host header's name against the list."""

from __future__ import annotations

import pytest

from ui import hosts

OWN = frozenset({"localhost", "127.0.0.1", "::1", "shop-laptop", "shop-laptop.local", "192.168.1.20"})


@pytest.mark.parametrize(
    "header",
    [
        "localhost:8501",
        "LOCALHOST:8501",
        "localhost.:8501",
        "127.0.0.1",
        "127.0.0.1:80",
        "127.0.0.2:8501",
        "[::1]:8501",
        "[::1]",
        "shop-laptop:8501",
        "Shop-Laptop.local:8501",
        "192.168.1.20:8501",
    ],
)
def test_a_name_of_this_machine_on_any_port_may_see_data(header):
    assert hosts.allowed(header, OWN)


@pytest.mark.parametrize(
    "header",
    [
        "evil.example",
        "evil.example:8501",
        "localhost.evil.example:8501",
        "127.0.0.1.evil.example",
        "shop-laptop.evil.example",
        "192.168.1.21:8501",
        "10.0.0.1",
        "[::2]:8501",
        "[::1]x",
        "[::1]:port",
        "localhost:port",
        "",
        "   ",
    ],
)
def test_any_other_name_sees_nothing(header):
    assert not hosts.allowed(header, OWN)


def test_a_request_without_a_host_header_is_not_a_browser_and_passes():
    assert hosts.allowed(None, OWN)


def test_the_machine_knows_its_loopback_names_and_interface_addresses():
    names = hosts.own_names()
    assert names >= hosts.LOOPBACK
    assert "127.0.0.1" in hosts.interface_addresses()


def test_host_names_drop_port_brackets_and_trailing_dot():
    assert hosts.host_name("[::1]:8501") == "::1"
    assert hosts.host_name("Shop.Local.:80") == "shop.local"
    assert hosts.host_name("localhost") == "localhost"
