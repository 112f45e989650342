"""What a phone's narrow screen needs on every page: thumb-sized controls, and the sidebar folded after a move.

Streamlit folds its sidebar on a phone when a page is chosen from its own menu, not when the script moves to
another page (the sidebar's customer search): the sidebar then stays open over the results. A script in the
page folds it once after such a move, on narrow screens only.
"""

from __future__ import annotations

import streamlit as st

from ui.styles import stylesheet

_SHOWN_PAGE = "ui_phone_page"  # the page the last run showed, to see a move
_MOVES = "ui_phone_moves"

# only a phone's width: at a desk the sidebar is beside the page, not over it
_FOLD = """<script>/* move {n} */
if (window.matchMedia("(max-width: 640px)").matches) {{
  const bar = document.querySelector('[data-testid="stSidebar"][data-collapsed="false"]');
  const fold = bar && bar.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (fold) fold.click();
}}
</script>"""


def render(page: str) -> None:
    """Draw the narrow-screen style and, after this session moved to `page` from another page, fold the sidebar."""
    before = st.session_state.get(_SHOWN_PAGE)
    st.session_state[_SHOWN_PAGE] = page
    with st.sidebar:
        st.html(stylesheet("phone"))
        if before is not None and before != page:
            moves = st.session_state.get(_MOVES, 0) + 1
            st.session_state[_MOVES] = moves  # a new script each move: an unchanged element is not rerun
            st.html(_FOLD.format(n=moves), unsafe_allow_javascript=True)
