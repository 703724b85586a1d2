"""Questions over enterprises and 载体 parcels: the investor's filters (找地), each describing itself in zh and en.

``enterprises(cat, industry=["新材料"], site="白银高新区", in_area="白银区", within_km=5, of="兰州中川机场")``
and ``parcels(cat, industry=[...], site=..., type="standard_factory", status="for_lease", min_area=2000, …)``
resolve names the way the rest of the atlas does and return a :class:`Found`: the rows and the query,
whose :meth:`describe` says what was asked. An industry is matched through the chain vocabulary: an
enterprise is on a chain when one of its GB/T 4754-2017 codes starts with a prefix mapped to the
chain (data/code_chains.csv) or when a document ties its organization to an industry of the chain;
a parcel when its intended codes map to the chain or its park hosts the chain. Every filter works
on whole columns, so a query over 100,000 enterprises takes milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from . import queries as q
from .enterprise_rules import haversine_km
from .enterprise_schema import PARCEL_STATUSES, PARCEL_TYPES, SQM_PER_MU
from .filters import sites_hosting
from .industry_code_rules import _CODE, chains_of_codes, codes_for_chains, known_prefix, matches_prefixes
from .load import Catalogue

TYPE_LABELS = {
    "land": ("土地", "land parcel"),
    "standard_factory": ("标准厂房", "standard factory building"),
    "office": ("办公楼层", "office floor"),
    "warehouse": ("仓库", "warehouse"),
}
STATUS_LABELS = {
    "for_lease": ("可租", "for lease"),
    "for_sale": ("可售", "for sale"),
    "transferred": ("已出让", "transferred"),
    "leased": ("已租", "leased"),
    "reserved": ("储备", "reserved"),
}
PARK_METHOD_LABELS = {
    "document": ("文件所述", "stated by a document"),
    "outline": ("位于园区边界内", "inside the park outline"),
    "nearest": ("最近园区（误差范围内）", "nearest park within the error"),
    "none": ("无园区", "no park"),
}
UTILITIES = ("water", "gas", "steam")


class InvalidQueryError(q.InvalidQueryError):
    """A filter value that cannot be used (unknown type or status, a negative area …)."""


@dataclass(frozen=True)
class Origin:
    """A place distances are measured from."""

    lat: float
    lon: float
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class EnterpriseQuery:
    """Enterprises passing every filter (AND); ``chains`` and ``codes`` match any of their values."""

    chains: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()  # GB/T 4754-2017 code prefixes asked for directly
    site_id: str | None = None  # the site and its parks
    area_code: str | None = None
    within_km: float | None = None
    origin: Origin | None = None

    def run(self, cat: Catalogue) -> pd.DataFrame:
        """The matching rows (parcels add ``area_mu``; a distance filter adds ``distance_km``)."""
        return _run(cat, cat.enterprises, self, _enterprise_industry_mask)

    def describe(self, cat: Catalogue, lang: str = "zh") -> str:
        """What the query asks, in ``lang`` (zh or en)."""
        return _describe(cat, self, "企业" if lang == "zh" else "Enterprises", lang, [])


@dataclass(frozen=True)
class ParcelQuery:
    """载体 parcels passing every filter (AND): chain, park, type, status, area range (m²), utilities."""

    chains: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    site_id: str | None = None
    area_code: str | None = None
    within_km: float | None = None
    origin: Origin | None = None
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    min_area_m2: float | None = None
    max_area_m2: float | None = None
    min_power_kva: float | None = None
    utilities: tuple[str, ...] = field(default_factory=tuple)  # each must be "yes"

    def __post_init__(self):
        for low in (self.min_area_m2, self.max_area_m2, self.min_power_kva):
            if low is not None and not (np.isfinite(low) and low >= 0):
                raise InvalidQueryError(f"{low} is not an area or power: give a number ≥ 0")
        if self.min_area_m2 is not None and self.max_area_m2 is not None and self.min_area_m2 > self.max_area_m2:
            raise InvalidQueryError(f"--min-area {self.min_area_m2:g} is above --max-area {self.max_area_m2:g}")
        bad = [u for u in self.utilities if u not in UTILITIES]
        if bad:
            raise InvalidQueryError(f"unknown utility {bad[0]!r}; one of {', '.join(UTILITIES)}")

    def run(self, cat: Catalogue) -> pd.DataFrame:
        """The matching rows (parcels add ``area_mu``; a distance filter adds ``distance_km``)."""
        found = _run(cat, cat.parcels, self, _parcel_industry_mask)
        keep = pd.Series(True, index=found.index)
        if self.types:
            keep &= found["type"].isin(self.types)
        if self.statuses:
            keep &= found["status"].isin(self.statuses)
        if self.min_area_m2 is not None:
            keep &= found["area_m2"] >= self.min_area_m2
        if self.max_area_m2 is not None:
            keep &= found["area_m2"] <= self.max_area_m2
        if self.min_power_kva is not None:
            keep &= found["power_kva"] >= self.min_power_kva
        for utility in self.utilities:
            keep &= found[utility] == "yes"
        out = found[keep].copy()
        out["area_mu"] = (out["area_m2"] / SQM_PER_MU).round(2)  # derived, never stored
        return out.reset_index(drop=True)

    def describe(self, cat: Catalogue, lang: str = "zh") -> str:
        """What the query asks, in ``lang`` (zh or en)."""
        zh = lang == "zh"
        parts = []
        if self.types:
            parts.append(("类型：" if zh else "type ") + _labels(TYPE_LABELS, self.types, lang))
        if self.statuses:
            parts.append(("状态：" if zh else "status ") + _labels(STATUS_LABELS, self.statuses, lang))
        if self.min_area_m2 is not None or self.max_area_m2 is not None:
            low = "" if self.min_area_m2 is None else f"{self.min_area_m2:g}"
            high = "" if self.max_area_m2 is None else f"{self.max_area_m2:g}"
            parts.append(f"面积 {low}–{high} 平方米" if zh else f"area {low}–{high} m²")
        if self.min_power_kva is not None:
            parts.append(f"供电≥{self.min_power_kva:g} kVA" if zh else f"power ≥ {self.min_power_kva:g} kVA")
        if self.utilities:
            names = {"water": ("供水", "water"), "gas": ("供气", "gas"), "steam": ("供汽", "steam")}
            parts.append(("具备" if zh else "with ") + _labels(names, self.utilities, lang))
        return _describe(cat, self, "载体" if zh else "Parcels", lang, parts)


@dataclass
class Found:
    """What a query found: the rows and the query (``found.describe("en")``)."""

    rows: pd.DataFrame
    query: EnterpriseQuery | ParcelQuery
    cat: Catalogue

    def describe(self, lang: str = "zh") -> str:
        """What the query asked, in ``lang``."""
        return self.query.describe(self.cat, lang)


def enterprises(
    cat: Catalogue,
    industry=(),
    site: str | None = None,
    in_area: str | None = None,
    within_km: float | None = None,
    of: str | None = None,
) -> Found:
    """Enterprises on any of the named industries/chains (or GB/T codes), in a site, an area, near a place."""
    query = EnterpriseQuery(**_common(cat, industry, site, in_area, within_km, of))
    return Found(with_chain_names(cat, query.run(cat)), query, cat)


def parcels(
    cat: Catalogue,
    industry=(),
    site: str | None = None,
    type=(),
    status=(),
    min_area: float | None = None,
    max_area: float | None = None,
    min_power_kva: float | None = None,
    utilities=(),
    in_area: str | None = None,
    within_km: float | None = None,
    of: str | None = None,
) -> Found:
    """The 找地 filter: parcels by chain, park, type, status, area range (m²) and utilities."""
    query = ParcelQuery(
        **_common(cat, industry, site, in_area, within_km, of),
        types=tuple(parcel_type(t) for t in _listed(type)),
        statuses=tuple(parcel_status(s) for s in _listed(status)),
        min_area_m2=min_area,
        max_area_m2=max_area,
        min_power_kva=min_power_kva,
        utilities=tuple(_listed(utilities)),
    )
    return Found(query.run(cat), query, cat)


def parcel_type(text: str) -> str:
    """A parcel type from its key or its zh/en label (标准厂房, standard factory building)."""
    return _choice(text, TYPE_LABELS, PARCEL_TYPES, "type")


def parcel_status(text: str) -> str:
    """A parcel status from its key or its zh/en label (可租, for lease)."""
    return _choice(text, STATUS_LABELS, PARCEL_STATUSES, "status")


def with_chain_names(cat: Catalogue, rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with ``chains``: the chain ids each row's codes map to (computed once per distinct code list)."""
    out = rows.copy()
    text = out["industry_codes"].map(_joined)
    chains_by_text = {t: sorted(chains_of_codes(t.split("|") if t else [], cat.code_chains)) for t in text.unique()}
    out["chains"] = text.map(chains_by_text)
    return out


# ---------------------------------------------------------------- helpers


def _listed(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _choice(text: str, labels: dict, keys: tuple[str, ...], what: str) -> str:
    wanted = str(text).strip().lower()
    for key in keys:
        zh, en = labels[key]
        if wanted in (key, zh, en.lower()):
            return key
    shown = ", ".join(f"{k} ({labels[k][0]})" for k in keys)
    raise InvalidQueryError(f"unknown {what} {text!r}; one of: {shown}")


def _labels(labels: dict, keys, lang: str) -> str:
    at = 0 if lang == "zh" else 1
    return ("、" if lang == "zh" else ", ").join(labels[k][at] for k in keys)


def _common(cat, industry, site, in_area, within_km, of) -> dict:
    chains, codes = _industries(cat, _listed(industry))
    if (within_km is None) != (of is None):
        raise InvalidQueryError("--within-km and --of go together")
    if within_km is not None and not (np.isfinite(within_km) and within_km > 0):
        raise InvalidQueryError(f"--within-km must be a positive number of km, not {within_km}")
    return dict(
        chains=chains,
        codes=codes,
        site_id=cat.names.resolve(site, "site").id if site else None,
        area_code=cat.names.resolve(in_area, "area").id if in_area else None,
        within_km=within_km,
        origin=_origin(cat, of) if of else None,
    )


def _industries(cat: Catalogue, names: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Chain ids and GB/T code prefixes: a code is taken as given; a name resolves to its chain(s)."""
    chains, codes = [], []
    assert cat.industry_codes is not None  # an enterprise catalogue has its code table
    known = set(cat.industry_codes["code"])
    for name in names:
        text = str(name).strip()
        if _CODE.match(text.upper()) and known_prefix(text.upper(), known):
            codes.append(text.upper())
            continue
        found = cat.names.resolve_chain(text)
        row = cat.industries.loc[cat.industries["id"] == found.id].iloc[0]
        chains += [found.id] if row["system"] == "chain" else list(row["chain_ids"])
        if row["system"] != "chain" and not row["chain_ids"]:
            raise InvalidQueryError(f"{found.name_zh} ({found.id}) is in no chain of the vocabulary; name a chain")
    return tuple(dict.fromkeys(chains)), tuple(dict.fromkeys(codes))


def _origin(cat: Catalogue, place: str) -> Origin:
    match = cat.names.resolve_any(place)
    if match.kind == "area":
        point = cat.areas.loc[cat.areas["code"] == match.id].geometry.iloc[0].representative_point()
    else:
        table = {"site": cat.sites, "organization": cat.organizations, "landmark": cat.landmarks}[match.kind]
        point = table.loc[table["id"] == match.id].geometry.iloc[0]
        if point is None:
            raise InvalidQueryError(f"{match.name_zh} ({match.id}) has no known location")
    return Origin(point.y, point.x, match.name_zh, match.name_en)


def _joined(value) -> str:
    return "|".join(value) if isinstance(value, list) else str(value or "")


def _run(cat: Catalogue, rows: pd.DataFrame, query, industry_mask) -> pd.DataFrame:
    keep = np.ones(len(rows), dtype=bool)
    if query.chains or query.codes:
        keep &= industry_mask(cat, rows, query).to_numpy()
    if query.site_id:
        keep &= rows["site_id"].isin(q.site_family(cat, query.site_id)).to_numpy()
    lat, lon = rows["lat"].to_numpy(dtype=float), rows["lon"].to_numpy(dtype=float)
    if query.area_code:
        area = cat.areas.loc[cat.areas["code"] == query.area_code]
        if area.empty:
            raise InvalidQueryError(f"no area with code {query.area_code!r}")
        polygon = area.geometry.iloc[0]
        shapely.prepare(polygon)
        keep &= shapely.contains_xy(polygon, np.nan_to_num(lon), np.nan_to_num(lat)) & ~np.isnan(lat)
    out = rows[keep]
    if query.within_km is not None:
        km = haversine_km(out["lat"], out["lon"], query.origin.lat, query.origin.lon)
        out = out.assign(distance_km=np.round(km, 2))[km <= query.within_km].sort_values("distance_km")
    return out.reset_index(drop=True)


def _expanded(cat: Catalogue, codes) -> list[str]:
    """Codes as digit prefixes: a 门类 letter (C) stands for its 大类 (13 … 43), which rows store."""
    table = cat.industry_codes
    assert table is not None  # an enterprise catalogue has its code table
    out = []
    for code in codes:
        out += [code] + (list(table.loc[table["parent"] == code, "code"]) if code.isalpha() else [])
    return out


def _enterprise_industry_mask(cat: Catalogue, rows: pd.DataFrame, query) -> pd.Series:
    prefixes = codes_for_chains(query.chains, cat.code_chains) + _expanded(cat, query.codes)
    mask = _code_mask(cat, "enterprises", rows, prefixes)
    if query.chains:  # a document's tie of the firm's organization to an industry of the chain
        orgs = set()
        for chain in query.chains:
            orgs |= set(q.orgs_for_industry(cat, chain)["id"])
        mask |= rows["org_id"].isin(orgs)
    return mask


def _code_mask(cat: Catalogue, name: str, rows: pd.DataFrame, prefixes: list[str]) -> pd.Series:
    """Rows with a code starting with one of ``prefixes``.

    The flat list of every row's codes is built once per catalogue table (kept on the catalogue), so a
    query on 100,000 firms scans one string column.
    """
    if rows is not getattr(cat, name) or not prefixes:
        return matches_prefixes(rows["industry_codes"], prefixes)
    index = cat.__dict__.setdefault("_code_index", {})
    if name not in index or index[name][0] is not rows:
        flat = rows["industry_codes"].reset_index(drop=True).explode().dropna()
        index[name] = (rows, flat.index.to_numpy(), flat.astype(str))
    _, positions, codes = index[name]
    mask = np.zeros(len(rows), dtype=bool)
    mask[positions[codes.str.startswith(tuple(prefixes)).to_numpy(dtype=bool)]] = True
    return pd.Series(mask, index=rows.index)


def _parcel_industry_mask(cat: Catalogue, rows: pd.DataFrame, query) -> pd.Series:
    prefixes = codes_for_chains(query.chains, cat.code_chains) + _expanded(cat, query.codes)
    mask = _code_mask(cat, "parcels", rows, prefixes)
    if query.chains:  # or the parcel's park hosts the chain
        parks = set()
        for chain in query.chains:
            parks |= set(sites_hosting(cat, chain)["id"])
        mask |= rows["site_id"].isin(parks)
    return mask


def _describe(cat: Catalogue, query, head: str, lang: str, extra: list[str]) -> str:
    zh = lang == "zh"
    parts = []
    if query.chains or query.codes:
        names = [q._names(cat.industries, [c], lang) for c in query.chains] + [f"GB/T 4754 {c}" for c in query.codes]
        parts.append(("产业链：" if zh else "on the chain(s) ") + ("、" if zh else ", ").join(names))
    if query.site_id:
        parts.append(
            ("位于" if zh else "in ")
            + q._names(cat.sites, [query.site_id], lang)
            + ("（含其园区）" if zh else " (and its parks)")
        )
    if query.area_code:
        parts.append(
            ("位于" if zh else "inside ")
            + q._names(cat.areas, [query.area_code], lang, key="code")
            + ("境内" if zh else "")
        )
    if query.within_km is not None:
        name = query.origin.name_zh if zh else query.origin.name_en
        parts.append(f"距{name}{query.within_km:g}公里以内" if zh else f"within {query.within_km:g} km of {name}")
    parts += extra
    synthetic = ("【合成数据】" if zh else "[SYNTHETIC DATA] ") if cat.is_synthetic else ""
    if not parts:
        return synthetic + (f"全部{head}" if zh else f"all {head.lower()}")
    return synthetic + (f"{head}：" + "，".join(parts) if zh else f"{head} " + ", ".join(parts))
