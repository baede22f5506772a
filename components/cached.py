"""Every cached loader lives here, so there is one place that decides what is shared between sessions."""

from __future__ import annotations

import streamlit as st

from backpain import charts, labels
from backpain.load import DataError, default_data_dir, load_dataset
from backpain.query import overview_frame
from backpain.schema import Dataset, Indication


@st.cache_resource(show_spinner=False, max_entries=2)
def _dataset_for(directory: str) -> Dataset:
    # Parsed once per process and data folder. cache_resource hands every session the same
    # object instead of unpickling a copy on each rerun; that is safe because Dataset is frozen.
    return load_dataset(directory)


def dataset() -> Dataset:
    """The curated dataset, or a clear message naming the file, record and field, and a stop."""
    directory = str(default_data_dir())
    try:
        return _dataset_for(directory)
    except DataError as exc:
        st.error("The treatment data could not be loaded, so nothing is shown. A curator needs to fix:")
        st.code("\n".join(str(p) for p in exc.problems[:50]), language=None)
        st.stop()


@st.cache_data(show_spinner=False, max_entries=1024)
def chart_spec(chart: str, indication: str, treatment_ids: tuple[str, ...]) -> dict:
    """A Vega-Lite spec for one Explore chart, per indication and set of matching options.

    Building a spec with Altair takes tens of milliseconds; people flip between a few filter
    states, so each distinct state is built once per process. The spec is skipped through
    schema validation here because tests/test_charts.py validates every builder on the real data.
    """
    data = _dataset_for(str(default_data_dir()))
    chosen = [t for t in data.treatments if t.id in set(treatment_ids)]
    frame = overview_frame(chosen, Indication(indication))
    build = charts.EXPLORE_CHARTS[chart]
    return build(frame, labels.INDICATION[Indication(indication)]).to_dict(validate=False)
