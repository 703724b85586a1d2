"""views/outline_layer: a site's outline is drawn on every map that draws the site, with its tooltip."""

import json
import re

import pytest
from shapely.geometry import box, shape

from geo.load import load_catalogue
from tests.fixtures import DOC, base_rows, write_dataset
from tests.test_geo_outline_queries import OUTLINE_ROW, ZONE_B_OUTLINE
from views import chains as chains_view
from views import lanzhou as lanzhou_view
from views import map_layers
from views import profile as profile_view
from views import spatial as spatial_view
from views import tour as tour_view
from views.maps import MapOptions
from views.outline_layer import OUTLINE_COLOUR

ZONE_A_OUTLINE = box(103.83, 36.05, 103.85, 36.07)


@pytest.fixture(scope="module")
def cat(tmp_path_factory):
    rows = base_rows()
    rows["sites"][2].update(name_zh="乙<b>高新区", approved_area_ha="100", area_source_id=DOC)  # zone-b
    zone_a = dict(OUTLINE_ROW, site_id="zone-a", geometry_quality="official", geometry=ZONE_A_OUTLINE.__geo_interface__)
    rows["outlines"] = [OUTLINE_ROW, zone_a]
    return load_catalogue(write_dataset(tmp_path_factory.mktemp("outlines") / "data", rows))


def polygons(page: str) -> list:
    """Every polygon folium put into a GeoJSON layer of the page."""
    found = []
    for data in re.findall(r"_add\((\{.*?\})\);\n", page):
        for feature in json.loads(data).get("features", []):
            if feature["geometry"]["type"] in ("Polygon", "MultiPolygon"):
                found.append(shape(feature["geometry"]))
    return found


def outline_tooltips(m) -> list[str]:
    page = m.get_root().render()
    return re.findall(r"(?:边界质量|Outline quality)[^<`]*", page)


BUILDERS = {
    "overview": lambda cat, o: map_layers.overview_map(cat, o),
    "profile": lambda cat, o: profile_view.inset_map(cat, o, "zone-b"),
    "search_unfiltered": lambda cat, o: spatial_view.search_map(cat, o),
    "search_results": lambda cat, o: spatial_view.search_map(cat, o, highlight=("zone-b",), filtered=True),
    "chains": lambda cat, o: chains_view.chain_map(cat, o, ("chain-mat",)),
    "tour": lambda cat, o: tour_view.tour_map(cat, o, (36.5, 104.1), 9, sites=("zone-b",), layers=("sites",)),
}


@pytest.mark.parametrize("page", BUILDERS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_map_that_draws_zone_b_draws_its_outline_once(cat, page, lang):
    built = BUILDERS[page](cat, MapOptions(lang=lang))
    tips = outline_tooltips(built.map)
    zone_b = [tip for tip in tips if "approximate" in tip or "近似" in tip]
    assert len(zone_b) == 1, tips


def test_the_tooltip_says_name_quality_source_and_both_areas(cat):
    page = map_layers.overview_map(cat, MapOptions(lang="en")).map.get_root().render()
    assert "乙&lt;b&gt;高新区" in page or "Zone B" in page  # the name, escaped
    assert "Outline quality: approximate outline" in page and "Outline quality: official outline" in page
    assert "Outline source: geo-src · test outline" in page
    assert re.search(r"Area computed from the outline [\d,.]+ ha; approved area 100 ha", page)
    assert "approved area unknown" in page  # zone-a has no approved area
    zh = map_layers.overview_map(cat, MapOptions(lang="zh")).map.get_root().render()
    assert "边界质量：近似边界" in zh and re.search(r"按边界计算面积 [\d,.]+ 公顷；核准面积 100 公顷", zh)
    assert "乙&lt;b&gt;高新区" in zh and "乙<b>高新区" not in zh


def test_the_polygon_drawn_is_the_outline_and_in_its_own_layer(cat):
    m = map_layers.overview_map(cat, MapOptions(lang="en")).map
    page = m.get_root().render()
    drawn = polygons(page)
    assert any(p.equals(ZONE_B_OUTLINE) for p in drawn) and any(p.equals(ZONE_A_OUTLINE) for p in drawn)
    assert "Site outlines" in page and OUTLINE_COLOUR in page


def test_a_map_without_the_site_does_not_draw_its_outline(cat):
    lanzhou = lanzhou_view.lanzhou_map(cat, MapOptions(lang="en")).map  # Lanzhou's sites: zone-a, not zone-b
    tips = outline_tooltips(lanzhou)
    assert len(tips) == 1 and "official" in tips[0]


def test_no_outlines_no_layer(cat, dataset_dir):
    plain = load_catalogue(dataset_dir)
    page = map_layers.overview_map(plain, MapOptions(lang="en")).map.get_root().render()
    assert "Site outlines" not in page and OUTLINE_COLOUR not in page


def test_outlines_sit_in_their_own_pane_above_the_error_circles(cat):
    # folium 0.20 drops interactive=False on circles, so an error circle drawn over an outline took its hover.
    page = map_layers.overview_map(cat, MapOptions(lang="en")).map.get_root().render()
    pane = re.search(r'var (pane_\w+) = \w+\.createPane\(\s*"lanbai-outlines"\);', page).group(1)
    assert f"{pane}.style.zIndex = 450;" in page and f"{pane}.style.pointerEvents = 'none'" not in page
    assert page.count('"pane": "lanbai-outlines"') == 2  # zone-a's and zone-b's outlines


def test_the_search_map_says_the_distance_to_the_outline(cat):
    from geo.places import point_place
    from tests.test_geo_outline_queries import EAST

    built = spatial_view.search_map(
        cat, MapOptions(lang="en"), highlight=("zone-b",), centre=point_place(*EAST), km=5.0, filtered=True
    )
    page = built.map.get_root().render()
    assert "4.5 km from the search centre" in page  # to the outline's edge; its point is about 19 km away


# ------------------------------------------------------------------ on the pydeck maps (issue 12's decks)


def test_every_deck_draws_the_outlines_with_a_plain_text_tooltip(cat):
    import pandas as pd

    from views import deck

    rows = pd.DataFrame({"id": ["p1"], "label": ["p1"], "lon": [103.84], "lat": [36.06]})
    spec = json.loads(deck.points_deck(cat, rows, lang="en").to_json())
    outlines = next(layer for layer in spec["layers"] if layer["id"] == deck.OUTLINES_LAYER)
    features = {f["properties"]["id"]: f for f in outlines["data"]["features"]}
    assert set(features) == {"zone-a", "zone-b"} and outlines["pickable"] is True
    assert shape(features["zone-a"]["geometry"]).equals(ZONE_A_OUTLINE)
    tip = features["zone-b"]["properties"]["tooltip"].split("\n")
    assert tip[0] == "Zone B" and "<br>" not in "".join(tip)
    zh = {f["properties"]["id"]: f for f in deck.outlines_layer(cat, "zh").data["features"]}
    assert zh["zone-b"]["properties"]["tooltip"].startswith("乙<b>高新区\n")  # as is: shown with innerText
    assert tip[1:3] == ["Outline quality: approximate outline", "Outline source: geo-src · test outline"]
    assert "approved area 100 ha" in tip[3]


def test_a_deck_leaves_out_the_outline_of_a_site_the_role_does_not_see(cat):
    import dataclasses

    from views import deck

    seen = cat.sites[cat.sites["id"] != "zone-a"]
    layer = deck.outlines_layer(dataclasses.replace(cat, sites=seen), "zh")
    assert {f["properties"]["id"] for f in layer.data["features"]} == {"zone-b"}
    assert deck.outlines_layer(dataclasses.replace(cat, sites=seen.iloc[0:0]), "zh") is None
