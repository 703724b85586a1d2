"""Spatial queries measure a site with an outline by its outline (issue 10 item 5).

Zone B's point (36.54 N, 104.17 E) is far from the places below; its test outline reaches them.
Within N km = distance to the outline; inside a county or a drawn shape = the outline intersects it.
"""

import json

import pytest
from shapely.geometry import box

from geo.cli import main
from geo.filters import AreaFilter, PolygonFilter, SiteQuery, WithinKmFilter, build_filters, left_out
from geo.load import load_catalogue
from geo.outlines import footprints, site_outlines
from tests.fixtures import NOLOC, base_rows, write_dataset

# Test-only outline of zone-b: a box holding its point and reaching the corner of 城关区 (103.8–103.95 E, 36.0–36.2 N).
ZONE_B_OUTLINE = box(103.93, 36.19, 104.30, 36.58)
OUTLINE_ROW = dict(
    site_id="zone-b",
    geometry_quality="approximate",
    geometry_source_id="geo-src",
    geometry_source="test outline",
    geometry=ZONE_B_OUTLINE.__geo_interface__,
)
EAST = (36.45, 104.35)  # 4.5 km east of the outline's east edge, about 19 km from zone-b's point
EAST_SHAPE = box(104.25, 36.3, 104.4, 36.4)  # crosses the outline, not zone-b's point


def catalogue(tmp_path, outline=True, **site_changes):
    rows = base_rows()
    if outline:
        rows["outlines"] = [OUTLINE_ROW]
    for site in rows["sites"]:
        site.update(site_changes.get(site["id"], {}))
    return load_catalogue(write_dataset(tmp_path / "data", rows)), tmp_path / "data"


def ids(df):
    return sorted(df["id"])


@pytest.mark.parametrize(
    "make",
    [lambda: WithinKmFilter(5, *EAST), lambda: AreaFilter("620102"), lambda: PolygonFilter(EAST_SHAPE)],
    ids=["within_km", "county", "drawn_shape"],
)
def test_a_site_is_found_by_its_outline_and_not_by_its_point_alone(tmp_path, make):
    with_outline, _ = catalogue(tmp_path / "a")
    point_only, _ = catalogue(tmp_path / "b", outline=False)
    assert "zone-b" in ids(SiteQuery((make(),)).run(with_outline))
    assert "zone-b" not in ids(SiteQuery((make(),)).run(point_only))


def test_within_km_is_the_distance_to_the_outline(tmp_path):
    cat, _ = catalogue(tmp_path)
    found = SiteQuery((WithinKmFilter(30, *EAST),)).run(cat).set_index("id")
    assert found.loc["zone-b", "distance_km"] == pytest.approx(4.5, abs=0.3)
    inside = SiteQuery((WithinKmFilter(1, 36.3, 104.1),)).run(cat).set_index("id")
    assert inside.loc["zone-b", "distance_km"] == 0  # a centre inside the outline


def test_sites_without_outlines_keep_their_points(tmp_path):
    cat, _ = catalogue(tmp_path)
    shapes = footprints(cat.outlines, cat.sites, cat.sites["id"]).to_dict()
    by_id = dict(zip(cat.sites["id"], cat.sites.index, strict=True))
    assert shapes[by_id["zone-b"]].equals(ZONE_B_OUTLINE)
    assert shapes[by_id["zone-a"]].geom_type == "Point"
    assert list(site_outlines(cat.outlines)) == ["zone-b"] and site_outlines(None) == {}


def test_an_outlined_site_without_a_point_is_found_and_not_left_out(tmp_path):
    cat, _ = catalogue(tmp_path, **{"zone-b": NOLOC})
    filters = (PolygonFilter(EAST_SHAPE),)
    assert ids(SiteQuery(filters).run(cat)) == ["zone-b"]
    assert "zone-b" not in ids(left_out(cat, filters))


def test_cli_sites_within_km_measures_to_the_outline(tmp_path, capsys):
    cat, folder = catalogue(tmp_path)
    args = ["--data-dir", str(folder), "sites", "--within-km", "5", "--of", "36.45,104.35", "--format", "json"]
    assert main(args) == 0
    printed = [row["id"] for row in json.loads(capsys.readouterr().out)]
    assert printed == ["zone-b"]
    assert printed == ids(SiteQuery(build_filters(cat, {"within_km": 5, "of": "36.45,104.35"})).run(cat))


def test_catalogue_downloads_and_exports_carry_the_outline(tmp_path):
    import io
    import zipfile

    from shapely.geometry import shape

    from geo.exports import catalogue_bytes, export_catalogue

    cat, _ = catalogue(tmp_path)
    archive = zipfile.ZipFile(io.BytesIO(catalogue_bytes(cat, "geojson")))
    [feature] = json.loads(archive.read("outlines.geojson"))["features"]
    assert feature["properties"]["site_id"] == "zone-b" and shape(feature["geometry"]).equals(ZONE_B_OUTLINE)
    written = export_catalogue(cat, "geojson", tmp_path / "out")
    [feature] = json.loads((tmp_path / "out" / "outlines.geojson").read_text(encoding="utf-8"))["features"]
    assert tmp_path / "out" / "outlines.geojson" in written and shape(feature["geometry"]).equals(ZONE_B_OUTLINE)
