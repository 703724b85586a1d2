"""Read the data folder into a typed, validated :class:`Catalogue`.

Loading is three steps: read every file as text (:func:`read_raw`), check it against
the schema (:func:`geo.validate.find_problems`), then type it and build geometries
(:func:`build_catalogue`). Nothing is typed before it has been checked, so a bad
cell gives a located message, never a conversion traceback.
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .errors import DataLoadError, DataValidationError, Problem
from .publish import finish_interrupted_publish
from .schema import CRS, LIST_SEPARATOR, TABLES, Table
from .settings import Settings


@dataclass
class Catalogue:
    """Every table of the atlas, typed; point tables are GeoDataFrames in EPSG:4326."""

    sources: pd.DataFrame
    sites: gpd.GeoDataFrame
    memberships: pd.DataFrame
    industries: pd.DataFrame
    site_industries: pd.DataFrame
    organizations: gpd.GeoDataFrame
    org_industries: pd.DataFrame
    indicators: pd.DataFrame
    projects: pd.DataFrame
    landmarks: gpd.GeoDataFrame
    areas: gpd.GeoDataFrame
    rivers: gpd.GeoDataFrame
    data_dir: Path | None = None
    outlines: gpd.GeoDataFrame | None = None  # site polygons (issue 10); after data_dir so positional use stays

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    @property
    def table_names(self) -> list[str]:
        return list(TABLES)

    @cached_property
    def scope_labels(self) -> dict[str, tuple[str, str]]:
        """Site id or area code -> (name_zh, name_en); a site wins over an area of the same key."""
        labels = {str(c): (zh, en) for c, zh, en in zip(self.areas["code"], self.areas["name_zh"], self.areas["name_en"])}
        labels.update({i: (zh, en) for i, zh, en in zip(self.sites["id"], self.sites["name_zh"], self.sites["name_en"])})
        return labels

    @cached_property
    def names(self):
        """Name resolution over this catalogue (built on first use)."""
        from .names import Resolver

        return Resolver(self)


def read_text(path: Path) -> str:
    """A data file's text; a non-UTF-8 file is an error that says which encoding it looks like."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataLoadError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = _encoding_hint(raw)
        raise DataLoadError(
            f"{path}: not UTF-8 (byte {exc.start}){hint}; save the file as UTF-8 and load it again"
        ) from exc


def _encoding_hint(raw: bytes) -> str:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return " — it reads as GBK/GB18030, as Excel on Chinese Windows writes CSV"


def read_csv_table(table: Table, path: Path) -> pd.DataFrame:
    """A CSV table as strings, empty cells as ''."""
    text = read_text(path)
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[])
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataLoadError(f"{path}: not a readable CSV table ({exc})") from exc
    return df.apply(lambda col: col.str.strip())


def read_geojson_table(table: Table, path: Path) -> gpd.GeoDataFrame:
    """A GeoJSON layer; its CRS must be EPSG:4326 (GeoJSON's own) or undeclared."""
    text = read_text(path)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataLoadError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc
    crs_name = (doc.get("crs") or {}).get("properties", {}).get("name", "")
    if crs_name and not any(k in crs_name for k in ("4326", "CRS84")):
        raise DataLoadError(f"{path}: coordinates are in {crs_name}; the atlas stores EPSG:4326 (WGS-84)")
    try:
        gdf = gpd.GeoDataFrame.from_features(doc.get("features", []), crs=CRS)
    except Exception as exc:  # shapely/geopandas raise several types for bad geometry
        raise DataLoadError(f"{path}: bad feature geometry ({exc})") from exc
    for col in table.column_names:
        if col not in gdf.columns:
            gdf[col] = ""
    for col in table.column_names:
        gdf[col] = gdf[col].fillna("").astype(str)
    return gdf


def read_raw(data_dir: Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Every table as text; unreadable files become problems, so all are reported together."""
    raw: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name, table in TABLES.items():
        path = Path(data_dir) / table.filename
        if not path.exists():
            problems.append(Problem(name, None, None, f"file {path} is missing"))
            continue
        reader = read_geojson_table if table.filename.endswith(".geojson") else read_csv_table
        try:
            raw[name] = reader(table, path)
        except DataLoadError as exc:
            problems.append(Problem(name, None, None, str(exc)))
    return raw, problems


def load_catalogue(data_dir: Path | str | None = None, *, seeds_dir: Path | None = None) -> Catalogue:
    """Read, validate and type the data folder.

    Parameters
    ----------
    data_dir : path, optional
        The folder holding the tables; defaults to ``LANBAI_DATA_DIR`` or the shipped ``data/``.
    seeds_dir : path, optional
        Where the source documents are, to check quotes; quotes are not checked when None.

    Raises
    ------
    DataValidationError
        With every problem found, each naming its table, line and column.
    """
    from .validate import find_problems

    data_dir = Path(data_dir) if data_dir is not None else Settings.from_env().data_dir
    finish_interrupted_publish(data_dir)  # a publish killed midway is completed (or undone) first
    raw, problems = read_raw(data_dir)
    problems += find_problems(raw, seeds_dir=seeds_dir)
    if problems:
        raise DataValidationError(problems)
    return build_catalogue(raw, data_dir)


def build_catalogue(raw: dict[str, pd.DataFrame], data_dir: Path | None = None) -> Catalogue:
    """Type validated text tables and attach point geometries and county codes."""
    typed = {name: _typed(TABLES[name], df) for name, df in raw.items()}
    for name, table in TABLES.items():
        if table.has_point:
            typed[name] = _with_points(typed[name])
    cat = Catalogue(**typed, data_dir=data_dir)
    cat.sites = _with_area_codes(cat.sites, cat.areas)
    cat.organizations = _with_area_codes(cat.organizations, cat.areas)
    return cat


def _typed(table: Table, df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in table.columns:
        if col.name not in out.columns:
            continue
        series = out[col.name]
        if col.dtype == "float":
            out[col.name] = pd.to_numeric(series.replace("", None), errors="coerce").astype(float)
        elif col.dtype == "int":
            out[col.name] = pd.to_numeric(series.replace("", None), errors="coerce").astype("Int64")
        elif col.dtype == "list":
            out[col.name] = series.map(split_list)
    return out


def split_list(text: str) -> list[str]:
    return [part.strip() for part in str(text or "").split(LIST_SEPARATOR) if part.strip()]


def _with_points(df: pd.DataFrame) -> gpd.GeoDataFrame:
    has_point = df["lat"].notna() & df["lon"].notna()
    geometry = gpd.points_from_xy(df["lon"].where(has_point), df["lat"].where(has_point))
    gdf = gpd.GeoDataFrame(df, geometry=geometry, crs=CRS)
    gdf.loc[~has_point, "geometry"] = None
    return gdf


def _with_area_codes(points: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add county_code and city_code: the county/city polygon each point falls in ('' when none)."""
    points = points.copy()
    for level, column in (("county", "county_code"), ("city", "city_code")):
        polygons = areas.loc[areas["level"] == level, ["code", "geometry"]]
        located = points.loc[points.geometry.notna(), ["geometry"]]
        joined = gpd.sjoin(located, polygons, how="left", predicate="within")
        joined = joined[~joined.index.duplicated(keep="first")]
        points[column] = joined["code"].reindex(points.index).fillna("")
    return points
