"""Expanders and tabs whose content is built and sent only while the user looks at it.

Streamlit runs and sends every element of a closed expander or a hidden tab on every rerun
(a filter change re-sent each park's tables on the Baiyin page). The containers made here track
their state (``on_change="rerun"``): opening one reruns the page, and the page fills only what
is open. Usage::

    from ui import lazy

    with (box := lazy.expander("全部对应关系", key="by_links")):
        if box.open:
            st.dataframe(...)

    shown, tab = lazy.open_tab({"table": "表格", "map": "地图"}, key="targets_tab")
    with tab:
        if shown == "table":
            ...

A tab is chosen by a language-independent id kept in ``st.session_state[key]`` (a plain key, so
it survives a filter change, a language switch and a visit to another page; list it in
:data:`ui.state.PARAMS` to mirror it to the URL).
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st
from streamlit.elements.lib.mutable_expander_container import ExpanderContainer
from streamlit.elements.lib.mutable_tab_container import TabContainer


def expander(label: str, key: str, *, expanded: bool = False) -> ExpanderContainer:
    """An ``st.expander`` whose ``.open`` says whether its content should be built.

    Parameters
    ----------
    label : the heading (markdown)
    key : a session key unique on the page; ``st.session_state[key] = True`` opens it
    expanded : open when first shown (a change of it, like a change of ``label``, starts afresh)
    """
    if not key:
        raise ValueError("a lazy expander needs a key")
    return st.expander(label, expanded=expanded, key=key, on_change="rerun")


def open_tab(labels: Mapping[str, str], key: str) -> tuple[str, TabContainer]:
    """Tabs for ``labels`` (id -> label); returns the open tab's id and its container.

    The other tabs stay empty until chosen. An id in ``st.session_state[key]`` that is not among
    ``labels`` (a chain no longer chosen) falls back to the first tab, without being replaced: the
    tab opens again if its chain is chosen again, and a link keeps what it says.

    Parameters
    ----------
    labels : tab id -> its label, in order; labels must be unique and non-empty
    key : the session key holding the open tab's id
    """
    if not labels:
        raise ValueError("tabs need at least one label")
    if len(set(labels.values())) != len(labels) or not all(labels.values()):
        raise ValueError("tab labels must be unique and non-empty")
    ids = list(labels)
    wanted = st.session_state.get(key)
    shown: str = wanted if isinstance(wanted, str) and wanted in labels else ids[0]
    widget = f"_{key}_tabs"
    if st.session_state.get(widget) != labels[shown]:  # before the widget exists: a new label set, a link
        st.session_state[widget] = labels[shown]
    containers = st.tabs(list(labels.values()), key=widget, on_change=_chosen, args=(dict(labels), key, widget))
    return shown, containers[ids.index(shown)]


def _chosen(labels: dict[str, str], key: str, widget: str) -> None:
    """Tab callback: keep the chosen tab's id (not its label, which follows the language)."""
    label = st.session_state.get(widget)
    st.session_state[key] = next((i for i, text in labels.items() if text == label), next(iter(labels)))


def keep(*keys: str) -> None:
    """Keep the values of widgets that this run may not draw (they sit in a closed tab or expander).

    Streamlit forgets a widget's value after a run that does not draw it; a value re-assigned
    through session state is kept (as :func:`ui.state.init` does for the shared keys).
    """
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
