"""The 白银一区六园 page in AppTest: map, matrix, selections and clicks, checked against the data.

Note: after ``switch_page`` AppTest runs the page file alone (not the router), so the sidebar's
widgets are not drawn and their keys (lang, chains) are dropped after that run; a test that reruns
the page sets them again (``rerun``).
"""

from __future__ import annotations

import functools

import pytest

from geo import filters as geo_filters
from geo import plan as geo_plan
from geo.load import load_catalogue
from tests.apptest_utils import (
    assert_no_exception,
    fake_click,
    local_links_exist,
    maps,
    marker_count,
    open_expanders,
    open_page,
    rerun,
    script,
)
from tests.test_views_baiyin import assert_highlighted, parse_lines, parse_markers, point
from views import baiyin as by

PAGE = "app_pages/baiyin.py"


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


@pytest.fixture(scope="module")
def plan(cat):
    return geo_plan.read_plan(cat)


def matrix(at):
    return next(df.value for df in at.dataframe if df.value.index.name in ("园区", "Park"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_runs_with_map_lines_and_matrix(cat, plan, lang):
    at = open_page(PAGE, query={"lang": lang})
    assert_no_exception(at)
    assert at.title[0].value == ("白银一区六园" if lang == "zh" else "Baiyin: one zone, six parks")
    [m] = maps(at)
    assert local_links_exist(m) == []
    sites = cat.sites[cat.sites["id"].isin(plan.rows)]
    orgs = cat.organizations[(cat.organizations["city"] == "白银")]
    assert marker_count(m) == sites.geometry.notna().sum() + orgs.geometry.notna().sum()
    parks = plan.parks
    ends = [e for p in parks for e in geo_plan.link_ends(plan, p)]  # 会宁: its two located parts
    assert sorted(parse_lines(m["script"])) == sorted((point(cat, "by-hitech"), point(cat, e)) for e in ends)
    assert len(parks) == 6
    col = "name_zh" if lang == "zh" else "name_en"
    other = "name_en" if lang == "zh" else "name_zh"
    names = {mk["name"] for mk in parse_markers(m["script"])}
    assert set(sites.loc[sites.geometry.notna(), col]) <= names
    assert not names & set(sites[other])
    table = matrix(at)
    ind = cat.industries.set_index("id")
    assert list(table.columns) == [ind.at[i, col] for i in plan.industries["id"]]


def test_matrix_equals_site_industries(cat, plan):
    table = matrix(open_page(PAGE))
    labels = {by.site_label(plan, s, "zh"): s for s in plan.rows}
    ind = cat.industries
    names = ind[ind["system"] == "baiyin-4+5+1"].set_index("name_zh")["id"]
    si = cat.site_industries
    for column in table.columns:
        filled = {labels[row] for row in table.index[table[column] != ""]}
        assert filled == set(si.loc[si["industry_id"] == names[column], "site_id"]) & set(labels.values()), column
    assert {labels[r] for r in table.index[table["新材料"].str.contains("依托")]} == {
        "by-hitech",
        "by-yindong",
        "by-xiqu",
        "by-pingchuan",
        "by-liuchuan",
    }
    assert table.loc["白银高新技术产业开发区", "新材料"] == "依托 / 创新型企业集群"  # hosts, and a goal


def test_selecting_an_industry_then_a_park_highlights_them(cat, plan):
    at = open_page(PAGE, query={"lang": "en"})
    rows = plan.rows
    assert_highlighted(script(at), cat, (), rows, "en")
    at.selectbox(key="by_industry").select("by-ind-new-materials")
    rerun(at, lang="en")
    si = cat.site_industries
    relying = set(si.loc[si["industry_id"] == "by-ind-new-materials", "site_id"])
    assert_highlighted(script(at), cat, relying, rows, "en")
    assert any("Parks relying on “New materials”" in c.value for c in at.caption)
    at.selectbox(key="by_park").select("by-huining")
    rerun(at, lang="en")
    assert_highlighted(script(at), cat, relying | {"by-huining"}, rows, "en")
    assert at.session_state["site"] == "by-huining"  # the shared site choice follows
    at.selectbox(key="by_industry").select("")
    rerun(at, lang="en")
    assert_highlighted(script(at), cat, {"by-huining"}, rows, "en")


def test_services_serve_the_group_as_a_whole(cat, plan):
    at = open_page(PAGE)
    at.selectbox(key="by_industry").select("by-ind-services")
    rerun(at)
    assert_highlighted(script(at), cat, (), plan.rows)  # the group has no place of its own
    assert any("整体" in c.value for c in at.caption)


def test_sidebar_chains_highlight_the_hosting_parks(cat, plan):
    at = open_page(PAGE, query={"chain": "chain-new-materials"})
    assert_no_exception(at)
    hosts = set(geo_filters.SiteQuery((geo_filters.IndustryFilter(("chain-new-materials",)),)).run(cat)["id"]) & set(
        plan.rows
    )
    assert hosts == {"by-hitech", "by-yindong", "by-xiqu", "by-pingchuan", "by-liuchuan"}
    assert_highlighted(script(at), cat, hosts, plan.rows)


def test_a_shared_site_in_the_link_preselects_the_park(cat, plan):
    at = open_page(PAGE, query={"site": "by-jingtai"})
    assert at.selectbox(key="by_park").value == "by-jingtai"
    assert_highlighted(script(at), cat, {"by-jingtai"}, plan.rows)
    assert next(e for e in at.expander if e.label.startswith("景泰工业集中区")).proto.expanded
    assert any(df.value.equals(by.park_industries(plan, "by-jingtai", "zh")) for df in at.dataframe)  # filled


def test_each_park_lists_industries_and_units_and_unknown_locations_are_shown(cat, plan):
    at = open_expanders(open_page(PAGE))
    labels = [e.label for e in at.expander]
    for site in plan.rows:
        assert any(label.startswith(by.site_label(plan, site, "zh")) for label in labels), site
    assert any(label.startswith("└ 银西产业园") and "位置未知" in label for label in labels)
    unknown = next(e for e in at.expander if e.label.startswith("位置未知"))
    assert "银西产业园" in unknown.markdown[0].value
    units = [df.value for df in at.dataframe if "单位" in df.value.columns]
    shown = {u for df in units for u in df["单位"]}
    oi = cat.org_industries
    si = cat.site_industries
    tied = set(oi.loc[oi["industry_id"].isin(si.loc[si["site_id"].isin(plan.rows), "industry_id"]), "org_id"])
    assert shown == set(cat.organizations.set_index("id").loc[sorted(tied), "name_zh"])


def test_clicking_a_park_opens_its_profile(monkeypatch):
    at = open_page()
    fake_click(monkeypatch, "景泰工业集中区\n园区 · 位置为估计")
    at.switch_page(PAGE)
    at.run()
    assert_no_exception(at)
    assert at.session_state["site"] == "by-jingtai"


def test_a_parks_profile_button_opens_it():
    at = rerun(open_page(PAGE), **{"by_box_by-yindong": True})  # the button is inside the park's expander
    at.button(key="by_open_by-yindong").click()
    at.run()
    assert_no_exception(at)
    assert at.session_state["site"] == "by-yindong"


def test_a_closed_expanders_tables_are_not_sent_and_opening_one_shows_them(plan):
    at = open_page(PAGE)
    assert [df.value.index.name for df in at.dataframe] == ["园区"]  # the matrix only: every expander is closed
    at = rerun(at, **{"by_box_by-yindong": True, "by_links": True})  # as a click on each would
    shown = [df.value for df in at.dataframe]
    assert len(shown) == 4  # the matrix, every tie, the park's industries and its units
    assert shown[1].equals(by.links_table(plan, "zh"))
    assert shown[2].equals(by.park_industries(plan, "by-yindong", "zh"))
    assert shown[3].equals(by.park_units(plan, "by-yindong", "zh"))


def test_the_matrix_is_built_once_per_view_and_then_replayed(monkeypatch, plan):
    from ui import data, plan_matrix

    calls = []
    draw = plan_matrix._draw

    @functools.wraps(draw)  # same name: ui.data.drawn finds it by module and name
    def counted(cat, *args):
        calls.append(args)
        draw(cat, *args)

    monkeypatch.setattr(plan_matrix, "_draw", counted)
    data.clear_caches()  # nothing recorded before
    at = open_page(PAGE)
    rerun(at, chains=["chain-digital"])  # a filter change that leaves the matrix as it is
    rerun(at, chains=[])
    assert calls == [("zh", "", "")]
    shown, expected = matrix(at), by.matrix_frame(plan, "zh")
    assert list(shown.index) == list(expected.index) and shown.to_numpy().tolist() == expected.to_numpy().tolist()
    at.selectbox(key="by_park").select("by-jingtai").run()
    assert calls[-1] == ("zh", "by-jingtai", "")
