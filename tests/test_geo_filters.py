"""geo.filters: every site filter applies itself and describes itself in zh and en; one builder for all."""

import json

import pytest
from shapely.geometry import box

from geo import filters as geo_filters
from geo import places as geo_places
from geo.cli import main
from geo.errors import InvalidQueryError, UnknownNameError
from geo.filters import (
    AreaFilter,
    CityFilter,
    IndustryFilter,
    PolygonFilter,
    SiteFilter,
    SiteQuery,
    SiteSearch,
    WithinKmFilter,
    build_filters,
)
from geo.shapes import SearchInputError
from geo.tours import load_tour
from tests.test_tours import GOOD_STEP, tour_text, write

LANZHOU_BOX = box(103.5, 35.9, 104.0, 36.3)  # holds zone-a and park-a1, not zone-b (白银)


def ids(df):
    return sorted(df["id"])


FILTERS = {
    "industry": (
        lambda cat: IndustryFilter(("chain-mat",)),
        ["park-a1", "zone-b"],
        "承载新材料产业",
        "hosting New materials",
    ),
    "goals": (
        lambda cat: IndustryFilter(("chain-mat",), include_goals=True),
        ["park-a1", "zone-b"],
        "承载或以新材料为目标",
        "hosting New materials or aiming at it",
    ),
    "city": (lambda cat: CityFilter("兰州"), ["centre-x", "park-a1", "zone-a"], "位于兰州市", "in Lanzhou"),
    "within": (
        lambda cat: WithinKmFilter(10, 36.06, 103.84, "甲高新区", "Zone A"),
        ["park-a1", "zone-a"],
        "距甲高新区 10 公里以内",
        "within 10 km of Zone A",
    ),
    "area": (lambda cat: AreaFilter("620100"), ["park-a1", "zone-a", "zone-b"], "位于兰州市境内", "inside Lanzhou"),
    "shape": (
        lambda cat: PolygonFilter(LANZHOU_BOX),
        ["park-a1", "zone-a"],
        "位于所绘范围内",
        "inside the drawn shape",
    ),
}


@pytest.mark.parametrize("kind", FILTERS)
def test_each_filter_applies_and_describes_itself_in_zh_and_en(cat, kind):
    make, expected, zh, en = FILTERS[kind]
    one = make(cat)
    assert isinstance(one, SiteFilter)
    assert ids(one.apply(cat, cat.sites)) == expected
    assert one.describe(cat, "zh") == zh
    assert one.describe(cat, "en") == en
    assert one.spatial == (kind in ("within", "area", "shape"))


def test_a_query_joins_the_descriptions(cat):
    query = SiteQuery((IndustryFilter(("chain-mat",)), CityFilter("兰州")))
    assert ids(query.run(cat)) == ["park-a1"]
    assert query.describe(cat, "zh") == "园区：承载新材料产业，位于兰州市"
    assert query.describe(cat, "en") == "Sites hosting New materials, in Lanzhou"
    assert SiteQuery().describe(cat, "zh") == "全部园区" and SiteQuery().describe(cat, "en") == "all sites"


def test_builder_reads_a_dict_with_names(cat):
    filters = build_filters(
        cat, {"industry": ["新材料"], "city": "兰州", "within_km": 10, "of": "甲区", "in_area": "兰州市"}
    )
    assert [type(f) for f in filters] == [IndustryFilter, CityFilter, WithinKmFilter, AreaFilter]
    assert filters[0].industry_ids == ("chain-mat",) and filters[3].code == "620100"
    assert (filters[2].lat, filters[2].lon, filters[2].label_en) == (36.06, 103.84, "Zone A")
    assert ids(SiteQuery(filters).run(cat)) == ["park-a1"]
    assert build_filters(cat, {}) == () and build_filters(cat, SiteSearch()) == ()


def test_builder_takes_a_resolved_place_and_a_shape(cat):
    place = geo_places.resolve_place(cat, "36.06,103.84")
    filters = build_filters(cat, SiteSearch(within_km=5, of=place, shape=LANZHOU_BOX))
    assert [type(f) for f in filters] == [WithinKmFilter, PolygonFilter]
    assert geo_filters.is_spatial(filters) and not geo_filters.is_spatial(build_filters(cat, {"city": "兰州"}))


@pytest.mark.parametrize(
    "description, error, needle",
    [
        ({"within_km": 5}, InvalidQueryError, "within_km and of go together"),
        ({"of": "甲区"}, InvalidQueryError, "within_km and of go together"),
        ({"within_km": 0, "of": "甲区"}, InvalidQueryError, "radius must be a positive number"),
        ({"within_km": 5, "of": "某中心"}, SearchInputError, "has no known location"),
        ({"within_km": 5, "of": "火星"}, UnknownNameError, "unknown place '火星'"),
        ({"in_area": "火星县"}, UnknownNameError, "unknown area"),
        ({"industry": ["新才料"]}, UnknownNameError, "Did you mean: 新材料"),
        ({"radius": 5}, InvalidQueryError, "unknown search field(s) radius"),
    ],
)
def test_builder_refuses_bad_descriptions(cat, description, error, needle):
    with pytest.raises(error) as info:
        build_filters(cat, description)
    assert needle in str(info.value)


def test_cli_sites_is_the_builder(capsys, dataset_dir, cat):
    args = [
        "--data-dir",
        str(dataset_dir),
        "sites",
        "--industry",
        "新材料",
        "--within-km",
        "80",
        "--of",
        "机场",
        "--format",
        "json",
    ]
    assert main(args) == 0
    printed = [row["id"] for row in json.loads(capsys.readouterr().out)]
    query = SiteQuery(build_filters(cat, {"industry": ["新材料"], "within_km": 80, "of": "机场"}))
    assert printed == list(query.run(cat)["id"]) and printed


def test_one_place_resolver_for_cli_tours_and_the_page(cat, tmp_path):
    airport = geo_places.resolve_place(cat, "空港")  # an alias of the landmark 机场
    assert (airport.kind, airport.id) == ("landmark", "lm-air")
    area = geo_places.resolve_place(cat, "城关区")
    assert area.kind == "area" and area.id == "620102"
    with pytest.raises(UnknownNameError):
        geo_places.resolve_place(cat, "城关区", geo_places.POINT_KINDS)  # the page and tours: points only
    with pytest.raises(SearchInputError, match="out of range"):
        geo_places.resolve_place(cat, "95,103")
    assert geo_places.resolve_place(cat, "  ") is None


def test_tours_resolve_a_centre_with_the_same_resolver(tmp_path):
    from geo import load_catalogue

    shipped = load_catalogue()
    path = write(tmp_path, "place.yaml", tour_text(GOOD_STEP.replace("[36.53, 104.21]", "兰州中川国际机场")))
    airport = geo_places.resolve_place(shipped, "兰州中川国际机场", geo_places.POINT_KINDS)
    assert load_tour(shipped, path).steps[0].center == (airport.lat, airport.lon)
