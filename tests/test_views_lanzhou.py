"""views.lanzhou without Streamlit: which sites, the map (focus, links, escaping) and the tables,
each checked against the shipped data."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from geo import lanzhou as geo_lanzhou
from geo import queries as q
from geo.load import load_catalogue
from tests.test_views_baiyin import EVIL, assert_highlighted, parse_lines, parse_markers, parse_rings, point
from views import lanzhou as lz
from views.maps import MapOptions


@pytest.fixture(scope="module")
def shipped():
    return load_catalogue()


def lanzhou_site_ids(cat) -> set[str]:
    s = cat.sites
    return set(s.loc[(s["city"] == "兰州") & (s["kind"] != "program"), "id"])


def located(frame) -> set[str]:
    return set(frame.loc[frame.geometry.notna(), "id"])


def render(cat, **kwargs) -> str:
    return lz.lanzhou_map(cat, MapOptions(lang=kwargs.pop("lang", "zh")), **kwargs).map.get_root().render()


# ------------------------------------------------------------ which sites


def test_every_lanzhou_site_listed_once_parks_after_their_zone(shipped):
    ids = geo_lanzhou.ordered_site_ids(shipped)
    assert len(ids) == len(set(ids)) and set(ids) == lanzhou_site_ids(shipped)
    parents = shipped.sites.set_index("id")["parent_id"]
    for i, site in enumerate(ids):
        if parents[site] in ids:
            assert ids.index(parents[site]) < i
    for wanted in (
        "lz-hitech-yantan",
        "lz-hitech-yuzhong",
        "lz-hitech-qilihe",
        "lz-new-area",
        "lz-etdz",
        "lz-etdz-airport-north",
        "lz-west-pharma-valley",
        "lz-intl-port",
        "lz-gaolan-demo",
        "lz-yuzhong-eco-city",
        "lz-east-sci-city",
        "lz-life-science-center",
        "lz-sti-park",
        "gs-kunpeng-center",
    ):
        assert wanted in ids


def test_research_orgs_are_universities_and_institutes_not_in_baiyin(shipped):
    o = shipped.organizations
    expected = set(o.loc[o["kind"].isin(["university", "institute"]) & (o["city"] != "白银"), "id"])
    assert set(geo_lanzhou.research_orgs(shipped)["id"]) == expected
    assert {"org-lzu", "org-cas-lz", "org-nwnu"} <= expected


# ------------------------------------------------------------ map


def test_map_shows_every_located_site_and_research_org(shipped):
    page = render(shipped)
    sites, orgs = geo_lanzhou.lanzhou_sites(shipped), geo_lanzhou.research_orgs(shipped)
    markers = parse_markers(page)
    assert len(markers) == len(located(sites)) + len(located(orgs)) == 18
    names = {m["name"] for m in markers}
    assert set(sites.loc[sites.geometry.notna(), "name_zh"]) <= names
    assert_highlighted(page, shipped, (), sites["id"])


def test_lines_join_each_zone_to_its_located_parks(shipped):
    lines = parse_lines(render(shipped))
    sites = shipped.sites.set_index("id")
    pairs = [
        (z, p)
        for z, p in geo_lanzhou.structure_pairs(shipped)
        if sites.geometry[z] is not None and sites.geometry[p] is not None
    ]
    assert sorted(lines) == sorted((point(shipped, z), point(shipped, p)) for z, p in pairs)
    assert ("lz-etdz", "lz-west-pharma-valley") in pairs and ("lz-hitech", "lz-hitech-yantan") in pairs


@pytest.mark.parametrize("focus", ["lz-etdz", "lz-hitech", "lz-new-area", "lz-life-science-center"])
def test_focus_turns_the_zone_and_its_parks_red(shipped, focus):
    page = render(shipped, focus=focus)
    assert_highlighted(page, shipped, q.site_family(shipped, focus), geo_lanzhou.ordered_site_ids(shipped))
    if focus == "lz-etdz":
        assert len(parse_rings(page)) == 4  # 经开区, 机场北, 西部药谷, 国际港务区; 皋兰 has no location


def test_highlight_adds_red_markers(shipped):
    page = render(shipped, highlight=("lz-new-area", "lz-intl-port"))
    assert_highlighted(page, shipped, ("lz-new-area", "lz-intl-port"), geo_lanzhou.ordered_site_ids(shipped))


def test_english_map_uses_english_names(shipped):
    names = {m["name"] for m in parse_markers(render(shipped, lang="en"))}
    assert "Lanzhou New Area" in names and "Lanzhou University" in names and "兰州新区" not in names


def test_names_are_escaped_in_the_map_html(shipped):
    sites = shipped.sites.copy()
    sites.loc[sites["id"] == "lz-west-pharma-valley", "name_zh"] = EVIL
    industries = shipped.industries.copy()
    industries.loc[industries["id"] == "lzn-ind-big-data", "name_zh"] = "`${alert(3)}`"
    evil = dataclasses.replace(shipped, sites=sites, industries=industries)
    built = lz.lanzhou_map(evil, MapOptions(lang="zh"), focus="lz-etdz")
    page = built.map.get_root().render()
    assert EVIL not in page and "<img" not in page and html.escape(EVIL) in page
    assert "${alert(3)}" not in page
    assert built.click_index[EVIL] == "lz-west-pharma-valley"


def test_map_links_are_local(shipped):
    links = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', render(shipped))
    assert links and all(link.startswith("/app/static/") for link in links)


# ------------------------------------------------------------ tables


def test_sites_table_lists_unknown_locations_as_unknown(shipped):
    table = lz.sites_table(shipped, "zh")
    assert len(table) == len(lanzhou_site_ids(shipped))
    unknown = table[table["位置"] == "位置未知，未上图"]
    sites = shipped.sites[shipped.sites["id"].isin(lanzhou_site_ids(shipped))]
    assert len(unknown) == sites.geometry.isna().sum()
    assert lz.unlocated(shipped, ["lz-etdz", "lz-gaolan-demo", "lz-sti-park"], "zh") == [
        "皋兰生态修复与产业发展示范区",
        "兰州科技创新园",
    ]


def test_key_projects_are_the_2018_rows_by_pilot_zone_area(shipped):
    projects = geo_lanzhou.key_projects(shipped)
    p = shipped.projects
    assert set(projects["id"]) == set(p.loc[p["year"] == 2018, "id"])
    areas = geo_lanzhou.pilot_areas(shipped)
    assert set(areas) == {"lz-new-area", "lz-hitech", "lz-etdz", "by-hitech"}
    assert set(projects["area_id"]) <= {*areas, ""}
    by_id = projects.set_index("id")["area_id"]
    assert by_id["prj-lb18-west-pharma-valley"] == "lz-etdz"  # a park's project counts for its zone
    assert by_id["prj-lb18-red-star-macalline"] == "lz-hitech"
    assert by_id["prj-lb18-silk-road-info-port"] == ""
    order = [a for a in dict.fromkeys(projects["area_id"])]
    assert order[-1] == ""  # grouped, the unplaced last
    table = lz.key_projects_table(shipped, "en")
    assert len(table) == len(projects) and (table["Quote"] != "").all()


def test_zone_tables_follow_the_geo_queries(shipped):
    family = q.site_family(shipped, "lz-hitech")
    si = shipped.site_industries
    assert len(lz.zone_industries(shipped, "lz-hitech", "zh")) == si["site_id"].isin(family).sum()
    assert len(lz.zone_orgs(shipped, "lz-hitech", "zh")) == len(q.orgs_at_site(shipped, "lz-hitech"))
    projects = lz.zone_projects(shipped, "lz-hitech", "en")
    assert len(projects) == len(q.ProjectQuery("lz-hitech").run(shipped))
    assert "not stated" in set(projects["Year"]) and "2018" in set(projects["Year"])
    assert lz.zone_orgs(shipped, "lz-new-area", "zh").empty


def test_data_notes_carry_the_doubts(shipped):
    notes = lz.data_notes(shipped, q.site_family(shipped, "lz-etdz"), "zh")
    assert any(n.startswith("西部药谷产业园:") and "兰州新区" in n for n in notes)


def test_tooltip_summary_counts_industries_and_projects(shipped):
    text = lz.site_summary(shipped, "lz-etdz-airport-north", "zh")
    assert text == "项目 1 个（2018 年重点项目 1 个）"
    assert lz.site_summary(shipped, "lz-new-area", "en").startswith("Industries: Advanced equipment manufacturing")
