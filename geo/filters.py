"""Site filters as one type, and one builder from a plain description.

Each filter narrows a GeoDataFrame of sites (or of any located table) and says in words, in
Chinese or English, what it did — the way datasette's filters do. :class:`SiteQuery` combines
filters with AND. :func:`build_filters` makes the filters from a plain description
(:class:`SiteSearch` or a dict such as ``{"industry": ["新材料"], "city": "白银", "within_km": 10,
"of": "兰州西站", "in_area": "榆中县"}``), resolving names the one way the spatial page, the
command line (``python -m geo sites``) and the tours share. Distances are measured in UTM 48N.
A site with an outline (issue 10) is measured by its outline, not its point: the distance is to
the outline, and it is inside an area or a drawn shape when its outline intersects it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import ClassVar, Protocol, runtime_checkable

import geopandas as gpd
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from .errors import InvalidQueryError
from .load import Catalogue
from .outlines import footprints, site_outlines
from .places import PLACE_KINDS, Place, area_code, resolve_place
from .queries import _names, distances_km, industry_family, matching_links, orgs_for_industry


@runtime_checkable
class SiteFilter(Protocol):
    """What every site filter is: it applies itself to a table and describes itself in zh or en.

    ``spatial`` is True for the filters that need a location (an unlocated row cannot pass them).
    """

    spatial: ClassVar[bool]

    def apply(self, cat: Catalogue, sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """The rows of ``sites`` that pass."""
        ...

    def describe(self, cat: Catalogue, lang: str) -> str:
        """What the filter keeps, in ``lang`` ("zh" or "en")."""
        ...


@dataclass(frozen=True)
class IndustryFilter:
    """Sites hosting any of the industries (chains include every industry mapped to them).

    Only hosting links count unless ``include_goals`` (then goals and plans count too).
    """

    industry_ids: tuple[str, ...]
    include_goals: bool = False
    spatial: ClassVar[bool] = False

    def apply(self, cat: Catalogue, sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """Keep the rows that pass."""
        links = matching_links(cat.site_industries, self.include_goals)
        matched: dict[str, list[str]] = {}
        for ind in self.industry_ids:
            hosts = links.loc[links["industry_id"].isin(industry_family(cat, ind)), "site_id"]
            for site in set(hosts):
                matched.setdefault(site, []).append(ind)
        out = sites[sites["id"].isin(matched)].copy()
        out["matched_industries"] = out["id"].map(matched)
        return out

    def describe(self, cat: Catalogue, lang: str) -> str:
        """Say what the filter keeps, in ``lang``."""
        names = _names(cat.industries, self.industry_ids, lang)
        if self.include_goals:
            return f"承载或以{names}为目标" if lang == "zh" else f"hosting {names} or aiming at it"
        return f"承载{names}产业" if lang == "zh" else f"hosting {names}"


@dataclass(frozen=True)
class CityFilter:
    """Sites (or any rows) in one city (兰州 or 白银)."""

    city: str
    spatial: ClassVar[bool] = False

    def apply(self, cat: Catalogue, sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """Keep the rows that pass."""
        return sites[sites["city"] == self.city]

    def describe(self, cat: Catalogue, lang: str) -> str:
        """Say what the filter keeps, in ``lang``."""
        en = {"兰州": "Lanzhou", "白银": "Baiyin"}.get(self.city, self.city)
        return f"位于{self.city}市" if lang == "zh" else f"in {en}"


@dataclass(frozen=True)
class WithinKmFilter:
    """Sites within ``km`` of a point; adds ``distance_km`` (to the outline when a site has one). Unlocated sites drop out."""

    km: float
    lat: float
    lon: float
    label_zh: str = ""
    label_en: str = ""
    spatial: ClassVar[bool] = True

    def __post_init__(self):
        if not (self.km > 0):
            raise InvalidQueryError(f"radius must be a positive number of km, got {self.km}")

    def apply(self, cat: Catalogue, sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """Keep the rows that pass."""
        shapes = _footprints(cat, sites)
        located = sites[shapes.notna()].copy()
        measured = gpd.GeoDataFrame(geometry=shapes[shapes.notna()], crs=sites.crs)
        located["distance_km"] = distances_km(measured, Point(self.lon, self.lat))
        return located[located["distance_km"] <= self.km].sort_values("distance_km")

    def describe(self, cat: Catalogue, lang: str) -> str:
        """Say what the filter keeps, in ``lang``."""
        where = (self.label_zh if lang == "zh" else self.label_en) or f"({self.lat:.4f}, {self.lon:.4f})"
        return f"距{where} {self.km:g} 公里以内" if lang == "zh" else f"within {self.km:g} km of {where}"


@dataclass(frozen=True)
class AreaFilter:
    """Sites whose point lies inside an administrative area (county/district or city), or whose outline intersects it."""

    code: str
    spatial: ClassVar[bool] = True

    def apply(self, cat: Catalogue, sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """Keep the rows that pass."""
        area = cat.areas.loc[cat.areas["code"] == self.code]
        if area.empty:
            raise InvalidQueryError(f"no area with code {self.code!r}")
        return _inside(cat, sites, area.geometry.iloc[0])

    def describe(self, cat: Catalogue, lang: str) -> str:
        """Say what the filter keeps, in ``lang``."""
        name = _names(cat.areas, [self.code], lang, key="code")
        return f"位于{name}境内" if lang == "zh" else f"inside {name}"


@dataclass(frozen=True)
class PolygonFilter:
    """Sites inside a shape (e.g. drawn on the map), given in EPSG:4326; an outline only has to intersect it."""

    polygon: BaseGeometry
    label_zh: str = "所绘范围"
    label_en: str = "the drawn shape"
    spatial: ClassVar[bool] = True

    def __post_init__(self):
        if self.polygon is None or self.polygon.is_empty or self.polygon.area == 0:
            raise InvalidQueryError("the shape has no area")
        if not self.polygon.is_valid:
            raise InvalidQueryError(f"the shape is not valid ({shapely.is_valid_reason(self.polygon)})")

    def apply(self, cat: Catalogue, sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """Keep the rows that pass."""
        return _inside(cat, sites, self.polygon)

    def describe(self, cat: Catalogue, lang: str) -> str:
        """Say what the filter keeps, in ``lang``."""
        return f"位于{self.label_zh}内" if lang == "zh" else f"inside {self.label_en}"


def _footprints(cat: Catalogue, rows: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Each row's outline when it is a site with one, else its point (see :func:`geo.outlines.footprints`)."""
    return footprints(cat.outlines, rows, cat.sites["id"])


def _inside(cat: Catalogue, sites: gpd.GeoDataFrame, polygon: BaseGeometry) -> gpd.GeoDataFrame:
    shapes = _footprints(cat, sites)
    points = shapes.geom_type == "Point"
    inside = (points & shapes.within(polygon)) | (~points & shapes.intersects(polygon))
    return sites[(shapes.notna() & inside).values]


@dataclass(frozen=True)
class SiteQuery:
    """Sites passing every filter (filters are combined with AND)."""

    filters: tuple = field(default_factory=tuple)

    def run(self, cat: Catalogue) -> gpd.GeoDataFrame:
        """The sites passing every filter, in the sites table's order (distance order after a radius)."""
        sites = cat.sites
        for f in self.filters:
            sites = f.apply(cat, sites)
        return sites.reset_index(drop=True)

    def describe(self, cat: Catalogue, lang: str = "zh") -> str:
        """Say what the filter keeps, in ``lang``."""
        if not self.filters:
            return "全部园区" if lang == "zh" else "all sites"
        parts = [f.describe(cat, lang) for f in self.filters]
        if lang == "zh":
            return "园区：" + "，".join(parts)
        return "Sites " + ", ".join(parts)


def sites_hosting(cat: Catalogue, industry_id: str, include_goals: bool = False) -> gpd.GeoDataFrame:
    """Sites hosting the industry (or chain); goals count too with ``include_goals``."""
    return SiteQuery((IndustryFilter((industry_id,), include_goals),)).run(cat)


def is_spatial(filters) -> bool:
    """Whether any of the filters needs a location."""
    return any(f.spatial for f in filters)


def left_out(cat: Catalogue, filters) -> gpd.GeoDataFrame:
    """Sites that pass the other filters but have no location, so no spatial filter can find them."""
    if not is_spatial(filters):
        return cat.sites.iloc[0:0]
    others = tuple(f for f in filters if not f.spatial)
    found = SiteQuery(others).run(cat)
    outlined = found["id"].isin(site_outlines(cat.outlines))  # an outline locates a site without a point
    return found[found.geometry.isna() & ~outlined].reset_index(drop=True)


def orgs_found(cat: Catalogue, filters, chains=()) -> gpd.GeoDataFrame:
    """Organizations passing the spatial and city filters (distance_km when there is a centre).

    ``chains`` lists, per organization, the chosen chains it is tied to. Empty without a spatial filter.
    """
    if not is_spatial(filters):
        return cat.organizations.iloc[0:0].assign(chains=[])
    orgs = cat.organizations
    for f in filters:
        if not isinstance(f, IndustryFilter):  # the spatial and city filters work on any located table
            orgs = f.apply(cat, orgs)
    ties = {c: set(orgs_for_industry(cat, c)["id"]) for c in chains}
    orgs = orgs.copy()
    orgs["chains"] = [[c for c in chains if org in ties[c]] for org in orgs["id"]]
    return orgs.reset_index(drop=True)


def unlocated_orgs(cat: Catalogue, filters) -> int:
    """How many organizations (in the chosen city) have no location and so cannot be found spatially."""
    if not is_spatial(filters):
        return 0
    orgs = cat.organizations
    for f in filters:
        if isinstance(f, CityFilter):
            orgs = f.apply(cat, orgs)
    return int(orgs.geometry.isna().sum())


# ------------------------------------------------------------------ the builder


@dataclass(frozen=True)
class SiteSearch:
    """A site search described in plain values; :func:`build_filters` turns it into filters.

    ``industry`` holds industry or chain ids or names (any of them); ``of`` is a place name, a
    "lat,lon" point or an already resolved :class:`~geo.places.Place`, and goes with ``within_km``;
    ``in_area`` is an area code or name; ``shape`` a polygon in EPSG:4326 (e.g. drawn on the map).
    """

    industry: tuple[str, ...] = ()
    include_goals: bool = False
    city: str = ""
    within_km: float | None = None
    of: str | Place | None = None
    in_area: str = ""
    shape: BaseGeometry | None = None

    @classmethod
    def from_dict(cls, description: Mapping) -> SiteSearch:
        """Read a dict with the field names as keys; an unknown key raises InvalidQueryError."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(description) - known)
        if unknown:
            raise InvalidQueryError(f"unknown search field(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        values = dict(description)
        if isinstance(values.get("industry"), str):
            values["industry"] = (values["industry"],)
        values["industry"] = tuple(values.get("industry") or ())
        return cls(**values)


def build_filters(
    cat: Catalogue, search: SiteSearch | Mapping, place_kinds: tuple[str, ...] = PLACE_KINDS
) -> tuple[SiteFilter, ...]:
    """Build the filters a search describes, in the order its sentence reads best.

    Parameters
    ----------
    cat : Catalogue
    search : SiteSearch or dict
        The search; see :class:`SiteSearch`.
    place_kinds : tuple of str
        The kinds ``of`` may name (see :func:`geo.places.resolve_place`).

    Returns
    -------
    tuple of SiteFilter
        Industry, city, distance, area and shape filters, those the search asks for.

    Raises
    ------
    UnknownNameError
        An industry, place or area name is unknown (with suggestions).
    InvalidQueryError
        ``within_km`` without ``of`` (or the reverse), a radius that is not positive, a shape
        without area; :class:`~geo.shapes.SearchInputError` for a place without location.
    """
    if isinstance(search, Mapping):
        search = SiteSearch.from_dict(search)
    if (search.within_km is None) != (search.of is None or search.of == ""):
        raise InvalidQueryError("within_km and of go together")
    return tuple(_filters(cat, search, place_kinds))


def _filters(cat: Catalogue, search: SiteSearch, place_kinds: tuple[str, ...]):
    if search.industry:
        ids = tuple(cat.names.resolve_chain(i).id for i in search.industry)  # '数据' names its one chain
        yield IndustryFilter(ids, search.include_goals)
    if search.city:
        yield CityFilter(search.city)
    if search.within_km is not None:
        yield _within(cat, float(search.within_km), search.of, place_kinds)
    if search.in_area:
        yield AreaFilter(area_code(cat, search.in_area))
    if search.shape is not None:
        yield PolygonFilter(search.shape)


def _within(cat: Catalogue, km: float, of, place_kinds: tuple[str, ...]) -> WithinKmFilter:
    place = of if isinstance(of, Place) else resolve_place(cat, of, place_kinds)
    assert place is not None  # build_filters refuses within_km without of
    return WithinKmFilter(km, place.lat, place.lon, place.name_zh, place.name_en)
