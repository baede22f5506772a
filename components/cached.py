"""Every cached loader and generated file lives here, so one place decides what sessions share.

Nothing here uses Streamlit's caches. A browser can ask the server to clear those (the "Clear
caches" message), for every user at once; with the dataset and the generated files kept in
process-wide caches instead, such a request cannot make everyone wait while they are rebuilt.
The cached objects are shared by every session at once, so they are immutable: a frozen Dataset,
bytes and strings.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache

import pandas as pd
from streamlit.dataframe_util import convert_anything_to_arrow_bytes

from backpain import charts, labels
from backpain.load import DataError, default_data_dir, load_dataset
from backpain.opendata import datapackage_json
from backpain.query import overview_frame
from backpain.schema import Dataset, Indication
from backpain.slides import export_png, export_svg, png_with_footer, svg_with_footer
from backpain.summary_pdf import summary_pdf
from backpain.tabular import dataset_rows, rows_to_csv, rows_to_json

log = logging.getLogger("backpain.app")

# How many different generated files of each kind are kept (a PDF is about 40 KB, a slide PNG about 300 KB).
FILES_KEPT = 32


@lru_cache(maxsize=2)
def _load(directory: str) -> Dataset | DataError:
    # A failure is kept too: broken data is reported once, not re-read on every rerun of every session.
    try:
        return load_dataset(directory)
    except DataError as exc:
        log.error("The data in %s could not be loaded (%d problems):\n%s", directory, len(exc.problems), exc)
        return exc


def data_dir() -> str:
    return str(default_data_dir())


def dataset() -> Dataset | None:
    """The curated dataset, or None when it cannot be loaded (the problems are in the log and `make validate`)."""
    loaded = _load(data_dir())
    return loaded if isinstance(loaded, Dataset) else None


def warm_up() -> None:
    """Load the dataset and build the charts' templates before the first visit (serve.py does this at start-up)."""
    if dataset() is not None:
        charts.build_templates()


@lru_cache(maxsize=2)
def reading_grades(directory: str) -> tuple:
    """Reading grades of all patient text, computed once per process and data folder (about 0.1 s)."""
    import textstat

    from backpain.report import reading_grades as grade_all

    loaded = _load(directory)
    return tuple(grade_all(loaded, textstat.flesch_kincaid_grade)) if isinstance(loaded, Dataset) else ()


@lru_cache(maxsize=FILES_KEPT * 4)
def _overview(directory: str, ids: tuple[str, ...], indication: Indication) -> pd.DataFrame:
    by_id = {t.id: t for t in _load(directory).treatments}
    return overview_frame([by_id[i] for i in ids], indication)


def overview(ids: Sequence[str], indication: Indication) -> pd.DataFrame:
    """``overview_frame`` of these options, in their order: the same filters give the same frame for every session.

    The frame is shared by every session at once: read it, or change a copy, never the frame itself.
    """
    return _overview(data_dir(), tuple(ids), indication)


@lru_cache(maxsize=FILES_KEPT * 16)
def _chart_rows(
    directory: str, name: str, ids: tuple[str, ...], indication: Indication
) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    drawn, not_drawn, words = charts.split_not_drawn(name, _overview(directory, ids, indication))
    return tuple(drawn["id"]), tuple(not_drawn), words


def chart_rows(name: str, ids: Sequence[str], indication: Indication) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """``charts.split_not_drawn`` for these options, as ids: (the ids drawn, the names not drawn, their words)."""
    return _chart_rows(data_dir(), name, tuple(ids), indication)


@lru_cache(maxsize=FILES_KEPT * 4)
def _explore_spec(directory: str, name: str, ids: tuple[str, ...], indication: Indication, clinician: bool, phone: bool) -> str:
    frame = _overview(directory, ids, indication)
    return json.dumps(charts.explore_spec(name, frame, labels.INDICATION_CHART[indication], clinician, phone))


def explore_spec(name: str, ids: Sequence[str], indication: Indication, clinician: bool, phone: bool = False) -> dict:
    """One Explore chart for these options, in their order; the same filters give the same chart for every session."""
    # A fresh dict each call: the caller may add to it, and the cached text must stay as it was.
    return json.loads(_explore_spec(data_dir(), name, tuple(ids), indication, clinician, phone))


@lru_cache(maxsize=FILES_KEPT * 4)
def _drawn_spec(
    directory: str, name: str, ids: tuple[str, ...], indication: Indication, clinician: bool, phone: bool
) -> tuple[str, tuple[tuple[str, bytes], ...]]:
    spec = json.loads(_explore_spec(directory, name, ids, indication, clinician, phone))
    datasets = spec.pop("datasets", {})
    # What st.vega_lite_chart does to each named dataset on every run, done once: the same function, the same bytes.
    return json.dumps(spec), tuple((key, convert_anything_to_arrow_bytes(rows)) for key, rows in datasets.items())


def drawn_spec(name: str, ids: Sequence[str], indication: Indication, clinician: bool, phone: bool = False) -> dict:
    """``explore_spec`` as ``st.vega_lite_chart`` takes it, each named dataset already in Arrow IPC bytes.

    Streamlit turns a dataset given as rows into Arrow bytes on every run (a DataFrame, then Arrow: most of the
    server's time for a chart), and passes bytes through as they are; the chart sent is byte for byte the same.
    """
    text, datasets = _drawn_spec(data_dir(), name, tuple(ids), indication, clinician, phone)
    spec = json.loads(text)  # a fresh dict each call: Streamlit takes the datasets out of the one it is given
    if datasets:
        spec["datasets"] = dict(datasets)
    return spec


# --- generated files: the same view gives the same file, so a second click costs nothing ---------


# Each key names the data folder, so a process (or a test) that switches folders never gets another folder's file.
@lru_cache(maxsize=FILES_KEPT)
def _summary(
    directory: str,
    ids: tuple[str, ...],
    indication: Indication,
    clinician: bool,
    link: str,
    priorities: tuple,
    today: date,
    with_claims: bool,
) -> bytes:
    return summary_pdf(
        _load(directory), ids, indication, clinician=clinician, permalink=link, priorities=dict(priorities) or None,
        today=today, with_claims=with_claims,
    )  # fmt: skip


def summary(
    ids: Sequence[str],
    indication: Indication,
    *,
    clinician: bool,
    link: str,
    priorities: Mapping[str, str] | None,
    with_claims: bool = False,
) -> bytes:
    return _summary(
        data_dir(), tuple(ids), indication, clinician, link, tuple((priorities or {}).items()), date.today(), with_claims
    )


@lru_cache(maxsize=FILES_KEPT)
def _slide(spec_json: str, kind: str, footer: str) -> bytes | str:
    spec = json.loads(spec_json)
    return png_with_footer(export_png(spec), footer) if kind == "png" else svg_with_footer(export_svg(spec), footer)


def slide_png(spec: dict, footer: str) -> bytes:
    return _slide(json.dumps(spec, sort_keys=True), "png", footer)


def slide_svg(spec: dict, footer: str) -> str:
    return _slide(json.dumps(spec, sort_keys=True), "svg", footer)


@lru_cache(maxsize=FILES_KEPT)
def _table(directory: str, ids: tuple[str, ...] | None, kind: str) -> str:
    rows = dataset_rows(_load(directory), None if ids is None else set(ids))
    return rows_to_csv(rows) if kind == "csv" else rows_to_json(rows)


def table_csv(ids: Sequence[str] | None = None) -> str:
    return _table(data_dir(), None if ids is None else tuple(sorted(ids)), "csv")


def table_json(ids: Sequence[str] | None = None) -> str:
    return _table(data_dir(), None if ids is None else tuple(sorted(ids)), "json")


@lru_cache(maxsize=2)
def _package(directory: str) -> str:
    return datapackage_json(_load(directory))


def package_json() -> str:
    return _package(data_dir())
