"""Builders of the maintenance page: located problems, the diff of a change, its records, its geometry.

Plain functions of geo objects (no Streamlit): every table is labelled in the page's language; cells
are plain text (``st.dataframe`` shows them as text, never as HTML), and the map escapes what it
puts into tooltips (:func:`geo.markup.html_text`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import folium
import geopandas as gpd
import pandas as pd
import shapely.geometry

from geo.changesets import ChangeRecord, Changeset, LocatedProblem
from geo.i18n import tr
from geo.markup import html_text
from views.maps import MapOptions, SafeLayerControl, new_map

MATCH_NOTE = re.compile(r" line \d+: '.*' → ")  # a name matched through the resolver (geo.import_matching)
BEFORE_STYLE = {"color": "#6b7280", "weight": 2, "dashArray": "6 4", "fillOpacity": 0.05}
AFTER_STYLE = {"color": "#c0392b", "weight": 3, "fillOpacity": 0.2}

OP_LABELS = {"add": ("新增", "added"), "change": ("修改", "changed"), "remove": ("删除", "removed")}
STATUS_LABELS = {
    "proposed": ("待审核", "proposed"),
    "published": ("已发布", "published"),
    "rejected": ("已驳回", "rejected"),
}
COLUMN_LABELS = {
    "file": ("文件", "File"),
    "line": ("行", "Line"),
    "column": ("列", "Column"),
    "message": ("问题", "Problem"),
    "table": ("数据表", "Table"),
    "op": ("变更", "Change"),
    "key": ("行标识", "Row"),
    "cells": ("改动单元格", "Cells changed"),
    "before": ("修改前", "Before"),
    "after": ("修改后", "After"),
    "note": ("说明", "Note"),
    "id": ("编号", "ID"),
    "status": ("状态", "Status"),
    "author": ("提交人", "Author"),
    "created": ("提交时间", "Proposed"),
    "reviewer": ("审核人", "Reviewer"),
    "reviewed": ("审核时间", "Reviewed"),
    "reason": ("理由", "Reason"),
    "review_reason": ("审核意见", "Review note"),
    "summary": ("内容", "Summary"),
    "reverts": ("撤销", "Undoes"),
    "geometry": ("几何", "Geometry"),
    "before_layer": ("修改前（灰色虚线）", "Before (grey, dashed)"),
    "after_layer": ("修改后（红色）", "After (red)"),
}


def _labelled(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    return df.rename(columns={c: tr(COLUMN_LABELS, c, lang) for c in df.columns if c in COLUMN_LABELS})


def problems_frame(problems: Iterable[object], lang: str) -> pd.DataFrame:
    """Every problem in a row of its own: file, line, column and message (a plain string fills only the message)."""
    rows = [
        {"file": p.file or p.table, "line": p.line, "column": p.column or "", "message": p.message}
        if isinstance(p, LocatedProblem)
        else {"file": "", "line": None, "column": "", "message": str(p)}
        for p in problems
    ]
    df = pd.DataFrame(rows, columns=["file", "line", "column", "message"])
    df["line"] = df["line"].astype("Int64")
    return _labelled(df, lang)


def rows_frame(changeset: Changeset, lang: str) -> pd.DataFrame:
    """One row per changed row: added / changed / removed, its table and key, the file line, cells changed."""
    rows = [
        {
            "op": tr(OP_LABELS, c.op, lang),
            "table": c.table,
            "key": c.key,
            "line": c.line,
            "cells": len(c.cells()) if c.op == "change" else None,
        }
        for c in changeset.changes
    ]
    df = pd.DataFrame(rows, columns=["op", "table", "key", "line", "cells"])
    for column in ("line", "cells"):
        df[column] = df[column].astype("Int64")
    return _labelled(df, lang)


def cells_frame(changeset: Changeset, lang: str) -> pd.DataFrame:
    """Cell by cell: table, row, column, before and after (a geometry is named by its type, not printed)."""
    rows = []
    for change in changeset.changes:
        for column, before, after in change.cells():
            if column == "geometry":
                before, after = _geometry_name(before), _geometry_name(after)
            rows.append(
                {
                    "op": tr(OP_LABELS, change.op, lang),
                    "table": change.table,
                    "key": change.key,
                    "column": column,
                    "before": "" if before is None else str(before),
                    "after": "" if after is None else str(after),
                }
            )
    return _labelled(pd.DataFrame(rows, columns=["op", "table", "key", "column", "before", "after"]), lang)


def _geometry_name(mapping) -> str:
    return mapping["type"] if isinstance(mapping, dict) and mapping.get("type") else ""


def split_notes(notes: list[str]) -> tuple[list[str], list[str]]:
    """(name matches to confirm, other notes) of a changeset's notes."""
    matches = [n for n in notes if MATCH_NOTE.search(n)]
    return matches, [n for n in notes if n not in matches]


def notes_frame(notes: list[str], lang: str) -> pd.DataFrame:
    """The notes, one per row."""
    return _labelled(pd.DataFrame({"note": list(notes)}, columns=["note"]), lang)


def records_frame(records: list[ChangeRecord], lang: str) -> pd.DataFrame:
    """Changes as a table: who, when, why, what (rows added/changed/removed per table), and the review."""
    rows = [
        {
            "id": r.id,
            "status": tr(STATUS_LABELS, r.status, lang),
            "author": r.changeset.author,
            "created": r.changeset.created,
            "reason": r.changeset.reason,
            "summary": r.changeset.summary(),
            "reviewer": r.reviewer,
            "reviewed": r.reviewed,
            "review_reason": r.review_reason,
            "reverts": r.reverts,
        }
        for r in records
    ]
    columns = ["id", "status", "author", "created", "reason", "summary", "reviewer", "reviewed", "review_reason"]
    df = pd.DataFrame(rows, columns=[*columns, "reverts"])
    df["reverts"] = df["reverts"].astype("Int64")
    return _labelled(df, lang)


def record_label(record: ChangeRecord) -> str:
    """How a change is named in a picker: '#3 · ann · indicators: +1 ~0 -0' (plain text)."""
    return f"#{record.id} · {record.changeset.author} · {record.changeset.summary()}"


def geometry_changes(changeset: Changeset) -> list[tuple[str, dict | None, dict | None]]:
    """(row key, geometry before, geometry after) of every row whose geometry the change sets or moves."""
    out = []
    for change in changeset.changes:
        before, after = (change.before or {}).get("geometry"), (change.after or {}).get("geometry")
        if (before or after) and before != after:
            out.append((change.key, before, after))
    return out


def geometry_map(cat, changeset: Changeset, opts: MapOptions) -> folium.Map | None:
    """A small map of the geometries the change touches: before grey and dashed, after red; None if none."""
    changed = geometry_changes(changeset)
    if not changed:
        return None
    m = new_map(cat, opts)
    shapes = []
    for layer, index, style in (("before_layer", 1, BEFORE_STYLE), ("after_layer", 2, AFTER_STYLE)):
        group = folium.FeatureGroup(name=tr(COLUMN_LABELS, layer, opts.lang))
        for key, *geometries in changed:
            mapping = geometries[index - 1]
            if not mapping:
                continue
            shape = opts.shift(shapely.geometry.shape(mapping))
            shapes.append(shape)
            folium.GeoJson(
                shape.__geo_interface__,
                style_function=lambda _feature, s=style: s,
                tooltip=html_text(f"{key} · {tr(COLUMN_LABELS, layer, opts.lang)}"),
            ).add_to(group)
        group.add_to(m)
    minx, miny, maxx, maxy = gpd.GeoSeries(shapes).total_bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]], padding=(20, 20))
    SafeLayerControl(collapsed=False).add_to(m)
    return m
