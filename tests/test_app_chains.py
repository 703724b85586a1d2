"""The industry-chains page (app_pages/chains.py) in AppTest: what lights up, the tables, gaps, diagram, downloads."""

import csv
import io
import json
import re

import pytest
from streamlit.delta_generator import DeltaGenerator

from geo import chains as geo_chains
from geo import filters as geo_filters
from geo import load_catalogue
from geo import queries as q
from tests.apptest_utils import (
    assert_no_exception,
    fake_click,
    local_links_exist,
    maps,
    open_expanders,
    open_page,
    rerun,
)
from views import chains as ch
from views.i18n import name
from views.maps import esc
from views.sankey import short_label

PAGE = "app_pages/chains.py"
CAT = load_catalogue()
MARKER = re.compile(r"var (marker_\w+) = L\.marker\(")


def markers(map_args: dict) -> list[tuple[str, str]]:
    """(marker colour, first tooltip line) of every L.marker in the map script."""
    script = map_args["script"]
    found = []
    for var in MARKER.findall(script):
        icon = re.search(rf"{var}\.setIcon\((icon_\w+)\)", script).group(1)
        colour = re.search(
            rf"var {icon} = L\.AwesomeMarkers\.icon\(\s*{{[^}}]*?\"markerColor\": \"(\w+)\"", script
        ).group(1)
        tip = re.search(rf"{var}\.bindTooltip\(\s*`<div>\s*(.*?)\s*</div>`", script, flags=re.S)
        found.append((colour, re.sub(r"<[^>]+>", "", tip.group(1).split("<br>")[0]) if tip else ""))
    return found


def dimmed_names(map_args: dict) -> set[str]:
    script = map_args["script"]
    names = set()
    for var in re.findall(r"var (circle_marker_\w+) = L\.circleMarker\(", script):
        tip = re.search(rf"{var}\.bindTooltip\(\s*`<div>\s*(.*?)\s*</div>`", script, flags=re.S)
        names.add(re.sub(r"<[^>]+>", "", tip.group(1).split("<br>")[0]))
    return names


def hosts(chains, city=""):
    extra = (geo_filters.CityFilter(city),) if city else ()
    return geo_filters.SiteQuery((geo_filters.IndustryFilter(tuple(chains)), *extra)).run(CAT)


def located_names(sites, lang="zh") -> set[str]:
    return {esc(name(row, lang)) for _, row in sites[sites.geometry.notna()].iterrows()}


@pytest.fixture
def recorded_downloads(monkeypatch):
    """Every download button the page makes: file name -> its data (bytes or a callable)."""
    seen: dict[str, object] = {}
    original = DeltaGenerator.download_button

    def record(self, label, data, file_name=None, *args, **kwargs):
        seen[file_name] = data
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", record)
    return seen


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("chains", ["", "chain-new-materials,chain-future"])
def test_page_runs_in_both_languages(lang, chains):
    at = open_page(PAGE, query={"lang": lang, **({"chain": chains} if chains else {})})
    assert_no_exception(at)
    assert at.title[0].value == ("产业链" if lang == "zh" else "Industry chains")
    [m] = maps(at)
    assert local_links_exist(m) == []
    if not chains:  # the coverage table of every chain
        assert len(at.dataframe[0].value) == len(geo_chains.chain_vocabulary(CAT))


@pytest.mark.parametrize(
    "chains", [("chain-new-materials",), ("chain-biomedicine", "chain-nonferrous"), ("chain-building-materials",)]
)
def test_chosen_chains_light_up_exactly_the_hosting_sites(chains):
    at = open_page(PAGE, query={"chain": ",".join(chains)})
    [m] = maps(at)
    expected = hosts(chains)
    red = {label for colour, label in markers(m) if colour == "red"}
    assert red == located_names(expected)
    everyone = located_names(CAT.sites)
    assert dimmed_names(m) == everyone - red  # the others are dimmed, not hidden


def test_new_materials_lights_up_sites_in_both_cities():
    at = open_page(PAGE, query={"chain": "chain-new-materials"})
    red = {label for colour, label in markers(maps(at)[0]) if colour == "red"}
    cities = {row["city"] for _, row in CAT.sites.iterrows() if esc(row["name_zh"]) in red}
    assert {"兰州", "白银"} <= cities


def test_city_filter_narrows_the_lit_sites():
    at = open_page(PAGE, query={"chain": "chain-new-materials", "city": "白银"})
    red = {label for colour, label in markers(maps(at)[0]) if colour == "red"}
    assert red == located_names(hosts(["chain-new-materials"], "白银"))


@pytest.mark.parametrize("lang, label", [("zh", "包括目标与定位"), ("en", "Include goals and positioning")])
def test_include_goals_lights_up_the_goal_sites_and_goes_into_the_link(lang, label):
    # 白银高新区's tie to 陶瓷建材 is a goal ("打造成为'西部陶都'"): lit only when goals are included.
    chain = "chain-building-materials"
    goal_site = esc(CAT.sites.set_index("id").at["by-hitech", f"name_{lang}"])
    at = open_page(PAGE, query={"lang": lang, "chain": chain})
    box = at.checkbox(key="include_goals")
    assert box.label == label and box.value is False and "goals" not in at.query_params
    red = {label for colour, label in markers(maps(at)[0]) if colour == "red"}
    assert goal_site not in red and red == located_names(hosts([chain]), lang)
    box.check().run()
    assert_no_exception(at)
    assert at.query_params["goals"] == "1"
    with_goals = geo_filters.SiteQuery((geo_filters.IndustryFilter((chain,), include_goals=True),)).run(CAT)
    red = {label for colour, label in markers(maps(at)[0]) if colour == "red"}
    assert goal_site in red and red == located_names(with_goals, lang)
    sites_table = geo_chains.chain_sites(CAT, chain, include_goals=True)
    assert "by-hitech" in set(sites_table["site_id"])
    at.checkbox(key="include_goals").uncheck().run()
    assert "goals" not in at.query_params


def test_a_link_with_goals_reopens_with_the_box_ticked():
    at = open_page(PAGE, query={"chain": "chain-building-materials", "goals": "1"})
    assert at.checkbox(key="include_goals").value is True
    assert at.session_state["include_goals"] is True
    bad = open_page(PAGE, query={"chain": "chain-building-materials", "goals": "yes"})
    assert_no_exception(bad)
    assert bad.checkbox(key="include_goals").value is False  # an unreadable flag is dropped with a notice


def test_without_chains_no_site_is_dimmed():
    at = open_page(PAGE)
    assert dimmed_names(maps(at)[0]) == set()


def test_pills_and_sidebar_share_one_choice():
    at = open_page(PAGE, query={"chain": "chain-new-materials"})
    assert at.pills[0].value == ["chain-new-materials"]
    at.pills[0].set_value(["chain-new-materials", "chain-digital"]).run()
    assert at.session_state["chains"] == ["chain-new-materials", "chain-digital"]
    assert at.sidebar.multiselect[0].value == ["chain-new-materials", "chain-digital"]
    assert at.query_params["chain"] == "chain-new-materials,chain-digital"
    red = {label for colour, label in markers(maps(at)[0]) if colour == "red"}
    assert red == located_names(hosts(["chain-new-materials", "chain-digital"]))
    at.sidebar.multiselect[0].set_value(["chain-agri-food"]).run()
    assert at.pills[0].value == ["chain-agri-food"]
    assert_no_exception(at)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tables_are_the_domain_answers(lang):
    at = open_page(PAGE, query={"lang": lang, "chain": "chain-biomedicine"})
    open_expanders(at, lang=lang, chains=["chain-biomedicine"])  # the document industries: in an expander
    sites, units, industries = (df.value for df in at.dataframe[:3])
    expected_sites = geo_chains.chain_sites(CAT, "chain-biomedicine")
    assert list(sites.iloc[:, 0]) == [name(r, lang) for _, r in expected_sites.iterrows()]
    assert set(sites.iloc[:, 0]) == {name(r, lang) for _, r in hosts(["chain-biomedicine"]).iterrows()}
    assert set(units.iloc[:, 0]) == {name(r, lang) for _, r in q.orgs_for_industry(CAT, "chain-biomedicine").iterrows()}
    quote = "原文" if lang == "zh" else "Quote"
    assert units[quote].str.len().gt(0).all() and sites[quote].str.len().gt(0).all()  # every tie has its quote
    family = q.industry_family(CAT, "chain-biomedicine") - {"chain-biomedicine"}
    assert len(industries) == len(family)


def test_gaps_are_called_out():
    chosen = ["chain-future", "chain-services", "chain-nonferrous", "chain-agri-food"]
    at = open_page(PAGE, query={"chain": ",".join(chosen)})
    text = " ".join(m.value for m in at.markdown)
    gaps = geo_chains.find_gaps(CAT, chosen)
    kinds = {g.kind for g in gaps}
    assert {"no_site", "no_unit", "one_city", "single_chain_site"} <= kinds
    for gap in gaps:
        assert ch.gap_text(CAT, gap, "zh") in text
    assert "没有任何园区承载" in text and "只在白银有承载园区" in text and "银西产业园" in text


def test_sankey_shows_chain_sites_and_units():
    at = open_page(PAGE, query={"chain": "chain-nonferrous", "lang": "en"})
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    labels = spec["data"][0]["node"]["label"]
    assert "Nonferrous metallurgy" in labels
    for _, row in hosts(["chain-nonferrous"]).iterrows():
        assert esc(short_label(row["name_en"])) in labels
    for _, row in q.orgs_for_industry(CAT, "chain-nonferrous").iterrows():
        assert esc(short_label(row["name_en"])) in labels
    at.radio(key="chains_via").set_value("site").run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert not any("Baiyin 4+5+1" in label for label in spec["data"][0]["node"]["label"])  # no industry column


def test_downloads_give_csv_with_bom_and_valid_geojson(recorded_downloads):
    open_page(PAGE, query={"chain": "chain-new-materials"})
    for table, expected in (
        ("sites", geo_chains.chain_sites(CAT, "chain-new-materials")),
        ("units", geo_chains.chain_units(CAT, "chain-new-materials")),
    ):
        data = recorded_downloads[f"chain-new-materials-{table}.csv"]
        raw = data() if callable(data) else data
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert len(rows) == len(expected) and {"source_id", "quote"} <= set(rows[0])
        data = recorded_downloads[f"chain-new-materials-{table}.geojson"]
        doc = json.loads(data() if callable(data) else data)
        assert doc["type"] == "FeatureCollection"
        assert len(doc["features"]) == int(expected.geometry.notna().sum())
    for fmt in ("xlsx", "gpkg"):
        data = recorded_downloads[f"chain-new-materials-sites.{fmt}"]
        assert len(data() if callable(data) else data) > 0


def test_brief_downloads_are_offered_per_chain(monkeypatch):
    calls = []
    import ui.downloads

    monkeypatch.setattr(
        ui.downloads, "chain_brief_downloads", lambda cat, chain_id, lang: calls.append((chain_id, lang))
    )
    at = open_page(PAGE, query={"chain": "chain-new-materials,chain-digital", "lang": "en"})
    assert_no_exception(at)
    rerun(at, lang="en", chains=["chain-new-materials", "chain-digital"], chains_tab="chain-digital")  # its tab
    assert ("chain-new-materials", "en") in calls and ("chain-digital", "en") in calls


def test_clicking_a_lit_site_opens_its_profile(monkeypatch):
    fake_click(monkeypatch, "白银高新技术产业开发区\n开发区/新区")
    at = open_page(PAGE, query={"chain": "chain-new-materials"})
    assert at.session_state["site"] == "by-hitech"


def test_only_the_open_chains_tab_is_built_and_the_choice_survives_a_filter_change():
    chosen = ["chain-new-materials", "chain-digital"]
    at = open_page(PAGE, query={"chain": ",".join(chosen)})
    first = ch.site_rows(geo_chains.chain_sites(CAT, "chain-new-materials"), "zh")
    second = ch.site_rows(geo_chains.chain_sites(CAT, "chain-digital"), "zh")
    assert at.dataframe[0].value.equals(first) and not any(df.value.equals(second) for df in at.dataframe)
    assert len(at.dataframe) == 2  # its sites and units; its document industries' expander is closed
    rerun(at, chains=chosen, **{"chains_industries_chain-new-materials": True})  # as a click on it would
    industries = ch.industry_rows(geo_chains.chain_industries(CAT, "chain-new-materials"), "zh")
    assert len(at.dataframe) == 3 and at.dataframe[2].value.equals(industries)
    rerun(at, chains=chosen, chains_tab="chain-digital")  # as a click on the second tab would
    assert at.dataframe[0].value.equals(second) and not any(df.value.equals(first) for df in at.dataframe)
    rerun(at, chains=[*chosen, "chain-biomedicine"], include_goals=True)  # filters change: the tab stays
    assert at.session_state["chains_tab"] == "chain-digital"
    goals = ch.site_rows(geo_chains.chain_sites(CAT, "chain-digital", "", True), "zh")
    assert at.dataframe[0].value.equals(goals)
    rerun(at, chains=["chain-biomedicine"], include_goals=False)  # its chain no longer chosen: the first tab opens
    assert at.dataframe[0].value.equals(ch.site_rows(geo_chains.chain_sites(CAT, "chain-biomedicine"), "zh"))
