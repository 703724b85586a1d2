"""Write tables and the whole catalogue as GeoPackage, GeoJSON, CSV or Excel.

Byte-returning functions serve the app's download buttons; :func:`export_catalogue`
serves the command line. Files follow :mod:`geo.safe_files`: written to a temporary file beside
the target and moved into place only when complete, never over an existing file without
``force``, never deleting a folder, never into the data folder.

CSV and Excel cells are spreadsheet-safe (OWASP CSV injection guidance): a text cell starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so no spreadsheet
evaluates it as a formula; numbers stay numbers.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from contextlib import ExitStack
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from .errors import ExportError
from .load import Catalogue
from .safe_files import atomic_file, check_file_target, check_folder_target, folder_for, remove_stale_temps, write_bytes
from .schema import BASEMAP_LAYERS, CRS, LIST_SEPARATOR, TABLES

FORMATS = ("gpkg", "geojson", "csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
}


def flat(df: pd.DataFrame) -> pd.DataFrame:
    """Lists joined with '|', geometry dropped (lat/lon columns carry points): fit for CSV and Excel."""
    out = pd.DataFrame(df.drop(columns="geometry", errors="ignore")).copy()
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, tuple))).any():
            out[col] = out[col].map(lambda v: LIST_SEPARATOR.join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


# What a spreadsheet reads as the start of a formula (OWASP "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells (and column names) that a spreadsheet would evaluate, prefixed with ``'``.

    Only ``str`` values change: a negative number in a numeric column stays a number.
    """
    out = df.rename(columns=_inert)
    for col in out.columns:
        if pd.api.types.is_numeric_dtype(out[col]):
            continue
        formula = out[col].map(_is_formula).astype(bool)
        if formula.any():
            out.loc[formula, col] = "'" + out.loc[formula, col]
    return out


def _is_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _inert(value):
    return "'" + value if _is_formula(value) else value


def _flat_geo(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = flat(gdf)
    return gpd.GeoDataFrame(out, geometry=gdf.geometry.values, crs=gdf.crs or CRS)


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel on Chinese Windows shows the Chinese text."""
    return spreadsheet_safe(flat(df)).to_csv(index=False).encode("utf-8-sig")


def to_excel_bytes(frames: dict[str, pd.DataFrame] | pd.DataFrame) -> bytes:
    """Write one table, or several as sheets, into an Excel workbook and return its bytes."""
    frames = {"data": frames} if isinstance(frames, pd.DataFrame) else frames
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, df in frames.items():
            spreadsheet_safe(flat(df)).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def to_geojson_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    """Located rows only (GeoJSON features need a geometry)."""
    located = gdf[gdf.geometry.notna()]
    return _flat_geo(located).to_json(ensure_ascii=False, drop_id=True).encode("utf-8")


def to_gpkg_bytes(layers: dict[str, pd.DataFrame] | gpd.GeoDataFrame) -> bytes:
    """Write one layer, or several, into a GeoPackage and return its bytes."""
    layers = {"sites": layers} if isinstance(layers, pd.DataFrame) else layers
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.gpkg"
        _write_gpkg(layers, path)
        return path.read_bytes()


def frame_bytes(df: pd.DataFrame, fmt: str) -> bytes:
    """One table in one format (used by download buttons)."""
    if fmt == "csv":
        return to_csv_bytes(df)
    if fmt == "xlsx":
        return to_excel_bytes(df)
    if fmt == "geojson":
        return to_geojson_bytes(df)
    if fmt == "gpkg":
        return to_gpkg_bytes(df)
    raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _write_gpkg(layers: dict[str, pd.DataFrame], path: Path) -> None:
    for name, df in layers.items():
        if isinstance(df, gpd.GeoDataFrame):
            pyogrio.write_dataframe(_flat_geo(df[df.geometry.notna()]), path, layer=name, driver="GPKG")
        else:
            pyogrio.write_dataframe(flat(df), path, layer=name, driver="GPKG")


def catalogue_layers(cat: Catalogue) -> dict[str, pd.DataFrame]:
    """Give every table of the catalogue as an export layer, by name.

    The basemap reference layers stay out: they are not the atlas's findings, and two of them
    have an unknown licence (README "Basemap layers and their licences").
    """
    return {name: cat.table(name) for name in TABLES if name not in BASEMAP_LAYERS}


def _catalogue_files(layers: dict[str, pd.DataFrame], fmt: str) -> dict[str, pd.DataFrame]:
    """File name -> table of a csv or geojson export (GeoJSON: the spatial layers only)."""
    return {f"{name}.{fmt}": df for name, df in layers.items() if fmt == "csv" or isinstance(df, gpd.GeoDataFrame)}


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip archive (deflated) holding ``files``.

    Parameters
    ----------
    files : dict of str to bytes
        File name -> content.

    Returns
    -------
    bytes
        The archive.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file_name, content in files.items():
            archive.writestr(file_name, content)
    return buffer.getvalue()


def catalogue_bytes(cat: Catalogue, fmt: str) -> bytes:
    """The whole catalogue as one download: what :func:`export_catalogue` writes, in memory.

    Parameters
    ----------
    cat : Catalogue
        The catalogue.
    fmt : str
        One of :data:`FORMATS`: gpkg (all layers) and xlsx (all sheets) are one file; csv and
        geojson a zip of the files (GeoJSON: the spatial layers, located rows only).

    Returns
    -------
    bytes
        The file or the zip archive.

    Raises
    ------
    ExportError
        Unknown format.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    layers = catalogue_layers(cat)
    if fmt == "gpkg":
        return to_gpkg_bytes(layers)
    if fmt == "xlsx":
        return to_excel_bytes(layers)
    to_bytes = to_csv_bytes if fmt == "csv" else to_geojson_bytes
    return zip_bytes({name: to_bytes(df) for name, df in _catalogue_files(layers, fmt).items()})


def export_catalogue(
    cat: Catalogue, fmt: str, out: Path | str, *, force: bool = False, role: str | None = None
) -> list[Path]:
    """Write every table: gpkg/xlsx as one file of layers/sheets; csv/geojson as files in a folder.

    GeoJSON holds only the spatial layers (sites, organizations, landmarks, areas, rivers).
    A folder target may exist: the files are added to it and its other files are kept. An
    existing file is replaced only with ``force``. The catalogue's data folder, anything inside
    it and any folder holding it are refused.

    Returns
    -------
    list of Path
        The files written (only those).

    ``role`` (issue 11): write only what that role may see (:func:`geo.access.visible_catalogue`);
    None writes everything, as a maintainer's command-line export does.

    Raises
    ------
    ExportTargetError
        The target is refused; nothing was written.
    ExportError
        Unknown format, or the files could not be written (nothing half-written is left).
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out)
    if role is not None:
        from .access import visible_catalogue

        cat = visible_catalogue(cat, role)
    layers = catalogue_layers(cat)
    try:
        if fmt in ("gpkg", "xlsx"):
            return [_export_file(layers, fmt, check_file_target(out, data_dir=cat.data_dir, force=force), force)]
        files = _catalogue_files(layers, fmt)
        check_folder_target(out, files, data_dir=cat.data_dir, force=force)
        return _export_folder(files, fmt, out, force)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc


def _export_file(layers: dict[str, pd.DataFrame], fmt: str, target: Path, force: bool) -> Path:
    remove_stale_temps(target.parent)
    with folder_for(target.parent), atomic_file(target, force=force) as tmp:
        if fmt == "gpkg":
            _write_gpkg(layers, tmp)
        else:
            write_bytes(tmp, to_excel_bytes(layers))
    return target


def _export_folder(files: dict[str, pd.DataFrame], fmt: str, folder: Path, force: bool) -> list[Path]:
    """Every file is complete on disk before the first is moved into place."""
    remove_stale_temps(folder)
    to_bytes = to_csv_bytes if fmt == "csv" else to_geojson_bytes
    with folder_for(folder), ExitStack() as placing:
        for name, df in files.items():
            write_bytes(placing.enter_context(atomic_file(folder / name, force=force)), to_bytes(df))
    return [folder / name for name in files]
