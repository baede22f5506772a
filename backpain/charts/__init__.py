"""Chart builders: each takes a pre-aggregated frame and returns an ``alt.Chart`` or its Vega-Lite spec.

One module per chart kind, each owning its data preparation, its template and its table view; ``base``
holds what they share. This module is the registry of the four Explore charts and the public surface.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache

import altair as alt
import pandas as pd

from backpain.charts import effect, evidence_map, guidelines, onset
from backpain.charts.base import (
    CERTAINTY_OPACITY,
    DIRECTION_MARK,
    EFFECT_THRESHOLDS,
    NO_MATCH,
    OKABE_ITO,
    ChartKind,
    _empty_note,
    _records,
    build,
    legends_stacked,
)
from backpain.charts.effect import effect_frame
from backpain.charts.evidence_map import map_positions
from backpain.charts.fit_bars import PRIORITY_DESCRIPTION, priority_bars, priority_frame, priority_spec
from backpain.charts.guidelines import guideline_frame
from backpain.charts.icons import icon_array
from backpain.charts.onset import ONSET_NOTES, ONSET_OTHER_PAIN_NOTE, onset_frame

__all__ = [
    "CERTAINTY_OPACITY", "DIRECTION_MARK", "build_templates", "EFFECT_THRESHOLDS", "EXPLORE_CHARTS", "NO_MATCH", "OKABE_ITO", "PHONE_HEADINGS", "ONSET_NOTES", "PRIORITY_DESCRIPTION",
    "ONSET_OTHER_PAIN_NOTE", "ChartKind", "build", "effect_forest", "effect_frame", "evidence_dependence_map",
    "explore_spec", "guideline_frame", "not_drawn_line", "split_not_drawn", "NOT_DRAWN", "guideline_matrix", "icon_array", "map_positions", "onset_frame", "onset_timeline",
    "priority_bars", "priority_frame", "priority_spec",
]  # fmt: skip

EXPLORE_CHARTS: dict[str, ChartKind] = {
    "map": ChartKind(evidence_map._map_description, evidence_map._map_template, evidence_map._map_prepare, evidence_map.table),
    "onset": ChartKind(onset._onset_description, onset._onset_template, onset._onset_prepare, onset.table),
    "effect": ChartKind(effect._effect_description, effect._effect_template, effect._effect_prepare, effect.table),
    "guidelines": ChartKind(
        guidelines._guideline_description, guidelines._guideline_template, guidelines._guideline_prepare, guidelines.table
    ),
}


# Charts whose phone form has its column headings on a strip of their own, pinned above the rows.
PHONE_HEADINGS = {"guidelines": guidelines.phone_headings}


# Options a chart has no value for are not drawn a row each: they are named together in one line under it.
NOT_DRAWN = {
    "onset": (lambda f: f["onset_max_hours"].isna(), "Onset not known"),
    "effect": (lambda f: f["effect"].isna(), "No pooled estimate"),
}


def split_not_drawn(name: str, frame: pd.DataFrame, rules: Mapping = NOT_DRAWN) -> tuple[pd.DataFrame, list[str], str]:
    """(the rows the chart draws, the names it leaves out, the words that introduce them), by ``rules``."""
    rule = rules.get(name)
    if rule is None:
        return frame, [], ""
    leave_out, words = rule
    mask = leave_out(frame)
    return frame[~mask], list(frame.loc[mask, "name"]), words


def not_drawn_line(words: str, names: list[str]) -> str:
    """'Onset not known (46): Acupuncture, Back belt, …': one line, not a row each."""
    return f"{words} ({len(names)}): " + ", ".join(names)


# The indication appears only in a chart's title and description, so one template per chart and mode serves all
# three indications: built once around this token, which the label then replaces in the JSON text.
_LABEL_TOKEN = "@@indication@@"


@lru_cache(maxsize=32)
def _template_spec(name: str, clinician: bool, phone: bool) -> str:
    spec = EXPLORE_CHARTS[name].template(_LABEL_TOKEN, clinician, phone).to_dict(validate=False)
    return json.dumps(legends_stacked(spec) if phone else spec)


def build_templates() -> None:
    """Build each Explore chart's templates now (once per process), rather than during the first visits."""
    for name in EXPLORE_CHARTS:
        for clinician in (False, True):
            for phone in (False, True):
                _template_spec(name, clinician, phone)


def explore_spec(name: str, frame: pd.DataFrame, indication_label: str, clinician: bool = True, phone: bool = False) -> dict:
    """The Vega-Lite spec of one Explore chart, the same as ``build(...).to_dict()``, in a few ms.

    Only the data and the height are computed per call; the rest comes from a cached template. ``phone``: the
    form for a narrow screen, each row's title on a line above its marks, legends one under another.
    """
    kind = EXPLORE_CHARTS[name]
    if frame.empty:
        return _empty_note(NO_MATCH, kind.description(indication_label)).to_dict(validate=False)
    prepared = kind.prepare(frame, phone)
    label = json.dumps(indication_label)[1:-1]  # as it reads inside a JSON string
    spec = json.loads(_template_spec(name, clinician, phone).replace(_LABEL_TOKEN, label))
    spec["height"] = prepared.height
    spec["datasets"] = {key: _records(data) for key, data in prepared.datasets.items()}
    return spec


def evidence_dependence_map(frame: pd.DataFrame, indication_label: str, clinician: bool = True) -> alt.TopLevelMixin:
    return build(EXPLORE_CHARTS["map"], frame, indication_label, clinician)


def onset_timeline(frame: pd.DataFrame, indication_label: str, clinician: bool = True) -> alt.TopLevelMixin:
    return build(EXPLORE_CHARTS["onset"], frame, indication_label, clinician)


def effect_forest(frame: pd.DataFrame, indication_label: str, clinician: bool = True) -> alt.TopLevelMixin:
    return build(EXPLORE_CHARTS["effect"], frame, indication_label, clinician)


def guideline_matrix(frame: pd.DataFrame, indication_label: str, clinician: bool = True) -> alt.TopLevelMixin:
    return build(EXPLORE_CHARTS["guidelines"], frame, indication_label, clinician)
