"""The 兰州园区 page in AppTest: map, zone focus, tables and clicks, checked against the data.

After ``switch_page`` AppTest runs the page file alone (not the router), so the sidebar's keys
(lang, chains) are dropped after that run; ``rerun`` sets them again.
"""

from __future__ import annotations

import pytest

from geo import filters as geo_filters
from geo import lanzhou as geo_lanzhou
from geo import queries as q
from geo.load import load_catalogue
from tests.apptest_utils import (
    assert_no_exception,
    fake_click,
    local_links_exist,
    maps,
    marker_count,
    open_page,
    rerun,
    script,
)
from tests.test_views_baiyin import assert_highlighted, parse_markers
from views import lanzhou as lanzhou_view

PAGE = "app_pages/lanzhou.py"


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def table_with(at, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def lanzhou_sites(cat):
    s = cat.sites
    return s[(s["city"] == "兰州") & (s["kind"] != "program")]


def research(cat):
    o = cat.organizations
    return o[o["kind"].isin(["university", "institute"]) & (o["city"] != "白银")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_runs_with_sites_institutes_and_2018_projects(cat, lang):
    at = open_page(PAGE, query={"lang": lang})
    assert_no_exception(at)
    assert at.title[0].value == ("兰州园区" if lang == "zh" else "Lanzhou parks")
    [m] = maps(at)
    assert local_links_exist(m) == []
    sites, orgs = lanzhou_sites(cat), research(cat)
    assert marker_count(m) == sites.geometry.notna().sum() + orgs.geometry.notna().sum()
    col, other = ("name_zh", "name_en") if lang == "zh" else ("name_en", "name_zh")
    names = {mk["name"] for mk in parse_markers(m["script"])}
    assert names == set(sites.loc[sites.geometry.notna(), col]) | set(orgs.loc[orgs.geometry.notna(), col])
    assert not names & set(sites[other])
    area = table_with(at, "区域" if lang == "zh" else "Area")
    assert len(area) == (cat.projects["year"] == 2018).sum()
    assert set(area["名称" if lang == "zh" else "Name"]) == set(cat.projects.loc[cat.projects["year"] == 2018, col])


def test_research_table_lists_every_university_and_institute_known_or_not(cat):
    at = open_page(PAGE)
    table = next(df.value for df in at.dataframe if set(df.value["类型"]) <= {"高校", "科研院所"})
    orgs = research(cat)
    assert set(table["名称"]) == set(orgs["name_zh"])
    assert (table["位置"] == "位置未知，未上图").sum() == orgs.geometry.isna().sum()


def test_unknown_locations_are_listed(cat):
    at = open_page(PAGE)
    line = next(c.value for c in at.caption if c.value.startswith("位置未知"))
    sites = lanzhou_sites(cat)
    for name_zh in sites.loc[sites.geometry.isna(), "name_zh"]:
        assert name_zh in line
    for wanted in ("兰州生命科学中心", "兰州科技创新园", "甘肃鲲鹏生态创新中心"):
        assert wanted in line


def test_choosing_a_zone_focuses_the_map_and_lists_its_facts(cat):
    at = open_page(PAGE, query={"lang": "en"})
    zones = geo_lanzhou.ordered_site_ids(cat)
    assert_highlighted(script(at), cat, (), zones, "en")
    at.selectbox(key="lz_zone").select("lz-etdz")
    rerun(at, lang="en")
    family = q.site_family(cat, "lz-etdz")
    assert_highlighted(script(at), cat, family, zones, "en")
    assert at.session_state["site"] == "lz-etdz"
    assert at.subheader[0].value == "Lanzhou Economic and Technological Development Zone"
    projects = table_with(at, "Year")
    assert set(projects["Name"]) == set(q.ProjectQuery("lz-etdz").run(cat)["name_en"])
    notes = " ".join(md.value for md in at.markdown)
    assert "Western Pharmaceutical Valley Industrial Park: The 2018 work points list it under 兰州经开区" in notes
    assert any("Gaolan Ecological Restoration" in c.value for c in at.caption)  # its park without a location


def test_zone_industries_carry_role_and_quote(cat):
    at = open_page(PAGE, query={"site": "lz-new-area"})
    assert at.selectbox(key="lz_zone").value == "lz-new-area"
    table = table_with(at, "角色")
    si = cat.site_industries
    assert len(table) == (si["site_id"] == "lz-new-area").sum() == 4
    assert (
        set(table["角色"]) == {"优势产业"}
        and (table["原文"] != "").all()
        and set(table["来源"]) == {"lz-innovative-city"}
    )
    assert any(c.value == "数据中没有记录。" for c in at.caption)  # no organization placed in 兰州新区


def test_sidebar_chains_also_turn_hosting_sites_red(cat):
    at = open_page(PAGE, query={"chain": "chain-biomedicine"})
    assert_no_exception(at)
    hosts = set(geo_filters.SiteQuery((geo_filters.IndustryFilter(("chain-biomedicine",)),)).run(cat)["id"])
    hosts &= set(geo_lanzhou.ordered_site_ids(cat))
    assert "lz-hitech" in hosts
    assert_highlighted(script(at), cat, hosts, geo_lanzhou.ordered_site_ids(cat))


def test_clicking_a_site_opens_its_profile(monkeypatch):
    at = open_page()
    fake_click(monkeypatch, "机场北高新园区\n园区 · 位置为估计")
    at.switch_page(PAGE)
    at.run()
    assert_no_exception(at)
    assert at.session_state["site"] == "lz-etdz-airport-north"


def test_the_sites_table_is_sent_only_once_its_expander_is_opened(cat):
    at = open_page(PAGE)
    expected = lanzhou_view.sites_table(cat, "zh")
    assert not [df for df in at.dataframe if df.value.equals(expected)]
    assert not next(e for e in at.expander if e.label == "兰州的园区与平台").proto.expanded
    rerun(at, lz_sites=True)  # as a click on it would
    assert [df for df in at.dataframe if df.value.equals(expected)]
