"""Back Pain Options: the router, and the frame every page shares.

The safety text comes first and needs no data, so a person always sees the red flags and
"not medical advice", even when the data cannot be loaded or a page fails.
"""

import streamlit as st

from components import cached, layout, state
from views import present

st.set_page_config(
    page_title="Back Pain Options",
    page_icon="assets/icon.png",
    layout="wide",
    initial_sidebar_state="collapsed",
)

pages = [
    st.Page("views/explore.py", title="Explore", url_path="explore", icon=":material/explore:", default=True),
    st.Page("views/compare.py", title="Compare", url_path="compare", icon=":material/compare_arrows:"),
    st.Page("views/priorities.py", title="What matters to me", url_path="priorities", icon=":material/tune:"),
    st.Page("views/claims.py", title="Claims and evidence", url_path="claims", icon=":material/fact_check:"),
    st.Page("views/treatment.py", title="Treatment", url_path="treatment", icon=":material/medication:"),
    st.Page("views/about.py", title="About the evidence", url_path="about", icon=":material/info:"),
]
page = st.navigation(pages, position="top")

presenting = state.requested_mode() == "present"
# Each page its own tab title, so a screen reader, the history and the tabs tell them apart.
st.set_page_config(page_title=layout.page_title(page.title, presenting))
st.html(layout.PAGE_CSS)
top = st.container()
safety_slot = st.empty()
with safety_slot.container():
    layout.safety_text(compact=presenting)
if not presenting:
    layout.urgent_bar()

data = cached.dataset()
if data is None:
    with top:
        layout.title()
    # Without data there is nothing else to read: the full red flags, open.
    with safety_slot.container():
        layout.safety_text(compact=False, full=True)
    layout.data_unavailable()
    st.stop()

view = state.load_view(data)
if not presenting:
    with top:
        layout.header(view)
        layout.page_links(pages, view)
layout.notices(state.pop_notices(), presenting)

if presenting:
    present.render(data, view)
else:
    page.run()
    layout.share_link()
state.apply_rejoined_changes()
