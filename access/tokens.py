"""Signed, expiring sign-in tokens: who, which PIN generation, until when; an HMAC over them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Grant:
    """What a valid token says: the staff member, their PIN generation, and when it runs out."""

    name: str
    generation: int
    expires: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make(name: str, generation: int, now: datetime, hours: float, secret: bytes) -> str:
    """A token for `name` valid for `hours` from `now`."""
    expires = now + timedelta(hours=hours)
    body = json.dumps({"n": name, "g": generation, "e": expires.isoformat(timespec="seconds")}, ensure_ascii=False)
    payload = _b64(body.encode("utf-8"))
    mac = hmac.new(secret, payload.encode("ascii"), hashlib.sha256).digest()
    return f"{payload}.{_b64(mac)}"


def read(token: str, secret: bytes, now: datetime) -> Grant | None:
    """The grant in `token` if its signature holds and it has not run out; None otherwise."""
    payload, _, mac = token.partition(".")
    if not payload or not mac:
        return None
    try:
        want = hmac.new(secret, payload.encode("ascii"), hashlib.sha256).digest()
        if not hmac.compare_digest(want, _unb64(mac)):
            return None
        body = json.loads(_unb64(payload).decode("utf-8"))
        grant = Grant(str(body["n"]), int(body["g"]), datetime.fromisoformat(body["e"]))
    except (ValueError, KeyError, TypeError, UnicodeError):
        return None
    return grant if now < grant.expires else None
