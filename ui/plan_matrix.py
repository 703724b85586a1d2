"""The Baiyin page's park × industry matrix (a styled table): drawn once per view, then replayed.

Streamlit turns a pandas Styler into its message cell by cell on every call (about half of the
page's rerun); drawn through :func:`ui.data.drawn` it is built once per catalogue, language and
selection.
"""

from __future__ import annotations

import streamlit as st

from geo import plan as geo_plan
from ui.data import derived, drawn
from views import baiyin as baiyin_view


def show(lang: str, park: str = "", industry: str = "") -> None:
    """The matrix with the selected park's row and industry's column marked, and its column help."""
    drawn(_draw, lang, park, industry)


def _draw(cat, lang: str, park: str, industry: str) -> None:
    plan = derived(geo_plan.read_plan)  # the page's plan object: its labels and frames are cached with it
    st.dataframe(
        baiyin_view.matrix_styler(plan, lang, park, industry),
        column_config={
            col: st.column_config.TextColumn(help=text) for col, text in baiyin_view.column_help(plan, lang).items()
        },
    )
