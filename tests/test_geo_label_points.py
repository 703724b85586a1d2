"""Area label points (issue 9, section 1): each lies inside its own area and no neighbour's."""
import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from geo.errors import DataValidationError
from geo.label_points import area_label_points, label_points_of
from geo.load import load_catalogue

DATA = "data"


@pytest.fixture(scope="module")
def shipped():
    return load_catalogue(DATA, check_quotes=False)


def test_every_area_has_one_point_inside_itself(shipped):
    points = area_label_points(shipped)
    assert sorted(points["code"]) == sorted(shipped.areas["code"].astype(str))
    shapes = dict(zip(shipped.areas["code"].astype(str), shipped.areas.geometry, strict=True))
    for row in points.itertuples():
        assert shapes[row.code].contains(Point(row.lon, row.lat)), row.name_zh


def test_a_county_point_lies_in_no_other_county(shipped):
    points = area_label_points(shipped)
    counties = shipped.areas[shipped.areas["level"] == "county"]
    for row in points[points["level"] == "county"].itertuples():
        holders = [str(c) for c, g in zip(counties["code"], counties.geometry, strict=True) if g.contains(Point(row.lon, row.lat))]
        assert holders == [row.code], row.name_zh


def test_the_point_keeps_away_from_the_border(shipped):
    # The reason for a pole of inaccessibility: a name written there stays inside the county
    # even for the thin, bent ones (皋兰县, 平川区). 1 km in metres is well inside every county.
    points = area_label_points(shipped).set_index("code")
    projected = shipped.areas.to_crs("EPSG:32648")
    for code, geom in zip(shipped.areas["code"].astype(str), projected.geometry, strict=True):
        pole = gpd.GeoSeries([Point(points.loc[code, "lon"], points.loc[code, "lat"])], crs="EPSG:4326")
        assert geom.boundary.distance(pole.to_crs("EPSG:32648").iloc[0]) > 1000, code


def test_points_are_cached_per_catalogue(shipped):
    assert area_label_points(shipped) is area_label_points(shipped)


def test_a_u_shaped_area_gets_a_point_inside_not_its_centroid():
    # The centroid of a U lies in the gap between its arms; the label must not.
    u_shape = box(0, 0, 3, 1).union(box(0, 0, 1, 3)).union(box(2, 0, 3, 3))
    areas = gpd.GeoDataFrame({"code": ["1"], "name_zh": ["甲"], "name_en": ["A"], "level": ["county"]},
                             geometry=[u_shape], crs="EPSG:4326")
    row = label_points_of(areas).iloc[0]
    assert not u_shape.centroid.within(u_shape)
    assert u_shape.contains(Point(row["lon"], row["lat"]))


def test_an_area_without_polygon_is_refused():
    areas = gpd.GeoDataFrame({"code": ["1"], "name_zh": ["甲"], "name_en": ["A"], "level": ["county"]},
                             geometry=[Point(1, 1)], crs="EPSG:4326")
    with pytest.raises(DataValidationError, match="no polygon"):
        label_points_of(areas)
