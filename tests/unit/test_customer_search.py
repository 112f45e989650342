"""Finding a customer by name, phone digits or ID, and who owns a phone by first contact (logic.customer_search)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from logic.customer_search import phone_owner, read_query, same_phone, search


def customers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["C0001", "C0002", "C0012", pd.NA, "C0005"],
            "name": ["王建国", "Anna Li", "王芳", "张三", "JOHANNA"],
            "phone": ["138 1234 5678", "13900001111", "13700002222", "13600003333", "+86 150-0000-4444"],
            "consultant": ["李娜", "赵敏", "李娜", "赵敏", "赵敏"],
            "grade": ["B", "A", "H", "C", "B"],
            "first_contact": pd.to_datetime(["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05"]),
        }
    )


def contacts(rows: list[tuple[str, str, str | None, bool]] | None = None) -> pd.DataFrame:
    rows = rows or [
        ("C0001", "2026-11-01", "10:00", False),
        ("C0001", "2026-11-15", "11:00", True),  # voided: counts for nothing
        ("C0012", "2026-11-10", None, False),
    ]
    return pd.DataFrame(
        {
            "customer_id": [r[0] for r in rows],
            "date": pd.to_datetime([r[1] for r in rows]),
            "time": [r[2] for r in rows],
            "void": [r[3] for r in rows],
        }
    )


def names(query: str) -> list[str]:
    return search(customers(), contacts(), query).rows["name"].tolist()


def test_a_name_is_found_by_any_part_of_it():
    assert sorted(names("王")) == ["王建国", "王芳"]
    assert names("建国") == ["王建国"]


def test_latin_names_are_found_in_any_case():
    assert sorted(names("anna")) == ["Anna Li", "JOHANNA"]
    assert names("LI") == ["Anna Li"]


def test_a_name_found_whole_comes_before_one_found_inside_a_longer_name():
    assert names("johanna") == ["JOHANNA"]
    assert names("Anna") == ["Anna Li", "JOHANNA"]


@pytest.mark.parametrize("query", ["5678", "1234 5678", "138-1234", "12345678", "8123"])
def test_four_or_more_digits_anywhere_in_a_formatted_phone_find_it(query):
    assert names(query) == ["王建国"]


def test_the_digits_after_a_country_code_find_the_phone():
    assert names("4444") == ["JOHANNA"]


@pytest.mark.parametrize("query", ["567", "13", "1 2 3"])
def test_fewer_than_four_digits_find_nothing_and_say_so(query):
    found = search(customers(), contacts(), query)
    assert found.how == "few_digits" and found.total == 0 and found.rows.empty


@pytest.mark.parametrize("query", ["C0012", "c0012", "C12", " c12 "])
def test_a_customer_id_finds_that_card(query):
    found = search(customers(), contacts(), query)
    assert found.how == "id" and found.rows["customer_id"].tolist() == ["C0012"]


def test_an_unknown_id_or_name_finds_nothing():
    assert search(customers(), contacts(), "C9999").total == 0
    assert search(customers(), contacts(), "李四").total == 0


def test_an_empty_query_finds_nothing():
    assert read_query("   ") == ("empty", "")
    assert search(customers(), contacts(), "").total == 0


def test_a_card_without_an_id_is_found_and_opened_by_its_phone():
    found = search(customers(), contacts(), "张三")
    assert found.rows["ref"].tolist() == ["#13600003333"]


def test_results_carry_consultant_grade_and_the_last_contact_not_voided():
    row = search(customers(), contacts(), "王建国").rows.iloc[0]
    assert (row["phone"], row["consultant"], row["grade"]) == ("138 1234 5678", "李娜", "B")
    assert row["last_contact"] == date(2026, 11, 1)


def test_results_list_the_most_recently_contacted_first_and_count_the_rest():
    found = search(customers(), contacts(), "王", limit=1)
    assert found.rows["name"].tolist() == ["王芳"] and found.total == 2 and found.more == 1


def test_a_mobile_is_the_same_with_or_without_chinas_country_code():
    assert same_phone("+86 138 1234 5678") == same_phone("0086-13812345678") == same_phone("13812345678")
    assert same_phone("862112345678") == "862112345678"  # not a mobile after 86: kept whole


def test_the_owner_of_a_phone_is_the_consultant_with_the_earliest_first_contact():
    cust = pd.concat(
        [customers(), pd.DataFrame({"customer_id": ["C0020"], "name": ["王建国"], "phone": ["13812345678"],
                                    "consultant": ["赵敏"], "grade": ["C"],
                                    "first_contact": pd.to_datetime(["2026-09-01"])})],
        ignore_index=True,
    )  # fmt: skip
    con = contacts([("C0001", "2026-10-01", "09:00", False), ("C0020", "2026-10-01", "09:30", False)])
    owner = phone_owner(cust, con, "+86 138-1234-5678", managers=["王经理"])
    assert owner is not None
    assert (owner.owner, owner.ref, owner.name, owner.tie) == ("李娜", "C0001", "王建国", False)
    assert owner.cards == ["C0001", "C0020"]


def test_a_voided_first_contact_does_not_make_an_owner():
    cust = pd.concat(
        [customers(), pd.DataFrame({"customer_id": ["C0020"], "name": ["王"], "phone": ["13812345678"],
                                    "consultant": ["赵敏"], "grade": ["C"],
                                    "first_contact": pd.to_datetime(["2026-10-01"])})],
        ignore_index=True,
    )  # fmt: skip
    con = contacts([("C0001", "2026-09-01", "09:00", True), ("C0001", "2026-10-02", "09:00", False),
                    ("C0020", "2026-10-01", "18:00", False)])  # fmt: skip
    owner = phone_owner(cust, con, "13812345678")
    assert owner is not None and owner.owner == "赵敏" and owner.ref == "C0020"


def test_a_tie_between_two_consultants_goes_to_the_manager():
    cust = pd.concat(
        [customers(), pd.DataFrame({"customer_id": ["C0020"], "name": ["王"], "phone": ["13812345678"],
                                    "consultant": ["赵敏"], "grade": ["C"],
                                    "first_contact": pd.to_datetime(["2026-10-01"])})],
        ignore_index=True,
    )  # fmt: skip
    con = contacts([("C0001", "2026-10-01", "09:00", False), ("C0020", "2026-10-01", "09:00", False)])
    owner = phone_owner(cust, con, "13812345678", managers=["王经理"])
    assert owner is not None and owner.tie and owner.owner == "王经理"


def test_a_card_without_contacts_counts_from_its_first_contact_day():
    owner = phone_owner(customers(), contacts([("C0002", "2026-11-01", "09:00", False)]), "13700002222")
    assert owner is not None and owner.owner == "李娜" and owner.ref == "C0012"


def test_a_phone_no_card_holds_has_no_owner():
    assert phone_owner(customers(), contacts(), "13199998888") is None
    assert phone_owner(customers(), contacts(), "12") is None


def test_a_phone_typed_with_chinas_country_code_finds_the_card_typed_without_it():
    assert names("+86 138 1234 5678") == ["王建国"]
