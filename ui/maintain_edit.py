"""Small fixes: ``st.data_editor`` on one table, turned into a changeset and proposed like any upload.

The editor starts from the table as stored (text cells); :func:`geo.changesets.table_changes` diffs
what it returns (rows edited, added, deleted) against the store, and the proposal goes through the
same check and review — the editor never writes a file.
"""

from __future__ import annotations

import streamlit as st

from geo import AtlasError
from geo.changesets import Changeset, is_geo, table_changes
from geo.schema import TABLES
from ui import maintain_common as common
from ui import session

EDITABLE = tuple(name for name, spec in TABLES.items() if not is_geo(spec))  # outlines come as files


def draw(lang: str) -> None:
    """The table picker, the editor, the diff of the edits and the propose form."""
    st.caption(common.lab("edit_intro", lang))
    name = st.selectbox(common.lab("table", lang), EDITABLE, index=EDITABLE.index("indicators"), key="edit_table")
    store = common.store()
    raw = store.read_raw()
    edited = st.data_editor(raw[name], num_rows="dynamic", hide_index=True, key=f"edit-{name}", width="stretch")
    try:
        found = table_changes(raw, name, edited)
    except AtlasError as exc:
        common.show_refusal(exc, lang)
        return
    if not found:
        st.caption(common.lab("edit_none", lang))
        return
    changeset = Changeset(found, author=session.user() or "editor", reason="edit", file=f"{name} (editor)")
    common.show_diff(changeset, lang, f"edit-{name}")
    with st.form(f"edit-propose-{name}"):
        reason = st.text_area(common.lab("reason", lang), key=f"edit-reason-{name}")
        if not st.form_submit_button(common.lab("propose", lang)):
            return
    if not reason.strip():
        st.error(common.lab("need_reason", lang))
        return
    common.propose(changeset, reason, lang)
