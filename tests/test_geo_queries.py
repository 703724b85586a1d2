import math

import pytest
from shapely.geometry import box

from geo import filters as geo_filters
from geo import queries as q
from geo.errors import InvalidQueryError


def ids(df):
    return sorted(df["id"])


def test_chain_finds_sites_of_every_system_and_sub_chain(cat):
    assert ids(geo_filters.sites_hosting(cat, "chain-mat")) == ["park-a1", "zone-b"]


def test_parent_industry_includes_sub_chains(cat):
    assert ids(geo_filters.sites_hosting(cat, "a-mat")) == ["park-a1", "zone-b"]
    assert ids(geo_filters.sites_hosting(cat, "a-re")) == ["park-a1"]


def test_industries_of_site_carry_role_and_quote(cat):
    df = q.industries_of_site(cat, "zone-a")
    assert df[["id", "role", "quote"]].values.tolist() == [["b-bio", "主导", "生物医药"]]


def test_orgs_behind_chain_and_at_site(cat):
    assert ids(q.orgs_for_industry(cat, "chain-mat")) == ["org-u"]
    assert ids(q.orgs_at_site(cat, "zone-a")) == ["org-u"]
    assert ids(q.orgs_at_site(cat, "zone-b")) == ["org-e"]


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2, dlat, dlon = map(math.radians, (lat1, lat2, lat2 - lat1, lon2 - lon1))
    a = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def test_within_km_measured_in_metres_not_degrees(cat):
    f = geo_filters.WithinKmFilter(10, 36.06, 103.84, "甲", "A")
    df = geo_filters.SiteQuery((f,)).run(cat)
    assert ids(df) == ["park-a1", "zone-a"]
    expected = haversine_km(36.06, 103.84, 36.10, 103.90)  # ≈7.0 km; in degrees it would be ≈0.07
    assert df.set_index("id").loc["park-a1", "distance_km"] == pytest.approx(expected, rel=0.01)
    assert ids(geo_filters.SiteQuery((geo_filters.WithinKmFilter(5, 36.06, 103.84),)).run(cat)) == ["zone-a"]


def test_unlocated_sites_drop_out_of_spatial_filters(cat):
    df = geo_filters.SiteQuery((geo_filters.WithinKmFilter(1000, 36.06, 103.84),)).run(cat)
    assert "centre-x" not in set(df["id"])


def test_area_and_polygon_filters(cat):
    assert ids(geo_filters.SiteQuery((geo_filters.AreaFilter("620102"),)).run(cat)) == ["park-a1", "zone-a"]
    assert ids(geo_filters.SiteQuery((geo_filters.PolygonFilter(box(104, 36.4, 104.3, 36.7)),)).run(cat)) == ["zone-b"]


def test_filters_combine_with_and(cat):
    query = geo_filters.SiteQuery((geo_filters.IndustryFilter(("chain-mat",)), geo_filters.CityFilter("兰州")))
    assert ids(query.run(cat)) == ["park-a1"]
    assert query.describe(cat, "zh") == "园区：承载新材料产业，位于兰州市"
    assert query.describe(cat, "en") == "Sites hosting New materials, in Lanzhou"


def test_bad_radius_and_empty_shape_rejected():
    with pytest.raises(InvalidQueryError):
        geo_filters.WithinKmFilter(0, 36, 103)
    with pytest.raises(InvalidQueryError):
        geo_filters.PolygonFilter(box(1, 1, 1, 1))


def test_nearest_orgs_sorted_with_distance(cat):
    df = q.nearest_orgs(cat, "park-a1", 5)
    assert ids(df) == ["org-u"]  # org-e has no location
    with pytest.raises(InvalidQueryError, match="no known location"):
        q.nearest_orgs(cat, "centre-x")


def test_indicator_query(cat):
    assert list(q.IndicatorQuery(("zone-b",), "target", 2027).run(cat)["value"]) == [177.0]
    assert q.IndicatorQuery(("620100",), "actual").describe(cat, "zh") == "指标：兰州市，实绩"
    assert q.IndicatorQuery(kind="target", year=2020).run(cat).empty


def test_projects_of_zone_include_its_parks(cat):
    assert ids(q.ProjectQuery("zone-a").run(cat)) == ["p1"]
    assert q.ProjectQuery("zone-a", include_parks=False).run(cat).empty


def test_points_get_county_codes(cat):
    codes = cat.sites.set_index("id")["county_code"]
    assert codes["zone-a"] == "620102" and codes["zone-b"] == "" and codes["centre-x"] == ""
