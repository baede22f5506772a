"""The bare page (bare_app.py) served as serve.py serves the app: the same st.App entry, security headers and gzip,
so the load test's yardstick differs from the app only in the script it runs."""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from serve import middleware  # noqa: E402

app = st.App("bare_app.py", middleware=middleware())
