"""The shared sidebar (language, basemap, chain and city filters) and footer, drawn once by the router."""

from __future__ import annotations

import streamlit as st

from geo import Catalogue
from geo.errors import AmbiguousNameError, UnknownNameError
from geo.markup import md_text
from ui import login, state, store_status
from ui.mapview import tianditu_key
from views.i18n import city_label, name, t
from views.memo import per_source


def chain_options(cat: Catalogue) -> dict[str, str]:
    """Chain id -> label in the current language (the cross-city vocabulary)."""
    return dict(_chain_labels(cat, state.lang()))  # a copy: the cached labels stay as they are


@per_source  # once per catalogue and language (views/memo.py)
def _chain_labels(cat: Catalogue, lang: str) -> dict[str, str]:
    chains = cat.industries[cat.industries["system"] == "chain"]
    return {row["id"]: name(row, lang) for _, row in chains.iterrows()}


def draw(cat: Catalogue, notices: list[state.Notice]) -> None:
    lang = state.lang()
    with st.sidebar:
        st.radio(
            t("language", lang),
            ["zh", "en"],
            key="lang",
            horizontal=True,
            format_func=lambda v: {"zh": "中文", "en": "English"}[v],
        )
        lang = state.lang()
        chains = chain_options(cat)
        st.session_state["chains"] = _chosen_chains(cat, chains, lang)
        st.multiselect(t("chains", lang), list(chains), key="chains", format_func=chains.__getitem__)
        st.selectbox(
            t("city", lang),
            ["", "兰州", "白银"],
            key="city",
            format_func=lambda c: city_label(c, lang) if c else t("all", lang),
        )
        st.selectbox(
            t("basemap", lang), list(state.BASEMAPS), key="basemap", format_func=lambda b: t(f"basemap_{b}", lang)
        )
        if state.get("basemap") == "tianditu" and not tianditu_key():
            st.info(t("tianditu_missing_key", lang))
        login.draw(lang)
        store_status.draw(lang)
        for notice in notices:
            st.warning(t(f"url_{notice.kind}", lang, value=md_text(notice.text), n=state.MAX_VALUES))


def _chosen_chains(cat: Catalogue, chains: dict[str, str], lang: str) -> list[str]:
    """The chosen chain ids. A link may name a chain by id, name or part of its name (``?chain=数据``),
    resolved by the one rule :meth:`geo.names.Resolver.resolve_chain`; a part of several chains'
    names is dropped with a warning listing them, an unknown name is dropped."""
    kept = []
    for value in st.session_state.get("chains", []):
        if value in chains:
            kept.append(value)
            continue
        try:
            match = cat.names.resolve_chain(value)
        except AmbiguousNameError as exc:
            listed = ", ".join(f"{c.name_zh if lang == 'zh' else c.name_en} ({c.id})" for c in exc.candidates)
            st.warning(t("url_chain_ambiguous", lang, value=md_text(value), chains=md_text(listed)))
            continue
        except UnknownNameError:
            continue
        if match.id in chains:
            kept.append(match.id)
    return list(dict.fromkeys(kept))


def footer() -> None:
    st.divider()
    st.caption(t("footer", state.lang()))
