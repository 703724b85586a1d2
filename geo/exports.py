"""Write tables and the whole catalogue as GeoPackage, GeoJSON, CSV or Excel.

Byte-returning functions serve the app's download buttons; :func:`export_catalogue`
serves the command line. Files are written to a temporary path beside the target and
moved into place only when complete, so a failed export never leaves half a file.
"""
from __future__ import annotations

import io
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from .errors import ExportError
from .load import Catalogue
from .schema import CRS, LIST_SEPARATOR, TABLES

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


def _flat_geo(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = flat(gdf)
    return gpd.GeoDataFrame(out, geometry=gdf.geometry.values, crs=gdf.crs or CRS)


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel on Chinese Windows shows the Chinese text."""
    return flat(df).to_csv(index=False).encode("utf-8-sig")


def to_excel_bytes(frames: dict[str, pd.DataFrame] | pd.DataFrame) -> bytes:
    frames = {"data": frames} if isinstance(frames, pd.DataFrame) else frames
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, df in frames.items():
            flat(df).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def to_geojson_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    """Located rows only (GeoJSON features need a geometry)."""
    located = gdf[gdf.geometry.notna()]
    return _flat_geo(located).to_json(ensure_ascii=False, drop_id=True).encode("utf-8")


def to_gpkg_bytes(layers: dict[str, pd.DataFrame] | gpd.GeoDataFrame) -> bytes:
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
    return {name: cat.table(name) for name in TABLES}


@contextmanager
def _atomic_path(target: Path, is_dir: bool = False):
    """A temporary path beside ``target``, moved onto it only if the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp_root = Path(tempfile.mkdtemp(prefix=".export-", dir=target.parent))
    tmp = tmp_root / target.name
    if is_dir:
        tmp.mkdir()
    try:
        yield tmp
        if target.is_dir():
            shutil.rmtree(target)
        os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)


def export_catalogue(cat: Catalogue, fmt: str, out: Path | str) -> list[Path]:
    """Write every table: gpkg/xlsx as one file of layers/sheets; csv/geojson as a folder of files.

    GeoJSON holds only the spatial layers (sites, organizations, landmarks, areas, rivers).
    Returns the files written.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out)
    layers = catalogue_layers(cat)
    try:
        if fmt in ("gpkg", "xlsx"):
            with _atomic_path(out) as tmp:
                if fmt == "gpkg":
                    _write_gpkg(layers, tmp)
                else:
                    tmp.write_bytes(to_excel_bytes(layers))
            return [out]
        with _atomic_path(out, is_dir=True) as tmp:
            for name, df in layers.items():
                if fmt == "csv":
                    (tmp / f"{name}.csv").write_bytes(to_csv_bytes(df))
                elif isinstance(df, gpd.GeoDataFrame):
                    (tmp / f"{name}.geojson").write_bytes(to_geojson_bytes(df))
        return sorted(out.iterdir())
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc
