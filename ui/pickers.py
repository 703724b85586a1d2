"""Pickers kept in step with the shared selection in the link.

A page's own site picker (the Baiyin park, the Lanzhou zone) starts on the site chosen
elsewhere (the shared "site" URL parameter) when it is one of its options, and choosing a
site in it shares that site back. Both pages call :func:`site_picker`; the widget keys stay theirs.
On the search map a click picks the centre and a drawing picks the shape (session-only).
A picker over more than :data:`SEARCH_THRESHOLD` options (100,000 enterprises) is a text search
returning the top matches (:func:`search_picker`), never a select box listing them all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import streamlit as st

from geo.markup import md_text
from geo.places import clicked_place
from geo.shapes import SearchInputError, parse_drawing
from ui import state

SHARED_SITE = "site"  # the shared state key (and URL parameter) of the chosen site


def site_picker(
    label: str, options: Sequence[str], *, key: str, format_func: Callable[[str], str], container=st
) -> str:
    """A select box of ``options`` (plus "" for none) kept in step with the shared site.

    Parameters
    ----------
    label : str
        The box's label.
    options : sequence of str
        Site ids the page offers.
    key : str
        The widget's session key (kept as each page had it).
    format_func : callable
        Site id ('' for none) -> the text shown.
    container : streamlit container, optional
        Where the box goes (a column, the sidebar); the page by default.

    Returns
    -------
    str
        The chosen site id, or ''.
    """
    shared = state.get(SHARED_SITE)
    if key not in st.session_state and shared in options:
        st.session_state[key] = shared
    return container.selectbox(label, ["", *options], key=key, on_change=_share, args=(key,), format_func=format_func)


def _share(key: str) -> None:
    """Choosing a site here makes it the shared one (choosing none leaves the shared one as it is)."""
    if st.session_state.get(key):
        st.session_state[SHARED_SITE] = st.session_state[key]


SEARCH_THRESHOLD = 1_000  # more options than this: search, do not list
SEARCH_LIMIT = 20  # matches offered at a time


def top_matches(labels: pd.Series, query: str, limit: int = SEARCH_LIMIT) -> list[str]:
    """The ids (``labels``' index) whose label or id contains ``query``, case-insensitive: those starting
    with it first, then the shorter labels; at most ``limit``. An empty query gives the first ``limit``."""
    if limit < 1:
        raise ValueError("limit must be >= 1")
    text = str(query or "").strip().lower()
    if not text:
        return [str(i) for i in labels.index[:limit]]
    low = labels.astype(str).str.lower()
    ids = pd.Series(labels.index.astype(str), index=labels.index).str.lower()
    hit = low.str.contains(text, regex=False) | ids.str.contains(text, regex=False)
    found = low[hit]
    rank = pd.DataFrame({"starts": ~found.str.startswith(text), "length": found.str.len()}, index=found.index)
    return [str(i) for i in rank.sort_values(["starts", "length"], kind="stable").index[:limit]]


def search_picker(
    label: str,
    options: Mapping[str, str] | pd.Series,
    *,
    key: str,
    search_label: str,
    threshold: int = SEARCH_THRESHOLD,
    limit: int = SEARCH_LIMIT,
    container=st,
) -> str:
    """A select box of ``options`` (id -> label, plus "" for none); over ``threshold`` options, a text
    search whose top ``limit`` matches fill the box.

    Parameters
    ----------
    label : the box's label
    options : id -> the text shown (a dict or a Series indexed by id)
    key : the box's session key; the search box is ``key + "-search"``
    search_label : the search box's label
    threshold, limit : see :data:`SEARCH_THRESHOLD`, :data:`SEARCH_LIMIT`
    container : where the widgets go

    Returns
    -------
    str
        The chosen id, or ''.
    """
    labels = options if isinstance(options, pd.Series) else pd.Series(dict(options), dtype=object)
    current = str(st.session_state.get(key) or "")
    if current and current not in labels.index:
        st.session_state[key] = current = ""  # filtered out since it was chosen
    if len(labels) <= threshold:
        ids = [str(i) for i in labels.index]
    else:
        query = container.text_input(search_label, key=f"{key}-search")
        ids = top_matches(labels, query, limit)
        if current and current not in ids:
            ids = [current, *ids]  # the chosen one stays chosen while the search changes
    shown = {i: labels.get(i, i) for i in ids}
    return container.selectbox(
        label, ["", *ids], key=key, format_func=lambda i: "—" if i == "" else str(shown.get(i, i))
    )


# ------------------------------------------------------------------ picking on the search map

SHAPE, SEEN_DRAWING, SEEN_CLICK, PENDING_PLACE, MAP_GENERATION = (
    "_spatial_shape",
    "_spatial_seen_drawing",
    "_spatial_seen_click",
    "_spatial_pending_place",
    "_spatial_map_generation",
)


def apply_clicked_place() -> None:
    """Make a place picked by a map click the "place" choice (before the place widget exists)."""
    if PENDING_PLACE in st.session_state:
        st.session_state["place"] = st.session_state.pop(PENDING_PLACE)


def has_shape() -> bool:
    """Whether a shape drawn on the search map is kept in the session."""
    return SHAPE in st.session_state


def drawn_shape(lang: str):
    """The shape drawn on the map (kept in the session), or None with a warning when it cannot be used."""
    stored = st.session_state.get(SHAPE)
    if not stored:
        return None
    try:
        return parse_drawing(stored["geojson"], gcj02=stored["gcj02"])
    except SearchInputError as exc:
        st.warning(md_text(exc.message(lang)))
        return None


def clear_shape() -> None:
    """Forget the drawn shape; a fresh map (a new generation in its key) drops the drawing."""
    st.session_state.pop(SHAPE, None)
    st.session_state[MAP_GENERATION] = map_generation() + 1


def map_generation() -> int:
    """How many times the search map was started afresh (part of its widget key)."""
    return st.session_state.get(MAP_GENERATION, 0)


def handle_map_events(out: dict, pick: bool, gcj02: bool, lang: str) -> None:
    """A new drawing becomes the shape; a new click (when picking) becomes the centre. Each event once."""
    drawing = out.get("last_active_drawing")
    if drawing and drawing != st.session_state.get(SEEN_DRAWING):
        st.session_state[SEEN_DRAWING] = drawing
        st.session_state[SHAPE] = {"geojson": drawing, "gcj02": gcj02}
        st.rerun()
    click = out.get("last_clicked")
    if click and click != st.session_state.get(SEEN_CLICK):
        st.session_state[SEEN_CLICK] = click
        if pick:
            try:
                st.session_state[PENDING_PLACE] = clicked_place(click, gcj02)
            except SearchInputError as exc:
                st.warning(md_text(exc.message(lang)))
                return
            st.rerun()
