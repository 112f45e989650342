"""Text from the workbook, a lock file, the journal or a path, made to show exactly as typed.

Streamlit renders Markdown (with its own `:red[...]`, `:material/icon:` and emoji shortcodes, `$`
math, links and images) in st.markdown, st.caption, st.info/warning/error/success, st.toast and
every label (buttons, expanders, tabs, metrics, widgets); st.html shows HTML. A customer called
`**VIP**` or `![x](http://host/x.png)` must read as those characters, not as bold or a remote image.
Use `md` for the first kind of call, `html_text` inside HTML blocks, and `plain` where Streamlit
shows text literally (selectbox options, tables) but a right-to-left override would still reorder
what is shown next to it. Translated templates are not escaped: only the values filled into them.
"""

from __future__ import annotations

import html
import math
import re

import pandas as pd

# Embedding, override and isolate controls and the implicit marks: invisible, they reorder the
# characters around them (a U+202E in a name reverses the phone number shown after it).
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# CommonMark lets every ASCII punctuation character be escaped with a backslash; escaping all of
# them covers emphasis, links, images, HTML tags, entities, lists, headings, tables and `$` math.
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")

# Emoji shortcodes (`:smile:`), Streamlit's icons (`:material/home:`) and bare links (`http://`) are
# matched in the text after escapes are undone, so an escaped colon still makes one; an invisible
# word joiner after a colon that could open one keeps it from matching. A colon that opens only
# digits and dashes (`09:00-20:00`) is no shortcode unless it is one of the few all-digit emoji.
WORD_JOINER = "\u2060"
_OPENING_COLON = re.compile(r":(?=[A-Za-z_/\[]|[\w+-]*[A-Za-z_][\w+-]*:|(?:100|1234|[+-]1):)")

_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")

# Rewrites Streamlit makes in the text after escapes are undone, each kept from matching by a word
# joiner: GFM's bare `www.` links and e-mail links, and its arrows and dashes (`->` shown as →).
_AFTER_ESCAPES = re.compile(r"(?i:\bwww)(?=\.)|@|(?<!\S)(?:<(?=->)|[-<>~](?=[-=>]?(?:\s|$)))")


def plain(value: object) -> str:
    """Text as the workbook holds it, without bidi controls; "" for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return BIDI_CONTROLS.sub("", str(value))


def plain_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for st.dataframe / st.data_editor with bidi controls taken out of its text cells (each
    cell is shown literally, but an override would still reverse the characters in it)."""
    texts = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    if not texts:
        return frame
    out = frame.copy()
    for c in texts:
        out[c] = frame[c].map(lambda v: BIDI_CONTROLS.sub("", v) if isinstance(v, str) else v)
    return out


def md(value: object) -> str:
    """Text for a Markdown-rendering call (st.markdown, st.warning, a label ...) that shows literally."""
    joined = _AFTER_ESCAPES.sub(lambda m: m.group(0) + WORD_JOINER, plain(value))
    escaped = _ASCII_PUNCTUATION.sub(r"\\\1", _OPENING_COLON.sub(":" + WORD_JOINER, joined))
    # each run of line breaks becomes one hard break: lines stay lines, and no blank line starts a new block
    return _LINE_BREAKS.sub("  \n", escaped)


def html_text(value: object) -> str:
    """Text for an HTML block (st.html), tags and quotes escaped; "" for a missing value."""
    return html.escape(plain(value), quote=True)
