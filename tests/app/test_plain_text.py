"""A workbook whose names, checklist items and lock-file user look like Markdown or HTML and carry a
right-to-left override: every page shows that text as typed (escaped for Markdown calls and labels,
HTML-escaped in HTML blocks), and no bidi control reaches the page."""

from __future__ import annotations

import pytest

from tests.support.apptest_helpers import TODAY, app_test
from tests.support.hostile import HOSTILE_HOLDER, HOSTILE_HOST, MARKUP, RLO, markup_workbook
from ui.text import md

PAGES = ["due", "morning", "evening", "deliveries", "health", "hot", "plan_actual"]
MARKDOWN_TYPES = {"markdown", "caption", "warning", "info", "error", "success", "toast", "title", "subheader",
                  "header", "exception"}  # fmt: skip


@pytest.fixture(scope="module")
def hostile_workbook(tmp_path_factory):
    return markup_workbook(tmp_path_factory.mktemp("hostile") / "hostile.xlsx", "zh", TODAY)


def _shown(at) -> tuple[list[str], list[str], list[str]]:
    """(texts rendered as Markdown, HTML blocks, plain texts such as options) of the whole app."""
    markdown, html, plain = [], [], []

    def walk(node) -> None:
        children = node.children.values() if isinstance(node.children, dict) else node.children
        for el in children:
            kind = getattr(el, "type", "")
            if isinstance(getattr(el, "label", None), str):
                markdown.append(el.label)  # every label (widgets, expanders, tabs, metrics) is Markdown
            if kind in MARKDOWN_TYPES:
                markdown.append(str(el.value))
            elif kind == "table":  # st.table renders Markdown in its cells
                markdown.extend(str(v) for v in el.value.to_numpy().ravel())
            elif kind == "html":
                html.append(str(el.value))
            if kind in ("selectbox", "multiselect", "radio"):
                plain.extend(str(o) for o in el.options)
            if hasattr(el, "children"):
                walk(el)

    walk(at._tree)
    return markdown, html, plain


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_hostile_workbook_text_shows_as_typed_on_every_page_and_the_sidebar(page, lang, hostile_workbook, tmp_path,
                                                                              monkeypatch):  # fmt: skip
    at = app_test(monkeypatch, tmp_path, hostile_workbook, page=f"pages/{page}.py", lang=lang, timeout=180)
    assert not at.exception, at.exception
    markdown, html, plain = _shown(at)

    raw = [(m, text) for text in markdown for m in (*MARKUP, HOSTILE_HOLDER, f"{HOSTILE_HOST}") if m in text]
    assert raw == []  # each piece would render as markup (bold, red, an image, a link, math, an icon)
    assert [h for h in html if f"<img src=http://{HOSTILE_HOST}" in h or "<b>B</b>" in h] == []
    assert [t for t in (*markdown, *html, *plain) if RLO in t] == []
    # the lock holder is named in the sidebar, escaped rather than dropped
    assert any(md(HOSTILE_HOLDER) in text for text in markdown)


def test_hostile_names_reach_the_due_cards_html_escaped_and_the_call_script_markdown_escaped(
    hostile_workbook, tmp_path, monkeypatch
):
    at = app_test(monkeypatch, tmp_path, hostile_workbook, page="pages/due.py", lang="zh", timeout=180)
    _markdown, html, _ = _shown(at)
    assert any(f"&lt;img src=http://{HOSTILE_HOST}/y.png onerror=alert(1)&gt;" in h for h in html)
    scripts = [h for h in html if 'class="due-script"' in h]
    assert any("hostile.example" in h for h in scripts)  # the script names the consultant, as text


def test_checklist_items_are_escaped_in_the_tick_boxes_labels(hostile_workbook, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, hostile_workbook, page="pages/deliveries.py", lang="zh", timeout=180)
    labels = [c.label for c in at.checkbox]
    assert any(md(MARKUP[0])[:6] in label for label in labels)  # `\*\*粗` of an item named **粗体**...
    assert not any(MARKUP[0] in label or RLO in label for label in labels)


def test_a_rejected_change_s_reason_from_the_journal_is_shown_as_typed_in_the_sidebar(tmp_path, monkeypatch):
    from tests.support.sample import make_sample
    from workbook import journal

    wb = make_sample(tmp_path / "store.xlsx", "zh")
    journal.reject(wb, {"op": "x"}, "write.no_sheet", {"sheet": MARKUP[2]})
    journal.reject(wb, {"op": "y"}, f"**{HOSTILE_HOST}**", {})  # a code this version does not know
    at = app_test(monkeypatch, tmp_path, wb, page="pages/health.py", lang="zh")
    captions = [c.value for c in at.sidebar.caption]
    assert any(md(MARKUP[2]) in c for c in captions)
    assert any(md(f"**{HOSTILE_HOST}**") in c for c in captions)
    assert not any(MARKUP[2] in c or f"**{HOSTILE_HOST}" in c for c in captions)
