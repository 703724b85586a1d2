"""Maintenance (数据维护): upload → check → propose → review → history, undo and as-of export.

Maintainers upload a file or fix a table in place; every change is checked against the whole catalogue,
proposed with a reason, and published only by a reviewer. The rules (who may do what, self-approval,
conflicts, the read-only switch LANBAI_MAINTENANCE) live in ``geo``; the steps are in ``ui/maintain_*.py``.
Visitors who may not maintain see who may and how to log in, not the forms.
"""

import streamlit as st

from ui import maintain_common, maintain_edit, maintain_history, maintain_review, maintain_upload, state
from views.i18n import t

lang = state.lang()
st.title(t("page_maintain", lang))
st.caption(maintain_common.lab("intro", lang))

if maintain_common.allowed(lang):
    steps = ("tab_upload", "tab_edit", "tab_review", "tab_history")
    upload, edit, review, history = st.tabs([maintain_common.lab(step, lang) for step in steps])
    with upload:
        maintain_upload.draw(lang)
    with edit:
        maintain_edit.draw(lang)
    with review:
        maintain_review.draw(lang)
    with history:
        maintain_history.draw(lang)
