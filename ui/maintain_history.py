"""History and undo: every published change (who, when, why, cell by cell), revert, and the as-of export.

A revert proposes the inverse change, which goes through review like any other. The as-of download
is the catalogue as it was right after the chosen change (:meth:`CatalogueStore.catalogue_as_of`),
written by the same code as ``python -m geo export --as-of`` (:func:`geo.exports.catalogue_bytes`),
as this session's role may see it.
"""

from __future__ import annotations

import functools

import streamlit as st

from geo import AtlasError
from geo.access import visible_catalogue
from geo.exports import FORMATS, MEDIA_TYPES, catalogue_bytes
from ui import maintain_common as common
from ui import session
from ui.tables import table
from views import changes


def draw(lang: str) -> None:
    """The published changes, the chosen one's diff, its undo, and the as-of export."""
    store = common.store()
    history = store.history()
    everything = store.list()
    if not history:
        st.info(common.lab("history_empty", lang))
    else:
        table(changes.records_frame(list(reversed(history)), lang), lang)
        by_id = {r.id: r for r in reversed(history)}
        chosen = st.selectbox(
            common.lab("history_pick", lang),
            list(by_id),
            format_func=lambda i: changes.record_label(by_id[i]),
            key="history_pick",
        )
        common.show_diff(by_id[chosen].changeset, lang, f"history-{chosen}")
        _revert_form(chosen, lang)
        _as_of(chosen, lang)
    if everything:
        with st.expander(common.lab("all_changes", lang)):
            table(changes.records_frame(everything, lang), lang)


def _revert_form(change_id: int, lang: str) -> None:
    with st.form(f"revert-{change_id}"):
        reason = st.text_input(common.lab("revert_reason", lang), key=f"revert-reason-{change_id}")
        if not st.form_submit_button(common.lab("revert", lang)):
            return
    if not reason.strip():
        st.error(common.lab("need_reason", lang))
        return
    try:
        record = common.store().revert(change_id, session.user(), reason, role=session.role())
    except AtlasError as exc:
        common.show_refusal(exc, lang)
        return
    st.success(common.lab("reverted", lang, id=record.id, of=change_id))


def _as_of(change_id: int, lang: str) -> None:
    st.subheader(common.lab("as_of", lang))
    fmt = st.selectbox(common.lab("as_of_format", lang), FORMATS, key="as_of_format")
    suffix = fmt if fmt in ("gpkg", "xlsx") else f"{fmt}.zip"
    st.download_button(
        common.lab("as_of_download", lang, id=change_id, fmt=fmt),
        functools.partial(as_of_bytes, change_id, fmt, session.role()),
        file_name=f"lanbai-as-of-{change_id}.{suffix}",
        mime=MEDIA_TYPES[fmt] if fmt in ("gpkg", "xlsx") else "application/zip",
        on_click="ignore",
        key=f"as-of-{change_id}-{fmt}",
    )


def as_of_bytes(change_id: int, fmt: str, role: str) -> bytes:
    """The catalogue right after change ``change_id`` as ``role`` may see it, in ``fmt`` (made when clicked)."""
    return catalogue_bytes(visible_catalogue(common.store().catalogue_as_of(change_id), role), fmt)
