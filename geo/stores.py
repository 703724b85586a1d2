"""Which store the app and the command line use: PostGIS when ``LANBAI_DATABASE_URL`` is set, else the folder.

``LANBAI_DATABASE_URL`` is read through :func:`geo.settings.settings`.
"""

from __future__ import annotations

from pathlib import Path

from .load import Catalogue, load_catalogue
from .settings import settings as atlas_settings
from .store import CatalogueStore, ChangeSettings

DATABASE_URL_ENV = "LANBAI_DATABASE_URL"


def database_url() -> str:
    """The shared store's URL, or '' for the embedded folder store."""
    return atlas_settings().database_url


def open_store(data_dir: Path | str | None = None, settings: ChangeSettings | None = None) -> CatalogueStore:
    """The configured store.

    An explicit ``data_dir`` always means that folder; otherwise PostGIS when ``LANBAI_DATABASE_URL``
    is set, else the data folder (``LANBAI_DATA_DIR`` or the shipped ``data/``).
    """
    url = database_url()
    if url and data_dir is None:
        return _shared_store(url, settings)
    from .folder_store import FolderStore

    return FolderStore(data_dir, settings=settings)


_STORES: dict = {}


def _shared_store(url: str, settings: ChangeSettings | None):
    """One PostGIS store object per URL in a process (it keeps the last valid contents and its connections)."""
    from .pg_store import PostgisStore

    if settings is not None:
        return PostgisStore(url, settings=settings)
    if url not in _STORES:
        _STORES[url] = PostgisStore(url)
    return _STORES[url]


def configured_catalogue():
    """The shared store's catalogue when ``LANBAI_DATABASE_URL`` is set, else None (use the data folder).

    The PostGIS store serves its last valid contents when an outside edit broke them (see
    :attr:`geo.pg_store.PostgisStore.problems`).
    """
    url = database_url()
    return _shared_store(url, None).catalogue() if url else None


def open_catalogue(data_dir: Path | str | None = None) -> Catalogue:
    """The catalogue the app and the command line show: the shared store's when configured, else the folder's.

    An explicit ``data_dir`` always means that folder (as :func:`open_store`).
    """
    shared = configured_catalogue() if data_dir is None else None
    return shared if shared is not None else load_catalogue(data_dir)
