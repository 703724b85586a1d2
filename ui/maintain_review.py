"""The review queue: every proposed change with its diff; a reviewer approves (publishes) or rejects it.

``geo`` decides: the role (reviewer or higher), self-approval (``LANBAI_ALLOW_SELF_APPROVAL``), a
conflict with rows changed since, and a re-check against the data as they are now. A refusal is shown
with its located problems and nothing is written; a publish clears the app's cached catalogue.
"""

from __future__ import annotations

import streamlit as st

from geo import AtlasError
from geo.changesets import ReviewError
from geo.markup import md_text
from geo.store import ChangeSettings
from ui import maintain_common as common
from ui import session
from ui.tables import table
from views import changes


def draw(lang: str) -> None:
    """The queue, the chosen change's diff, and (for reviewers) approve and reject."""
    for notice in st.session_state.pop("_maintain_review_notice", []):
        st.success(notice)
    queue = common.store().list("proposed")
    if not queue:
        st.info(common.lab("queue_empty", lang))
        return
    table(changes.records_frame(queue, lang), lang)
    by_id = {r.id: r for r in queue}
    chosen = st.selectbox(
        common.lab("queue_pick", lang),
        list(by_id),
        format_func=lambda i: changes.record_label(by_id[i]),
        key="queue_pick",
    )
    record = by_id[chosen]
    for warning in record.warnings:
        st.warning(md_text(warning))
    common.show_diff(record.changeset, lang, f"queue-{record.id}")
    if not session.may("publish"):
        st.caption(common.lab("reviewers_only", lang))
        return
    left, right = st.columns(2)
    if left.button(common.lab("approve", lang), key=f"approve-{record.id}", type="primary"):
        _approve(record, lang)
    with right.form(f"reject-{record.id}"):
        reason = st.text_input(common.lab("reject_reason", lang), key=f"reject-reason-{record.id}")
        if st.form_submit_button(common.lab("reject", lang)):
            _reject(record.id, reason, lang)


def _approve(proposal, lang: str) -> None:
    store = common.store()
    try:
        record = store.approve(proposal.id, session.user(), role=session.role())
    except ReviewError as exc:  # the store refused: its own proposal where that is not allowed, or not proposed
        own = proposal.changeset.author == session.user() and not ChangeSettings.from_env().allow_self_approval
        message = common.lab("review_refused", lang, message=md_text(str(exc)))
        st.error(common.lab("self_approval", lang) if own else message)
        return
    except AtlasError as exc:
        common.show_refusal(exc, lang)
        return
    common.published()
    _done(common.lab("approved", lang, id=record.id))


def _reject(change_id: int, reason: str, lang: str) -> None:
    if not reason.strip():
        st.error(common.lab("need_reason", lang))
        return
    try:
        record = common.store().reject(change_id, session.user(), reason, role=session.role())
    except AtlasError as exc:
        common.show_refusal(exc, lang)
        return
    _done(common.lab("rejected", lang, id=record.id))


def _done(notice: str) -> None:
    """Rerun so the queue no longer lists the change, and say what happened on the next run."""
    st.session_state["_maintain_review_notice"] = [notice]
    st.rerun()
