"""Is each point where its row says it is? Checks against the administrative outlines.

A point inside Gansu's bounding box may still lie in a neighbouring province, and a point
inside Gansu may lie outside the city (or county) its own row states — a site placed in
the wrong city, or shifted by a datum error such as GCJ-02. Every column that names an area
(:attr:`geo.schema.Column.located_in`: ``city``, ``county``) is checked the same way: the
distance from the point to that area's outline is compared with the row's ``error_km``.
Farther than the stated error, the row is wrong (a problem); within it, a warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from .cells import parse_number
from .errors import WARNING, CellError, Problem
from .fast_cells import number_cells
from .schema import CRS, GANSU_BOUNDS, PROJECTED_CRS, TABLES

Raw = dict[str, pd.DataFrame]
# Estimated points may sit a little outside a simplified outline; beyond this margin they are errors.
PROVINCE_MARGIN_DEG = 0.05
_AREA_SUFFIXES = ("市", "区", "县")
_AREA_COLUMNS = ("code", "name_zh", "name_en", "level")


@dataclass(frozen=True)
class _Point:
    table: str
    line: int
    lat: float
    lon: float
    row: dict


@dataclass(frozen=True)
class _Area:
    label: str
    outline: shapely.Geometry  # shapely geometry in PROJECTED_CRS (metres)


def placement_problems(raw: Raw) -> Iterator[Problem]:
    """Points outside Gansu's outline, and points outside the city or county their row states.

    Parameters
    ----------
    raw : the text tables (a table without lat/lon, or areas without their columns, is skipped)
    """
    province = _province_outline(raw)
    if province is not None:
        shapely.prepare(province)
    areas = _areas_by_name(raw)
    outside_problems, stated = [], []
    for name, df in raw.items():
        if not TABLES[name].has_point or not {"lat", "lon"} <= set(df.columns):
            continue
        at, lats, lons = _placed_points(df)
        inside = shapely.contains_xy(province, lons, lats) if province is not None else np.ones(len(at), bool)
        for n in np.flatnonzero(~inside):
            outside_problems.append(
                Problem(
                    name,
                    int(df.index[at[n]]) + 2,
                    "lat",
                    f"lat {float(lats[n])}, lon {float(lons[n])} lies outside Gansu's outline",
                )
            )
        if areas and any(c.located_in for c in TABLES[name].columns):  # only tables that state a city or county
            rows = df.iloc[at[inside]].to_dict("records")
            stated += [
                _Point(name, int(df.index[k]) + 2, float(la), float(lo), row)
                for k, la, lo, row in zip(at[inside], lats[inside], lons[inside], rows, strict=False)
            ]
    yield from outside_problems
    if areas:
        yield from _stated_area_problems(stated, areas)


def _placed_points(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(positions, lats, lons) of rows whose lat/lon read as numbers inside Gansu's box (others: the point check)."""
    lat_ok, lats = number_cells(df["lat"])
    lon_ok, lons = number_cells(df["lon"])
    min_lon, min_lat, max_lon, max_lat = GANSU_BOUNDS
    with np.errstate(invalid="ignore"):
        ok = lat_ok & lon_ok & (lons >= min_lon) & (lons <= max_lon) & (lats >= min_lat) & (lats <= max_lat)
    at = np.flatnonzero(ok)
    return at, lats[at], lons[at]


def _province_outline(raw: Raw):
    areas = raw.get("areas")
    if areas is None or "level" not in areas.columns:
        return None
    outline = areas.loc[areas["level"] == "province"].geometry
    outline = outline[outline.notna()]
    if outline.empty or not all(g.is_valid for g in outline):
        return None
    return shapely.union_all(list(outline)).buffer(PROVINCE_MARGIN_DEG)


def _areas_by_name(raw: Raw) -> dict[tuple[str, str], _Area]:
    """(level, name) -> area, by code, Chinese and English name and short name (兰州 for 兰州市)."""
    areas = raw.get("areas")
    if areas is None or not set(_AREA_COLUMNS) <= set(areas.columns):
        return {}
    usable = areas[[g is not None and not g.is_empty and g.is_valid for g in areas.geometry]]
    if usable.empty:
        return {}
    projected = gpd.GeoSeries(list(usable.geometry), crs=CRS).to_crs(PROJECTED_CRS)
    found: dict[tuple[str, str], _Area] = {}
    for (_, row), outline in zip(usable.iterrows(), projected, strict=False):
        area = _Area(f"{row['name_zh']} ({row['code']})", outline)
        names = {row["code"], row["name_zh"], row["name_en"]}
        if row["name_zh"].endswith(_AREA_SUFFIXES) and len(row["name_zh"]) > 2:
            names.add(row["name_zh"][:-1])
        for name in names - {""}:
            found.setdefault((row["level"], name), area)
    return found


def _stated_area_problems(points: list[_Point], areas: dict[tuple[str, str], _Area]) -> Iterator[Problem]:
    to_metres = Transformer.from_crs(CRS, PROJECTED_CRS, always_xy=True)
    for p in points:
        for col in TABLES[p.table].columns:
            stated = p.row.get(col.name, "") if col.located_in else ""
            area = areas.get((col.located_in, stated)) if col.located_in and stated else None
            if area is None:
                continue  # no stated area, or no outline for it: nothing to compare with
            km = area.outline.distance(shapely.Point(*to_metres.transform(p.lon, p.lat))) / 1000
            if km > 0:
                yield _outside_stated(p, col.name, area, km)


def _outside_stated(p: _Point, column: str, area: _Area, km: float) -> Problem:
    try:
        error_km = parse_number(p.row.get("error_km", ""))
    except CellError:
        error_km = 0.0  # missing or unreadable: reported by the point check
    where = f"lat {p.lat}, lon {p.lon} lies {km:.2f} km outside {area.label}, the {column} this row states"
    if km > error_km:
        return Problem(
            p.table,
            p.line,
            "lat",
            f"{where} — farther than its error_km ({error_km:g} km): "
            f"wrong coordinates (another place? a GCJ-02 shift?) or a wrong {column}",
        )
    return Problem(p.table, p.line, "lat", f"{where}, within its error_km ({error_km:g} km)", WARNING)
