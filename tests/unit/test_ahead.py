"""The first run waits a moment for the start's work ahead, never for ever and never for itself."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from ui import ahead


@pytest.fixture(autouse=True)
def _no_work_left() -> Iterator[None]:
    yield
    assert ahead.wait(10)
    ahead._thread = None


def test_a_server_that_started_no_work_ahead_keeps_no_run_waiting() -> None:
    ahead._thread = None
    started = time.monotonic()
    assert ahead.wait(5)
    assert time.monotonic() - started < 1


def test_a_run_waits_until_the_work_ahead_is_done() -> None:
    done = threading.Event()
    ahead.start(lambda: (time.sleep(0.3), done.set()))
    assert ahead.wait(10)
    assert done.is_set()


def test_a_long_work_ahead_is_waited_for_only_so_long() -> None:
    release = threading.Event()
    ahead.start(lambda: release.wait(10))
    started = time.monotonic()
    assert not ahead.wait(0.2)  # still at work: the run goes on and shows its own bar
    assert 0.2 <= time.monotonic() - started < 5
    release.set()


def test_the_work_ahead_does_not_wait_for_itself() -> None:
    seen: list[bool] = []
    ahead.start(lambda: seen.append(ahead.wait(5)))
    assert ahead.wait(10)
    assert seen == [True]
