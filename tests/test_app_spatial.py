"""The spatial-search page (app_pages/spatial.py) in AppTest: each filter gives exactly the geo query's answer."""

import csv
import io
import json
import re

import pytest
import shapely
from streamlit.delta_generator import DeltaGenerator

from geo import filters as geo_filters
from geo import load_catalogue
from tests.apptest_utils import assert_no_exception, local_links_exist, maps, open_expanders, open_page
from views import spatial as sp
from views.drawing import parse_drawing
from views.i18n import name
from views.maps import esc

PAGE = "app_pages/spatial.py"
CAT = load_catalogue()
AIRPORT = sp.resolve_centre(CAT, "zhongchuan-airport")
STATION = sp.resolve_centre(CAT, "lanzhou-station")
BAIYIN_BOX = {
    "type": "Feature",
    "properties": {},
    "geometry": {
        "type": "Polygon",
        "coordinates": [[[104.0, 36.4], [104.4, 36.4], [104.4, 36.7], [104.0, 36.7], [104.0, 36.4]]],
    },
}


def fake_map(monkeypatch, value: dict) -> None:
    """Make every st_folium call return ``value`` (a drawing, a click …)."""
    import ui.mapview

    monkeypatch.setattr(ui.mapview, "st_folium", lambda *args, **kwargs: dict(value))


def within(centre, km, *more):
    return geo_filters.SiteQuery(
        (*more, geo_filters.WithinKmFilter(km, centre.lat, centre.lon, centre.name_zh, centre.name_en))
    )


def result_names(at) -> list[str]:
    return list(at.dataframe[0].value.iloc[:, 0])


def names(found, lang="zh") -> list[str]:
    return [name(row, lang) for _, row in found.iterrows()]


def red_marker_names(map_args: dict) -> set[str]:
    script = map_args["script"]
    found = set()
    for var in re.findall(r"var (marker_\w+) = L\.marker\(", script):
        icon = re.search(rf"{var}\.setIcon\((icon_\w+)\)", script).group(1)
        colour = re.search(
            rf"var {icon} = L\.AwesomeMarkers\.icon\(\s*{{[^}}]*?\"markerColor\": \"(\w+)\"", script
        ).group(1)
        tip = re.search(rf"{var}\.bindTooltip\(\s*`<div>\s*(.*?)\s*</div>`", script, flags=re.S)
        if colour == "red":
            found.add(re.sub(r"<[^>]+>", "", tip.group(1).split("<br>")[0]))
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("query", [{}, {"km": "25", "place": "lanzhou-station", "area": "620102"}])
def test_page_runs_in_both_languages(lang, query):
    at = open_page(PAGE, query={"lang": lang, **query})
    assert_no_exception(at)
    assert at.title[0].value == ("空间筛选" if lang == "zh" else "Spatial search")
    [m] = maps(at)
    assert local_links_exist(m) == []
    assert any("leaflet.draw" in link for link in m["js_links"])  # the drawing tools, served locally


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_radius_around_a_place_is_the_geo_query(lang):
    at = open_page(PAGE, query={"lang": lang, "km": "15", "place": "lanzhou-station"})
    query = within(STATION, 15)
    expected = query.run(CAT)
    assert at.subheader[0].value == query.describe(CAT, lang)
    assert result_names(at) == names(expected, lang)
    table = at.dataframe[0].value
    distance = "距离（公里）" if lang == "zh" else "Distance (km)"
    assert list(table[distance]) == [round(d, 1) for d in expected["distance_km"]]
    accuracy = "位置精度" if lang == "zh" else "Location accuracy"
    assert table[accuracy].str.len().gt(0).all()
    assert "±0.3" in " ".join(c.value for c in at.caption)  # the note on the error, with the centre's own


def test_changing_the_radius_changes_the_table_as_the_geo_query_says():
    at = open_page(PAGE, query={"km": "8", "place": "lanzhou-station"})
    assert result_names(at) == names(within(STATION, 8).run(CAT))
    at.number_input(key="radius_km").set_value(40.0).run()
    assert result_names(at) == names(within(STATION, 40).run(CAT))
    assert len(result_names(at)) > len(names(within(STATION, 8).run(CAT))) > 0
    assert at.query_params["km"] == "40"


def test_changing_the_place_changes_the_table():
    at = open_page(PAGE, query={"km": "30", "place": "lanzhou-station"})
    at.selectbox(key="place").set_value("baiyin-centre").run()
    assert result_names(at) == names(within(sp.resolve_centre(CAT, "baiyin-centre"), 30).run(CAT))
    assert at.query_params["place"] == "baiyin-centre"


def test_area_filter_is_the_geo_query():
    at = open_page(PAGE, query={"area": "620402"})
    assert result_names(at) == names(geo_filters.SiteQuery((geo_filters.AreaFilter("620402"),)).run(CAT))
    at.selectbox(key="area").set_value("620100").run()
    assert result_names(at) == names(geo_filters.SiteQuery((geo_filters.AreaFilter("620100"),)).run(CAT))


def test_chain_city_and_radius_combine():
    at = open_page(PAGE, query={"km": "60", "place": "lanzhou-station", "chain": "chain-new-materials"})
    chain = geo_filters.IndustryFilter(("chain-new-materials",))
    assert result_names(at) == names(within(STATION, 60, chain).run(CAT))
    at = open_page(PAGE, query={"km": "80", "place": "baiyin-centre", "chain": "chain-equipment", "city": "白银"})
    expected = within(
        sp.resolve_centre(CAT, "baiyin-centre"),
        80,
        geo_filters.IndustryFilter(("chain-equipment",)),
        geo_filters.CityFilter("白银"),
    ).run(CAT)
    assert result_names(at) == names(expected) and len(expected) > 0


def test_results_light_up_on_the_map_with_centre_and_circle():
    at = open_page(PAGE, query={"km": "15", "place": "lanzhou-station"})
    [m] = maps(at)
    assert red_marker_names(m) == {esc(n) for n in names(within(STATION, 15).run(CAT))}
    assert '"radius": 15000.0' in m["script"]  # the search circle, in metres
    assert "crosshairs" in m["script"]  # the search centre's marker


def test_query_parameters_reopen_the_search():
    query = {"km": "30", "place": "zhongchuan-airport", "chain": "chain-biomedicine"}
    at = open_page(PAGE, query=query)
    assert_no_exception(at)
    assert at.session_state["radius_km"] == 30.0 and at.session_state["place"] == "zhongchuan-airport"
    assert at.session_state["chains"] == ["chain-biomedicine"]
    assert dict(at.query_params) == query
    expected = within(AIRPORT, 30, geo_filters.IndustryFilter(("chain-biomedicine",)))
    assert at.subheader[0].value == expected.describe(CAT, "zh")
    assert expected.run(CAT).empty and any("没有符合条件的园区" in w.value for w in at.warning)


def test_a_place_given_by_name_is_kept_by_id():
    at = open_page(PAGE, query={"km": "30", "place": "中川机场"})
    assert at.session_state["place"] == "zhongchuan-airport"
    assert at.query_params["place"] == "zhongchuan-airport"
    assert result_names(at) == names(within(AIRPORT, 30).run(CAT))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_railway_station_is_offered_as_centre_and_says_its_licence(lang):
    at = open_page(PAGE, query={"lang": lang, "km": "10"})
    picker = at.selectbox(key="place")
    assert "白银西站" in picker.options or any("白银西" in o for o in picker.options)
    picker.set_value("白银西站").run()
    assert_no_exception(at)
    centre = sp.resolve_centre(CAT, "白银西站")
    assert centre.kind == "station" and at.query_params["place"] == "白银西站"
    assert result_names(at) == names(within(centre, 10).run(CAT), lang) and "by-xiqu" in set(
        within(centre, 10).run(CAT)["id"]
    )
    assert ("许可未知" if lang == "zh" else "licence unknown") in at.subheader[0].value


def test_unknown_place_and_area_give_a_message():
    at = open_page(PAGE, query={"place": "火星基地", "area": "999999"})
    assert_no_exception(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "火星基地" in warnings and "999999" in warnings
    assert at.session_state["place"] == "" and at.session_state["area"] == ""


def test_a_drawn_shape_filters_to_the_sites_inside(monkeypatch):
    fake_map(monkeypatch, {"last_active_drawing": BAIYIN_BOX})
    at = open_page(PAGE)
    assert_no_exception(at)
    query = geo_filters.SiteQuery((geo_filters.PolygonFilter(shapely.geometry.shape(BAIYIN_BOX["geometry"])),))
    assert at.subheader[0].value == query.describe(CAT, "zh")
    assert result_names(at) == names(query.run(CAT)) and len(result_names(at)) > 0


def test_a_drawn_circle_filters_by_its_radius(monkeypatch):
    circle = {
        "type": "Feature",
        "properties": {"radius": 8000},
        "geometry": {"type": "Point", "coordinates": [104.21, 36.53]},
    }
    fake_map(monkeypatch, {"last_active_drawing": circle})
    at = open_page(PAGE)
    expected = geo_filters.SiteQuery((geo_filters.PolygonFilter(parse_drawing(circle)),)).run(CAT)
    assert result_names(at) == names(expected) and "by-hitech" in set(expected["id"])


def test_a_malformed_drawing_gives_a_message_not_an_exception(monkeypatch):
    bad = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[104.0, 36.4]]]}}
    fake_map(monkeypatch, {"last_active_drawing": bad})
    at = open_page(PAGE)
    assert_no_exception(at)
    assert any("坐标有误" in w.value for w in at.warning)
    assert result_names(at) == names(CAT.sites)  # the shape is ignored, nothing else filters


def test_clearing_the_shape_restores_the_results(monkeypatch):
    fake_map(monkeypatch, {"last_active_drawing": BAIYIN_BOX})
    at = open_page(PAGE)
    inside = result_names(at)
    at.button[0].click().run()
    assert result_names(at) == names(CAT.sites) != inside


def test_a_click_on_the_map_sets_the_centre_when_picking(monkeypatch):
    fake_map(monkeypatch, {"last_clicked": {"lat": 36.06, "lng": 103.83}})
    at = open_page(PAGE, query={"km": "10"}, session={"spatial_pick": True})
    assert at.session_state["place"] == "36.06000,103.83000"
    assert at.query_params["place"] == "36.06000,103.83000"
    centre = sp.resolve_centre(CAT, "36.06,103.83")
    assert result_names(at) == names(within(centre, 10).run(CAT))


def test_a_picked_point_in_the_link_reopens_its_search():
    at = open_page(PAGE, query={"km": "12", "place": "36.06,103.83"}, session={"lang": "en"})
    assert_no_exception(at)
    centre = sp.resolve_centre(CAT, "36.06,103.83")
    assert at.session_state["place"] == centre.id and at.query_params["place"] == centre.id
    assert result_names(at) == names(within(centre, 12).run(CAT), "en")


def test_organizations_within_the_radius_are_listed():
    at = open_page(PAGE, query={"km": "5", "place": "lanzhou-station"})
    orgs = geo_filters.WithinKmFilter(5, STATION.lat, STATION.lon).apply(CAT, CAT.organizations)
    assert list(at.dataframe[-1].value.iloc[:, 0]) == names(orgs) and len(orgs) > 0


def test_sites_without_location_are_counted_and_listed():
    at = open_page(PAGE, query={"area": "620402", "chain": "chain-biomedicine"})
    unlocated = geo_filters.SiteQuery((geo_filters.IndustryFilter(("chain-biomedicine",)),)).run(CAT)
    unlocated = unlocated[unlocated.geometry.isna()]
    assert any(f"另有 {len(unlocated)} 个" in c.value for c in at.caption)
    assert not any(list(df.value.iloc[:, 0]) == names(unlocated) for df in at.dataframe)  # its expander: closed
    open_expanders(at, chains=["chain-biomedicine"])  # as a click on it would
    assert any(list(df.value.iloc[:, 0]) == names(unlocated) for df in at.dataframe)


def test_downloads_give_csv_with_bom_and_valid_geojson(monkeypatch):
    seen = {}
    original = DeltaGenerator.download_button

    def record(self, label, data, file_name=None, *args, **kwargs):
        seen[file_name] = data
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", record)
    open_page(PAGE, query={"km": "20", "place": "lanzhou-station"})
    expected = within(STATION, 20).run(CAT)
    raw = seen["spatial-search-sites.csv"]()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == list(expected["id"])
    assert [round(float(r["distance_km"]), 1) for r in rows] == [round(d, 1) for d in expected["distance_km"]]
    doc = json.loads(seen["spatial-search-sites.geojson"]())
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == len(expected)
    assert seen["spatial-search-organizations.csv"]().startswith(b"\xef\xbb\xbf")
    assert len(seen["spatial-search-sites.gpkg"]()) > 0 and len(seen["spatial-search-sites.xlsx"]()) > 0
