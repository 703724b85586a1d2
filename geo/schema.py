"""The atlas's data model: one declaration per table, used by loading and validation.

Every table is a UTF-8 CSV under ``data/`` (areas and rivers are GeoJSON). A column
is declared with its type and whether it may be empty; a reference names the table
whose ``id`` (or ``code``) it must resolve to. Multi-valued text columns
(``aliases``, ``chain_ids``) separate their values with ``|``.
"""

from __future__ import annotations

from dataclasses import replace

from .schema_types import (  # noqa: F401  (re-exported: the schema's constants live with its types)
    AREA_LEVELS,
    CITIES,
    CRS,
    FIRST_YEAR,
    GANSU_BOUNDS,
    GEOMETRY_QUALITIES,
    HOSTING_ROLE_CLASSES,
    INDICATOR_KINDS,
    LAST_YEAR,
    LIST_SEPARATOR,
    LOCATION_METHODS,
    MAX_DESCRIPTION_CHARS,
    MAX_ERROR_KM,
    MAX_NAME_CHARS,
    MAX_QUOTE_CHARS,
    MAX_TEXT_CHARS,
    ORG_KINDS,
    PROJECTED_CRS,
    ROLE_CLASSES,
    SITE_KINDS,
    Column,
    Table,
    location_columns,
)


def _fact_columns(quote_required: bool = True) -> tuple[Column, ...]:
    return (Column("source_id", references="sources"), Column("quote", required=quote_required))


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
        *location_columns(),
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
        *location_columns(),
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
        *location_columns(),
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
    (Column("name_zh"), Column("name_en"), Column("source_id", references="sources")),
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
    )
}

# Issue 11: any fact row may be marked internal (staff only, see geo/access.py); empty or a file
# without the column means public.
VISIBILITIES = ("public", "internal")
VISIBILITY = Column("visibility", required=False, choices=VISIBILITIES, may_be_absent=True)
TABLES = {name: replace(t, columns=(*t.columns, VISIBILITY)) if t.fact else t for name, t in TABLES.items()}

# Issue 12: the investor's map (enterprises, 载体 parcels, industry codes) — declared in their own module.
from .enterprise_schema import EXTRA_TABLES  # noqa: E402

TABLES.update(EXTRA_TABLES)

# Issue 9 §5: the offline basemap's reference layers (railways, stations, towns) — their own module.
from .basemap_schema import BASEMAP_BOUNDS, BASEMAP_LAYERS, BASEMAP_TABLES  # noqa: E402, F401

TABLES.update(BASEMAP_TABLES)
