"""Read the data folder into a typed, validated :class:`Catalogue`.

Loading is three steps: read every file as text (:func:`read_raw`), check it against
the schema (:func:`geo.validate.check_tables`), then type it and build geometries
(:func:`build_catalogue`). Both the check and the typing read each cell with the one
parser :func:`geo.cells.parse_cell`, so a bad cell gives a located message, never a
conversion traceback, and nothing that passed the check is read differently.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely.geometry

from .cells import parse_cell, with_points
from .errors import CellError, DataLoadError, DataValidationError, Problem
from .fast_cells import float_values
from .publish import finish_interrupted_publish
from .schema import CRS, TABLES, Table
from .settings import settings

# The file that marks a benchmark folder written by ``python -m geo synth``.
SYNTHETIC_MARKER = "SYNTHETIC.txt"


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
    warnings: list[Problem] = field(default_factory=list)  # validation warnings (they do not block loading)
    # Issue 12 (the investor's map): after the fields above so positional use stays.
    enterprises: gpd.GeoDataFrame | None = None
    parcels: gpd.GeoDataFrame | None = None
    industry_codes: pd.DataFrame | None = None
    code_chains: pd.DataFrame | None = None
    # Issue 9 §5: the basemap reference layers (geo/basemap_schema.py says which ship on).
    railways: gpd.GeoDataFrame | None = None
    stations: gpd.GeoDataFrame | None = None
    towns: gpd.GeoDataFrame | None = None

    @property
    def is_synthetic(self) -> bool:
        """Whether any row is synthetic (a benchmark folder from ``python -m geo synth``): views must say so."""
        for name in ("enterprises", "parcels"):
            df = getattr(self, name, None)
            if df is not None and "synthetic" in df.columns and (df["synthetic"] == "true").any():
                return True
        return bool(self.data_dir is not None and (Path(self.data_dir) / SYNTHETIC_MARKER).exists())

    def table(self, name: str) -> pd.DataFrame:
        """Return the table called ``name``."""
        return getattr(self, name)

    @property
    def table_names(self) -> list[str]:
        """List the names of the catalogue's tables."""
        return list(TABLES)

    @cached_property
    def scope_labels(self) -> dict[str, tuple[str, str]]:
        """Site id or area code -> (name_zh, name_en); a site wins over an area of the same key."""
        labels = {
            str(c): (zh, en)
            for c, zh, en in zip(self.areas["code"], self.areas["name_zh"], self.areas["name_en"], strict=False)
        }
        labels.update(
            {
                i: (zh, en)
                for i, zh, en in zip(self.sites["id"], self.sites["name_zh"], self.sites["name_en"], strict=False)
            }
        )
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
    """A CSV table as strings, empty cells as '', one record per line.

    A cell running over a line break is refused: the atlas's cells are one line, so it is
    a quote opened and never closed, which would shift every later field and line number.
    """
    text = read_text(path)
    records = _csv_records(text, path)
    if not records:
        raise DataLoadError(f"{path}: not a readable CSV table (the file is empty: no header line)")
    header = [name.strip() for name in records[0][1]]
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise DataLoadError(f"{path}: column(s) {', '.join(map(repr, repeated))} appear more than once in the header")
    uneven = [f"line {line} has {len(fields)}" for line, fields in records[1:] if len(fields) != len(header)]
    if uneven:
        more = f" (and {len(uneven) - 5} more lines)" if len(uneven) > 5 else ""
        raise DataLoadError(
            f"{path}: not a readable CSV table (the header has {len(header)} fields but {'; '.join(uneven[:5])}{more})"
        )
    return pd.DataFrame([[cell.strip() for cell in fields] for _, fields in records[1:]], columns=header, dtype=str)


def _csv_records(text: str, path: Path) -> list[tuple[int, list[str]]]:
    """(first line, fields) of each non-blank record; quoting errors name the line they start on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, last_line = [], 0
    try:
        for fields in reader:
            start = last_line + 1
            if reader.line_num > start:
                raise DataLoadError(
                    f"{path}: unbalanced quote starting on line {start} "
                    f"(the cell runs on to line {reader.line_num}; close the quote or remove it)"
                )
            last_line = reader.line_num
            if fields:
                records.append((start, fields))
    except csv.Error as exc:
        start = last_line + 1
        if reader.line_num > start or "end of data" in str(exc):
            raise DataLoadError(f"{path}: unbalanced quote starting on line {start} (it is never closed)") from None
        raise DataLoadError(f"{path}: line {start}: a quoted cell must end at its closing quote ({exc})") from None
    return records


def read_geojson_table(table: Table, path: Path) -> gpd.GeoDataFrame:
    """A GeoJSON FeatureCollection; its CRS must be EPSG:4326 (GeoJSON's own) or undeclared.

    A file that is not a FeatureCollection, and features whose properties are not an object or
    whose geometry is not GeoJSON, are refused with the feature's number; a null geometry is
    read as None and reported by validation.
    """
    doc = _json_document(read_text(path), path)
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        found = f"a {doc.get('type')!r} object" if isinstance(doc, dict) else f"a JSON {type(doc).__name__}"
        raise DataLoadError(f"{path}: not a GeoJSON FeatureCollection (the file holds {found})")
    features = doc.get("features")
    if not isinstance(features, list) or not (features or table.may_be_empty):
        raise DataLoadError(f"{path}: the FeatureCollection has no 'features' list, or it is empty")
    crs = doc.get("crs")
    crs_name = str(((crs.get("properties") or {}) if isinstance(crs, dict) else {}).get("name", "") or "")
    if crs_name and not any(k in crs_name for k in ("4326", "CRS84")):
        raise DataLoadError(f"{path}: coordinates are in {crs_name}; the atlas stores EPSG:4326 (WGS-84)")
    properties, geometries, errors = [], [], []
    for number, feature in enumerate(features, start=1):
        try:
            props, geom = _feature(feature)
        except ValueError as exc:
            errors.append(f"feature {number}: {exc}")
            continue
        properties.append(props)
        geometries.append(geom)
    if errors:
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        raise DataLoadError(f"{path}: " + "; ".join(errors[:5]) + more)
    gdf = gpd.GeoDataFrame(
        pd.DataFrame(properties, index=range(len(properties))), geometry=gpd.GeoSeries(geometries, crs=CRS)
    )
    for col in table.column_names:
        if col not in gdf.columns:
            gdf[col] = ""
    for col in table.column_names:
        gdf[col] = gdf[col].fillna("").astype(str)
    return gdf


def _json_document(text: str, path: Path):
    """Parsed JSON; NaN, Infinity and numbers too large for a float are refused (not JSON numbers)."""

    def refuse(token):
        raise ValueError(f"{token} is not a JSON number")

    def finite(token):
        value = float(token)
        return value if math.isfinite(value) else refuse(token)

    try:
        return json.loads(text, parse_constant=refuse, parse_float=finite)
    except json.JSONDecodeError as exc:
        raise DataLoadError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc
    except (ValueError, RecursionError) as exc:
        raise DataLoadError(f"{path}: not valid JSON ({exc})") from exc


def _feature(feature) -> tuple[dict, object]:
    """(properties, shapely geometry or None) of one GeoJSON feature; ValueError says what is wrong."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise ValueError("is not a GeoJSON Feature object")
    props = feature.get("properties")
    if props is not None and not isinstance(props, dict):
        raise ValueError(f"'properties' must be an object, not a JSON {type(props).__name__}")
    if props and "geometry" in props:
        raise ValueError("a property may not be called 'geometry' (that name is the feature's shape)")
    geometry = feature.get("geometry")
    if geometry is None:
        return props or {}, None
    try:
        return props or {}, shapely.geometry.shape(geometry)
    except Exception as exc:  # shapely raises several types (TypeError, KeyError, GeometryTypeError …)
        raise ValueError(f"'geometry' is not a GeoJSON geometry ({type(exc).__name__}: {exc})") from None


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


def load_catalogue(
    data_dir: Path | str | None = None, *, seeds_dir: Path | None = None, check_quotes: bool = True
) -> Catalogue:
    """Read, validate and type the data folder.

    Parameters
    ----------
    data_dir : path, optional
        The folder holding the tables; defaults to ``LANBAI_DATA_DIR`` or the shipped ``data/``.
    seeds_dir : path, optional
        Where the source documents are, to check quotes; defaults to
        :func:`geo.quotes.default_seeds_dir` (``LANBAI_SEEDS`` or ``../shared/seeds``).
    check_quotes : bool
        Check every quote against its document when the documents are found (the default:
        a quote that is not in its document blocks loading like any other problem). False
        skips that check only; a quote's length is still checked.

    Raises
    ------
    DataValidationError
        With every problem found, each naming its table, line and column.
    """
    from .quotes import default_seeds_dir

    data_dir = Path(data_dir) if data_dir is not None else settings().data_dir
    finish_interrupted_publish(data_dir)  # a publish killed midway is completed (or undone) first
    if check_quotes and seeds_dir is None:
        seeds_dir = default_seeds_dir()
    from .snapshot import load_snapshot  # issue 12: a validated snapshot reused while nothing changed

    seeds = seeds_dir if check_quotes else None
    return load_snapshot(data_dir, seeds, lambda: _validated_catalogue(data_dir, seeds))


def _validated_catalogue(data_dir: Path, seeds_dir: Path | None) -> Catalogue:
    from .validate import check_tables

    raw, problems = read_raw(data_dir)
    findings = check_tables(raw, seeds_dir=seeds_dir)
    problems += [p for p in findings if p.blocking]
    warnings = [p for p in findings if not p.blocking]
    if problems:
        raise DataValidationError(problems, warnings)
    cat = build_catalogue(raw, data_dir)
    cat.warnings = warnings
    return cat


def build_catalogue(raw: dict[str, pd.DataFrame], data_dir: Path | None = None) -> Catalogue:
    """Type validated text tables and attach point geometries and county codes."""
    typed = {name: _typed(TABLES[name], df) for name, df in raw.items()}
    for name, table in TABLES.items():
        if table.has_point:
            typed[name] = with_points(typed[name])
    cat = Catalogue(**typed, data_dir=data_dir)
    cat.sites = _with_area_codes(cat.sites, cat.areas)
    cat.organizations = _with_area_codes(cat.organizations, cat.areas)
    return cat


def _typed(table: Table, df: pd.DataFrame) -> pd.DataFrame:
    """Each typed column read cell by cell with :func:`geo.cells.parse_cell`, as validation read it."""
    out = df.copy()
    for col in table.columns:
        if col.name not in out.columns or col.dtype == "str":
            continue
        fast = float_values(col, out[col.name])  # every cell a plain number: typed at once
        if fast is not None:
            out[col.name] = pd.Series(fast, index=out.index, dtype=float)
            continue
        try:  # each distinct text parsed once (100,000 rows repeat few values); list cells then share one list
            parsed = {text: parse_cell(col, text) for text in pd.unique(out[col.name])}
            values = [parsed[text] for text in out[col.name]]
        except CellError as exc:  # only when called on data that skipped validation
            raise DataValidationError([Problem(table.name, None, col.name, str(exc))]) from None
        if col.dtype == "float":
            out[col.name] = pd.Series(values, index=out.index, dtype=float)
        elif col.dtype == "int":
            out[col.name] = pd.Series(pd.array(values, dtype="Int64"), index=out.index)
        else:
            out[col.name] = pd.Series(values, index=out.index, dtype=object)
    return out


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
