"""What every maintenance step shares: the store, the guard message, refusals and the diff of a change.

Every refusal from ``geo`` is shown as a message and, where it has them, a table of its located
problems (file, line, column) — never a traceback; whatever is refused wrote nothing (``geo`` checks
before it writes). Text from files and records is shown as plain text (tables) or escaped
(:func:`geo.markup.md_text` in markdown).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from geo import AtlasError
from geo.changesets import ChangeRefusedError, Changeset, ConflictError
from geo.errors import ActionRefusedError
from geo.markup import md_text
from geo.settings import settings
from geo.store import CatalogueStore, CheckResult
from geo.stores import open_store
from ui import mapview, session
from ui.data import catalogue, clear_caches
from ui.tables import table
from views import changes
from views.i18n import t, tr
from views.maintain_labels import LABELS
from views.maps import BuiltMap


def lab(key: str, lang: str, **fmt) -> str:
    """A maintenance label in ``lang``."""
    return tr(LABELS, key, lang, **fmt)


def store() -> CatalogueStore:
    """The configured store (the data folder, or PostGIS), opened for this run."""
    return open_store()


def role_name(role: str, lang: str) -> str:
    """A role as the page says it."""
    return t(f"role_{role}", lang)


def allowed(lang: str) -> bool:
    """Whether this session may maintain; if not, say why (switched off, or who may and how to log in)."""
    if not settings().maintenance:
        st.info(lab("off", lang))
        return False
    if not session.may("propose"):
        st.info(lab("who_may", lang, role=role_name(session.role(), lang)))
        return False
    return True


def published() -> None:
    """The data changed: forget every cached catalogue and figure."""
    clear_caches()


def show_refusal(exc: AtlasError, lang: str) -> None:
    """A refusal from ``geo`` in the page's language: its located problems as a table, or one line."""
    if isinstance(exc, ActionRefusedError):
        key = "refused_role" if exc.needed else "refused_off"
        st.error(lab(key, lang, needed=role_name(exc.needed or "reviewer", lang), role=role_name(exc.role, lang)))
    elif isinstance(exc, ConflictError):
        st.error(lab("conflict", lang))
        table(changes.problems_frame(exc.problems, lang), lang)
    elif isinstance(exc, ChangeRefusedError):
        st.error(lab("refused", lang, n=len(exc.problems)))
        table(changes.problems_frame(exc.problems, lang), lang)
    else:
        st.error(lab("failed", lang, message=md_text(str(exc))))


def show_check(result: CheckResult, lang: str, key: str) -> bool:
    """The check's located problems, or its diff; return whether it may be proposed."""
    if result.problems:
        st.error(lab("problems", lang, n=len(result.problems)))
        table(changes.problems_frame(result.problems, lang), lang)
        return False
    if not result.changeset.changes:
        st.info(lab("nothing", lang))
        return False
    st.success(lab("ok", lang, summary=md_text(result.changeset.summary())))
    for warning in result.warnings:
        st.warning(md_text(warning))
    show_diff(result.changeset, lang, key)
    return True


def show_diff(changeset: Changeset, lang: str, key: str) -> None:
    """Rows added / changed / removed, cell by cell, name matches and notes, and the geometry map."""
    matches, notes = changes.split_notes(changeset.notes)
    table(changes.rows_frame(changeset, lang), lang, lab("rows", lang))
    table(changes.cells_frame(changeset, lang), lang, lab("cells", lang))
    if matches:
        table(changes.notes_frame(matches, lang), lang, lab("matches", lang))
    if notes:
        with st.expander(lab("notes", lang)):
            table(changes.notes_frame(notes, lang), lang)
    preview = changes.geometry_map(catalogue(), changeset, mapview.options())
    if preview is not None:
        st.subheader(lab("geometry", lang))
        mapview.show(BuiltMap(preview), key=f"preview-{key}", height=360, offline_download=False)


def propose(changeset: Changeset, reason: str, lang: str) -> bool:
    """Store ``changeset`` as a proposal with ``reason``, this session's account as author and its role.

    Says what happened; returns whether it was stored.
    """
    try:
        record = store().propose(replace(changeset, reason=reason, author=session.user()), role=session.role())
    except AtlasError as exc:
        show_refusal(exc, lang)
        return False
    st.success(lab("proposed", lang, id=record.id))
    return True
