"""Figures worked out once per version of the workbook, not at every rerun: the due list, the grade
notes, the morning's board.

A version is one `LoadedWorkbook` object: a read of the file, or the app's own change shown on the
frames it read, makes a new one. A result is kept beside a weak reference to the workbook it was
made from and is used only for that same object, so an object gone (and its id reused) never
answers for another, and the cache holds no workbook alive. One server opens one workbook, and every
session of it shares what is kept here: the server's start fills it ahead of the first browser
(`ui.warm`). The last few results are kept.

A result is worked out by one thread at a time: a run that asks while the start's thread is still
at it waits for that result. Working it out twice at once took both twice as long under the GIL
(the open at L: 4.4 -> 5.4 s).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import TypeVar, cast

from workbook.reading import LoadedWorkbook

T = TypeVar("T")

_MAX = 12
_lock = threading.Lock()
_kept: OrderedDict[tuple[Hashable, ...], tuple[weakref.ref[LoadedWorkbook], object]] = OrderedDict()
_making: dict[Hashable, threading.Lock] = {}
_MISSING = object()


def _kept_for(key: tuple[Hashable, ...], wb: LoadedWorkbook) -> object:
    hit = _kept.get(key)
    if hit is None or hit[0]() is not wb:
        return _MISSING
    _kept.move_to_end(key)
    return hit[1]


def once(wb: LoadedWorkbook, what: Hashable, make: Callable[[], T]) -> T:
    """`make()` the first time `what` is asked of this workbook object, the kept result after that."""
    key = (id(wb), what)
    with _lock:
        found = _kept_for(key, wb)
    if found is not _MISSING:
        return cast(T, found)
    with one_at_a_time(key):
        with _lock:
            found = _kept_for(key, wb)
        if found is not _MISSING:
            return cast(T, found)
        made = make()
        with _lock:
            _kept[key] = (weakref.ref(wb), made)
            while len(_kept) > _MAX:
                _kept.popitem(last=False)
    return made


@contextmanager
def one_at_a_time(key: Hashable) -> Iterator[None]:
    """Held while `key` is worked out: a thread asking for the same key meanwhile waits here, then
    finds the result kept (or, if the first failed, works it out itself)."""
    with _lock:
        making = _making.setdefault(key, threading.Lock())
    with making:
        try:
            yield
        finally:
            with _lock:
                _making.pop(key, None)


def forget() -> None:
    """Drop everything kept (tests)."""
    with _lock:
        _kept.clear()
