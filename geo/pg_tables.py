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
    """Replace every row of table ``name`` with ``df`` (inside the caller's transaction).

    The rows go in with one ``COPY``: one statement, so the version trigger fires once and
    100,000 rows take seconds, not minutes of single inserts.
    """
    table = TABLES[name]
    columns = [c for c in table.column_names if c in df.columns]
    names = ", ".join(["fid", *(f'"{c}"' for c in columns)])
    geo = is_geo(table)
    if geo:
        names += ", geom"
    conn.execute(f"DELETE FROM {name}")
    cells = [df[c].tolist() for c in columns]
    geometries = _ewkb_hex(df) if geo else []
    with conn.cursor() as cursor, cursor.copy(f"COPY {name} ({names}) FROM STDIN") as copy:
        for at in range(len(df)):
            values = [at + 1, *(_cell(column[at]) for column in cells)]
            if geo:
                values.append(geometries[at])
            copy.write_row(values)
    conn.execute(f"SELECT setval(pg_get_serial_sequence('{name}', 'fid'), greatest(%s, 1))", (len(df),))


def _ewkb_hex(df: pd.DataFrame) -> list[str | None]:
    """Each row's geometry as hex EWKB with SRID 4326 (what COPY's text format takes), None when absent."""
    out: list[str | None] = []
    for geom in df["geometry"] if "geometry" in df.columns else [None] * len(df):
        if geom is None or (isinstance(geom, float) and geom != geom):
            out.append(None)
        else:
            out.append(shapely.to_wkb(shapely.set_srid(geom, 4326), hex=True, include_srid=True))
    return out


def _cell(value) -> str | None:
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    return text if text != "" else None
