"""The one way a page shows a table: an optional heading (with the row count), a note, the rows.

Usage::

    from ui.tables import table

    table(frame, lang)                                          # just the rows
    table(frame, lang, "相关单位", note="…", count=True)         # heading "相关单位（12）", a caption, rows
    table(frame, lang, key="targets_table", column_config={...})  # anything else goes to st.dataframe

An empty table shows a line saying the data hold none (unknown is shown, not hidden).
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st

from views.memo import per_source

EMPTY = {"zh": "（无记录）", "en": "(none recorded)"}


def table(
    df: pd.DataFrame, lang: str, title: str = "", *, note: str = "", count: bool = False, **dataframe_kwargs
) -> None:
    """Show ``df`` full width without its index, under ``title`` (a subheader) and ``note`` (a caption).

    Parameters
    ----------
    df : the rows (already labelled in ``lang``)
    lang : "zh" or "en": the empty-table line and the count's brackets
    title : a subheader above the table; none when empty
    note : a caption between the heading and the rows
    count : append the number of rows to ``title`` ("标题（3）" / "Title (3)")
    dataframe_kwargs : passed to ``st.dataframe`` (``key``, ``column_config``, ...)
    """
    if title:
        st.subheader(_counted(title, len(df), lang) if count else title)
    if note:
        st.caption(note)
    if df.empty:
        st.caption(EMPTY.get(lang, EMPTY["en"]))
        return
    st.dataframe(arrow(df), **{"hide_index": True, "width": "stretch", **dataframe_kwargs})


def arrow(df: pd.DataFrame) -> pa.Table | pd.DataFrame:
    """``df`` as the Arrow table ``st.dataframe`` would make of it, made once per frame object.

    Streamlit converts a pandas frame to Arrow on every call; the page's frames come from caches
    (one object per catalogue and arguments, never changed), so the conversion is kept with the
    frame and the same bytes go out. A frame Arrow cannot take as it is goes to Streamlit, which
    fixes its column types itself.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"a pandas DataFrame is needed, not {type(df).__name__}")
    return _arrow(df)


@per_source  # keyed by the frame object (views/memo.py): gone when the frame is
def _arrow(df: pd.DataFrame) -> pa.Table | pd.DataFrame:
    try:
        return pa.Table.from_pandas(df)  # as streamlit.dataframe_util converts a frame (index kept as metadata)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return df


def _counted(title: str, n: int, lang: str) -> str:
    return f"{title}（{n}）" if lang == "zh" else f"{title} ({n})"
