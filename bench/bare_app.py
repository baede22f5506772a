"""The yardstick for `make loadtest`: a bare Streamlit page with one line of text, one small Vega-Lite chart and
one select box (so a session can make the same kind of change as on Explore: a widget, then a rerun)."""

import streamlit as st

st.write("A bare Streamlit page.")
points = st.selectbox("Points", [3, 6], key="points")
st.vega_lite_chart(
    {
        "data": {"values": [{"x": i, "y": i * i} for i in range(points)]},
        "mark": "bar",
        "encoding": {"x": {"field": "x", "type": "ordinal"}, "y": {"field": "y", "type": "quantitative"}},
    }
)
