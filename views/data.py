"""The one place the app loads data: once per process, shared by every session."""
from __future__ import annotations

import streamlit as st

from geo import AtlasError, Catalogue, load_catalogue
from views.i18n import t


@st.cache_resource(show_spinner=False)
def catalogue() -> Catalogue:
    return load_catalogue()


def catalogue_or_stop(lang: str = "zh") -> Catalogue:
    """The catalogue, or a clear message (with every problem listed) and a stopped page."""
    try:
        return catalogue()
    except AtlasError as exc:
        st.error(t("data_error", lang))
        with st.expander("details / 详情"):
            st.code(str(exc), language=None)
        st.stop()
