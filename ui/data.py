"""The one place the app loads data: once per process, shared by every session."""

from __future__ import annotations

import importlib

import streamlit as st

from geo import AtlasError, Catalogue
from geo.stores import open_catalogue
from views.i18n import t


@st.cache_resource(show_spinner=False)
def catalogue() -> Catalogue:
    return open_catalogue()


def catalogue_or_stop(lang: str = "zh") -> Catalogue:
    """The catalogue, or a clear message (with every problem listed) and a stopped page."""
    try:
        return catalogue()
    except AtlasError as exc:
        st.error(t("data_error", lang))
        with st.expander("details / 详情"):
            st.code(str(exc), language=None)
        st.stop()


@st.cache_resource(max_entries=256, show_spinner=False)
def _derived(func: str, args: tuple, kwargs: tuple):
    module, name = func.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)(catalogue(), *args, **dict(kwargs))


def derived(func, *args, **kwargs):
    """``func(catalogue, *args, **kwargs)``, computed once per process for the same arguments.

    For tables and figures derived from the (read-only) catalogue; arguments must be hashable.
    Callers must not mutate what they get back.
    """
    return _derived(f"{func.__module__}.{func.__qualname__}", tuple(args), tuple(sorted(kwargs.items())))


def clear_caches() -> None:
    """Forget the loaded catalogue and everything derived from it (after the data changed)."""
    catalogue.clear()
    _derived.clear()
