"""Per-browser-session state and the page entry point: language, today, actor, workbook, writes.

Everything here reads `st.session_state`; the workbook itself comes from `ui.loading`'s
cache, so every rerun is cheap until the file changes on disk.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

import i18n
from logic import roles
from logic.followups import MANAGER_ROLES
from ui import ahead, config, editor, hosts, lan, loading, per_version, print_css, signin
from ui import pages as ui_pages
from ui.text import md
from workbook import operations, schema, writing
from workbook.errors import WorkbookError, WriteConflict, WriteRefused
from workbook.reading import LoadedWorkbook
from workbook.writing import WriteResult

log = logging.getLogger(__name__)

LANG_KEY = "ui_lang"
ACTOR_KEY = "ui_actor"
AS_OF_KEY = "ui_as_of"
PATH_KEY = "_ui_workbook_path"
DIRTY_KEY = "_ui_dirty"
FLASH_KEY = "_ui_flash"
SHOWN_KEY = "_ui_shown_stat"


# --------------------------------------------------------------------------- language


_last_lang = "zh"


def lang() -> str:
    """The session's UI language, "zh" or "en"."""
    global _last_lang
    if get_script_run_ctx(suppress_warning=True) is None:
        # outside a script run (AppTest formats widget options in its own thread afterwards)
        return _last_lang
    value = st.session_state.get(LANG_KEY)
    _last_lang = value if value in schema.LANGS else "zh"
    return _last_lang


def relabel(key: str) -> None:
    """Before drawing the keyed select box `key`: when the language changed since it was last drawn, give it
    its value again, so the browser shows that value's label in the new language (it keeps the old one)."""
    seen = f"_{key}_lang"
    if key in st.session_state and st.session_state.get(seen) not in (None, lang()):
        st.session_state[key] = st.session_state[key]
    st.session_state[seen] = lang()


def t(key: str, /, **params: Any) -> str:
    """The i18n text for `key` in the session's language."""
    return i18n.t(key, lang(), **params)


def _browser_lang() -> str | None:
    try:
        locale = st.context.locale
    except Exception:
        return None
    if not locale:
        return None
    return "zh" if str(locale).lower().startswith("zh") else "en"


def workbook_lang_setting(wb: LoadedWorkbook) -> str | None:
    """The `language` setting only when the workbook states it (the reader fills defaults)."""
    frame = wb.frames.get("settings")
    if frame is None or frame.empty or "name" not in frame or "value" not in frame:
        return None
    wanted = {schema.normalize_token(n) for n in ("language", *_setting_names("language"))}
    for name, value in zip(frame["name"], frame["value"], strict=False):
        if pd.notna(name) and schema.normalize_token(name) in wanted and pd.notna(value):
            v = str(value).strip().lower()
            if v in ("zh", "中文", "chinese", "zh-cn"):
                return "zh"
            if v in ("en", "english", "英文", "英语"):
                return "en"
    return None


def _setting_names(key: str) -> tuple[str, ...]:
    s = schema.SETTINGS_BY_KEY[key]
    return (s.zh, s.en)


def init_lang(wb: LoadedWorkbook | None) -> None:
    """Start the session's language from the workbook's setting, else the browser's."""
    if st.session_state.get(LANG_KEY) in schema.LANGS:
        return
    st.session_state[LANG_KEY] = (wb is not None and workbook_lang_setting(wb)) or _browser_lang() or "zh"


# --------------------------------------------------------------------------- today, actor


def base_today() -> date:
    """Today as the command line / DEALER_TODAY / the clock says."""
    return config.parse_startup().today or date.today()


def today() -> date:
    """The session's "as of" date: the sidebar's choice, else `base_today()`."""
    value = st.session_state.get(AS_OF_KEY)
    return value if isinstance(value, date) else base_today()


def staff_roles(wb: LoadedWorkbook) -> dict[str, str]:
    """Active staff name -> role code, in sheet order; once per version of the workbook (a run asks
    it for every page in the menu and every write: 0.18 s a run at L), shared, so never changed."""
    return per_version.once(wb, "staff_roles", lambda: roles.active_staff(wb.frames.get("staff")))


def actor() -> str | None:
    """The staff member this browser session acts as, or None: a signed-in phone acts as itself."""
    if lan.is_remote():
        who = st.session_state.get(lan.GRANT_KEY)
        return who.name if who is not None else None
    value = st.session_state.get(ACTOR_KEY)
    return value or None


def is_manager(name: str | None = None) -> bool:
    """Whether `name` (default: the actor) is a manager or director on the staff sheet."""
    name = actor() if name is None else name
    if not name:
        return False
    res = current()
    if res is None or res.workbook is None:
        return False
    return staff_roles(res.workbook).get(name) in MANAGER_ROLES


# --------------------------------------------------------------------------- workbook


def path() -> Path | None:
    """The workbook this session has open."""
    value = st.session_state.get(PATH_KEY)
    if value:
        return Path(value)
    startup = config.parse_startup()
    if startup.workbook is None and config.last_opened() is None and not config.demo_path(base_today()).is_file():
        with st.spinner(t("ui.demo_making")):
            first = config.startup_workbook(startup, base_today())
    else:
        first = config.startup_workbook(startup, base_today())
    if first is not None:
        st.session_state[PATH_KEY] = str(first)
        if not config.is_demo(first) and first.is_file():
            config.remember(first)
    return first


def open_path(text: str) -> str | None:
    """Switch this session to the workbook at `text`; returns an error message, or None."""
    raw = text.strip().strip('"').strip("'")
    if not raw:
        return None
    p = Path(raw).expanduser()
    if p.suffix.lower() not in config.XLSX_SUFFIXES:
        return t("ui.sidebar.not_xlsx", path=raw)
    if not p.is_file():
        return t("ui.sidebar.not_found", path=raw)
    st.session_state[PATH_KEY] = str(p)
    config.remember(p)
    return None


def current() -> loading.LoadResult | None:
    """The read of the open workbook, reading (with a spinner) only when the file changed."""
    p = path()
    if p is None:
        return None
    hit = loading.cached(p)
    if hit is None and ahead.wait():  # the start's read of it may be about to land
        hit = loading.cached(p)
    if hit is None:
        hit = loading.load_showing_progress(p, lang())
        if hit.flushed:
            flash("success", "ui.write.flushed", count=hit.flushed)
    return hit


def workbook() -> LoadedWorkbook:
    """The LoadedWorkbook of this session; stops the page with a clear message when unusable."""
    res = current()
    if res is None or res.workbook is None:
        show_unusable(res)
        st.stop()
    return res.workbook


def show_unusable(res: loading.LoadResult | None) -> None:
    """Explain why the workbook cannot be used, without a traceback."""
    if res is None:
        st.warning(t("ui.no_workbook"), icon="")
        return
    if res.error is not None:
        reason = i18n.describe(res.error, lang())
    elif res.internal is not None:
        st.error(t("ui.internal_error", error=md(res.internal)), icon="")
        st.info(t("ui.unusable_hint"), icon="")
        return
    else:
        return
    st.error(t("ui.unusable", reason=md(reason)), icon="")  # names cells and paths as found
    st.info(t("ui.unusable_hint"), icon="")


# --------------------------------------------------------------------------- dirty state


def mark_dirty(key: str) -> None:
    """Note that `key` holds an unsaved edit, so the page does not reload under the typist."""
    st.session_state.setdefault(DIRTY_KEY, set()).add(key)


def clear_dirty(key: str) -> None:
    st.session_state.setdefault(DIRTY_KEY, set()).discard(key)


def is_dirty() -> bool:
    """Whether anything on the page is edited but not yet written."""
    return bool(st.session_state.get(DIRTY_KEY)) or editor.any_pending()


# --------------------------------------------------------------------------- messages


def flash(kind: str, key: str, **params: Any) -> None:
    """Queue a message for the next run (after a write the page reruns)."""
    st.session_state.setdefault(FLASH_KEY, []).append((kind, key, params))


def show_flash() -> None:
    for kind, key, params in st.session_state.pop(FLASH_KEY, []):
        text = t(key, **{k: md(v) if isinstance(v, str) else v for k, v in params.items()})  # holders, reasons
        if kind == "success":
            st.toast(text, icon=":material/check_circle:")
        elif kind == "warning":
            st.warning(text, icon=":material/schedule:")
        else:
            st.error(text, icon="")


# --------------------------------------------------------------------------- writes


def prepare_writes() -> None:
    """After the page is drawn: the first click's whole-sheet work done meanwhile, by a process at
    low priority (`loading.prepare_writes`), for a workbook that was read."""
    value = st.session_state.get(PATH_KEY)
    if value and loading.cached_workbook(Path(value)) is not None:
        loading.prepare_writes(Path(value))


def _known_ids(wb: LoadedWorkbook | None) -> dict[str, tuple[int, int, int]] | None:
    """The highest IDs the read found (the writer takes them only for the very file read)."""
    return wb.highest_ids if wb is not None else None


def _backup_keep(wb: LoadedWorkbook | None) -> int | None:
    """The backup count as read with the workbook (the writer reads the file's own when the
    file has changed since, or when this is not known)."""
    value = wb.settings.get("backup_keep") if wb is not None else None
    if not isinstance(value, int | float | str):
        return None
    try:
        return max(1, int(value))
    except ValueError:  # not a number: the writer reads the file's own
        return None


def write(
    ops: operations.Op | Iterable[operations.Op], *, clears: Iterable[str] = (), rerun: bool = True
) -> WriteResult | None:
    """Apply operations through the writer and tell the person what happened.

    On success (written or queued) the keys in `clears` lose their dirty mark, data editors
    among them get a fresh key (streamlit issue 7749) and, with `rerun`, the page reruns to
    show the file as it now is: after a write, from the workbook already held with the
    operations applied (`loading.after_write`: no re-read), after a queued change from the file
    as read with the journal's waiting operations shown (`loading.after_queue`); a write into a
    file that changed since it was read drops the cache and the next run reads the file.
    On refusal or conflict the error is shown and the person's input stays. Returns the
    WriteResult, or None.
    """
    p = path()
    if p is None:
        st.error(t("ui.write.no_writer"), icon="")
        return None
    res = current()
    wb = res.workbook if res is not None else None
    expected = wb.fingerprint if wb is not None else None
    ops_list = list(ops) if isinstance(ops, list | tuple) else [ops]
    if wb is not None and lan.is_remote() and _refused_on_phone(wb, ops_list):
        st.error(t("lan.write_refused"), icon="")
        return None
    try:
        result = writing.apply(
            p,
            ops_list,
            actor=actor(),
            expected=expected,
            backup_keep=_backup_keep(wb),
            known_ids=_known_ids(wb),
            prepared_in=loading.prepared_dir(),
        )
    except WriteConflict as exc:
        loading.invalidate(p)
        st.error(t("ui.write.conflict", reason=md(i18n.describe(exc, lang()))), icon="")
        return None
    except WriteRefused as exc:
        st.error(t("ui.write.refused", reason=md(i18n.describe(exc, lang()))), icon="")
        return None
    except WorkbookError as exc:
        st.error(t("ui.write.refused", reason=md(i18n.describe(exc, lang()))), icon="")
        return None
    except Exception as exc:
        log.exception("writing %s failed", p)
        st.error(t("ui.write.error", error=md(f"{type(exc).__name__}: {exc}")), icon="")
        return None
    if result.status == "queued":
        holder = result.holder
        flash("warning", "ui.write.queued", holder=str(holder) if holder else t("ui.sidebar.locked_unknown"))
    elif result.ids:
        flash("success", "ui.write.written_ids", ids=", ".join(map(str, result.ids)))
    else:
        flash("success", "ui.write.written")
    if result.rejected:
        first = result.rejected[0]
        reason = i18n.t(str(first.get("code", "")), lang(), **(first.get("params") or {}))
        flash("error", "ui.write.rejected_waiting", count=len(result.rejected), reason=reason)
    for key in clears:
        clear_dirty(key)
        editor.reset(key)
    if res is None or not loading.after_change(p, res, ops_list, result):
        loading.invalidate(p)
    if rerun:
        st.rerun()
    show_flash()
    return result


def _refused_on_phone(wb: LoadedWorkbook, ops: list[operations.Op]) -> bool:
    # a phone writes only what its role may (CONTRACTS.md's table), whatever its page sent
    name = actor() or ""
    writes = []
    for op in operations.flatten(ops):
        key = op.key if isinstance(op, operations.Update | operations.Upsert) else {}
        values = {**key, **op.values}
        customer = values.get("customer_id")
        writes.append((op.sheet, str(customer) if customer is not None else None))
    customers = wb.frames.get("customers")
    owners: dict[str, str] = {}
    if customers is not None and {"customer_id", "consultant"} <= set(customers.columns):
        owners = {str(c): str(o) for c, o in zip(customers["customer_id"], customers["consultant"], strict=True)}
    return bool(roles.refused_sheets(staff_roles(wb).get(name), name, writes, owners))


# --------------------------------------------------------------------------- page entry


@dataclass(frozen=True)
class Ctx:
    """What a page needs: language, today, who acts, the workbook and its path."""

    lang: str
    today: date
    actor: str | None
    is_manager: bool
    wb: LoadedWorkbook
    path: Path

    def t(self, key: str, /, **params: Any) -> str:
        return i18n.t(key, self.lang, **params)

    def frame(self, sheet_key: str) -> pd.DataFrame:
        """The sheet's frame (a copy is not made: do not modify it in place)."""
        return self.wb.frames[sheet_key]

    @property
    def settings(self) -> dict[str, object]:
        return self.wb.settings

    @property
    def staff(self) -> dict[str, str]:
        return staff_roles(self.wb)


def _leave_pages_folder_mode() -> None:
    # When the first run of a server (or every AppTest run) lands on a page URL, Streamlit's
    # old pages/-folder mode runs that page file alone, without app.py: no sidebar, no
    # navigation. Leave that mode and run app.py here, in this same run (a rerun would drop
    # the button click that started it); app.py runs this page again, then this copy stops.
    if not getattr(PagesManager, "uses_pages_directory", False):  # an internal of Streamlit: it may go
        return
    PagesManager.uses_pages_directory = False
    app = ui_pages.ROOT / "app.py"
    exec(compile(app.read_text(encoding="utf-8"), str(app), "exec"), {"__name__": "__main__", "__file__": str(app)})
    st.stop()


def refuse_foreign_host() -> None:
    """Stop this run before anything is read when the page was asked for under a name not this machine's own."""
    if hosts.allowed(st.context.headers.get("Host"), hosts.own_names()):
        return
    st.error(i18n.t("ui.host_refused", signin_lang()), icon="")
    st.stop()


def gate(before_stop: Callable[[], None] = lambda: None) -> lan.SignedIn | None:
    """Stop this run before anything is read unless the browser may come in: the manager's own machine, or a
    phone signed in on the showroom network (whose staff member is returned). `before_stop` is called
    before a stop (the app's run hides the menu with it)."""
    if not lan.is_remote():
        return None
    if not lan.lan_mode():
        before_stop()
        st.error(t("lan.not_lan"), icon="")
        st.stop()
    who = lan.signed_in()
    if who is None:
        before_stop()
        signin.form(signin_lang(), _signin_hours())
        st.stop()
    return who


def signin_lang() -> str:
    """The language of what shows before anything of the workbook (the sign-in, a refused host): the browser's,
    else the session's."""
    return _browser_lang() or lang()


def _signin_hours() -> int:
    res = current()  # read only for the setting: nothing of it is shown before the sign-in
    hours = res.workbook.settings.get("signin_hours") if res is not None and res.workbook is not None else None
    return hours if isinstance(hours, int) and 0 < hours <= 24 * 7 else lan.DEFAULT_HOURS


def may_open(page_file: str) -> bool:
    """Whether this browser may open a page: everything on the manager's machine, its role's pages on a phone."""
    if not lan.is_remote():
        return True
    name = actor()
    res = current()
    if name is None or res is None or res.workbook is None:
        return False
    return lan.may_see(staff_roles(res.workbook).get(name), page_file)


def refuse_signed_out_staff(before_stop: Callable[[], None] = lambda: None) -> None:
    """Stop a phone whose person is no longer active on the staff sheet (`before_stop` as for `gate`)."""
    name = actor()
    res = current()
    if not lan.is_remote() or name is None or res is None or res.workbook is None:
        return
    if name not in staff_roles(res.workbook):
        lan.sign_out()
        before_stop()
        st.error(t("lan.not_staff", name=md(name)), icon="")
        st.stop()


def page_setup(title_key: str, *, title: bool = True) -> Ctx:
    """Start a page: title, pending messages, print styles; stops with a clear error when unusable."""
    refuse_foreign_host()
    _leave_pages_folder_mode()  # before the gate: app.py's run stops a phone not signed in with no menu left
    gate()
    st.html(print_css.PRINT_CSS)
    if title:
        st.title(t(title_key))
    show_flash()
    res = current()
    wb = res.workbook if res is not None else None
    if wb is None:
        show_unusable(res)
        st.stop()
    refuse_signed_out_staff()
    spec = ui_pages.by_title(title_key)
    if spec is not None and not may_open(spec.file):
        st.error(t("lan.not_available"), icon="")
        st.stop()
    if lan.is_remote() and roles.sees_only_own(staff_roles(wb).get(actor() or "")):
        wb = dataclasses.replace(wb, frames=roles.own_frames(wb.frames, actor() or ""))  # a phone sees its own
    return Ctx(lang(), today(), actor(), is_manager(), wb, path() or Path())


def require_manager(ctx: Ctx) -> bool:
    """Show why not and return False unless a manager is acting."""
    if ctx.actor is None:
        st.warning(t("ui.needs_actor"), icon="")
        return False
    if not ctx.is_manager:
        st.warning(t("ui.needs_manager"), icon="")
        return False
    return True


# --------------------------------------------------------------------------- writes shown beside their form


@dataclass(frozen=True)
class Written:
    """What a write from a card's callback did: the result when written or queued, else why not (shown text)."""

    result: WriteResult | None
    reason: str | None = None


def write_beside(ops: operations.Op | Iterable[operations.Op]) -> Written:
    """Apply operations like `write(ops, rerun=False)`, but hand back the refusal's reason instead of drawing it.

    A card's callback runs before its fragment draws, where an error would land at the top of the
    page; the card shows the reason next to the form it concerns, whose input stays. Nothing is
    flashed: the card shows what was written in place.
    """
    p = path()
    if p is None:
        return Written(None, t("ui.write.no_writer"))
    res = current()
    wb = res.workbook if res is not None else None
    ops_list = list(ops) if isinstance(ops, list | tuple) else [ops]
    try:
        result = writing.apply(
            p,
            ops_list,
            actor=actor(),
            expected=wb.fingerprint if wb else None,
            backup_keep=_backup_keep(wb),
            known_ids=_known_ids(wb),
            prepared_in=loading.prepared_dir(),
        )
    except WriteConflict as exc:
        loading.invalidate(p)
        return Written(None, t("ui.write.conflict", reason=md(i18n.describe(exc, lang()))))
    except WorkbookError as exc:  # a refusal among them
        return Written(None, t("ui.write.refused", reason=md(i18n.describe(exc, lang()))))
    except Exception as exc:
        log.exception("writing %s failed", p)
        return Written(None, t("ui.write.error", error=md(f"{type(exc).__name__}: {exc}")))
    if result.rejected:
        first = result.rejected[0]
        reason = i18n.t(str(first.get("code", "")), lang(), **(first.get("params") or {}))
        flash("error", "ui.write.rejected_waiting", count=len(result.rejected), reason=reason)
    if res is None or not loading.after_change(p, res, ops_list, result):
        loading.invalidate(p)
    elif result.status == "written":  # the card shows its own write in place: the watcher must not rerun the page
        st.session_state[SHOWN_KEY] = loading.stat_key(p)
    # a queued change: the watcher reruns the whole page, from the cache, and the sidebar says who holds
    # the file and how many changes wait
    return Written(result)
