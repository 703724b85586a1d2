"""View state shared by every page, kept in widget keys and mirrored to the URL.

A copied link reopens the same view: on a session's first run the query string is read
into ``st.session_state`` (values checked; unknown ones dropped with a notice), and
after every run the non-default values are written back to ``st.query_params``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

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
)
CHOICES = {"lang": LANGS, "basemap": BASEMAPS, "city": CITIES}


def init() -> list[str]:
    """Fill session state from the URL once per session; return notices about values dropped."""
    notices: list[str] = []
    if st.session_state.get("_state_ready"):
        _keep_alive()
        return notices
    query = st.query_params
    for p in PARAMS:
        st.session_state.setdefault(p.key, list(p.default) if p.many else p.default)
        if p.url not in query:
            continue
        try:
            st.session_state[p.key] = _read(p, query.get_all(p.url) if p.many else query[p.url])
        except ValueError:
            notices.append(f"{p.url}={query[p.url]!r}")
    st.session_state["_state_ready"] = True
    return notices


def _read(p: Param, raw):
    if p.many:
        values = [v for item in raw for v in str(item).split(",") if v]
        return [p.parse(v) for v in values]
    value = p.parse(raw)
    if p.key in CHOICES and value not in CHOICES[p.key]:
        raise ValueError(value)
    return value


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
    return f"{value:g}" if isinstance(value, float) else str(value)


def get(key: str):
    default = next(p.default for p in PARAMS if p.key == key)
    return st.session_state.get(key, default)


def lang() -> str:
    return st.session_state.get("lang", "zh")


def open_site(site_id: str) -> None:
    """Show one site's profile (used by map clicks and buttons on every page)."""
    st.session_state["site"] = site_id
    st.switch_page("app_pages/profile.py")
