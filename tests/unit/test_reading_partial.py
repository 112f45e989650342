"""Reading a changed file again: only the sheets whose sources changed are parsed, and the result is a full read's."""

from __future__ import annotations

import datetime as dt
import gc
import random
import re
import shutil
import weakref
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.raw_edit import date_without_a_year, edit_member, edit_sheet, sheet_part
from tests.support.sample import SAMPLE_TODAY
from workbook import guard
from workbook.errors import UnusableWorkbook
from workbook.reading import LoadedWorkbook, read_workbook
from workbook.schema import SHEETS

_CELL = re.compile(rb'<c r="[A-Z]+\d+"(?: s="\d+")?(?: t="(\w+)")?><v>[^<]*</v></c>')
_ROW = re.compile(rb"<row [^>]*>.*?</row>")
_TEXTS = ["", " ", "abc", "2026-13-01", "2026/11/3", "11月3日", "C0001", "13800000000", "是", "H", "王伟", "9e99"]
_NUMBERS = ["0", "-3", "45000.5", "46000", "99999999", "1e300"]


def _same_as_full_read(partial: LoadedWorkbook, full: LoadedWorkbook) -> None:
    assert partial.frames.keys() == full.frames.keys()
    for key, frame in full.frames.items():
        pd.testing.assert_frame_equal(partial.frames[key], frame, check_exact=True, obj=key)
    assert partial.problems == full.problems
    assert partial.settings == full.settings
    assert (partial.lang, partial.sheet_names, partial.headers, partial.header_rows) == (
        full.lang,
        full.sheet_names,
        full.headers,
        full.header_rows,
    )
    assert partial.fingerprint == full.fingerprint and partial.date1904 == full.date1904


def _parsed_again(partial: LoadedWorkbook, before: LoadedWorkbook) -> set[str]:
    return {k for k, r in partial.sheet_reads.items() if r is not before.sheet_reads.get(k)}


def _scramble(xml: bytes, rnd: random.Random, shared_count: int) -> bytes:
    """Random edits a person could make in Excel: values overwritten, typed as text, rows deleted."""
    cells = list(_CELL.finditer(xml))
    pieces: dict[tuple[int, int], bytes] = {}
    for m in rnd.sample(cells, min(len(cells), rnd.randint(1, 6))):
        ref = re.match(rb'<c r="([A-Z]+\d+)"', m.group(0)).group(1)  # type: ignore[union-attr]
        kind = rnd.choice(["shared", "number", "text"])
        if kind == "shared" and shared_count:
            new = b'<c r="%s" t="s"><v>%d</v></c>' % (ref, rnd.randrange(shared_count))
        elif kind == "number":
            new = b'<c r="%s"><v>%s</v></c>' % (ref, rnd.choice(_NUMBERS).encode())
        else:
            new = b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, rnd.choice(_TEXTS).encode())
        pieces[m.span()] = new
    out, at = [], 0
    for (start, end), new in sorted(pieces.items()):
        out += [xml[at:start], new]
        at = end
    xml = b"".join([*out, xml[at:]])
    rows = list(_ROW.finditer(xml))
    if len(rows) > 2 and rnd.random() < 0.4:
        gone = rnd.choice(rows[1:])
        xml = xml[: gone.start()] + xml[gone.end() :]
    return xml


def _shared_count(path: Path) -> int:
    with zipfile.ZipFile(path) as z:
        sst = z.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in z.namelist() else b""
    return sst.count(b"<si>")


class _Read:
    """The S sample's first read, shown briefly (Hypothesis prints the arguments of a failing example)."""

    def __init__(self, path: Path) -> None:
        self.path, self.wb = path, read_workbook(path, today=SAMPLE_TODAY)

    def __repr__(self) -> str:
        return f"_Read({self.path.name})"


@pytest.fixture(scope="module")
def _first_read(_sample_master_zh: Path) -> _Read:
    return _Read(_sample_master_zh)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheet=st.sampled_from([s.key for s in SHEETS]), seed=st.integers(0, 10**6), days=st.sampled_from([0, 1, 200]))
def test_random_edits_to_one_sheet_read_again_give_what_a_full_read_gives(
    _first_read: _Read, tmp_path_factory: pytest.TempPathFactory, sheet: str, seed: int, days: int
) -> None:
    """Read again that day, the next, or months later (a date typed without a year, 11月3日, may then mean another)."""
    first = _first_read.wb
    today = SAMPLE_TODAY + dt.timedelta(days=days)
    path = Path(shutil.copyfile(_first_read.path, tmp_path_factory.mktemp("edit") / "s.xlsx"))
    name = first.sheet_names.get(sheet)
    if name is None:
        return  # a sheet the sample does not have
    count = _shared_count(path)
    edit_sheet(path, name, lambda xml: _scramble(xml, random.Random(seed), count))
    try:
        full = read_workbook(path, today=today)
    except UnusableWorkbook as exc:  # an edit that makes the workbook unusable is refused the same way
        with pytest.raises(UnusableWorkbook) as again:
            read_workbook(path, today=today, previous=first)
        assert again.value.code == exc.code
        return
    partial = read_workbook(path, today=today, previous=first)
    _same_as_full_read(partial, full)
    assert _parsed_again(partial, first) <= {sheet}  # the sample types every date with its year


def test_an_unchanged_sheet_is_taken_from_the_last_read_and_a_changed_one_is_parsed(sample_workbook: Path) -> None:
    before = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    edit_sheet(sample_workbook, before.sheet_names["targets"], lambda xml: xml.replace(b"<v>14</v>", b"<v>15</v>", 1))
    partial = read_workbook(sample_workbook, today=SAMPLE_TODAY, previous=before)
    assert _parsed_again(partial, before) == {"targets"}
    _same_as_full_read(partial, read_workbook(sample_workbook, today=SAMPLE_TODAY))


def test_a_change_to_the_shared_strings_parses_every_sheet_again(sample_workbook: Path) -> None:
    before = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    # the first staff name renamed in the shared strings: every sheet naming that consultant changes
    staff = before.frames["staff"]["name"].iloc[0].encode()
    edit_member(sample_workbook, "xl/sharedStrings.xml", lambda xml: xml.replace(b">" + staff + b"<", b">Zed<", 1))
    partial = read_workbook(sample_workbook, today=SAMPLE_TODAY, previous=before)
    assert _parsed_again(partial, before) == {s.key for s in SHEETS if s.key in before.sheet_reads}
    _same_as_full_read(partial, read_workbook(sample_workbook, today=SAMPLE_TODAY))


def _with_new_string(path: Path, sheet: str, text: str, *, reorder: bool = False) -> None:
    """A row appended under `sheet`'s last row, its first shared-string cell naming `text` as a new string of
    the table: added at the table's end as Excel does, or (`reorder`) before its last item, which moves one up."""
    with zipfile.ZipFile(path) as z:
        sst = z.read("xl/sharedStrings.xml")
    items = sst.count(b"<si>")
    new = b"<si><t>" + text.encode() + b"</t></si>"
    if reorder:
        at = sst.rfind(b"<si>")
        sst = sst[:at] + new + sst[at:]
    else:
        sst = sst.replace(b"</sst>", new + b"</sst>")
    sst = re.sub(rb'uniqueCount="\d+"', b'uniqueCount="%d"' % (items + 1), sst, count=1)
    edit_member(path, "xl/sharedStrings.xml", lambda _xml: sst)

    def append(xml: bytes) -> bytes:
        last = list(_ROW.finditer(xml))[-1]
        number = int(re.search(rb'<row r="(\d+)"', last.group(0)).group(1))  # type: ignore[union-attr]
        row = re.sub(rb'(r="[A-Z]*)%d"' % number, rb'\g<1>%d"' % (number + 1), last.group(0))
        row = re.sub(rb't="s"><v>\d+</v>', b't="s"><v>%d</v>' % (items - 1 if reorder else items), row, count=1)
        return xml[: last.end()] + row + xml[last.end() :]

    edit_sheet(path, sheet, append)


def test_shared_strings_grown_at_their_end_parse_only_the_sheet_that_changed(sample_workbook: Path) -> None:
    before = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    name = before.sheet_names["contacts"]
    _with_new_string(sample_workbook, name, "新的一句话")
    told: list[str] = []
    partial = read_workbook(
        sample_workbook, today=SAMPLE_TODAY, previous=before, progress=lambda sheet, _done: told.append(sheet)
    )
    assert told == [name] and _parsed_again(partial, before) == {"contacts"}
    assert len(partial.frames["contacts"]) == len(before.frames["contacts"]) + 1
    assert (partial.frames["contacts"] == "新的一句话").any(axis=None)
    _same_as_full_read(partial, read_workbook(sample_workbook, today=SAMPLE_TODAY))
    # saved so again: the sheets kept twice still read against the table they were parsed with
    _with_new_string(sample_workbook, before.sheet_names["targets"], "又一句")
    again = read_workbook(sample_workbook, today=SAMPLE_TODAY, previous=partial)
    assert _parsed_again(again, partial) == {"targets"}
    _same_as_full_read(again, read_workbook(sample_workbook, today=SAMPLE_TODAY))


def test_shared_strings_reordered_parse_every_sheet_again(sample_workbook: Path) -> None:
    before = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    # LibreOffice lists strings in the order the sheets first use them: a new one lands mid-table
    _with_new_string(sample_workbook, before.sheet_names["contacts"], "新的一句话", reorder=True)
    told: list[str] = []
    partial = read_workbook(
        sample_workbook, today=SAMPLE_TODAY, previous=before, progress=lambda sheet, _done: told.append(sheet)
    )
    assert sorted(told) == sorted(before.sheet_names[k] for k in before.sheet_reads)
    assert _parsed_again(partial, before) == set(before.sheet_reads)
    _same_as_full_read(partial, read_workbook(sample_workbook, today=SAMPLE_TODAY))


def _frames_alive_while_parsing(path: Path, held: list[LoadedWorkbook]) -> dict[str, list[str]]:
    """Read `path` again with the last read handed over (`held` keeps the only reference): for each sheet
    parsed, which of the last read's sheets still had a frame alive as its parse began."""
    refs = {k: [weakref.ref(r.frame), weakref.ref(held[0].frames[k])] for k, r in held[0].sheet_reads.items()}
    alive: dict[str, list[str]] = {}

    def told(sheet: str, _done: float) -> None:
        gc.collect()
        alive[sheet] = sorted(k for k, rs in refs.items() if any(r() is not None for r in rs))

    read_workbook(path, today=SAMPLE_TODAY, previous=held.pop(), progress=told)
    return alive


def test_a_last_read_is_let_go_of_before_parsing_except_the_sheets_taken_from_it(sample_workbook: Path) -> None:
    # the snapshot loaded for the next morning's read, when an edit reordered the shared strings: none of it
    # can be taken, and holding it while the file is parsed cost 340 MB at L
    held = [read_workbook(sample_workbook, today=SAMPLE_TODAY)]
    names = dict(held[0].sheet_names)
    _with_new_string(sample_workbook, names["contacts"], "新的一句话", reorder=True)
    alive = _frames_alive_while_parsing(sample_workbook, held)
    assert sorted(alive) == sorted(names.values()) and all(v == [] for v in alive.values())
    # one sheet changed: the others are taken, and only its own frame is let go of
    held = [read_workbook(sample_workbook, today=SAMPLE_TODAY)]
    edit_sheet(sample_workbook, names["targets"], lambda xml: xml.replace(b"<v>14</v>", b"<v>15</v>", 1))
    alive = _frames_alive_while_parsing(sample_workbook, held)
    assert alive == {names["targets"]: sorted(set(names) - {"targets"})}


def test_another_day_parses_again_only_a_sheet_with_a_date_typed_without_a_year(sample_workbook: Path) -> None:
    before = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    later = SAMPLE_TODAY.replace(year=SAMPLE_TODAY.year + 1)
    same = read_workbook(sample_workbook, today=later, previous=before)
    assert _parsed_again(same, before) == set()  # every date typed with its year: the read holds on any day
    _same_as_full_read(same, read_workbook(sample_workbook, today=later))

    name = before.sheet_names["contacts"]
    edit_sheet(sample_workbook, name, date_without_a_year)
    dated = read_workbook(sample_workbook, today=SAMPLE_TODAY, previous=before)
    assert _parsed_again(dated, before) == {"contacts"}
    assert dated.sheet_reads["contacts"].dated == SAMPLE_TODAY
    assert {k for k, r in dated.sheet_reads.items() if r.dated is not None} == {"contacts"}
    again = read_workbook(sample_workbook, today=later, previous=dated)
    assert _parsed_again(again, dated) == {"contacts"}  # 11月3日 is placed by the day it is read on
    _same_as_full_read(again, read_workbook(sample_workbook, today=later))
    assert _parsed_again(read_workbook(sample_workbook, today=later, previous=again), again) == set()


def test_a_renamed_header_changes_the_language_guess_and_the_sheets_after_it_follow(sample_workbook_en: Path) -> None:
    before = read_workbook(sample_workbook_en, today=SAMPLE_TODAY)
    name = before.sheet_names["customers"]
    # a required header lost: its problem names the column in the language guessed so far
    edit_sheet(sample_workbook_en, name, _header_lost)
    partial = read_workbook(sample_workbook_en, today=SAMPLE_TODAY, previous=before)
    _same_as_full_read(partial, read_workbook(sample_workbook_en, today=SAMPLE_TODAY))


def _header_lost(xml: bytes) -> bytes:
    # the first header cell written as text of its own, no longer a header the schema knows
    return re.sub(
        rb'<c r="A1"([^>]*?) t="s"><v>\d+</v></c>', rb'<c r="A1"\1 t="inlineStr"><is><t>??</t></is></c>', xml, count=1
    )


def test_the_guard_still_refuses_a_stray_cell_in_a_changed_sheet(sample_workbook: Path) -> None:
    before = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    stray = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    edit_sheet(sample_workbook, before.sheet_names["rota"], lambda xml: xml.replace(b"</sheetData>", stray))
    with pytest.raises(UnusableWorkbook) as refused:
        read_workbook(sample_workbook, today=SAMPLE_TODAY, previous=before)
    assert refused.value.code == "problem.stray_cell"


def test_the_guard_given_the_last_report_finds_what_a_full_vet_finds(sample_workbook: Path, tmp_path: Path) -> None:
    known = guard.vet(sample_workbook)
    part = sheet_part(sample_workbook, read_workbook(sample_workbook).sheet_names["contacts"])
    edit_member(
        sample_workbook,
        part,
        lambda xml: xml.replace(b"</sheetData>", b'<row r="9000"><c r="K9000"><v>1</v></c></row></sheetData>'),
    )
    again, full = guard.vet(sample_workbook, known), guard.vet(sample_workbook)
    assert again.sheets == full.sheets and again.members == full.members
    assert again.inflated == full.inflated


def test_progress_names_each_sheet_parsed_with_a_growing_share_of_the_work(sample_workbook: Path) -> None:
    told: list[tuple[str, float]] = []
    wb = read_workbook(sample_workbook, today=SAMPLE_TODAY, progress=lambda sheet, done: told.append((sheet, done)))
    assert sorted(name for name, _ in told) == sorted(wb.sheet_names.values())
    shares = [done for _, done in told]
    assert shares == sorted(shares) and shares[0] == 0 and shares[-1] < 1
    assert told[-1][0] == max(wb.guard.sheets, key=lambda x: x.inflated).name  # the largest is typed last
