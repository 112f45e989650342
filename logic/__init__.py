"""Pure rules of the sales floor: no streamlit, no file I/O, `today` always passed in."""
