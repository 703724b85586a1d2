"""The spatial page's answer and its tables, computed once per catalogue, filters and language.

A filter change elsewhere on the page (or in the sidebar) reruns the whole page; the search and
the tables people read are the costly part of that rerun, so they are kept with the catalogue they
were computed from (:func:`views.memo.per_source`). What comes back is shared by every session:
callers only read it.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo import Catalogue
from geo import filters as geo_filters
from views import spatial as spatial_view
from views.memo import per_source

__all__ = ["SearchAnswer", "SearchTables", "answer", "tables"]


@dataclass(frozen=True)
class SearchAnswer:
    """What the filters find: sites, organizations, and what no spatial filter can find."""

    results: gpd.GeoDataFrame
    orgs: gpd.GeoDataFrame
    missing: gpd.GeoDataFrame  # sites passing the other filters but without a location
    unlocated_orgs: int


@dataclass(frozen=True)
class SearchTables:
    """The answer as people read it (``*_rows``) and as it is downloaded (``*_export``), in one language."""

    result_rows: pd.DataFrame
    result_export: gpd.GeoDataFrame
    missing_rows: pd.DataFrame
    org_rows: pd.DataFrame
    org_export: gpd.GeoDataFrame


@per_source
def answer(cat: Catalogue, filters: tuple, chains: tuple[str, ...]) -> SearchAnswer:
    """Run the search of ``filters`` (from :func:`geo.filters.build_filters`); ``chains`` tag the organizations."""
    return SearchAnswer(
        results=geo_filters.SiteQuery(filters).run(cat),
        orgs=geo_filters.orgs_found(cat, filters, chains),
        missing=geo_filters.left_out(cat, filters),
        unlocated_orgs=geo_filters.unlocated_orgs(cat, filters),
    )


@per_source
def tables(cat: Catalogue, filters: tuple, chains: tuple[str, ...], lang: str) -> SearchTables:
    """The result, left-out and organization tables of :func:`answer`, in ``lang``."""
    found = answer(cat, filters, chains)
    return SearchTables(
        result_rows=spatial_view.result_rows(cat, found.results, lang),
        result_export=spatial_view.export_frame(found.results),
        missing_rows=spatial_view.result_rows(cat, found.missing, lang),
        org_rows=spatial_view.result_rows(cat, found.orgs, lang, chains_column="chains"),
        org_export=spatial_view.export_frame(found.orgs, chains_column="chains"),
    )
