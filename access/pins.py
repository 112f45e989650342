"""The staff's PINs, stored as salted scrypt hashes in one JSON file in the user's config folder.

The file also holds the secret that signs sign-in tokens. Each name has a generation that grows when its
PIN is set or reset, so a token made under an older PIN no longer passes.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

FILE_NAME = "pins.json"
MIN_DIGITS, MAX_DIGITS = 4, 8
# scrypt's cost: about 50 ms and 16 MiB on a laptop, so a stolen file cannot be tried through quickly
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


class BadPin(ValueError):
    """A PIN that is not 4 to 8 digits."""


def valid_pin(pin: str) -> bool:
    """Whether `pin` is 4 to 8 ASCII digits."""
    return MIN_DIGITS <= len(pin) <= MAX_DIGITS and pin.isascii() and pin.isdigit()


def _hash(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)


@dataclass(frozen=True)
class PinRecord:
    """One staff member's stored PIN: the hash, its parameters, when it was set and its generation."""

    salt: str
    hash: str
    n: int
    r: int
    p: int
    set_at: str
    generation: int


class PinStore:
    """The PIN file in `folder`: set, check and list PINs; the token secret."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / FILE_NAME

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {"secret": "", "staff": {}}
        if not isinstance(data, dict) or not isinstance(data.get("staff"), dict):
            return {"secret": "", "staff": {}}
        return data

    def _save(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(FILE_NAME + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        with contextlib.suppress(OSError):  # Windows keeps its own ACLs: the user's profile folder
            os.chmod(tmp, 0o600)
        tmp.replace(self.path)

    def secret(self) -> bytes:
        """The key that signs sign-in tokens, made on first use."""
        data = self._load()
        if not data.get("secret"):
            data["secret"] = secrets.token_hex(32)
            self._save(data)
        return bytes.fromhex(data["secret"])

    def names(self) -> list[str]:
        """The staff members who have a PIN, in the order they got one."""
        return list(self._load()["staff"])

    def record(self, name: str) -> PinRecord | None:
        """The stored PIN of `name`, if any."""
        entry = self._load()["staff"].get(name)
        if not isinstance(entry, dict):
            return None
        try:
            return PinRecord(**entry)
        except TypeError:
            return None

    def generation(self, name: str) -> int | None:
        """The generation of `name`'s PIN (None without one): tokens carry it."""
        rec = self.record(name)
        return rec.generation if rec is not None else None

    def set_pin(self, name: str, pin: str, now: datetime) -> None:
        """Set or reset `name`'s PIN; tokens made under the old one stop working."""
        if not valid_pin(pin):
            raise BadPin(pin)
        data = self._load()
        old = data["staff"].get(name)
        generation = (old.get("generation", 0) if isinstance(old, dict) else 0) + 1
        salt = secrets.token_bytes(16)
        digest = _hash(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        data["staff"][name] = {
            "salt": salt.hex(),
            "hash": digest.hex(),
            "n": SCRYPT_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "set_at": now.isoformat(timespec="seconds"),
            "generation": generation,
        }
        if not data.get("secret"):
            data["secret"] = secrets.token_hex(32)
        self._save(data)

    def remove(self, name: str) -> None:
        """Take `name`'s PIN away (a leaver): they can no longer sign in."""
        data = self._load()
        if data["staff"].pop(name, None) is not None:
            self._save(data)

    def check(self, name: str, pin: str) -> bool:
        """Whether `pin` is `name`'s PIN (False for an unknown name, after the same work)."""
        rec = self.record(name)
        if rec is None or not valid_pin(pin):
            _hash("0000", b"\0" * 16, SCRYPT_N, SCRYPT_R, SCRYPT_P)  # the same time either way
            return False
        digest = _hash(pin, bytes.fromhex(rec.salt), rec.n, rec.r, rec.p)
        return hmac.compare_digest(digest, bytes.fromhex(rec.hash))
