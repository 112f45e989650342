"""The timings a manager feels, in headless Chromium against a running app: `python -m bench --browser`.

Each run copies the sample (the cached original is never opened by the app), starts
`streamlit run app.py` with `DEALER_WORKBOOK` on the copy and the user folders in a scratch
home, on a free loopback port, and drives /usr/bin/chromium at 1400x900 through Playwright:
open a Streamlit page of three elements for reference (bench/bare_page.py), then
open the app three times (the first sight of the file; unchanged, in the browser that opened it
at the same address, as a manager's next morning; unchanged, in a browser that never did), log a
due follow-up, save a changed copy over the file from outside, tick a checklist item. Each is timed from the click
(or the process start, or the os.replace) until the page shows the result and keeps it for
0.6 s (bench/browser_timing.py); what is looked for on the pages is in bench/browser_page.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from bench import browser_page as hooks
from bench.browser_timing import ACTIONS, wait_settled
from tests.support.browser.helpers import CHROMIUM, CHROMIUM_ARGS, free_port, wait_for_run
from ui.sidebar import WATCH_SECONDS

ROOT = Path(__file__).resolve().parent.parent
BARE_PAGE = Path(__file__).resolve().parent / "bare_page.py"
VIEWPORT = {"width": 1400, "height": 900}
TIMEOUT_SECONDS = 900  # an L workbook read on a busy 2-core machine; a hang still ends
POLL_SECONDS = WATCH_SECONDS  # how often the open app looks at the file (S's outside-save goal is this + 0.5 s)


@dataclass(frozen=True)
class DueCall:
    """A due item the benchmark acts on, as the due page shows it."""

    customer_id: str
    customer: str
    phone: str
    kind: str
    label: str


@dataclass(frozen=True)
class Plan:
    """What a run acts on, picked once per sample: whose due list, which items, which delivery's checklist item."""

    consultant: str
    log: DueCall  # logged in the browser
    outside: DueCall  # done by the changed copy saved from outside
    delivery_customer: str
    delivery_consultant: str
    checklist_item: str


def plan(path: Path, today: date) -> Plan:
    """Pick the items from the sample with the product's own reader and rules (the file is only read)."""
    from logic.deliveries import NOT_IN_USE, item_text
    from logic.deliveries_view import deliveries_view, item_facts
    from logic.followups import by_customer, due_followups
    from workbook.reading import read_workbook

    wb = read_workbook(path)
    due = due_followups(wb.frames, wb.settings, today, lang=hooks.LANG)
    staff = wb.frames["staff"]
    consultants = set(staff.loc[staff["role"] == "consultant", "name"])
    mine = due[due["consultant"].isin(consultants) & due["customer_id"].notna() & (due["overdue_days"] == 0)]
    if mine.empty:
        raise RuntimeError(f"{path.name}: no consultant has a follow-up due on {today}")
    consultant = str(mine.iloc[0]["consultant"])
    # the first customers of the consultant's list: on the page's first screen, before and after the log
    groups = [
        g for g in by_customer(due[due["consultant"] == consultant])[:40] if isinstance(g.iloc[0]["customer_id"], str)
    ]
    if len(groups) < 2:
        raise RuntimeError(f"{path.name}: {consultant} has fewer than two customers due with an ID")
    calls = [
        DueCall(str(r["customer_id"]), str(r["customer"]), str(r["phone"]), str(r["kind"]), str(r["label"]))
        for r in (g.iloc[0] for g in groups[:2])
    ]

    now = datetime.combine(today, datetime.now().time())
    dv = deliveries_view(wb.frames, now)
    for line in dv.lines:
        if line.bucket not in ("today", "upcoming") or not isinstance(line.consultant, str) or not line.consultant:
            continue
        delivery = dv.delivery(line.delivery_id)
        for _, item in dv.states[line.delivery_id].iterrows():
            if item["status"] != NOT_IN_USE and not item_facts(item, delivery, staff).done:
                return Plan(consultant, calls[0], calls[1], line.customer, line.consultant, item_text(item, hooks.LANG))
    raise RuntimeError(f"{path.name}: no coming delivery with an open checklist item")


class App:
    """`streamlit run app.py` on a workbook copy, started now; `started` is the moment the process was asked for.
    `script` runs another page in its place (the reference page, `BARE_PAGE`), from the project folder as well."""

    def __init__(
        self, workbook: Path, home: Path, today: date, port: int | None = None, script: Path | None = None
    ) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # the environment as given: the app keeps its modules compiled even under PYTHONDONTWRITEBYTECODE=1
        env = {
            **os.environ,
            "DEALER_WORKBOOK": str(workbook),
            "DEALER_TODAY": today.isoformat(),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "PYTHONUNBUFFERED": "1",
        }
        cmd = [
            sys.executable, "-m", "streamlit", "run", str(script or ROOT / "app.py"),
            "--server.port", str(self.port), "--server.address", "127.0.0.1", "--server.headless", "true",
            "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        home.mkdir(parents=True, exist_ok=True)
        self.log = home / f"server-{self.port}.log"
        with self.log.open("wb") as out:
            self.started = time.monotonic()
            self.process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)

    def wait_healthy(self) -> None:
        """Poll /_stcore/health often (a person's browser opens as soon as the server answers)."""
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise TimeoutError(f"streamlit not healthy after {TIMEOUT_SECONDS} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)


def _settled(page, shown: Callable[[], bool]) -> float:
    return wait_settled(shown, timeout=TIMEOUT_SECONDS, sleep=lambda s: page.wait_for_timeout(s * 1000))


def _timed(page, what: str, act: Callable[[], object], shown: Callable[[], bool]) -> float:
    """Seconds from `act()` until the page shows its result for good; a result showing already would time nothing."""
    if shown():
        raise RuntimeError(f"{what}: the page shows the result before the action")
    t0 = time.monotonic()
    act()
    return _settled(page, shown) - t0


def _open(
    browser,
    workbook: Path,
    home: Path,
    today: date,
    seen: tuple[int, object] | None = None,
    *,
    script: Path | None = None,
    drawn: Callable[[object], bool] = hooks.morning_drawn,
):
    """Start the app (or `script` in its place) and open it in a fresh browser session, or in `seen` = (port,
    browser session) that opened it before at that address: (app, page, seconds until `drawn(page)`, by default
    until the morning page is drawn)."""
    app = App(workbook, home, today, port=seen[0] if seen else None, script=script)
    try:
        app.wait_healthy()
        context = seen[1] if seen else browser.new_context(viewport=VIEWPORT, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_SECONDS * 1000)
        page.goto(app.url, wait_until="commit")
        seconds = _settled(page, lambda: drawn(page)) - app.started
    except BaseException:
        app.stop()
        raise
    return app, page, seconds


def _open_bare(browser, workbook: Path, home: Path, today: date) -> float:
    """Seconds from starting the reference page (`BARE_PAGE`) until a fresh browser session shows it drawn."""
    app, page, seconds = _open(browser, workbook, home, today, script=BARE_PAGE, drawn=hooks.bare_drawn)
    page.context.close()
    app.stop()
    return seconds


def _changed_copy(workbook: Path, call: DueCall, consultant: str, today: date) -> Path:
    """A copy of the workbook in which the call is logged by the product's own writer, as another program would save it."""
    from workbook import operations as ops
    from workbook.writing import apply

    folder = Path(tempfile.mkdtemp(prefix="outside-", dir=workbook.parent))
    copy = folder / workbook.name
    shutil.copyfile(workbook, copy)
    op = ops.log_contact(
        call.customer_id, "call", today, result="bench: outside save", consultant=consultant,
        followup_kind=call.kind, time="10:00", recorded_by="bench",
    )  # fmt: skip
    result = apply(copy, [op], actor="bench")
    if result.status != "written":
        raise RuntimeError(f"the outside change was not written: {result.status}")
    return copy


def one_run(browser, sample: Path, p: Plan, today: date, folder: Path) -> dict[str, float]:
    """One round of the timings (`ACTIONS`) on a fresh copy of the sample, in seconds."""
    workbook = folder / "workbook.xlsx"
    shutil.copyfile(sample, workbook)
    home = folder / "home"
    out: dict[str, float] = {"bare_streamlit": _open_bare(browser, workbook, home, today)}

    app, page, out["open_first"] = _open(browser, workbook, home, today)
    seen = (app.port, page.context)
    page.close()  # the tab is closed, the browser kept: its cache holds Streamlit's frontend
    app.stop()
    app, page, out["open_again"] = _open(browser, workbook, home, today, seen=seen)
    page.context.close()
    app.stop()
    app, page, out["open_next_day"] = _open(browser, workbook, home, today + timedelta(days=1))
    page.context.close()
    app.stop()

    app, page, out["open"] = _open(browser, workbook, home, today)
    try:
        page.goto(f"{app.url}/due?consultant={quote(p.consultant)}")
        wait_for_run(page)
        hooks.set_actor(page, p.consultant)
        button = hooks.prepare_log(page, p.log.customer_id, p.log.customer, p.log.phone, p.log.label)
        out["log"] = _timed(page, "log", button.click, lambda: hooks.log_shown(page, p.log.customer_id, p.log.kind))
        wait_for_run(page)

        changed = _changed_copy(workbook, p.outside, p.consultant, today)
        out["outside_save"] = _timed(
            page,
            "outside save",
            lambda: os.replace(changed, workbook),
            lambda: hooks.due_item_gone(page, p.outside.customer_id, p.outside.kind),
        )
        wait_for_run(page)

        page.goto(f"{app.url}/deliveries")
        wait_for_run(page)
        hooks.set_actor(page, p.delivery_consultant)
        hooks.open_delivery(page, p.delivery_customer)
        box = hooks.checklist_box(page, p.checklist_item)
        out["tick"] = _timed(
            page, "tick", box.click, lambda: hooks.ticked(page, p.checklist_item, p.delivery_consultant)
        )
    finally:
        page.context.close()
        app.stop()
    return {action: out[action] for action in ACTIONS}


def measure(
    size: str, sample: Path, runs: int, today: date, raw_read: Callable[[], float], log: Callable[[str], None]
) -> tuple[dict[str, list[float]], list[float]]:
    """`runs` rounds at one size in a Chromium of its own (see `measure_in`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return measure_in(browser, size, sample, runs, today, raw_read, log)
        finally:
            browser.close()


def measure_in(
    browser,
    size: str,
    sample: Path,
    runs: int,
    today: date,
    raw_read: Callable[[], float],
    log: Callable[[str], None],
) -> tuple[dict[str, list[float]], list[float]]:
    """`runs` rounds at one size, each a raw read (R, by `raw_read`) and then the browser round:
    ({action: seconds per run}, [R per run])."""
    log(f"{size} picking what to act on ...")
    p = plan(sample, today)
    timings: dict[str, list[float]] = {a: [] for a in ACTIONS}
    r_runs: list[float] = []
    for n in range(runs):
        log(f"{size} raw calamine (run {n + 1} of {runs}) ...")
        r_runs.append(raw_read())
        log(f"{size} browser round (run {n + 1} of {runs}) ...")
        folder = Path(tempfile.mkdtemp(prefix=f"bench-browser-{size}-"))
        try:
            for action, seconds in one_run(browser, sample, p, today, folder).items():
                timings[action].append(seconds)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return timings, r_runs
