"""园区档案 page: both languages, ?site= round trip, fallbacks, every section against the domain,
facts with quotes, navigation by button and by map click, local map links."""

import pytest

from geo.load import load_catalogue
from geo.reports import profile as gp
from geo.reports import tables as gt
from geo.reports.sheet import profile_summary
from geo.reports.tables import accuracy_statement
from tests.apptest_utils import (
    assert_no_exception,
    fake_click,
    local_links_exist,
    maps,
    marker_count,
    open_page,
    rerun,
    tooltips,
)
from views import profile as profile_view
from views.profile import default_site

CAT = load_catalogue()
SECTIONS_ZH = ["上级与成员", "位置精度", "产业与定位", "相关单位", "项目", "目标与实绩", "来源与原文", "导出（会谈用）"]
SECTIONS_EN = [
    "Parent and members",
    "Location accuracy",
    "Industries and their role",
    "Organizations",
    "Projects",
    "Targets and actuals",
    "Sources and quotes",
    "Exports for a meeting",
]


def subheaders(at) -> list[str]:
    return [h.value for h in at.subheader]


def frames(at) -> dict[str, object]:
    """The page's tables by their first column name."""
    return {df.value.columns[0]: df.value for df in at.dataframe}


@pytest.mark.parametrize("lang,sections", [("zh", SECTIONS_ZH), ("en", SECTIONS_EN)])
def test_profile_runs_in_both_languages_with_every_section(lang, sections):
    at = open_page("app_pages/profile.py", query={"site": "by-hitech", "lang": lang})
    assert_no_exception(at)
    assert at.header[0].value == (
        "白银高新技术产业开发区" if lang == "zh" else "Baiyin High-tech Industrial Development Zone"
    )
    shown = subheaders(at)
    for section in sections:
        assert any(h.startswith(section) for h in shown), (section, shown)
    [m] = maps(at)
    assert local_links_exist(m) == []


def test_tables_match_the_domain_profile():
    at = open_page("app_pages/profile.py", query={"site": "by-hitech"})
    expected = gt.profile_tables(CAT, gp.site_profile(CAT, "by-hitech"), "zh")
    shown = [df.value for df in at.dataframe]
    for key in ("structure", "industries", "units", "projects", "indicators", "facts"):
        want = expected[key]
        match = [df for df in shown if list(df.columns) == list(want.columns) and len(df) == len(want)]
        assert match, key
        assert match[0].reset_index(drop=True).equals(want.reset_index(drop=True)), key
    assert f"相关单位（{len(expected['units'])}）" in subheaders(at)


def test_every_fact_carries_its_source_and_quote():
    at = open_page("app_pages/profile.py", query={"site": "by-yindong"})
    facts = frames(at)["事项"]
    assert len(facts) > 5
    assert (facts["来源"].str.len() > 0).all() and (facts["原文"].str.len() > 0).all()
    assert "白银市建设兰白国家自主创新示范区和科技创新改革试验区发展规划纲要" in set(facts["来源"])
    for first in ("产业", "名称"):  # industries, organizations: a source id and a quote on every row
        table = frames(at)[first]
        assert (table["来源"].str.len() > 0).all() and (table["原文"].str.len() > 0).all()


def test_site_round_trips_through_the_url_and_the_picker():
    at = open_page("app_pages/profile.py", query={"site": "by-yindong", "lang": "en"})
    assert at.session_state["site"] == "by-yindong"
    assert at.header[0].value == "Yindong Industrial Park"
    assert dict(at.query_params)["site"] in ("by-yindong", ["by-yindong"])
    at = open_page("app_pages/profile.py", query={"site": "by-yindong"})
    at.selectbox(key="site").set_value("by-jingtai").run()
    assert at.header[0].value == "景泰工业集中区"
    assert at.session_state["site"] == "by-jingtai"  # the router mirrors it to the URL (AppTest reruns only the page)


def test_a_name_in_the_url_opens_that_site():
    at = open_page("app_pages/profile.py", query={"site": "白银高新区"})
    assert_no_exception(at)
    assert at.session_state["site"] == "by-hitech" and not at.warning


def test_unknown_site_says_so_and_falls_back():
    at = open_page("app_pages/profile.py", query={"site": "no-such-park"})
    assert_no_exception(at)
    assert "no-such-park" in at.warning[0].value
    assert at.session_state["site"] == default_site(CAT) == "by-hitech"
    empty = open_page("app_pages/profile.py")
    assert empty.session_state["site"] == "by-hitech" and not empty.warning


def test_parent_button_opens_the_parent():
    at = open_page("app_pages/profile.py", query={"site": "by-yindong"})
    at.button(key="goto-parent-by-hitech").click().run()
    assert_no_exception(at)
    assert at.session_state["site"] == "by-hitech"
    assert at.header[0].value == "白银高新技术产业开发区"


def test_inset_map_shows_site_relatives_and_units_and_a_click_opens_another_site(monkeypatch):
    at = open_page("app_pages/profile.py", query={"site": "by-yindong"})
    [m] = maps(at)
    prof = gp.site_profile(CAT, "by-yindong")
    sites = CAT.sites[CAT.sites["id"].isin(["by-yindong", *prof.related["site_id"]])]
    units = prof.units.drop_duplicates("id")
    assert marker_count(m) == sites.geometry.notna().sum() + units.geometry.notna().sum()
    labels = " ".join(tooltips(m))
    assert "银东工业园" in labels and "白银高新技术产业开发区" in labels
    fake_click(monkeypatch, "白银高新技术产业开发区\n开发区/新区 · 位置为估计")
    at.run()
    assert_no_exception(at)
    assert at.session_state["site"] == "by-hitech"


def test_clicking_the_open_site_itself_changes_nothing(monkeypatch):
    at = open_page("app_pages/profile.py", query={"site": "by-yindong"})
    fake_click(monkeypatch, "银东工业园\n园区 · 位置为估计")
    at.run()
    assert_no_exception(at)
    assert at.session_state["site"] == "by-yindong"


def test_site_without_location_says_so_and_shows_its_parent():
    at = open_page("app_pages/profile.py", query={"site": "lz-life-science-center"})
    assert_no_exception(at)
    assert any("位置未知" in i.value for i in at.info)
    [m] = maps(at)
    assert "兰州高新技术产业开发区" in " ".join(tooltips(m))
    assert any("位置未知" in md.value for md in at.markdown)
    alone = open_page("app_pages/profile.py", query={"site": "lb-yunchuang-park"})
    assert maps(alone) == [] and any("无法显示地图" in i.value for i in alone.info)


def test_location_accuracy_is_stated_plainly():
    at = open_page("app_pages/profile.py", query={"site": "by-yindong", "lang": "en"})
    text = " ".join(md.value for md in at.markdown)
    assert "±6 km" in text and "estimated from descriptions" in text and "gazetteer" in text


def test_pdf_is_made_on_demand():
    at = open_page("app_pages/profile.py", query={"site": "by-agri-park"})
    at.button(key="make-_doc-ready-profile-by-agri-park-zh-pdf").click().run()
    assert_no_exception(at)
    assert at.session_state["_doc-ready-profile-by-agri-park-zh-pdf"] is True


def test_every_sites_export_is_built_only_once_its_expander_is_opened():
    at = open_page("app_pages/profile.py", query={"site": "by-hitech"})
    assert not [b for b in at.button if b.key == "make-all-profiles"]
    rerun(at, profile_all=True)  # as a click on it would
    assert [b for b in at.button if b.key == "make-all-profiles"]


def test_the_lines_about_a_site_are_made_once_per_catalogue_site_and_language():
    summary, accuracy, location = profile_view.site_texts(CAT, "by-hitech", "en")
    assert profile_view.site_texts(CAT, "by-hitech", "en")[0] is summary  # cached, not made again
    prof, _ = profile_view.site_report(CAT, "by-hitech", "en")
    assert summary == profile_summary(CAT, prof, "en") and accuracy == accuracy_statement(CAT, prof.site, "en")
    assert location == profile_view.location_fields(CAT, prof.site, "en")
