"""View state shared by every page, kept in widget keys and mirrored to the URL.

A copied link reopens the same view: on a session's first run the query string is read
into ``st.session_state`` (values checked; unknown ones dropped with a notice), and
after every run the non-default values are written back to ``st.query_params``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

import streamlit as st

LANGS = ("zh", "en")
BASEMAPS = ("vector", "osm", "tianditu", "gaode")
CITIES = ("", "兰州", "白银")


@dataclass(frozen=True)
class Param:
    """One piece of state: its session key, URL name, default, and how to read it from text."""

    key: str
    url: str
    default: object
    many: bool = False  # a list, comma-separated in the URL
    parse: Callable[[str], object] = str


def _km(text: str) -> float:
    value = float(text)
    if not 0 < value <= 500:
        raise ValueError("radius out of range")
    return value


def _flag(text: str) -> bool:
    """A checkbox in the URL: "1" (on) or "0" (off)."""
    if text not in ("0", "1"):
        raise ValueError("a flag is 0 or 1")
    return text == "1"


def _area(text: str) -> float:
    value = float(text)
    if not 0 <= value < 1e9:  # m² or 亩; a bound, not a measurement
        raise ValueError("area out of range")
    return value


PARAMS: tuple[Param, ...] = (
    Param("lang", "lang", "zh"),
    Param("basemap", "basemap", "vector"),
    Param("chains", "chain", [], many=True),
    Param("city", "city", ""),
    Param("site", "site", ""),
    Param("radius_km", "km", 10.0, parse=_km),
    Param("place", "place", ""),
    Param("area", "area", ""),
    Param("tour", "tour", ""),
    Param("step", "step", 1, parse=int),
    Param("indicator", "indicator", ""),
    Param("include_goals", "goals", False, parse=_flag),  # the chains page: goals and positioning count as hosts
    # the 企业与载体 page (issue 12): view, park, 找地 filters; the compare page's sites
    Param("ent_view", "view", "enterprises"),
    Param("park", "park", ""),
    Param("parcel_types", "ptype", [], many=True),
    Param("parcel_statuses", "pstatus", [], many=True),
    Param("area_unit", "unit", "m2"),
    Param("area_min", "amin", None, parse=_area),
    Param("area_max", "amax", None, parse=_area),
    Param("utilities", "util", [], many=True),
    Param("compare_sites", "sites", [], many=True),
    Param("targets_tab", "tab", "table"),  # the Targets page's open tab (ui.lazy.open_tab)
    Param("chains_tab", "ctab", ""),  # the chains page's open chain tab ("" = the first)
)
CHOICES = {
    "lang": LANGS,
    "basemap": BASEMAPS,
    "city": CITIES,
    "ent_view": ("enterprises", "parcels", "arcs", "columns"),
    "area_unit": ("m2", "mu"),
    "targets_tab": ("table", "charts", "gaps", "scopes", "map"),
}
MAX_VALUES = 20  # per URL parameter: a longer list is cut (a link never needs more; thousands cost seconds)
MAX_CHARS = 100  # per value: every id and name in the data is shorter
SHOWN_CHARS = 60  # of a dropped value, in the notice


@dataclass(frozen=True)
class Notice:
    """Why part of the URL was ignored: ``kind`` is "invalid" or "too_many"; ``text`` is untrusted."""

    kind: str
    text: str


def init() -> list[Notice]:
    """Fill session state from the URL once per session; return notices about values dropped.

    Repeated values of a list are dropped (order kept), a list is cut to :data:`MAX_VALUES`
    and a value longer than :data:`MAX_CHARS` is refused, so no link can crash a page or cost
    the server more than milliseconds.
    """
    notices: list[Notice] = []
    if st.session_state.get("_state_ready"):
        _keep_alive()
        return notices
    query = st.query_params
    for p in PARAMS:
        st.session_state.setdefault(p.key, list(cast("list[str]", p.default)) if p.many else p.default)
        if p.url not in query:
            continue
        try:
            st.session_state[p.key] = _read(p, query.get_all(p.url) if p.many else query[p.url], notices)
        except ValueError:
            notices.append(Notice("invalid", f"{p.url}={_shown(query[p.url])}"))
    st.session_state["_state_ready"] = True
    return notices


def _read(p: Param, raw, notices: list[Notice]):
    if p.many:
        values = list(dict.fromkeys(v for item in raw for v in str(item).split(",") if v))
        if len(values) > MAX_VALUES:
            notices.append(Notice("too_many", p.url))
            values = values[:MAX_VALUES]
        long = [v for v in values if len(v) > MAX_CHARS]
        notices.extend(Notice("invalid", f"{p.url}={_shown(v)}") for v in long)
        return [p.parse(v) for v in values if len(v) <= MAX_CHARS]
    if len(raw) > MAX_CHARS:
        raise ValueError("value too long")
    value = p.parse(raw)
    if p.key in CHOICES and value not in CHOICES[p.key]:
        raise ValueError(value)
    return value


def _shown(raw: str) -> str:
    """The start of an ignored value, for its notice (the sidebar escapes it: it is never markup)."""
    return raw if len(raw) <= SHOWN_CHARS else raw[:SHOWN_CHARS] + "…"


def _keep_alive() -> None:
    """Re-assign shared keys so Streamlit keeps them when their widget is not on this page."""
    for p in PARAMS:
        if p.key in st.session_state:
            st.session_state[p.key] = st.session_state[p.key]


def push_to_url() -> None:
    """Mirror the non-default state into the query string."""
    wanted: dict[str, str | list[str]] = {}
    for p in PARAMS:
        value = st.session_state.get(p.key, p.default)
        if value == p.default or value in ("", None, []):
            continue
        wanted[p.url] = ",".join(map(str, value)) if p.many else _text(value)
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def _text(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return f"{value:g}" if isinstance(value, float) else str(value)


def get(key: str):
    return st.session_state.get(key, default(key))


def default(key: str):
    """The value of ``key`` in a new session with no query string."""
    return next(p.default for p in PARAMS if p.key == key)


def lang() -> str:
    return st.session_state.get("lang", "zh")


def open_site(site_id: str) -> None:
    """Show one site's profile: the handler pages pass for map clicks (``mapview.show(..., on_click=open_site)``)."""
    st.session_state["site"] = site_id
    st.switch_page("app_pages/profile.py")
