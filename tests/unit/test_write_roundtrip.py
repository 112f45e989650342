"""Property: whatever text, date or phone the writer is given reads back the same (control characters aside)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import python_calamine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.writer_support import customers_workbook
from workbook import operations, writing
from workbook.cells import clean_text

TRICKY = st.sampled_from(
    [
        '"',
        "'",
        "=",
        "=SUM(A1)",
        "+1",
        "-",
        "@",
        "<",
        ">",
        "&",
        "&amp;",
        "_x000D_",
        "_x0041_",
        "\n",
        "\r\n",
        "\t",
        " ",
        "中文",
        "😀",
        "\x00",
        "\x1f",
        "\ufffe",
    ]
)
TEXT = st.lists(st.one_of(TRICKY, st.text(max_size=12)), max_size=8).map("".join)
PHONES = st.from_regex(r"\A\+?0?\d{6,14}\Z")
DATES = st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31))
MOMENTS = st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 30)).map(
    lambda d: d.replace(microsecond=0)
)

EXAMPLES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return customers_workbook(tmp_path_factory.mktemp("rt") / "t.xlsx").read_bytes()


def _fresh(template: bytes, tmp_path: Path) -> Path:
    path = tmp_path / "rt.xlsx"
    path.write_bytes(template)
    return path


def _row(path: Path, sheet: str, first: str) -> list[object]:
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    return next(r for r in rows if r and r[0] == first)


@EXAMPLES
@given(text=TEXT, day=DATES)
def test_contact_text_and_date_read_back_as_written(template: bytes, tmp_path: Path, text: str, day: date) -> None:
    path = _fresh(template, tmp_path)
    writing.apply(path, [operations.log_contact("C0001", "call", day, result=text)])
    row = _row(path, "接触记录", "K0001")
    assert row[1] == day
    assert row[11] == clean_text(text)


@EXAMPLES
@given(phone=PHONES, name=TEXT.filter(lambda s: clean_text(s).strip() != ""))
def test_a_new_customers_phone_stays_text_with_its_leading_zeros(
    template: bytes, tmp_path: Path, phone: str, name: str
) -> None:
    path = _fresh(template, tmp_path)
    new = writing.apply(
        path,
        [
            operations.add_customer(
                name=name, phone=phone, consultant="王磊", first_contact=date(2026, 11, 22), grade="C"
            )
        ],
    )
    row = _row(path, "客户", new.ids[0])
    assert row[3] == phone and row[1] == clean_text(name)


@EXAMPLES
@given(moment=MOMENTS)
def test_a_delivery_time_reads_back_to_the_second(template: bytes, tmp_path: Path, moment: datetime) -> None:
    path = _fresh(template, tmp_path)
    new = writing.apply(path, [operations.add_delivery("C0001", scheduled=moment)])
    got = _row(path, "交车", new.ids[0])[8]
    got = datetime(got.year, got.month, got.day) if not isinstance(got, datetime) else got
    assert abs(got - moment) < timedelta(milliseconds=5)
