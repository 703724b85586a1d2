"""views/spatial.py without Streamlit: centres, areas, filters, tables and the search map."""

import json

import pytest
import shapely
from shapely.geometry import Polygon

from geo import filters as geo_filters
from geo import load_catalogue
from geo import places as geo_places
from geo import queries as q
from geo.coords import wgs84_to_gcj02
from geo.exports import frame_bytes
from views import spatial as sp
from views.drawing import DrawLocal
from views.maps import MapOptions
from views.offline import asset_links

BOX = {
    "type": "Polygon",
    "coordinates": [[[103.8, 36.0], [103.95, 36.0], [103.95, 36.2], [103.8, 36.2], [103.8, 36.0]]],
}


@pytest.fixture(scope="module")
def shipped():
    return load_catalogue()


# ------------------------------------------------------------------ centres


def test_a_place_resolves_by_id_name_alias_or_point(cat):
    airport = sp.resolve_centre(cat, "lm-air")
    assert (airport.kind, airport.lat, airport.lon, airport.error_km) == ("landmark", 36.515, 103.62, 1.0)
    assert sp.resolve_centre(cat, "空港") == airport  # an alias
    assert sp.resolve_centre(cat, "甲一园").id == "park-a1"  # a site by name
    assert sp.resolve_centre(cat, "University A").kind == "organization"
    point = sp.resolve_centre(cat, " 36.1，103.9 ")  # full-width comma too
    assert (point.id, point.kind, point.error_km) == ("36.10000,103.90000", "point", None)
    assert point.label("en") == "the point picked on the map (36.1000, 103.9000)"
    assert sp.resolve_centre(cat, "") is None


@pytest.mark.parametrize(
    "place, key", [("机场站", "unknown_place"), ("centre-x", "place_unlocated"), ("95,104", "bad_point")]
)
def test_bad_places_say_what_is_wrong(cat, place, key):
    with pytest.raises(sp.SearchInputError) as err:
        sp.resolve_centre(cat, place)
    assert err.value.key == key
    assert err.value.message("zh") != err.value.message("en")


def test_unknown_place_suggests_close_names(cat):
    with pytest.raises(sp.SearchInputError) as err:
        sp.resolve_centre(cat, "甲一")
    assert "甲一园" in err.value.message("zh") and err.value.message("en").startswith("Unknown place “甲一”")
    with pytest.raises(sp.SearchInputError) as err:
        sp.resolve_centre(cat, "centre-x")
    assert "某中心" in err.value.message("zh") and "Centre X" in err.value.message("en")


def test_place_options_list_located_places_only(cat):
    options = sp.place_options(cat, "en")
    assert list(options) == ["", "lm-air", "zone-a", "park-a1", "zone-b", "org-u"]
    assert options["lm-air"] == "place · Airport" and options["org-u"] == "university · University A"
    picked = sp.resolve_centre(cat, "36.1,103.9")
    assert list(sp.place_options(cat, "zh", picked))[1] == picked.id


def test_clicks_become_points_and_gaode_clicks_are_shifted_back(cat):
    assert geo_places.clicked_place({"lat": 36.06, "lng": 103.83}) == "36.06000,103.83000"
    shifted = wgs84_to_gcj02(36.06, 103.83)
    assert geo_places.clicked_place({"lat": shifted[0], "lng": shifted[1]}, gcj02=True) == "36.06000,103.83000"
    with pytest.raises(sp.SearchInputError, match="malformed"):
        geo_places.clicked_place({"lat": "north"})


# ------------------------------------------------------------------ areas


def test_areas_by_code_or_name(cat):
    assert sp.canonical_area(cat, "620102") == "620102"
    assert sp.canonical_area(cat, "城关区") == "620102" and sp.canonical_area(cat, "Lanzhou") == "620100"
    assert sp.canonical_area(cat, "") == ""
    with pytest.raises(sp.SearchInputError, match="Unknown area"):
        sp.canonical_area(cat, "Atlantis")


def test_area_options_nest_counties_under_cities(shipped):
    options = sp.area_options(shipped, "zh")
    assert options["620400"] == "白银市" and options["620402"] == "白银市 · 白银区"
    assert "620000" not in options  # the whole province is no filter


# ------------------------------------------------------------------ the search


def test_filters_follow_the_state_and_describe_themselves(cat):
    airport = sp.resolve_centre(cat, "lm-air")
    shape = Polygon(BOX["coordinates"][0])
    filters = sp.build_filters(
        cat, chains=("chain-mat",), city="兰州", centre=airport, km=25, area="620102", shape=shape
    )
    assert [type(f) for f in filters] == [
        geo_filters.IndustryFilter,
        geo_filters.CityFilter,
        geo_filters.WithinKmFilter,
        geo_filters.AreaFilter,
        geo_filters.PolygonFilter,
    ]
    assert geo_filters.SiteQuery(filters).describe(cat, "zh") == (
        "园区：承载新材料产业，位于兰州市，距机场 25 公里以内，位于城关区境内，位于所绘范围内"
    )
    assert (
        geo_filters.SiteQuery(filters)
        .describe(cat, "en")
        .endswith("within 25 km of Airport, inside Chengguan District, inside the drawn shape")
    )
    assert sp.build_filters(cat) == () and not geo_filters.is_spatial(sp.build_filters(cat, city="兰州"))


def test_sites_without_location_are_left_out_and_counted(cat):
    filters = sp.build_filters(cat, area="620100")
    assert list(geo_filters.left_out(cat, filters)["id"]) == ["centre-x"]
    assert geo_filters.unlocated_orgs(cat, filters) == 1
    assert geo_filters.left_out(cat, sp.build_filters(cat, city="兰州")).empty  # no spatial filter: nothing left out
    assert list(geo_filters.left_out(cat, sp.build_filters(cat, chains=("chain-mat",), area="620100"))["id"]) == []


def test_organizations_found_carry_distance_and_chosen_chains(cat):
    centre = sp.resolve_centre(cat, "zone-a")
    orgs = geo_filters.orgs_found(
        cat, sp.build_filters(cat, chains=("chain-mat",), centre=centre, km=5), ("chain-mat",)
    )
    assert list(orgs["id"]) == ["org-u"] and orgs["chains"].iloc[0] == ["chain-mat"]
    assert orgs["distance_km"].iloc[0] == pytest.approx(q.distances_km(orgs, shapely.Point(103.84, 36.06)).iloc[0])
    assert geo_filters.orgs_found(cat, sp.build_filters(cat, city="兰州")).empty


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_result_rows_round_distances_and_show_accuracy(cat, lang):
    centre = sp.resolve_centre(cat, "lm-air")
    found = geo_filters.SiteQuery(sp.build_filters(cat, chains=("chain-mat",), centre=centre, km=100)).run(cat)
    table = sp.result_rows(cat, found, lang)
    distance = "距离（公里）" if lang == "zh" else "Distance (km)"
    assert list(table[distance]) == [round(d, 1) for d in found["distance_km"]]
    chains = "所选产业链" if lang == "zh" else "Chosen chains"
    assert set(table[chains]) == {"新材料" if lang == "zh" else "New materials"}
    accuracy = "位置精度" if lang == "zh" else "Location accuracy"
    assert all(("±1" in a) for a in table[accuracy])


def test_export_frame_downloads_as_csv_with_bom_and_geojson(cat):
    centre = sp.resolve_centre(cat, "lm-air")
    found = geo_filters.SiteQuery(sp.build_filters(cat, centre=centre, km=100)).run(cat)
    export = sp.export_frame(found)
    assert list(export.columns) == sp.EXPORT_COLUMNS
    assert frame_bytes(export, "csv").startswith(b"\xef\xbb\xbf")
    doc = json.loads(frame_bytes(export, "geojson"))
    assert [f["properties"]["id"] for f in doc["features"]] == list(found["id"])
    plain = sp.export_frame(geo_filters.SiteQuery(()).run(cat))
    assert plain["distance_km"].isna().all() and len(plain) == len(cat.sites)


# ------------------------------------------------------------------ the map


def test_search_map_shows_centre_circle_shape_results_and_draw_tools(cat):
    centre = sp.resolve_centre(cat, "lm-air")
    shape = Polygon(BOX["coordinates"][0])
    built = sp.search_map(
        cat,
        MapOptions(lang="zh"),
        highlight=("zone-a", "park-a1"),
        org_ids=("org-u",),
        centre=centre,
        km=80,
        area="620102",
        shape=shape.wkt,
        filtered=True,
    )
    html = built.map.get_root().render()
    assert html.count('"markerColor": "red"') == 2 and html.count("L.circleMarker(") == 1  # zone-b dimmed
    assert '"radius": 80000.0' in html and "crosshairs" in html
    assert "L.Control.Draw" in html
    [local] = [e for e in built.map._children.values() if isinstance(e, DrawLocal)]  # its texts, in Chinese
    assert local.texts["draw.toolbar.buttons.polygon"] == "绘制多边形" and "L.drawLocal" in html
    assert "距搜索中心" in html  # result tooltips give the distance
    assert built.site_for_tooltip("乙高新区") == "zone-b"
    assert all(link.startswith("/app/static/") for link in asset_links(built.map))


def test_search_map_unfiltered_shows_every_site_as_usual(cat):
    html = sp.search_map(cat, MapOptions(lang="en")).map.get_root().render()
    assert "L.circleMarker(" not in html and "crosshairs" not in html
    assert "L.Control.Draw" in html and "L.drawLocal" not in html


def test_one_search_is_computed_once_per_catalogue_and_filters(shipped):
    def filters():  # the page builds its filters anew on every rerun: equal, not the same objects
        return sp.build_filters(
            shipped, chains=("chain-biomedicine",), centre=sp.resolve_centre(shipped, "lanzhou-station")
        )

    chains = ("chain-biomedicine",)
    sites = sp.found_table(shipped, filters(), chains, "zh", "sites")
    assert sp.found_table(shipped, filters(), chains, "zh", "sites") is sites
    assert sp.found_export(shipped, filters(), chains, "orgs") is sp.found_export(shipped, filters(), chains, "orgs")
    found = geo_filters.SiteQuery(filters()).run(shipped)
    assert sites.equals(sp.result_rows(shipped, found, "zh")) and len(found)
    orgs = geo_filters.orgs_found(shipped, filters(), chains)
    assert sp.found_table(shipped, filters(), chains, "en", "orgs").equals(
        sp.result_rows(shipped, orgs, "en", chains_column="chains")
    )
