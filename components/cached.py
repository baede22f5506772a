"""Every cached loader lives here, so there is one place that decides what is shared between sessions."""

from __future__ import annotations

import streamlit as st

from backpain.load import DataError, default_data_dir, load_dataset
from backpain.schema import Dataset


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


@st.cache_data(show_spinner=False, max_entries=2)
def reading_grades(directory: str) -> list:
    """Reading grades of all patient text, computed once per process and data folder (about 0.1 s)."""
    import textstat

    from backpain.report import reading_grades as grade_all

    return grade_all(_dataset_for(directory), textstat.flesch_kincaid_grade)
