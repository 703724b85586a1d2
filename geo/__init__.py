"""Lanbai Atlas domain package: schema, loading, validation, queries and exports.

It never imports streamlit, so it works the same from a notebook, the command line
(``python -m geo``) and the app::

    from geo import filters, load_catalogue
    cat = load_catalogue()
    filters.sites_hosting(cat, cat.names.resolve("新材料", "industry").id)
"""

from . import queries
from .errors import (
    AtlasError,
    DataLoadError,
    DataValidationError,
    ExportError,
    InvalidQueryError,
    Problem,
    UnknownNameError,
)
from .load import Catalogue, load_catalogue

__all__ = [
    "load_catalogue",
    "Catalogue",
    "queries",
    "AtlasError",
    "DataLoadError",
    "DataValidationError",
    "ExportError",
    "InvalidQueryError",
    "Problem",
    "UnknownNameError",
]
