"""views/drawing.py without Streamlit: a drawing from the map read as a valid polygon, or a clear error."""

import json

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Polygon

from geo import queries as q
from geo.coords import wgs84_to_gcj02
from views import drawing as dr

BOX = {
    "type": "Polygon",
    "coordinates": [[[103.8, 36.0], [103.95, 36.0], [103.95, 36.2], [103.8, 36.2], [103.8, 36.0]]],
}


def test_a_drawn_polygon_feature_is_a_polygon():
    geom = dr.parse_drawing({"type": "Feature", "properties": {}, "geometry": BOX})
    assert geom.equals(Polygon(BOX["coordinates"][0]))
    assert dr.parse_drawing(json.dumps(BOX)).equals(geom)  # text works too


def test_a_drawn_circle_has_its_radius_in_metres():
    circle = {
        "type": "Feature",
        "properties": {"radius": 5000},
        "geometry": {"type": "Point", "coordinates": [104.21, 36.53]},
    }
    geom = dr.parse_drawing(circle)
    centre = shapely.Point(104.21, 36.53)
    edge = shapely.Point(geom.exterior.coords[0])
    distance = q.distances_km(gpd.GeoDataFrame(geometry=[edge], crs="EPSG:4326"), centre).iloc[0]
    assert distance == pytest.approx(5.0, abs=0.01)


def test_a_feature_collection_is_the_union_of_its_shapes():
    other = {"type": "Polygon", "coordinates": [[[104.0, 36.4], [104.4, 36.4], [104.4, 36.7], [104.0, 36.4]]]}
    geom = dr.parse_drawing(
        {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "geometry": BOX}, {"type": "Feature", "geometry": other}],
        }
    )
    assert geom.geom_type == "MultiPolygon"


def test_a_drawing_on_gaode_tiles_is_shifted_back_to_wgs84():
    shifted = shapely.transform(Polygon(BOX["coordinates"][0]), lambda xy: [wgs84_to_gcj02(y, x)[::-1] for x, y in xy])
    geom = dr.parse_drawing(shapely.geometry.mapping(shifted), gcj02=True)
    assert geom.equals_exact(Polygon(BOX["coordinates"][0]), tolerance=1e-6)


@pytest.mark.parametrize(
    "drawing, key",
    [
        (None, "no_shape"),
        ({}, "no_shape"),
        ("{not json", "not_geojson"),
        (42, "not_geojson"),
        ({"geometry": BOX}, "not_geojson"),
        ({"type": "Feature", "geometry": None}, "no_shape"),
        ({"type": "FeatureCollection", "features": []}, "no_shape"),
        ({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[104.0, 36.4]]]}}, "malformed"),
        ({"type": "Polygon", "coordinates": "nonsense"}, "malformed"),
        ({"type": "Hexagon", "coordinates": []}, "malformed"),
        ({"type": "Point", "coordinates": [104.0, 36.4]}, "point_no_area"),
        (
            {
                "type": "Feature",
                "properties": {"radius": -3},
                "geometry": {"type": "Point", "coordinates": [104.0, 36.4]},
            },
            "point_no_area",
        ),
        ({"type": "LineString", "coordinates": [[104.0, 36.4], [104.2, 36.5]]}, "line_no_area"),
        ({"type": "GeometryCollection", "geometries": []}, "unsupported"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [500, 0], [0, 1], [0, 0]]]}, "out_of_range"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [2, 2], [0, 0]]]}, "zero_area"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 1], [0, 0]]]}, "invalid_shape"),
    ],
)
def test_bad_drawings_give_a_clear_message(drawing, key):
    with pytest.raises(dr.SearchInputError) as err:
        dr.parse_drawing(drawing)
    assert err.value.key == key
    zh, en = err.value.message("zh"), err.value.message("en")
    assert zh and en and zh != en and "{" not in zh + en
