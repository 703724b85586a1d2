"""Files a maintainer might upload, written for the import tests (all synthetic, into tmp folders)."""

from __future__ import annotations

import csv
import io
import json
import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import shapely

INDICATOR_HEADER = [
    "id",
    "scope_id",
    "indicator_zh",
    "indicator_en",
    "value",
    "unit",
    "qualifier",
    "year",
    "kind",
    "source_id",
    "quote",
    "note",
]
ACTUAL = dict(
    id="i3",
    scope_id="zone-b",
    indicator_zh="高新技术企业数",
    indicator_en="High-tech enterprises",
    value="150",
    unit="家",
    qualifier="",
    year="2024",
    kind="actual",
    source_id="doc-a",
    quote="高新技术企业达到177家以上",
    note="",
)
SITE_HEADER = [
    "id",
    "name_zh",
    "name_en",
    "aliases",
    "kind",
    "parent_id",
    "city",
    "lat",
    "lon",
    "geometry_quality",
    "location_method",
    "error_km",
    "geometry_source_id",
    "geometry_source",
    "source_id",
    "quote",
    "note",
]
NEW_SITE = dict(
    id="park-b1",
    name_zh="乙一园",
    name_en="Park B1",
    aliases="",
    kind="park",
    parent_id="zone-b",
    city="白银",
    lat="36.55",
    lon="104.18",
    geometry_quality="approximate",
    location_method="estimate",
    error_km="1",
    geometry_source_id="geo-src",
    geometry_source="test",
    source_id="doc-a",
    quote="乙高新区",
    note="",
)
ZONE_A_BOX = shapely.box(103.83, 36.05, 103.85, 36.07)
OUTLINE = dict(site_id="zone-a", geometry_quality="official", geometry_source_id="geo-src", geometry_source="测试")


def csv_text(header: list[str], rows: list[dict], newline: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator=newline, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue()


def write_csv(path: Path, header: list[str], rows: list[dict], encoding: str = "utf-8", newline: str = "\n") -> Path:
    path.write_bytes(csv_text(header, rows, newline).encode(encoding))
    return path


def write_geojson(path: Path, rows: list[dict], crs: str | None = None) -> Path:
    features = [
        {
            "type": "Feature",
            "properties": {k: v for k, v in r.items() if k != "geometry"},
            "geometry": shapely.geometry.mapping(r["geometry"]) if r.get("geometry") is not None else None,
        }
        for r in rows
    ]
    doc = {"type": "FeatureCollection", "features": features}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def projected(rows: list[dict], epsg: int) -> gpd.GeoDataFrame:
    gdf = gpd.GeoDataFrame(
        [{k: v for k, v in r.items() if k != "geometry"} for r in rows],
        geometry=[r["geometry"] for r in rows],
        crs="EPSG:4326",
    )
    return gdf.to_crs(epsg)


def write_shapefile_zip(path: Path, gdf: gpd.GeoDataFrame, with_prj: bool = True) -> Path:
    folder = path.parent / (path.stem + "-shp")
    folder.mkdir()
    with warnings.catch_warnings():  # Shapefile cuts names to 10 characters: that is what the import must handle
        warnings.simplefilter("ignore")
        gdf.to_file(folder / "outline.shp", engine="pyogrio", encoding="UTF-8")
    with zipfile.ZipFile(path, "w") as zf:
        for member in folder.iterdir():
            if with_prj or member.suffix != ".prj":
                zf.write(member, member.name)
    return path
