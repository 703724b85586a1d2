"""Write a changed table back to its file so that only the changed rows differ (``git diff`` shows row edits).

A CSV row that did not change is written back byte for byte (its quoting, line ending and any
byte-order mark are kept); a changed row is formatted like the file's rows, an added row goes at
its place in the table. A GeoJSON layer is written one feature per line — the first change of a
one-line file reflows it once, later changes show as single-line edits — and unchanged features
keep their original properties and coordinates.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pandas as pd
import shapely.geometry

from .changesets import geometry_mapping, is_geo, row_key, row_records
from .schema import Table

BOM = "\ufeff"


def table_file_bytes(table: Table, original: bytes, new: pd.DataFrame) -> bytes:
    """The file's new bytes for the raw table ``new``, reusing ``original``'s text for unchanged rows."""
    text = original.decode("utf-8-sig")
    bom = BOM if original.startswith(BOM.encode("utf-8")) else ""
    if is_geo(table):
        return (bom + _geojson_text(table, text, new)).encode("utf-8")
    return (bom + _csv_text(table, text, new)).encode("utf-8")


def _csv_records(text: str) -> list[tuple[list[str], str]]:
    """(fields, the record's exact text) for every record of a CSV text, blank lines skipped."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines)
    out, consumed = [], 0
    for fields in reader:
        raw = "".join(lines[consumed : reader.line_num])
        consumed = reader.line_num
        if fields:
            out.append((fields, raw))
    return out


def _csv_text(table: Table, text: str, new: pd.DataFrame) -> str:
    records = _csv_records(text)
    newline = "\r\n" if "\r\n" in text[:4096] else "\n"
    header = records[0][0] if records else [c for c in new.columns]
    header = [h.strip().lstrip(BOM) for h in header]
    old: dict[str, tuple[dict[str, str], str]] = {}
    for fields, raw in records[1:]:
        cells = {h: (fields[i].strip() if i < len(fields) else "") for i, h in enumerate(header)}
        old.setdefault(row_key(table, cells), (cells, raw))
    head_text = records[0][1] if records else _format_row(header, newline)
    out = [_terminated(head_text, newline)]
    for cells in row_records(table, new):
        kept = old.get(row_key(table, cells))
        if kept is not None and all(kept[0].get(h, "") == cells.get(h, "") for h in header):
            out.append(_terminated(kept[1], newline))
        else:
            out.append(_format_row([cells.get(h, "") for h in header], newline))
    return "".join(out)


def _terminated(raw: str, newline: str) -> str:
    return raw if raw.endswith(("\n", "\r")) else raw + newline


def _format_row(values: list[str], newline: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerow(values)
    return buffer.getvalue()


def _geojson_text(table: Table, text: str, new: pd.DataFrame) -> str:
    doc: dict[str, Any] = json.loads(text) if text.strip() else {"type": "FeatureCollection", "features": []}
    old: dict[str, tuple[dict[str, str], dict]] = {}
    for feature in doc.get("features", []):
        props = {k: ("" if v is None else str(v)) for k, v in (feature.get("properties") or {}).items()}
        old.setdefault(row_key(table, props), (props, feature))
    features = []
    for cells in row_records(table, new):
        kept = old.get(row_key(table, cells))
        if kept is not None and _same_feature(kept, cells):
            features.append(kept[1])
        else:
            props = {c: cells[c] for c in new.columns if c != "geometry"}
            features.append({"type": "Feature", "properties": props, "geometry": cells.get("geometry")})
    head = {k: v for k, v in doc.items() if k != "features"}
    head.setdefault("type", "FeatureCollection")
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"features":['
    body = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    return opening + "\n" + body + ("\n" if body else "") + "]}\n"


def _same_feature(kept: tuple[dict, dict], cells: dict) -> bool:
    props, feature = kept
    if any(props.get(c, "") != v for c, v in cells.items() if c != "geometry"):
        return False
    geometry = feature.get("geometry")
    old_geom = geometry_mapping(shapely.geometry.shape(geometry)) if geometry else None
    return old_geom == cells.get("geometry")
