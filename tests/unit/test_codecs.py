"""Each column type's codec: what it writes reads back as its canonical value, in both languages."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from i18n import STRINGS, t
from workbook import codecs, schema

COLUMNS = {
    "text": schema.sheet("contacts").column("result"),
    "phone": schema.sheet("customers").column("phone"),
    "date": schema.sheet("contacts").column("date"),
    "datetime": schema.sheet("deliveries").column("delivered_at"),
    "time": schema.sheet("contacts").column("time"),
    "month": schema.sheet("targets").column("month"),
    "integer": schema.sheet("contacts").column("people"),
    "money": schema.sheet("customers").column("budget"),
    "yesno": schema.sheet("contacts").column("first_visit"),
    "grade": schema.sheet("customers").column("grade"),
    "choice": schema.sheet("contacts").column("type"),
    "open choice": schema.sheet("customers").column("source"),
}
LANGS = pytest.mark.parametrize("lang", ["zh", "en"])


@LANGS
@pytest.mark.parametrize(
    ("kind", "typed", "canonical"),
    [
        ("text", "  约周六试驾 ", "约周六试驾"),
        ("text", 12.0, "12"),
        ("phone", "139-1234-5678", "13912345678"),
        ("phone", "(139) 1234 5678", "13912345678"),
        ("phone", 13912345678, "13912345678"),
        ("phone", "+86 139 1234 5678", "+8613912345678"),
        ("date", date(2026, 11, 3), date(2026, 11, 3)),
        ("date", datetime(2026, 11, 3, 15, 30), date(2026, 11, 3)),
        ("date", "2026-11-03", date(2026, 11, 3)),
        ("date", "2026/11/3", date(2026, 11, 3)),
        ("date", "20261103", date(2026, 11, 3)),
        ("date", "2026年11月3日", date(2026, 11, 3)),
        ("date", 46329.0, date(2026, 11, 3)),  # an Excel serial
        ("datetime", datetime(2026, 11, 3, 14, 30, 5, 999), datetime(2026, 11, 3, 14, 30, 5)),
        ("datetime", date(2026, 11, 3), datetime(2026, 11, 3)),
        ("datetime", "2026-11-03 14:30", datetime(2026, 11, 3, 14, 30)),
        ("datetime", "2026年11月3日 下午", None),  # not a time: refused below, compared as text here
        ("time", "9:00", "09:00"),
        ("time", "14点30分", "14:30"),
        ("time", time(9, 5), "09:05"),
        ("month", "2026-12", "2026-12"),
        ("month", "2026年12月", "2026-12"),
        ("month", "202612", "2026-12"),
        ("month", date(2026, 12, 1), "2026-12"),
        ("integer", 3, 3),
        ("integer", 3.0, 3),
        ("integer", "3人", 3),
        ("integer", "1,200", 1200),
        ("money", 150000, 150000.0),
        ("money", "15万", 150000.0),
        ("money", "¥150,000", 150000.0),
        ("money", 99.5, 99.5),
        ("yesno", True, True),
        ("yesno", False, False),
        ("yesno", "是", True),
        ("yesno", "No", False),
        ("yesno", "√", True),
        ("grade", "H", "H"),
        ("grade", "h", "H"),
        ("choice", "call", "call"),
        ("choice", "电话", "call"),
        ("choice", "Test drive", "test_drive"),
        ("open choice", "walk_in", "walk_in"),
        ("open choice", "车展邀约", "车展邀约"),  # an open list keeps a value outside it as typed
    ],
)
def test_what_a_codec_writes_reads_back_as_the_canonical_value(kind, typed, canonical, lang) -> None:
    codec = codecs.codec_for(COLUMNS[kind])
    if canonical is None:
        with pytest.raises(codecs.Refusal):
            codec.cell(typed, lang)
        assert codec.canon(typed) == typed  # a value the reader does not understand compares as its text
        return
    assert codec.canon(typed) == canonical
    assert codec.parse(codecs.as_read(codec.cell(typed, lang))).value == canonical


@pytest.mark.parametrize(
    ("lang", "kind", "typed", "cell"),
    [
        ("zh", "yesno", True, ("text", "是")),
        ("en", "yesno", False, ("text", "No")),
        ("zh", "grade", "h", ("text", schema.GRADES.label("H", "zh"))),
        ("zh", "choice", "test_drive", ("text", "试驾")),
        ("en", "choice", "试驾", ("text", "Test drive")),
        ("zh", "date", "20261103", ("date", date(2026, 11, 3))),
        ("en", "money", "15万", ("number", 150000.0)),
        ("zh", "time", "9:00", ("text", "09:00")),
        ("zh", "text", None, ("empty", None)),
    ],
)
def test_a_cell_is_written_in_the_sheets_language_and_the_readers_form(lang, kind, typed, cell) -> None:
    written = codecs.codec_for(COLUMNS[kind]).cell(typed, lang)
    assert (written.kind, written.value) == cell


@pytest.mark.parametrize(
    ("kind", "typed"),
    [
        ("date", "next week"),
        ("date", "2026-02-30"),
        ("datetime", "2026-11-03 25:00"),
        ("time", "25:00"),
        ("month", "2026-13"),
        ("integer", "3.5"),
        ("integer", True),
        ("money", "a lot"),
        ("yesno", "maybe"),
        ("text", True),
    ],
)
def test_a_value_the_reader_would_not_understand_is_refused_with_the_kind_it_expected(kind, typed) -> None:
    with pytest.raises(codecs.Refusal) as info:
        codecs.codec_for(COLUMNS[kind]).cell(typed, "zh")
    expected = info.value.params["expected"]
    assert info.value.code == "write.bad_value" and expected == f"write.type.{kind}"
    assert expected in STRINGS  # the message layer has words for it


def test_a_closed_list_refuses_a_value_outside_it_naming_the_allowed_codes() -> None:
    with pytest.raises(codecs.Refusal) as info:
        codecs.codec_for(COLUMNS["grade"]).cell("Q", "en")
    assert info.value.params["expected"] == "write.type.choice"
    assert "H, A, B, C" in t("write.type.choice", "en", **info.value.params)


def test_text_longer_than_the_column_allows_is_refused_with_its_length() -> None:
    with pytest.raises(codecs.Refusal) as info:
        codecs.codec_for(COLUMNS["text"]).cell("长" * 2001, "zh")
    assert (info.value.code, info.value.params) == ("write.too_long", {"length": 2001, "limit": 2000})


def test_the_key_canonicaliser_finds_a_date_typed_as_the_reader_reads_it() -> None:
    column = COLUMNS["date"]
    assert {codecs.key(column, v) for v in ("20261103", "2026/11/3", 46329.0, datetime(2026, 11, 3, 9))} == {
        date(2026, 11, 3)
    }
    assert codecs.key(column, "") is None and codecs.key(column, None) is None


# --------------------------------------------------------------------------- the settings sheet

NAME = schema.sheet("settings").column("name")


@pytest.mark.parametrize("typed", ["language", "界面语言", "Language", " LANGUAGE "])
def test_a_setting_is_named_by_its_key_or_label_in_either_language(typed) -> None:
    assert codecs.key(NAME, typed, "settings") == "language"


@LANGS
def test_a_setting_the_writer_adds_is_named_and_noted_in_the_sheets_language(lang) -> None:
    s = schema.SETTINGS_BY_KEY["move_to_duty_day"]
    written = codecs.codec_for(NAME, "settings").cell("move_to_duty_day", lang)
    assert written.value == s.label(lang)
    assert codecs.key(NAME, written.value, "settings") == "move_to_duty_day"
    assert codecs.setting_note("move_to_duty_day", lang) == (s.note_zh if lang == "zh" else s.note_en)


@LANGS
@pytest.mark.parametrize(
    ("key", "typed", "typed_back"),
    [
        ("backup_keep", 20, 20),
        ("backup_keep", "20", 20),
        ("birthday_greeting", True, True),
        ("birthday_greeting", "否", False),
        ("calling_hours_start", "9:00", "09:00"),
        ("language", "en", "en"),
        ("greeting_festivals", ("春节", "中秋节"), ("春节", "中秋节")),
        ("store_name", "星辰汽车4S店", "星辰汽车4S店"),
    ],
)
def test_a_setting_value_written_by_its_type_reads_back_as_typed(key, typed, typed_back, lang) -> None:
    setting = schema.SETTINGS_BY_KEY[key]
    parsed = codecs.parse_setting(setting, codecs.as_read(codecs.setting_cell(setting, typed, lang)))
    assert parsed.accepted and parsed.value == typed_back


@pytest.mark.parametrize(
    ("key", "typed", "code"),
    [("backup_keep", "many", "problem.expect.integer"), ("language", "Klingon", "problem.expect.choice")],
)
def test_a_bad_setting_value_reads_as_not_accepted_with_what_was_expected(key, typed, code) -> None:
    parsed = codecs.parse_setting(schema.SETTINGS_BY_KEY[key], typed)
    assert (parsed.accepted, parsed.code) == (False, code)
