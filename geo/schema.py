"""The atlas's data model: one declaration per table, used by loading and validation.

Every table is a UTF-8 CSV under ``data/`` (areas and rivers are GeoJSON). A column
is declared with its type and whether it may be empty; a reference names the table
whose ``id`` (or ``code``) it must resolve to. Multi-valued text columns
(``aliases``, ``chain_ids``) separate their values with ``|``.
"""
from __future__ import annotations

from dataclasses import dataclass

LIST_SEPARATOR = "|"
CRS = "EPSG:4326"
# Areas and distances are computed in UTM zone 48N, which covers Lanzhou and Baiyin.
PROJECTED_CRS = "EPSG:32648"
# Gansu's bounding box, with a margin: a point outside it is a typo or swapped lat/lon.
GANSU_BOUNDS = (92.0, 32.0, 109.0, 43.0)  # min lon, min lat, max lon, max lat
BASEMAP_BOUNDS = (102.8, 35.5, 105.5, 37.6)  # the railway, station and town layers (min lon, min lat, max lon, max lat)
BASEMAP_LAYERS = ("railways", "stations", "towns")  # reference layers: validated and drawn, not exported

SITE_KINDS = ("program", "zone", "park", "platform", "center", "cluster")
ORG_KINDS = ("university", "institute", "enterprise", "platform", "fund", "incubator", "hospital")
GEOMETRY_QUALITIES = ("official", "approximate", "schematic", "unknown")
LOCATION_METHODS = ("sourced", "derived", "anchor", "estimate", "unknown")
INDICATOR_KINDS = ("target", "actual")
CITIES = ("兰州", "白银")
# What a link says: hosts (依托, 主导, 集聚 …: the site/unit carries the industry today or by plan),
# goal (打造成为…, positioning), partner (co-operation), planned (to be introduced or built),
# member / lead (a part of a grouping, or the part that leads it).
ROLE_CLASSES = ("hosts", "goal", "partner", "planned", "member", "lead")
HOSTING_ROLE_CLASSES = ("hosts",)
AREA_LEVELS = ("province", "city", "county")

# Longest accepted cell, in characters: a quote is a short excerpt (see README), a name a
# name; any other text (notes, licences) stays readable. Longer is a paste gone wrong.
MAX_QUOTE_CHARS = 60
MAX_NAME_CHARS = 200
MAX_TEXT_CHARS = 2000
_LENGTH_BY_NAME = {"quote": MAX_QUOTE_CHARS, **dict.fromkeys(
    ("name_zh", "name_en", "indicator_zh", "indicator_en", "title_zh", "title_en"), MAX_NAME_CHARS)}
# A likely error beyond this is no location at all: the two cities span about 250 km.
MAX_ERROR_KM = 500.0
FIRST_YEAR, LAST_YEAR = 1949, 2100


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str = "str"  # str | int | float | list
    required: bool = True
    choices: tuple[str, ...] = ()
    references: str | None = None  # "table" or "table|table" (either may resolve)
    low: float | None = None  # numbers: the smallest accepted value (inclusive unless low_open)
    high: float | None = None  # numbers: the largest accepted value (inclusive)
    low_open: bool = False  # True: ``low`` itself is refused (error_km > 0)
    area_level: str | None = None  # names an area of this level, so the row's point lies in it; default by name
    max_length: int | None = None  # characters; default by column name (quote, names) or MAX_TEXT_CHARS

    @property
    def length_limit(self) -> int:
        return self.max_length or _LENGTH_BY_NAME.get(self.name, MAX_TEXT_CHARS)

    @property
    def located_in(self) -> str | None:
        """The area level (city, county) this column names, if any: a stated city or county."""
        return self.area_level or (self.name if self.name in ("city", "county") else None)


@dataclass(frozen=True)
class Table:
    name: str
    filename: str
    columns: tuple[Column, ...]
    key: str | None = "id"
    has_point: bool = False  # lat/lon columns make a point geometry
    fact: bool = True  # a fact row must carry source_id and quote
    description: str = ""
    may_be_empty: bool = False  # a layer maintainers fill later (outlines) may ship with no rows

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _fact_columns(quote_required: bool = True) -> tuple[Column, ...]:
    return (
        Column("source_id", references="sources"),
        Column("quote", required=quote_required),
    )


def _location_columns() -> tuple[Column, ...]:
    return (
        Column("lat", "float", required=False, low=-90, high=90),
        Column("lon", "float", required=False, low=-180, high=180),
        Column("geometry_quality", choices=GEOMETRY_QUALITIES),
        Column("location_method", choices=LOCATION_METHODS),
        Column("error_km", "float", required=False, low=0, low_open=True, high=MAX_ERROR_KM),
        Column("geometry_source_id", required=False, references="sources"),
        Column("geometry_source", required=False),
    )


SOURCES = Table(
    "sources",
    "sources.csv",
    (
        Column("id"),
        Column("kind", choices=("document", "geodata", "gazetteer", "vocabulary")),
        Column("title_zh"),
        Column("title_en"),
        Column("issuer", required=False),
        Column("date", required=False),
        Column("doc_no", required=False),
        Column("seed_file", required=False),
        Column("url", required=False),
        Column("licence", required=False),
        Column("note", required=False),
    ),
    fact=False,
    description="The documents and public data sets every other row cites.",
)

SITES = Table(
    "sites",
    "sites.csv",
    (
        Column("id"),
        Column("name_zh"),
        Column("name_en"),
        Column("aliases", "list", required=False),
        Column("kind", choices=SITE_KINDS),
        Column("parent_id", required=False, references="sites"),
        Column("city", required=False, choices=CITIES),
        *_location_columns(),
        *_fact_columns(),
        Column("note", required=False),
        # The approved area (核准面积, ha) and date (YYYY-MM) of the 2018 catalogue, and a published 四至.
        Column("approved_area_ha", "float", required=False),
        Column("approved_on", required=False),
        Column("area_source_id", required=False, references="sources"),
        Column("boundary_text", required=False),
        Column("boundary_source_id", required=False, references="sources"),
    ),
    has_point=True,
    description="Zones, parks, platforms and centres named in the documents.",
)

MEMBERSHIPS = Table(
    "memberships",
    "memberships.csv",
    (
        Column("group_id", references="sites"),
        Column("member_id", references="sites|organizations"),  # a unit may be a partner of a site
        Column("role", required=False),
        *_fact_columns(),
        Column("role_class", required=False, choices=ROLE_CLASSES),
    ),
    key=None,
    description="Which sites make up a programme or grouping (试验区 four areas, 一区六园 …).",
)

INDUSTRIES = Table(
    "industries",
    "industries.csv",
    (
        Column("id"),
        Column("name_zh"),
        Column("name_en"),
        Column("aliases", "list", required=False),
        Column("system"),
        Column("category", required=False),
        Column("parent_id", required=False, references="industries"),
        Column("chain_ids", "list", required=False, references="industries"),
        Column("source_id", references="sources"),
        Column("quote", required=False),
        Column("scope_id", required=False, references="sites|areas"),  # whose list it is, when a whole city's
    ),
    description="Each document's industry system, and the cross-city chain vocabulary (system 'chain').",
)

SITE_INDUSTRIES = Table(
    "site_industries",
    "site_industries.csv",
    (
        Column("site_id", references="sites"),
        Column("industry_id", references="industries"),
        Column("role"),
        *_fact_columns(),
        Column("role_class", choices=ROLE_CLASSES),
    ),
    key=None,
    description="Which site hosts or relies on which industry, and in what role.",
)

ORGANIZATIONS = Table(
    "organizations",
    "organizations.csv",
    (
        Column("id"),
        Column("name_zh"),
        Column("name_en"),
        Column("aliases", "list", required=False),
        Column("kind", choices=ORG_KINDS),
        Column("site_id", required=False, references="sites"),
        Column("city", required=False, choices=CITIES),
        *_location_columns(),
        *_fact_columns(),
        Column("note", required=False),
    ),
    has_point=True,
    description="Universities, institutes, enterprises, platforms and funds.",
)

ORG_INDUSTRIES = Table(
    "org_industries",
    "org_industries.csv",
    (
        Column("org_id", references="organizations"),
        Column("industry_id", references="industries"),
        Column("role", required=False),
        *_fact_columns(),
        Column("role_class", choices=ROLE_CLASSES),
    ),
    key=None,
    description="Which organization a document ties to which industry.",
)

INDICATORS = Table(
    "indicators",
    "indicators.csv",
    (
        Column("id"),
        Column("scope_id", references="sites|areas"),
        Column("indicator_zh"),
        Column("indicator_en"),
        Column("value", "float", required=False),  # empty only for a qualitative target (value_text)
        Column("unit", required=False),  # required with a number (geo/fact_rules.py)
        Column("qualifier", required=False),
        Column("year", "int", required=False, low=FIRST_YEAR, high=LAST_YEAR),
        Column("kind", choices=INDICATOR_KINDS),
        *_fact_columns(),
        Column("note", required=False),
        Column("value_max", "float", required=False),  # the upper end of a range (1-2个)
        Column("value_text", required=False),  # the document's own words where a number misleads
    ),
    description="Every quantitative target and achieved figure, with its qualifier (以上, 突破 …).",
)

PROJECTS = Table(
    "projects",
    "projects.csv",
    (
        Column("id"),
        Column("name_zh"),
        Column("name_en"),
        Column("site_id", required=False, references="sites"),
        Column("year", "int", required=False, low=FIRST_YEAR, high=LAST_YEAR),
        *_fact_columns(),
        Column("note", required=False),
    ),
    description="Named projects, tied to the site they are built in.",
)

LANDMARKS = Table(
    "landmarks",
    "landmarks.csv",
    (
        Column("id"),
        Column("name_zh"),
        Column("name_en"),
        Column("aliases", "list", required=False),
        Column("kind", choices=("transport", "reference")),
        Column("city", required=False, choices=CITIES),
        *_location_columns(),
        Column("note", required=False),
    ),
    has_point=True,
    fact=False,
    description="Reference places for spatial search (airport, stations, city centres).",
)

AREAS = Table(
    "areas",
    "areas.geojson",
    (
        Column("code"),
        Column("name_zh"),
        Column("name_en"),
        Column("level", choices=AREA_LEVELS),
        Column("parent_code", required=False),
        Column("source_id", references="sources"),
    ),
    key="code",
    fact=False,
    description="Administrative boundaries: Gansu, Lanzhou and Baiyin, and their counties/districts.",
)

RIVERS = Table(
    "rivers",
    "rivers.geojson",
    (
        Column("name_zh"),
        Column("name_en"),
        Column("source_id", references="sources"),
    ),
    key=None,
    fact=False,
    description="The Yellow River line, for the tile-free basemap.",
)

OUTLINES = Table(
    "outlines",
    "outlines.geojson",
    (
        Column("site_id", references="sites"),
        Column("geometry_quality", choices=GEOMETRY_QUALITIES),
        Column("geometry_source_id", references="sources"),
        Column("geometry_source", required=False),
        Column("area_ha", "float", required=False),
        Column("note", required=False),
    ),
    key="site_id",
    fact=False,
    may_be_empty=True,
    description="A site's polygon outline (besides its point); area_ha is computed in EPSG:32648.",
)

def _basemap_layer(name: str, columns: tuple[Column, ...], key: str | None, description: str) -> Table:
    """A reference layer of the tile-free basemap: not a fact table, cited by its source_id."""
    return Table(name, f"{name}.geojson", (*columns, Column("source_id", references="sources")),
                 key=key, fact=False, may_be_empty=True, description=description)


RAILWAYS = _basemap_layer("railways", (
    Column("class", choices=("conventional", "high_speed")), Column("status", required=False),
    Column("tracks", required=False), Column("src_id", required=False)), None,
    "Railway centre-lines (VMAP0, 1:1M, early 1990s); licence unknown, so off by default on maps.")

STATIONS = _basemap_layer("stations", (
    Column("name_zh"), Column("type", required=False), Column("bureau", required=False),
    Column("address", required=False), Column("prefecture", required=False),
    Column("lon_gcj02", required=False), Column("lat_gcj02", required=False)), "name_zh",
    "Railway stations (12306 list, geocoded); licence unknown, so off by default on maps.")

TOWNS = _basemap_layer("towns", (
    Column("geonameid"), Column("name_zh"), Column("name_en"), Column("population", "int", required=False),
    Column("admin1code", required=False), Column("name_rule", choices=("syllables", "shortest", "none"))),
    "geonameid", "Town and district names from GeoNames (CC BY 4.0), for the basemap.")

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        SOURCES,
        SITES,
        MEMBERSHIPS,
        INDUSTRIES,
        SITE_INDUSTRIES,
        ORGANIZATIONS,
        ORG_INDUSTRIES,
        INDICATORS,
        PROJECTS,
        LANDMARKS,
        AREAS,
        RIVERS,
        OUTLINES,
        RAILWAYS,
        STATIONS,
        TOWNS,
    )
}
