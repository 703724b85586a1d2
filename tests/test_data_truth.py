"""Issue 9: corrected facts, missing facts and sourced positions, pinned as questions and answers."""

import pandas as pd
import pytest

from geo import filters as geo_filters
from geo import queries as q
from geo import targets as tg
from geo.cli import main
from geo.fact_rules import find_rule_problems
from geo.load import load_catalogue
from geo.reports.profile import related_sites, site_units
from geo.schema import ROLE_CLASSES


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def site(cat, site_id):
    return cat.sites.set_index("id").loc[site_id]


def hosting(cat, chain, include_goals=False):
    return set(geo_filters.sites_hosting(cat, chain, include_goals)["id"])


# ------------------------------------------------------------------ section 2: corrections


def test_every_link_has_a_role_class(cat):
    for table in (cat.site_industries, cat.org_industries, cat.memberships):
        assert set(table["role_class"]) <= set(ROLE_CLASSES)
    assert (cat.site_industries["role_class"] != "").all() and (cat.org_industries["role_class"] != "").all()


def test_which_sites_host_ceramics_the_goal_counts_only_when_asked(cat):
    assert hosting(cat, "chain-building-materials") == {"by-pingchuan", "by-liuchuan", "by-jingtai"}
    assert hosting(cat, "chain-building-materials", include_goals=True) == {
        "by-hitech",
        "by-pingchuan",
        "by-liuchuan",
        "by-jingtai",
    }
    goal = cat.site_industries[cat.site_industries["role"] == "西部陶都"].iloc[0]
    assert goal["role_class"] == "goal" and goal["site_id"] == "by-hitech"


def test_cli_sites_by_industry_takes_include_goals(capsys):
    assert main(["sites", "--industry", "陶瓷建材", "--format", "csv"]) == 0
    plain = capsys.readouterr().out
    assert "by-jingtai" in plain and "by-hitech" not in plain
    assert main(["sites", "--industry", "陶瓷建材", "--include-goals", "--format", "csv"]) == 0
    assert "by-hitech" in capsys.readouterr().out


def test_profiles_still_show_goal_links_with_their_role(cat):
    links = q.industries_of_site(cat, "by-hitech")
    assert ("西部陶都", "goal") in set(zip(links["role"], links["role_class"], strict=False))


@pytest.mark.parametrize("park", ["by-xiqu", "by-pingchuan", "by-liuchuan", "by-jingtai", "by-huining"])
def test_the_layout_parks_have_no_parent(cat, park):
    assert site(cat, park)["parent_id"] == ""


def test_parents_mean_containment(cat):
    yindong = site(cat, "by-yindong")
    assert yindong["parent_id"] == "by-hitech" and "白銀高新區銀東片區" in yindong["note"]
    assert "yindong-eia-notice" in set(cat.sources["id"])
    assert site(cat, "by-yinxi")["parent_id"] == "by-xiqu"  # 白银西区经济开发区(含银西产业园)


def test_one_zone_six_parks_is_a_membership_with_roles(cat):
    m = cat.memberships[cat.memberships["group_id"] == "by-1z6p"]
    assert set(zip(m["member_id"], m["role"], m["role_class"], strict=False)) == {
        ("by-hitech", "引领", "lead"),
        *(
            (p, "联动", "member")
            for p in ("by-yindong", "by-xiqu", "by-pingchuan", "by-liuchuan", "by-jingtai", "by-huining")
        ),
    }


def test_pengjiaping_is_not_tied_to_qilihe_park_by_inference(cat):
    assert "彭家坪" not in site(cat, "lz-hitech-qilihe")["aliases"]
    project = cat.projects.set_index("id").loc["prj-lzh-pengjiaping-eco-park"]
    assert project["site_id"] == "lz-hitech" and "inference" in project["note"]


def test_zhangjiang_park_keeps_only_what_its_document_says(cat):
    links = cat.site_industries[cat.site_industries["site_id"] == "lb-zhangjiang-park"]
    assert set(links["source_id"]) == {"lanbai-2018"}
    assert "lb-zhangjiang-park" not in hosting(cat, "chain-energy-saving")
    assert site(cat, "lb-zhangjiang-park")["city"] == ""  # the document does not say where
    transfer = cat.projects.set_index("id").loc["prj-lzh-zhangjiang-transfer-parks"]
    assert transfer["site_id"] == "lz-hitech" and transfer["source_id"] == "lz-hitech-147"


def test_sino_israel_green_park_is_not_a_biomedicine_host(cat):
    assert "lz-sino-israel-green-park" not in hosting(cat, "chain-biomedicine", include_goals=True)
    assert cat.projects.set_index("id").loc["prj-lzh-israel-biomed-park", "site_id"] == "lz-hitech"


def test_biosensing_is_filed_under_new_materials_only(cat):
    assert cat.industries.set_index("id").loc["lzh-ind-biosensing", "chain_ids"] == ["chain-new-materials"]
    assert "lz-nano-valley" not in hosting(cat, "chain-biomedicine")
    assert "lz-nano-valley" in hosting(cat, "chain-new-materials")


def test_first_industry_link_points_at_the_zones_own_entry(cat):
    first = cat.site_industries[
        (cat.site_industries["site_id"] == "lz-hitech") & (cat.site_industries["role"] == "首位产业")
    ]
    assert set(first["industry_id"]) == {"lzh-ind-biomedicine"}
    assert not (cat.site_industries["industry_id"] == "lzc-ind-biomed").any()


@pytest.mark.parametrize("org", ["org-by-lut-new-materials-institute", "org-by-lzu-industrial-tech-institute"])
def test_baiyin_institutes_are_not_placed_by_assumption(cat, org):
    row = cat.organizations.set_index("id").loc[org]
    assert row.geometry is None and row["site_id"] == "" and row["location_method"] == "unknown"


def indicator(cat, ind_id):
    return cat.indicators.set_index("id").loc[ind_id]


def test_quadrupled_and_more_reads_as_four_times_the_base(cat):
    row = indicator(cat, "ind-lzc-hitech-firms-growth")
    assert (row["value"], row["unit"], row["qualifier"], row["value_text"]) == (4, "倍", "多", "翻了两番多")
    assert tg.value_text(row, "zh") == "翻了两番多"
    en = tg.value_text(row, "en")
    assert "4" in en and "5" not in en and "翻了两番多" in en


def test_one_to_two_leading_industries_is_a_range(cat):
    row = indicator(cat, "ind-lzh-leading-industries")
    assert (row["value"], row["value_max"], row["value_text"]) == (1, 2, "1-2个")
    assert tg.value_text(row, "zh") == "1-2个" and tg.value_text(row, "en").startswith("1–2")


def test_one_of_fifteen_source_cities_is_a_membership_not_a_count(cat):
    row = indicator(cat, "ind-lzc-innovation-source-cities")
    assert tg.value_text(row, "zh") == "全国15个创新策源地城市之一"
    assert "兰州入选" in row["indicator_zh"]


def test_east_science_city_says_its_point_is_copied(cat):
    east, yuzhong = site(cat, "lz-east-sci-city"), site(cat, "lz-hitech-yuzhong")
    assert east.geometry.equals(yuzhong.geometry)
    assert "copied from 榆中园区" in east["geometry_source"] and "copied" in east["note"]


# ------------------------------------------------------------------ section 3: missing facts


def test_etdz_is_positioned_as_a_foreign_investment_innovation_cluster(cat):
    links = q.industries_of_site(cat, "lz-etdz")
    assert set(zip(links["name_zh"], links["role_class"], strict=False)) == {("外资创新产业", "goal")}


def partners(cat, member):
    m = cat.memberships
    return m[(m["member_id"] == member) & (m["role_class"] == "partner")]


def test_shanghai_zhangjiang_is_a_partner_in_four_documents(cat):
    assert set(partners(cat, "sh-zhangjiang")["source_id"]) == {
        "lz-hitech-147",
        "lz-innovative-city",
        "lanbai-2018",
        "by-plan-2024",
    }
    assert {"上海张江", "张江高新区"} <= set(site(cat, "sh-zhangjiang")["aliases"])


def test_zhongguancun_and_xian_are_partners_of_baiyin(cat):
    for partner in ("bj-zhongguancun", "xa-hitech"):
        assert set(partners(cat, partner)["group_id"]) == {"by-hitech"}
    related = related_sites(cat, cat.sites.set_index("id", drop=False).loc["by-hitech"])
    assert {"sh-zhangjiang", "bj-zhongguancun", "xa-hitech"} <= set(
        related.loc[related["relation"] == "partner", "site_id"]
    )


def test_baiyin_goals_are_goal_links(cat):
    goals = cat.site_industries[cat.site_industries["role_class"] == "goal"]
    quotes = set(goals["quote"])
    assert {
        "打造西部循环化工产业创新基地",
        "打造西部具有重要影响力的新材料产业基地",
        "打造兰白两区先进装备制造研发生产基地",
    } <= quotes
    hitech = set(goals.loc[goals["site_id"] == "by-hitech", "industry_id"])
    assert {
        "by-ind-nonferrous",
        "by-ind-new-materials-rare-earth",
        "by-ind-circular-chem-phosgene-cycle",
        "by-ind-biomedicine",
        "by-ind-new-materials",
        "by-ind-circular-chem-inorganic-salt",
    } <= hitech


def test_qualitative_2025_target(cat):
    row = indicator(cat, "ind-lzh-overall-strength-2025")
    assert pd.isna(row["value"]) and row["year"] == 2025 and row["kind"] == "target"
    assert tg.value_text(row, "zh") == "进入全国高新区中上水平"


def test_pilot_base_and_four_projects(cat):
    projects = cat.projects.set_index("name_zh")
    assert projects.loc["产业中试基地", "site_id"] == "by-hitech"
    four = {"自主创新能力提升工程", "科技赋能产业提质工程", "开放合作联动工程", "创新生态优化工程"}
    assert four <= set(projects.index)


@pytest.mark.parametrize(
    "name, kind",
    [("红星美凯龙", "enterprise"), ("甘肃省协同创新服务基地", "platform"), ("兰州科技成果博览会", "platform")],
)
def test_named_units_exist(cat, name, kind):
    assert cat.names.resolve(name, "organization").id in set(
        cat.organizations.loc[cat.organizations["kind"] == kind, "id"]
    )


def test_life_science_center_and_deep_cooperation_ties(cat):
    m = cat.memberships
    centre = set(m.loc[m["group_id"] == "lz-life-science-center", "member_id"])
    assert centre == {"org-cas-lz", "org-lzu", "org-nwnu", "org-xbmu"}
    deep = m[(m["group_id"] == "lz-hitech") & (m["role"] == "深度合作")]
    assert set(deep["member_id"]) == {"org-cas-lz", "org-lzu", "org-nwnu", "org-gsas"}
    units = site_units(cat, "lz-hitech")
    assert {"org-cas-lz", "org-gsas"} <= set(units.loc[units["tie"] == "partner", "id"])


def test_lanzhou_key_technology_fields_are_reachable_through_the_city(cat):
    assert set(q.industries_of_scope(cat, "620100")["name_zh"]) == {
        "高端装备制造",
        "新能源",
        "新材料",
        "电子信息",
        "生物医药",
    }


def test_new_energy_finds_the_baiyin_parks(cat):
    assert {"by-hitech", "by-yindong", "by-xiqu", "by-pingchuan", "by-liuchuan", "by-jingtai", "by-huining"} <= hosting(
        cat, "chain-new-energy"
    )


def test_digital_economy_finds_the_innovation_park_and_kunpeng(cat):
    assert {"lz-sti-park", "gs-kunpeng-center"} <= hosting(cat, "chain-digital")


@pytest.mark.parametrize("partial", ["数据", "信息"])
def test_a_partial_chain_name_lists_candidates(cat, partial, capsys):
    assert [c.id for c in cat.names.chain_candidates(partial)] == ["chain-digital"]
    assert main(["sites", "--industry", partial, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("id,") and "lz-sti-park" in out and "chain-digital" in out  # clean CSV of that chain


def test_an_ambiguous_partial_name_lists_several_chains_and_runs_nothing(cat, capsys):
    several = {c.id for c in cat.names.chain_candidates("能")}
    assert {"chain-new-energy", "chain-energy-saving", "chain-equipment"} <= several  # 新能源, 节能环保, 智能制造
    assert main(["sites", "--industry", "能"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # no query run
    assert "新能源 (chain-new-energy)" in captured.err and "节能环保 (chain-energy-saving)" in captured.err


# ------------------------------------------------------------------ section 4: positions and areas


@pytest.mark.parametrize(
    "site_id, lat, lon, err",
    [
        ("by-hitech", 36.50483, 104.18059, 3),
        ("by-liuchuan", 36.680008, 104.536493, 3),
        ("by-pingchuan", 36.726359, 104.782011, 3),
        ("lz-hitech", 36.052748, 103.888762, 3),
    ],
)
def test_sourced_points_from_the_catalogue(cat, site_id, lat, lon, err):
    row = site(cat, site_id)
    assert (row.geometry.y, row.geometry.x, row["error_km"]) == (lat, lon, err)
    assert row["geometry_source_id"] == "dz-catalogue-2018" and row["location_method"] == "derived"


def test_lzu_yuzhong_campus_has_a_sourced_point(cat):
    row = cat.landmarks.set_index("id").loc["lzu-yuzhong-campus"]
    assert (row.geometry.y, row.geometry.x) == (35.9454, 104.1373) and row["geometry_source_id"] == "cnemc-stations"


def test_huining_is_a_container_of_two_parts(cat):
    parts = cat.sites[cat.sites["parent_id"] == "by-huining"].set_index("id")
    assert set(parts["name_zh"]) == {"西城产业园", "郭城产业园"}
    assert site(cat, "by-huining").geometry is None
    assert parts.loc["by-huining-guocheng"].geometry.y == pytest.approx(36.244921)
    assert parts.loc["by-huining-xicheng", "boundary_text"].startswith("東至祖厲河")


def test_international_port_moved_to_xigu(cat):
    row = site(cat, "lz-intl-port")
    assert (row.geometry.y, row.geometry.x) == (36.088, 103.628)
    assert (row["location_method"], row["error_km"]) == ("anchor", 10) and "西固" in row["geometry_source"]


@pytest.mark.parametrize(
    "site_id, ha, on",
    [
        ("by-hitech", 805.05, "2010-09"),
        ("by-xiqu", 1960.36, "1988-08"),
        ("by-pingchuan", 448.43, "2006-03"),
        ("by-liuchuan", 659.86, "2013-06"),
        ("by-jingtai", 234.49, "2013-06"),
        ("by-huining", 357.6, "2013-06"),
        ("lz-hitech", 1496.0, "1991-03"),
        ("lz-etdz", 953.0, "2002-03"),
    ],
)
def test_approved_areas_and_dates_of_the_2018_catalogue(cat, site_id, ha, on):
    row = site(cat, site_id)
    assert (row["approved_area_ha"], row["approved_on"], row["area_source_id"]) == (ha, on, "dz-catalogue-2018")


# ------------------------------------------------------------------ the new row rules


def _sites(**cells):
    row = dict(approved_area_ha="", approved_on="", area_source_id="", boundary_text="", boundary_source_id="")
    return pd.DataFrame([{**row, **cells}])


def _indicators(**cells):
    row = dict(value="1", unit="个", value_max="", value_text="", kind="target")
    return pd.DataFrame([{**row, **cells}])


@pytest.mark.parametrize(
    "raw, column",
    [
        ({"sites": _sites(approved_area_ha="-5", area_source_id="x")}, "approved_area_ha"),
        ({"sites": _sites(approved_area_ha="2000000", area_source_id="x")}, "approved_area_ha"),
        ({"sites": _sites(approved_on="2013.06", area_source_id="x")}, "approved_on"),
        ({"sites": _sites(approved_area_ha="10")}, "area_source_id"),
        ({"sites": _sites(boundary_text="東至河")}, "boundary_source_id"),
        ({"indicators": _indicators(value="")}, "value"),
        ({"indicators": _indicators(value="", value_text="中上水平", kind="actual")}, "value"),
        ({"indicators": _indicators(unit="")}, "unit"),
        ({"indicators": _indicators(value="2", value_max="1")}, "value_max"),
    ],
)
def test_row_rules_catch_bad_rows(raw, column):
    assert [p.column for p in find_rule_problems(raw)] == [column]


def test_row_rules_accept_good_rows():
    raw = {
        "sites": _sites(approved_area_ha="805.05", approved_on="2010-09", area_source_id="x"),
        "indicators": pd.concat(
            [_indicators(value="1", value_max="2"), _indicators(value="", unit="", value_text="进入中上水平")]
        ),
    }
    assert find_rule_problems(raw) == []


# ------------------------------------------------------------------ shown: profile fields, schematic extent


def test_profile_shows_area_approval_date_and_boundary_with_sources(cat):
    from views.profile import location_fields

    hitech = dict(location_fields(cat, cat.sites.set_index("id", drop=False).loc["by-hitech"], "en"))
    assert hitech["Approved area"].startswith("805.05 ha (8.05 km²)") and "2018 ed." in hitech["Approved area"]
    assert hitech["Approved"].startswith("2010-09")
    xicheng = dict(location_fields(cat, cat.sites.set_index("id", drop=False).loc["by-huining-xicheng"], "zh"))
    assert xicheng["四至（公布的范围）"].startswith("東至祖厲河")
    plain = dict(location_fields(cat, cat.sites.set_index("id", drop=False).loc["by-yindong"], "zh"))
    assert "核准面积" not in plain


def test_a_site_with_an_area_gets_a_schematic_extent_distinct_from_its_error_circle(cat):
    import folium

    from views.map_layers import EXTENT_COLOUR, add_sites, schematic_radius_m
    from views.maps import BuiltMap, MapOptions

    sites = cat.sites[cat.sites["id"].isin(["by-hitech", "by-yindong"])]
    m = folium.Map()
    add_sites(m, BuiltMap(m), sites, MapOptions(lang="en"))
    page = m.get_root().render()
    radius = schematic_radius_m(site(cat, "by-hitech"))
    assert radius == pytest.approx(1600.8, abs=0.5)  # 805.05 ha as a circle
    assert f'"radius": {radius}' in page and EXTENT_COLOUR in page
    layers = [c.layer_name for c in m._children.values() if isinstance(c, folium.FeatureGroup)]
    assert any(name.startswith("Schematic extent") for name in layers) and "Location uncertainty" in layers
    assert '"radius": 3000.0' in page  # and, separately, the ±3 km error circle
    assert schematic_radius_m(site(cat, "by-yindong")) == 0.0


def test_profile_industries_table_names_each_links_role_class(cat):
    from geo.reports.profile import site_profile
    from geo.reports.tables import industries_table

    table = industries_table(cat, site_profile(cat, "by-hitech"), "zh")
    roles = set(table.iloc[:, 2])
    assert "西部陶都 · 目标定位" in roles and "依托 · 承载" in roles
