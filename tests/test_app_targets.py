"""The targets page (目标): every indicator with its source, filters exactly as IndicatorQuery, gaps only
between comparable figures (with the data's numbers), and the indicator map served locally."""

import html
import json
import shutil
from pathlib import Path

import pytest

from geo import load_catalogue
from geo import queries as q
from geo import targets as tg
from geo.settings import reload as settings_reload
from tests.apptest_utils import assert_no_exception, local_links_exist, maps, open_page, rerun

ROOT = Path(__file__).resolve().parent.parent
PAGE = "app_pages/targets.py"


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def table(at, id_column: str = "编号"):
    return next(df.value for df in at.dataframe if id_column in df.value.columns)


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def legend(caption: str) -> str:
    """The legend's caption as it sits in the map script (HTML-escaped, then JSON-escaped)."""
    return json.dumps(html.escape(caption))[1:-1]


def chart_ids(chart: dict) -> list[str]:
    return [i for trace in chart["data"] for i in trace.get("customdata", [])]


@pytest.mark.parametrize("lang, id_column", [("zh", "编号"), ("en", "ID")])
def test_every_indicator_appears_with_its_source(lang, id_column, cat):
    at = open_page(PAGE, query={"lang": lang})
    assert_no_exception(at)
    assert at.title[0].value == ("目标" if lang == "zh" else "Targets")
    df = table(at, id_column)
    assert list(df[id_column]) == list(cat.indicators["id"])
    quote = "原文" if lang == "zh" else "Quote"
    source = "来源" if lang == "zh" else "Source"
    assert list(df[quote]) == list(cat.indicators["quote"]) and list(df[source]) == list(cat.indicators["source_id"])
    assert any(f"{len(cat.indicators)}" in c.value for c in at.caption)


def test_qualifiers_are_kept_in_the_table(cat):
    df = table(open_page(PAGE)).set_index("编号")
    assert df.loc["ind-lzh-2022-gdp", "数值（原文表述）"] == "突破500亿元"
    assert df.loc["ind-lzh-2021-biomed-firms", "数值（原文表述）"] == "近200家"
    assert df.loc["ind-by-hnte-2027", "数值（原文表述）"] == "177家以上"
    assert df.loc["ind-lzc-hitech-biomed-firms", "数值（原文表述）"] == "200多家"
    assert df.loc["ind-lzc-counties-coordinated", "年份"] == "年份未注明"


@pytest.mark.parametrize(
    "scopes, kind, year",
    [
        (["by-hitech"], "", None),
        ([], "actual", None),
        ([], "", 2020),
        (["lz-hitech", "620100"], "target", 2022),
        (["lanbai-pilot-zone"], "actual", None),
    ],
)
def test_filters_change_the_table_exactly_as_indicator_query_says(scopes, kind, year, cat):
    at = open_page(PAGE)
    at.multiselect(key="targets_scopes").set_value(scopes)
    at.selectbox(key="targets_kind").set_value(kind)
    at.selectbox(key="targets_year").set_value(year).run()
    assert_no_exception(at)
    query = q.IndicatorQuery(tuple(scopes), kind or None, year)
    expected = list(query.run(cat)["id"])
    assert list(table(at)["编号"]) == expected
    assert any(c.value.startswith(query.describe(cat, "zh")) for c in at.caption)
    # The charts show the same figures, one unit per chart (their tab, opened as a click on it would).
    rerun(at, targets_tab="charts")
    shown = [i for chart in charts(at) for i in chart_ids(chart)]
    assert sorted(shown) == sorted(expected)
    units = cat.indicators.set_index("id")["unit"]
    for chart in charts(at):
        assert len({units[i] for i in chart_ids(chart)}) == 1


def test_chart_hover_carries_source_and_quote(cat):
    [chart] = [c for c in charts(open_page(PAGE, query={"tab": "charts"})) if "ind-by-gdp-2027" in chart_ids(c)]
    hover = " ".join(h for trace in chart["data"] for h in trace["hovertext"])
    assert "by-plan-2024" in hover and "地区生产总值达到245亿元以上" in hover


def test_shipped_data_has_no_gap_and_lists_look_alikes_with_reasons():
    at = open_page(PAGE, query={"tab": "gaps"})
    assert not [df for df in at.dataframe if "差距（目标−实绩）" in df.value.columns]
    assert any("不计算差距" in i.value for i in at.info)
    pairs = table(at, "不可比原因")
    row = pairs[pairs["来源"] == "ind-lzh-2022-tech-progress / ind-lzc-sti-contribution"].iloc[0]
    assert row["不可比原因"] == "范围不同、年份不同"
    assert "62%以上" in row["目标"] and "60.1%" in row["实绩"]


@pytest.fixture
def data_with_an_actual(tmp_path, monkeypatch):
    """The shipped data plus one achieved figure that matches a 2027 target of 白银高新区."""
    from ui.data import clear_caches

    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    with (folder / "indicators.csv").open("a", encoding="utf-8") as f:
        f.write(
            "ind-test-by-hnte-2023,by-hitech,高新技术企业数,High and new technology enterprises,120,家,,2023,"
            "actual,by-plan-2024,高新技术企业,test row (its quote must be in the document: quotes block loading),,\n"
        )
    monkeypatch.setenv("LANBAI_DATA_DIR", str(folder))
    settings_reload()
    clear_caches()
    yield load_catalogue(folder)
    clear_caches()


def test_gap_shown_equals_the_datas_numbers(data_with_an_actual):
    cat = data_with_an_actual
    at = open_page(PAGE, query={"tab": "gaps"})
    assert_no_exception(at)
    gaps = next(df.value for df in at.dataframe if "实绩" in df.value.columns)  # every pair (progress comes first)
    [gap] = tg.find_gaps(cat.indicators)  # 400家 for 兰州高新区 is another scope: no gap
    target = cat.indicators.set_index("id").loc["ind-by-hnte-2027"]
    assert (gap.target_id, gap.actual_id) == ("ind-by-hnte-2027", "ind-test-by-hnte-2023")
    assert len(gaps) == 1
    row = gaps.iloc[0]
    assert row["差距（目标−实绩）"] == target["value"] - 120 == 57
    assert row["实绩占目标"] == round(100 * 120 / 177, 1)
    assert row["年份关系"] == "2027年目标 vs 2023年实绩（年份不同，非同年进度）"
    assert row["目标"] == "177家以上" and row["实绩"] == "120家"
    assert "近似" in row["说明"]  # 以上 makes the target a floor
    assert any("2023" in json.dumps(c["layout"]["title"], ensure_ascii=False) for c in charts(at))


def test_gap_follows_the_scope_filter(data_with_an_actual):
    at = open_page(PAGE, query={"tab": "gaps"})
    at.multiselect(key="targets_scopes").set_value(["lz-hitech"]).run()
    assert not [df for df in at.dataframe if "差距（目标−实绩）" in df.value.columns]
    at.multiselect(key="targets_scopes").set_value(["by-hitech"]).run()
    assert len(table(at, "差距（目标−实绩）")) == 1


def test_cross_scope_chart_only_for_comparable_groups(cat):
    at = open_page(PAGE, query={"tab": "scopes"})
    groups = tg.cross_scope_groups(cat.indicators)
    titles = [c["layout"]["title"]["text"] for c in charts(at)]
    assert sum(not t.startswith("单位") for t in titles) == len(groups)
    if not groups:
        assert any("两个以上范围" in i.value for i in at.info)


def test_indicator_link_opens_its_figure_and_map(cat):
    at = open_page(PAGE, query={"indicator": "ind-lzh-2022-tech-progress"})
    assert_no_exception(at)
    [metric] = at.metric
    assert metric.value == "62%以上" and "科技进步对经济增长的贡献率达到62%以上" in metric.proto.help
    assert dict(at.query_params) == {"indicator": "ind-lzh-2022-tech-progress"}
    mismatch = table(at, "不可比原因")
    assert "兰州市" in mismatch.iloc[0]["实绩"]
    rerun(at, targets_tab="map")  # the map tab, opened after the link: it follows the indicator
    assert at.selectbox(key="targets_map").value == tg.series_of(cat, "ind-lzh-2022-tech-progress")


def test_unknown_indicator_link_is_dropped_with_a_notice():
    at = open_page(PAGE, query={"indicator": "no-such-indicator"})
    assert_no_exception(at)
    assert any("no-such-indicator" in w.value for w in at.warning)
    assert at.session_state["indicator"] == ""


def test_map_colours_an_area_scope_with_a_legend_and_local_links(cat):
    at = open_page(PAGE, query={"tab": "map"})
    at.selectbox(key="targets_map").set_value(tg.series_of(cat, "ind-lzc-rd-intensity")).run()
    [m] = maps(at)
    assert local_links_exist(m) == []
    assert "兰州市" in m["script"] and "全社会R&amp;D经费投入强度达到2.25%" in m["script"]
    assert legend("经费投入强度 (%)") in m["script"]
    assert '"fillOpacity": 0.55' in m["script"]


def test_map_colours_a_site_scope_with_a_marker_and_lists_unlocated_scopes(cat):
    at = open_page(PAGE, query={"tab": "map"})
    at.selectbox(key="targets_map").set_value(tg.series_of(cat, "ind-by-gdp-2027")).run()
    [m] = maps(at)
    assert "indicator-dot" in m["script"] and "白银高新技术产业开发区" in m["script"]
    assert legend("地区生产总值 (亿元)") in m["script"]
    options = at.selectbox(key="targets_map").options
    assert len(options) == len(tg.map_series(cat))


def test_map_options_only_indicators_of_located_scopes(cat):
    keys = {s.key for s in tg.map_series(cat)}
    assert tg.series_of(cat, "ind-lb18-platforms") not in keys  # pilot zone: no point, no outline
    assert tg.series_of(cat, "ind-lzc-kunpeng-platforms") not in keys  # a centre without a location


def test_only_the_open_tab_is_built_and_the_choice_survives_a_filter_change_and_the_language(cat):
    at = open_page(PAGE)
    assert [tab.label for tab in at.tabs] == ["表格", "按单位分组的图表", "进度与差距", "跨范围比较", "地图"]
    assert charts(at) == [] and maps(at) == []  # the table tab is open: no other tab's charts or map sent
    rerun(at, targets_tab="charts")  # as a click on the tab would
    assert charts(at) and not [df for df in at.dataframe if "编号" in df.value.columns]
    at.selectbox(key="targets_kind").set_value("actual").run()
    assert_no_exception(at)
    assert at.session_state["targets_tab"] == "charts" and charts(at)
    expected = list(q.IndicatorQuery((), "actual", None).run(cat)["id"])
    assert sorted(i for chart in charts(at) for i in chart_ids(chart)) == sorted(expected)
    rerun(at, lang="en")  # the labels change; the open tab does not
    assert at.tabs[1].label == "Charts by unit" and charts(at) and maps(at) == []


def test_a_link_opens_a_tab_and_the_map_keeps_its_series_while_another_tab_is_open(cat):
    at = open_page(PAGE, query={"tab": "map"})
    assert len(maps(at)) == 1 and charts(at) == []
    series = tg.series_of(cat, "ind-lzc-rd-intensity")
    at.selectbox(key="targets_map").set_value(series).run()
    rerun(at, targets_tab="table")
    assert maps(at) == []
    rerun(at, targets_tab="map")
    assert at.selectbox(key="targets_map").value == series
