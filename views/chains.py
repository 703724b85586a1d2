"""产业链 page builders: tables for people, gap sentences and the chain map.

Plain functions, no Streamlit. Which sites host a chain, which units stand behind it, the
summaries and the gaps are the domain's (:mod:`geo.chains`); this module words and draws them.
The chain diagram (Sankey) is in :mod:`views.sankey`.
"""

from __future__ import annotations

import pandas as pd

from geo.chains import Gap, chain_name, chain_units, find_gaps, hosts, summaries, units
from geo.i18n import SYSTEMS
from geo.i18n import system_label as i18n_system_label
from geo.markup import md_text
from views.i18n import accuracy_text, city_label, join_names, kind_label, name, role_label, tr
from views.map_layers import add_lit_sites, add_orgs, add_sites, lit_legend
from views.maps import BuiltMap, MapOptions, finish, new_map, swatch
from views.memo import per_source

UNIT_SWATCH = "#436978"  # the fill of a unit's marker (cadetblue, as most units are enterprises)

SYSTEM_LABELS = SYSTEMS  # one table, in geo.i18n

LABELS = {
    "site": ("园区", "Site"),
    "unit": ("单位", "Unit"),
    "kind": ("类型", "Kind"),
    "city": ("城市", "City"),
    "industry": ("文件中的产业", "Industry in the document"),
    "system": ("产业体系", "Industry system"),
    "parent": ("上级产业", "Parent industry"),
    "mapped": ("归入方式", "Mapped"),
    "direct": ("直接归入", "directly"),
    "via_parent": ("随上级归入", "through its parent"),
    "role": ("角色", "Role"),
    "quote": ("原文", "Quote"),
    "source": ("来源", "Source"),
    "location": ("位置", "Location"),
    "placed_at": ("所在园区", "Placed at"),
    "chain": ("产业链", "Chain"),
    "sites": ("承载园区", "Host sites"),
    "located": ("已定位", "Located"),
    "cities": ("城市", "Cities"),
    "units": ("单位", "Units"),
    "research": ("高校院所", "Universities & institutes"),
    "industries": ("文件产业", "Document industries"),
    "gaps": ("空白与薄弱环节", "Gaps"),
    "gaps_heading": ("空白与薄弱环节", "Gaps and weak spots"),
    "gaps_scope": ("按两市全部数据判断。", "Judged on both cities' data."),
    "no_gaps": ("未发现空白。", "No gap found."),
    "unknown": ("未知", "unknown"),
    "none": ("无", "none"),
    # gap findings
    "gap_no_site": (
        "“{chain}”：没有任何园区承载（文件中无对应的园区）。",
        "“{chain}”: no site hosts it (the documents tie it to no site).",
    ),
    "gap_no_located_site": (
        "“{chain}”：承载园区均无位置，地图上无法显示（{sites}）。",
        "“{chain}”: none of its host sites has a known location, so none is on the map ({sites}).",
    ),
    "gap_one_city": ("“{chain}”：只在{city}有承载园区。", "“{chain}”: hosted in {city} only."),
    "gap_no_unit": (
        "“{chain}”：文件未列出任何支撑单位（高校院所或企业）。",
        "“{chain}”: the documents name no unit (university, institute or enterprise) behind it.",
    ),
    "gap_no_research": (
        "“{chain}”：支撑单位中没有高校或科研院所。",
        "“{chain}”: none of the units behind it is a university or institute.",
    ),
    "gap_single_chain_site": (
        "{kind}“{site}”只承载一条产业链（{chain}）。",
        "{kind} “{site}” hosts one chain only ({chain}).",
    ),
    # map
    "layer_hosts": ("承载所选产业链的园区", "Sites hosting the chosen chains"),
    "layer_units": ("产业链相关单位", "Units behind the chosen chains"),
    "legend_hosts": ("承载所选产业链", "hosts a chosen chain"),
    "legend_units": ("相关单位（有位置者）", "unit behind a chain (located ones)"),
    "hosts_chains": ("产业链：{names}", "Chains: {names}"),
}


def column_label(key: str, lang: str) -> str:
    """The header the tables here give a column ("quote", "source", "site" …), for a page's column settings."""
    return tr(LABELS, key, lang)


system_label = i18n_system_label


# ------------------------------------------------------------ display tables


@per_source  # once per table object (the page's tables are cached per catalogue)
def site_rows(sites: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A host-site table for people: names, kind, city, the tie (industry, role, quote, source), location."""
    L = lambda k: tr(LABELS, k, lang)  # noqa: E731 - short alias keeps the column list readable
    return pd.DataFrame(
        {
            L("site"): [name(r, lang) for _, r in sites.iterrows()],
            L("kind"): [kind_label(k, lang) for k in sites["kind"]],
            L("city"): [city_label(c, lang) if c else L("unknown") for c in sites["city"]],
            L("industry"): [_industry_text(r, lang) for _, r in sites.iterrows()],
            L("role"): [role_label(r, lang) for r in sites["role"]],
            L("quote"): list(sites["quote"]),
            L("source"): list(sites["source_id"]),
            L("location"): [accuracy_text(r, lang) for _, r in sites.iterrows()],
        }
    )


def unit_rows(units: pd.DataFrame, lang: str, cat=None) -> pd.DataFrame:
    """A unit table for people, one row per tie, with where the unit is placed when known."""
    L = lambda k: tr(LABELS, k, lang)  # noqa: E731
    site_names = {} if cat is None else {r["id"]: name(r, lang) for _, r in cat.sites.iterrows()}
    return pd.DataFrame(
        {
            L("unit"): [name(r, lang) for _, r in units.iterrows()],
            L("kind"): [kind_label(k, lang) for k in units["kind"]],
            L("city"): [city_label(c, lang) if c else L("unknown") for c in units["city"]],
            L("placed_at"): [site_names.get(s, s) if s else "" for s in units["site_id"]],
            L("industry"): [_industry_text(r, lang) for _, r in units.iterrows()],
            L("role"): [role_label(r, lang) for r in units["role"]],
            L("quote"): list(units["quote"]),
            L("source"): list(units["source_id"]),
            L("location"): [accuracy_text(r, lang) for _, r in units.iterrows()],
        }
    )


@per_source  # once per catalogue (views/memo.py)
def chain_unit_rows(cat, chain_id: str, lang: str) -> pd.DataFrame:
    """:func:`unit_rows` of the units behind ``chain_id`` (:func:`geo.chains.chain_units`)."""
    return unit_rows(chain_units(cat, chain_id), lang, cat)


def _industry_text(row, lang: str) -> str:
    label = row["industry_zh"] if lang == "zh" else row["industry_en"]
    return (
        f"{label}（{system_label(row['system'], lang, short=True)}）"
        if lang == "zh"
        else f"{label} ({system_label(row['system'], lang, short=True)})"
    )


@per_source  # once per table object (the page's tables are cached per catalogue)
def industry_rows(industries: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The document industries a chain groups, by system, with how each is mapped and its quote."""
    L = lambda k: tr(LABELS, k, lang)  # noqa: E731
    return pd.DataFrame(
        {
            L("system"): [system_label(s, lang) for s in industries["system"]],
            L("industry"): [name(r, lang) for _, r in industries.iterrows()],
            L("parent"): list(industries["parent_zh" if lang == "zh" else "parent_en"]),
            L("mapped"): [L("direct") if d else L("via_parent") for d in industries["direct"]],
            L("quote"): list(industries["quote"]),
            L("source"): list(industries["source_id"]),
        }
    )


@per_source  # once per catalogue (views/memo.py)
def summary_rows(cat, lang: str, chain_ids=None, city: str = "", include_goals: bool = False) -> pd.DataFrame:
    """One row per chain, for people: :func:`summaries` with translated headers."""
    L = lambda k: tr(LABELS, k, lang)  # noqa: E731
    rows = summaries(cat, chain_ids, city, include_goals)
    return pd.DataFrame(
        {
            L("chain"): [chain_name(cat, s.chain_id, lang) for s in rows],
            L("sites"): [s.sites for s in rows],
            L("located"): [s.located for s in rows],
            L("cities"): [join_names((city_label(c, lang) for c in s.cities), lang) or L("none") for s in rows],
            L("units"): [s.units for s in rows],
            L("research"): [s.research for s in rows],
            L("industries"): [s.industries for s in rows],
        }
    )


# ---------------------------------------------------------------------- gaps


@per_source  # once per catalogue (views/memo.py)
def gaps_markdown(cat, chain_ids, lang: str, include_goals: bool = False) -> str:
    """The gaps of ``chain_ids`` as a markdown list (⚠️ per gap), or a line saying none were found.

    Parameters
    ----------
    cat : geo.load.Catalogue
    chain_ids : sequence of str
        The chains to judge (the page passes every chain when none is chosen).
    lang : {"zh", "en"}
    include_goals : bool
        Count goal and planned links as hosting too (see :func:`geo.chains.find_gaps`).

    Returns
    -------
    str
        Markdown, every name escaped with :func:`geo.markup.md_text`.
    """
    gaps = find_gaps(cat, list(chain_ids), include_goals=include_goals)
    lines = [f"- ⚠️ {md_text(gap_text(cat, g, lang, include_goals))}" for g in gaps]
    return "\n".join(lines) or tr(LABELS, "no_gaps", lang)


def gap_text(cat, gap: Gap, lang: str, include_goals: bool = False) -> str:
    """One gap as a sentence in ``lang``; ``include_goals`` as the gap was found with."""
    chain = chain_name(cat, gap.chain_id, lang)
    if gap.kind == "single_chain_site":
        row = cat.sites[cat.sites["id"] == gap.site_id].iloc[0]
        return tr(
            LABELS, "gap_single_chain_site", lang, kind=kind_label(row["kind"], lang), site=name(row, lang), chain=chain
        )
    if gap.kind == "no_located_site":
        return tr(
            LABELS,
            "gap_no_located_site",
            lang,
            chain=chain,
            sites=join_names(
                (name(r, lang) for _, r in hosts(cat, (gap.chain_id,), include_goals=include_goals).iterrows()), lang
            ),
        )
    return tr(LABELS, f"gap_{gap.kind}", lang, chain=chain, city=city_label(gap.detail, lang))


# ------------------------------------------------------------------------ map


def chain_map(
    cat, opts: MapOptions, chain_ids: tuple[str, ...] = (), city: str = "", include_goals: bool = False
) -> BuiltMap:
    """Sites hosting the chosen chains in red (tooltips list which chains), the others as grey
    dots, the located units behind the chains, and a legend. Without chains: every site as usual.
    With ``include_goals`` sites whose goal or positioning is the chain light up too."""
    m = new_map(cat, opts)
    built = BuiltMap(m)
    if not chain_ids:
        add_sites(m, built, cat.sites, opts)
        finish(m)
        return built
    lit = hosts(cat, chain_ids, city, include_goals)
    lang = opts.lang
    chains_text = {
        r["id"]: tr(
            LABELS,
            "hosts_chains",
            lang,
            names=join_names((chain_name(cat, c, lang) for c in r["matched_industries"]), lang),
        )
        for _, r in lit.iterrows()
    }
    add_lit_sites(m, built, cat.sites, lit["id"], opts, layer=tr(LABELS, "layer_hosts", lang), extra_text=chains_text)
    add_orgs(m, units(cat, chain_ids), opts, layer=tr(LABELS, "layer_units", lang))
    units_item = (swatch(UNIT_SWATCH), tr(LABELS, "legend_units", lang))
    lit_legend(tr(LABELS, "legend_hosts", lang), lang, units_item).add_to(m)
    finish(m)  # no fit to the lit sites: a chain change keeps the map and the user's view
    return built
