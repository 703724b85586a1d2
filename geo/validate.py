"""Check text tables against the schema and report every problem, located to the cell.

Each check is a small function taking the raw tables and yielding :class:`Problem`s;
:func:`check_tables` runs them all. Cells are read with :func:`geo.cells.parse_cell`, the
parser the loader types them with, so validation accepts exactly what loading reads. A
missing column is reported, and every later check first tests for the columns it reads
(:func:`has_columns`), so nothing reads a column that is not there; references into a
table without its key are not checked. Row numbers are file lines (the header is line 1).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from .cells import parse_cell, strip_controls
from .enterprise_rules import enterprise_problems
from .errors import CellError, Problem
from .fact_rules import find_rule_problems
from .fast_cells import number_cells, suspect_cells
from .plausibility import placement_problems
from .quotes import check_quotes, load_documents
from .schema import BASEMAP_BOUNDS, BASEMAP_LAYERS, GANSU_BOUNDS, LIST_SEPARATOR, TABLES, Column, Table

Raw = dict[str, pd.DataFrame]
POINT_COLUMNS = ("lat", "lon", "geometry_quality", "error_km", "geometry_source_id")


def check_tables(raw: Raw, *, seeds_dir: Path | None = None) -> list[Problem]:
    """Every problem and warning of the raw tables (see :attr:`Problem.blocking`).

    Parameters
    ----------
    raw : table name -> its text table, as :func:`geo.load.read_raw` reads it
    seeds_dir : the source documents' folder, to check quotes against them; None: not checked
    """
    problems: list[Problem] = []
    for name, df in raw.items():
        table = TABLES[name]
        problems += _columns(table, df)
        present = [c for c in table.columns if c.name in df.columns]
        problems += _cells(table, df, present)
        problems += _keys(table, df)
        problems += _references(table, df, raw, present)
        if table.has_point and has_columns(df, *POINT_COLUMNS):
            problems += _points(table, df)
        if table.fact and has_columns(df, "quote", "source_id"):
            problems += _facts(table, df)
    problems += _cycles(raw, "sites")
    problems += _cycles(raw, "industries")
    problems += _area_geometries(raw)
    problems += placement_problems(raw)
    problems += find_rule_problems(raw)
    problems += enterprise_problems(raw)  # issue 12: enterprises, parcels, industry codes
    if seeds_dir is not None and "sources" in raw and has_columns(raw["sources"], "id", "seed_file"):
        problems += _quotes(raw, seeds_dir)
    return problems


def find_problems(raw: Raw, *, seeds_dir: Path | None = None) -> list[Problem]:
    """Every blocking problem of the raw tables; an empty list means the data set is valid.

    Warnings (which do not block loading) are left out; :func:`check_tables` gives both.
    """
    return [p for p in check_tables(raw, seeds_dir=seeds_dir) if p.blocking]


def has_columns(df: pd.DataFrame, *names: str) -> bool:
    """Whether every named column is there: a check reads only columns it has tested for."""
    return all(n in df.columns for n in names)


def line_of(index: int) -> int:
    """Give the file line of a table row (1 header line, rows from line 2)."""
    return int(index) + 2


def _columns(table: Table, df: pd.DataFrame) -> Iterator[Problem]:
    for col in table.column_names:
        if col not in df.columns and not table.column(col).may_be_absent:
            yield Problem(table.name, None, col, "column is missing")
    for col in df.columns:
        if col not in table.column_names and col != "geometry":
            yield Problem(table.name, None, str(col), f"unknown column (expected: {', '.join(table.column_names)})")


def _cells(table: Table, df: pd.DataFrame, columns: list[Column]) -> Iterator[Problem]:
    for col in columns:
        suspects = suspect_cells(col, df[col.name])  # whole-column screen; the parser reads only these
        for index, value in zip(df.index[suspects], df[col.name][suspects].tolist(), strict=False):
            try:
                parse_cell(col, value)
            except CellError as exc:
                if exc.kind == "range" and table.has_point and col.name in ("lat", "lon"):
                    continue  # the point check says why (swapped, projected, outside Gansu)
                yield Problem(table.name, line_of(index), col.name, str(exc))


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
        if not any(t in raw for t in targets) or any(t in raw and not _has_key(t, raw[t]) for t in targets):
            continue  # no target table, or one without its key column (reported): nothing to resolve against
        known = set().union(*(_keys_of(raw, t) for t in targets))
        for index, cell in df[col.name].items():
            values = cell.split(LIST_SEPARATOR) if col.dtype == "list" else [cell]
            for value in (v.strip() for v in values):
                if value and value not in known and strip_controls(value) == value:
                    yield Problem(
                        table.name, line_of(index), col.name, f"{value!r} is not a known {' or '.join(targets)} id"
                    )


def _has_key(table_name: str, df: pd.DataFrame) -> bool:
    key = TABLES[table_name].key
    return bool(key) and key in df.columns


def _keys_of(raw: Raw, table_name: str) -> set[str]:
    """The table's keys; a key with a stray control character still counts (its own row is blamed)."""
    if table_name not in raw or not _has_key(table_name, raw[table_name]):
        return set()
    return {strip_controls(k) for k in raw[table_name][TABLES[table_name].key]}


def _points(table: Table, df: pd.DataFrame) -> Iterator[Problem]:
    """Each row's point rules, checked on whole columns; a row's problems come in the order they always did."""
    found: list[tuple[np.integer, int, Problem]] = []
    has_lat, has_lon = (df["lat"] != "").to_numpy(), (df["lon"] != "").to_numpy()
    quality, error, source = (
        df["geometry_quality"].to_numpy(),
        df["error_km"].to_numpy(),
        df["geometry_source_id"].to_numpy(),
    )
    for n in np.flatnonzero(has_lat != has_lon):
        found.append(
            (
                n,
                0,
                Problem(
                    table.name,
                    line_of(df.index[n]),
                    "lat" if not has_lat[n] else "lon",
                    "a point needs both lat and lon",
                ),
            )
        )
    for n in np.flatnonzero(~has_lat & ~has_lon & ~np.isin(quality, ["", "unknown"])):
        found.append(
            (
                n,
                0,
                Problem(
                    table.name,
                    line_of(df.index[n]),
                    "geometry_quality",
                    "a row without a point must have geometry_quality 'unknown'",
                ),
            )
        )
    lat_ok, lats = number_cells(df["lat"])
    lon_ok, lons = number_cells(df["lon"])
    placed = has_lat & has_lon & lat_ok & lon_ok  # unreadable numbers: already reported by the cell check
    min_lon, min_lat, max_lon, max_lat = GANSU_BOUNDS
    outside = placed & ~((lons >= min_lon) & (lons <= max_lon) & (lats >= min_lat) & (lats <= max_lat))
    for n in np.flatnonzero(outside):
        for problem in _position_problems(table.name, line_of(df.index[n]), float(lats[n]), float(lons[n])):
            found.append((n, 1, problem))
    rules = (
        (quality == "unknown", 2, "geometry_quality", "a row with a point cannot have geometry_quality 'unknown'"),
        (error == "", 3, "error_km", "a point must state its likely error in km"),
        (source == "", 4, "geometry_source_id", "a point must name the source of its coordinate"),
    )
    for broken, order, column, message in rules:
        for n in np.flatnonzero(placed & broken):
            found.append((n, order, Problem(table.name, line_of(df.index[n]), column, message)))
    for _, _, problem in sorted(found, key=lambda item: (item[0], item[1])):
        yield problem


def _position_problems(table: str, line: int, lat: float, lon: float) -> Iterator[Problem]:
    min_lon, min_lat, max_lon, max_lat = GANSU_BOUNDS
    inside = min_lon <= lon <= max_lon and min_lat <= lat <= max_lat
    if inside:
        return
    swapped = min_lon <= lat <= max_lon and min_lat <= lon <= max_lat
    if swapped:
        yield Problem(table, line, "lat", f"lat {lat}, lon {lon} looks swapped: lat and lon are reversed")
    elif abs(lat) > 90 or abs(lon) > 180:
        yield Problem(
            table,
            line,
            "lat",
            f"lat {lat}, lon {lon} are not degrees (projected coordinates? the atlas stores EPSG:4326)",
        )
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
    """Each parent cycle once, on its first member's line, naming its members only."""
    if name not in raw or not has_columns(raw[name], "id", "parent_id"):
        return
    df = raw[name]
    parent, line = {}, {}
    for index, (node, up) in enumerate(zip(df["id"], df["parent_id"], strict=False)):
        if node and node not in parent:
            parent[node], line[node] = up, line_of(df.index[index])
    done: set[str] = set()
    for start in parent:
        path: list[str] = []
        node = start
        while node in parent and node not in done and node not in path:
            path.append(node)
            node = parent[node]
        if node in path:  # the walk came back to itself: path[from node on] is a cycle
            members = path[path.index(node) :]
            first = min(members, key=line.__getitem__)
            chain = " → ".join(
                repr(m) for m in members[members.index(first) :] + members[: members.index(first)] + [first]
            )
            lines = ", ".join(str(line[m]) for m in sorted(members, key=line.__getitem__))
            yield Problem(
                name,
                line[first],
                "parent_id",
                f"parent cycle {chain} (line{'s' if len(members) > 1 else ''} {lines}): each of these is its own ancestor; "
                "change one parent_id to break it",
            )
        done.update(path)


def _area_geometries(raw: Raw) -> Iterator[Problem]:
    for name in ("areas", "rivers", "outlines", *BASEMAP_LAYERS):
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
            elif name in BASEMAP_LAYERS and not shapely.box(*BASEMAP_BOUNDS).contains(geom):
                yield Problem(name, row, "geometry", f"lies outside the basemap box {BASEMAP_BOUNDS} (lon/lat)")


def _quotes(raw: Raw, seeds_dir: Path) -> Iterator[Problem]:
    documents = load_documents(seeds_dir, raw["sources"])
    fact_tables = {n: df for n, df in raw.items() if TABLES[n].fact}
    for q in check_quotes(fact_tables, documents, check_length=False):  # length: a cell check
        yield Problem(q.table, q.row, "quote", f"{q.reason} ({q.source_id}): {q.quote!r}")
