"""Which park an enterprise or parcel is in, and how that was found (stored as site_id + site_method).

In order: a park the row's own source states (``document``: kept as given); the park whose outline
(data/outlines.geojson) contains the point (``outline``); the nearest park whose point lies within
the two points' errors — the row's ``error_km`` plus the park's — so the two could be one place
(``nearest``); else ``none``: no park, shown as such. Rows without a point and without a stated
park are ``none`` too, and so are ``anchor`` points: a city centre standing in for an unknown place
says nothing about the park. Everything is computed on whole columns, for 100,000-row imports.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from .enterprise_rules import haversine_km

PARK_KINDS = ("park", "zone")
PARK_TABLES = ("enterprises", "parcels")  # the tables whose rows get a park on import
STATED = "document"
NO_PLACE_METHODS = ("anchor", "unknown")  # such a point does not place the row in a park


def assign_parks(rows: pd.DataFrame, sites: pd.DataFrame, outlines: pd.DataFrame | None) -> pd.DataFrame:
    """``site_id`` and ``site_method`` for each row of ``rows`` (raw text tables).

    Parameters
    ----------
    rows : enterprises or parcels as text: lat, lon, error_km, and site_id/site_method when present
    sites : the sites table as text (id, kind, lat, lon, error_km)
    outlines : the outlines layer (site_id, geometry), or None

    Returns
    -------
    DataFrame with ``site_id`` and ``site_method``, indexed like ``rows``.
    """
    out = pd.DataFrame({"site_id": "", "site_method": "none"}, index=rows.index)
    stated_site = rows["site_id"] if "site_id" in rows.columns else pd.Series("", index=rows.index)
    stated_method = rows["site_method"] if "site_method" in rows.columns else pd.Series("", index=rows.index)
    stated = (stated_site != "") & stated_method.isin(["", STATED])
    out.loc[stated, "site_id"] = stated_site[stated]
    out.loc[stated, "site_method"] = STATED
    lat = pd.to_numeric(rows.get("lat", pd.Series("", index=rows.index)), errors="coerce")
    lon = pd.to_numeric(rows.get("lon", pd.Series("", index=rows.index)), errors="coerce")
    method = rows["location_method"] if "location_method" in rows.columns else pd.Series("", index=rows.index)
    open_rows = ~stated & lat.notna() & lon.notna() & ~method.isin(NO_PLACE_METHODS)
    if open_rows.any():
        _by_outline(out, open_rows, lat, lon, outlines, sites)
        open_rows &= out["site_method"] == "none"
        _by_nearest(out, open_rows, lat, lon, rows, sites)
    return out


def _parks(sites: pd.DataFrame) -> pd.DataFrame:
    return sites[sites["kind"].isin(PARK_KINDS)]


def _by_outline(out, open_rows, lat, lon, outlines, sites) -> None:
    if outlines is None or outlines.empty or "geometry" not in outlines.columns:
        return
    parks = set(_parks(sites)["id"])
    polygons = outlines[outlines["site_id"].isin(parks) & outlines.geometry.notna()]
    if polygons.empty:
        return
    points = shapely.points(lon[open_rows].to_numpy(), lat[open_rows].to_numpy())
    tree = shapely.STRtree(list(polygons.geometry))
    point_at, polygon_at = tree.query(points, predicate="within")
    found = pd.Series(polygons["site_id"].to_numpy()[polygon_at], index=open_rows[open_rows].index[point_at])
    found = found[~found.index.duplicated(keep="first")]
    out.loc[found.index, "site_id"] = found
    out.loc[found.index, "site_method"] = "outline"


def _by_nearest(out, open_rows, lat, lon, rows, sites) -> None:
    parks = _parks(sites)
    park_lat, park_lon = pd.to_numeric(parks["lat"], errors="coerce"), pd.to_numeric(parks["lon"], errors="coerce")
    located = park_lat.notna() & park_lon.notna()
    parks, park_lat, park_lon = parks[located], park_lat[located].to_numpy(), park_lon[located].to_numpy()
    if parks.empty or not open_rows.any():
        return
    park_error = pd.to_numeric(parks["error_km"], errors="coerce").fillna(0).to_numpy()
    own_error = pd.to_numeric(rows.loc[open_rows, "error_km"], errors="coerce").fillna(0).to_numpy()
    km = haversine_km(
        lat[open_rows].to_numpy()[:, None], lon[open_rows].to_numpy()[:, None], park_lat[None, :], park_lon[None, :]
    )
    nearest = km.argmin(axis=1)
    within = km[np.arange(len(nearest)), nearest] <= own_error + park_error[nearest]
    index = open_rows[open_rows].index[within]
    out.loc[index, "site_id"] = parks["id"].to_numpy()[nearest[within]]
    out.loc[index, "site_method"] = "nearest"


def fill_parks(imported, raw: dict) -> list[str]:
    """Fill site_id/site_method of imported rows (:class:`geo.import_readers.ImportedRows`) that lack one.

    Returns a note per row whose park was computed, so the maintainer sees how it was derived.
    """
    frame = pd.DataFrame(imported.rows).fillna("").astype(str) if imported.rows else pd.DataFrame()
    if frame.empty or "sites" not in raw:
        return []
    frame = frame.reindex(
        columns=sorted(set(frame.columns) | {"lat", "lon", "error_km", "site_id", "site_method"}), fill_value=""
    )
    assigned = assign_parks(frame, raw["sites"], raw.get("outlines"))
    notes = []
    for row, line, (site, method), given in zip(
        imported.rows, imported.lines, assigned.itertuples(index=False), frame["site_method"], strict=False
    ):
        if given and given != STATED:
            continue  # the file states how its park was found; validation checks the park exists
        row["site_id"], row["site_method"] = site, method
        if method not in (STATED, "none"):
            notes.append(f"{imported.file} line {line}: park {site} ({method})")
    imported.columns += [c for c in ("site_id", "site_method") if c not in imported.columns]
    return notes
