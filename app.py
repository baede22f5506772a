"""Back Pain Options: the router. Page config and navigation; each page draws the shared header itself."""

import streamlit as st

st.set_page_config(
    page_title="Back Pain Options",
    page_icon="assets/icon.png",
    layout="wide",
    initial_sidebar_state="collapsed",
)

page = st.navigation(
    [
        st.Page("views/explore.py", title="Explore", url_path="explore", icon=":material/explore:", default=True),
        st.Page("views/compare.py", title="Compare", url_path="compare", icon=":material/compare_arrows:"),
        st.Page("views/priorities.py", title="What matters to me", url_path="priorities", icon=":material/tune:"),
        st.Page("views/claims.py", title="Claims and evidence", url_path="claims", icon=":material/fact_check:"),
        st.Page("views/treatment.py", title="Treatment", url_path="treatment", icon=":material/medication:"),
        st.Page("views/about.py", title="About the evidence", url_path="about", icon=":material/info:"),
    ],
    position="top",
)
page.run()
