"""views/basemap.py: area labels as non-interactive markers, and the licence-aware basemap layers."""
import dataclasses
import json
import re

import folium
import pytest

from geo.label_points import area_label_points
from geo.load import load_catalogue
from views.basemap import AREA_LABEL_CLASS, add_area_labels, add_basemap_layers, add_railways, add_stations, add_towns
from views.maps import MapOptions


@pytest.fixture(scope="module")
def shipped():
    return load_catalogue("data", check_quotes=False)


def _html(m: folium.Map) -> str:
    """The page with its JS string literals decoded (folium writes the DivIcon html as JSON)."""
    page = m.get_root().render()
    return re.sub(r'"((?:[^"\\\n]|\\.)*)"', lambda s: json.dumps(json.loads(s.group(0)), ensure_ascii=False)
                  .replace('\\"', '"'), page)


def test_every_county_gets_one_label_marker_at_its_point(shipped):
    m = folium.Map(tiles=None)
    group = add_area_labels(m, shipped, MapOptions())
    markers = [c for c in group._children.values() if isinstance(c, folium.Marker)]
    points = area_label_points(shipped).set_index("code")
    counties = set(shipped.areas.loc[shipped.areas["level"] == "county", "code"].astype(str))
    found = {}
    for marker in markers:
        code = re.search(r'data-area-code="(\d+)"', marker.icon.options["html"]).group(1)
        found[code] = marker.location
        assert marker.options["interactive"] is False
    assert set(found) == counties
    for code, (lat, lon) in found.items():
        assert (lat, lon) == pytest.approx((points.loc[code, "lat"], points.loc[code, "lon"]))


def test_labels_are_markers_not_permanent_tooltips(shipped):
    m = folium.Map(tiles=None)
    add_area_labels(m, shipped, MapOptions(lang="en"))
    html = _html(m)
    assert "permanent" not in html
    assert html.count(f'class="{AREA_LABEL_CLASS} {AREA_LABEL_CLASS}-county"') == 13
    assert ">Chengguan District<" in html or "Chengguan" in html


def test_label_text_is_escaped(shipped):
    hostile = shipped.areas.copy()
    hostile.loc[hostile["level"] == "county", "name_zh"] = '<img src=x onerror="alert(1)">'
    cat = dataclasses.replace(shipped, areas=hostile)
    m = folium.Map(tiles=None)
    add_area_labels(m, cat, MapOptions())
    html = _html(m)
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_unknown_level_is_refused(shipped):
    with pytest.raises(ValueError, match="no area level"):
        add_area_labels(folium.Map(tiles=None), shipped, MapOptions(), levels=("township",))


def test_licence_decides_which_layers_show_at_first(shipped):
    m = folium.Map(tiles=None)
    towns = add_towns(m, shipped, MapOptions())
    railways = add_railways(m, shipped, MapOptions())
    stations = add_stations(m, shipped, MapOptions())
    assert towns.show is True and "CC BY 4.0" in towns.layer_name
    assert railways.show is False and "许可未知" in railways.layer_name
    assert stations.show is False and "许可未知" in stations.layer_name
    en = folium.Map(tiles=None)
    assert "licence unknown" in add_railways(en, shipped, MapOptions(lang="en")).layer_name


def test_basemap_layers_render_in_the_layer_control(shipped):
    from views.maps import finish

    m = folium.Map(tiles=None)
    add_basemap_layers(m, shipped, MapOptions(lang="en"))
    html = _html(finish(m))
    for layer in ("Area names", "Place names (© GeoNames, CC BY 4.0)", "Railways (licence unknown)",
                  "Railway stations (licence unknown)"):
        assert layer in html
    assert html.count("data-geonameid=") == len(shipped.towns)
    assert "白银西 station" in html


def test_gaode_tiles_shift_the_labels(shipped):
    plain = add_area_labels(folium.Map(tiles=None), shipped, MapOptions())
    shifted = add_area_labels(folium.Map(tiles=None), shipped, MapOptions(basemap="gaode"))
    first = [c.location for c in plain._children.values()][0]
    moved = [c.location for c in shifted._children.values()][0]
    assert first != moved and abs(first[0] - moved[0]) < 0.01 and abs(first[1] - moved[1]) < 0.01
