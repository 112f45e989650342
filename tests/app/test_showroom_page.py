"""The front desk's page: a visit logged in a few taps, signed out, an anonymous visit taken over by a card."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.support.apptest_helpers import TODAY, app_test
from workbook.reading import read_workbook

PAGE = "pages/showroom.py"


def _log(path: Path) -> pd.DataFrame:
    return read_workbook(path, today=TODAY).frames["showroom_log"]


def _desk(path: Path) -> str:
    staff = read_workbook(path, today=TODAY).frames["staff"]
    return str(staff.loc[staff["role"].eq("front_desk"), "name"].iloc[0])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_front_desk_page_shows_todays_traffic_and_the_visitors_still_in(
    monkeypatch, tmp_path, sample_workbook, lang
):
    at = app_test(monkeypatch, tmp_path, sample_workbook, page=PAGE, lang=lang)
    assert not at.exception
    still = [b for b in at.button if b.key and b.key.startswith("showroom_left_")]
    assert len(still) == 2  # the sample's last two visitors of the morning have not left
    log = _log(sample_workbook)
    todays = set(log.loc[log["date"].dt.date.eq(TODAY), "visit_id"])
    assert todays and any(set(df.value["visit_id"]) == todays for df in at.dataframe)


def test_a_visit_with_a_customers_phone_is_logged_linked_to_that_card(monkeypatch, tmp_path, sample_workbook):
    wb = read_workbook(sample_workbook, today=TODAY)
    card = wb.frames["customers"].drop_duplicates("phone", keep=False).iloc[0]
    before = len(_log(sample_workbook))
    at = app_test(monkeypatch, tmp_path, sample_workbook, page=PAGE, lang="zh", actor=_desk(sample_workbook))
    at.text_input(key="showroom_time_in").input("10:25")
    at.text_input(key="showroom_phone").input(str(card["phone"]))
    at.selectbox(key="showroom_consultant").select(str(card["consultant"]))
    at.checkbox(key="showroom_test_drive").check()
    at.button(key="FormSubmitter:showroom_entry-登记").click().run()
    assert not at.exception
    log = _log(sample_workbook)
    assert len(log) == before + 1
    row = log.iloc[-1]
    assert (row["time_in"], row["kind"], row["customer_id"], bool(row["test_drive"])) == (
        "10:25",
        "visit",
        card["customer_id"],
        True,
    )
    assert row["recorded_by"] == _desk(sample_workbook)


def test_a_visitor_is_signed_out_with_one_tap(monkeypatch, tmp_path, sample_workbook):
    at = app_test(monkeypatch, tmp_path, sample_workbook, page=PAGE, lang="en", actor=_desk(sample_workbook))
    button = next(b for b in at.button if b.key and b.key.startswith("showroom_left_"))
    visit_id = button.key.removeprefix("showroom_left_")
    button.click().run()
    assert not at.exception
    log = _log(sample_workbook).set_index("visit_id")
    assert pd.notna(log.at[visit_id, "time_out"])


def test_a_card_made_later_takes_over_an_anonymous_visit_of_today(monkeypatch, tmp_path, sample_workbook):
    at = app_test(monkeypatch, tmp_path, sample_workbook, page=PAGE, lang="en", actor=_desk(sample_workbook))
    box = next(s for s in at.selectbox if s.key and s.key.startswith("showroom_card_"))
    visit_id = box.key.removeprefix("showroom_card_")
    card = box.options[1]
    box.select_index(1).run()
    at.button(key=f"showroom_link_{visit_id}").click().run()
    assert not at.exception
    log = _log(sample_workbook).set_index("visit_id")
    customers = read_workbook(sample_workbook, today=TODAY).frames["customers"].set_index("customer_id")
    linked = log.at[visit_id, "customer_id"]
    assert pd.notna(linked) and str(customers.at[linked, "name"]) in card


def test_a_visit_without_a_name_asks_who_is_writing_when_nobody_is_acting(monkeypatch, tmp_path, sample_workbook):
    before = len(_log(sample_workbook))
    at = app_test(monkeypatch, tmp_path, sample_workbook, page=PAGE, lang="en")
    at.button(key="FormSubmitter:showroom_entry-Log it").click().run()
    assert not at.exception
    assert len(_log(sample_workbook)) == before
    assert any("who" in w.value.lower() or "pick" in w.value.lower() for w in at.warning)
