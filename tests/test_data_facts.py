"""The shipped data set: valid, every quote exact, and the documents' facts pinned as questions and answers."""

import json

import pytest

from geo import filters as geo_filters
from geo import queries as q
from geo.cli import main
from geo.load import load_catalogue
from geo.quotes import default_seeds_dir

SEEDS = default_seeds_dir()


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def test_shipped_data_is_valid(cat):
    assert len(cat.sites) >= 30 and len(cat.areas) == 16


@pytest.mark.skipif(SEEDS is None, reason="source documents (../shared/seeds) not on this machine; set LANBAI_SEEDS")
def test_every_quote_is_an_exact_excerpt_of_its_document():
    load_catalogue(seeds_dir=SEEDS)  # raises DataValidationError listing every quote not found


def hosts(cat, industry_id, role=None):
    links = cat.site_industries[cat.site_industries["industry_id"] == industry_id]
    if role:
        links = links[links["role"] == role]
    return set(links["site_id"])


@pytest.mark.parametrize(
    "industry, parks",
    [
        ("by-ind-nonferrous", {"by-hitech", "by-xiqu", "by-yinxi", "by-liuchuan"}),
        ("by-ind-circular-chem", {"by-hitech", "by-yindong", "by-liuchuan"}),
        ("by-ind-ceramics", {"by-pingchuan", "by-liuchuan", "by-jingtai"}),
        ("by-ind-agri-processing", {"by-agri-park", "by-xiqu", "by-pingchuan", "by-jingtai", "by-huining"}),
        ("by-ind-biomedicine", {"by-hitech", "by-yindong", "by-xiqu"}),
        ("by-ind-new-materials", {"by-hitech", "by-yindong", "by-xiqu", "by-pingchuan", "by-liuchuan"}),
        ("by-ind-equipment", {"by-hitech", "by-yindong", "by-pingchuan", "by-liuchuan", "by-jingtai", "by-huining"}),
        ("by-ind-energy-saving", {"by-hitech", "by-yindong"}),
    ],
)
def test_baiyin_industries_rely_on_the_parks_the_plan_names(cat, industry, parks):
    assert hosts(cat, industry, role="依托") == parks


@pytest.mark.parametrize(
    "industry, units",
    [
        ("by-ind-nonferrous", {"兰州理工大学白银新材料研究院", "白银有色集团股份有限公司"}),
        ("by-ind-equipment", {"兰州理工大学白银新材料研究院"}),
        ("by-ind-energy-saving", {"兰州大学白银产业技术研究院"}),
        ("by-ind-new-materials", {"兰州理工大学白银新材料研究院", "甘肃稀土新材料股份有限公司"}),
    ],
)
def test_baiyin_industries_draw_on_the_units_the_plan_names(cat, industry, units):
    orgs = q.orgs_for_industry(cat, industry)
    assert set(orgs.loc[orgs["role"] == "发挥力量", "name_zh"]) == units


def test_baiyin_system_is_four_five_one(cat):
    top = cat.industries[(cat.industries["system"] == "baiyin-4+5+1") & (cat.industries["parent_id"] == "")]
    assert top["category"].value_counts().to_dict() == {"traditional": 4, "emerging": 5, "future": 1}
    subs = set(cat.industries.loc[cat.industries["parent_id"] == "by-ind-nonferrous", "name_zh"])
    assert {"铜基", "锌基", "稀贵金属"} <= subs


def target(cat, scope, indicator_zh, year):
    rows = cat.indicators[
        (cat.indicators["scope_id"] == scope)
        & (cat.indicators["indicator_zh"] == indicator_zh)
        & (cat.indicators["year"] == year)
    ]
    assert len(rows) >= 1, (scope, indicator_zh, year)
    return rows.iloc[0]


@pytest.mark.parametrize(
    "indicator, value, unit, qualifier",
    [
        ("全社会R&D经费支出占地区生产总值比重", 3.2, "%", "以上"),
        ("高新技术企业数", 177, "家", "以上"),
        ("地区生产总值", 245, "亿元", "以上"),
        ("万人发明专利拥有量", 47, "件", "以上"),
        ("技术合同认定登记成交额", 12, "亿元", "以上"),
        ("每万人R&D人员", 148, "人", "以上"),
        ("新增上市企业数", 1, "家", ""),
        ("省级以上科技企业孵化器和众创空间数量", 18, "个", "以上"),
    ],
)
def test_baiyin_2027_targets(cat, indicator, value, unit, qualifier):
    row = target(cat, "by-hitech", indicator, 2027)
    assert (row["value"], row["unit"], row["qualifier"], row["kind"]) == (value, unit, qualifier, "target")


@pytest.mark.parametrize(
    "indicator_id, value, unit, qualifier",
    [
        ("ind-lzh-2022-tech-progress", 62, "%", "以上"),
        ("ind-lzh-2022-gdp", 500, "亿元", "突破"),
        ("ind-lzh-2022-hnte-654321", 400, "家", "达到"),
        ("ind-lzh-2022-rd-intensity", 3.8, "%", "达到"),
        ("ind-lzh-2022-incubation-area", 200, "万平方米", "以上"),
    ],
)
def test_lanzhou_654321_targets_for_2022(cat, indicator_id, value, unit, qualifier):
    row = cat.indicators.set_index("id").loc[indicator_id]
    assert (row["scope_id"], row["value"], row["unit"], row["qualifier"], row["year"], row["kind"]) == (
        "lz-hitech",
        value,
        unit,
        qualifier,
        2022,
        "target",
    )


def test_lanzhou_new_area_advantage_industries(cat):
    links = cat.site_industries[cat.site_industries["site_id"] == "lz-new-area"]
    names = set(cat.industries.set_index("id").loc[links["industry_id"], "name_zh"])
    assert names == {"先进装备制造", "绿色化工", "大数据", "现代农业"}


def test_lanzhou_hitech_one_main_one_special_three_clusters(cat):
    top = cat.industries[(cat.industries["system"] == "lanzhou-hitech-1+1+3") & (cat.industries["parent_id"] == "")]
    assert dict(zip(top["name_zh"], top["category"], strict=False)) == {
        "生命健康": "leading",
        "智能制造": "featured",
        "新材料": "cluster",
        "节能环保": "cluster",
        "大数据应用": "cluster",
    }


@pytest.mark.parametrize(
    "site, projects",
    [
        (
            "lz-new-area",
            {
                "产业孵化大厦",
                "科技创新一条街",
                "中科院近物所兰州新区大科学装置示范园",
                "中科曙光甘肃先进计算中心",
                "大学生文化创意产业园",
            },
        ),
        (
            "by-hitech",
            {"巨享创新园(加速器)后续工程", "白银高新区核心区高标准基础配套整治", "银东工业园高标准基础配套整治"},
        ),
    ],
)
def test_2018_key_projects_by_area(cat, site, projects):
    found = q.ProjectQuery(site).run(cat)
    assert projects <= set(found.loc[found["year"] == 2018, "name_zh"])


def test_2018_lanzhou_hitech_and_etdz_projects(cat):
    names = set(q.ProjectQuery("lz-hitech").run(cat)["name_zh"])
    assert {
        "国家生物医药产业基地创新园",
        "重离子医用加速器应用示范基地",
        "榆中园区红星美凯龙城市综合体",
        "甘肃路桥集团智慧交通产业园",
        "中牧生物药厂整体搬迁工程",
    } <= names
    assert len(q.ProjectQuery("lz-etdz").run(cat)) >= 3


def test_six_hundreds_2018_targets(cat):
    rows = q.IndicatorQuery(("lanbai-pilot-zone",), "target", 2018).run(cat)
    assert sorted(rows["value"]) == [30, 100, 100, 100, 100, 100, 100, 100]


def test_pilot_zone_four_areas_and_demo_zone_two_zones(cat):
    m = cat.memberships[cat.memberships["role_class"] != "partner"]  # partners are not parts
    assert set(m.loc[m["group_id"] == "lanbai-pilot-zone", "member_id"]) == {
        "lz-new-area",
        "lz-hitech",
        "lz-etdz",
        "by-hitech",
    }
    assert set(m.loc[m["group_id"] == "lanbai-demo-zone", "member_id"]) == {"lz-hitech", "by-hitech"}
    assert len(m[m["group_id"] == "by-1z6p"]) == 7


def test_one_chain_finds_both_cities(cat):
    cities = set(geo_filters.sites_hosting(cat, "chain-new-materials")["city"])
    assert {"兰州", "白银"} <= cities


def test_every_fact_names_a_document_and_every_point_its_accuracy(cat):
    for name in ("sites", "site_industries", "organizations", "org_industries", "indicators", "projects"):
        df = cat.table(name)
        assert df["source_id"].ne("").all() and df["quote"].ne("").all(), name
    located = cat.sites[cat.sites.geometry.notna()]
    assert located["error_km"].notna().all() and located["geometry_source_id"].ne("").all()


def cli_json(capsys, *args):
    assert main(list(args) + ["--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_answers_the_questions_of_the_issue(capsys):
    parks = cli_json(capsys, "sites", "--industry", "by-ind-new-materials")
    assert {p["id"] for p in parks} == {"by-hitech", "by-yindong", "by-xiqu", "by-pingchuan", "by-liuchuan"}
    units = cli_json(capsys, "orgs", "--industry", "by-ind-equipment")
    assert [u["name_zh"] for u in units] == ["兰州理工大学白银新材料研究院"]
    rows = cli_json(capsys, "targets", "--scope", "白银高新区", "--year", "2027")
    hnte = [r for r in rows if r["indicator"] == "高新技术企业数"]
    assert hnte[0]["value"] == 177 and hnte[0]["qualifier"] == "以上" and "177家以上" in hnte[0]["quote"]
