"""园区档案: the inset map of one site and the helpers of the profile page (no Streamlit here).

The inset map shows the site (red, with its error circle), its parent, the parks below it,
the groups and members it is linked with, and its located organizations. A site without a
location gets the same map without itself, so its parent's surroundings are still shown. A click
on any other site opens that one; the site itself is left out of the click index (clicking the
site already open does nothing).
"""

from __future__ import annotations

from geo.reports import labels as RL
from geo.reports.profile import SiteProfile, site_profile
from geo.reports.sheet import profile_summary
from geo.reports.tables import accuracy_statement, profile_tables, source_title
from views.i18n import name, tr
from views.map_layers import add_links, add_orgs, add_sites
from views.maps import BuiltMap, MapOptions, finish, fitted_view, new_map
from views.memo import per_source

LABELS = {
    "layer_site": ("本园区", "This site"),
    "layer_related": ("上级、下属与成员", "Parent, parks and members"),
    "layer_units": ("相关单位", "Organizations"),
    "method": ("定位方法", "Method"),
    "error": ("误差", "Error"),
    "quality": ("位置性质", "Quality"),
    "basis": ("坐标依据", "Basis of the coordinate"),
    "error_value": ("±{km:g} 公里", "±{km:g} km"),
    "unknown": ("未知", "unknown"),
    "area": ("核准面积", "Approved area"),
    "area_value": ("{ha:g} 公顷（{km2:g} 平方公里）", "{ha:g} ha ({km2:g} km²)"),
    "approved_on": ("批准时间", "Approved"),
    "boundary": ("四至（公布的范围）", "Published boundary (四至)"),
}


def default_site(cat) -> str:
    """The first zone in the data (the page opens on it when no site is asked for)."""
    zones = cat.sites.loc[cat.sites["kind"] == "zone", "id"]
    return str(zones.iloc[0] if len(zones) else cat.sites["id"].iloc[0])


def requested_site(cat, raw: str) -> tuple[str, str | None]:
    """The site to show for the state value ``raw`` (an id, a name or an alias), and the raw value
    when it matched nothing (the page says so and shows the default site)."""
    raw = str(raw or "").strip()
    if not raw:
        return default_site(cat), None
    if (cat.sites["id"] == raw).any():
        return raw, None
    match = cat.names.find(raw, "site")
    return (match.id, None) if match else (default_site(cat), raw)


def related_ids(prof: SiteProfile) -> list[str]:
    return list(dict.fromkeys(prof.related["site_id"]))


MAP_HEIGHT = 460  # pixels: the page draws the map this high, and its view is fitted to it


def inset_map(cat, opts: MapOptions, site_id: str) -> BuiltMap | None:
    """The site, its parent, parks, groups and members, and its located organizations.

    Returns None when none of them has a location (the page then says there is no map).
    """
    prof = site_profile(cat, site_id)
    sites = cat.sites
    me = sites[sites["id"] == site_id]
    others = sites[sites["id"].isin(related_ids(prof)) & (sites["id"] != site_id)]
    units = prof.units.drop_duplicates("id")
    shown = [frame for frame in (me, others, units) if frame.geometry.notna().any()]
    if not shown:
        return None
    m = new_map(cat, opts)  # the same base for every site: a site switch moves the open map (built.view)
    built = BuiltMap(m)
    add_orgs(m, units, opts, layer=tr(LABELS, "layer_units", opts.lang))  # first: sites are drawn over units
    add_sites(m, built, others, opts, layer=tr(LABELS, "layer_related", opts.lang))
    add_sites(m, built, me, opts, layer=tr(LABELS, "layer_site", opts.lang), highlight={site_id})
    if prof.parent_id:
        add_links(m, sites, [(prof.parent_id, site_id)], opts)
    built.not_clickable(site_id)  # this page shows it already
    located = sites[sites["id"].isin([site_id, *others["id"]])]
    located = located if located.geometry.notna().any() else units
    errors = located.loc[located.geometry.notna(), "error_km"].dropna()
    pad_deg = max(0.08, (errors.max() if len(errors) else 0) / 111 * 1.2)  # error circles fit
    built.view = fitted_view(located, opts, pad_deg, size_px=MAP_HEIGHT)
    finish(m)
    return built


def location_fields(cat, site, lang: str) -> list[tuple[str, str]]:
    """(label, value) lines of the location's accuracy: quality, method, error, geometry source."""
    unknown = site["geometry"] is None
    err = site["error_km"]
    return [
        (
            tr(LABELS, "quality", lang),
            RL.pick(RL.QUALITY_LABELS, "unknown" if unknown else site["geometry_quality"], lang),
        ),
        (tr(LABELS, "method", lang), RL.pick(RL.METHOD_LABELS, site["location_method"], lang)),
        (
            tr(LABELS, "error", lang),
            tr(LABELS, "unknown", lang) if unknown or RL.blank(err) else tr(LABELS, "error_value", lang, km=float(err)),
        ),
        (
            tr(LABELS, "basis", lang),
            (f"{source_title(cat, site['geometry_source_id'], lang)} — " if site["geometry_source_id"] else "")
            + str(site["geometry_source"] or "—"),
        ),
    ] + extent_fields(cat, site, lang)


def extent_fields(cat, site, lang: str) -> list[tuple[str, str]]:
    """(label, value) lines of the approved area, approval date and published 四至, each with its source;
    none for a site without them."""
    fields = []
    ha = site.get("approved_area_ha")
    area_source = source_title(cat, site.get("area_source_id", ""), lang) if site.get("area_source_id") else ""
    if ha is not None and not RL.blank(ha):
        value = tr(LABELS, "area_value", lang, ha=float(ha), km2=round(float(ha) / 100, 2))
        fields.append((tr(LABELS, "area", lang), f"{value} — {area_source}"))
    if site.get("approved_on"):
        fields.append((tr(LABELS, "approved_on", lang), f"{site['approved_on']} — {area_source}"))
    if site.get("boundary_text"):
        fields.append(
            (
                tr(LABELS, "boundary", lang),
                f"{site['boundary_text']} — {source_title(cat, site['boundary_source_id'], lang)}",
            )
        )
    return fields


@per_source  # once per catalogue (views/memo.py)
def site_report(cat, site_id: str, lang: str) -> tuple[SiteProfile, dict]:
    """A site's profile and its tables in ``lang``, once per catalogue (shared: do not change them)."""
    prof = site_profile(cat, site_id)
    return prof, profile_tables(cat, prof, lang)


@per_source  # once per catalogue (views/memo.py)
def site_texts(cat, site_id: str, lang: str) -> tuple[list[str], str, list[tuple[str, str]]]:
    """The page's lines about one site: its summary's parts, its accuracy statement, its location fields."""
    prof = site_report(cat, site_id, lang)[0]
    site = prof.site
    return profile_summary(cat, prof, lang), accuracy_statement(cat, site, lang), location_fields(cat, site, lang)


@per_source  # once per catalogue (views/memo.py)
def site_label(cat, site_id: str, lang: str) -> str:
    """'白银高新技术产业开发区 · 开发区/新区' for the site picker."""
    row = cat.sites.loc[cat.sites["id"] == site_id].iloc[0]
    return f"{name(row, lang)} · {RL.pick(RL.KIND_LABELS, row['kind'], lang)}"


def relation_label(relation: str, lang: str) -> str:
    return tr(RL.LABELS, f"rel_{relation}", lang)
