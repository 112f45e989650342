"""Text from the workbook shown as text: Markdown escaped for Markdown calls, HTML escaped for HTML
blocks, bidi controls removed from both."""

from __future__ import annotations

import re

import pytest

from ui import text

HOSTILE = [
    "**x**",
    ":red[x]",
    "![i](http://e/x.png)",
    "[l](http://e)",
    "<img src=x onerror=alert(1)>",
    "$x$",
    ":material/home:",
    ":smile:",
    "# heading",
    "1. list",
    "`code`",
    "a\\*b",
    "&amp;",
    "http://e.example/x",
    "www.e.example",
    "a@e.example",
]

# A Markdown-special character left without a backslash before it would start markup.
_UNESCAPED = re.compile(r"(?<!\\)[!-/:-@\[-`{-~]")


def _unescape(shown: str) -> str:
    """What a CommonMark reader makes of the escaped text: backslash escapes undone, word joiners dropped."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", shown).replace(text.WORD_JOINER, "")


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markdown_escaping_leaves_no_markup_character_unescaped(hostile):
    shown = text.md(hostile)
    assert _UNESCAPED.findall(re.sub(r"\\[!-/:-@\[-`{-~]", "", shown)) == []


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markdown_escaping_reads_back_as_the_text_typed(hostile):
    assert _unescape(text.md(hostile)) == hostile


@pytest.mark.parametrize("hostile", [":red[x]", ":material/home:", ":smile:", ":100:", ":+1:", ":1st_place_medal:",
                                     "a:b:c", "http://e.example", ":streamlit:"])  # fmt: skip
def test_a_colon_that_could_open_a_shortcode_directive_or_link_is_followed_by_a_word_joiner(hostile):
    shown = text.md(hostile).replace("\\", "")
    assert re.search(r":[\w+-]+:", shown) is None  # Streamlit's emoji and icon pattern
    assert re.search(r":[A-Za-z/\[]", shown) is None  # a directive (`:red[`), an icon or a URL's `://`


def test_a_time_of_day_keeps_its_colon_as_typed():
    assert text.md("09:00-20:00") == r"09\:00\-20\:00"


@pytest.mark.parametrize("hostile", ["www.e.example", "WWW.e.example", "a@e.example"])
def test_bare_web_and_mail_addresses_are_broken_by_a_word_joiner_so_gfm_links_none(hostile):
    shown = text.md(hostile).replace("\\", "")
    assert re.search(r"(?i)www\.|@[\w-]", shown) is None


@pytest.mark.parametrize("hostile", ["a -> b", "a <- b", "a <-> b", "a -- b", "a >= b", "a <= b", "a ~= b"])
def test_arrows_and_dashes_between_spaces_are_kept_from_becoming_symbols(hostile):
    shown = text.md(hostile).replace("\\", "")
    assert re.search(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)", shown) is None  # Streamlit's own rewrite rules


def test_hyphens_inside_numbers_get_no_word_joiner():
    assert text.md("138-0013-8000") == r"138\-0013\-8000"


def test_dollar_signs_are_escaped_so_no_math_is_typeset():
    assert text.md("$x$ and $$y$$") == r"\$x\$ and \$\$y\$\$"


def test_line_breaks_become_single_hard_breaks_so_no_new_block_starts():
    assert text.md("one\r\n\r\n    two\n# three") == "one  \n    two  \n\\# three"


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                                     "\u2069", "\u200e", "\u200f", "\u061c"])  # fmt: skip
def test_bidi_controls_are_removed_for_every_kind_of_call(control):
    name = f"王{control}伟 13800138000"
    assert text.plain(name) == "王伟 13800138000"
    assert text.md(name) == "王伟 13800138000"
    assert text.html_text(name) == "王伟 13800138000"


def test_html_escaping_turns_tags_and_quotes_into_text():
    assert text.html_text('<img src=x onerror="alert(1)">') == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"


def test_missing_values_show_as_nothing():
    assert (text.plain(None), text.md(None), text.html_text(float("nan"))) == ("", "", "")


def test_chinese_text_and_digits_pass_unchanged():
    assert text.md("王伟 13800138000") == "王伟 13800138000"


def test_a_table_for_the_screen_loses_bidi_controls_in_text_cells_only():
    import pandas as pd

    from ui.text import plain_frame

    frame = pd.DataFrame(
        {"name": ["张\u202e伟", None, "李\u2066娜\u2069"], "phone": ["138\u200f0013", "1", "2"], "n": [1, 2, 3]}
    )
    shown = plain_frame(frame)
    assert shown["name"].isna().tolist() == [False, True, False] and shown["name"][[0, 2]].tolist() == ["张伟", "李娜"]
    assert list(shown["phone"]) == ["1380013", "1", "2"]
    assert list(shown["n"]) == [1, 2, 3] and frame.loc[0, "name"] == "张\u202e伟"  # the frame given is not changed
