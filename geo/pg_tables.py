"""Reading and writing the catalogue tables of the PostGIS store as the raw text tables the atlas uses.

A cell is text as in the data files, an empty cell is NULL; ``fid`` keeps the row order; a GeoJSON
layer's geometry is the ``geom`` column (SRID 4326, written as WKB). Point tables derive ``geom``
from lat/lon in the database (a generated column), so it is never written here.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from .changesets import Raw, is_geo
from .schema import CRS, TABLES


def read_tables(conn) -> Raw:
    """Every catalogue table, in row order, as text frames (GeoDataFrames for GeoJSON layers).

    A column files may leave out (visibility) is left out when no row fills it, as the data folder has it.
    """
    return {name: _without_empty_optional(name, _read_table(conn, name)) for name in TABLES}


def _without_empty_optional(name: str, df: pd.DataFrame) -> pd.DataFrame:
    empty = [c.name for c in TABLES[name].columns if c.may_be_absent and not (df[c.name] != "").any()]
    return df.drop(columns=empty) if empty else df


def _read_table(conn, name: str) -> pd.DataFrame:
    table = TABLES[name]
    columns = table.column_names
    select = ", ".join(f"coalesce(\"{c}\", '')" for c in columns)
    if is_geo(table):
        select += ", ST_AsBinary(geom)"
    rows = conn.execute(f"SELECT {select} FROM {name} ORDER BY fid").fetchall()
    if not is_geo(table):
        return (
            pd.DataFrame([r for r in rows], columns=columns, dtype=str)
            if rows
            else pd.DataFrame({c: pd.Series(dtype=str) for c in columns})
        )
    frame = (
        pd.DataFrame([r[:-1] for r in rows], columns=columns, dtype=str)
        if rows
        else pd.DataFrame({c: pd.Series(dtype=str) for c in columns})
    )
    geometries = [shapely.from_wkb(bytes(r[-1])) if r[-1] is not None else None for r in rows]
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometries, crs=CRS, index=frame.index))


def write_table(conn, name: str, df: pd.DataFrame) -> None:
    """Replace every row of table ``name`` with ``df`` (inside the caller's transaction)."""
    table = TABLES[name]
    columns = [c for c in table.column_names if c in df.columns]
    names = ", ".join(["fid", *(f'"{c}"' for c in columns)])
    marks = ", ".join(["%s"] * (len(columns) + 1))
    if is_geo(table):
        names += ", geom"
        marks += ", ST_GeomFromWKB(%s, 4326)"
    rows = []
    for fid, (_, record) in enumerate(df.iterrows(), start=1):
        values = [fid, *(_cell(record[c]) for c in columns)]
        if is_geo(table):
            geom = record.get("geometry")
            values.append(None if geom is None or (isinstance(geom, float) and geom != geom) else shapely.to_wkb(geom))
        rows.append(values)
    conn.execute(f"DELETE FROM {name}")
    with conn.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {name} ({names}) VALUES ({marks})", rows)
    conn.execute(f"SELECT setval(pg_get_serial_sequence('{name}', 'fid'), greatest(%s, 1))", (len(rows),))


def _cell(value) -> str | None:
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    return text if text != "" else None
