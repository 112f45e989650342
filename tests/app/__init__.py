"""The app and the command line run whole: pages through Streamlit's AppTest in-process, cli.py and bench as the user runs them."""
