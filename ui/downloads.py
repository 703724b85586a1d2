"""Download widgets: filtered tables (CSV, Excel, GeoJSON, GeoPackage); a site's profile or a chain's brief as PDF and
PowerPoint in Chinese or English, every site's profile as one ZIP, a map as offline HTML.

Documents are made on demand (a button, a spinner), cached for every session, and offered
as a download right away; a missing font or glyph shows its message instead of a traceback.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

from geo import AtlasError
from geo.exports import MEDIA_TYPES, frame_bytes
from geo.reports import export
from ui import data, session
from views.i18n import t, tr

LABELS = {
    "doc_lang": ("文档语言", "Document language"),
    "make": ("生成 {fmt}", "Make {fmt}"),
    "get": ("下载 {fmt}", "Download {fmt}"),
    "making": ("正在生成 {fmt}……", "Making the {fmt}…"),
    "failed": ("无法生成 {fmt}：{error}", "Could not make the {fmt}: {error}"),
    "pdf": ("PDF", "PDF"),
    "pptx": ("PowerPoint", "PowerPoint"),
    "all": ("全部园区档案（ZIP）", "Every site's profile (ZIP)"),
    "all_help": (
        "为全部 {n} 个园区各生成一份 PDF，约需一两分钟。",
        "Makes one PDF for each of the {n} sites; takes a minute or two.",
    ),
    "all_progress": ("正在生成 {done}/{total}：{what}", "Making {done}/{total}: {what}"),
    "all_done": ("已生成 {n} 份档案。", "{n} profiles made."),
    "html": ("离线地图（HTML）", "Offline map (HTML)"),
    "html_help": (
        "单个 HTML 文件，内含地图所需的全部脚本与样式，断网也能打开。",
        "One HTML file holding every script and style the map needs: it opens with no network.",
    ),
}
LANG_NAMES = {"zh": "中文", "en": "English"}


@st.cache_data(max_entries=32, show_spinner=False)
def _made(version: str, role: str, kind: str, item_id: str, lang: str, fmt: str, _cat) -> bytes:
    make = export.profile_bytes if kind == "profile" else export.chain_brief_bytes
    return make(_cat, item_id, lang, fmt)


def _document(kind: str, item_id: str, lang: str, fmt: str) -> bytes:
    """The document made from the session's catalogue: cached per store version and role, never shared across roles."""
    return _made(data.version(), session.role(), kind, item_id, lang, fmt, data.catalogue())


def _document_buttons(kind: str, item_id: str, lang: str) -> None:
    """A language choice and, per format, a 'make' button that turns into the download."""
    doc_lang = st.radio(
        tr(LABELS, "doc_lang", lang),
        list(LANG_NAMES),
        index=list(LANG_NAMES).index(lang),
        format_func=LANG_NAMES.get,
        horizontal=True,
        key=f"doc-lang-{kind}-{item_id}",
    )
    for col, fmt in zip(st.columns(len(export.FORMATS)), export.FORMATS, strict=False):
        label = tr(LABELS, fmt, lang)
        ready = f"_doc-ready-{kind}-{item_id}-{doc_lang}-{fmt}"  # a flag only: the bytes come per role from _document
        with col:
            if not st.session_state.get(ready) and st.button(tr(LABELS, "make", lang, fmt=label), key=f"make-{ready}"):
                with st.spinner(tr(LABELS, "making", lang, fmt=label)):
                    try:
                        _document(kind, item_id, doc_lang, fmt)
                        st.session_state[ready] = True
                    except AtlasError as exc:
                        st.error(tr(LABELS, "failed", lang, fmt=label, error=exc))
            if st.session_state.get(ready):
                st.download_button(
                    tr(LABELS, "get", lang, fmt=label),
                    _document(kind, item_id, doc_lang, fmt),
                    file_name=export.file_name(kind, item_id, doc_lang, fmt),
                    mime=export.MEDIA_TYPES[fmt],
                    key=f"get-{ready}",
                    type="primary",
                )


def profile_downloads(cat, site_id: str, lang: str) -> None:
    """Download buttons for one site's profile sheet (一园一册), PDF and PowerPoint, zh or en."""
    _document_buttons("profile", site_id, lang)


def chain_brief_downloads(cat, chain_id: str, lang: str) -> None:
    """Download buttons for one chain's brief (its sites in both cities and its organizations)."""
    _document_buttons("chain", chain_id, lang)


def all_profiles_download(cat, lang: str) -> None:
    """Every site's profile as PDFs in one ZIP, made with a progress bar."""
    ready = f"_all-profiles-{lang}-{session.role()}"  # made for this role: a logout must not hand it on
    st.caption(tr(LABELS, "all_help", lang, n=len(cat.sites)))
    if ready not in st.session_state and st.button(tr(LABELS, "all", lang), key="make-all-profiles"):
        bar = st.progress(0.0)

        def progress(done: int, total: int, what: str) -> None:
            bar.progress(done / max(total, 1), text=tr(LABELS, "all_progress", lang, done=done, total=total, what=what))

        try:
            st.session_state[ready] = export.all_profiles_zip(cat, lang, "pdf", progress)
            bar.progress(1.0, text=tr(LABELS, "all_done", lang, n=len(cat.sites)))
        except AtlasError as exc:
            st.error(tr(LABELS, "failed", lang, fmt="ZIP", error=exc))
    if ready in st.session_state:
        st.download_button(
            tr(LABELS, "all", lang),
            st.session_state[ready],
            file_name=f"profiles-{lang}.zip",
            mime=export.MEDIA_TYPES["zip"],
            key="get-all-profiles",
            type="primary",
        )


def offline_map_download(make_html: Callable[[], str], file_name: str, lang: str, key: str) -> None:
    """A download of a map as one offline HTML file; ``make_html`` runs only when clicked."""
    st.download_button(
        tr(LABELS, "html", lang),
        lambda: make_html().encode("utf-8"),
        file_name=file_name,
        mime=export.MEDIA_TYPES["html"],
        key=key,
        help=tr(LABELS, "html_help", lang),
    )


TABLE_FORMATS = (("csv", "CSV"), ("xlsx", "Excel"), ("geojson", "GeoJSON"), ("gpkg", "GeoPackage"))
GEO_NOTE = ("GeoJSON 与 GeoPackage 只含有位置的行。", "GeoJSON and GeoPackage hold the located rows only.")


def table_downloads(df, stem: str, lang: str) -> None:
    """One button per format (CSV with BOM, Excel, GeoJSON, GeoPackage); a file is made only when clicked."""
    for col, (fmt, label) in zip(st.columns(len(TABLE_FORMATS)), TABLE_FORMATS, strict=False):
        col.download_button(
            f"{t('download', lang)} {label}",
            data=functools.partial(frame_bytes, df, fmt),
            file_name=f"{stem}.{fmt}",
            mime=MEDIA_TYPES[fmt],
            key=f"dl-{stem}-{fmt}",
            on_click="ignore",
            help=GEO_NOTE[lang != "zh"] if fmt in ("geojson", "gpkg") else None,
        )
