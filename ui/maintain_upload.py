"""Upload → check → propose: a file becomes a checked changeset, then a proposal with a reason.

The uploaded bytes are written to a private temporary folder under their own name (the readers go by
the suffix) and read there by :func:`geo.imports.check_file`, whose progress callback drives the
status box; the result is kept in the session for the same file and options, so proposing does not
read the file again. Nothing reaches the data until :meth:`CatalogueStore.propose` (which checks
again) and, later, a reviewer's approval.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from geo import AtlasError
from geo.import_matching import KEYS, NAME_KINDS
from geo.import_readers import DATUMS
from geo.imports import check_file
from geo.markup import md_text
from geo.schema import TABLES
from geo.store import CheckResult
from ui import maintain_common as common
from ui import session
from views import changes

RESULT_KEY = "_maintain_upload_check"
STAGES = ("read", "rows", "validate")


def draw(lang: str) -> None:
    """The upload form, the check's problems or diff, and the propose form."""
    upload = st.file_uploader(common.lab("file", lang), key="maintain_file")
    cols = st.columns(4)
    table = cols[0].selectbox(common.lab("table", lang), list(TABLES), index=list(TABLES).index("outlines"))
    crs = cols[1].text_input(common.lab("crs", lang), key="maintain_crs").strip() or None
    datum = cols[2].selectbox(
        common.lab("datum", lang), DATUMS, format_func=lambda d: common.lab(f"datum_{d}", lang), key="maintain_datum"
    )
    keys = KEYS if table in NAME_KINDS else ("id",)
    key = cols[3].radio(common.lab("key", lang), keys, format_func=lambda k: common.lab(f"key_{k}", lang))
    repair = st.checkbox(common.lab("repair", lang), key="maintain_repair") if table == "outlines" else False
    if upload is None:
        st.caption(common.lab("upload_first", lang))
        return
    signature = (upload.name, upload.size, table, crs, datum, key, repair)
    result = _checked(upload, signature, dict(table=table, crs=crs, datum=datum, key=key, repair=repair), lang)
    if result is None or not common.show_check(result, lang, "upload"):
        return
    _propose_form(result, lang)


def _checked(upload, signature: tuple, options: dict, lang: str) -> CheckResult | None:
    """The check of this file with these options: kept from an earlier run, or run now with progress."""
    kept = st.session_state.get(RESULT_KEY)
    if kept is not None and kept[0] == signature:
        return kept[1]
    st.session_state.pop(RESULT_KEY, None)
    try:
        result = _run_check(upload, options, lang)
    except AtlasError as exc:
        common.show_refusal(exc, lang)
        return None
    st.session_state[RESULT_KEY] = (signature, result)
    return result


def _run_check(upload, options: dict, lang: str) -> CheckResult:
    """Check the upload in a temporary folder; a status box shows each stage's progress."""
    with st.status(common.lab("checking", lang, file=md_text(upload.name)), expanded=False) as status:
        bar = st.progress(0.0)

        def progress(stage: str, done: int, total: int) -> None:
            part = STAGES.index(stage) if stage in STAGES else 0
            share = (part + (done / total if total else 1.0)) / len(STAGES)
            bar.progress(min(share, 1.0), text=common.lab(f"stage_{stage}", lang) if stage in STAGES else stage)

        with tempfile.TemporaryDirectory(prefix="lanbai-upload-") as folder:
            path = Path(folder) / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            result = check_file(
                common.store(),
                options.pop("table"),
                path,
                reason="check",
                author=session.user() or "check",
                display_name=upload.name,
                progress=progress,
                **options,
            )
        status.update(label=common.lab("checked", lang), state="complete")
    return result


def _propose_form(result: CheckResult, lang: str) -> None:
    """A reason (and, for name matches, a confirmation), then the proposal."""
    matches, _ = changes.split_notes(result.changeset.notes)
    with st.form("maintain_propose"):
        reason = st.text_area(common.lab("reason", lang), key="maintain_reason")
        confirmed = st.checkbox(common.lab("matches_ok", lang)) if matches else True
        if not st.form_submit_button(common.lab("propose", lang)):
            return
    if not reason.strip():
        st.error(common.lab("need_reason", lang))
    elif not confirmed:
        st.error(common.lab("need_matches", lang))
    elif common.propose(result.changeset, reason, lang):
        st.session_state.pop(RESULT_KEY, None)
