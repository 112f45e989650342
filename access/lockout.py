"""Wrong PINs: five from one address for one name make that pair wait five minutes."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

TRIES = 5
WAIT = timedelta(minutes=5)


@dataclass(frozen=True)
class Lock:
    """A name locked for sign-in from an address, until a time."""

    address: str
    name: str
    until: datetime


@dataclass
class Lockouts:
    """Failed sign-ins per (address, name), kept in the server's memory (a restart forgets them)."""

    _fails: dict[tuple[str, str], list[datetime]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def locked_until(self, address: str, name: str, now: datetime) -> datetime | None:
        """When the pair may try again, if it must wait now."""
        with self._lock:
            fails = self._recent(address, name, now)
            if len(fails) >= TRIES:
                return fails[-1] + WAIT
            return None

    def failed(self, address: str, name: str, now: datetime) -> None:
        """Count one wrong PIN."""
        with self._lock:
            self._fails[(address, name)] = [*self._recent(address, name, now), now]

    def succeeded(self, address: str, name: str) -> None:
        """A right PIN clears the pair's count."""
        with self._lock:
            self._fails.pop((address, name), None)

    def active(self, now: datetime) -> list[Lock]:
        """Every pair waiting now, for the manager."""
        with self._lock:
            out = []
            for address, name in list(self._fails):
                fails = self._recent(address, name, now)
                if len(fails) >= TRIES:
                    out.append(Lock(address, name, fails[-1] + WAIT))
            return out

    def _recent(self, address: str, name: str, now: datetime) -> list[datetime]:
        # failures older than the wait no longer count: the pair starts afresh after waiting
        return [t for t in self._fails.get((address, name), []) if now - t < WAIT]
