"""Builders of the 企业与载体 page: the four deck views, the 找地 results table and the detail panels' lines.

Plain functions (catalogue and filter values in, a deck, frame or text out); the Streamlit glue is
:mod:`ui.enterprises`. Enterprises are drawn one by one up to :data:`POINTS_THRESHOLD` located rows;
above it they are counted per hexagon on the server (:func:`views.deck.points_deck`), so a view of
100,000 firms sends about a megabyte, not 14.
"""

from __future__ import annotations

import pandas as pd
import pydeck as pdk

from geo.deck_data import latest_gaps
from geo.enterprise_queries import PARCEL_STATUSES, PARCEL_TYPES, STATUS_LABELS, TYPE_LABELS, ParcelQuery
from geo.enterprise_schema import SQM_PER_MU
from geo.errors import InvalidQueryError
from geo.load import Catalogue
from views.deck import MAX_POINTS, points_deck
from views.deck_links import arcs_deck, columns_deck
from views.i18n import accuracy_text, name, tr

VIEWS = ("enterprises", "parcels", "arcs", "columns")
POINTS_THRESHOLD = MAX_POINTS  # 5,000 located rows: drawn one by one up to here, hexagon counts above
UNITS = ("m2", "mu")
UTILITY_KEYS = ("water", "gas", "steam")
LABELS: dict[str, tuple[str, str]] = {
    "view": ("视图", "View"),
    "view_enterprises": ("企业", "Enterprises"),
    "view_parcels": ("载体（找地）", "Sites available (find land)"),
    "view_arcs": ("关联弧线", "Links as arcs"),
    "view_columns": ("目标与实绩柱", "Target vs actual columns"),
    "park": ("园区", "Park"),
    "any_park": ("全部园区", "All parks"),
    "area": ("行政区", "County / district"),
    "any_area": ("全部行政区", "All areas"),
    "threshold": (
        "不超过 {n:,} 个点时逐点绘制；更多时在服务器端按六边形汇总计数。",
        "Up to {n:,} points are drawn one by one; more are counted per hexagon on the server.",
    ),
    "hidden": (
        "另有 {n:,} 家企业的详情仅对内部账号可见，未显示；登录后可见。",
        "{n:,} more enterprises are internal and not shown; log in as staff to see them.",
    ),
    "no_parcels": (
        "尚无载体数据：载体表随图集发布时为空。维护人员用 `python -m geo change propose parcels 文件.csv` 导入"
        "（经审核后发布），示例文件见 README。",
        "No land or buildings (载体) are listed yet: the table ships empty. Maintainers import them with "
        "`python -m geo change propose parcels FILE.csv` (published after review); the README has an example file.",
    ),
    "type": ("类型", "Type"),
    "status": ("状态", "Status"),
    "unit": ("面积单位", "Area unit"),
    "unit_m2": ("平方米", "m²"),
    "unit_mu": ("亩", "mu (亩)"),
    "min_area": ("最小面积", "Minimum area"),
    "max_area": ("最大面积", "Maximum area"),
    "utilities": ("需具备", "Must have"),
    "utility_water": ("供水", "water"),
    "utility_gas": ("供气", "gas"),
    "utility_steam": ("供汽", "steam"),
    "found": ("{what}：{n:,} 条", "{what}: {n:,}"),
    "open": ("查看企业", "Open an enterprise"),
    "search": ("搜索企业名称（共 {n:,} 家）", "Search enterprise names ({n:,} in all)"),
    "bin": (
        "该六边形内有 {n:,} 家企业，下表列出前 {shown:,} 家。",
        "{n:,} enterprises in this hexagon; the first {shown:,} are listed.",
    ),
    "profile": ("打开园区档案：{name}", "Open the site profile: {name}"),
    "arcs_skipped": (
        "{n} 条关联因一端位置未知未画出。",
        "{n} links are not drawn because one end has no known location.",
    ),
    "no_gaps": ("没有可比较的目标与实绩。", "No target has a comparable actual figure."),
    "indicator": ("指标", "Indicator"),
    "gaps_unlocated": (
        "{n} 组目标与实绩的范围没有位置，未画出。",
        "{n} target/actual pairs have no location and are not drawn.",
    ),
    "col_name": ("名称", "Name"),
    "col_area_m2": ("面积（平方米）", "Area (m²)"),
    "col_area_mu": ("面积（亩）", "Area (mu)"),
    "col_price": ("价格", "Price"),
    "col_power": ("供电（kVA）", "Power (kVA)"),
    "col_park": ("园区", "Park"),
    "col_checked": ("核实日期", "Checked on"),
    "col_valid": ("有效期至", "Valid until"),
    "col_id": ("编号", "ID"),
    "credit_code": ("统一社会信用代码", "Unified social credit code"),
    "codes": ("国民经济行业分类（GB/T 4754-2017）", "Industry codes (GB/T 4754-2017)"),
    "address": ("地址", "Address"),
    "location": ("位置", "Location"),
    "employees": ("从业人数", "Employees"),
    "output": ("产值（万元）", "Output (10,000 yuan)"),
    "year": ("年份", "Year"),
    "source": ("来源", "Source"),
    "unknown": ("未知", "unknown"),
    "no_park": ("无园区", "no park"),
}


def label(key: str, lang: str, **fmt) -> str:
    """This page's words for ``key`` in ``lang``."""
    return tr(LABELS, key, lang, **fmt)


def choice_label(table: dict, key: str, lang: str) -> str:
    """A parcel type or status in ``lang`` (:data:`geo.enterprise_queries.TYPE_LABELS` / ``STATUS_LABELS``)."""
    pair = table.get(key, (key, key))
    return pair[0] if lang == "zh" else pair[1]


def site_names(cat: Catalogue, lang: str) -> dict[str, str]:
    """Site id -> name in ``lang``."""
    return {row["id"]: name(row, lang) for _, row in cat.sites.iterrows()}


# ------------------------------------------------------------------ decks


def enterprise_deck(cat: Catalogue, rows: pd.DataFrame, lang: str) -> pdk.Deck:
    """Enterprises as points (≤ :data:`POINTS_THRESHOLD`) or server-side hexagon counts."""
    names = rows["name_zh"] if lang == "zh" else rows["name_en"].where(rows["name_en"] != "", rows["name_zh"])
    drawn = pd.DataFrame({"id": rows["id"], "label": names, "lon": rows["lon"], "lat": rows["lat"]})
    return points_deck(cat, drawn, lang=lang, max_points=POINTS_THRESHOLD, noun=("家企业", "enterprises"))


def parcel_deck(cat: Catalogue, rows: pd.DataFrame, lang: str) -> pdk.Deck:
    """载体 as points (their point; an outline's point is its stated point), counts per hexagon above the threshold."""
    names = rows["name_zh"] if lang == "zh" else rows["name_en"].where(rows["name_en"] != "", rows["name_zh"])
    tips = [
        f"{n}\n{choice_label(TYPE_LABELS, t, lang)} · {choice_label(STATUS_LABELS, s, lang)} · {a:,.0f} m²"
        for n, t, s, a in zip(names, rows["type"], rows["status"], rows["area_m2"], strict=True)
    ]
    drawn = pd.DataFrame({"id": rows["id"], "label": tips, "lon": rows["lon"], "lat": rows["lat"]})
    return points_deck(cat, drawn, lang=lang, max_points=POINTS_THRESHOLD, noun=("处载体", "sites"))


def link_deck(cat: Catalogue, lang: str) -> pdk.Deck:
    """白银高新区 → its six parks, units → the parks they serve, partner zones (:func:`views.deck_links.arcs_deck`)."""
    return arcs_deck(cat, lang=lang)


def gaps(cat: Catalogue) -> tuple[pd.DataFrame, int]:
    """Targets against their latest comparable actuals (:func:`geo.deck_data.latest_gaps`), and how many had no point."""
    return latest_gaps(cat)


def gap_deck(cat: Catalogue, gap_rows: pd.DataFrame, indicator: str, lang: str) -> pdk.Deck:
    """The columns view of ``indicator`` (the first one when it is not among ``gap_rows``)."""
    if gap_rows.empty:
        raise InvalidQueryError("no target has a comparable actual figure")
    chosen = indicator if indicator in set(gap_rows["indicator"]) else gap_rows["indicator"].iloc[0]
    return columns_deck(cat, gap_rows, chosen, lang=lang)


def indicator_options(gaps: pd.DataFrame, lang: str) -> dict[str, str]:
    """Indicator key -> its wording and unit in ``lang``."""
    words = gaps["indicator_zh"] if lang == "zh" else gaps["indicator_en"]
    return {k: f"{w} ({u})" for k, w, u in zip(gaps["indicator"], words, gaps["unit"], strict=True)}


# ------------------------------------------------------------------ 找地


def area_in_m2(value: float | None, unit: str) -> float | None:
    """An area typed in ``unit`` (m2 or mu) in m²; None (no bound) stays None."""
    if unit not in UNITS:
        raise InvalidQueryError(f"unknown area unit {unit!r}; one of {', '.join(UNITS)}")
    if value is None:
        return None
    return float(value) * (SQM_PER_MU if unit == "mu" else 1.0)


def parcel_query(chains, site_id: str, area_code: str, types, statuses, min_m2, max_m2, utilities) -> ParcelQuery:
    """The 找地 query of the page's widgets (unknown types/statuses dropped; '' = no park / area)."""
    return ParcelQuery(
        chains=tuple(chains),
        site_id=site_id or None,
        area_code=area_code or None,
        types=tuple(t for t in types if t in PARCEL_TYPES),
        statuses=tuple(s for s in statuses if s in PARCEL_STATUSES),
        min_area_m2=min_m2,
        max_area_m2=max_m2,
        utilities=tuple(u for u in utilities if u in UTILITY_KEYS),
    )


def parcel_table(cat: Catalogue, rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The 找地 results, labelled in ``lang`` (contacts are never part of it)."""
    parks = site_names(cat, lang)
    names = rows["name_zh"] if lang == "zh" else rows["name_en"].where(rows["name_en"] != "", rows["name_zh"])
    util = [label(f"utility_{u}", lang) for u in UTILITY_KEYS]
    return pd.DataFrame(
        {
            label("col_id", lang): rows["id"],
            label("col_name", lang): names,
            label("type", lang): [choice_label(TYPE_LABELS, t, lang) for t in rows["type"]],
            label("status", lang): [choice_label(STATUS_LABELS, s, lang) for s in rows["status"]],
            label("col_area_m2", lang): rows["area_m2"],
            label("col_area_mu", lang): (rows["area_m2"] / SQM_PER_MU).round(2),
            label("col_price", lang): [_price(p, u) for p, u in zip(rows["price"], rows["price_unit"], strict=True)],
            label("col_power", lang): rows["power_kva"],
            **{u: rows[k].fillna("") for u, k in zip(util, UTILITY_KEYS, strict=True)},
            label("col_park", lang): [
                parks.get(s, label("no_park", lang)) if s else label("no_park", lang) for s in rows["site_id"]
            ],
            label("col_checked", lang): rows["checked_on"],
            label("col_valid", lang): rows["valid_until"],
        }
    )


def _price(price, unit) -> str:
    """A public price with its unit ('12 元/m²/月'); '' where none is public."""
    return "" if price is None or pd.isna(price) else f"{float(price):g} {unit or ''}".strip()


def enterprise_table(cat: Catalogue, rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A short listing of enterprises (id, name, park), labelled in ``lang``."""
    parks = site_names(cat, lang)
    names = rows["name_zh"] if lang == "zh" else rows["name_en"].where(rows["name_en"] != "", rows["name_zh"])
    return pd.DataFrame(
        {
            label("col_id", lang): rows["id"],
            label("col_name", lang): names,
            label("col_park", lang): [
                parks.get(s, label("no_park", lang)) if s else label("no_park", lang) for s in rows["site_id"]
            ],
        }
    )


# ------------------------------------------------------------------ detail panel


def enterprise_lines(cat: Catalogue, row, lang: str) -> list[tuple[str, str]]:
    """(label, value) lines of one enterprise's detail panel; unknown stays unknown."""
    unknown = label("unknown", lang)
    codes = list(row["industry_codes"]) if isinstance(row["industry_codes"], list) else []
    code_names = _code_names(cat, codes, lang)
    lines = [
        (label("credit_code", lang), str(row["credit_code"] or unknown)),
        (label("codes", lang), code_names or unknown),
        (label("address", lang), str(row["address"] or unknown)),
        (label("location", lang), accuracy_text(row, lang)),
    ]
    for key, column, source in (
        ("employees", "employees", "employees_source_id"),
        ("output", "output_10k_cny", "output_source_id"),
    ):
        value = row.get(column)
        if value is not None and not pd.isna(value) and str(value) != "":
            year = row.get("figures_year")
            when = (
                f" · {label('year', lang)} {int(year)}"
                if year is not None and not pd.isna(year) and str(year) != ""
                else ""
            )
            lines.append((label(key, lang), f"{value:,} ({label('source', lang)}: {row.get(source) or unknown}{when})"))
    lines.append((label("source", lang), str(row.get("source_id") or unknown)))
    return lines


def _code_names(cat: Catalogue, codes: list[str], lang: str) -> str:
    table = cat.industry_codes
    if table is None or not codes:
        return ""
    names = table.set_index("code")["name_zh" if lang == "zh" else "name_en"]
    return "; ".join(f"{c} {names[c]}" if c in names.index else c for c in codes)


def parcel_lines(cat: Catalogue, row, lang: str) -> list[tuple[str, str]]:
    """(label, value) lines of one 载体's detail panel (its contact only when the role may see it: not blanked)."""
    unknown = label("unknown", lang)
    lines = [
        (label("type", lang), choice_label(TYPE_LABELS, row["type"], lang)),
        (label("status", lang), choice_label(STATUS_LABELS, row["status"], lang)),
        (
            label("col_area_m2", lang),
            f"{row['area_m2']:,.0f} ({row['area_m2'] / SQM_PER_MU:,.2f} {label('unit_mu', lang)})",
        ),
        (label("col_price", lang), _price(row["price"], row["price_unit"]) or unknown),
        (label("col_power", lang), unknown if pd.isna(row["power_kva"]) else f"{row['power_kva']:,.0f}"),
        (label("location", lang), accuracy_text(row, lang)),
        (label("col_checked", lang), f"{row['checked_on']} → {row['valid_until'] or unknown}"),
    ]
    return lines
