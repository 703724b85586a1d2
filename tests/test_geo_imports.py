"""Imports that succeed: encodings reported, CRSs and datums converted, rows matched, outlines measured."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import shapely

from geo.coords import wgs84_to_gcj02
from geo.imports import changeset_from_file
from geo.load import load_catalogue
from geo.outlines import area_warnings
from tests.change_helpers import current, folder_store
from tests.import_files import (
    ACTUAL,
    INDICATOR_HEADER,
    NEW_SITE,
    OUTLINE,
    SITE_HEADER,
    ZONE_A_BOX,
    projected,
    write_csv,
    write_geojson,
    write_shapefile_zip,
)


@pytest.fixture
def store(tmp_path):
    return folder_store(tmp_path)


def publish(store, table, path, **options):
    changeset = changeset_from_file(store.read_raw(), table, path, reason="test", author="ann", **options)
    record = store.propose(changeset)
    return store.approve(record.id, "bob"), changeset


@pytest.mark.parametrize(
    "encoding, reported",
    [
        ("utf-8", "encoding UTF-8"),
        ("utf-8-sig", "UTF-8 with byte-order mark"),
        ("gbk", "GBK/GB18030"),
        ("gb18030", "GBK/GB18030"),
        ("utf-16", "UTF-16"),
    ],
)
def test_csv_encodings_are_detected_reported_and_never_garbled(store, tmp_path, encoding, reported):
    path = write_csv(tmp_path / "actuals.csv", INDICATOR_HEADER, [dict(ACTUAL, note="白银·2024年统计公报")], encoding)
    _, changeset = publish(store, "indicators", path)
    assert any(reported in note for note in changeset.notes)
    assert current(store, "indicators", "i3")["note"] == "白银·2024年统计公报"
    last_line = (store.data_dir / "indicators.csv").read_bytes().decode("utf-8").splitlines()[-1]
    assert "白银·2024年统计公报" in last_line


def test_crlf_upload_keeps_the_stored_file_lf_and_only_adds_a_row(store, tmp_path):
    before = (store.data_dir / "indicators.csv").read_text(encoding="utf-8")
    path = write_csv(tmp_path / "a.csv", INDICATOR_HEADER, [ACTUAL], newline="\r\n")
    publish(store, "indicators", path)
    after = (store.data_dir / "indicators.csv").read_text(encoding="utf-8")
    assert after.startswith(before) and "\r" not in after and after.count("\n") == before.count("\n") + 1


def test_excel_actuals_are_imported(store, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(INDICATOR_HEADER)
    book.active.append([150 if c == "value" else 2024 if c == "year" else ACTUAL[c] for c in INDICATOR_HEADER])
    book.save(tmp_path / "actuals.xlsx")
    publish(store, "indicators", tmp_path / "actuals.xlsx")
    row = current(store, "indicators", "i3")
    assert (row["value"], row["year"], row["kind"]) == ("150", "2024", "actual")


def test_a_partial_file_changes_only_its_columns(store, tmp_path):
    path = write_csv(tmp_path / "fix.csv", ["id", "value"], [dict(id="i1", value="178")])
    record, changeset = publish(store, "indicators", path)
    assert record.changeset.changes[0].cells() == [("value", "177", "178")]
    assert any("kept as stored" in n for n in changeset.notes)


def test_rows_match_by_name_and_the_matches_are_listed(store, tmp_path):
    path = write_csv(
        tmp_path / "names.csv", ["name", "note"], [dict(name="乙高新区", note="更新"), dict(name="A区", note="x")]
    )
    _, changeset = publish(store, "sites", path, key="name")
    assert "names.csv line 2: '乙高新区' → zone-b (乙高新区 / Zone B)" in changeset.notes
    assert "names.csv line 3: 'A区' → zone-a (甲高新区 / Zone A)" in changeset.notes
    assert current(store, "sites", "zone-b")["note"] == "更新"


def test_markup_in_names_is_stored_as_plain_text(store, tmp_path):
    name = '<script>alert("x")</script>乙一园'
    path = write_csv(tmp_path / "s.csv", SITE_HEADER, [dict(NEW_SITE, name_zh=name)])
    _, changeset = publish(store, "sites", path)
    assert current(store, "sites", "park-b1")["name_zh"] == name
    assert any("stored as plain text" in n for n in changeset.notes)


def test_projected_csv_coordinates_with_crs_are_converted(store, tmp_path):
    x, y = shapely.get_coordinates(projected([dict(geometry=shapely.Point(104.18, 36.55))], 4526).geometry)[0]
    path = write_csv(tmp_path / "s.csv", SITE_HEADER, [dict(NEW_SITE, lat=str(y), lon=str(x))])
    publish(store, "sites", path, crs="EPSG:4526")
    row = current(store, "sites", "park-b1")
    assert float(row["lat"]) == pytest.approx(36.55, abs=1e-6) and float(row["lon"]) == pytest.approx(104.18, abs=1e-6)


@pytest.mark.parametrize("datum", ["gcj02", "bd09"])
def test_chinese_datums_are_shifted_to_wgs84(store, tmp_path, datum):
    lat, lon = wgs84_to_gcj02(36.55, 104.18)
    if datum == "bd09":  # the published GCJ-02 → BD-09 forward formula
        import math

        z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * math.pi * 3000 / 180)
        theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * math.pi * 3000 / 180)
        lat, lon = z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065
    path = write_csv(tmp_path / "s.csv", SITE_HEADER, [dict(NEW_SITE, lat=str(lat), lon=str(lon))])
    publish(store, "sites", path, datum=datum)
    row = current(store, "sites", "park-b1")
    assert float(row["lat"]) == pytest.approx(36.55, abs=2e-5) and float(row["lon"]) == pytest.approx(104.18, abs=2e-5)


def test_geojson_outline_is_measured_stored_and_loaded(store, tmp_path):
    path = write_geojson(tmp_path / "zone.geojson", [dict(OUTLINE, geometry=ZONE_A_BOX)])
    record, _ = publish(store, "outlines", path)
    area = float(current(store, "outlines", "zone-a")["area_ha"])
    assert 390 < area < 410  # 0.02° × 0.02° near 36° N (about 400 ha), measured in UTM 48N
    lines = (store.data_dir / "outlines.geojson").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and json.loads(lines[1])["properties"]["site_id"] == "zone-a"
    cat = load_catalogue(store.data_dir)
    assert cat.outlines.geometry.iloc[0].equals(ZONE_A_BOX)


@pytest.mark.parametrize("epsg", [4526, 4523, 4496, 4545])  # 3° zones 38 and 35, 6° zone 18, 3° CM 105E
def test_zipped_shapefile_in_gauss_krueger_zone_is_converted(store, tmp_path, epsg):
    gdf = projected([dict(id="zone-a", source_id="geo-src", geometry_q="official", geometry=ZONE_A_BOX)], epsg)
    _, changeset = publish(store, "outlines", write_shapefile_zip(tmp_path / "zone.zip", gdf))
    stored = shapely.geometry.shape(changeset.changes[0].after["geometry"])
    assert stored.normalize().equals_exact(ZONE_A_BOX.normalize(), tolerance=1e-6)  # Shapefile rings turn clockwise
    assert any(f"EPSG:{epsg}" in n for n in changeset.notes) and any(
        "geometry_q → geometry_quality" in n for n in changeset.notes
    )


def test_geopackage_layer_in_cgcs2000_is_read(store, tmp_path):
    gdf = projected([dict(OUTLINE, geometry=ZONE_A_BOX)], 4490)
    gdf.to_file(tmp_path / "zone.gpkg", layer="outline", engine="pyogrio")
    _, changeset = publish(store, "outlines", tmp_path / "zone.gpkg")
    assert shapely.geometry.shape(changeset.changes[0].after["geometry"]).equals_exact(ZONE_A_BOX, 1e-6)


def test_shapefile_without_prj_is_read_when_the_crs_is_given(store, tmp_path):
    gdf = projected([dict(id="zone-a", source_id="geo-src", geometry_q="official", geometry=ZONE_A_BOX)], 4526)
    path = write_shapefile_zip(tmp_path / "zone.zip", gdf, with_prj=False)
    _, changeset = publish(store, "outlines", path, crs="EPSG:4526")
    stored = shapely.geometry.shape(changeset.changes[0].after["geometry"])
    assert stored.normalize().equals_exact(ZONE_A_BOX.normalize(), 1e-6)


def test_a_self_intersecting_outline_can_be_repaired_on_request(store, tmp_path):
    bowtie = shapely.Polygon([(103.83, 36.05), (103.85, 36.07), (103.85, 36.05), (103.83, 36.07), (103.83, 36.05)])
    path = write_geojson(tmp_path / "zone.geojson", [dict(OUTLINE, geometry=bowtie)])
    _, changeset = publish(store, "outlines", path, repair=True)
    assert any("repaired with make_valid" in n for n in changeset.notes)
    assert load_catalogue(store.data_dir).outlines.geometry.iloc[0].is_valid


def test_an_outline_far_from_the_approved_area_is_a_warning():
    sites = pd.DataFrame({"id": ["zone-a", "zone-b"], "approved_area_ha": ["100", ""]})
    import geopandas as gpd

    outlines = gpd.GeoDataFrame({"site_id": ["zone-a", "zone-b"]}, geometry=[ZONE_A_BOX, ZONE_A_BOX], crs="EPSG:4326")
    [warning] = area_warnings({"sites": sites, "outlines": outlines}, ["zone-a", "zone-b"])
    assert "outline of zone-a" in warning and "approved 100 ha" in warning and "more than 20%" in warning
    assert area_warnings({"sites": sites.drop(columns="approved_area_ha"), "outlines": outlines}, ["zone-a"]) == []


def test_an_outline_far_from_the_approved_area_warns_on_the_proposal(tmp_path):
    """A site with an approved area: an outline whose computed area differs by over 20% warns on the proposal."""
    from tests.fixtures import DOC, base_rows, write_dataset

    rows = base_rows()
    rows["sites"][0].update(approved_area_ha="100", area_source_id=DOC)  # zone-a; its outline covers about 400 ha
    data = write_dataset(tmp_path / "data", rows)
    from geo.folder_store import FolderStore
    from geo.imports import propose_file

    store = FolderStore(data, seeds_dir=None)
    path = write_geojson(tmp_path / "zone.geojson", [dict(OUTLINE, geometry=ZONE_A_BOX)])
    record = propose_file(store, "outlines", path, reason="official outline", author="ann")
    assert len(record.warnings) == 1 and "approved 100 ha" in record.warnings[0]
    assert store.get(record.id).warnings == record.warnings


def test_null_and_numeric_properties_become_text(store, tmp_path):
    path = write_geojson(tmp_path / "zone.geojson", [dict(OUTLINE, geometry=ZONE_A_BOX, note=None, area_ha=12.5)])
    _, changeset = publish(store, "outlines", path)
    after = changeset.changes[0].after
    assert after["note"] == "" and after["area_ha"] != "12.5"  # the area is computed, never taken from the file
