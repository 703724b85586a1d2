"""Banners the router draws above every page (once per run)."""

from __future__ import annotations

import streamlit as st

from geo.load import Catalogue
from views.i18n import tr
from views.memo import per_source

LABELS = {
    "synthetic": (
        "⚠️ 合成数据：当前数据目录含有为基准测试生成的合成企业与载体（标为“合成”），并非真实数据，仅供性能测试，不得用于决策或招商。",
        "⚠️ Synthetic data: this data folder holds synthetic enterprises and sites made for benchmarks "
        "(marked [SYNTHETIC]). They are not real: for benchmarks only, never for decisions or investors.",
    )
}


def synthetic(cat: Catalogue, lang: str) -> None:
    """Say that the data are synthetic when the catalogue holds synthetic rows (``python -m geo synth``)."""
    if _is_synthetic(cat):
        st.warning(tr(LABELS, "synthetic", lang))


@per_source  # once per catalogue object (views/memo.py): it scans the enterprise tables on every call
def _is_synthetic(cat: Catalogue) -> bool:
    return cat.is_synthetic
