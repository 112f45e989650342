"""Read a workbook into typed frames plus problems: `read_workbook(path) -> LoadedWorkbook`.

The guard (`workbook.guard.vet`) vets the file's bytes first; calamine then reads exactly
those bytes. Sheets and headers are found in either language or by alias (the schema's
matching, shared with the writer), below title rows, in any order; unknown columns are
ignored; blank rows are skipped. Frame contract: one column per schema column key in schema
order (absent ones all-NA) plus `_row`, the Excel row number; dtypes per `values.dtype_for`.

Decisions:
- A bad value in a required or key column is an error and the row is left out; in an
  optional column it is a warning and the cell is left empty. An empty required cell is an
  error and the row is left out. A required column missing altogether is one error on the
  header row; the rows are still read (that column empty).
- A duplicated ID: a warning on both rows; the first row is kept, the later one left out.
  Other duplicated keys (staff names, rota date+consultant, ...): a warning on every row
  holding it; the first is kept.
- The same phone under two consultants (first-contact ownership): a warning on each row.
- Settings: a row names a setting by key or label in either language; unknown settings
  and bad values are warned and the default is used.
- Rows typed below a sheet's Excel table without growing it are read like any other row.
  A run of them right under the table is grown over by the writer's next append (as Excel
  does); rows after empty rows are a warning per run, saying how to resize the table.
- A required sheet missing, or present without a recognisable header row, makes the
  workbook unusable (UnusableWorkbook); an optional one missing gives an empty frame.

Reading again after the file changed (`previous=` the last read): a sheet is parsed again only
when something it was read from changed (its part's CRC-32 and sizes, its tables, the shared
strings unless they only grew at their end, the styles, its name, the 1904 flag, and `today` when
one of its dates was typed without a year: `SheetRead.dated`); the others keep their typed frames
and problems, so the result is the one a full read gives
(tests/unit/test_reading_partial.py). A large sheet whose only change is rows appended after its
last one (`workbook.appended`: the guard tells it from the bytes) keeps its frame and problems too,
and only the appended rows are parsed, from a copy of the workbook that holds them alone; they are
typed with the columns found before and checked for duplicate keys against every row
(tests/unit/test_reading_appended.py).
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import gc
import io
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import python_calamine

from workbook import codecs, ids, schema, values
from workbook.appended import Grown
from workbook.errors import Problem, UnusableWorkbook
from workbook.guard import GuardReport, vet
from workbook.schema import Lang, Sheet
from workbook.shared_strings import SharedStrings

ROW = "_row"
STYLES = "styles.xml"  # what every sheet's cells are read through beside the shared strings (name lowercased)
STRINGS = "sharedstrings.xml"

# sheets parsed whole even when rows were only appended: their checks look across every row beyond
# duplicate keys (a phone shared by two consultants' customers, a staff name's rows listed) or set the settings
_PARSED_WHOLE = frozenset({"settings", "customers", "staff"})

Progress = Callable[[str, float], None]  # (the sheet being read, as named in the file; share of the work done)


@dataclass(frozen=True)
class SheetRead:
    """One sheet as read, and what it was read from: kept so that a later read whose sources are
    the same takes it instead of parsing the sheet again."""

    source: tuple[object, ...]
    frame: pd.DataFrame = field(compare=False)  # what the sources made: equal sources, equal frames
    problems: tuple[Problem, ...]
    headers: dict[str, str] | None
    header_row: int | None
    votes: tuple[int, int]  # what the sheet's headers added to the (zh, en) language votes
    settings_raw: tuple[tuple[int, object, object], ...] | None
    guessed: Lang | None = None  # the language guess its missing columns' problems were worded in
    # the `today` its dates typed without a year were placed by (11月3日: the nearest such date); None when it
    # has none, and then the same sources give the same read on any day
    dated: dt.date | None = None
    # the shared strings it was read against (`_Reader._strings_basis`): a later table that begins with the
    # same items gives every cell of the unchanged sheet the same text (Excel appends new strings at the end)
    strings: tuple[int, ...] = ()
    highest_id: tuple[int, int, int] | None = None  # see LoadedWorkbook.highest_ids
    # where the rows stood: calamine's first column (0-based) and each column's place from it; what
    # rows appended later are typed with (`_Reader._sheet_grown`)
    columns: tuple[int, dict[str, int]] | None = None


@dataclass
class LoadedWorkbook:
    """A workbook as read: typed frames, settings, problems and where everything was found."""

    path: Path
    lang: Lang
    frames: dict[str, pd.DataFrame]
    settings: dict[str, object]
    problems: list[Problem]
    sheet_names: dict[str, str]
    headers: dict[str, dict[str, str]]
    fingerprint: tuple[int, int, str]
    date1904: bool
    header_rows: dict[str, int] = field(default_factory=dict)  # Excel row of each header
    guard_seconds: float = 0.0
    # what the next read of a changed file may reuse: the guard's report (without the bytes), each sheet as read
    guard: GuardReport | None = field(default=None, repr=False, compare=False)
    sheet_reads: dict[str, SheetRead] = field(default_factory=dict, repr=False, compare=False)
    # per sheet whose IDs the app allocates: (header row, number, digits) of the highest "PREFIX digits" text in
    # its ID column below the header, dropped rows included; the writer's first ID for the file read, unscanned
    highest_ids: dict[str, tuple[int, int, int]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def read_workbook(
    path: str | Path,
    *,
    today: dt.date | None = None,
    previous: LoadedWorkbook | None = None,
    progress: Progress | None = None,
) -> LoadedWorkbook:
    """Read `path`; raises UnusableWorkbook for files that cannot be used at all.

    `today` places dates typed without a year (11月3日); it defaults to the local date.
    `previous`, an earlier read of the same workbook, lets the sheets whose sources did not
    change be taken from it; `progress` is told which sheet is being read and how far the read is.
    """
    report = vet(path, previous.guard if previous is not None else None)
    reader = _Reader(report, today or dt.date.today(), previous.sheet_reads if previous is not None else {}, progress)
    # the reader keeps of `previous` only the sheets it takes: a caller that holds no other reference to
    # it (a snapshot loaded for this read) has the rest freed before the sheets are parsed
    previous = None
    # calamine hands back millions of lists; the cyclic GC would walk them again and again
    # (measured: to_python 4.5 s -> 2.1 s on 900k rows). Nothing here makes cycles.
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        return reader.read()
    except UnusableWorkbook:
        raise
    except BaseException as exc:  # calamine raises its own errors, and pyo3 panics as BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit | MemoryError):
            raise
        detail = f"{type(exc).__name__}: {exc}"[:300]
        raise UnusableWorkbook("problem.read_failed", path=str(report.path), detail=detail) from None
    finally:
        if gc_was_on:
            gc.enable()


def empty_frame(sheet_: Sheet) -> pd.DataFrame:
    """A frame with no rows, in the reader's columns and dtypes."""
    data: dict[str, Any] = {c.key: values.empty_array(c, 0) for c in sheet_.columns}
    data[ROW] = np.zeros(0, dtype=np.int64)
    return pd.DataFrame(data, copy=False)


def _open(report: GuardReport) -> Any:
    return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(report.data))


class _Reader:
    def __init__(
        self, report: GuardReport, today: dt.date, reuse: dict[str, SheetRead], progress: Progress | None
    ) -> None:
        self.report = report
        self.today = today
        self.reuse = reuse
        self.progress = progress
        self.sheet_reads: dict[str, SheetRead] = {}
        self.problems: list[Problem] = []
        self.frames: dict[str, pd.DataFrame] = {}
        self.sheet_names: dict[str, str] = {}
        self.headers: dict[str, dict[str, str]] = {}
        self.header_rows: dict[str, int] = {}
        self.votes = {"zh": 0, "en": 0}
        self.settings_raw: list[tuple[int, object, object]] = []
        self.strings_part = next((n for n in sorted(report.members) if n.lower().endswith(STRINGS)), None)
        self._strings: SharedStrings | None = None
        self._basis: tuple[int, ...] | None = None
        self._extends: dict[tuple[int, ...], bool] = {}
        self.highest_ids: dict[str, tuple[int, int, int]] = {}
        self.columns: dict[str, tuple[int, dict[str, int]]] = {}

    def read(self) -> LoadedWorkbook:
        wb = _open(self.report)
        names: list[str] = list(wb.sheet_names)
        found: dict[str, str] = {}
        for name in names:
            decl = schema.match_sheet(name)
            if decl is not None and decl.key not in found:
                found[decl.key] = name
                self._vote(name, decl.zh, decl.en)
        missing = [s for s in schema.SHEETS if s.required and s.key not in found]
        if missing:
            raise UnusableWorkbook(
                "problem.required_sheet_missing",
                path=str(self.report.path),
                zh="、".join(s.zh for s in missing),
                en=", ".join(s.en for s in missing),
                found=", ".join(f"“{n}”" for n in names) or "-",
            )
        # calamine parses a sheet's XML without holding the GIL: the largest sheet (the contacts,
        # as a rule) is read on a second thread, from a workbook object of its own, while this
        # thread reads, types and checks the others; it is typed last. Each sheet's problems are
        # kept apart and put back in sheet order, so the order does not show.
        todo = [(decl, found[decl.key]) for decl in schema.SHEETS if decl.key in found]
        sizes = {x.name: x.inflated for x in self.report.sheets}
        sources = {decl.key: self._source(name) for decl, name in todo}
        fresh = [(d, n) for d, n in todo if not self._same_sources(d.key, sources[d.key])]
        grown = {d.key: g for d, n in fresh if (g := self._grown_from(d, n, sources[d.key])) is not None}
        # let go of what will not be taken (after an edit that reorders the shared strings, every sheet)
        parsed = {d.key for d, _n in fresh} - set(grown)
        self.reuse = {key: r for key, r in self.reuse.items() if key in sources and key not in parsed}
        if fresh:
            self._strings_basis()
        self._strings = None  # what the sheets need of the table is known: free it before calamine's rows
        self.work = (0, sum(sizes.get(n, 0) + 1 for _d, n in fresh))
        big = max(todo, key=lambda t: sizes.get(t[1], 0)) if len(todo) > 1 else None
        own: dict[str, list[Problem]] = {}
        earlier = self.problems
        with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="calamine") as pool:
            ahead = None
            if big is not None and big in fresh and big[0].key not in grown:
                ahead = pool.submit(_rows_apart, self.report.data, big[1])
            for decl, name in todo:
                if big is None or decl is not big[0]:
                    own[decl.key] = self._sheet_once(
                        decl,
                        name,
                        sources[decl.key],
                        lambda name=name: _rows(wb.get_sheet_by_name(name)),
                        grown.get(decl.key),
                    )
            if big is not None:
                data, big_name = self.report.data, big[1]
                fetch = ahead.result if ahead is not None else lambda: _rows_apart(data, big_name)
                own[big[0].key] = self._sheet_once(big[0], big[1], sources[big[0].key], fetch, grown.get(big[0].key))
        self.problems = earlier + [p for decl in schema.SHEETS for p in own.get(decl.key, [])]
        self.frames = {d.key: self.frames.get(d.key, empty_frame(d)) for d in schema.SHEETS}
        self.sheet_names = {d.key: self.sheet_names[d.key] for d in schema.SHEETS if d.key in self.sheet_names}
        self.headers = {d.key: self.headers[d.key] for d in schema.SHEETS if d.key in self.headers}
        self.header_rows = {d.key: self.header_rows[d.key] for d in schema.SHEETS if d.key in self.header_rows}
        settings = self._settings()
        lang: Lang = "en" if self.votes["en"] > self.votes["zh"] else "zh"
        return LoadedWorkbook(
            path=self.report.path,
            lang=lang,
            frames=self.frames,
            settings=settings,
            problems=self.problems,
            sheet_names=self.sheet_names,
            headers=self.headers,
            fingerprint=self.report.fingerprint,
            date1904=self.report.date1904,
            header_rows=self.header_rows,
            guard_seconds=self.report.seconds,
            # kept for the next read of a changed file; rows appended since an earlier read are read now
            guard=dataclasses.replace(
                self.report, data=b"", sheets=tuple(dataclasses.replace(x, grown=None) for x in self.report.sheets)
            ),
            sheet_reads=self.sheet_reads,
            highest_ids={d.key: self.highest_ids[d.key] for d in schema.SHEETS if d.key in self.highest_ids},
        )

    def _source(self, name: str) -> tuple[object, ...]:
        """What a sheet's typed frame and problems are made from (but the language votes before it)."""
        extent = next((x for x in self.report.sheets if x.name == name), None)
        part = extent.part if extent is not None else None
        # a part's content is told by its CRC-32 and inflated size (how it was compressed does not matter here)
        members = {n: stamp[:2] for n, stamp in self.report.members.items()}
        shared = sorted((n, stamp) for n, stamp in members.items() if n.lower().endswith(STYLES))
        tables = extent.tables if extent is not None else None
        return (name, part, members.get(part or ""), tables, tuple(shared), self.report.date1904)

    def _same_sources(self, key: str, source: tuple[object, ...]) -> bool:
        prior = self.reuse.get(key)
        return prior is not None and prior.source == source and self._strings_extend(prior.strings)

    def _strings_stamp(self) -> tuple[int, ...]:
        """The shared strings part's CRC-32 and inflated size; () when the workbook has none."""
        if self.strings_part is None:
            return ()
        return tuple(self.report.members[self.strings_part][:2])  # type: ignore[arg-type]

    def _table(self) -> SharedStrings:
        if self._strings is None:
            # the guard has vetted this member's sizes (now or in the read the previous report is from)
            with zipfile.ZipFile(io.BytesIO(self.report.data)) as z:
                self._strings = SharedStrings(z.read(self.strings_part) if self.strings_part else None)
        return self._strings

    def _strings_basis(self) -> tuple[int, ...]:
        """What a sheet parsed now keeps of the shared strings: () for none, the part's stamp, and for a
        plain table its item count and the CRC-32 and length of the items' bytes."""
        if self._basis is None:
            stamp = self._strings_stamp()
            table = self._table() if stamp else None
            n = table.count() if table is not None else None
            items = table.prefix(n) if table is not None and n is not None else None
            self._basis = stamp if items is None else (*stamp, n, zlib.crc32(items), len(items))  # type: ignore[misc]
        return self._basis

    def _strings_extend(self, basis: tuple[int, ...]) -> bool:
        """Whether the shared strings now give every index of the table a sheet was read against the same
        text: the part is unchanged, or the table begins with that table's items byte for byte. A
        reordered or edited table changes what unchanged sheets' cells say: they are parsed again."""
        if basis[:2] == self._strings_stamp():
            return True
        if len(basis) != 5 or not self._strings_stamp():
            return False
        if basis not in self._extends:
            _crc, _size, n, crc, length = basis
            items = self._table().prefix(n)
            self._extends[basis] = items is not None and len(items) == length and zlib.crc32(items) == crc
        return self._extends[basis]

    def _sheet_once(
        self,
        decl: Sheet,
        name: str,
        source: tuple[object, ...],
        fetch: Callable[[], tuple[list[list[object]], int, int]],
        grown: Grown | None = None,
    ) -> list[Problem]:
        """The sheet as the last read left it when made from the same sources, or that plus the rows
        appended since (`grown`), else read now."""
        prior = self.reuse.get(decl.key)
        # a missing column's problem names it in the language guessed so far: then the guess is a source too
        if (
            prior is not None
            and prior.source == source
            and prior.guessed in (None, self._guess_with(prior.votes))
            and prior.dated in (None, self.today)
            and self._strings_extend(prior.strings)
        ):
            self._take(decl, name, prior)
            return list(prior.problems)
        if prior is not None and grown is not None:
            problems = self._sheet_grown(decl, name, source, prior, grown)
            if problems is not None:
                return problems
        done, total = self.work
        if self.progress is not None:
            self.progress(name, done / max(total, 1))
        before = (self.votes["zh"], self.votes["en"])
        problems = self._sheet_or_warning(decl, name, fetch)
        size = next((x.inflated for x in self.report.sheets if x.name == name), 0) + 1
        self.work = (done + size, total)
        settings_raw = None
        if decl.key == "settings" and getattr(self, "settings_sheet", None) is not None:
            settings_raw = tuple(self.settings_raw)
        self.sheet_reads[decl.key] = SheetRead(
            source=source,
            frame=self.frames[decl.key].copy(deep=False),
            problems=tuple(problems),
            headers=self.headers.get(decl.key),
            header_row=self.header_rows.get(decl.key),
            votes=(self.votes["zh"] - before[0], self.votes["en"] - before[1]),
            settings_raw=settings_raw,
            guessed=self._lang_guess() if any(p.code == "problem.column_missing" for p in problems) else None,
            dated=self._dated(problems),
            strings=self._strings_basis(),
            highest_id=self.highest_ids.get(decl.key),
            columns=self.columns.get(decl.key),
        )
        return problems

    def _dated(self, problems: Sequence[Problem]) -> dt.date | None:
        """`today` when a sheet's read depends on it (each date typed without a year is warned of), else None."""
        return self.today if codecs.depends_on_today(p.code for p in problems) else None

    def _take(self, decl: Sheet, name: str, prior: SheetRead) -> None:
        """Take a sheet from the last read as if it had been read now."""
        self.sheet_names[decl.key] = name
        self.frames[decl.key] = prior.frame.copy(deep=False)  # copy-on-write: the kept frame stays as read
        if prior.headers is not None:
            self.headers[decl.key] = prior.headers
        if prior.header_row is not None:
            self.header_rows[decl.key] = prior.header_row
        self.votes["zh"] += prior.votes[0]
        self.votes["en"] += prior.votes[1]
        if prior.settings_raw is not None:
            self.settings_raw = list(prior.settings_raw)
            self.settings_sheet = name
            self.settings_headers = prior.headers or {}
        self.sheet_reads[decl.key] = prior
        if prior.highest_id is not None:
            self.highest_ids[decl.key] = prior.highest_id
        if prior.columns is not None:
            self.columns[decl.key] = prior.columns

    def _grown_from(self, decl: Sheet, name: str, source: tuple[object, ...]) -> Grown | None:
        """The rows appended to the sheet since the last read, when that is all that changed in it: the
        guard found its bytes the last read's with rows put before </sheetData> (`workbook.appended`)
        and every other source of the sheet is the same. Sheets whose checks look across all their rows
        beyond duplicate keys, or whose rows below an Excel table are told apart, are parsed whole."""
        prior = self.reuse.get(decl.key)
        if prior is None or decl.key in _PARSED_WHOLE or prior.columns is None or prior.header_row is None:
            return None
        # (name, part, the part's CRC and size, its tables, styles, 1904 flag): all but the part's bytes
        if prior.source[:2] != source[:2] or prior.source[4:] != source[4:] or prior.dated not in (None, self.today):
            return None
        if not self._strings_extend(prior.strings):
            return None
        extent = next((x for x in self.report.sheets if x.name == name), None)
        g = extent.grown if extent is not None else None
        if g is None or g.base != prior.source[2]:
            return None
        return g if _tables_grown(prior.source[3], source[3], prior.header_row, g.after) else None

    def _sheet_grown(
        self, decl: Sheet, name: str, source: tuple[object, ...], prior: SheetRead, grown: Grown
    ) -> list[Problem] | None:
        """The sheet as the last read left it plus its appended rows, parsed alone and checked as a full
        read checks them (duplicate keys against every row); None when that cannot be told (then the
        sheet is parsed whole)."""
        assert prior.columns is not None
        if prior.guessed not in (None, self._guess_with(prior.votes)):
            return None
        if self.progress is not None:
            self.progress(name, self.work[0] / max(self.work[1], 1))
        part = str(source[1])
        others = {x.part for x in self.report.sheets if x.part != part}
        try:
            rows, start_row, start_col = _grown_rows(self.report.data, part, others, name, grown)
        except BaseException as exc:  # calamine's errors, pyo3 panics: the whole sheet's read tells them
            if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit | MemoryError):
                raise
            return None
        first_col, positions = prior.columns
        if rows and start_col < first_col:
            return None  # a cell left of every earlier one moves the sheet's columns: read it whole
        if rows and start_col > first_col:
            rows = [[""] * (start_col - first_col) + list(r) for r in rows]
        self._take(decl, name, prior)
        before = self.highest_ids.get(decl.key)
        outer, self.problems = self.problems, []
        try:
            added = self._typed(decl, name, rows, 0, start_row + 1, positions)
            frame = pd.concat([prior.frame, added], ignore_index=True) if len(added) else prior.frame.copy(deep=False)
            frame = self._duplicates(decl, name, self.headers[decl.key], frame)
            problems = sorted([*prior.problems, *self.problems], key=lambda p: p.row or 0)
        finally:
            self.problems = outer
        after = self.highest_ids.get(decl.key)
        if before is not None and after is not None:
            self.highest_ids[decl.key] = (before[0], *max(before[1:], after[1:]))
        self.frames[decl.key] = frame
        self.sheet_reads[decl.key] = dataclasses.replace(
            prior,
            source=source,
            frame=frame.copy(deep=False),
            problems=tuple(problems),
            dated=self._dated(problems),
            strings=self._strings_basis(),
            highest_id=self.highest_ids.get(decl.key),
        )
        return problems

    def _sheet_or_warning(
        self, decl: Sheet, name: str, fetch: Callable[[], tuple[list[list[object]], int, int]]
    ) -> list[Problem]:
        """Read and type one sheet into `frames`; returns the problems found in it."""
        self.sheet_names[decl.key] = name
        outer, self.problems = self.problems, []
        try:
            try:
                rows, start_row, start_col = fetch()
            except BaseException as exc:  # calamine's errors, pyo3 panics
                if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit | MemoryError) or decl.required:
                    raise
                detail = f"{type(exc).__name__}: {exc}"[:300]
                self._problem("warning", "problem.sheet_unreadable", name, detail=detail)
                self.frames[decl.key] = empty_frame(decl)
            else:
                self.frames[decl.key] = self._sheet(decl, name, rows, start_row, start_col)
            return self.problems
        finally:
            self.problems = outer

    def _vote(self, found: object, zh: str, en: str) -> None:
        tok = schema.normalize_token(found)
        if tok == schema.normalize_token(zh) and tok != schema.normalize_token(en):
            self.votes["zh"] += 1
        elif tok == schema.normalize_token(en) and tok != schema.normalize_token(zh):
            self.votes["en"] += 1

    def _problem(
        self,
        severity: str,
        code: str,
        sheet: str,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
        **params: Any,
    ) -> None:
        params = {"sheet": sheet, "column": column or "", "value": value or "", **params}
        self.problems.append(Problem(severity, code, params, sheet, row, column, value))  # type: ignore[arg-type]

    # ------------------------------------------------------------------ one sheet

    def _sheet(self, decl: Sheet, name: str, rows: list[list[object]], start_row: int, start_col: int) -> pd.DataFrame:
        problems_before = len(self.problems)
        found = schema.find_header_row(decl, _header_candidates(decl, rows[: schema.HEADER_SCAN_ROWS]))
        if found is None:
            expected = ", ".join(c.header("zh") + "/" + c.header("en") for c in decl.columns if c.required)
            if decl.required:
                raise UnusableWorkbook(
                    "problem.header_missing",
                    path=str(self.report.path),
                    sheet=name,
                    rows=schema.HEADER_SCAN_ROWS,
                    expected=expected,
                )
            self._problem("warning", "problem.optional_header_missing", name, expected=expected)
            return empty_frame(decl)
        h, positions = found
        header_row = start_row + h + 1
        self.header_rows[decl.key] = header_row
        self.columns[decl.key] = (start_col, dict(positions))
        header_cells = rows[h]
        headers = {key: codecs.shown(header_cells[i]) for key, i in positions.items()}
        self.headers[decl.key] = headers
        for key, text in headers.items():
            c = decl.column(key)
            self._vote(text, c.zh, c.en)
        for c in decl.columns:
            if c.required and c.key not in positions:
                self._problem(
                    "error", "problem.column_missing", name, header_row, expected=c.header(self._lang_guess())
                )
        frame = self._typed(decl, name, rows, h + 1, start_row + h + 2, positions)
        frame = self._duplicates(decl, name, headers, frame)
        if decl.key == "customers":
            self._shared_phones(name, headers, frame)
        # the sheet's problems in row order, as a manager walks down the sheet
        self.problems[problems_before:] = sorted(self.problems[problems_before:], key=lambda p: p.row or 0)
        return frame

    def _typed(
        self, decl: Sheet, name: str, rows: list[list[object]], first: int, first_row: int, positions: dict[str, int]
    ) -> pd.DataFrame:
        """`rows[first:]` (the first of them Excel row `first_row`) typed into the sheet's frame, each
        problem of a single row noted; `rows` is emptied."""
        headers, header_row = self.headers[decl.key], self.header_rows[decl.key]
        n = len(rows) - first
        excel_rows = np.arange(n, dtype=np.int64) + first_row
        keys = [c.key for c in decl.columns if c.key in positions]
        raw_cols: dict[str, Sequence[object]] = {}
        if keys and n:
            data = rows[first:]
            width = max(positions[k] for k in keys) + 1
            if min(map(len, data)) < width:  # calamine rows are rectangular; zip would cut a short one
                data = [list(r) + [""] * (width - len(r)) for r in data]
            # one tuple per column: zip(*rows) measured ~1.5x faster than a list per column
            columns = list(zip(*data, strict=False))  # every row holds at least `width` cells
            del data
            raw_cols = {k: columns[positions[k]] for k in keys}
            del columns
        rows.clear()  # the row lists are no longer needed: free them before typing the columns
        idc = decl.id_column
        if idc is not None and decl.id_prefix and idc in positions:
            self.highest_ids[decl.key] = (header_row, *ids.highest_id(raw_cols.get(idc, ()), decl.id_prefix))
        parsed: dict[str, values.ParsedColumn] = {}
        for k in keys if raw_cols else ():
            parsed[k] = values.parse_column_ex(
                raw_cols[k], decl.column(k), date1904=self.report.date1904, today=self.today
            )
        if decl.key == "settings":
            name_col, value_col = raw_cols.get("name", []), raw_cols.get("value", [""] * n)
            self.settings_raw = [(int(excel_rows[i]), name_col[i], value_col[i]) for i in range(len(name_col))]
            self.settings_sheet = name
            self.settings_headers = headers
        blank = np.ones(n, dtype=bool)
        for p in parsed.values():
            blank &= p.blank
        self._rows_below_table(name, header_row, excel_rows[~blank])
        keep = ~blank
        required = {c.key for c in decl.columns if c.required}
        strict = required | set(decl.key_columns)
        for k, p in parsed.items():
            col_header = headers[k]
            if k in required:
                for i in np.flatnonzero(p.blank & keep):
                    keep[i] = False
                    self._problem("error", "problem.required_missing", name, int(excel_rows[i]), col_header)
            for note in p.notes:
                i = note.index
                if blank[i]:
                    continue
                shown = codecs.shown(note.raw)
                if not note.accepted and k in strict:
                    if keep[i]:
                        keep[i] = False
                    self._problem("error", note.code, name, int(excel_rows[i]), col_header, shown, **note.params)
                else:
                    self._problem("warning", note.code, name, int(excel_rows[i]), col_header, shown, **note.params)
        # arrays, not Series: a dict of Series makes pandas align (union) their indexes
        columns = {c.key: (parsed[c.key].array if c.key in parsed else values.empty_array(c, n)) for c in decl.columns}
        columns[ROW] = excel_rows
        frame = pd.DataFrame(columns, copy=False)
        if not keep.all():  # most sheets keep every row: no copy then
            frame = frame.loc[keep].reset_index(drop=True)
        return frame

    def _rows_below_table(self, name: str, header_row: int, used: np.ndarray) -> None:
        """Warn of rows holding data below the sheet's Excel table that the writer does not grow the
        table over: a run that follows the table directly is taken in by the next append (as Excel
        does when one types under a table), a run after empty rows (or under a totals row) is not."""
        extent = next((s for s in self.report.sheets if s.name == name), None)
        tables = extent.tables if extent is not None else ()
        table = next((t for t in tables if t.first_row <= header_row <= t.last_row), None)
        if table is None:
            return
        below = used[used > table.last_row]
        if not below.size:
            return
        for i, run in enumerate(np.split(below, np.flatnonzero(np.diff(below) != 1) + 1)):
            if i == 0 and int(run[0]) == table.last_row + 1 and not table.totals_rows:
                continue
            first, last = int(run[0]), int(run[-1])
            self._problem("warning", "problem.rows_below_table", name, first, table=table.name, first=first, last=last)

    def _lang_guess(self) -> Lang:
        return "en" if self.votes["en"] > self.votes["zh"] else "zh"

    def _guess_with(self, votes: tuple[int, int]) -> Lang:
        """The guess once a sheet's own header votes are counted (when its missing columns are named)."""
        return "en" if self.votes["en"] + votes[1] > self.votes["zh"] + votes[0] else "zh"

    def _duplicates(self, decl: Sheet, name: str, headers: dict[str, str], frame: pd.DataFrame) -> pd.DataFrame:
        keys = [k for k in decl.key_columns if k in headers]
        if not keys or len(keys) != len(decl.key_columns) or frame.empty:
            return frame
        if len(frame) > 5000:  # big sheets: let pandas' hashing rule out duplicates first
            if len(keys) == 1:
                col = frame[keys[0]]
                if col.nunique(dropna=True) == int(col.notna().sum()):
                    return frame
            else:
                sub = frame[keys]
                if not (sub.duplicated(keep=False) & sub.notna().all(axis=1)).any():
                    return frame
        # plain Python over the key columns: pandas' per-call overhead dominates on small sheets
        columns = [_key_list(frame[k]) for k in keys]
        seen: dict[tuple, int] = {}
        groups: dict[tuple, list[int]] = {}
        for i, key in enumerate(zip(*columns, strict=True)):
            if None in key:
                continue
            first = seen.setdefault(key, i)
            if first != i:
                groups.setdefault(key, [first]).append(i)
        if not groups:
            return frame
        excel_rows = frame[ROW].tolist()
        col_header = headers[keys[0]]
        later: list[int] = []
        for key, positions in groups.items():
            shown = " / ".join(
                str(_plain_list(frame[k].iloc[positions[:1]])[0] if frame[k].dtype.kind == "M" else v)
                for k, v in zip(keys, key, strict=True)
            )
            rows = [excel_rows[i] for i in positions]
            later.extend(positions[1:])
            if decl.id_prefix or decl.key != "staff":
                code = "problem.duplicate_id" if decl.id_prefix else "problem.duplicate_key"
                first = rows[0]
                for other in rows[1:]:
                    for r in (first, other):
                        self._problem("warning", code, name, r, col_header, shown, first=first, other=other)
            else:
                listed = ", ".join(map(str, rows))
                for r in rows:
                    self._problem("warning", "problem.duplicate_staff", name, r, col_header, shown, rows=listed)
        keep = np.ones(len(frame), dtype=bool)
        keep[later] = False
        return frame.loc[keep].reset_index(drop=True)

    def _shared_phones(self, name: str, headers: dict[str, str], frame: pd.DataFrame) -> None:
        if "phone" not in headers or "consultant" not in headers or frame.empty:
            return
        owners: dict[str, dict[str, None]] = {}
        where: dict[str, list[int]] = {}
        for phone, consultant, row in zip(
            _plain_list(frame["phone"]), _plain_list(frame["consultant"]), frame[ROW].tolist(), strict=True
        ):
            if phone is None or consultant is None:
                continue
            owners.setdefault(phone, {})[consultant] = None
            where.setdefault(phone, []).append(row)
        for phone, consultants in owners.items():
            if len(consultants) < 2:
                continue
            rows = where[phone]
            listed = ", ".join(map(str, rows))
            for r in rows:
                self._problem("warning", "problem.duplicate_phone", name, r, headers["phone"], phone,
                              consultants=" / ".join(consultants), rows=listed)  # fmt: skip

    # ------------------------------------------------------------------ settings

    def _settings(self) -> dict[str, object]:
        out = schema.default_settings()
        sheet_name = getattr(self, "settings_sheet", None)
        if sheet_name is None:
            return out
        headers = self.settings_headers
        for row, name, value in self.settings_raw:
            if codecs.is_blank(name):
                continue
            setting = schema.match_setting(codecs.shown(name))
            if setting is None:
                self._problem(
                    "warning", "problem.unknown_setting", sheet_name, row, headers.get("name"), codecs.shown(name)
                )
                continue
            self._vote(codecs.shown(name), setting.zh, setting.en)
            if codecs.is_blank(value):
                continue
            typed, expected = _setting_value(setting, value)
            if expected is not None:
                self._problem(
                    "warning",
                    "problem.bad_setting",
                    sheet_name,
                    row,
                    headers.get("value"),
                    codecs.shown(value),
                    name=codecs.shown(name),
                    expected=expected,
                    default=_shown_default(setting.default),
                )
                continue
            out[setting.key] = typed
        return out


def _plain_list(series: pd.Series) -> list[object]:
    """A column as Python values, None for missing; dates as ISO text (how a problem shows them)."""
    if series.dtype.kind == "M":
        return [None if pd.isna(v) else (v.date().isoformat() if v == v.normalize() else v.isoformat(sep=" "))
                for v in series]  # fmt: skip
    return [None if v is pd.NA or v is None or v != v else v for v in series.tolist()]


def _key_list(series: pd.Series) -> list[object]:
    """A key column as hashable Python values, None for missing; dates as their int64 (one
    per row, unformatted: formatting every date cost more than the duplicate check)."""
    if series.dtype.kind == "M":
        values = series.to_numpy()
        out: list[object] = values.view("i8").tolist()
        nat = np.isnat(values)
        if nat.any():
            out = [None if n else v for v, n in zip(out, nat.tolist(), strict=True)]
        return out
    return _plain_list(series)


def _shown_default(v: object) -> str:
    if isinstance(v, bool):
        return "是/Yes" if v else "否/No"
    if isinstance(v, list | tuple):
        return ",".join(map(str, v))
    return str(v)


def _setting_value(setting: schema.Setting, value: object) -> tuple[object, str | None]:
    """(typed value, None) or (None, the code of what was expected: worded by whoever shows the problem)."""
    p = codecs.parse_setting(setting, value)
    if p.accepted:
        return p.value, None
    return None, p.code or "problem.bad_setting"


def _tables_grown(before: object, now: object, header_row: int, last_row: int) -> bool:
    """Whether a sheet's Excel tables changed at most by growing down, and no row read before stood
    below the header's table: then the rows below it (`_Reader._rows_below_table`) are among those
    appended, and telling them needs only those."""
    if before is None or now is None:
        return before is now
    assert isinstance(before, tuple) and isinstance(now, tuple)
    if len(before) != len(now):
        return False
    for old, new in zip(before, now, strict=True):
        if dataclasses.replace(old, last_row=new.last_row) != new or new.last_row < old.last_row:
            return False
        if old.first_row <= header_row <= old.last_row and last_row > old.last_row:
            return False
    return True


# the empty sheet the other sheets become in the copy that holds a sheet's appended rows alone
_EMPTY_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
)


def _grown_rows(
    data: bytes, part: str, others: set[str], name: str, grown: Grown
) -> tuple[list[list[object]], int, int]:
    """The rows appended to a sheet, as calamine reads them (see `_rows`): from a copy of the workbook
    (`data`, vetted) whose sheet holds only them and whose other sheets are empty, stored uncompressed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            n = info.filename
            if n == part:
                dst.writestr(n, grown.head + grown.rows + grown.tail)
            elif n in others:
                dst.writestr(n, _EMPTY_SHEET)
            elif n.lower().endswith((".xml", ".rels")):
                dst.writestr(n, src.read(n))
    return _rows(python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue())).get_sheet_by_name(name))


def _rows_apart(data: bytes, name: str) -> tuple[list[list[object]], int, int]:
    """One sheet's rows from a calamine workbook of its own (for the reading thread)."""
    return _rows(python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(name))


def _rows(sheet: Any) -> tuple[list[list[object]], int, int]:
    """The sheet's cells as rows from its first used row and column, and their 0-based indexes."""
    rows = sheet.to_python()
    start = sheet.start
    return rows, int(start[0]) if start else 0, int(start[1]) if start else 0


_SHEET_TOKENS: dict[str, frozenset[str]] = {}


def _header_candidates(decl: Sheet, rows: list[list[object]]) -> list[list[object]]:
    """The first rows with every cell that cannot name one of the sheet's columns blanked, so
    the shared header matching only weighs real candidates (it is O(cells x names))."""
    tokens = _SHEET_TOKENS.get(decl.key)
    if tokens is None:
        tokens = frozenset(schema.normalize_token(n) for c in decl.columns for n in c.names())
        _SHEET_TOKENS[decl.key] = tokens
    return [
        [cell if isinstance(cell, str) and schema.normalize_token(cell) in tokens else None for cell in row]
        for row in rows
    ]
