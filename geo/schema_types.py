"""The building blocks of the schema: its constants, :class:`Column` and :class:`Table`.

Kept apart from :mod:`geo.schema` so that table declarations in other modules
(:mod:`geo.enterprise_schema`) can use them without importing the whole schema.
"""

from __future__ import annotations

from dataclasses import dataclass

LIST_SEPARATOR = "|"
CRS = "EPSG:4326"
# Areas and distances are computed in UTM zone 48N, which covers Lanzhou and Baiyin.
PROJECTED_CRS = "EPSG:32648"
# Gansu's bounding box, with a margin: a point outside it is a typo or swapped lat/lon.
GANSU_BOUNDS = (92.0, 32.0, 109.0, 43.0)  # min lon, min lat, max lon, max lat

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
MAX_NAME_CHARS = 300  # the longest shipped English name is about 160 characters
MAX_TEXT_CHARS = 2000
# A document's title and an indicator's name describe (what is counted) in a long clause.
MAX_DESCRIPTION_CHARS = 500
_LENGTH_BY_NAME = {
    "quote": MAX_QUOTE_CHARS,
    **dict.fromkeys(("name_zh", "name_en"), MAX_NAME_CHARS),
    **dict.fromkeys(("indicator_zh", "indicator_en", "title_zh", "title_en"), MAX_DESCRIPTION_CHARS),
}
# A likely error beyond this is no location at all: the two cities span about 250 km.
MAX_ERROR_KM = 500.0
FIRST_YEAR, LAST_YEAR = 1949, 2100


@dataclass(frozen=True)
class Column:
    """One column of a table: name, type, whether required, allowed values, references, bounds and length."""

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
    may_be_absent: bool = False  # a file may leave the whole column out (visibility: then every row is public)

    @property
    def length_limit(self) -> int:
        """Give the longest text the column accepts."""
        return self.max_length or _LENGTH_BY_NAME.get(self.name, MAX_TEXT_CHARS)

    @property
    def located_in(self) -> str | None:
        """The area level (city, county) this column names, if any: a stated city or county."""
        return self.area_level or (self.name if self.name in ("city", "county") else None)


@dataclass(frozen=True)
class Table:
    """One table of the data set: file name, columns, key, whether it has points and carries facts."""

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
        """List the table's column names, in order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        return next(c for c in self.columns if c.name == name)


def location_columns() -> tuple[Column, ...]:
    """A point in WGS-84 (EPSG:4326) with its accuracy and source: the columns every located table has."""
    return (
        Column("lat", "float", required=False, low=-90, high=90),
        Column("lon", "float", required=False, low=-180, high=180),
        Column("geometry_quality", choices=GEOMETRY_QUALITIES),
        Column("location_method", choices=LOCATION_METHODS),
        Column("error_km", "float", required=False, low=0, low_open=True, high=MAX_ERROR_KM),
        Column("geometry_source_id", required=False, references="sources"),
        Column("geometry_source", required=False),
    )
