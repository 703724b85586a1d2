"""Profile and chain-brief tables in Chinese or English, shared by the page, the PDF and the slides.

Each function returns a DataFrame whose column names are already the words to show; every
row keeps a source column (the document id) and a quote column.
"""

from __future__ import annotations

import pandas as pd

from .. import targets
from ..i18n import ROLE_CLASS_LABELS, city_label, field_text, figure_text, join_names, name, punctuation, role_label, tr
from ..load import Catalogue
from . import labels as L
from .profile import ChainBrief, SiteProfile


def _cols(lang: str, *keys: str) -> list[str]:
    return [tr(L.LABELS, f"col_{k}", lang) for k in keys]


def _frame(rows: list[list], lang: str, *keys: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=_cols(lang, *keys))


def source_title(cat: Catalogue, source_id: str, lang: str) -> str:
    """Give a source's title in ``lang``."""
    rows = cat.sources.loc[cat.sources["id"] == source_id]
    if rows.empty:
        return str(source_id)
    row = rows.iloc[0]
    return field_text(row, "title", lang)


def site_name(cat: Catalogue, site_id: str, lang: str) -> str:
    """Give a site's name in ``lang`` (its id when unknown)."""
    rows = cat.sites.loc[cat.sites["id"] == site_id]
    return name(rows.iloc[0], lang) if len(rows) else str(site_id)


def industry_name(cat: Catalogue, industry_id: str, lang: str) -> str:
    """Give an industry's name in ``lang`` (its id when unknown)."""
    rows = cat.industries.loc[cat.industries["id"] == industry_id]
    return name(rows.iloc[0], lang) if len(rows) else str(industry_id)


# -------------------------------------------------------------------- accuracy


def accuracy_short(row, lang: str) -> str:
    """'位置为估计，误差约 ±5 公里' / 'Approximate location, error about ±5 km' / '位置未知'."""
    if row.get("geometry") is None or row.get("location_method") == "unknown":
        return tr(L.QUALITY_LABELS, "unknown", lang)
    quality = tr(L.QUALITY_LABELS, row.get("geometry_quality"), lang)
    if L.blank(row.get("error_km")):
        return quality
    return quality + punctuation("comma", lang) + tr(L.LABELS, "error_km", lang, km=float(row["error_km"]))


def accuracy_statement(cat: Catalogue, row, lang: str) -> str:
    """The location's accuracy in plain words: quality, method, error in km and the geometry source."""
    if row.get("geometry") is None or row.get("location_method") == "unknown":
        return tr(L.LABELS, "acc_unknown", lang)
    fmt = dict(
        quality=tr(L.QUALITY_LABELS, row.get("geometry_quality"), lang),
        method=tr(L.METHOD_LABELS, row.get("location_method"), lang),
    )
    text = (
        tr(L.LABELS, "acc_known_noerr", lang, **fmt)
        if L.blank(row.get("error_km"))
        else tr(L.LABELS, "acc_known", lang, km=float(row["error_km"]), **fmt)
    )
    basis = tr(
        L.LABELS,
        "acc_basis",
        lang,
        source=source_title(cat, row.get("geometry_source_id", ""), lang),
        detail=row.get("geometry_source", "") or "—",
    )
    return text + punctuation("space", lang) + basis


# ----------------------------------------------------------------- site profile


def structure_table(cat: Catalogue, prof: SiteProfile, lang: str) -> pd.DataFrame:
    """Build the parent-and-members table of a site profile."""
    rows = []
    for _, r in prof.related.iterrows():
        site = cat.sites.loc[cat.sites["id"] == r["site_id"]]
        kind = tr(L.KIND_LABELS, site["kind"].iloc[0], lang) if len(site) else ""
        rows.append(
            [
                tr(L.LABELS, f"rel_{r['relation']}", lang),
                site_name(cat, r["site_id"], lang),
                kind,
                tr(L.MEMBER_ROLE_LABELS, r["role"], lang) if r["role"] else "",
                r["source_id"],
                r["quote"],
            ]
        )
    return _frame(rows, lang, "relation", "name", "kind", "role", "source", "quote")


def industries_table(cat: Catalogue, prof: SiteProfile, lang: str) -> pd.DataFrame:
    """Build the industries table of a site profile, with roles and chains."""
    rows = []
    for _, r in prof.industries.iterrows():
        chains = join_names((industry_name(cat, c, lang) for c in r["chain_ids"] or []), lang)
        rows.append(
            [
                name(r, lang),
                tr(L.SYSTEM_LABELS, r["system"], lang),
                _role_with_class(r, lang),
                chains,
                r["source_id"],
                r["quote"],
            ]
        )
    return _frame(rows, lang, "industry", "system", "role", "chains", "source", "quote")


def _role_with_class(link, lang: str) -> str:
    """'西部陶都 · 目标定位': the document's word, and what kind of tie it is (a goal is not hosting)."""
    role_class = link.get("role_class", "") or ""
    word = role_label(link["role"], lang)
    return f"{word} · {tr(ROLE_CLASS_LABELS, role_class, lang)}" if role_class else word


def tie_text(cat: Catalogue, unit, lang: str) -> str:
    """How an organization is tied: 'located at 银东工业园' or 'draws on (发挥力量): 有色冶金'."""
    if unit["tie"] == "at":
        return tr(L.LABELS, "tie_at", lang, site=site_name(cat, unit["tie_site_id"], lang))
    if unit["tie"] == "partner":
        return tr(
            L.LABELS,
            "tie_partner",
            lang,
            role=tr(L.MEMBER_ROLE_LABELS, unit["tie_role"], lang),
            site=site_name(cat, unit["tie_site_id"], lang),
        )
    return tr(
        L.LABELS,
        "tie_industry",
        lang,
        role=role_label(unit["tie_role"], lang),
        industry=industry_name(cat, unit["tie_industry_id"], lang),
    )


def units_table(cat: Catalogue, units, lang: str) -> pd.DataFrame:
    """Build the organizations table: name, kind, how tied, source and quote."""
    rows = [
        [
            name(u, lang),
            tr(L.KIND_LABELS, u["kind"], lang),
            tie_text(cat, u, lang),
            accuracy_short(u, lang),
            u["tie_source_id"],
            u["tie_quote"],
        ]
        for _, u in units.iterrows()
    ]
    return _frame(rows, lang, "name", "kind", "tie", "location", "source", "quote")


def projects_table(cat: Catalogue, prof: SiteProfile, lang: str) -> pd.DataFrame:
    """Build the projects table of a site profile."""
    rows = [
        [
            name(p, lang),
            site_name(cat, p["site_id"], lang),
            tr(L.LABELS, "year_unknown", lang) if L.blank(p["year"]) else str(int(p["year"])),
            p["source_id"],
            p["quote"],
        ]
        for _, p in prof.projects.iterrows()
    ]
    return _frame(rows, lang, "name", "site", "year", "source", "quote")


def indicator_value(row, lang: str = "zh") -> str:
    """Write a figure row with its qualifier and unit in ``lang`` (:func:`geo.i18n.figure_text`)."""
    return figure_text(
        row.get("value"),
        row.get("unit", ""),
        row.get("qualifier", ""),
        lang,
        value_max=row.get("value_max"),
        words=row.get("value_text", ""),
    )


def indicators_table(cat: Catalogue, prof: SiteProfile, lang: str) -> pd.DataFrame:
    """Build the targets-and-actuals table of a site profile, figures written by figure_text.

    A target's progress is its latest comparable actual (:func:`geo.targets.progress`, as on the Targets page).
    """
    progress = {g.target_id: g for g in targets.progress(cat.indicators)}
    actuals = cat.indicators.set_index("id")
    rows = [
        [
            field_text(r, "indicator", lang),
            indicator_value(r, lang),
            _progress_cell(progress.get(r["id"]), actuals, lang),
            tr(L.LABELS, r["kind"], lang),
            "" if L.blank(r["year"]) else str(int(r["year"])),
            r["source_id"],
            r["quote"],
        ]
        for _, r in prof.indicators.iterrows()
    ]
    return _frame(rows, lang, "indicator", "value", "progress", "type", "year", "source", "quote")


def _progress_cell(gap, actuals: pd.DataFrame, lang: str) -> str:
    """'2025年150家，达目标的84.7%' — or '' for a figure without progress (an actual, or no comparable actual)."""
    if gap is None:
        return ""
    share = "—" if gap.share is None else f"{100 * gap.share:.1f}%"
    value = indicator_value(actuals.loc[gap.actual_id], lang)
    return tr(L.LABELS, "progress_cell", lang, year=targets.year_text(gap.actual_year, lang), value=value, share=share)


def profile_facts(cat: Catalogue, prof: SiteProfile, lang: str) -> pd.DataFrame:
    """Every fact the profile states, with its source's title and the quote."""
    site, me = prof.site, name(prof.site, lang)
    facts = [(tr(L.LABELS, "fact_site", lang, name=me), site["source_id"], site["quote"])]
    if site["geometry"] is not None and site["geometry_source_id"]:
        facts.append(
            (tr(L.LABELS, "fact_location", lang, name=me), site["geometry_source_id"], site["geometry_source"])
        )
    for _, r in prof.related.iterrows():
        other = site_name(cat, r["site_id"], lang)
        group, member = (other, me) if r["relation"] in ("group", "parent") else (me, other)
        role = tr(L.MEMBER_ROLE_LABELS, r["role"], lang) if r["role"] else tr(L.LABELS, f"rel_{r['relation']}", lang)
        facts.append(
            (tr(L.LABELS, "fact_member", lang, group=group, member=member, role=role), r["source_id"], r["quote"])
        )
    for _, r in prof.industries.iterrows():
        facts.append(
            (
                tr(L.LABELS, "fact_industry", lang, site=me, industry=name(r, lang), role=role_label(r["role"], lang)),
                r["source_id"],
                r["quote"],
            )
        )
    facts += _unit_facts(cat, prof.units, lang)
    for _, p in prof.projects.iterrows():
        facts.append((tr(L.LABELS, "fact_project", lang, name=name(p, lang)), p["source_id"], p["quote"]))
    for _, r in prof.indicators.iterrows():
        facts.append(
            (
                tr(
                    L.LABELS,
                    "fact_indicator",
                    lang,
                    indicator=field_text(r, "indicator", lang),
                    year="" if L.blank(r["year"]) else int(r["year"]),
                    value=indicator_value(r, lang),
                ),
                r["source_id"],
                r["quote"],
            )
        )
    return facts_frame(cat, facts, lang)


def _unit_facts(cat: Catalogue, units, lang: str) -> list[tuple]:
    return [
        (
            tr(L.LABELS, "fact_unit", lang, unit=name(u, lang), tie=tie_text(cat, u, lang)),
            u["tie_source_id"],
            u["tie_quote"],
        )
        for _, u in units.iterrows()
    ]


def facts_frame(cat: Catalogue, facts: list[tuple], lang: str) -> pd.DataFrame:
    """Build the sources-and-quotes table from (fact, source id, quote) triples."""
    rows = [[fact, source_title(cat, sid, lang), str(sid), str(quote or "")] for fact, sid, quote in facts]
    out = pd.DataFrame(
        rows,
        columns=[
            tr(L.LABELS, "col_fact", lang),
            tr(L.LABELS, "col_source", lang),
            "source_id",
            tr(L.LABELS, "col_quote", lang),
        ],
    )
    return out.drop_duplicates().reset_index(drop=True)


def profile_tables(cat: Catalogue, prof: SiteProfile, lang: str) -> dict[str, pd.DataFrame]:
    """Section key -> table, in the order the profile shows them."""
    return {
        "structure": structure_table(cat, prof, lang),
        "industries": industries_table(cat, prof, lang),
        "units": units_table(cat, prof.units, lang),
        "projects": projects_table(cat, prof, lang),
        "indicators": indicators_table(cat, prof, lang),
        "facts": profile_facts(cat, prof, lang),
    }


# ------------------------------------------------------------------ chain brief


def hosts_table(cat: Catalogue, brief: ChainBrief, lang: str) -> pd.DataFrame:
    """Build the hosting-sites table of a chain brief."""
    rows = []
    for _, h in brief.hosts.sort_values(["city", "site_id"], kind="stable").iterrows():
        site = cat.sites.loc[cat.sites["id"] == h["site_id"]].iloc[0]
        rows.append(
            [
                name(site, lang),
                city_label(site["city"], lang),
                industry_name(cat, h["industry_id"], lang),
                role_label(h["role"], lang),
                accuracy_short(site, lang),
                h["source_id"],
                h["quote"],
            ]
        )
    return _frame(rows, lang, "site", "city", "industry", "role", "location", "source", "quote")


def chain_members_table(cat: Catalogue, brief: ChainBrief, lang: str) -> pd.DataFrame:
    """Build the table of the documents' industries grouped in a chain."""
    rows = [
        [
            name(r, lang),
            tr(L.SYSTEM_LABELS, r["system"], lang),
            industry_name(cat, r["parent_id"], lang) if r["parent_id"] else "",
            r["source_id"],
            r["quote"],
        ]
        for _, r in brief.industries.iterrows()
    ]
    return pd.DataFrame(
        rows,
        columns=[
            *_cols(lang, "industry", "system"),
            tr(L.LABELS, "col_parent_industry", lang),
            *_cols(lang, "source", "quote"),
        ],
    )


def chain_facts(cat: Catalogue, brief: ChainBrief, lang: str) -> pd.DataFrame:
    """Build the sources-and-quotes table of a chain brief."""
    chain = name(brief.chain, lang)
    facts = []
    for _, h in brief.hosts.iterrows():
        facts.append(
            (
                tr(
                    L.LABELS,
                    "fact_industry",
                    lang,
                    site=site_name(cat, h["site_id"], lang),
                    industry=industry_name(cat, h["industry_id"], lang),
                    role=role_label(h["role"], lang),
                ),
                h["source_id"],
                h["quote"],
            )
        )
    facts += _unit_facts(cat, brief.units, lang)
    for _, r in brief.industries.iterrows():
        facts.append(
            (tr(L.LABELS, "fact_chain_member", lang, industry=name(r, lang), chain=chain), r["source_id"], r["quote"])
        )
    return facts_frame(cat, facts, lang)


def chain_tables(cat: Catalogue, brief: ChainBrief, lang: str) -> dict[str, pd.DataFrame]:
    """Build every table of a chain brief, by section name."""
    return {
        "hosts": hosts_table(cat, brief, lang),
        "units": units_table(cat, brief.units, lang),
        "members_of_chain": chain_members_table(cat, brief, lang),
        "facts": chain_facts(cat, brief, lang),
    }
