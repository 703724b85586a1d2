"""The one way a page draws a pydeck deck: ``st.pydeck_chart`` with a click selecting one object.

Tests replace :data:`pydeck_chart` (as they replace ``ui.mapview.st_folium``) to fake a click.
"""

from __future__ import annotations

import streamlit as st
from streamlit import pydeck_chart

from views.deck import Picked, picked


def show(deck, *, key: str, height: int = 520, clickable: bool = True) -> Picked | None:
    """Draw ``deck``; return the object clicked in it (``Picked(layer, id, kind)``) or None."""
    if not clickable:
        pydeck_chart(deck, height=height, key=key)
        return None
    event = pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key=key, height=height)
    return picked(event)


def newly_picked(hit: Picked | None, seen_key: str) -> Picked | None:
    """``hit`` when it differs from the last click seen under ``seen_key`` (a selection stays in the
    chart's state on every rerun: acting on it once lets other widgets change the choice after)."""
    last = st.session_state.get(seen_key)
    st.session_state[seen_key] = hit
    return hit if hit is not None and hit != last else None
