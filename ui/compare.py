"""Streamlit glue of the compare page: the sites from the link, small maps, the exports.

The page passes the catalogue as the session may see it; exports are made from the same role's
catalogue (cached per role, sites and language), so a public session's PDF holds public rows only.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import queries as q
from geo.access import visible_catalogue
from geo.compare import MAX_SITES, compare_bytes
from geo.errors import AtlasError
from geo.exports import MEDIA_TYPES
from geo.markup import md_text
from ui import deckview, session
from ui.data import catalogue
from views.deck import points_deck
from views.i18n import name, tr

KEY = "compare_sites"
FORMATS = (("pdf", "PDF"), ("pptx", "PowerPoint"), ("xlsx", "Excel"))
LANG_NAMES = {"zh": "中文", "en": "English"}
LABELS = {
    "pick": ("选择 2–4 个园区", "Choose 2 to 4 sites"),
    "too_few": ("请选择 2 至 4 个园区进行对比。", "Choose two to four sites to compare."),
    "unknown": (
        "链接中的园区不存在或不可见，已忽略：{ids}",
        "The link names sites that do not exist or are not visible; ignored: {ids}",
    ),
    "too_many": ("最多对比 {n} 个园区，已保留前 {n} 个。", "At most {n} sites are compared; the first {n} are kept."),
    "maps": ("位置", "Where they are"),
    "no_point": ("位置未知", "location unknown"),
    "exports": ("导出（会谈用）", "Exports for a meeting"),
    "doc_lang": ("文档语言", "Document language"),
    "make": ("生成 {fmt}", "Make {fmt}"),
    "get": ("下载 {fmt}", "Download {fmt}"),
    "failed": ("无法生成 {fmt}：{error}", "Could not make the {fmt}: {error}"),
}


def requested_sites(cat, lang: str) -> list[str]:
    """The sites asked for (URL ``sites=`` or the picker), checked: unknown ids and any beyond four dropped with a notice."""
    asked = [str(s) for s in st.session_state.get(KEY, [])]
    known = set(cat.sites["id"])
    bad = [s for s in asked if s not in known]
    good = list(dict.fromkeys(s for s in asked if s in known))
    if bad:
        st.warning(tr(LABELS, "unknown", lang, ids=md_text(", ".join(bad))))
    if len(good) > MAX_SITES:
        st.warning(tr(LABELS, "too_many", lang, n=MAX_SITES))
        good = good[:MAX_SITES]
    st.session_state[KEY] = good
    return good


def picker(cat, lang: str) -> list[str]:
    """The 2–4 site picker (shared key, mirrored to ``?sites=``)."""
    names = {row["id"]: name(row, lang) for _, row in cat.sites.iterrows()}
    st.multiselect(
        tr(LABELS, "pick", lang), list(names), key=KEY, max_selections=MAX_SITES, format_func=names.__getitem__
    )
    return list(st.session_state[KEY])


def small_maps(cat, site_ids: list[str], lang: str) -> None:
    """One small deck per site: the site and its parks, as points (a site with no point says so)."""
    st.subheader(tr(LABELS, "maps", lang))
    for col, site_id in zip(st.columns(len(site_ids)), site_ids, strict=True):
        family = cat.sites[cat.sites["id"].isin(q.site_family(cat, site_id))]
        located = family[family.geometry.notna()]
        title = name(cat.sites.set_index("id").loc[site_id], lang)
        with col:
            st.caption(md_text(title))
            if located.empty:
                st.caption(tr(LABELS, "no_point", lang))
                continue
            rows = pd.DataFrame(
                {
                    "id": located["id"].values,
                    "label": [name(r, lang) for _, r in located.iterrows()],
                    "lon": located.geometry.x.values,
                    "lat": located.geometry.y.values,
                }
            )
            deckview.show(points_deck(cat, rows, lang=lang), key=f"compare-map-{site_id}", height=260, clickable=False)


@st.cache_data(max_entries=16, show_spinner=False)
def _document(site_ids: tuple[str, ...], lang: str, fmt: str, role: str) -> bytes:
    return compare_bytes(visible_catalogue(catalogue(), role), list(site_ids), lang, fmt)


def downloads(site_ids: list[str], lang: str) -> None:
    """PDF, PowerPoint and Excel of the comparison in either language, made on request."""
    st.subheader(tr(LABELS, "exports", lang))
    doc_lang = st.radio(
        tr(LABELS, "doc_lang", lang),
        list(LANG_NAMES),
        index=list(LANG_NAMES).index(lang),
        format_func=LANG_NAMES.get,
        horizontal=True,
        key="compare-doc-lang",
    )
    ids, role = tuple(site_ids), session.role()
    for col, (fmt, label) in zip(st.columns(len(FORMATS)), FORMATS, strict=True):
        ready = f"_compare-ready-{'-'.join(ids)}-{doc_lang}-{fmt}-{role}"
        with col:
            if not st.session_state.get(ready) and st.button(tr(LABELS, "make", lang, fmt=label), key=f"make-{ready}"):
                try:
                    _document(ids, doc_lang, fmt, role)
                    st.session_state[ready] = True
                except AtlasError as exc:
                    st.error(tr(LABELS, "failed", lang, fmt=label, error=md_text(str(exc))))
            if st.session_state.get(ready):
                st.download_button(
                    tr(LABELS, "get", lang, fmt=label),
                    _document(ids, doc_lang, fmt, role),
                    file_name=f"compare-{'-'.join(ids)}-{doc_lang}.{fmt}",
                    mime=MEDIA_TYPES[fmt],
                    key=f"get-{ready}",
                    type="primary",
                )
