"""views/basemap.py: area labels as non-interactive markers, and the licence-aware basemap layers."""

import dataclasses
import re

import folium
import pytest

from geo.label_points import area_label_points
from geo.load import load_catalogue
from views.basemap import AREA_LABEL_CLASS, LABEL_PANE, PointGroup, add_area_labels
from views.maps import MapOptions


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


def test_gaode_tiles_shift_the_labels(shipped):
    plain = add_area_labels(folium.Map(tiles=None), shipped, MapOptions()).items[0]
    moved = add_area_labels(folium.Map(tiles=None), shipped, MapOptions(basemap="gaode")).items[0]
    assert plain[:2] != moved[:2] and abs(plain[0] - moved[0]) < 0.01 and abs(plain[1] - moved[1]) < 0.01
