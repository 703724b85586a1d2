"""Streamlit glue of the 企业与载体 page: the filters, the four deck views, the detail panels.

The page (``app_pages/enterprises.py``) passes the catalogue as the session's role may see it
(:func:`ui.data.catalogue`); :func:`ui.data.hidden_rows` counts what is hidden. Filters live in
shared state keys (``chains`` from the sidebar; ``park``, ``area``, ``parcel_types`` … here),
which :mod:`ui.state` mirrors to the URL. A click on the deck opens an enterprise or 载体 in a
detail panel, lists a hexagon's enterprises, or offers the clicked park's profile.
"""

from __future__ import annotations

import weakref

import pandas as pd
import streamlit as st

from geo.deck_data import link_arcs
from geo.enterprise_queries import PARCEL_STATUSES, PARCEL_TYPES, STATUS_LABELS, TYPE_LABELS, EnterpriseQuery
from geo.errors import AtlasError
from geo.hexbin import in_cell
from geo.markup import md_text
from ui import deckview, pickers, session, state
from ui.data import catalogue, hidden_rows
from ui.tables import table
from views import enterprises as ev
from views.deck import BINS_LAYER, OUTLINES_LAYER, POINTS_LAYER
from views.i18n import name
from views.spatial import area_options

SELECTED = {"enterprises": "ent_selected", "parcels": "parcel_selected"}
GAP_INDICATOR = "gap_indicator"  # the columns view's indicator (wording|unit), this session only
BIN_ROWS = 200  # enterprises listed for a clicked hexagon


def place_filters(cat, lang: str) -> tuple[str, str]:
    """The park and area pickers (shared keys ``park`` and ``area``); returns (site id, area code)."""
    parks = {"": ev.label("any_park", lang), **ev.site_names(cat, lang)}
    areas = area_options(cat, lang)
    areas[""] = ev.label("any_area", lang)
    for key, known in (("park", parks), ("area", areas)):
        if st.session_state.get(key, "") not in known:
            st.session_state[key] = ""  # a link naming an unknown park or area: no filter
    left, right = st.columns(2)
    left.selectbox(ev.label("park", lang), list(parks), key="park", format_func=parks.__getitem__)
    right.selectbox(ev.label("area", lang), list(areas), key="area", format_func=areas.__getitem__)
    return state.get("park"), state.get("area")


def hidden_note(lang: str) -> None:
    """Say how many enterprises the session's role does not see (none: nothing said)."""
    hidden = hidden_rows("enterprises")
    if hidden > 0:
        st.info(ev.label("hidden", lang, n=hidden))


# ------------------------------------------------------------------ enterprises


@st.cache_resource(max_entries=32, show_spinner=False)
def _enterprises_found(catalogue_id: int, role: str, chains: tuple, site_id: str, area_code: str, lang: str):
    """(rows, deck, description) of a filter, for a role; shared by sessions (100,000 rows bin in ~0.5 s).

    ``catalogue_id`` is ``id(ui.data.catalogue())``: a reloaded catalogue makes new entries (the weak
    reference returned last tells a reused id from the same catalogue)."""
    cat = catalogue()  # already the role's (ui.data); ``role`` keys the cache
    query = EnterpriseQuery(chains=chains, site_id=site_id or None, area_code=area_code or None)
    rows = query.run(cat)
    return rows, ev.enterprise_deck(cat, rows, lang), query.describe(cat, lang), weakref.ref(cat)


def _found(role: str, chains: tuple, site_id: str, area_code: str, lang: str):
    full = catalogue()
    found = _enterprises_found(id(full), role, chains, site_id, area_code, lang)
    if found[3]() is not full:  # made from an earlier catalogue that lived at the same address
        _enterprises_found.clear()
        found = _enterprises_found(id(full), role, chains, site_id, area_code, lang)
    return found[:3]


def enterprises_view(cat, lang: str, site_id: str, area_code: str) -> None:
    """Enterprises on the sidebar's chains, in the park and area: the deck, a click's panel, the search."""
    chains = tuple(state.get("chains"))
    rows, deck, described = _found(session.role(), chains, site_id, area_code, lang)
    st.caption(ev.label("found", lang, what=md_text(described), n=len(rows)))
    st.caption(ev.label("threshold", lang, n=ev.POINTS_THRESHOLD))
    hit = deckview.newly_picked(deckview.show(deck, key="deck-enterprises"), "_ent_seen")
    if hit is not None and hit.layer == POINTS_LAYER:
        st.session_state[SELECTED["enterprises"]] = hit.id
    if hit is not None and hit.layer == BINS_LAYER:
        st.session_state["_ent_bin"] = hit.id
    _outline_panel(cat, hit, lang, "ent")
    _bin_listing(cat, rows, lang)
    labels = pd.Series((rows["name_zh"] if lang == "zh" else rows["name_en"]).values, index=rows["id"].values)
    labels = labels.where(labels != "", pd.Series(rows["name_zh"].values, index=rows["id"].values))
    chosen = pickers.search_picker(
        ev.label("open", lang),
        labels,
        key=SELECTED["enterprises"],
        search_label=ev.label("search", lang, n=len(labels)),
    )
    if chosen:
        _enterprise_panel(cat, rows[rows["id"] == chosen].iloc[0], lang)


def _bin_listing(cat, rows: pd.DataFrame, lang: str) -> None:
    bin_id = st.session_state.get("_ent_bin")
    if not bin_id:
        return
    try:
        inside = rows[in_cell(rows["lon"].to_numpy(float), rows["lat"].to_numpy(float), bin_id)]
    except AtlasError:
        return
    st.caption(ev.label("bin", lang, n=len(inside), shown=min(len(inside), BIN_ROWS)))
    table(ev.enterprise_table(cat, inside.head(BIN_ROWS), lang), lang)


def _enterprise_panel(cat, row, lang: str) -> None:
    with st.container(border=True):
        st.subheader(md_text(name(row, lang)))
        for label, value in ev.enterprise_lines(cat, row, lang):
            st.markdown(f"**{label}**: {md_text(value)}")
        _park_link(cat, row["site_id"], lang, key=f"ent-park-{row['id']}")


def _park_link(cat, site_id: str, lang: str, key: str) -> None:
    if not site_id or site_id not in set(cat.sites["id"]):
        st.caption(ev.label("no_park", lang))
        return
    site_name = ev.site_names(cat, lang)[site_id]
    st.button(ev.label("profile", lang, name=md_text(site_name)), key=key, on_click=_open_profile, args=(site_id,))


def _open_profile(site_id: str) -> None:
    st.session_state["site"] = site_id
    st.session_state["_goto_profile"] = True


def follow_profile_link() -> None:
    """Switch to the profile when a button asked for it (a callback cannot switch pages itself)."""
    if st.session_state.pop("_goto_profile", False):
        state.open_site(st.session_state["site"])


# ------------------------------------------------------------------ 载体 (找地)


def parcels_view(cat, lang: str, site_id: str, area_code: str) -> None:
    """The 找地 filter over 载体: type, status, area range (m² or 亩), utilities; map and table."""
    if cat.parcels is None or cat.parcels.empty:
        st.info(ev.label("no_parcels", lang))
        return
    query = _parcel_query(lang, site_id, area_code)
    try:
        rows = query.run(cat)
    except AtlasError as exc:
        st.warning(md_text(str(exc)))
        return
    st.caption(ev.label("found", lang, what=md_text(query.describe(cat, lang)), n=len(rows)))
    hit = deckview.newly_picked(deckview.show(ev.parcel_deck(cat, rows, lang), key="deck-parcels"), "_parcel_seen")
    if hit is not None and hit.layer == POINTS_LAYER:
        st.session_state[SELECTED["parcels"]] = hit.id
    _outline_panel(cat, hit, lang, "parcel")
    chosen = st.session_state.get(SELECTED["parcels"])
    if chosen in set(rows["id"]):
        row = rows[rows["id"] == chosen].iloc[0]
        with st.container(border=True):
            st.subheader(md_text(name(row, lang)))
            for label, value in ev.parcel_lines(cat, row, lang):
                st.markdown(f"**{label}**: {md_text(value)}")
            _park_link(cat, row["site_id"], lang, key=f"parcel-park-{row['id']}")
    table(ev.parcel_table(cat, rows, lang), lang, key="parcel-table")


def _parcel_query(lang: str, site_id: str, area_code: str):
    for key, known in (
        ("parcel_types", PARCEL_TYPES),
        ("parcel_statuses", PARCEL_STATUSES),
        ("utilities", ev.UTILITY_KEYS),
    ):
        st.session_state[key] = [v for v in st.session_state.get(key, []) if v in known]
    kinds, statuses = st.columns(2)
    kinds.multiselect(
        ev.label("type", lang),
        list(PARCEL_TYPES),
        key="parcel_types",
        format_func=lambda k: ev.choice_label(TYPE_LABELS, k, lang),
    )
    statuses.multiselect(
        ev.label("status", lang),
        list(PARCEL_STATUSES),
        key="parcel_statuses",
        format_func=lambda k: ev.choice_label(STATUS_LABELS, k, lang),
    )
    unit, low, high, utilities = st.columns([1, 1, 1, 2])
    unit.radio(
        ev.label("unit", lang), list(ev.UNITS), key="area_unit", format_func=lambda u: ev.label(f"unit_{u}", lang)
    )
    low.number_input(ev.label("min_area", lang), min_value=0.0, value=None, step=100.0, key="area_min")
    high.number_input(ev.label("max_area", lang), min_value=0.0, value=None, step=100.0, key="area_max")
    utilities.multiselect(
        ev.label("utilities", lang),
        list(ev.UTILITY_KEYS),
        key="utilities",
        format_func=lambda u: ev.label(f"utility_{u}", lang),
    )
    unit_key = state.get("area_unit")
    low_m2, high_m2 = (ev.area_in_m2(state.get(k), unit_key) for k in ("area_min", "area_max"))
    if low_m2 is not None and high_m2 is not None and low_m2 > high_m2:
        low_m2, high_m2 = high_m2, low_m2  # typed the wrong way round: the range is what was meant
    return ev.parcel_query(
        state.get("chains"),
        site_id,
        area_code,
        state.get("parcel_types"),
        state.get("parcel_statuses"),
        low_m2,
        high_m2,
        state.get("utilities"),
    )


# ------------------------------------------------------------------ arcs, columns


def arcs_view(cat, lang: str) -> None:
    """Links as arcs; a click on an arc offers the profile of the site it points to."""
    arcs = link_arcs(cat)
    skipped = sum(arcs.skipped.values())
    if skipped:
        st.caption(ev.label("arcs_skipped", lang, n=skipped))
    hit = deckview.newly_picked(deckview.show(ev.link_deck(cat, lang), key="deck-arcs"), "_arc_seen")
    if hit is not None:
        st.session_state["_arc_site"] = hit.id
    _site_panel(cat, st.session_state.get("_arc_site"), lang, "arc")


def columns_view(cat, lang: str) -> None:
    """Target (grey) vs latest actual (red) per zone, one indicator at a time; a click offers the zone's profile."""
    gaps, unlocated = ev.gaps(cat)
    if gaps.empty:
        st.info(ev.label("no_gaps", lang))
        return
    options = ev.indicator_options(gaps, lang)
    if st.session_state.get(GAP_INDICATOR) not in options:  # not the targets page's "indicator": other ids
        st.session_state[GAP_INDICATOR] = next(iter(options))
    st.selectbox(ev.label("indicator", lang), list(options), key=GAP_INDICATOR, format_func=options.__getitem__)
    if unlocated:
        st.caption(ev.label("gaps_unlocated", lang, n=unlocated))
    deck = ev.gap_deck(cat, gaps, st.session_state[GAP_INDICATOR], lang)
    hit = deckview.newly_picked(deckview.show(deck, key="deck-columns"), "_column_seen")
    if hit is not None:
        st.session_state["_column_site"] = hit.id
    _site_panel(cat, st.session_state.get("_column_site"), lang, "column")


def _outline_panel(cat, hit, lang: str, where: str) -> None:
    """A click on a site's outline offers that site's profile, until another outline is clicked."""
    kept = f"_{where}_outline_site"
    if hit is not None and hit.layer == OUTLINES_LAYER:
        st.session_state[kept] = hit.id
    _site_panel(cat, st.session_state.get(kept), lang, f"{where}-outline")


def _site_panel(cat, site_id, lang: str, where: str) -> None:
    if site_id and site_id in set(cat.sites["id"]):
        _park_link(cat, site_id, lang, key=f"{where}-park-{site_id}")
