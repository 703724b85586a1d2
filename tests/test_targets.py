"""geo.targets: which figures can be compared, the gaps between them, and how they are grouped."""

import pandas as pd
import pytest

from geo import load_catalogue
from geo import targets as tg

COLUMNS = [
    "id",
    "scope_id",
    "indicator_zh",
    "indicator_en",
    "value",
    "unit",
    "qualifier",
    "year",
    "kind",
    "source_id",
    "quote",
    "note",
]


def fig(id, scope="zone-a", name="高新技术企业数", value=100.0, unit="家", qualifier="", year=2022, kind="target"):
    return dict(
        id=id,
        scope_id=scope,
        indicator_zh=name,
        indicator_en=name,
        value=value,
        unit=unit,
        qualifier=qualifier,
        year=year,
        kind=kind,
        source_id="doc",
        quote=f"quote {id}",
        note="",
    )


def frame(*rows) -> pd.DataFrame:
    df = pd.DataFrame(list(rows), columns=COLUMNS)
    df["year"] = df["year"].astype("Int64")
    return df


@pytest.fixture(scope="module")
def shipped():
    return load_catalogue()


# ---------------------------------------------------------------- labels


@pytest.mark.parametrize(
    "qualifier, zh, en",
    [
        ("以上", "400家以上", "400 entities or more"),
        ("突破", "突破400家", "over 400 entities"),
        ("近", "近400家", "nearly 400 entities"),
        ("多", "400多家", "more than 400 entities"),
        ("零的突破", "400家（零的突破）", "400 entities (a first)"),
        ("", "400家", "400 entities"),
    ],
)
def test_value_text_keeps_the_qualifier(qualifier, zh, en):
    row = fig("a", value=400, qualifier=qualifier)
    assert tg.value_text(row, "zh") == zh
    assert tg.value_text(row, "en") == en


def test_numbers_and_units_read_naturally():
    assert tg.value_text(fig("a", value=7129.56, unit="万元"), "zh") == "7,129.56万元"
    assert tg.value_text(fig("a", value=245, unit="亿元", qualifier="以上"), "en") == "24.5 billion yuan or more"
    assert tg.value_text(fig("a", value=500, unit="亿元", qualifier="突破"), "en") == "over 50 billion yuan"
    assert tg.value_text(fig("a", value=500, unit="亿元", qualifier="突破"), "zh") == "突破500亿元"
    assert (
        tg.value_text(dict(fig("a", value=1, unit="个"), value_max=2, value_text="1-2个"), "en")
        == "1–2 items (“1-2个”)"
    )


def test_figure_text_is_the_one_way_to_write_a_figure():
    from geo.i18n import figure_text

    assert figure_text(7129.56, "万元", "", "en") == "71.2956 million yuan"
    assert figure_text(12, "%", "约", "en") == "about 12%" and figure_text(12, "%", "约", "zh") == "约12%"
    assert figure_text(None, "", "", "en", words="进入中上水平") == "qualitative target (“进入中上水平”)"
    assert tg.year_text(None, "en") == "year not stated" and tg.year_text(2022, "zh") == "2022年"


# ---------------------------------------------------------------- comparability


def test_differences_name_every_reason():
    a = fig("t", kind="target")
    assert tg.differences(a, fig("x", kind="actual")) == ()
    assert tg.differences(a, fig("x", scope="zone-b")) == ("scope",)
    assert tg.differences(a, fig("x", unit="个")) == ("unit",)
    assert tg.differences(a, fig("x", name="认定高新技术企业数")) == ("definition",)
    assert tg.differences(a, fig("x", year=2020)) == ("year",)
    assert tg.differences(a, fig("x", year=None)) == ("year_unknown",)


def test_wording_is_compared_after_normalising_width_and_spaces():
    assert tg.indicator_key("R&D经费 （占比）") == tg.indicator_key("r&d经费(占比)")
    assert tg.related_key("新增创新平台(六个一百)") == tg.related_key("新增创新平台")


def test_a_gap_needs_same_indicator_scope_and_unit_but_not_year():
    target = fig("t", year=2022, kind="target")
    assert tg.can_gap(target, fig("a", year=2020, kind="actual"))
    assert tg.can_gap(target, fig("a", year=None, kind="actual"))
    assert not tg.can_gap(target, fig("a", scope="zone-b", kind="actual"))
    assert not tg.can_gap(target, fig("a", unit="个", kind="actual"))
    assert not tg.can_gap(target, fig("a", name="认定高新技术企业数", kind="actual"))
    assert not tg.can_gap(target, fig("a", kind="target"))  # two targets are no gap
    assert not tg.can_gap(fig("a", kind="actual"), target)  # order matters: target first


def test_across_scopes_only_same_indicator_unit_kind_and_known_year():
    a = fig("a", scope="zone-a", year=2020, kind="actual")
    assert tg.can_compare_across_scopes(a, fig("b", scope="zone-b", year=2020, kind="actual"))
    assert not tg.can_compare_across_scopes(a, fig("b", scope="zone-b", year=2021, kind="actual"))
    assert not tg.can_compare_across_scopes(a, fig("b", scope="zone-b", year=2020, kind="target"))
    assert not tg.can_compare_across_scopes(a, fig("b", scope="zone-b", year=2020, unit="个", kind="actual"))
    assert not tg.can_compare_across_scopes(
        fig("a", year=None, kind="actual"), fig("b", scope="zone-b", year=None, kind="actual")
    )


# ---------------------------------------------------------------- gaps


def test_gap_numbers_and_years_are_stated():
    df = frame(
        fig("t", value=400, qualifier="以上", year=2022, kind="target"),
        fig("a", value=250, year=2020, kind="actual"),
        fig("other", scope="zone-b", value=390, year=2022, kind="actual"),
    )
    [gap] = tg.find_gaps(df)
    assert (gap.target_id, gap.actual_id) == ("t", "a")
    assert gap.remaining == 150 and gap.share == pytest.approx(0.625)
    assert not gap.same_year and gap.approximate
    assert gap.years_text("zh") == "2022年目标 vs 2020年实绩（年份不同，非同年进度）"
    assert gap.years_text("en").startswith("2022 target vs 2020 actual (different years")


def test_same_year_gap_is_plain_and_ranks_have_no_share():
    df = frame(fig("t", value=50, unit="位", year=2020), fig("a", value=91, unit="位", year=2020, kind="actual"))
    [gap] = tg.find_gaps(df)
    assert gap.same_year and gap.years_text("en") == "2020 target vs 2020 actual"
    assert gap.share is None and gap.remaining == -41 and not gap.approximate


def test_every_target_pairs_with_every_matching_actual():
    df = frame(
        fig("t", year=2027),
        fig("a1", year=2023, value=10, kind="actual"),
        fig("a2", year=2024, value=20, kind="actual"),
    )
    assert [g.actual_id for g in tg.find_gaps(df)] == ["a2", "a1"]  # most recent actual first


def test_look_alikes_are_listed_with_reasons_not_as_gaps():
    df = frame(
        fig("t", scope="zone-a", name="新增创新平台", unit="家", year=2018),
        fig("a", scope="city", name="新增创新平台(六个一百)", unit="个", year=None, kind="actual"),
    )
    assert tg.find_gaps(df) == []
    [pair] = tg.incomparable_pairs(df)
    assert pair.reasons == ("scope", "unit", "definition", "year_unknown")
    assert pair.reasons_text("zh") == "范围不同、单位不同、指标口径不同、年份未注明"


def test_shipped_zone_target_is_not_compared_with_the_city_actual(shipped):
    """62% (兰州高新区, 2022 target) and 60.1% (兰州市, 2020 actual) share a name, not a scope."""
    assert not any(
        {g.target_id, g.actual_id} == {"ind-lzh-2022-tech-progress", "ind-lzc-sti-contribution"}
        for g in tg.find_gaps(shipped.indicators)
    )
    pairs = {(p.target_id, p.actual_id): p.reasons for p in tg.incomparable_pairs(shipped.indicators)}
    assert pairs[("ind-lzh-2022-tech-progress", "ind-lzc-sti-contribution")] == ("scope", "year")


def test_gaps_and_pairs_filter_by_scope():
    df = frame(
        fig("t", scope="a"),
        fig("x", scope="a", kind="actual"),
        fig("t2", scope="b"),
        fig("x2", scope="b", kind="actual"),
    )
    gaps = tg.find_gaps(df)
    assert [g.scope_id for g in tg.involving_scopes(gaps, df, ["b"])] == ["b"]
    assert len(tg.involving_scopes(gaps, df, [])) == 2


# ---------------------------------------------------------------- grouping


def test_unit_groups_hold_one_unit_each_and_every_row_once(shipped):
    groups = tg.unit_groups(shipped.indicators)
    assert all(df["unit"].nunique() == 1 and df["unit"].iloc[0] == unit for unit, df in groups)
    ids = [i for _, df in groups for i in df["id"]]
    assert sorted(ids) == sorted(shipped.indicators["id"])
    assert [len(df) for _, df in groups] == sorted((len(df) for _, df in groups), reverse=True)


def test_cross_scope_groups_need_same_indicator_unit_kind_and_year():
    df = frame(
        fig("a", scope="x", year=2020, kind="actual"),
        fig("b", scope="y", year=2020, kind="actual"),
        fig("c", scope="z", year=2021, kind="actual"),
        fig("d", scope="z", year=2020, kind="target"),
        fig("e", scope="z", year=2020, unit="个", kind="actual"),
        fig("f", scope="x", year=None, kind="actual"),
        fig("g", scope="y", year=None, kind="actual"),
    )
    [group] = tg.cross_scope_groups(df)
    assert sorted(group["id"]) == ["a", "b"]


def test_located_scopes_are_sites_with_points_and_areas(shipped):
    located = tg.located_scopes(shipped)
    assert located["by-hitech"] == "site" and located["lz-hitech"] == "site"
    assert located["620100"] == "area"
    assert "lanbai-pilot-zone" not in located and "lz-sti-park" not in located


def test_map_series_only_for_located_scopes(shipped):
    series = tg.map_series(shipped)
    located = tg.located_scopes(shipped)
    ids = {i for s in series for i in s.ids}
    by_id = shipped.indicators.set_index("id")
    assert all(any(by_id.loc[i, "scope_id"] in located for i in s.ids) for s in series)
    assert "ind-lb18-platforms" not in ids  # only stated for the pilot zone, which has no outline
    assert "ind-by-gdp-2027" in ids and "ind-lzc-rd-intensity" in ids
    unicorn = next(s for s in series if "ind-lzh-2022-unicorn-654321" in s.ids)
    assert set(unicorn.ids) == {"ind-lzh-2022-unicorn-654321", "ind-lzh-2022-unicorn-gazelle"}
    assert unicorn.label("en") == "Unicorn enterprises · target · 2022 · entities"


def test_series_figures_mark_what_can_be_drawn(shipped):
    key = tg.series_of(shipped, "ind-lzc-rd-intensity")
    rows = tg.series_figures(shipped, key)
    assert list(rows["id"]) == ["ind-lzc-rd-intensity"] and list(rows["located"]) == ["area"]
    assert tg.series_of(shipped, "no-such-id") is None
