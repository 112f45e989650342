"""Realistic sample workbooks: a store's year (S), three years (M) or a group (L).

`generate(size, lang, today, seed)` returns the rows by sheet key; `write_sample(...)` writes
them through `workbook.template.write_workbook`. Output depends only on (size, lang, today,
seed): one `random.Random` per customer (seeded from `seed` and the customer's number), no
global random, no wall clock, no set or dict-order dependence.

How the data is made: every customer gets a story from first contact to a fate (order and
delivery, lost, dormant) or is still open at `today`. Follow-ups follow the cadence of the
default settings (24 hours, week 1, week 2, month 1, grade intervals, after delivery) with
each consultant's own lapses, so `today` has due and overdue follow-ups. A few stories are
fixed so that there are deliveries today and next week, lost requests waiting for the
manager (some dated today) and birthdays today. Some calls go unanswered (未接通): a try now
and then before a contact, tries on lapsed leads (a few customers out of contact after three
days of tries) and one wrong number; a reached contact often carries the date promised to
the customer (下次跟进日期). Every row records when it was entered (`recorded_at`, a few minutes
after the contact). Contacts are written in date order; for
large sizes they are streamed, holding only the stories still open on the day being written.
Lunar birthdays keep the lunar month and day in the date (birthday_lunar = yes).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from workbook import sample_log, schema
from workbook import sample_pools as pools
from workbook.checklist_defaults import ITEMS as CHECKLIST_ITEMS
from workbook.schema import Lang
from workbook.template import write_workbook


@dataclass(frozen=True)
class Size:
    """How big a sample is and how disciplined its consultants are."""

    customers: int
    span_days: int  # first contacts spread over this many days before today
    consultants: int  # active sales consultants
    left: int  # consultants who left (their open customers were reassigned)
    managers: int
    advisors: int
    front_desk: int
    directors: int
    dup_pairs: int  # customers entered twice under two consultants (same phone)
    anon_per_day: tuple[int, int]  # walk-ins who leave no card, per open day
    after_sales_keep: float  # chance each monthly after-sales call really happens
    target_months: int
    forced: int  # multiplier for the fixed stories (deliveries today, pending lost, ...)
    discipline: float  # scales every consultant's chance of following up on time


SIZES: dict[str, Size] = {
    "S": Size(2_000, 365, 15, 1, 2, 3, 2, 1, 4, (1, 3), 0.7, 12, 1, 0.8),
    "M": Size(20_000, 3 * 365, 25, 8, 3, 5, 3, 1, 20, (2, 7), 0.5, 36, 2, 0.8),
    # a group: 18 months of many consultants, so that contacts stay near 900k (Excel's limit is 1,048,575 rows)
    "L": Size(100_000, 548, 120, 30, 10, 20, 10, 2, 60, (10, 30), 0.6, 12, 8, 0.8),
}
STREAM_FROM = 50_000  # customers; at or above, stories are told again for each pass instead of kept
CONSTANT_MEMORY_FROM = 10_000  # customers; at or above, the workbook is written one row at a time

HOT = ("H", "A", "B", "C")
_INTERVAL = {g: int(schema.SETTINGS_BY_KEY[f"grade_interval_{g}"].default) for g in HOT}  # type: ignore[call-overload]
_WINDOW = {g: int(schema.SETTINGS_BY_KEY[f"grade_window_{g}"].default) for g in HOT}  # type: ignore[call-overload]
_SOURCES = (("walk_in", 34), ("online", 26), ("phone_in", 10), ("referral", 10), ("event", 8), ("repeat", 5),
            ("outdoor_ad", 3), ("fleet", 2), ("other", 2))  # fmt: skip
_VISIT_SOURCES = frozenset({"walk_in", "referral", "event", "repeat", "fleet"})
_INITIAL = {"H": 10, "A": 20, "B": 35, "C": 35}
# fate chances by initial grade: (buy, lost); the rest lingers and is lost or made dormant later
_FATE = {"H": (0.45, 0.30), "A": (0.25, 0.45), "B": (0.12, 0.58), "C": (0.05, 0.62)}
_ORDER_AFTER = {"H": (1, 8), "A": (5, 16), "B": (10, 32), "C": (20, 80)}
_SURNAME_CUM = list(accumulate(w for *_, w in pools.SURNAMES))
_INITIAL_CUM = list(accumulate(_INITIAL[g] for g in HOT))
_MODEL_CUM = list(accumulate(pools.MODEL_WEIGHTS))
_DELIVERY_TIMES = ("09:30", "10:30", "14:00", "15:30", "16:30")
MORNING_END = "10:30"  # the sample is the morning of `today`: later contacts have not happened yet
_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


# random() is several times faster than randrange()/choice(); the L sample makes millions of draws.
def _pick(rng: random.Random, pairs: tuple[tuple[str, str], ...], lang: Lang) -> str:
    zh, en = pairs[int(rng.random() * len(pairs))]
    return zh if lang == "zh" else en


def _hhmm(rng: random.Random, start: int, end: int) -> str:
    """A time between start and end o'clock, on a 5-minute step."""
    minutes = 5 * int(start * 12 + rng.random() * (end - start) * 12)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _int(rng: random.Random, lo: int, hi: int) -> int:
    """Like _int(rng, lo, hi), faster."""
    return lo + int(rng.random() * (hi - lo + 1))


def _one(rng: random.Random, seq: Any) -> Any:
    """Like _one(rng, seq), faster."""
    return seq[int(rng.random() * len(seq))]


# --------------------------------------------------------------------------- the store


@dataclass
class Person:
    """A staff member as the sample needs them."""

    name: str
    role: str
    phone: str
    joined: date
    left: date | None = None
    discipline: float = 0.85  # chance a follow-up is done on time
    day_off: int = 0  # weekday of the weekly day off


@dataclass
class Store:
    """Everything shared by the stories: staff, calendar, today, language."""

    size: Size
    lang: Lang
    today: date
    seed: int
    staff: list[Person]
    consultants: list[Person]
    managers: list[Person]
    advisors: list[Person]
    front_desk: list[Person]
    closed: frozenset[date]
    calendar_rows: list[dict[str, Any]]
    phones_used: set[str] = field(default_factory=set)
    greeting_days: tuple[date, ...] = ()  # when festival greetings go out (days before each festival)

    def open_day(self, d: date) -> date:
        """`d`, or the next day the store is open."""
        while d in self.closed:
            d += timedelta(days=1)
        return d


def _mobile(rng: random.Random, used: set[str]) -> str:
    while True:
        number = "1" + _one(rng, "3456789") + str(rng.randrange(10)) + f"{rng.randrange(10**8):08d}"
        if number not in used:
            used.add(number)
            return number


def _person_name(rng: random.Random, female: bool) -> tuple[str, str]:
    """(Chinese name, pinyin name)."""
    sur = rng.choices(pools.SURNAMES, cum_weights=_SURNAME_CUM)[0]
    given = pools.GIVEN_FEMALE if female else pools.GIVEN_MALE
    if rng.random() < 0.7:
        a, b = _one(rng, pools.GIVEN_FIRST), _one(rng, given)
        zh, en = a[0] + b[0], a[1] + b[1].lower()
    else:
        zh, en = _one(rng, given)
    return sur[0] + zh, f"{sur[1]} {en}"


def _calendar(today: date, span_days: int, lang: Lang) -> tuple[frozenset[date], list[dict[str, Any]]]:
    """Store-closed days (Spring Festival eve, day 1, day 2), festivals and one override."""
    from lunar_python import Lunar

    def solar(y: int, m: int, d: int) -> date:
        s = Lunar.fromYmd(y, m, d).getSolar()
        return date(s.getYear(), s.getMonth(), s.getDay())

    zh = lang == "zh"
    rows: list[dict[str, Any]] = []
    closed: set[date] = set()
    first_year = (today - timedelta(days=span_days)).year
    for y in range(first_year, today.year + 2):
        spring = solar(y, 1, 1)
        for offset, name_zh, name_en in ((-1, "除夕", "New Year's Eve"), (0, "春节初一", "Spring Festival day 1"),
                                         (1, "春节初二", "Spring Festival day 2")):  # fmt: skip
            day = spring + timedelta(days=offset)
            closed.add(day)
            rows.append({"date": day, "kind": "closed", "name": name_zh if zh else name_en, "greeting": offset == 0})
        for d, name_zh, name_en, greet in (
            (solar(y, 1, 15), "元宵节", "Lantern Festival", y != today.year + 1),
            (solar(y, 5, 5), "端午节", "Dragon Boat Festival", True),
            (solar(y, 8, 15), "中秋节", "Mid-Autumn Festival", True),
            (date(y, 10, 1), "国庆节", "National Day", True),
        ):
            rows.append({"date": d, "kind": "holiday", "name": name_zh if zh else name_en, "greeting": greet})
    # An example override: the store closes for its year-end stocktaking.
    stock = date(today.year, 12, 31) if today < date(today.year, 12, 31) else date(today.year + 1, 12, 31)
    closed.add(stock)
    rows.append(
        {"date": stock, "kind": "closed", "name": "年终盘点" if zh else "Year-end stocktaking", "greeting": False}
    )
    rows.sort(key=lambda r: (r["date"], r["kind"]))
    return frozenset(closed), rows


def _store(size: Size, lang: Lang, today: date, seed: int) -> Store:
    rng = random.Random(f"store-{seed}")
    closed, calendar_rows = _calendar(today, size.span_days, lang)
    phones: set[str] = set()
    names: set[str] = set()
    staff: list[Person] = []
    start = today - timedelta(days=size.span_days)

    def person(role: str, joined: date, left: date | None = None) -> Person:
        while True:
            zh, en = _person_name(rng, female=rng.random() < 0.45)
            name = zh if lang == "zh" else en
            if name not in names:
                names.add(name)
                break
        p = Person(name, role, _mobile(rng, phones), joined, left)
        staff.append(p)
        return p

    def joined_before(d: date) -> date:
        return d - timedelta(days=rng.randrange(60, 365 * 6))

    managers = [person("manager", joined_before(start)) for _ in range(size.managers)]
    for _ in range(size.directors):
        person("director", joined_before(start))
    consultants = []
    for i in range(size.consultants):
        # Most were there all along; a few joined during the period (fewer, newer customers).
        late = i >= size.consultants - max(1, size.consultants // 8)
        joined = (
            start + timedelta(days=rng.randrange(30, max(31, size.span_days - 60))) if late else joined_before(start)
        )
        consultants.append(person("consultant", joined))
    for _ in range(size.left):
        joined = joined_before(start)
        left = start + timedelta(days=rng.randrange(30, max(31, size.span_days - 30)))
        consultants.append(person("consultant", joined, left))
    for k, p in enumerate(consultants):
        p.discipline = min(0.97, round(rng.uniform(0.45, 0.92) * size.discipline, 2))
        p.day_off = k % 5  # Monday..Friday: weekends are the busy days
    advisors = [person("service_advisor", joined_before(start)) for _ in range(size.advisors)]
    front = [person("front_desk", joined_before(start)) for _ in range(size.front_desk)]
    before = int(schema.SETTINGS_BY_KEY["holiday_greeting_days_before"].default)  # type: ignore[call-overload]
    greeting_days = tuple(sorted({r["date"] - timedelta(days=before) for r in calendar_rows if r["greeting"]}))
    return Store(size, lang, today, seed, staff, consultants, managers, advisors, front, closed, calendar_rows, phones,
                 greeting_days)  # fmt: skip


# --------------------------------------------------------------------------- skeletons


@dataclass
class Skeleton:
    """What is decided for a customer before their story is told."""

    idx: int
    customer_id: str
    first_contact: date
    consultant: int  # index into store.consultants
    source: str
    phone: str
    name_zh: str
    name_en: str
    female: bool
    forced: tuple[str, int] | None = None  # ("deliver", days from today), ("lost_pending", ...), ...
    birthday: tuple[date, bool] | None = None  # fixed birthday (date, lunar)
    duplicate_of: int | None = None


def _skeletons(store: Store) -> tuple[list[Skeleton], list[tuple[date, int]]]:
    """Customers in first-contact order (IDs follow that order) and the anonymous walk-ins."""
    size, today = store.size, store.today
    rng = random.Random(f"skeleton-{store.seed}")
    start = today - timedelta(days=size.span_days)
    days = [start + timedelta(days=i) for i in range(size.span_days + 1)]
    days = [d for d in days if d not in store.closed]
    # Weekends bring more people; the store grows a little over the period.
    weights = [(1.7 if d.weekday() >= 5 else 1.0) * (0.8 + 0.4 * i / len(days)) for i, d in enumerate(days)]
    firsts = sorted(rng.choices(days, weights=weights, k=size.customers))
    width = max(5, len(str(size.customers)))
    sources, source_w = zip(*_SOURCES, strict=True)
    out: list[Skeleton] = []
    for i, fc in enumerate(firsts):
        active = [k for k, p in enumerate(store.consultants) if p.joined <= fc and (p.left is None or fc < p.left)]
        female = rng.random() < 0.4
        zh, en = _person_name(rng, female)
        out.append(Skeleton(i, f"C{i + 1:0{width}d}", fc, _one(rng, active), rng.choices(sources, source_w)[0],
                            _mobile(rng, store.phones_used), zh, en, female))  # fmt: skip
    _force_stories(out, store, rng)
    anon: list[tuple[date, int]] = []
    lo, hi = size.anon_per_day
    for d in days:
        active = [k for k, p in enumerate(store.consultants) if p.joined <= d and (p.left is None or d < p.left)]
        for _ in range(_int(rng, lo, hi) + (hi // 2 if d.weekday() >= 5 else 0)):
            anon.append((d, _one(rng, active)))
    return out, anon


def _force_stories(sk: list[Skeleton], store: Store, rng: random.Random) -> None:
    """Fix a few stories so that today always has what a morning meeting talks about."""
    today, k = store.today, store.size.forced
    free = [s for s in sk if s.forced is None]

    def between(lo: int, hi: int) -> list[Skeleton]:
        return [s for s in free if today - timedelta(days=hi) <= s.first_contact <= today - timedelta(days=lo)]

    def take(pool: list[Skeleton], n: int, forced: tuple[str, int]) -> None:
        chosen = rng.sample(pool, min(n, len(pool)))
        for s in chosen:
            s.forced = forced
            pool.remove(s)

    pool = between(12, 70)
    for offset, n in ((0, 3), (1, 2), (2, 2), (3, 1), (4, 2), (5, 1), (6, 1), (7, 1)):
        take(pool, n * k, ("deliver", offset))
    take(between(6, 60), 2 * k, ("lost_pending", 0))
    for offset in (1, 2, 3, 5):
        take(between(6 + offset, 60), k, ("lost_pending", offset))
    # Birthdays today and this week, solar and lunar.
    from lunar_python import Solar

    for n, offset in enumerate((0, 0, 1, 2, 3, 4, 5, 6, 0, 3)):
        for s in rng.sample(sk, k):
            year = rng.randrange(1965, 2002)
            d = today + timedelta(days=offset)
            if n >= 8:  # lunar: keep the lunar month/day of that solar date
                lu = Solar.fromYmd(d.year, d.month, d.day).getLunar()
                m, day = abs(lu.getMonth()), lu.getDay()
                s.birthday = (date(year, m, min(day, 28)), True) if not (m == 2 and day > 28) else None
                if lu.getMonth() < 0 or day > 28:
                    s.birthday = None  # a leap month or a 29th/30th: not a clean example
            else:
                s.birthday = (_safe_date(year, d.month, d.day), False)
    # First-contact ownership: the same person entered again by another consultant.
    for _ in range(store.size.dup_pairs):
        a, b = sorted(rng.sample(range(len(sk)), 2))
        if sk[a].consultant == sk[b].consultant:
            continue
        sk[b].phone, sk[b].name_zh, sk[b].name_en, sk[b].female = (
            sk[a].phone,
            sk[a].name_zh,
            sk[a].name_en,
            sk[a].female,
        )
        sk[b].duplicate_of = a


@lru_cache(maxsize=4096)
def _lunar_to_solar(year: int, month: int, day: int) -> date | None:
    """The solar date of a lunar month/day in lunar `year` (None when it does not exist)."""
    from lunar_python import Lunar

    try:
        s = Lunar.fromYmd(year, month, day).getSolar()
    except Exception:
        return None
    return date(s.getYear(), s.getMonth(), s.getDay())


def _safe_date(y: int, m: int, d: int) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        return date(y, m, 28)


# --------------------------------------------------------------------------- stories

# A contact before it has an ID: a plain tuple keeps tens of thousands of open stories small.
# (date, time, customer_id, customer, phone, consultant, type, kind, first_visit, people, result,
#  grade_after, next_step, next_date, recorded_by, outcome, dialled)
Contact = tuple[date, str, Any, Any, Any, str, str, Any, Any, Any, str, Any, Any, Any, str, str, Any]
CONTACT_KEYS = ("date", "time", "customer_id", "customer", "phone", "consultant", "type", "followup_kind",
                "first_visit", "people", "result", "grade_after", "next_step", "next_date", "recorded_by",
                "outcome", "dialled")  # fmt: skip
OUTCOME = CONTACT_KEYS.index("outcome")


@dataclass
class Story:
    """One customer's card, contacts, delivery and lost records, as of today."""

    customer: dict[str, Any]
    contacts: list[Contact]
    delivery: dict[str, Any] | None = None
    lost: list[dict[str, Any]] = field(default_factory=list)
    next_due: date | None = None  # the date the last contact planned next, for open leads
    last_contact: date | None = None


def _step(grade: str, up: int) -> str:
    """A hot grade moved `up` steps hotter (negative: cooler), kept within H..C."""
    i = min(3, max(0, HOT.index(grade) - up))
    return HOT[i]


class _Teller:
    """Tells one customer's story with the customer's own random generator."""

    def __init__(self, store: Store, sk: Skeleton) -> None:
        self.store, self.sk = store, sk
        self.rng = random.Random(store.seed * 1_000_003 + sk.idx)
        self.lang = store.lang
        self.zh = store.lang == "zh"
        self.today = store.today
        self.owner = store.consultants[sk.consultant]
        self.heir: Person | None = None
        if self.owner.left is not None:
            active = [p for p in store.consultants if p.left is None and p.joined <= self.owner.left]
            self.heir = _one(self.rng, active or [p for p in store.consultants if p.left is None])
        self.contacts: list[Contact] = []
        # unanswered calls draw from their own generator: the rest of the story is told as before
        self.tries = random.Random(store.seed * 2_000_003 + sk.idx)
        # so do the waiting-for-car dates and news (allocation, balance, delay)
        self.waiting = random.Random(store.seed * 3_000_017 + sk.idx)
        self.resume: date | None = None  # next due after a rejected lost request
        self.birthday = self.draw_birthday()
        self.name = sk.name_zh if self.zh else sk.name_en
        m = self.rng.choices(range(len(pools.MODELS)), cum_weights=_MODEL_CUM)[0]
        self.model_row = pools.MODELS[m]
        self.model = self.model_row[0] if self.zh else self.model_row[1]
        brand = pools.COMPETITORS[self.rng.randrange(len(pools.COMPETITORS))]
        cm = brand[2][self.rng.randrange(len(brand[2]))]
        self.comp_brand, self.comp_model = (brand[0], cm[0]) if self.zh else (brand[1], cm[1])
        self.competitor = f"{self.comp_brand}{self.comp_model}" if self.zh else f"{self.comp_brand} {self.comp_model}"

    # -- helpers
    def consultant_on(self, d: date) -> Person:
        if self.owner.left is not None and d >= self.owner.left and self.heir is not None:
            return self.heir
        return self.owner

    def text(self, key: str) -> str:
        return _pick(self.rng, pools.RESULTS[key], self.lang).format(model=self.model, competitor=self.competitor)

    def happened(self, d: date, t: str) -> bool:
        return d < self.today or (d == self.today and t < MORNING_END)

    def add(
        self,
        d: date,
        t: str,
        type_: str,
        kind: str | None,
        result: str,
        grade: str | None = None,
        next_date: date | None = None,
        by: Person | None = None,
        first_visit: bool | None = None,
        people: int | None = None,
        consultant: Person | None = None,
    ) -> None:
        who = consultant or self.consultant_on(d)
        next_step = _pick(self.rng, pools.NEXT_STEPS, self.lang) if next_date and self.rng.random() < 0.5 else None
        self.contacts.append((d, t, self.sk.customer_id, self.name, self.sk.phone, who.name, type_, kind, first_visit,
                              people, result, grade, next_step, next_date, (by or who).name, "reached", None))  # fmt: skip

    def try_call(self, d: date, outcome: str = "no_answer") -> None:
        """An unanswered call on day `d` (a wrong number records the number dialled)."""
        t = _hhmm(self.tries, 9, 20) if d != self.today else _hhmm(self.tries, 9, 10)  # today: this morning
        if not self.happened(d, t) or d in self.store.closed:
            return
        who = self.consultant_on(d)
        result = _pick(self.tries, pools.RESULTS[outcome], self.lang)
        dialled = self.sk.phone if outcome == "wrong_number" else None
        self.contacts.append((d, t, self.sk.customer_id, self.name, self.sk.phone, who.name, "call", None, None,
                              None, result, None, None, None, who.name, outcome, dialled))  # fmt: skip

    def tries_before(self, last: date, day: date) -> None:
        """Now and then a call goes unanswered on a day or two before the one that gets through."""
        if self.tries.random() < 0.12:
            for back in sorted({_int(self.tries, 1, 3) for _ in range(_int(self.tries, 1, 2))}, reverse=True):
                if day - timedelta(days=back) > last:
                    self.try_call(day - timedelta(days=back))

    def tries_on_lapsed(self, due: date, fate: str) -> None:
        """A lapsed open lead: tries since its item fell due; one who stopped answering gets three days of them."""
        days = [due + timedelta(days=k) for k in range((self.today - due).days + 1)]
        if not days:
            return
        wrong = self.tries.random() < 0.01  # one lapsed lead in a hundred or so: the number on the card is wrong
        if fate == "unreachable":
            n = 3
        elif self.tries.random() < 0.25:
            n = _int(self.tries, 1, 2)
        else:
            n = 1 if wrong else 0
        if not n:
            return
        picked = sorted(self.tries.sample(days, min(n, len(days))))
        for k, d in enumerate(picked):
            self.try_call(d, "wrong_number" if wrong and k == len(picked) - 1 else "no_answer")

    def call_time(self) -> str:
        return _hhmm(self.rng, 9, 20)

    def visit_time(self) -> str:
        return _hhmm(self.rng, 10, 18)

    # -- the story
    def tell(self) -> Story:
        rng, sk, today = self.rng, self.sk, self.today
        g0 = rng.choices(HOT, cum_weights=_INITIAL_CUM)[0]
        if sk.source in ("referral", "repeat") and g0 == "C":
            g0 = "B"
        buy_p, lose_p = _FATE[g0]
        r = rng.random()
        fate = "buy" if r < buy_p else "lose" if r < buy_p + lose_p else "linger"
        fc = sk.first_contact
        order_day = delivery_day = lose_day = None
        if fate == "buy":
            lo, hi = _ORDER_AFTER[g0]
            order_day = self.store.open_day(fc + timedelta(days=_int(rng, lo, hi)))
            delivery_day = self.store.open_day(order_day + timedelta(days=_int(rng, 3, 25)))
            if rng.random() < 0.03:
                fate = "buy_cancel"
                lose_day = self.store.open_day(order_day + timedelta(days=_int(rng, 5, 20)))
        elif fate == "lose":
            lose_day = self.store.open_day(fc + timedelta(days=_int(rng, 5, 40)))
        else:
            lose_day = self.store.open_day(fc + timedelta(days=_int(rng, 45, 150)))
            r = rng.random()
            if r < 0.25:  # no purchase in a year: the manager's dormancy review
                fate, lose_day = "dormant", self.store.open_day(fc + timedelta(days=365 + _int(rng, 0, 20)))
            elif r < 0.4:  # stopped answering altogether (失控): made dormant too
                fate, lose_day = "unreachable", self.store.open_day(fc + timedelta(days=_int(rng, 40, 120)))
        if sk.forced is not None:
            kind, offset = sk.forced
            if kind == "deliver":
                fate = "buy"
                delivery_day = self.store.open_day(today + timedelta(days=offset))
                span = max(1, (delivery_day - fc).days - 5)
                order_day = fc + timedelta(days=max(1, min(span, _int(rng, span // 2, span))))
                order_day = min(self.store.open_day(order_day), today - timedelta(days=1))
            elif kind == "lost_pending":
                fate, lose_day = "lose", min(today, self.store.open_day(today - timedelta(days=offset)))
        rejected = fate == "lose" and rng.random() < 0.04  # the manager said: keep following

        # A lead that will be lost stops answering sooner than a consultant gives up on it.
        patience = 1.0 if fate == "lose" else 2.0
        grade = g0
        expected = fc + timedelta(days=_WINDOW[g0] + _int(rng, -2, 3))
        end = min(d for d in (order_day, lose_day, today + timedelta(days=1)) if d is not None)
        first_is_visit = sk.source in _VISIT_SOURCES or rng.random() < 0.15
        t0 = self.visit_time() if first_is_visit else self.call_time()
        if fc == today:
            t0 = _hhmm(rng, 9, 10)  # a lead logged this morning
        nxt = self.store.open_day(fc + timedelta(days=1))
        if first_is_visit:
            self.add(
                fc,
                t0,
                "visit",
                None,
                self.text("first_visit"),
                g0,
                nxt,
                first_visit=True,
                people=_one(rng, (1, 1, 2, 2, 2, 3, 4)),
                by=_one(rng, self.store.front_desk) if self.store.front_desk and rng.random() < 0.2 else None,
            )
        else:
            self.add(fc, t0, "call", None, self.text("first_call"), g0, nxt)
        count, last, test_drive = 1, fc, False
        recent = today - timedelta(days=14)
        stale_since = fc
        planned = nxt
        kind = "new_lead_24h"
        while True:
            p = self.consultant_on(planned)
            # Real lapses: a B/C lead older than a month is the first thing a busy consultant lets slip.
            stale = grade in ("B", "C") and (planned - fc).days > 30
            on_time = p.discipline * (0.55 if stale else 1.2 if kind == "new_lead_24h" else 1.0)
            if planned >= recent:
                # The last two weeks: the manager reads the due list every morning now.
                on_time = min(0.95, p.discipline * 1.25)
            if rng.random() < on_time:
                day = planned - timedelta(days=_one(rng, (0, 0, 0, 1)) if (planned - last).days > 2 else 0)
            else:
                delay = _int(rng, 2, 12) if rng.random() < 0.8 else _int(rng, 10, 40)
                day = planned + timedelta(days=delay + (_int(rng, 4, 16) if stale else 0))
            if planned < recent <= day and rng.random() < 0.6:
                day = recent + timedelta(days=_int(rng, 0, 13))  # caught up once the due list was read
            day = self.store.open_day(max(day, last + timedelta(days=1)))
            if day >= end:
                break
            t = self.call_time()
            if not self.happened(day, t):
                break
            # the grade moves: buyers warm up as the order nears; others cool down with time
            if order_day is not None:
                left = (order_day - day).days
                target = "H" if left <= 7 else "A" if left <= 15 else "B" if left <= 30 else "C"
                new = target if rng.random() < 0.85 else _step(target, _one(rng, (1, -1)))
            else:
                new = grade
                if (day - stale_since).days > patience * _WINDOW[grade] and grade != "C":
                    new = _step(grade, -1)  # past its window: cooler (consultants are optimists)
                elif rng.random() < 0.08:
                    new = _step(grade, 1)
                elif lose_day is not None and (lose_day - day).days < 14 and rng.random() < 0.4:
                    new = _step(grade, -1)
            changed = new != grade
            if changed:
                grade, stale_since = new, day
                expected = day + timedelta(days=_WINDOW[grade] + _int(rng, -1, 3))
            # what kind of touch
            near = order_day is not None and (order_day - day).days <= 10
            if kind == "new_lead_24h":
                type_, res = _one(rng, (("message", "greeting"), ("call", "greeting"), ("message", "greeting"))), None
                type_, res = type_[0], type_[1]
            elif near and not test_drive and rng.random() < 0.5:
                type_, res, test_drive = "test_drive", "test_drive", True
            elif near and rng.random() < 0.4:
                type_, res = _one(rng, (("visit", "visit"), ("quote", "quote")))
            else:
                type_, res = rng.choices(
                    (("call", "call"), ("message", "message"), ("visit", "visit")),
                    weights=(60, 28, 12 if grade in ("H", "A") else 4),
                )[0]
            if type_ in ("visit", "test_drive", "quote"):
                t = self.visit_time() if day != today else _hhmm(rng, 9, 10)
            elif type_ == "call":
                self.tries_before(last, day)
            # the next follow-up by the cadence
            nxt, nkind = self.cadence(fc, day, count, grade)
            record_grade = grade if (changed or rng.random() < 0.4) else None
            self.add(
                day,
                t,
                type_,
                kind,
                self.text(res),
                record_grade,
                nxt if rng.random() < 0.8 else None,
                first_visit=False if type_ == "visit" else None,
                people=_one(rng, (1, 2, 2, 3)) if type_ in ("visit", "test_drive") else None,
            )
            count, last, planned, kind = count + 1, day, nxt, nkind
        story = Story(customer={}, contacts=self.contacts)
        final = grade
        lost_reason = None
        if fate in ("buy", "buy_cancel") and order_day is not None and self.happened(order_day, "09:00"):
            final = self.order_and_deliver(story, order_day, delivery_day, fate, lose_day)
            if fate == "buy_cancel" and final == "F":
                lost_reason = "financing"
        elif fate in ("lose", "linger") and lose_day is not None and lose_day <= today:
            reason = "postponed" if fate == "linger" else None
            final = self.lose(story, lose_day, grade, reason, rejected)
            if final != "F" and self.resume is not None:
                planned = self.resume
        elif fate in ("dormant", "unreachable") and lose_day is not None and lose_day < today:
            manager = _one(self.rng, self.store.managers)
            kind = "dormancy_review" if fate == "dormant" else None
            self.add(lose_day, "17:30", "other", kind, self.text(fate), "Z", by=manager)
            final = "Z"
        if final in HOT:
            story.next_due = planned
            if planned <= today:
                self.tries_on_lapsed(planned, fate)
            expected = max(expected, today - timedelta(days=_int(rng, 0, 20)))
        if order_day is not None and final in ("O", "D"):
            expected = order_day
        self.greetings(self.contacts[-1][0] if final in ("F", "Z") else today)
        self.contacts.sort(key=lambda c: (c[0], c[1]))
        story.last_contact = self.contacts[-1][0]
        story.customer = self.card(final, expected, lost_reason)
        return story

    def cadence(self, fc: date, day: date, count: int, grade: str) -> tuple[date, str]:
        """The next follow-up due after a contact on `day` (the `count`-th after the first)."""
        options = [(day + timedelta(days=_INTERVAL[grade]), "grade_interval"), (day + timedelta(days=30), "monthly")]
        for n, days, kind in ((1, 7, "new_lead_week1"), (2, 14, "new_lead_week2"), (3, 30, "new_lead_month1")):
            if count == n and fc + timedelta(days=days) > day:
                options.append((fc + timedelta(days=days), kind))
        d, kind = min(options)
        return self.store.open_day(d), kind

    def order_and_deliver(
        self, story: Story, order_day: date, delivery_day: date | None, fate: str, cancel_day: date | None
    ) -> str:
        rng, today, store = self.rng, self.today, self.store
        who = self.consultant_on(order_day)
        self.add(
            order_day,
            self.visit_time() if order_day < today else "09:40",
            "order",
            None,
            self.text("order"),
            "O",
            self.store.open_day(order_day + timedelta(days=7)),
            first_visit=False,
            people=_one(rng, (1, 2, 2)),
        )
        grade = "O"
        assert delivery_day is not None
        d = store.open_day(order_day + timedelta(days=_int(rng, 5, 9)))
        while d < delivery_day - timedelta(days=1) and self.happened(d, "12:00"):
            if fate == "buy_cancel" and cancel_day is not None and d >= cancel_day:
                break
            self.add(
                d,
                self.call_time(),
                _one(rng, ("call", "message")),
                "waiting_car",
                self.text("waiting_car"),
                None,
                d + timedelta(days=7),
            )
            d = store.open_day(d + timedelta(days=_int(rng, 5, 10)))
        sched_time = _one(rng, _DELIVERY_TIMES)
        scheduled = datetime.combine(delivery_day, time.fromisoformat(sched_time))
        advisor = _one(rng, store.advisors)
        manager = _one(rng, store.managers)
        delivery: dict[str, Any] = {
            "customer_id": self.sk.customer_id, "customer": self.name, "consultant": self.consultant_on(delivery_day).name,
            "service_advisor": advisor.name, "model": self.model, "vin": self.vin(), "order_date": order_day,
            "scheduled": scheduled, "delivered_at": None, "status": "planned",
            "attendees": "、".join((who.name, advisor.name, manager.name)) if self.zh else ", ".join((who.name, advisor.name, manager.name)),
            "note": _pick(rng, pools.DELIVERY_NOTES, self.lang) if rng.random() < 0.3 else None,
            "_manager": manager.name,
        }  # fmt: skip
        story.delivery = delivery
        if fate == "buy_cancel" and cancel_day is not None and cancel_day < delivery_day:
            if self.happened(cancel_day, "12:00"):
                delivery["status"] = "cancelled"
                delivery["note"] = "贷款未批，客户取消订单" if self.zh else "Loan refused; order cancelled"
                return self.lose(story, cancel_day, "O", "financing", False)
            return grade
        self.car_news(delivery, order_day, delivery_day)
        if delivery_day < today:
            done_at = scheduled + timedelta(minutes=rng.randrange(40, 120, 5))
            delivery["delivered_at"] = done_at
            delivery["status"] = "done"
            t = scheduled.strftime("%H:%M")
            self.add(
                delivery_day,
                t,
                "delivery",
                None,
                self.text("delivery"),
                "D",
                delivery_day,
                first_visit=False,
                people=_one(rng, (1, 2, 3, 4)),
            )
            after = (done_at + timedelta(hours=1)).strftime("%H:%M")
            self.add(delivery_day, min(after, "21:00"), "message", "after_delivery_1h", self.text("after_delivery_1h"))
            home = (done_at + timedelta(hours=_int(rng, 1, 3))).strftime("%H:%M")
            if rng.random() < 0.9:
                self.add(
                    delivery_day,
                    min(home, "20:30"),
                    "call",
                    "after_delivery_arrival",
                    self.text("after_delivery_arrival"),
                )
            for day_n, kind, by_manager in ((3, "after_delivery_day3", False), (4, "after_delivery_day4", True)):
                d = store.open_day(delivery_day + timedelta(days=day_n - 1 + (rng.random() > 0.8)))
                t = self.call_time()
                if not self.happened(d, t) or rng.random() > 0.97:
                    continue
                if by_manager:
                    self.add(d, t, "call", kind, self.text(kind), consultant=manager)
                else:
                    self.add(d, t, "call", kind, self.text(kind), None, delivery_day + timedelta(days=30))
            d = delivery_day + timedelta(days=_int(rng, 25, 30))
            while d < today:
                if rng.random() < store.size.after_sales_keep:
                    day = store.open_day(d)
                    t = self.call_time()
                    if not self.happened(day, t):
                        break
                    self.add(day, t, _one(rng, ("call", "call", "message")), "after_delivery_monthly",
                             self.text("after_delivery_monthly"), None, day + timedelta(days=30))  # fmt: skip
                    d = day + timedelta(days=_int(rng, 24, 31))
                else:  # a month let slip: caught up a week or two late
                    d += timedelta(days=_int(rng, 7, 14))
            return "D"
        return grade

    def car_news(self, delivery: dict[str, Any], order_day: date, delivery_day: date) -> None:
        """The delivery's contract day, allocation and balance dates, and for an open one the news told so far.

        Most contracts promise the day the car comes; an open order now and then slips past it (a
        delay). The car is allocated a few days before delivery, the balance agreed a day or three
        before the promised day and mostly paid by then; the consultant tells the allocation, chases
        the balance and tells of a delay, not always in time, so some of each are due or overdue.
        """
        w, today, store = self.waiting, self.today, self.store
        is_open = delivery_day >= today
        promised = delivery_day
        if w.random() < (0.15 if is_open else 0.04):  # slipped past the contract's day
            promised = max(order_day + timedelta(days=2), delivery_day - timedelta(days=_int(w, 2, 9)))
        if w.random() < 0.9:
            delivery["promised_delivery"] = promised
        allocated = max(order_day, delivery_day - timedelta(days=_int(w, 1, 8)))
        if allocated <= today:
            delivery["allocated_on"] = allocated
        balance_day = None
        if w.random() < 0.8:  # the rest paid in full at the contract
            balance_day = max(order_day, min(promised, delivery_day) - timedelta(days=_int(w, 1, 3)))
            delivery["balance_due"] = balance_day
            paid = balance_day - timedelta(days=_int(w, 0, 2))
            if not is_open or (paid < today and w.random() < 0.85):
                delivery["balance_paid_on"] = max(order_day, paid)
        if not is_open:
            return
        if allocated < today and w.random() < 0.85:
            self.tell_news(store.open_day(allocated + timedelta(days=_int(w, 0, 1))), "car_allocated")
        if balance_day is not None and "balance_paid_on" not in delivery:
            remind = max(order_day, min(balance_day, delivery_day) - timedelta(days=3))
            if remind < today and w.random() < 0.8:
                self.tell_news(store.open_day(remind), "balance_reminder")
        if promised < delivery_day and w.random() < 0.5:
            span = (today - order_day).days
            if span > 1:
                self.tell_news(store.open_day(today - timedelta(days=_int(w, 1, min(span - 1, 6)))), "delivery_delay")

    def tell_news(self, d: date, kind: str) -> None:
        """A call (now and then a message) on day `d` that tells a waiting customer the news of `kind`."""
        w = self.waiting
        t = _hhmm(w, 9, 19)
        if not self.happened(d, t):
            return
        type_ = "message" if kind == "car_allocated" and w.random() < 0.3 else "call"
        who = self.consultant_on(d)
        result = _pick(w, pools.RESULTS[kind], self.lang)
        self.contacts.append((d, t, self.sk.customer_id, self.name, self.sk.phone, who.name, type_, kind, None,
                              None, result, None, None, None, who.name, "reached", None))  # fmt: skip

    def lose(self, story: Story, day: date, grade: str, reason: str | None, rejected: bool) -> str:
        rng, today = self.rng, self.today
        reason = (
            reason
            or rng.choices(
                ("price", "competitor", "financing", "wait_time", "trade_in", "postponed", "service", "other"),
                weights=(22, 35, 8, 6, 7, 14, 3, 5),
            )[0]
        )
        chose_other = reason in ("competitor", "price", "trade_in") or rng.random() < 0.2
        t = self.call_time() if day < today else _hhmm(rng, 9, 10)
        self.add(day, t, "call", None, self.text("lost" if chose_other else "lost_request"), "F")
        age = (today - day).days
        # The manager decides at the evening meeting: today's wait, a few of the last days too.
        forced = self.sk.forced is not None and self.sk.forced[0] == "lost_pending"
        waiting = forced or age == 0 or (age <= 3 and rng.random() < 0.3) or (age <= 45 and rng.random() < 0.01)
        decision = "pending" if waiting else ("rejected" if rejected else "approved")
        manager = _one(rng, self.store.managers)
        story.lost.append({
            "date": day, "customer_id": self.sk.customer_id, "customer": self.name,
            "consultant": self.consultant_on(day).name, "model": self.model, "reason": reason,
            "competitor_brand": self.comp_brand if chose_other else None,
            "competitor_model": self.comp_model if chose_other else None,
            "decision": decision, "decided_by": manager.name if decision != "pending" else None,
            "note": None,
        })  # fmt: skip
        if decision == "rejected":
            # Keep following, as the manager said; most are lost for good a few weeks later.
            store = self.store
            again = store.open_day(day + timedelta(days=_int(rng, 20, 60)))
            d = store.open_day(day + timedelta(days=2))
            while d < again and self.happened(d, "11:00"):
                self.add(d, self.call_time(), "call", "grade_interval", self.text("call"), "C", d + timedelta(days=14))
                d = store.open_day(d + timedelta(days=_int(rng, 10, 18)))
            self.resume = d
            if again < today:
                return self.lose(story, again, "C", "postponed", False)
            return "C"
        return "F"

    def greetings(self, until: date) -> None:
        """Festival and birthday greetings while the customer is ours (first contact .. until)."""
        rng, fc, today = self.rng, self.sk.first_contact, self.today
        for g in self.store.greeting_days:
            if fc < g <= until and rng.random() < 0.85:
                t = self.call_time()
                if self.happened(g, t):
                    self.add(g, t, "message", "holiday_greeting", self.text("holiday"))
        birthday, lunar = self.birthday
        if birthday is None:
            return
        for year in range(fc.year, today.year + 1):
            day = (
                _lunar_to_solar(year, birthday.month, birthday.day)
                if lunar
                else _safe_date(year, birthday.month, birthday.day)
            )
            if day is None or not (fc < day <= until) or day in self.store.closed or rng.random() > 0.8:
                continue
            t = _hhmm(rng, 9, 11)
            if self.happened(day, t):
                self.add(day, t, "message", "birthday", self.text("birthday"))

    def draw_birthday(self) -> tuple[date | None, bool | None]:
        if self.sk.birthday is not None:
            return self.sk.birthday
        rng = self.rng
        if rng.random() < 0.55:
            year = 1962 + int(rng.random() * 42)
            return _safe_date(year, _int(rng, 1, 12), _int(rng, 1, 28)), rng.random() < 0.3
        return None, None

    def vin(self) -> str:
        return "LXC" + "".join(_one(self.rng, _VIN_CHARS) for _ in range(14))

    def card(self, grade: str, expected: date, lost_reason: str | None) -> dict[str, Any]:
        rng, sk, zh = self.rng, self.sk, self.zh
        low, high = self.model_row[2], self.model_row[3]
        birthday, lunar = self.birthday
        note = None
        if sk.source == "repeat":
            note = "老客户增购" if zh else "Existing customer, second car"
        elif sk.source == "fleet":
            note = "单位采购，需开专票" if zh else "Company purchase, VAT invoice needed"
        elif lost_reason == "financing":
            note = "贷款未批" if zh else "Loan refused"
        return {
            "customer_id": sk.customer_id, "name": self.name, "sex": "F" if sk.female else "M", "phone": sk.phone,
            "consultant": self.consultant_on(self.today).name, "source": sk.source, "first_contact": sk.first_contact,
            "model": self.model, "grade": grade, "expected_purchase": expected,
            "budget": round(rng.uniform(low, high * 1.05), -4),
            "trade_in": _pick(rng, pools.TRADE_INS, self.lang) if rng.random() < 0.3 else None,
            "use": _pick(rng, pools.USES, self.lang) if rng.random() < 0.8 else None,
            "family": _pick(rng, pools.FAMILIES, self.lang) if rng.random() < 0.6 else None,
            "hobbies": _pick(rng, pools.HOBBIES, self.lang) if rng.random() < 0.45 else None,
            "area": _pick(rng, pools.AREAS, self.lang) if rng.random() < 0.85 else None,
            "birthday": birthday, "birthday_lunar": lunar, "note": note,
            "recorded_by": None, "recorded_at": None,  # a card typed in Excel: made by no one in the app
        }  # fmt: skip


def _anonymous(store: Store, d: date, k: int, rng: random.Random) -> Contact:
    who = store.consultants[k]
    t = _hhmm(rng, 10, 18) if d != store.today else _hhmm(rng, 9, 10)
    return (d, t, None, None, None, who.name, "visit", None, True, _one(rng, (1, 1, 2, 2, 3)),
            _pick(rng, pools.RESULTS["walk_in_anonymous"], store.lang), None, None, None,
            _one(rng, store.front_desk).name if store.front_desk else who.name, "reached", None)  # fmt: skip


# --------------------------------------------------------------------------- the workbook


class _Rows:
    """A re-iterable stream of rows (each pass re-tells the stories; nothing is kept)."""

    def __init__(self, make: Any) -> None:
        self._make = make

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._make())


def _stories(store: Store, skeletons: list[Skeleton]) -> Iterator[Story]:
    for sk in skeletons:
        yield _Teller(store, sk).tell()


def _contacts(
    store: Store, skeletons: list[Skeleton], anon: list[tuple[date, int]], cache: list[Story] | None
) -> Iterator[dict[str, Any]]:
    """Every contact in date order (then time), with IDs in that order; streams by day."""
    width = max(5, len(str(store.size.customers * 12)))
    pending: dict[date, list[tuple[str, int, int, Contact]]] = defaultdict(list)
    rng = random.Random(f"anon-{store.seed}")
    for n, (d, k) in enumerate(anon):
        c = _anonymous(store, d, k, rng)
        if d < store.today or c[1] < MORNING_END:
            pending[d].append((c[1], -1, n, c))
    flushed = min([*pending.keys(), *(s.first_contact for s in skeletons[:1])], default=store.today)
    counter = 0

    def flush(upto: date) -> Iterator[dict[str, Any]]:
        nonlocal flushed, counter
        while flushed < upto:
            for _, _, _, c in sorted(pending.pop(flushed, ()), key=lambda x: x[:3]):
                counter += 1
                row = dict(zip(CONTACT_KEYS, c, strict=True))
                row["contact_id"] = f"K{counter:0{width}d}"
                # entered a few minutes after the contact (a fixed spread: the output depends on the seed only)
                hh, mm = map(int, c[1].split(":"))
                row["recorded_at"] = datetime.combine(c[0], time(hh, mm)) + timedelta(minutes=2 + counter * 7 % 29)
                yield row
            flushed += timedelta(days=1)

    for sk in skeletons:
        yield from flush(sk.first_contact)
        story = cache[sk.idx] if cache is not None else _Teller(store, sk).tell()
        for seq, c in enumerate(story.contacts):
            pending[c[0]].append((c[1], sk.idx, seq, c))
    yield from flush(store.today + timedelta(days=1))


@dataclass
class _Summary:
    """What the small sheets need from all the stories (kept in memory; bounded by customers)."""

    deliveries: list[dict[str, Any]] = field(default_factory=list)
    lost: list[dict[str, Any]] = field(default_factory=list)
    open_leads: list[tuple[date, str, str, str, str]] = field(default_factory=list)  # due, consultant, id, name, grade
    recent: dict[tuple[date, str], list[Contact]] = field(default_factory=lambda: defaultdict(list))
    actual: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0, 0, 0]))
    cards: list[tuple[Any, ...]] = field(default_factory=list)  # customer rows as tuples (CARD_KEYS), if kept


# the card's columns a story fills (no sample card is merged into another)
CARD_KEYS: tuple[str, ...] = tuple(k for k in schema.sheet("customers").column_keys() if k != "merged_into")


def _summarize(store: Store, stories: Iterable[Story], keep_cards: bool) -> _Summary:
    out = _Summary()
    week_ago = store.today - timedelta(days=7)
    for story in stories:
        c = story.customer
        if keep_cards:  # a tuple is a third of a dict's size; saves telling every story again
            out.cards.append(tuple(c.get(k) for k in CARD_KEYS))
        if story.delivery is not None:
            out.deliveries.append(story.delivery)
        out.lost.extend(story.lost)
        if c["grade"] in HOT and story.next_due is not None:
            out.open_leads.append((story.next_due, c["consultant"], c["customer_id"], c["name"], c["grade"]))
        out.actual[(c["first_contact"].strftime("%Y-%m"), story.contacts[0][5])][0] += 1
        for k in story.contacts:
            d, type_ = k[0], k[6]
            month = d.strftime("%Y-%m")
            if type_ == "visit":
                out.actual[(month, k[5])][1] += 1
            elif type_ == "test_drive":
                out.actual[(month, k[5])][2] += 1
            elif type_ == "order":
                out.actual[(month, k[5])][3] += 1
            elif type_ == "delivery":
                out.actual[(month, k[5])][4] += 1
            if week_ago <= d < store.today and type_ != "message" and k[OUTCOME] == "reached":
                out.recent[(d, k[5])].append(k)
    return out


def _ids(prefix: str, n: int) -> Iterator[str]:
    width = max(5, len(str(n)))
    for i in range(1, n + 1):
        yield f"{prefix}{i:0{width}d}"


def _staff_rows(store: Store) -> list[dict[str, Any]]:
    rows = []
    for p in store.staff:
        note = None
        if p.left is not None:
            note = (
                f"{p.left:%Y-%m} 离职，客户已转交"
                if store.lang == "zh"
                else f"Left {p.left:%Y-%m}; customers reassigned"
            )
        rows.append({"name": p.name, "role": p.role, "phone": p.phone, "active": p.left is None,
                     "joined": p.joined, "note": note})  # fmt: skip
    return rows


def _on_duty(store: Store, p: Person, d: date) -> bool:
    return d.weekday() != p.day_off and d not in store.closed


def _rota_rows(store: Store) -> list[dict[str, Any]]:
    rng = random.Random(f"rota-{store.seed}")
    today = store.today
    active = [p for p in store.consultants if p.left is None]
    rows = []
    for i in range(-27, 8):
        d = today + timedelta(days=i)
        if d in store.closed:
            continue
        people = [p for p in active if p.joined <= d]
        order = [p for p in people if _on_duty(store, p, d)]
        rng.shuffle(order)
        rank = {p.name: n + 1 for n, p in enumerate(order)}
        for p in people:
            on = p.name in rank
            shift = "on" if on else "off"
            if on and rng.random() < 0.015:
                shift = "leave"
            checked = d < today and shift == "on"
            ok_a = rng.random() > 0.03 if checked else None
            ok_f = rng.random() > 0.04 if checked else None
            note = None
            if checked and not ok_f:
                note = "未带销售工具夹" if store.lang == "zh" else "Tool folder forgotten"
            elif checked and not ok_a:
                note = "工牌未佩戴" if store.lang == "zh" else "Name badge missing"
            rows.append({"date": d, "consultant": p.name, "shift": shift, "order": rank.get(p.name) if shift == "on" else None,
                         "appearance_ok": ok_a, "folder_ok": ok_f, "note": note})  # fmt: skip
    return rows


def _target_rows(store: Store, summary: _Summary) -> list[dict[str, Any]]:
    rng = random.Random(f"targets-{store.seed}")
    today = store.today
    months: list[str] = []
    y, m = today.year, today.month
    for _ in range(store.size.target_months):
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    rows = []
    for month in sorted(months):
        first = date(int(month[:4]), int(month[5:]), 1)
        for p in store.consultants:
            if p.joined > first + timedelta(days=27) or (p.left is not None and p.left < first):
                continue
            a = summary.actual.get((month, p.name), [0, 0, 0, 0, 0])
            if month == today.strftime("%Y-%m"):
                prev = summary.actual.get((months[1] if len(months) > 1 else month, p.name), a)
                a = prev
            base = (max(a[0], 8), max(a[1], 12), max(a[2], 4), max(a[3], 2), max(a[4], 2))
            stretch = rng.uniform(1.05, 1.3)
            rows.append(dict(zip(("month", "consultant", "leads", "visits", "test_drives", "orders", "deliveries"),
                                 (month, p.name, *(round(v * stretch) for v in base)), strict=True)))  # fmt: skip
    return rows


def _delivery_rows(summary: _Summary) -> list[dict[str, Any]]:
    rows = sorted(summary.deliveries, key=lambda r: (r["scheduled"], r["customer_id"]))
    for did, r in zip(_ids("D", len(rows)), rows, strict=True):
        r["delivery_id"] = did
    return rows


def _checklist_rows(store: Store, deliveries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ticked items: full for recent done deliveries, partial for today's and next days'."""
    rng = random.Random(f"checklist-{store.seed}")
    today = store.today
    now = datetime.combine(today, time(10, 15))
    rows = []
    for d in deliveries:
        sched: datetime = d["scheduled"]
        age = (today - sched.date()).days
        if d["status"] == "cancelled" or age > 60 or (sched.date() - today).days > 5:
            continue
        by_role = {"consultant": d["consultant"], "service_advisor": d["service_advisor"], "manager": d["_manager"],
                   "front_desk": store.front_desk[0].name if store.front_desk else d["consultant"]}  # fmt: skip
        for item in CHECKLIST_ITEMS:
            at = sched + timedelta(hours=item.due_hours, minutes=rng.randrange(-50, 10, 5))
            if d["status"] == "done":
                ok = item.required or rng.random() < 0.75
                if not ok or (item.phase == "after" and at > now):
                    continue
            else:  # still to come: only what is due by now, and not all of it
                if at > now or rng.random() < 0.3:
                    continue
            rows.append({"delivery_id": d["delivery_id"], "item_id": item.item_id, "done": True,
                         "by": by_role.get(item.owner_role, d["consultant"]), "at": at, "note": None})  # fmt: skip
    return rows


def _lost_rows(summary: _Summary) -> list[dict[str, Any]]:
    rows = sorted(summary.lost, key=lambda r: (r["date"], r["customer_id"]))
    for lid, r in zip(_ids("L", len(rows)), rows, strict=True):
        r["lost_id"] = lid
    return rows


def _plan_rows(store: Store, summary: _Summary, deliveries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Past week's plans (from what really happened), today's (made last evening), some for tomorrow."""
    rng = random.Random(f"plans-{store.seed}")
    today, lang = store.today, store.lang
    rows: list[dict[str, Any]] = []
    active = [p for p in store.consultants if p.left is None]
    for i in range(-6, 0):
        d = today + timedelta(days=i)
        for p in active:
            done = summary.recent.get((d, p.name), [])
            for c in sorted(done, key=lambda k: k[1])[:4]:
                if c[2] is None:
                    continue
                activity = c[6] if c[6] in ("call", "visit", "test_drive", "quote", "order", "delivery") else "call"
                rows.append({"date": d, "consultant": p.name, "time": c[1], "customer_id": c[2], "customer": c[3],
                             "activity": activity, "goal": _goal(rng, activity, lang), "done": True, "result": c[10]})  # fmt: skip
            if done and rng.random() < 0.5:
                rows.append({"date": d, "consultant": p.name, "time": _hhmm(rng, 15, 18), "customer_id": None,
                             "customer": None, "activity": "call", "goal": _goal(rng, "call", lang), "done": False,
                             "result": _pick(rng, pools.PLAN_RESULTS[1:3], lang)})  # fmt: skip
    by_consultant: dict[str, list[tuple[date, str, str, str, str]]] = defaultdict(list)
    for lead in sorted(summary.open_leads):
        by_consultant[lead[1]].append(lead)
    todays = [d for d in deliveries if d["scheduled"].date() == today and d["status"] == "planned"]
    tomorrow = store.open_day(today + timedelta(days=1))
    for p in active:
        for day, share in ((today, 1.0), (tomorrow, 0.35)):
            if not _on_duty(store, p, day) or rng.random() > share:
                continue
            leads = [x for x in by_consultant.get(p.name, []) if x[0] <= day]
            leads = sorted(leads, key=lambda x: (HOT.index(x[4]), x[0]))[: _int(rng, 3, 6) if day == today else 3]
            slots = sorted(_hhmm(rng, 9, 18) for _ in leads)
            for lead, slot in zip(leads, slots, strict=True):
                activity = _one(rng, ("visit", "test_drive", "call")) if lead[4] in ("H", "A") else "call"
                rows.append({"date": day, "consultant": p.name, "time": slot, "customer_id": lead[2], "customer": lead[3],
                             "activity": activity, "goal": _goal(rng, activity, lang), "done": None, "result": None})  # fmt: skip
            if day == today:
                for d in todays:
                    if d["consultant"] == p.name:
                        rows.append({"date": day, "consultant": p.name, "time": d["scheduled"].strftime("%H:%M"),
                                     "customer_id": d["customer_id"], "customer": d["customer"], "activity": "delivery",
                                     "goal": _goal(rng, "delivery", lang), "done": None, "result": None})  # fmt: skip
    rows.sort(key=lambda r: (r["date"], r["consultant"], r["time"] or ""))
    for pid, r in zip(_ids("P", len(rows)), rows, strict=True):
        r["plan_id"] = pid
    return rows


def _goal(rng: random.Random, activity: str, lang: Lang) -> str:
    goals = pools.PLAN_GOALS.get(activity) or pools.PLAN_GOALS["call"]
    model = pools.MODELS[rng.randrange(len(pools.MODELS))]
    return _pick(rng, goals, lang).format(model=model[0] if lang == "zh" else model[1])


def _reschedule_rows(store: Store, summary: _Summary) -> list[dict[str, Any]]:
    rng = random.Random(f"resched-{store.seed}")
    today = store.today
    near = [x for x in summary.open_leads if abs((x[0] - today).days) <= 3]
    rows = []
    for due, consultant, cid, _name, _grade in rng.sample(near, min(len(near), 8 * store.size.forced)):
        new_due = due + timedelta(days=_int(rng, 1, 7))
        if rng.random() < 0.2:
            new_due = today - timedelta(days=1)  # moved, and missed again
        at = datetime.combine(due - timedelta(days=1), time(18, rng.randrange(0, 60, 5)))
        rows.append({"customer_id": cid, "kind": "grade_interval", "original_due": due, "new_due": new_due,
                     "reason": _pick(rng, pools.RESCHEDULE_REASONS, store.lang), "by": consultant, "at": min(at, datetime.combine(today, time(8, 0)))})  # fmt: skip
    rows.sort(key=lambda r: (r["at"], r["customer_id"]))
    for rid, r in zip(_ids("R", len(rows)), rows, strict=True):
        r["reschedule_id"] = rid
    return rows


def _meeting_rows(store: Store, summary: _Summary) -> list[dict[str, Any]]:
    rng = random.Random(f"meetings-{store.seed}")
    today, lang = store.today, store.lang
    rows = []
    manager = store.managers[0].name
    active = [p for p in store.consultants if p.left is None]
    for i in range(-7, 0):
        d = today + timedelta(days=i)
        if d in store.closed:
            continue
        visits = sum(
            1 for (day, _), ks in summary.recent.items() if day == d - timedelta(days=1) for k in ks if k[6] == "visit"
        )
        note = _pick(rng, pools.MEETING_NOTES["morning"], lang).format(visits=visits, leads=max(1, visits // 2))
        rows.append({"date": d, "kind": "morning", "consultant": None, "note": note, "by": manager})
        rows.append({"date": d, "kind": "evening", "consultant": None,
                     "note": _pick(rng, pools.MEETING_NOTES["evening"], lang), "by": manager})  # fmt: skip
        for p in rng.sample(active, min(len(active), _int(rng, 1, 3))):
            contacts = summary.recent.get((d, p.name), [])
            named = [c for c in contacts if c[3]]
            if not named:
                continue
            c = _one(rng, named)
            competitor = pools.COMPETITORS[rng.randrange(len(pools.COMPETITORS))]
            note = _pick(rng, pools.MEETING_NOTES["consultant"], lang).format(
                customer=c[3], competitor=competitor[0] if lang == "zh" else competitor[1]
            )
            rows.append({"date": d, "kind": "evening", "consultant": p.name, "note": note, "by": manager})
        if d.weekday() == 0:
            lost = sum(1 for r in summary.lost if d - timedelta(days=7) <= r["date"] < d)
            orders = sum(1 for r in summary.deliveries if d - timedelta(days=7) <= r["order_date"] < d)
            note = _pick(rng, pools.MEETING_NOTES["weekly"], lang).format(orders=orders, lost=lost)
            rows.append({"date": d, "kind": "weekly", "consultant": None, "note": note, "by": manager})
    for mid, r in zip(_ids("M", len(rows)), rows, strict=True):
        r["meeting_id"] = mid
    return rows


def _reassignment_rows(
    store: Store, skeletons: list[Skeleton], cards: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The manager's record of handing a leaving consultant's customers over, on the day the consultant left."""
    manager = store.managers[0].name
    reason = "顾问离职交接" if store.lang == "zh" else "Consultant left; customers handed over"
    rows = []
    for sk, card in zip(skeletons, cards, strict=True):
        owner = store.consultants[sk.consultant]
        if owner.left is None or sk.first_contact >= owner.left or card["consultant"] == owner.name:
            continue
        rows.append({"recorded_at": datetime.combine(owner.left, time(17, 30)), "by": manager,
                     "customer_id": card["customer_id"], "customer": card["name"], "phone": card["phone"],
                     "from_consultant": owner.name, "to_consultant": card["consultant"], "reason": reason})  # fmt: skip
    rows.sort(key=lambda r: (r["recorded_at"], r["customer_id"]))
    for tid, r in zip(_ids("T", len(rows)), rows, strict=True):
        r["reassignment_id"] = tid
    return rows


def _settings(lang: Lang) -> dict[str, object]:
    if lang == "zh":
        return {}
    return {"store_name": "Xingchen Motors 4S Store", "brand": "Xingchen"}


def stream(
    size: str = "S", lang: Lang = "zh", today: date | None = None, seed: int = 1
) -> dict[str, Iterable[dict[str, Any]]]:
    """The sample's rows by sheet key; customers and contacts are re-iterable streams."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {sorted(SIZES)}, not {size!r}")
    if lang not in schema.LANGS:
        raise ValueError(f"lang must be one of {schema.LANGS}, not {lang!r}")
    today = today or date.today()
    store = _store(SIZES[size], lang, today, seed)
    skeletons, anon = _skeletons(store)
    # Small samples keep the stories; big ones tell them again for each pass (bounded memory).
    cache = list(_stories(store, skeletons)) if len(skeletons) < STREAM_FROM else None

    def stories() -> Iterable[Story]:
        return cache if cache is not None else _stories(store, skeletons)

    summary = _summarize(store, stories(), keep_cards=cache is None)
    deliveries = _delivery_rows(summary)

    def customers() -> Iterable[dict[str, Any]]:
        if cache is not None:
            return (s.customer for s in cache)
        return (dict(zip(CARD_KEYS, card, strict=True)) for card in summary.cards)

    return {
        "customers": _Rows(customers),
        "contacts": _Rows(lambda: _contacts(store, skeletons, anon, cache)),
        "plans": _plan_rows(store, summary, deliveries),
        "rota": _rota_rows(store),
        "targets": _target_rows(store, summary),
        "deliveries": deliveries,
        "checklist": _checklist_rows(store, deliveries),
        "lost": _lost_rows(summary),
        "meetings": _meeting_rows(store, summary),
        "reschedules": _reschedule_rows(store, summary),
        "reassignments": _reassignment_rows(store, skeletons, customers()),
        "calendar": store.calendar_rows,
        "staff": _staff_rows(store),
        "showroom_log": _Rows(
            lambda: sample_log.log_rows(
                _contacts(store, skeletons, anon, cache),
                {c["customer_id"]: c for c in customers()},
                [p.name for p in store.front_desk],
                store.today,
                store.lang,
                store.seed,
            )
        ),
    }


def generate(
    size: str = "S", lang: Lang = "zh", today: date | None = None, seed: int = 1
) -> dict[str, list[dict[str, Any]]]:
    """The sample's rows by sheet key (column key -> value, codes for choices); `today` defaults to the local date."""
    data = {k: list(v) for k, v in stream(size, lang, today, seed).items()}
    for r in data["deliveries"]:
        r.pop("_manager", None)
    return data


def write_sample(
    path: str | Path, size: str = "S", lang: Lang = "zh", today: date | None = None, seed: int = 1
) -> Path:
    """Write the sample workbook; the same arguments give the same bytes."""
    today = today or date.today()
    data = stream(size, lang, today, seed)
    big = SIZES[size].customers >= CONSTANT_MEMORY_FROM
    created = datetime.combine(today, time(7, 0))
    return write_workbook(path, lang=lang, data=data, settings=_settings(lang), constant_memory=big, created=created)
