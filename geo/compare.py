"""Compare two to four sites side by side: one table, rows = measures, columns = sites.

Measures: kind and city, approved area (``sites.approved_area_ha``) and outlined area (the
site's outline, area computed in EPSG:32648), industries by chain (hosting links only), related
units, enterprises by chain and 载体 available (once the catalogue has ``enterprises`` /
``parcels`` tables), targets and latest actuals, projects, and location accuracy.

What the atlas does not know is shown as unknown (未知), never as 0: a missing approved area,
a site with no outline, and the enterprise and 载体 counts while those tables do not exist.
A count the atlas does know (projects the documents name) may be 0.

Exports follow the profiles: Excel through :func:`geo.exports.to_excel_bytes`, PDF and PPTX
through the profile sheet's renderers (:mod:`geo.reports.sheet`). No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pandas as pd

from . import queries as q
from .enterprise_queries import EnterpriseQuery
from .errors import ExportError, InvalidQueryError
from .exports import to_excel_bytes
from .i18n import KIND_LABELS, city_label, name, tr
from .load import Catalogue
from .outlines import area_ha
from .reports import labels as L
from .reports.profile import site_row, site_units
from .reports.tables import accuracy_short, facts_frame
from .settings import Settings

MIN_SITES, MAX_SITES = 2, 4
LANGS = ("zh", "en")
# 载体 an investor can take: the parcels table's keys (geo.enterprise_schema.PARCEL_STATUSES), and their labels
AVAILABLE_STATUSES = ("for_lease", "for_sale", "可租", "可售", "for lease", "for sale", "available")
MEASURE = "measure"  # the column holding the measure's key (stable across languages)

WORDS: dict[str, tuple[str, str]] = {
    "measure": ("指标", "Measure"),
    "kind": ("类型", "Kind"),
    "city": ("城市", "City"),
    "approved_area": ("核准面积", "Approved area"),
    "outlined_area": ("轮廓面积（按轮廓计算）", "Outlined area (computed from the outline)"),
    "industries": ("承载产业数", "Industries hosted"),
    "chain": ("产业链：{chain}", "Chain: {chain}"),
    "units": ("相关单位数", "Related organizations"),
    "enterprises": ("企业数", "Enterprises"),
    "enterprises_chain": ("企业数 · {chain}", "Enterprises in the chain {chain}"),
    "parcels": ("可用载体（可租/可售）", "Land and buildings available (载体) for lease or sale"),
    "parcels_area": ("可用载体面积", "Area of land and buildings available"),
    "targets": ("目标数", "Targets"),
    "actuals": ("实绩数", "Actual figures"),
    "latest_actual": ("最近实绩年份", "Latest actual (year)"),
    "projects": ("项目数", "Projects"),
    "location": ("位置精度", "Location accuracy"),
    "unknown": ("未知", "unknown"),
    "no_outline": ("未知（无轮廓）", "unknown (no outline)"),
    "no_table": ("未知（尚无{table}数据）", "unknown (no {table} data yet)"),
    "table_enterprises": ("企业", "enterprise"),
    "table_parcels": ("载体", "land and buildings (载体)"),
    "none": ("（无记录）", "(none recorded)"),
    "ha": ("{v:,.2f} 公顷", "{v:,.2f} ha"),
    "m2": ("{v:,.0f} 平方米（{mu:,.1f} 亩）", "{v:,.0f} m² ({mu:,.1f} mu)"),
    "kicker": ("园区对比", "Site comparison"),
    "compare_section": ("对比表", "Comparison"),
    "summary": (
        "对比 {n} 个园区；“未知”表示图集没有该数据，不是 0。",
        "{n} sites compared; “unknown” means the atlas has no such figure, not 0.",
    ),
    "accuracy": (
        "各园区的位置精度见对比表“位置精度”一行。",
        "Each site's location accuracy is in the table's “Location accuracy” row.",
    ),
    "no_map": ("所选园区均无已知位置，无法绘制地图。", "None of the sites has a known location, so there is no map."),
    "scan": ("扫码打开在线对比页", "Scan to open the live comparison"),
}
M2_PER_MU = 10_000 / 15  # 1 亩 = 666.67 m²


def word(key: str, lang: str, **fmt) -> str:
    """The words of ``key`` in ``lang``, formatted with ``fmt``."""
    zh, en = WORDS[key]
    return (zh if lang == "zh" else en).format(**fmt)


def compare_sites(cat: Catalogue, site_ids, lang: str = "zh") -> pd.DataFrame:
    """The comparison table: one row per measure, one column per site (its name in ``lang``).

    Parameters
    ----------
    cat : Catalogue
    site_ids : sequence of str
        Two to four distinct site ids.
    lang : 'zh' or 'en'

    Returns
    -------
    DataFrame
        ``measure`` (a stable key such as ``approved_area`` or ``chain:chain-new-materials``),
        the measure's words in ``lang``, then one text column per site.

    Raises
    ------
    InvalidQueryError
        Fewer than two or more than four sites, a site twice, or an unknown language.
    UnknownNameError
        An id that is not a site.
    """
    ids = _checked(cat, site_ids, lang)
    sites = [site_row(cat, i) for i in ids]
    rows = _basic_rows(cat, sites, lang) + _industry_rows(cat, ids, lang) + _unit_rows(cat, ids, lang)
    rows += _enterprise_rows(cat, ids, lang) + _parcel_rows(cat, ids, lang) + _figure_rows(cat, ids, lang)
    rows.append(("location", word("location", lang), [accuracy_short(s, lang) for s in sites]))
    headers = _headers(sites, lang)
    return pd.DataFrame(
        [[key, label, *values] for key, label, values in rows], columns=[MEASURE, word("measure", lang), *headers]
    )


def _checked(cat: Catalogue, site_ids, lang: str) -> list[str]:
    if lang not in LANGS:
        raise InvalidQueryError(f"unknown language {lang!r}; choose zh or en")
    ids = [str(i) for i in (site_ids or [])]
    if not MIN_SITES <= len(ids) <= MAX_SITES:
        raise InvalidQueryError(f"compare {MIN_SITES} to {MAX_SITES} sites (got {len(ids)})")
    if len(set(ids)) != len(ids):
        raise InvalidQueryError(f"a site is chosen twice: {', '.join(ids)}")
    return ids


def _headers(sites, lang: str) -> list[str]:
    names = [name(s, lang) for s in sites]
    return [f"{n} ({s['id']})" if names.count(n) > 1 else n for n, s in zip(names, sites, strict=True)]


def _unknown(lang: str) -> str:
    return word("unknown", lang)


def _basic_rows(cat: Catalogue, sites, lang: str) -> list[tuple]:
    outlined = _outlined_ha(cat)
    return [
        ("kind", word("kind", lang), [tr(KIND_LABELS, s["kind"], lang) for s in sites]),
        ("city", word("city", lang), [city_label(s["city"], lang) if s["city"] else _unknown(lang) for s in sites]),
        (
            "approved_area",
            word("approved_area", lang),
            [
                _unknown(lang) if L.blank(s["approved_area_ha"]) else word("ha", lang, v=float(s["approved_area_ha"]))
                for s in sites
            ],
        ),
        (
            "outlined_area",
            word("outlined_area", lang),
            [word("ha", lang, v=outlined[s["id"]]) if s["id"] in outlined else word("no_outline", lang) for s in sites],
        ),
    ]


def _outlined_ha(cat: Catalogue) -> dict[str, float]:
    """Site id -> outlined area in ha, computed in EPSG:32648 (several polygons of a site add up)."""
    outlines = cat.outlines
    if outlines is None or outlines.empty:
        return {}
    drawn = outlines[outlines.geometry.notna()]
    areas = pd.Series(area_ha(drawn.geometry), index=drawn.index)
    return areas.groupby(drawn["site_id"]).sum().round(2).to_dict()


# ------------------------------------------------------------------ industries, units


def _chains_of(cat: Catalogue, site_id: str) -> dict[str, list[str]]:
    """Chain id -> the hosted industries (ids) that belong to it; '' holds those in no chain."""
    links = q.matching_links(cat.site_industries[cat.site_industries["site_id"] == site_id])
    ind = cat.industries.set_index("id")
    out: dict[str, list[str]] = {}
    for industry_id in dict.fromkeys(links["industry_id"]):
        row = ind.loc[industry_id]
        chains = [industry_id] if row["system"] == "chain" else list(row["chain_ids"] or [])
        for chain in chains or [""]:
            out.setdefault(chain, []).append(industry_id)
    return out


def _industry_rows(cat: Catalogue, ids: list[str], lang: str) -> list[tuple]:
    by_site = {i: _chains_of(cat, i) for i in ids}
    counts = [str(len({x for v in by_site[i].values() for x in v})) for i in ids]
    rows = [("industries", word("industries", lang), counts)]
    sep = "、" if lang == "zh" else "; "
    names = cat.industries.set_index("id")
    for chain in sorted({c for chains in by_site.values() for c in chains if c}):
        label = word("chain", lang, chain=name(names.loc[chain], lang))
        cells = [
            sep.join(name(names.loc[i], lang) for i in by_site[s].get(chain, [])) or word("none", lang) for s in ids
        ]
        rows.append((f"chain:{chain}", label, cells))
    return rows


def _unit_rows(cat: Catalogue, ids: list[str], lang: str) -> list[tuple]:
    return [("units", word("units", lang), [str(site_units(cat, i)["id"].nunique()) for i in ids])]


# ------------------------------------------------------------------ enterprises, 载体 (tables to come)


def _column(df: pd.DataFrame, *names: str) -> str | None:
    return next((n for n in names if n in df.columns), None)


def _enterprise_rows(cat: Catalogue, ids: list[str], lang: str) -> list[tuple]:
    """Enterprises per site (and its parks, as the page's park filter) and per chain, when the table exists."""
    table = getattr(cat, "enterprises", None)
    site_col = _column(table, "site_id", "park_id") if table is not None else None
    if table is None or site_col is None:
        return [
            (
                "enterprises",
                word("enterprises", lang),
                [word("no_table", lang, table=word("table_enterprises", lang))] * len(ids),
            )
        ]
    family = {i: q.site_family(cat, i) for i in ids}
    rows = [("enterprises", word("enterprises", lang), [str(int(table[site_col].isin(family[i]).sum())) for i in ids])]
    names = cat.industries.set_index("id")
    for chain, on_chain in _enterprise_chains(cat, table):
        label = name(names.loc[chain], lang) if chain in names.index else chain
        rows.append(
            (
                f"enterprises:{chain}",
                word("enterprises_chain", lang, chain=label),
                [str(int(on_chain[site_col].isin(family[i]).sum())) for i in ids],
            )
        )
    return rows


def _enterprise_chains(cat: Catalogue, table: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """(chain id, the enterprises on it) for every chain with an enterprise, sorted by id.

    Chains as :class:`geo.enterprise_queries.EnterpriseQuery` finds them (GB/T 4754 codes through the
    code → chain table, or a document's tie of the firm's organization), one vectorised query per chain;
    a ``chain_ids`` column where one is given instead.
    """
    if "industry_codes" in table.columns and getattr(cat, "code_chains", None) is not None:
        chains = sorted(cat.industries.loc[cat.industries["system"] == "chain", "id"])
        found = [(chain, EnterpriseQuery(chains=(chain,)).run(cat)) for chain in chains]
        return [(chain, rows) for chain, rows in found if len(rows)]
    chain_col = _column(table, "chain_ids", "chain_id")
    if chain_col is None:
        return []
    chains = table[chain_col].map(lambda v: list(v) if isinstance(v, (list, tuple)) else [v] if v else [])
    return [(c, table[chains.map(lambda cs, c=c: c in cs)]) for c in sorted({c for cs in chains for c in cs})]


def _parcel_rows(cat: Catalogue, ids: list[str], lang: str) -> list[tuple]:
    """载体 with an available status per site, and their area, from ``cat.parcels`` when it exists."""
    table = getattr(cat, "parcels", None)
    site_col = _column(table, "site_id", "park_id") if table is not None else None
    status_col = _column(table, "status") if table is not None else None
    if table is None or table.empty or site_col is None or status_col is None:  # none listed yet: unknown, not 0
        unknown = [word("no_table", lang, table=word("table_parcels", lang))] * len(ids)
        return [("parcels", word("parcels", lang), unknown), ("parcels_area", word("parcels_area", lang), unknown)]
    open_ = table[table[status_col].isin(AVAILABLE_STATUSES)]
    area_col = _column(table, "area_m2")
    family = {i: q.site_family(cat, i) for i in ids}
    counts = [str(int(open_[site_col].isin(family[i]).sum())) for i in ids]
    if area_col is None:
        areas = [_unknown(lang)] * len(ids)
    else:
        sums = [pd.to_numeric(open_.loc[open_[site_col].isin(family[i]), area_col], errors="coerce") for i in ids]
        areas = [
            _unknown(lang) if s.isna().any() else word("m2", lang, v=s.sum(), mu=s.sum() / M2_PER_MU) for s in sums
        ]
    return [("parcels", word("parcels", lang), counts), ("parcels_area", word("parcels_area", lang), areas)]


# ------------------------------------------------------------------ figures, projects


def _figure_rows(cat: Catalogue, ids: list[str], lang: str) -> list[tuple]:
    ind = cat.indicators
    targets = [str(int(((ind["scope_id"] == i) & (ind["kind"] == "target")).sum())) for i in ids]
    actual_rows = [ind[(ind["scope_id"] == i) & (ind["kind"] == "actual")] for i in ids]
    latest = [
        str(int(a["year"].max())) if a["year"].notna().any() else (word("none", lang) if a.empty else _unknown(lang))
        for a in actual_rows
    ]
    projects = [str(len(q.ProjectQuery(i).run(cat))) for i in ids]
    return [
        ("targets", word("targets", lang), targets),
        ("actuals", word("actuals", lang), [str(len(a)) for a in actual_rows]),
        ("latest_actual", word("latest_actual", lang), latest),
        ("projects", word("projects", lang), projects),
    ]


# ------------------------------------------------------------------ exports


def compare_url(site_ids, lang: str, base_url: str | None = None) -> str:
    """``<LANBAI_BASE_URL>/compare?sites=a,b&lang=zh``: the live comparison (the page the lead adds)."""
    base = (base_url if base_url is not None else Settings.from_env().public_base_url).rstrip("/")
    return f"{base}/compare?{urlencode({'sites': ','.join(site_ids), 'lang': lang})}"


def compare_excel_bytes(cat: Catalogue, site_ids, lang: str = "zh") -> bytes:
    """The comparison as an .xlsx workbook (one sheet; cells spreadsheet-safe)."""
    table = compare_sites(cat, site_ids, lang).drop(columns=[MEASURE])
    return to_excel_bytes({word("kicker", lang): table})


def compare_sheet(
    cat: Catalogue, site_ids, lang: str = "zh", *, base_url: str | None = None, font=None, with_map: bool = True
):
    """The comparison as a :class:`geo.reports.sheet.Sheet` (title, map of the sites, table, sources)."""
    from .reports.sheet import Section, Sheet
    from .reports.staticmap import points_from, render_map

    table = compare_sites(cat, site_ids, lang)
    sites = cat.sites[cat.sites["id"].isin(list(site_ids))]
    points = points_from(sites, "focus", lang)
    facts = facts_frame(
        cat,
        [
            (tr(L.LABELS, "fact_site", lang, name=name(s, lang)), s["source_id"], s["quote"])
            for _, s in sites.iterrows()
        ],
        lang,
    )
    names = ("、" if lang == "zh" else " · ").join(name(site_row(cat, i), lang) for i in site_ids)
    return Sheet(
        lang=lang,
        kicker=word("kicker", lang),
        title=names,
        subtitle="",
        summary=[word("summary", lang, n=len(site_ids))],
        map_png=render_map(cat, points, lang, font=font) if with_map and points else None,
        map_caption=word("accuracy", lang) if points else word("no_map", lang),
        accuracy=word("accuracy", lang),
        sections=[Section("compare", word("compare_section", lang), table.drop(columns=[MEASURE]))],
        facts=facts,
        url=compare_url(list(site_ids), lang, base_url),
        scan_label=word("scan", lang),
        footer=f"{tr(L.LABELS, 'atlas', lang)} · " + tr(L.LABELS, "generated", lang, date=dt.date.today().isoformat()),
    )


def compare_bytes(
    cat: Catalogue, site_ids, lang: str = "zh", fmt: str = "pdf", *, base_url: str | None = None, font=None
) -> bytes:
    """The comparison as PDF, PPTX or XLSX bytes.

    Raises
    ------
    InvalidQueryError, UnknownNameError, ExportError, FontNotFoundError, MissingGlyphsError
    """
    if fmt == "xlsx":
        return compare_excel_bytes(cat, site_ids, lang)
    if fmt not in ("pdf", "pptx"):
        raise ExportError(f"unknown format {fmt!r}; choose pdf, pptx or xlsx")
    from .reports.export import render_sheet
    from .reports.fonts import find_cjk_font

    font = font or find_cjk_font()
    return render_sheet(compare_sheet(cat, site_ids, lang, base_url=base_url, font=font), fmt, font)
