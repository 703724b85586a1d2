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


class FolderCatalogue:
    """The data folder as the app reads it: a cheap version and the fully checked catalogue.

    The version is the ``stat`` of the table files; the catalogue comes from
    :func:`geo.load.load_catalogue` (quotes checked, a validated snapshot reused).

    Parameters
    ----------
    data_dir : path, optional
        The data folder; ``LANBAI_DATA_DIR`` or the shipped ``data/`` by default.
    """

    def __init__(self, data_dir: Path | str | None = None):
        self.data_dir = Path(data_dir) if data_dir is not None else atlas_settings().data_dir
        if not self.data_dir.is_dir():
            raise FileNotFoundError(f"data folder {self.data_dir} does not exist")

    def version(self) -> str:
        """Size and modification time of every table file (a publish or a hand edit changes it)."""
        from .folder_store import table_files_version

        return table_files_version(self.data_dir)

    def catalogue(self) -> Catalogue:
        """The validated catalogue; raises :class:`geo.errors.DataValidationError` listing every problem."""
        return load_catalogue(self.data_dir)


def catalogue_source():
    """What the app's :class:`geo.store_cache.CatalogueCache` reads.

    The PostGIS store when ``LANBAI_DATABASE_URL`` is set (it keeps its last valid contents itself),
    else the data folder.
    """
    url = database_url()
    return _shared_store(url, None) if url else FolderCatalogue()
