"""PINs, sign-in tokens and lockouts: what keeps a phone on the showroom Wi-Fi out until it signs in."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from access import tokens
from access.lockout import TRIES, WAIT, Lockouts
from access.pins import BadPin, PinStore, valid_pin

NOW = datetime(2026, 12, 4, 9, 30)


@pytest.fixture
def store(tmp_path) -> PinStore:
    return PinStore(tmp_path / "config")


@pytest.mark.parametrize("pin", ["1234", "00000000", "9876543"])
def test_four_to_eight_digits_are_a_pin(pin):
    assert valid_pin(pin)


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "１２３４", " 1234", ""])
def test_anything_else_is_not(pin):
    assert not valid_pin(pin)


def test_a_pin_is_stored_only_as_a_salted_hash(store):
    store.set_pin("蒋婷", "1234", NOW)
    text = store.path.read_text(encoding="utf-8")
    assert "1234" not in text.replace(store.record("蒋婷").hash, "").replace(store.record("蒋婷").salt, "")
    store.set_pin("王磊", "1234", NOW)
    assert store.record("蒋婷").hash != store.record("王磊").hash  # the same PIN, another salt


def test_the_right_pin_passes_and_a_wrong_one_or_unknown_name_does_not(store):
    store.set_pin("蒋婷", "2468", NOW)
    assert store.check("蒋婷", "2468")
    assert not store.check("蒋婷", "2469")
    assert not store.check("王磊", "2468")
    assert not store.check("蒋婷", "abcd")


def test_a_bad_pin_is_refused_and_nothing_is_stored(store):
    with pytest.raises(BadPin):
        store.set_pin("蒋婷", "12", NOW)
    assert store.names() == []


def test_resetting_a_pin_moves_its_generation_on(store):
    store.set_pin("蒋婷", "2468", NOW)
    store.set_pin("蒋婷", "1357", NOW)
    assert store.generation("蒋婷") == 2
    assert store.check("蒋婷", "1357") and not store.check("蒋婷", "2468")


def test_removing_a_pin_ends_the_sign_in(store):
    store.set_pin("蒋婷", "2468", NOW)
    store.remove("蒋婷")
    assert not store.check("蒋婷", "2468")
    assert store.generation("蒋婷") is None


def test_a_damaged_pin_file_reads_as_no_pins(store):
    store.path.parent.mkdir(parents=True)
    store.path.write_text("{not json", encoding="utf-8")
    assert store.names() == []
    assert not store.check("蒋婷", "1234")


def test_a_token_says_who_until_it_runs_out():
    secret = b"k" * 32
    token = tokens.make("蒋婷", 3, NOW, 12, secret)
    grant = tokens.read(token, secret, NOW + timedelta(hours=11))
    assert grant is not None and (grant.name, grant.generation) == ("蒋婷", 3)
    assert tokens.read(token, secret, NOW + timedelta(hours=12)) is None


def test_a_token_signed_with_another_secret_or_altered_does_not_pass():
    secret = b"k" * 32
    token = tokens.make("蒋婷", 1, NOW, 12, secret)
    assert tokens.read(token, b"x" * 32, NOW) is None
    other = tokens.make("王磊", 1, NOW, 12, secret)
    forged = other.split(".")[0] + "." + token.split(".")[1]  # someone else's body under this signature
    assert tokens.read(forged, secret, NOW) is None
    assert tokens.read("garbage", secret, NOW) is None
    assert tokens.read("a.b", secret, NOW) is None


def test_five_wrong_pins_from_one_address_for_one_name_wait_five_minutes():
    table = Lockouts()
    for i in range(TRIES - 1):
        table.failed("10.0.0.7", "蒋婷", NOW + timedelta(seconds=i))
    assert table.locked_until("10.0.0.7", "蒋婷", NOW + timedelta(seconds=10)) is None
    table.failed("10.0.0.7", "蒋婷", NOW + timedelta(seconds=20))
    until = table.locked_until("10.0.0.7", "蒋婷", NOW + timedelta(seconds=21))
    assert until == NOW + timedelta(seconds=20) + WAIT
    assert table.locked_until("10.0.0.8", "蒋婷", NOW) is None  # another phone
    assert table.locked_until("10.0.0.7", "王磊", NOW) is None  # another name
    assert [(lock.address, lock.name) for lock in table.active(NOW + timedelta(seconds=21))] == [("10.0.0.7", "蒋婷")]
    assert table.locked_until("10.0.0.7", "蒋婷", until) is None  # after the wait, a fresh start


def test_a_right_pin_clears_the_count():
    table = Lockouts()
    for i in range(TRIES - 1):
        table.failed("10.0.0.7", "蒋婷", NOW + timedelta(seconds=i))
    table.succeeded("10.0.0.7", "蒋婷")
    table.failed("10.0.0.7", "蒋婷", NOW + timedelta(seconds=30))
    assert table.locked_until("10.0.0.7", "蒋婷", NOW + timedelta(seconds=31)) is None
