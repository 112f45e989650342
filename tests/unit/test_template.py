"""The new-workbook template: sheets, headers, tables, dropdowns, formats, print setup."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from lxml import etree
from python_calamine import CalamineWorkbook

from tests.support.shared import validation_problems
from workbook import schema
from workbook.cells import col_letter
from workbook.checklist_defaults import ITEMS
from workbook.template import write_workbook

ROOT = Path(__file__).resolve().parents[2]
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def _sheet_xml(path: Path) -> dict[str, etree._Element]:
    """Sheet name -> parsed worksheet XML."""
    with zipfile.ZipFile(path) as z:
        wb = etree.fromstring(z.read("xl/workbook.xml"))
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        out = {}
        for s in wb.find("m:sheets", NS):
            out[s.get("name")] = etree.fromstring(z.read("xl/" + targets[s.get(rid)]))
        return out


def _tables(path: Path) -> dict[str, tuple[str, list[str]]]:
    """Table name -> (ref, column names)."""
    with zipfile.ZipFile(path) as z:
        out = {}
        for name in z.namelist():
            if name.startswith("xl/tables/"):
                root = etree.fromstring(z.read(name))
                cols = [c.get("name") for c in root.find("m:tableColumns", NS)]
                out[root.get("name")] = (root.get("ref"), cols)
        return out


@pytest.mark.parametrize("lang", schema.LANGS)
def test_every_sheet_and_header_is_present_in_the_workbook_language(tmp_path: Path, lang: str) -> None:
    path = write_workbook(tmp_path / "new.xlsx", lang=lang)
    wb = CalamineWorkbook.from_path(str(path))
    for sh in schema.SHEETS:
        rows = wb.get_sheet_by_name(sh.name(lang)).to_python()
        assert rows[0] == [c.header(lang) for c in sh.columns]


@pytest.mark.parametrize("lang", schema.LANGS)
def test_every_sheet_is_an_excel_table_named_after_its_key(tmp_path: Path, lang: str) -> None:
    tables = _tables(write_workbook(tmp_path / "new.xlsx", lang=lang))
    for sh in schema.SHEETS:
        ref, cols = tables[sh.table_name]
        assert cols == [c.header(lang) for c in sh.columns]
        assert ref.startswith("A1:")


def test_settings_are_prefilled_with_documented_defaults_and_overrides(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "new.xlsx", lang="en", settings={"store_name": "Star Motors"})
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Settings").to_python()
    values = {r[0]: r[1] for r in rows[1:]}
    assert len(rows) - 1 == len(schema.SETTINGS)
    assert values["Store name"] == "Star Motors"
    assert values[schema.SETTINGS_BY_KEY["grade_interval_H"].en] == 2
    assert values[schema.SETTINGS_BY_KEY["birthday_greeting"].en] == "Yes"
    assert values["Language"] == "en"


def test_checklist_items_are_prefilled_with_every_ceremony_item(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "new.xlsx", lang="zh")
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("交车检查项").to_python()
    assert [r[0] for r in rows[1:]] == [i.item_id for i in ITEMS]
    phases = {r[1] for r in rows[1:]}
    assert phases == set(schema.choice_list("phase").labels("zh"))
    assert len(ITEMS) >= 35


def test_dropdowns_offer_labels_staff_names_and_yes_no(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "new.xlsx", lang="zh")
    xml = _sheet_xml(path)["接触记录"]
    formulas = [dv.findtext("m:formula1", namespaces=NS) for dv in xml.iter(f"{{{NS['m']}}}dataValidation")]
    assert '"电话,到店,短信/微信,试驾,报价,签约,交车,上门拜访,其他"' in formulas
    assert "StaffNames" in formulas
    assert '"是,否"' in formulas
    assert '"H,A,B,C,O,D,F,Z"' in formulas
    assert '"已接通,未接通,空号/错号"' in formulas  # the contact's outcome
    with zipfile.ZipFile(path) as z:
        names = etree.fromstring(z.read("xl/workbook.xml")).find("m:definedNames", NS)
    defined = {d.get("name"): d.text for d in names}
    assert defined["StaffNames"] == "tbl_staff[姓名]"


def test_a_list_too_long_for_an_inline_dropdown_comes_from_the_hidden_lists_sheet(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "new.xlsx", lang="en")
    xml = _sheet_xml(path)["Contacts"]
    formulas = [dv.findtext("m:formula1", namespaces=NS) for dv in xml.iter(f"{{{NS['m']}}}dataValidation")]
    assert "List_followup_kind" in formulas
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("_lists").to_python()
    assert [r[0] for r in rows] == schema.choice_list("followup_kind").labels("en")


def test_dates_phones_and_codes_are_written_as_excel_expects(tmp_path: Path) -> None:
    data = {
        "customers": [
            {
                "customer_id": "C00001",
                "name": "=SUM(1,2)",
                "sex": "F",
                "phone": 13812345678,
                "consultant": "王芳",
                "source": "walk_in",
                "first_contact": date(2026, 11, 1),
                "grade": "H",
                "budget": 150000,
                "birthday_lunar": True,
            }
        ],
        "deliveries": [
            {
                "delivery_id": "D00001",
                "customer_id": "C00001",
                "consultant": "王芳",
                "scheduled": datetime(2026, 11, 20, 10, 30),
                "status": "planned",
            }
        ],
    }
    path = write_workbook(tmp_path / "new.xlsx", lang="zh", data=data)
    assert _tables(path)["tbl_customers"][0] == f"A1:{col_letter(len(schema.sheet('customers').columns))}2"
    assert _tables(path)["tbl_contacts"][0] == "A1:T2"  # an empty table keeps one blank row
    wb = CalamineWorkbook.from_path(str(path))
    row = wb.get_sheet_by_name("客户").to_python()[1]
    assert row[1] == "=SUM(1,2)" and row[3] == "13812345678" and row[2] == "女" and row[5] == "自然到店"
    assert row[6] == date(2026, 11, 1) and row[8] == "H" and row[10] == 150000 and row[17] == "是"
    assert wb.get_sheet_by_name("交车").to_python()[1][8] == datetime(2026, 11, 20, 10, 30)
    xml = _sheet_xml(path)["客户"]
    assert xml.find(".//m:c[@r='B2']/m:f", NS) is None  # text, never a formula
    with zipfile.ZipFile(path) as z:
        styles = z.read("xl/styles.xml").decode()
    assert 'formatCode="yyyy-mm-dd"' in styles and 'formatCode="yyyy-mm-dd hh:mm"' in styles
    assert 'formatCode="@"' in styles


def test_header_is_frozen_and_print_setup_is_a4_landscape_fit_to_width(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "new.xlsx", lang="zh")
    for name, xml in _sheet_xml(path).items():
        if name == "_lists":
            continue
        pane = xml.find(".//m:pane", NS)
        assert pane is not None and pane.get("state") == "frozen" and pane.get("ySplit") == "1", name
        setup = xml.find("m:pageSetup", NS)
        assert setup.get("paperSize") == "9" and setup.get("orientation") == "landscape", name
        assert setup.get("fitToWidth") is None or setup.get("fitToWidth") == "1"
        assert setup.get("fitToHeight") == "0", name
    with zipfile.ZipFile(path) as z:
        names = etree.fromstring(z.read("xl/workbook.xml")).find("m:definedNames", NS)
    titles = [d for d in names if d.get("name") == "_xlnm.Print_Titles"]
    assert len(titles) == len(schema.SHEETS)


def test_conditional_formats_colour_grades_and_overdue_dates(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "new.xlsx", lang="zh")
    xml = _sheet_xml(path)
    customers = [f.text for f in xml["客户"].iter(f"{{{NS['m']}}}formula")]
    assert '"H"' in customers and '"C"' in customers
    contacts = " ".join(f.text for f in xml["接触记录"].iter(f"{{{NS['m']}}}formula"))
    assert "TODAY()" in contacts and "COUNTIFS" in contacts
    checklist = " ".join(f.text for f in xml["交车检查"].iter(f"{{{NS['m']}}}formula"))
    assert "交车检查项" in checklist


def test_an_existing_file_is_replaced_only_when_the_new_one_is_complete(tmp_path: Path) -> None:
    path = tmp_path / "new.xlsx"
    path.write_bytes(b"old")
    with pytest.raises(ValueError):
        write_workbook(path, lang="zh", settings={"no_such_setting": 1})
    with pytest.raises(ValueError):
        write_workbook(path, lang="zh", data={"custmers": []})
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["new.xlsx"]


def test_same_input_and_creation_time_give_the_same_bytes(tmp_path: Path) -> None:
    when = datetime(2026, 11, 20, 8, 0)
    a = write_workbook(tmp_path / "a.xlsx", lang="zh", created=when).read_bytes()
    b = write_workbook(tmp_path / "b.xlsx", lang="zh", created=when).read_bytes()
    assert a == b


@pytest.mark.parametrize("lang", schema.LANGS)
def test_template_passes_the_ooxml_validator(tmp_path: Path, lang: str) -> None:
    path = write_workbook(tmp_path / "new.xlsx", lang=lang)
    assert validation_problems(path) == []


def test_cli_new_writes_a_workbook_and_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "new.xlsx"
    cmd = [sys.executable, str(ROOT / "cli.py"), "new", str(path), "--lang", "en"]
    assert subprocess.run(cmd, capture_output=True, cwd=ROOT).returncode == 0
    assert "Customers" in CalamineWorkbook.from_path(str(path)).sheet_names
    again = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert again.returncode == 2 and "--force" in again.stderr
    assert subprocess.run([*cmd, "--force"], capture_output=True, cwd=ROOT).returncode == 0
    missing = subprocess.run([*cmd[:3], str(tmp_path / "no" / "such.xlsx")], capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == 2 and "no" in missing.stderr


@pytest.mark.slow
def test_template_opens_in_libreoffice(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "new.xlsx", lang="zh")
    out = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path / "out"),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.returncode == 0, out.stderr
    csv = (tmp_path / "out" / "new.csv").read_text(encoding="utf-8", errors="replace")
    assert csv.splitlines()[0].startswith("客户编号")


def test_more_rows_than_excel_allows_is_refused_not_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbook import template

    monkeypatch.setattr(template, "MAX_ROWS", 3)  # stands for Excel's 1,048,575
    rows = [{"date": date(2026, 11, 20), "consultant": "王芳", "type": "call"} for _ in range(4)]
    with pytest.raises(ValueError, match="contacts"):
        write_workbook(tmp_path / "big.xlsx", lang="zh", data={"contacts": rows})
    assert not (tmp_path / "big.xlsx").exists()
