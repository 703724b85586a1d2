"""A sheet: what one exported document says, in one language, ready for the PDF and the slides.

:func:`profile_sheet` (一园一册) and :func:`chain_brief_sheet` put the same content in the same
order: title, summary, static map with the location's accuracy, sections (tables whose quotes
move to the closing sources table), and the sources with every quote, plus the link and QR code
back to the live atlas. Both renderers draw a sheet and nothing else, so the PDF and the slides
never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ..i18n import city_label, join_names, name, tr
from ..load import Catalogue
from . import labels as L
from . import tables as T
from .fonts import CjkFont
from .profile import ChainBrief, SiteProfile
from .qr import chain_url, profile_url
from .staticmap import MapPoint, points_from, render_map

DECORATION = "（）：()·—“”、，。"  # punctuation the renderers add around the sheet's own text


@dataclass
class Section:
    """One titled part of a sheet: paragraphs or a table."""

    key: str
    title: str
    table: pd.DataFrame  # shown without its quote column; the quotes are in Sheet.facts


@dataclass
class Sheet:
    """A document ready to render as PDF or PowerPoint: title, map, sections, QR code, language."""

    lang: str
    kicker: str
    title: str
    subtitle: str
    summary: list[str]
    map_png: bytes | None
    map_caption: str
    accuracy: str
    sections: list[Section]
    facts: pd.DataFrame  # fact, source title, source_id, quote
    url: str
    scan_label: str
    footer: str

    def texts(self) -> list[str]:
        """Every string the renderers draw (for the font check and the font subset)."""
        out = [
            self.kicker,
            self.title,
            self.subtitle,
            *self.summary,
            self.map_caption,
            self.accuracy,
            self.url,
            self.scan_label,
            self.footer,
            tr(L.LABELS, "facts", self.lang),
            tr(L.LABELS, "map", self.lang),
            tr(L.LABELS, "location", self.lang),
            tr(L.LABELS, "none", self.lang),
            tr(L.LABELS, "continued", self.lang),
            tr(L.LABELS, "page", self.lang, n=0),
            DECORATION,
        ]
        for section in self.sections:
            out.append(section.title)
            out += [str(c) for c in section.table.columns]
            out += [str(v) for v in section.table.to_numpy().ravel()]
        out += [str(c) for c in self.facts.columns]
        out += [str(v) for v in self.facts.to_numpy().ravel()]
        return out

    def check_font(self, font: CjkFont) -> None:
        """Raise if ``font`` cannot draw every character of the sheet."""
        font.check(self.texts(), f"“{self.title}”")


def _without_quotes(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    return df.drop(columns=[tr(L.LABELS, "col_quote", lang)], errors="ignore")


def _footer(lang: str) -> str:
    return f"{tr(L.LABELS, 'atlas', lang)} · " + tr(L.LABELS, "generated", lang, date=dt.date.today().isoformat())


def _map(cat: Catalogue, points: list[MapPoint], lang: str, font: CjkFont | None, with_map: bool) -> bytes | None:
    return render_map(cat, points, lang, font=font) if with_map and points else None


# ----------------------------------------------------------------- site profile


def profile_points(cat: Catalogue, prof: SiteProfile, lang: str) -> list[MapPoint]:
    """The site, its parent, its parks/members/groups and its located organizations."""
    sites = cat.sites.set_index("id", drop=False)
    points = points_from(cat.sites[cat.sites["id"] == prof.site_id], "focus", lang)
    for relation, role in (("parent", "parent"), ("child", "related"), ("member", "related"), ("group", "related")):
        ids = [i for i in prof.related.loc[prof.related["relation"] == relation, "site_id"] if i in sites.index]
        points += points_from(sites.loc[ids], role, lang)
    points += points_from(prof.units.drop_duplicates("id"), "unit", lang, with_error=False)
    return points


def _count(n: int, word: str) -> str:
    """'1 project', '3 projects', '1 industry', '2 industries' from 'stem|singular|plural'."""
    stem, one, many = word.split("|")
    return f"{n} {stem}{one if n == 1 else many}"


def profile_summary(cat: Catalogue, prof: SiteProfile, lang: str) -> list[str]:
    """Summarise a site in a line of parts: kind, city, parent, counts."""
    site = prof.site
    parts = [tr(L.KIND_LABELS, site["kind"], lang)]
    if site["city"]:
        parts.append(city_label(site["city"], lang))
    if prof.parent_id:
        parent = T.site_name(cat, prof.parent_id, lang)
        parts.append(tr(L.LABELS, "part_of", lang, parent=parent))
    n = dict(i=len(prof.industries), u=prof.units["id"].nunique(), p=len(prof.projects), t=len(prof.indicators))
    counts = (
        f"{n['i']} 项产业 · {n['u']} 家相关单位 · {n['p']} 个项目 · {n['t']} 项指标"
        if lang == "zh"
        else " · ".join(
            _count(n[k], word)
            for k, word in (
                ("i", "industr|y|ies"),
                ("u", "organization||s"),
                ("p", "project||s"),
                ("t", "indicator||s"),
            )
        )
    )
    return [" · ".join(parts), counts]


def profile_sheet(
    cat: Catalogue,
    prof: SiteProfile,
    lang: str = "zh",
    *,
    base_url: str | None = None,
    font: CjkFont | None = None,
    with_map: bool = True,
) -> Sheet:
    """The 一园一册 sheet of one site in ``lang`` (the map is drawn unless ``with_map`` is False)."""
    tabs = T.profile_tables(cat, prof, lang)
    points = profile_points(cat, prof, lang)
    accuracy = T.accuracy_statement(cat, prof.site, lang)
    caption = accuracy
    if not prof.located:
        parent = T.site_name(cat, prof.parent_id, lang) if prof.parent_id else ""
        caption = accuracy + (" " + tr(L.LABELS, "acc_parent_map", lang, parent=parent) if parent and points else "")
    if not points:
        caption = accuracy + " " + tr(L.LABELS, "no_map", lang)
    other = prof.site["name_en"] if lang == "zh" else prof.site["name_zh"]
    return Sheet(
        lang=lang,
        kicker=tr(L.LABELS, "profile_kicker", lang),
        title=name(prof.site, lang),
        subtitle=str(other),
        summary=profile_summary(cat, prof, lang),
        map_png=_map(cat, points, lang, font, with_map),
        map_caption=caption,
        accuracy=accuracy,
        sections=[
            Section(key, tr(L.LABELS, key, lang), _without_quotes(tabs[key], lang))
            for key in ("structure", "industries", "units", "projects", "indicators")
        ],
        facts=tabs["facts"],
        url=profile_url(prof.site_id, lang, base_url),
        scan_label=tr(L.LABELS, "scan", lang),
        footer=_footer(lang),
    )


# ------------------------------------------------------------------ chain brief


def chain_points(cat: Catalogue, brief: ChainBrief, lang: str) -> list[MapPoint]:
    """List the map points of a chain brief: its host sites and located units."""
    return points_from(brief.sites, "host", lang) + points_from(
        brief.units.drop_duplicates("id"), "unit", lang, with_error=False
    )


def chain_notes(cat: Catalogue, brief: ChainBrief, lang: str) -> list[str]:
    """Write the key points of a chain brief: counts, research units, unlocated hosts."""
    sites = brief.sites
    by_city = sites["city"].value_counts()
    notes = [
        tr(
            L.LABELS,
            "brief_counts",
            lang,
            sites=len(sites),
            lz=int(by_city.get("兰州", 0)),
            by=int(by_city.get("白银", 0)),
            units=brief.units["id"].nunique(),
        )
    ]
    research = brief.units[brief.units["kind"].isin(["university", "institute"])].drop_duplicates("id")
    notes.append(
        tr(L.LABELS, "brief_research", lang, names=join_names((name(r, lang) for _, r in research.iterrows()), lang))
        if len(research)
        else tr(L.LABELS, "brief_no_research", lang)
    )
    unlocated = sites[sites.geometry.isna()]
    if len(unlocated):
        notes.append(
            tr(
                L.LABELS,
                "brief_unlocated",
                lang,
                names=join_names((name(r, lang) for _, r in unlocated.iterrows()), lang),
            )
        )
    return notes


def chain_brief_sheet(
    cat: Catalogue,
    brief: ChainBrief,
    lang: str = "zh",
    *,
    base_url: str | None = None,
    font: CjkFont | None = None,
    with_map: bool = True,
) -> Sheet:
    """The brief of one industry chain: its sites in both cities, its organizations, its sources."""
    tabs = T.chain_tables(cat, brief, lang)
    points = chain_points(cat, brief, lang)
    other = brief.chain["name_en"] if lang == "zh" else brief.chain["name_zh"]
    notes = chain_notes(cat, brief, lang)
    accuracy = tr(L.LABELS, "acc_chain", lang)
    return Sheet(
        lang=lang,
        kicker=tr(L.LABELS, "brief_kicker", lang),
        title=name(brief.chain, lang),
        subtitle=str(other),
        summary=notes,
        map_png=_map(cat, points, lang, font, with_map),
        map_caption=accuracy if points else tr(L.LABELS, "no_map", lang),
        accuracy=accuracy,
        sections=[
            Section(key, tr(L.LABELS, key, lang), _without_quotes(tabs[key], lang))
            for key in ("hosts", "units", "members_of_chain")
        ],
        facts=tabs["facts"],
        url=chain_url(brief.chain_id, lang, base_url),
        scan_label=tr(L.LABELS, "scan_chain", lang),
        footer=_footer(lang),
    )
