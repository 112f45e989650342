"""Drive the real app in headless Chromium: start a server, wait for runs, pick pages, type into editors.

A journey test needs only the fixtures from conftest.py (`app_url`, `page`) and these helpers:

    def test_consultant_logs_a_call(app_url, page):
        goto(page, app_url, "due")            # url path = page file stem
        set_language(page, "zh")
        click_button(page, "记录")
        assert "已保存到工作簿" in main_text(page)
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RUN_TIMEOUT_MS = 120_000  # a slow page on a loaded 2-core CI machine; a real hang still fails


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running `streamlit run app.py` and its base URL."""

    process: subprocess.Popen
    url: str
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start_server(
    workbook: Path | None,
    today: date,
    home: Path,
    *,
    port: int | None = None,
    timeout: float = 60,
    app_args: tuple[str, ...] = (),
    env_extra: dict[str, str] | None = None,
) -> Server:
    """Start the real app on a free loopback port (user folders under `home`) and wait until healthy;
    `app_args` go to app.py (e.g. "--lan"), `env_extra` into its environment."""
    port = port or free_port()
    env = {
        **os.environ,
        **(env_extra or {}),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DEALER_WORKBOOK", None)
    env.pop("DEALER_TODAY", None)
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--", "--today", today.isoformat(),
    ]  # fmt: skip
    if workbook is not None:
        cmd += ["--workbook", str(workbook)]
    cmd += list(app_args)
    home.mkdir(parents=True, exist_ok=True)
    log = home / f"server-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(proc, f"http://127.0.0.1:{port}", log)
    try:
        wait_healthy(server, timeout)
    except Exception:
        server.stop()
        raise
    return server


def wait_healthy(server: Server, timeout: float = 60) -> None:
    """Poll /_stcore/health until the server answers ok."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited: {server.log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise TimeoutError(f"streamlit not healthy after {timeout}s: {server.log.read_text(errors='replace')[-2000:]}")


def _busy(page) -> bool:
    state = page.locator('[data-testid="stApp"]').get_attribute("data-test-script-state")
    return state in ("running", "rerunRequested", "initial") or page.locator('[data-stale="true"]').count() > 0


def wait_for_run(page, timeout_ms: int = RUN_TIMEOUT_MS, *, start_ms: int = 1500) -> None:
    """Wait for the run an action started (up to `start_ms` for it to begin), then until it is over."""
    # the first run shows nothing until the script has drawn its first element
    # (the first element may be an empty placeholder, e.g. the reading's progress bar once it is done)
    page.locator('[data-testid="stMain"] [data-testid="stElementContainer"]:visible').first.wait_for(timeout=timeout_ms)
    page.wait_for_selector(".st-key-ui_lang", state="attached", timeout=timeout_ms)  # app.py's sidebar is drawn
    begin = time.monotonic() + start_ms / 1000
    while time.monotonic() < begin and not _busy(page):
        page.wait_for_timeout(50)
    deadline = time.monotonic() + timeout_ms / 1000
    quiet_since = None
    while time.monotonic() < deadline:
        if _busy(page):
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > 0.5:
            return
        page.wait_for_timeout(100)
    raise TimeoutError("the app was still running after the timeout")


def goto(page, base_url: str, url_path: str = "") -> None:
    """Open a page by its URL path (the page file's stem; "" = the first screen) and wait."""
    page.goto(f"{base_url}/{url_path}")
    wait_for_run(page)


def choose_page(page, title: str) -> None:
    """Click a page in the sidebar navigation by its title, keeping the session."""
    link = page.locator('[data-testid="stSidebarNav"] a', has_text=title).first
    href = link.get_attribute("href") or ""
    link.click()
    if href:
        page.wait_for_url(
            lambda url: url.rstrip("/").endswith(href.rstrip("/").rsplit("/", 1)[-1]), timeout=RUN_TIMEOUT_MS
        )
    wait_for_run(page)


def select_option(page, key: str, option: str, tries: int = 3) -> None:
    """Choose `option` (its shown text) in the selectbox with widget key `key`.

    It types the option (a long list renders only the options in view, so a click may find
    nothing) and tries again when a rerun closes the list before the click.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(tries):
        wait_for_run(page)
        box = page.locator(f".st-key-{key} input").first
        if box.input_value() == option:
            return
        box.click()
        box.fill(option)
        options = page.locator('[role="option"]', has_text=option)
        try:
            options.first.wait_for(state="visible", timeout=10_000)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            if attempt == tries - 1:
                raise
            continue
        # the option that is exactly the text, not the first that contains it ("张伟" vs "张伟8")
        shown = [t.strip() for t in options.all_inner_texts()]
        options.nth(shown.index(option) if option in shown else 0).click()
        wait_for_run(page)
        return


def set_language(page, lang: str) -> None:
    """Switch the session's UI language from the sidebar."""
    select_option(page, "ui_lang", "中文" if lang == "zh" else "English")


def click_button(page, text: str) -> None:
    page.get_by_role("button", name=text).first.click()
    wait_for_run(page)


def fill_text(page, key: str, text: str) -> None:
    """Type into the text input with widget key `key` and commit it (Enter)."""
    box = page.locator(f".st-key-{key} input").first
    box.fill(text)
    box.press("Enter")
    wait_for_run(page)


def grid_cell(page, key: str, col: int, row: int = 0) -> str:
    """What a data editor shows in a cell (0-based among visible columns and rows; `key` = a
    container or widget key around it), read from the grid's accessibility table, not the canvas.
    A checkbox reads "true" or "false"."""
    cell = page.locator(f".st-key-{key} [data-testid='stDataFrameResizable'] #glide-cell-{col}-{row}").first
    if cell.count() == 0:  # scrolled out of the grid's view (its table holds only the cells in view)
        with contextlib.suppress(Exception):
            _grid_to_top(page, key)
    try:
        return cell.inner_text(timeout=10_000)
    except Exception as exc:
        raise AssertionError(
            f"cell ({col}, {row}) of {key!r} not in the grid's table; {_grid_state(page, key)}"
        ) from exc


def _grid_state(page, key: str) -> str:
    """What the page shows of a data editor, for a failure message: which cells its table holds, where it is, what has focus."""
    return page.evaluate(
        """(key) => {
            const box = document.querySelector('.st-key-' + key);
            if (!box) return 'no element with key ' + key;
            const grids = box.querySelectorAll("[data-testid='stDataFrameResizable']");
            const cells = Array.from(box.querySelectorAll('[id^=glide-cell]')).map(e => e.id + '=' + e.innerText);
            const r = box.getBoundingClientRect();
            const a = document.activeElement;
            return `grids=${grids.length} cells=${cells.length} ${JSON.stringify(cells.slice(0, 16))} ` +
                `box=(${Math.round(r.x)},${Math.round(r.y)},${Math.round(r.width)}x${Math.round(r.height)}) ` +
                `scrollY=${window.scrollY} focus=${a ? a.tagName + '#' + a.id + '.' + a.className : null} ` +
                `portal=${(document.getElementById('portal') || {}).innerHTML?.slice(0, 300)} ` +
                `stale=${document.querySelectorAll('[data-stale=true]').length}`;
        }""",
        key,
    )


def _wait_for_cell(page, key: str, col: int, row: int, want: str, timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while True:
        if grid_cell(page, key, col, row) == want:
            return True
        if time.monotonic() > end:
            return False
        page.wait_for_timeout(100)


def _grid_to_top(page, key: str) -> None:
    """Scroll a data editor's own scroller back to its first row and column: the grid's table holds
    only the cells in view, and a key press that missed a cell (a Space) scrolls the grid."""
    grid = page.locator(f".st-key-{key} [data-testid='stDataFrameResizable']").first
    grid.evaluate("e => e.querySelectorAll('.dvn-scroller').forEach(s => { s.scrollTop = 0; s.scrollLeft = 0; })")


def _select_cell(page, key: str, col: int, row: int) -> None:
    """Click the grid's first cell (its own scroller back at the top) and walk to (col, row) with
    the arrow keys. The caller presses its key at once and then reads the grid: waiting for the
    selection to show first made Chromium lose the tick (a Space on the focused table entry)."""
    grid = page.locator(f".st-key-{key} [data-testid='stDataFrameResizable']").first
    for _attempt in range(5):
        wait_for_run(page)
        # the grid's top a little below the window's, whatever its height and however far a
        # Space that missed it scrolled the page: its first row is then surely on screen
        grid.evaluate("e => { e.style.scrollMarginTop = '120px'; e.scrollIntoView({block: 'start'}); }")
        _grid_to_top(page, key)
        box = grid.bounding_box()
        assert box is not None, f"data editor {key!r} not on screen"
        page.mouse.click(box["x"] + 8, box["y"] + 35 + 17)  # first row, first column
        # keys go where the focus is: a click that a re-drawing page swallowed left it on the
        # page's body, and every key after it was lost (seen in a full run: focus on BODY after all 4 tries)
        if grid.evaluate("e => e.contains(document.activeElement)"):
            break
        page.wait_for_timeout(200)
    for _ in range(col):
        page.keyboard.press("ArrowRight")
    for _ in range(row):
        page.keyboard.press("ArrowDown")


def tick_cell(page, key: str, col: int, row: int = 0) -> None:
    """Tick a data editor's checkbox cell and see the grid show it ticked.

    Keys pressed while a rerun re-draws the grid are lost (seen on a loaded 2-core machine), and
    a Space that found no cell selected scrolls the grid, so the tick is tried again, as a person
    would, until the grid (scrolled back) shows it ticked."""
    for _attempt in range(4):
        if grid_cell(page, key, col, row) == "true":
            return
        _select_cell(page, key, col, row)
        page.keyboard.press("Space")
        if _wait_for_cell(page, key, col, row, "true"):
            wait_for_run(page)
            return
    raise AssertionError(f"could not tick cell ({col}, {row}) of {key!r}; {_grid_state(page, key)}")


def edit_cell(page, key: str, col: int, text: str, row: int = 0) -> None:
    """Type `text` into a data editor cell and see the grid show it.

    Keys typed before the grid's overlay editor is up are lost, so this opens it with Enter,
    waits for its input, then fills and commits it. When a rerun re-drew the grid under the
    arrow keys, the editor opens on another (perhaps read-only) cell: it closes it and tries again."""
    for _attempt in range(4):
        _select_cell(page, key, col, row)
        page.keyboard.press("Enter")
        editor = page.locator("#portal textarea, #portal input").first
        try:
            editor.wait_for(state="visible", timeout=10_000)
        except Exception:
            continue
        if not editor.is_enabled():
            page.keyboard.press("Escape")  # a read-only cell: the arrows were lost
            continue
        editor.fill(text)
        editor.press("Enter")
        wait_for_run(page)
        if _wait_for_cell(page, key, col, row, text):
            return
    raise AssertionError(f"could not type {text!r} into cell ({col}, {row}) of {key!r}; {_grid_state(page, key)}")


def main_text(page) -> str:
    """What a person reads in the main area."""
    return page.locator('[data-testid="stMain"]').inner_text()


def sidebar_text(page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()


def assert_no_error_box(page) -> None:
    """No exception box and no traceback anywhere on the page."""
    assert page.locator('[data-testid="stException"]').count() == 0, main_text(page)[:2000]
    assert "Traceback" not in page.locator("body").inner_text()


def title(page) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text().strip()


def sheet_rows(path: Path, sheet_key: str) -> list[dict]:
    """A sheet's rows by column key, straight from the file (python-calamine, not the product's reader)."""
    from python_calamine import CalamineWorkbook

    from workbook import schema

    sheet = schema.sheet(sheet_key)
    book = CalamineWorkbook.from_path(str(path))
    name = next(n for n in book.sheet_names if schema.match_sheet(n) is sheet)
    rows = book.get_sheet_by_name(name).to_python()
    header, index = schema.find_header_row(sheet, rows)
    return [{k: r[j] if j < len(r) else None for k, j in index.items()} for r in rows[header + 1 :] if any(r)]


def save_download(page, click, path: Path, timeout_ms: int = 120_000):
    """Click (`click()`) a download button and save the file to `path`; once more if the browser
    cancelled it (seen on a loaded machine: the file is built on click and a rerun meanwhile drops it)."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(2):
        with page.expect_download(timeout=timeout_ms) as info:
            click()
        try:
            info.value.save_as(path)
            return info.value
        except PlaywrightError as err:
            if attempt or "canceled" not in str(err):
                raise
            wait_for_run(page)
    raise AssertionError("unreachable")
