"""Open-data downloads: the current view and the whole dataset, through our escaped exporters only."""

from __future__ import annotations

import streamlit as st

from backpain.schema import Dataset
from components import cached, state


def open_data(dataset: Dataset, treatment_ids: list[str]) -> None:
    version = dataset.provenance.version
    with st.expander("Download the data (CSV, JSON, Data Package)", icon=":material/download:"):
        st.caption(
            f"Data version {version}. One row per option and kind of back pain; columns are described in "
            "datapackage.json and the README. Licence: CC BY 4.0. In the CSV, text cells that could run as "
            "spreadsheet formulas start with an apostrophe; the JSON holds the text as written."
        )
        view_ids = set(treatment_ids)
        view, everything = st.columns(2)
        view.markdown(f"**This view** ({len(view_ids)} options)")
        view.download_button(
            "CSV", data=lambda: cached.table_csv(view_ids), file_name=f"back-pain-options-view-{version}.csv",
            mime="text/csv", on_click="ignore", key="dl_view_csv", icon=":material/table:",
        )  # fmt: skip
        view.download_button(
            "JSON", data=lambda: cached.table_json(view_ids), file_name=f"back-pain-options-view-{version}.json",
            mime="application/json", on_click="ignore", key="dl_view_json", icon=":material/data_object:",
        )  # fmt: skip
        everything.markdown(f"**Whole dataset** ({len(dataset.treatments)} options)")
        everything.download_button(
            "CSV", data=lambda: cached.table_csv(), file_name=f"back-pain-options-{version}.csv",
            mime="text/csv", on_click="ignore", key="dl_all_csv", icon=":material/table:",
        )  # fmt: skip
        everything.download_button(
            "JSON", data=lambda: cached.table_json(), file_name=f"back-pain-options-{version}.json",
            mime="application/json", on_click="ignore", key="dl_all_json", icon=":material/data_object:",
        )  # fmt: skip
        everything.download_button(
            "datapackage.json", data=cached.package_json, file_name="datapackage.json",
            mime="application/json", on_click="ignore", key="dl_package", icon=":material/description:",
        )  # fmt: skip


def summary_button(dataset: Dataset, treatment_ids: list[str], view, priorities=None, key: str = "dl_summary") -> None:
    """'Download my summary': a one-page PDF for the options shown, in plain words or with clinician detail.

    The PDF offers both, whatever the page's mode: a patient may want the clinician version to hand over.
    """
    plain, detail = st.columns(2)
    for column, clinician, label in (
        (plain, False, "My summary, plain words (PDF)"),
        (detail, True, "My summary, clinician detail (PDF)"),
    ):
        # The address now, while the page runs: the file is made later, when clicked, where the browser's address
        # is no longer known (a relative link would open nothing from paper).
        link = state.sheet_link(view, clinician)
        column.download_button(
            label,
            data=lambda clinician=clinician, link=link: cached.summary(
                treatment_ids, view.filters.indication, clinician=clinician, link=link, priorities=priorities
            ),
            # Named by the kind of back pain too, so summaries for different kinds never overwrite each other.
            file_name=f"back-pain-options-summary-{view.filters.indication.value}-{'clinician' if clinician else 'plain'}.pdf",
            mime="application/pdf",
            on_click="ignore",
            key=f"{key}_{'clinician' if clinician else 'plain'}",
            icon=":material/picture_as_pdf:",
            type="primary" if clinician == (view.mode == "clinician") else "secondary",
            width="stretch",
        )
