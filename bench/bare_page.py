"""A Streamlit page of three elements, the browser benchmark's reference (`bare_streamlit`): not part of the app.

It opens the way the app does (`streamlit run`, this project's `.streamlit/config.toml`, a fresh browser
context) and draws a title, one `st.html` block and a text area: what opening any Streamlit page costs on
this machine, in this browser. The app's own open (`open`) is read beside it; what lies between the two is
the app's: its start, its workbook and its morning page. No workbook is read and nothing of the app is
imported.
"""

import streamlit as st

st.title("早会")
st.html('<div class="bare-page">早会 · 排班 · 跟进</div>')
st.text_area("备注", key="bare_note")
