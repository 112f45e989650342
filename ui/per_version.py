"""Figures worked out once per version of the workbook, not at every rerun: the due list, the grade
notes, the morning's board.

A version is one `LoadedWorkbook` object: a read of the file, or the app's own change shown on the
frames it read, makes a new one. A result is kept beside a weak reference to the workbook it was
made from and is used only for that same object, so an object gone (and its id reused) never
answers for another, and the cache holds no workbook alive. One server opens one workbook, and every
session of it shares what is kept here: the server's start fills it ahead of the first browser
(`ui.warm`). The last few results are kept.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar, cast

from workbook.reading import LoadedWorkbook

T = TypeVar("T")

_MAX = 12
_lock = threading.Lock()
_kept: OrderedDict[tuple[Hashable, ...], tuple[weakref.ref[LoadedWorkbook], object]] = OrderedDict()


def once(wb: LoadedWorkbook, what: Hashable, make: Callable[[], T]) -> T:
    """`make()` the first time `what` is asked of this workbook object, the kept result after that."""
    key = (id(wb), what)
    with _lock:
        hit = _kept.get(key)
        if hit is not None and hit[0]() is wb:
            _kept.move_to_end(key)
            return cast(T, hit[1])
    made = make()
    with _lock:
        _kept[key] = (weakref.ref(wb), made)
        while len(_kept) > _MAX:
            _kept.popitem(last=False)
    return made


def forget() -> None:
    """Drop everything kept (tests)."""
    with _lock:
        _kept.clear()
