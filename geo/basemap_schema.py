"""Tables of the offline basemap (issue 9 §5): railways, stations and town names.

Reference layers, not the atlas's findings: they are validated (inside :data:`BASEMAP_BOUNDS`)
and drawn on every map, but left out of exports (two of them have an unknown licence; README
"Basemap layers and their licences"). Added to :data:`geo.schema.TABLES` at the end of that module.
"""

from __future__ import annotations

from .schema_types import Column, Table

# The railway, station and town layers are cut to this box (min lon, min lat, max lon, max lat).
BASEMAP_BOUNDS = (102.8, 35.5, 105.5, 37.6)
BASEMAP_LAYERS = ("railways", "stations", "towns")  # reference layers: validated and drawn, not exported
TOWN_NAME_RULES = ("syllables", "shortest", "none")


def _basemap_layer(name: str, columns: tuple[Column, ...], key: str | None, description: str) -> Table:
    """A reference layer of the tile-free basemap: not a fact table, cited by its source_id."""
    return Table(
        name,
        f"{name}.geojson",
        (*columns, Column("source_id", references="sources")),
        key=key,
        fact=False,
        may_be_empty=True,
        description=description,
    )


RAILWAYS = _basemap_layer(
    "railways",
    (
        Column("class", choices=("conventional", "high_speed")),
        Column("status", required=False),
        Column("tracks", required=False),
        Column("src_id", required=False),
    ),
    None,
    "Railway centre-lines (VMAP0, 1:1M, early 1990s); licence unknown, so off by default on maps.",
)

STATIONS = _basemap_layer(
    "stations",
    (
        Column("name_zh"),
        Column("type", required=False),
        Column("bureau", required=False),
        Column("address", required=False),
        Column("prefecture", required=False),
        Column("lon_gcj02", required=False),
        Column("lat_gcj02", required=False),
    ),
    "name_zh",
    "Railway stations (12306 list, geocoded); licence unknown, so off by default on maps.",
)

TOWNS = _basemap_layer(
    "towns",
    (
        Column("geonameid"),
        Column("name_zh"),
        Column("name_en"),
        Column("population", "int", required=False),
        Column("admin1code", required=False),
        Column("name_rule", choices=TOWN_NAME_RULES),
    ),
    "geonameid",
    "Town and district names from GeoNames (CC BY 4.0), for the basemap.",
)

BASEMAP_TABLES: dict[str, Table] = {t.name: t for t in (RAILWAYS, STATIONS, TOWNS)}
