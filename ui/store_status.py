"""The store's health in the sidebar, for maintainers: an outside edit kept out, or the database away.

When the store's contents stop validating (an edit in QGIS, psql or a text editor), the app keeps
serving the last valid state (:class:`geo.store_cache.CatalogueCache`); sessions whose role may
propose changes see a warning and the located list of what is wrong. Other sessions see nothing:
the atlas they see is whole and valid.
"""

from __future__ import annotations

import streamlit as st

from geo.markup import md_text
from ui import data, session
from views.i18n import tr

MAX_SHOWN = 50
LABELS = {
    "problems": (
        "数据库或数据文件中有 {n} 处外部修改未通过校验：图集仍显示最后一次有效的数据。",
        "{n} problem(s) in an outside edit of the store: the atlas keeps showing the last valid data.",
    ),
    "details": ("问题所在（表、行、列）", "Where (table, line, column)"),
    "more": ("……另有 {n} 处", "… and {n} more"),
    "unavailable": (
        "暂时无法读取数据库，显示的是最后读取的数据；恢复后自动更新。",
        "The database cannot be read just now: the atlas shows the data last read and updates when it is back.",
    ),
}


def draw(lang: str) -> None:
    """A warning with the located problems, drawn only for roles that may propose changes."""
    if not session.may("propose"):
        return
    unavailable = data.unavailable()
    if unavailable:
        st.warning(tr(LABELS, "unavailable", lang))
        st.caption(md_text(unavailable))
    problems = data.problems()
    if not problems:
        return
    st.warning(tr(LABELS, "problems", lang, n=len(problems)))
    with st.expander(tr(LABELS, "details", lang)):
        lines = [f"- {md_text(str(p))}" for p in problems[:MAX_SHOWN]]
        if len(problems) > MAX_SHOWN:
            lines.append(tr(LABELS, "more", lang, n=len(problems) - MAX_SHOWN))
        st.markdown("\n".join(lines))
