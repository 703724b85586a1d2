"""Read an uploaded file into text rows, each with the line it came from; never guess, never garble.

CSV: UTF-8, UTF-8 with a byte-order mark, UTF-16 with a BOM, and GBK/GB18030 (as Excel on Chinese
Windows writes) are decoded strictly and the encoding found is reported; anything else is refused.
Excel: the first sheet (or the one named like the table) of an .xlsx workbook. Geometries: GeoJSON,
a zipped Shapefile (with its .prj) or a GeoPackage layer, converted to EPSG:4326 with pyproj;
coordinates declared GCJ-02 or BD-09 are shifted to WGS-84; a file with no CRS is refused.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS as ProjCRS
from pyproj import Transformer
from pyproj.exceptions import CRSError

from .changesets import LocatedProblem, geometry_mapping
from .coords import bd09_to_wgs84, gcj02_to_wgs84, geometry_from_bd09, geometry_from_gcj02
from .schema import CRS

CSV_SUFFIXES = (".csv", ".txt")
EXCEL_SUFFIXES = (".xlsx",)
GEO_SUFFIXES = (".geojson", ".json", ".zip", ".gpkg")
DATUMS = ("wgs84", "gcj02", "bd09")
COORD_DECIMALS = 7  # about 1 cm: more digits are noise from the projection


class ImportRefused(Exception):
    """Raised inside the readers with the located problems; turned into ChangeRefusedError by imports."""

    def __init__(self, problems: list[LocatedProblem]):
        self.problems = problems
        super().__init__("; ".join(map(str, problems)))


@dataclass
class ImportedRows:
    """What a file holds: its columns, rows as text (plus a geometry mapping), each row's line, and notes."""

    file: str
    columns: list[str]
    rows: list[dict]
    lines: list[int]
    notes: list[str] = field(default_factory=list)


def refuse(file: str, message: str, line: int | None = None, column: str | None = None) -> ImportRefused:
    """Build the refusal of an import file, located at a line and column when known."""
    return ImportRefused([LocatedProblem(file, line, column, message)])


# -- text tables -----------------------------------------------------------------------------------
def decode_text(name: str, data: bytes) -> tuple[str, str]:
    """(text, encoding description); refuses binary content and unknown encodings."""
    if data.startswith(b"PK\x03\x04"):
        raise refuse(name, "is a zip or Excel file, not CSV text; save it as 'CSV UTF-8' or upload it as .xlsx")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16 with byte-order mark"
    nul = data.find(b"\x00")
    if nul >= 0:
        raise refuse(name, f"is binary, not CSV text (byte {nul} is NUL); save it as 'CSV UTF-8'")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 with byte-order mark"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        bad = exc.start
    try:
        return data.decode("gb18030"), "GBK/GB18030 (converted to UTF-8)"
    except UnicodeDecodeError:
        pass
    line = data[:bad].count(b"\n") + 1
    raise refuse(name, f"is neither UTF-8 nor GBK/GB18030 (first bad byte {bad}); save it as 'CSV UTF-8'", line)


def read_csv_rows(name: str, data: bytes) -> ImportedRows:
    """CSV rows with their file lines (the header is line 1; a quoted line break spans lines)."""
    text, encoding = decode_text(name, data)
    if not text.strip():
        raise refuse(name, "is empty: it has no header and no rows", 1)
    notes = [f"{name}: encoding {encoding}"]
    if "\r\n" in text:
        notes.append(f"{name}: Windows line endings (CRLF), read as usual")
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines)
    try:
        header = [h.strip() for h in next(reader)]
        records = [(reader.line_num, fields) for fields in reader]
    except csv.Error as exc:
        raise refuse(name, f"is not a readable CSV table ({exc})", reader.line_num) from exc
    return _text_rows(name, header, records, notes)


def read_excel_rows(name: str, data: bytes, sheet_hint: str) -> ImportedRows:
    """The rows of the sheet named like the table, or of the first sheet."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError and its own errors for a broken file
        raise refuse(name, f"is not a readable Excel .xlsx workbook ({type(exc).__name__})") from exc
    sheet = book[sheet_hint] if sheet_hint in book.sheetnames else book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    book.close()
    if not rows or all(v is None for v in rows[0]):
        raise refuse(name, f"sheet {sheet.title!r} is empty: it has no header and no rows", 1)
    header = [_cell_text(v) for v in rows[0]]
    while header and not header[-1]:
        header.pop()
    records = [(n, [_cell_text(v) for v in row[: len(header)]]) for n, row in enumerate(rows[1:], start=2)]
    return _text_rows(name, header, records, [f"{name}: sheet {sheet.title!r}"])


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if getattr(value, "hour", 0) == 0 else value.isoformat()
    return str(value).strip()


def _text_rows(name: str, header: list[str], records, notes: list[str]) -> ImportedRows:
    problems = [
        LocatedProblem(
            name, 1, h or None, "the header has an empty column name" if not h else f"column {h!r} appears twice"
        )
        for i, h in enumerate(header)
        if not h or h in header[:i]
    ]
    rows, lines = [], []
    for line, fields in records:
        if not any(f.strip() for f in fields):
            continue
        if len(fields) > len(header):
            problems.append(LocatedProblem(name, line, None, f"has {len(fields)} cells, the header has {len(header)}"))
            continue
        rows.append({h: (fields[i].strip() if i < len(fields) else "") for i, h in enumerate(header)})
        lines.append(line)
    if problems:
        raise ImportRefused(problems)
    return ImportedRows(name, header, rows, lines, notes)


# -- geometry files ----------------------------------------------------------------------------------
def read_geometry_rows(path: Path, name: str, *, crs: str | None, datum: str, layer: str | None) -> ImportedRows:
    """Features as rows (properties as text, geometry in EPSG:4326 as a mapping); line = feature number."""
    source, layer, notes = _geometry_source(path, name, layer, crs)
    try:
        gdf = pyogrio.read_dataframe(source, layer=layer)
    except Exception as exc:  # GDAL reports unreadable files with several error types
        raise refuse(name, f"cannot be read as a geometry file ({exc})") from exc
    if gdf.crs is None and not crs:
        raise refuse(
            name,
            "declares no coordinate reference system (a Shapefile needs its .prj); give it with "
            "--crs EPSG:code — the atlas never guesses",
            None,
            "geometry",
        )
    declared = _crs(name, crs) if crs else None
    if declared is not None and gdf.crs is not None and not declared.equals(gdf.crs):
        raise refuse(name, f"declares {gdf.crs.to_string()} but --crs says {crs}", None, "geometry")
    gdf = gdf.set_crs(declared) if gdf.crs is None else gdf
    notes.append(f"{name}: CRS {gdf.crs.to_string()} ({gdf.crs.name}) converted to {CRS}")
    gdf = gdf.to_crs(CRS)
    geometries = [_shift(g, datum) for g in gdf.geometry]
    if datum != "wgs84":
        notes.append(f"{name}: coordinates shifted from {datum.upper()} to WGS-84")
    columns = [c for c in gdf.columns if c != "geometry"]
    rows = []
    for (_, record), geom in zip(gdf[columns].iterrows(), geometries, strict=False):
        row: dict[str, Any] = {c: "" if _missing(record[c]) else _cell_text(record[c]) for c in columns}
        row["geometry"] = geometry_mapping(geom)
        rows.append(row)
    return ImportedRows(name, columns, rows, list(range(1, len(rows) + 1)), notes)


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array cell: not missing
        return False


def _geometry_source(path: Path, name: str, layer: str | None, crs: str | None):
    suffix = path.suffix.lower()
    if suffix == ".zip":
        try:
            members = zipfile.ZipFile(path).namelist()
        except zipfile.BadZipFile as exc:
            raise refuse(name, "is not a readable zip file") from exc
        shapefiles = [m for m in members if m.lower().endswith(".shp")]
        if len(shapefiles) != 1:
            raise refuse(name, f"must hold exactly one .shp Shapefile (found {len(shapefiles)})")
        stem = shapefiles[0][:-4]
        if not any(m.lower() == (stem + ".prj").lower() for m in members) and not crs:
            raise refuse(
                name,
                f"{shapefiles[0]} has no .prj: its coordinate reference system is unknown; add the "
                ".prj or give --crs EPSG:code — the atlas never guesses",
                None,
                "geometry",
            )
        return f"/vsizip/{path}/{shapefiles[0]}", None, [f"{name}: Shapefile {shapefiles[0]}"]
    if suffix == ".gpkg":
        try:
            layers = [str(row[0]) for row in pyogrio.list_layers(path)]
        except Exception as exc:  # not a GeoPackage
            raise refuse(name, f"is not a readable GeoPackage ({exc})") from exc
        if layer is None and len(layers) != 1:
            raise refuse(name, f"has {len(layers)} layers ({', '.join(layers)}); name the one to import")
        chosen = layer or layers[0]
        if chosen not in layers:
            raise refuse(name, f"has no layer {chosen!r} (layers: {', '.join(layers)})")
        return str(path), chosen, [f"{name}: GeoPackage layer {chosen!r}"]
    return str(path), None, []


def _crs(name: str, text: str) -> ProjCRS:
    try:
        return ProjCRS.from_user_input(text)
    except CRSError as exc:
        raise refuse(name, f"--crs {text!r} is not a known coordinate reference system") from exc


def _shift(geom, datum: str):
    if geom is None or geom.is_empty:
        return geom
    if datum == "gcj02":
        geom = geometry_from_gcj02(geom)
    elif datum == "bd09":
        geom = geometry_from_bd09(geom)
    return shapely.transform(geom, lambda c: np.round(c, COORD_DECIMALS))


# -- coordinates of text tables --------------------------------------------------------------------
def convert_lat_lon(imported: ImportedRows, crs: str | None, datum: str) -> None:
    """Turn the lat/lon cells of a text table into WGS-84 (a projected --crs reads lon as x, lat as y)."""
    if "lat" not in imported.columns or "lon" not in imported.columns:
        return
    transformer = None
    if crs:
        source = _crs(imported.file, crs)
        if not source.equals(ProjCRS.from_user_input(CRS)):
            transformer = Transformer.from_crs(source, CRS, always_xy=True)
            imported.notes.append(f"{imported.file}: lat/lon converted from {crs} ({source.name}) to {CRS}")
    shift = {"gcj02": gcj02_to_wgs84, "bd09": bd09_to_wgs84}.get(datum)
    if shift:
        imported.notes.append(f"{imported.file}: lat/lon shifted from {datum.upper()} to WGS-84")
    if transformer is None and shift is None:
        return
    for row in imported.rows:
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            continue  # empty or not a number: the validator locates it
        if transformer is not None:
            lon, lat = transformer.transform(lon, lat)
        if shift is not None:
            lat, lon = shift(lat, lon)
        row["lat"], row["lon"] = f"{lat:.6f}", f"{lon:.6f}"
