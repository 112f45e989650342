"""What counts as an ID in a column: "PREFIX digits", the prefix's letters in either case, ASCII digits,
and XML's blanks (space, tab, CR, LF) around, nothing else.

One rule for every place that looks for IDs: the reader's highest ID (`highest_id`, which the app hands
the writer), the writer's quick search of the shared strings and inline text, its read of a whole
column, and its test of whether a sheet's compressed middle can hold an ID. Were one of them to accept
more (Python's `\\d` takes full-width digits, `\\s` an ideographic space, a case-blind pattern the Kelvin
sign for "K"), the next ID would depend on which path found it, and the app's own view of a write
would differ from the file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

BLANKS = r"[ \t\r\n]*"


def case_blind(prefix: str) -> str:
    """An ID prefix as a pattern that ignores its letters' case (re.I on the prefix alone: a
    case-blind pattern as a whole loses the regex engine's literal search)."""
    return "".join(f"[{ch.lower()}{ch.upper()}]" if ch.isalpha() else re.escape(ch) for ch in prefix)


def id_text(prefix: str, digits: str = "[0-9]+") -> str:
    """The rule as a pattern (text; `markup.byte_pattern` compiles it for a part's bytes) whose one
    group is the digits; `digits` narrows them (a pattern of ASCII digits, e.g. "0*42")."""
    return f"{BLANKS}{case_blind(prefix)}({digits}){BLANKS}"


def id_number(text: str, prefix: str) -> tuple[int, int] | None:
    """(number, digits) of `text` when it is a "PREFIX digits" ID, else None."""
    m = re.fullmatch(id_text(prefix), text)
    return (int(m.group(1)), len(m.group(1))) if m is not None else None


def highest_id(cells: Sequence[object], prefix: str) -> tuple[int, int]:
    """(number, digits) of the highest ID among `cells` (texts; anything else is skipped), (0, 0) for none.
    The reader gives it any text that reads so (a formula's text, a character reference): never lower
    than what the writer's searches find."""
    match = re.compile(id_text(prefix)).fullmatch
    best = (0, 0)
    for cell in cells:
        if type(cell) is str and (m := match(cell)) is not None:
            digits = m.group(1)
            found = (int(digits), len(digits))
            if found > best:
                best = found
    return best
