"""`st.data_editor` the safe way: a versioned key, so a save starts a fresh editor (streamlit issue 7749).

Feeding an edited frame back through session state loses every second edit; instead the
page keeps showing the frame read from the file, and after a save `reset(key)` (or
`ui.session.write(ops, clears=[key])`) gives the widget a new key. Pending edits count as
unsaved, so the auto-refresh waits for them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ui.text import plain_frame

_VERSIONS = "_ui_editor_versions"
_SHOWN = "_ui_editors"  # the widget keys of the editors shown, whose pending edits count as unsaved


def widget_key(key: str) -> str:
    """The current widget key behind the stable page key `key`."""
    return f"{key}__v{st.session_state.get(_VERSIONS, {}).get(key, 0)}"


def reset(key: str) -> None:
    """Start the editor `key` afresh on the next run (after a save, or to discard edits)."""
    versions = st.session_state.setdefault(_VERSIONS, {})
    old = widget_key(key)
    versions[key] = versions.get(key, 0) + 1
    st.session_state.get(_SHOWN, set()).discard(old)


def editor(df: pd.DataFrame, key: str, **kwargs: Any) -> pd.DataFrame:
    """Show `df` in a data editor under the stable page key `key`; returns the edited frame."""
    wkey = widget_key(key)
    st.session_state.setdefault(_SHOWN, set()).add(wkey)
    return st.data_editor(plain_frame(df), key=wkey, **kwargs)


def any_pending() -> bool:
    """Whether any editor shown in this session holds edits not yet written."""
    for k in st.session_state.get(_SHOWN, set()):
        state = st.session_state.get(k)
        if isinstance(state, dict) and any(state.get(p) for p in ("edited_rows", "added_rows", "deleted_rows")):
            return True
    return False
