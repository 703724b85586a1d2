"""兰州园区 page builders: the map, the labels and the tables the page shows, each with its source and quote.

Plain functions, no Streamlit: the map builder ``lanzhou_map(cat, opts, focus, highlight)`` and the
tables. Which sites are Lanzhou's, their order, the research units and the key projects by area are
the domain's (:mod:`geo.lanzhou`).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo import queries as q
from geo.lanzhou import KEY_PROJECT_YEAR, key_projects, lanzhou_sites, research_orgs, structure_pairs
from views.i18n import accuracy_text, join_names, kind_label, name, role_label, t, tr
from views.map_layers import add_halos, add_links, add_orgs, add_sites
from views.maps import BuiltMap, MapOptions, finish, fit_to, new_map
from views.memo import per_source

TOOLTIP_INDUSTRIES = 4  # industries named in a tooltip; the tables list them all

LABELS = {
    "layer_structure": ("园区隶属关系", "Zones and their parks"),
    "layer_research": ("高校与科研院所", "Universities and institutes"),
    "layer_selected": ("所选区域（红圈）", "Selection (red rings)"),
    "parent": ("所属", "Part of"),
    "area": ("区域", "Area"),
    "site": ("园区", "Site"),
    "industry": ("产业", "Industry"),
    "system": ("产业体系", "Industry system"),
    "year": ("年份", "Year"),
    "note": ("数据说明", "Data note"),
    "no_area": ("未归入四个片区", "not in one of the four areas"),
    "unknown_year": ("未注明", "not stated"),
    "tip_industries": ("产业：{names}", "Industries: {names}"),
    "tip_more": ("等 {n} 项", " and {n} more"),
    "tip_projects": ("项目 {n} 个（{year} 年重点项目 {count} 个）", "{n} projects ({count} key projects of {year})"),
}


# ---------------------------------------------------------------- which sites


def _sites(cat) -> pd.DataFrame:
    return cat.sites.set_index("id")


def _depth(cat, site_id: str) -> int:
    sites, depth = _sites(cat), 0
    parent = sites.loc[site_id, "parent_id"]
    while parent in sites.index and depth < 10:
        depth, parent = depth + 1, sites.loc[parent, "parent_id"]
    return depth


@per_source  # once per catalogue (views/memo.py)
def site_label(cat, site_id: str, lang: str) -> str:
    """The site's name, indented under its zone ('　└ 雁滩园区')."""
    if not site_id:
        return ""
    depth = _depth(cat, site_id)
    label = name(_sites(cat).loc[site_id], lang)
    return ("　" * (depth - 1) + "└ " + label) if depth else label


# ---------------------------------------------------------------- map


def site_summary(cat, site_id: str, lang: str) -> str:
    """Tooltip line: the first industries with their role, and the number of projects."""
    links = q.industries_of_site(cat, site_id).drop_duplicates(subset=["id"])
    names = [
        f"{name(r, lang)}（{r['role']}）" if lang == "zh" else f"{name(r, lang)}: {role_label(r['role'], lang)}"
        for _, r in links.head(TOOLTIP_INDUSTRIES).iterrows()
    ]
    parts = []
    if names:
        more = tr(LABELS, "tip_more", lang, n=len(links) - len(names)) if len(links) > len(names) else ""
        parts.append(tr(LABELS, "tip_industries", lang, names=join_names(names, lang) + more))
    projects = q.ProjectQuery(site_id, include_parks=False).run(cat)
    if len(projects):
        parts.append(
            tr(
                LABELS,
                "tip_projects",
                lang,
                n=len(projects),
                year=KEY_PROJECT_YEAR,
                count=int((projects["year"] == KEY_PROJECT_YEAR).sum()),
            )
        )
    return " · ".join(parts)


def lanzhou_map(cat, opts: MapOptions, focus: str = "", highlight: tuple[str, ...] = ()) -> BuiltMap:
    """Lanzhou's located sites (lines from each zone to its parks) and its universities and institutes.

    Parameters
    ----------
    cat : Catalogue
    opts : MapOptions
    focus : a site id; the map zooms to it and its parks and draws them in red ('' = all of Lanzhou)
    highlight : more site ids drawn in red (e.g. the sites hosting the sidebar's chains)

    Returns
    -------
    BuiltMap
        The map and its click index (site name -> site id).
    """
    sites = lanzhou_sites(cat)
    orgs = research_orgs(cat)
    family = q.site_family(cat, focus) if focus else []
    m = new_map(cat, opts)
    focused = sites[sites["id"].isin(family) & sites.geometry.notna()]
    if not focused.empty:
        fit_to(m, focused, opts, pad_deg=0.06)
    else:
        both = pd.concat([sites[["geometry"]], orgs[["geometry"]]], ignore_index=True)
        fit_to(m, gpd.GeoDataFrame(both, geometry="geometry", crs=sites.crs), opts)
    built = BuiltMap(m)
    add_links(m, cat.sites, structure_pairs(cat), opts, layer=tr(LABELS, "layer_structure", opts.lang))
    add_halos(m, sites, set(highlight) | set(family), opts, tr(LABELS, "layer_selected", opts.lang))
    add_sites(
        m,
        built,
        sites,
        opts,
        highlight=set(highlight) | set(family),
        extra_text={s: site_summary(cat, s, opts.lang) for s in sites["id"]},
    )
    add_orgs(m, orgs, opts, layer=tr(LABELS, "layer_research", opts.lang))
    finish(m)
    return built


# ---------------------------------------------------------------- tables


@per_source  # once per catalogue (views/memo.py)
def sites_table(cat, lang: str) -> pd.DataFrame:
    """Every Lanzhou site: name (indented under its zone), kind, location or 'unknown', source, note."""
    rows = [
        {
            t("name", lang): site_label(cat, r["id"], lang),
            t("kind", lang): kind_label(r["kind"], lang),
            t("location", lang): accuracy_text(r, lang),
            t("source", lang): r["source_id"],
            t("quote", lang): r["quote"],
            tr(LABELS, "note", lang): r["note"],
        }
        for _, r in lanzhou_sites(cat).iterrows()
    ]
    return pd.DataFrame(rows)


@per_source  # once per catalogue (views/memo.py)
def research_table(cat, lang: str) -> pd.DataFrame:
    """Universities and institutes: name, kind, site, location or 'unknown', source, quote, note."""
    rows = [
        {
            t("name", lang): name(r, lang),
            t("kind", lang): kind_label(r["kind"], lang),
            tr(LABELS, "site", lang): site_name(cat, r["site_id"], lang),
            t("location", lang): accuracy_text(r, lang),
            t("source", lang): r["source_id"],
            t("quote", lang): r["quote"],
            tr(LABELS, "note", lang): r["note"],
        }
        for _, r in research_orgs(cat).iterrows()
    ]
    return pd.DataFrame(rows)


@per_source  # once per catalogue (views/memo.py)
def site_name(cat, site_id: str, lang: str) -> str:
    sites = _sites(cat)
    return name(sites.loc[site_id], lang) if site_id in sites.index else ""


@per_source  # once per catalogue (views/memo.py)
def key_projects_table(cat, lang: str, year: int = KEY_PROJECT_YEAR) -> pd.DataFrame:
    """The year's key projects by area, each with its site, source, quote and note."""
    no_area = tr(LABELS, "no_area", lang)
    rows = [
        {
            tr(LABELS, "area", lang): site_name(cat, r["area_id"], lang) or no_area,
            t("name", lang): name(r, lang),
            tr(LABELS, "site", lang): site_name(cat, r["site_id"], lang),
            t("source", lang): r["source_id"],
            t("quote", lang): r["quote"],
            tr(LABELS, "note", lang): r["note"],
        }
        for _, r in key_projects(cat, year).iterrows()
    ]
    return pd.DataFrame(rows)


@per_source  # once per catalogue (views/memo.py)
def zone_industries(cat, focus: str, lang: str) -> pd.DataFrame:
    """Industries of the zone and its parks: site, industry, system, role, source, quote."""
    rows = []
    for site_id in q.site_family(cat, focus):
        for _, r in q.industries_of_site(cat, site_id).iterrows():
            rows.append(
                {
                    tr(LABELS, "site", lang): site_name(cat, site_id, lang),
                    tr(LABELS, "industry", lang): name(r, lang),
                    tr(LABELS, "system", lang): r["system"],
                    t("role", lang): role_label(r["role"], lang),
                    t("source", lang): r["source_id"],
                    t("quote", lang): r["quote"],
                }
            )
    return pd.DataFrame(rows)


@per_source  # once per catalogue (views/memo.py)
def zone_orgs(cat, focus: str, lang: str) -> pd.DataFrame:
    """Organizations placed at the zone or its parks: name, kind, site, location, source, quote."""
    rows = [
        {
            t("name", lang): name(r, lang),
            t("kind", lang): kind_label(r["kind"], lang),
            tr(LABELS, "site", lang): site_name(cat, r["site_id"], lang),
            t("location", lang): accuracy_text(r, lang),
            t("source", lang): r["source_id"],
            t("quote", lang): r["quote"],
        }
        for _, r in q.orgs_at_site(cat, focus).iterrows()
    ]
    return pd.DataFrame(rows)


@per_source  # once per catalogue (views/memo.py)
def zone_projects(cat, focus: str, lang: str) -> pd.DataFrame:
    """Projects at the zone or its parks, any year: name, site, year ('not stated'), source, quote, note."""
    rows = [
        {
            t("name", lang): name(r, lang),
            tr(LABELS, "site", lang): site_name(cat, r["site_id"], lang),
            tr(LABELS, "year", lang): str(r["year"]) if pd.notna(r["year"]) else tr(LABELS, "unknown_year", lang),
            t("source", lang): r["source_id"],
            t("quote", lang): r["quote"],
            tr(LABELS, "note", lang): r["note"],
        }
        for _, r in q.ProjectQuery(focus).run(cat).iterrows()
    ]
    return pd.DataFrame(rows)


@per_source  # once per catalogue (views/memo.py)
def data_notes(cat, site_ids, lang: str) -> list[str]:
    """'name: note' for each site that carries a data note (doubts, identity, placement)."""
    sites = _sites(cat)
    return [
        f"{name(sites.loc[s], lang)}: {sites.loc[s, 'note']}"
        for s in site_ids
        if s in sites.index and sites.loc[s, "note"]
    ]


@per_source  # once per catalogue (views/memo.py)
def unlocated(cat, site_ids, lang: str) -> list[str]:
    """Names of the sites with no location (listed, never dropped)."""
    sites = _sites(cat)
    return [name(sites.loc[s], lang) for s in site_ids if s in sites.index and sites.loc[s].geometry is None]
