"""Check text tables against the schema and report every problem, located to the cell.

Each check is a small function taking the raw tables and yielding :class:`Problem`s;
:func:`find_problems` runs them all. Row numbers are file lines (the header is line 1).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import shapely

from .errors import Problem
from .fact_rules import find_rule_problems
from .quotes import check_quotes, load_documents
from .schema import GANSU_BOUNDS, LIST_SEPARATOR, TABLES, Column, Table

Raw = dict[str, pd.DataFrame]


def find_problems(raw: Raw, *, seeds_dir: Path | None = None) -> list[Problem]:
    """Every problem of the raw tables; an empty list means the data set is valid."""
    problems: list[Problem] = []
    for name, df in raw.items():
        table = TABLES[name]
        problems += _columns(table, df)
        present = [c for c in table.columns if c.name in df.columns]
        problems += _cells(table, df, present)
        problems += _keys(table, df)
        problems += _references(table, df, raw, present)
        if table.has_point:
            problems += _points(table, df)
        if table.fact:
            problems += _facts(table, df)
    problems += _cycles(raw, "sites")
    problems += _cycles(raw, "industries")
    problems += _area_geometries(raw)
    problems += _points_inside_province(raw)
    problems += find_rule_problems(raw)
    if seeds_dir is not None and "sources" in raw:
        problems += _quotes(raw, seeds_dir)
    return problems


def line_of(index: int) -> int:
    return int(index) + 2


def _columns(table: Table, df: pd.DataFrame) -> Iterator[Problem]:
    for col in table.column_names:
        if col not in df.columns:
            yield Problem(table.name, None, col, "column is missing")
    for col in df.columns:
        if col not in table.column_names and col != "geometry":
            yield Problem(table.name, None, str(col), f"unknown column (expected: {', '.join(table.column_names)})")


def _cells(table: Table, df: pd.DataFrame, columns: list[Column]) -> Iterator[Problem]:
    for col in columns:
        for index, value in df[col.name].items():
            message = _cell_problem(col, str(value))
            if message:
                yield Problem(table.name, line_of(index), col.name, message)


def _cell_problem(col: Column, value: str) -> str | None:
    if not value:
        return "is empty but required" if col.required else None
    if col.dtype == "float" and _not_number(value, float):
        return f"{value!r} is not a number"
    if col.dtype == "int" and _not_number(value, int):
        return f"{value!r} is not a whole number"
    if col.choices and value not in col.choices:
        return f"{value!r} is not one of: {', '.join(col.choices)}"
    return None


def _not_number(value: str, kind: type) -> bool:
    try:
        kind(value)
    except ValueError:
        return True
    return False


def _keys(table: Table, df: pd.DataFrame) -> Iterator[Problem]:
    if not table.key or table.key not in df.columns:
        return
    keys = df[table.key]
    for index, value in keys[keys.duplicated(keep="first") & (keys != "")].items():
        first = line_of(keys[keys == value].index[0])
        yield Problem(table.name, line_of(index), table.key, f"{value!r} is already used on line {first}")


def _references(table: Table, df: pd.DataFrame, raw: Raw, columns: list[Column]) -> Iterator[Problem]:
    for col in columns:
        if not col.references:
            continue
        targets = col.references.split("|")
        known = set().union(*(_keys_of(raw, t) for t in targets))
        if not any(t in raw for t in targets):
            continue
        for index, cell in df[col.name].items():
            values = cell.split(LIST_SEPARATOR) if col.dtype == "list" else [cell]
            for value in (v.strip() for v in values):
                if value and value not in known:
                    yield Problem(table.name, line_of(index), col.name, f"{value!r} is not a known {' or '.join(targets)} id")


def _keys_of(raw: Raw, table_name: str) -> set[str]:
    table = TABLES[table_name]
    if table_name not in raw or not table.key or table.key not in raw[table_name].columns:
        return set()
    return set(raw[table_name][table.key])


def _points(table: Table, df: pd.DataFrame) -> Iterator[Problem]:
    needed = {"lat", "lon", "geometry_quality", "error_km", "geometry_source_id"}
    if not needed <= set(df.columns):
        return
    for index, row in df.iterrows():
        yield from _point_problems(table.name, line_of(index), row)


def _point_problems(table: str, line: int, row: pd.Series) -> Iterator[Problem]:
    lat, lon = row["lat"], row["lon"]
    if bool(lat) != bool(lon):
        yield Problem(table, line, "lat" if not lat else "lon", "a point needs both lat and lon")
        return
    if not lat:
        if row["geometry_quality"] not in ("", "unknown"):
            yield Problem(table, line, "geometry_quality", "a row without a point must have geometry_quality 'unknown'")
        return
    if _not_number(lat, float) or _not_number(lon, float):
        return  # already reported by the cell check
    yield from _position_problems(table, line, float(lat), float(lon))
    if row["geometry_quality"] == "unknown":
        yield Problem(table, line, "geometry_quality", "a row with a point cannot have geometry_quality 'unknown'")
    if not row["error_km"]:
        yield Problem(table, line, "error_km", "a point must state its likely error in km")
    if not row["geometry_source_id"]:
        yield Problem(table, line, "geometry_source_id", "a point must name the source of its coordinate")


def _position_problems(table: str, line: int, lat: float, lon: float) -> Iterator[Problem]:
    min_lon, min_lat, max_lon, max_lat = GANSU_BOUNDS
    inside = min_lon <= lon <= max_lon and min_lat <= lat <= max_lat
    if inside:
        return
    swapped = min_lon <= lat <= max_lon and min_lat <= lon <= max_lat
    if swapped:
        yield Problem(table, line, "lat", f"lat {lat}, lon {lon} looks swapped: lat and lon are reversed")
    elif abs(lat) > 90 or abs(lon) > 180:
        yield Problem(table, line, "lat", f"lat {lat}, lon {lon} are not degrees (projected coordinates? the atlas stores EPSG:4326)")
    else:
        yield Problem(table, line, "lat", f"lat {lat}, lon {lon} lies outside Gansu")


def _facts(table: Table, df: pd.DataFrame) -> Iterator[Problem]:
    """A document-sourced fact needs its quote, even where the schema lets quote be empty."""
    if "quote" not in df.columns or "source_id" not in df.columns:
        return
    is_vocabulary = df.get("system", pd.Series("", index=df.index)) == "chain"
    for index in df.index[(df["quote"] == "") & ~is_vocabulary & (df["source_id"] != "")]:
        if not table.column("quote").required:
            yield Problem(table.name, line_of(index), "quote", "a fact from a document needs its quote")


def _cycles(raw: Raw, name: str) -> Iterator[Problem]:
    if name not in raw or "parent_id" not in raw[name].columns:
        return
    df = raw[name]
    parent = dict(zip(df["id"], df["parent_id"]))
    for index, start in df["id"].items():
        seen, node = {start}, parent.get(start, "")
        while node:
            if node in seen:
                yield Problem(name, line_of(index), "parent_id", f"{start!r} is its own ancestor")
                break
            seen.add(node)
            node = parent.get(node, "")


def _area_geometries(raw: Raw) -> Iterator[Problem]:
    for name in ("areas", "rivers"):
        if name not in raw:
            continue
        gdf = raw[name]
        for index, geom in gdf.geometry.items():
            row = int(index) + 1
            if geom is None or geom.is_empty:
                yield Problem(name, row, "geometry", "feature has no geometry")
            elif not geom.is_valid:
                yield Problem(name, row, "geometry", f"invalid geometry ({shapely.is_valid_reason(geom)})")
            elif not shapely.box(*GANSU_BOUNDS).intersects(geom):
                yield Problem(name, row, "geometry", "lies outside Gansu (wrong CRS or swapped axes?)")


# Estimated points may sit a little outside a simplified outline; beyond this margin they are errors.
PROVINCE_MARGIN_DEG = 0.05


def _points_inside_province(raw: Raw) -> Iterator[Problem]:
    """Points inside the bounding box can still lie in a neighbouring province: check the outline."""
    areas = raw.get("areas")
    if areas is None or "level" not in areas.columns:
        return
    outline = areas.loc[areas["level"] == "province"].geometry
    outline = outline[outline.notna()]
    if outline.empty or not all(g.is_valid for g in outline):
        return
    province = shapely.union_all(list(outline)).buffer(PROVINCE_MARGIN_DEG)
    for name, table in TABLES.items():
        if table.has_point and name in raw and {"lat", "lon"} <= set(raw[name].columns):
            yield from _outside(name, raw[name], province)


def _outside(name: str, df: pd.DataFrame, province) -> Iterator[Problem]:
    min_lon, min_lat, max_lon, max_lat = GANSU_BOUNDS
    for index, row in df.iterrows():
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            continue  # empty or not a number: reported elsewhere
        in_box = min_lon <= lon <= max_lon and min_lat <= lat <= max_lat
        if in_box and not province.contains(shapely.Point(lon, lat)):
            yield Problem(name, line_of(index), "lat", f"lat {lat}, lon {lon} lies outside Gansu's outline")


def _quotes(raw: Raw, seeds_dir: Path) -> Iterator[Problem]:
    documents = load_documents(seeds_dir, raw["sources"])
    fact_tables = {n: df for n, df in raw.items() if TABLES[n].fact}
    for q in check_quotes(fact_tables, documents):
        yield Problem(q.table, q.row, "quote", f"{q.reason} ({q.source_id}): {q.quote!r}")
