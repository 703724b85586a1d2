"""Tables of the investor's map (issue 12): enterprises, 载体 parcels, GB/T 4754-2017 codes and their chains.

Declared like every other table (:mod:`geo.schema`) and added to :data:`geo.schema.TABLES` at the
end of that module, so loading, validation, the write path and exports handle them as any table.
Rules the column declarations cannot state (the credit code's check digit, known industry codes,
a parcel's status, synthetic rows) are in :mod:`geo.enterprise_rules`.
"""

from __future__ import annotations

from .schema_types import Column, Table, location_columns

CODE_LEVELS = ("门类", "大类", "中类", "小类")
# How an enterprise's park was found: a document states it, its point lies in the park's outline,
# the nearest park lies within the point's error, or none of these (no park).
PARK_METHODS = ("document", "outline", "nearest", "none")
VISIBILITIES = ("internal", "public")
PARCEL_TYPES = ("land", "standard_factory", "office", "warehouse")
PARCEL_STATUSES = ("for_lease", "for_sale", "transferred", "leased", "reserved")
UTILITY_STATES = ("yes", "no")
SYNTHETIC_FLAGS = ("true", "false")
# Optional figures of an enterprise: each number with the column naming its source.
FIGURE_SOURCES = {"employees": "employees_source_id", "output_10k_cny": "output_source_id"}
SQM_PER_MU = 666.67  # 1 亩 = 10000/15 m², as the issue fixes it (2 decimals)

ENTERPRISES = Table(
    "enterprises",
    "enterprises.csv",
    (
        Column("id"),
        Column("name_zh"),
        Column("name_en", required=False),
        Column("aliases", "list", required=False),
        Column("credit_code", required=False, max_length=18),  # 统一社会信用代码 (GB 32100-2015)
        Column("industry_codes", "list", required=False),  # GB/T 4754-2017, e.g. 3985|C
        Column("address", required=False),
        *location_columns(),  # WGS-84: an import converts GCJ-02/BD-09 first
        Column("site_id", required=False, references="sites"),
        Column("site_method", required=False, choices=PARK_METHODS),
        Column("org_id", required=False, references="organizations"),
        Column("employees", "int", required=False, low=0),
        Column("employees_source_id", required=False, references="sources"),
        Column("output_10k_cny", "float", required=False, low=0),  # 产值, 万元
        Column("output_source_id", required=False, references="sources"),
        Column("figures_year", "int", required=False, low=1949, high=2100),
        Column("visibility", required=False, choices=VISIBILITIES),  # empty = internal
        Column("source_id", required=False, references="sources"),
        Column("quote", required=False),
        Column("synthetic", required=False, choices=SYNTHETIC_FLAGS),
        Column("note", required=False),
    ),
    has_point=True,
    may_be_empty=True,
    description="Enterprises (企业) with 统一社会信用代码, GB/T 4754-2017 codes, point and park.",
)

PARCELS = Table(
    "parcels",
    "parcels.csv",
    (
        Column("id"),
        Column("name_zh"),
        Column("name_en", required=False),
        Column("type", choices=PARCEL_TYPES),
        Column("area_m2", "float", low=0, low_open=True),
        Column("status", choices=PARCEL_STATUSES),
        Column("price", "float", required=False, low=0),
        Column("price_unit", required=False),
        Column("power_kva", "float", required=False, low=0),
        Column("water", required=False, choices=UTILITY_STATES),
        Column("gas", required=False, choices=UTILITY_STATES),
        Column("steam", required=False, choices=UTILITY_STATES),
        Column("industry_codes", "list", required=False),
        Column("contact", required=False),  # internal: never shown to the public
        *location_columns(),  # WGS-84: an import converts GCJ-02/BD-09 first
        Column("outline_wkt", required=False),  # WKT polygon in EPSG:4326, up to 2000 characters
        Column("site_id", required=False, references="sites"),
        Column("site_method", required=False, choices=PARK_METHODS),
        Column("checked_on"),
        Column("valid_until", required=False),
        Column("source_id", required=False, references="sources"),
        Column("source", required=False),
        Column("synthetic", required=False, choices=SYNTHETIC_FLAGS),
        Column("note", required=False),
    ),
    has_point=True,
    fact=False,
    may_be_empty=True,
    description="载体: land parcels, standard factory buildings and office floors on offer, with status and utilities.",
)

INDUSTRY_CODES = Table(
    "industry_codes",
    "industry_codes.csv",
    (
        Column("code"),
        Column("level", choices=CODE_LEVELS),
        Column("name_zh"),
        Column("name_en"),
        Column("parent", required=False),
        Column("source_id", references="sources"),
    ),
    key="code",
    fact=False,
    description="GB/T 4754-2017 国民经济行业分类: the levels the atlas ships (see README, Data notes).",
)

CODE_CHAINS = Table(
    "code_chains",
    "code_chains.csv",
    (
        Column("prefix"),
        Column("chain_id", references="industries"),
        Column("source_id", references="sources"),
        Column("note", required=False),
    ),
    key=None,
    fact=False,
    may_be_empty=True,
    description="The atlas's own mapping: a GB/T 4754-2017 code prefix → a chain of the cross-city vocabulary.",
)

EXTRA_TABLES = {t.name: t for t in (ENTERPRISES, PARCELS, INDUSTRY_CODES, CODE_CHAINS)}
