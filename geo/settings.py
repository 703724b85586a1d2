"""Settings of the atlas, read once from the environment.

Every environment variable the atlas reads is here, typed and documented (osmnx's ``settings.py``
is the model). Code calls :func:`settings`, which reads the environment the first time and then
returns the same object; a test that changes the environment (``monkeypatch.setenv``) calls
:func:`reload` afterwards.

==============================  ==========================================================  =====================
Variable                        Meaning                                                     Default
==============================  ==========================================================  =====================
``LANBAI_DATA_DIR``             the data folder (CSV + GeoJSON tables, changes, tours)      ``data/`` of the repo
``LANBAI_BASE_URL``             the app's public address, for QR codes and links            ``http://localhost:8501``
``LANBAI_SEEDS``                folder of the source documents, to check quotes             ``../shared/seeds`` if present
``LANBAI_TOURS_DIR``            folder of the presentation tours (``*.yaml``)               ``tours/`` in the data folder
``TIANDITU_KEY``                key for the Tianditu basemap (the app prefers st.secrets)   none: offline basemap
``LANBAI_ALLOW_SELF_APPROVAL``  ``0``/``false``/``no``: a proposer may not approve          ``1`` (allowed)
``LANBAI_MAX_IMPORT_MB``        an import file over this size is refused unread             ``20``
``LANBAI_USER``                 who proposes/approves on the command line                   the login name
``LANBAI_MAINTENANCE``          ``off``/``0``: no proposing or reviewing (read-only)        ``on``
``LANBAI_TEST_PAUSE_AT``        test hook: a publish pauses at this point …                 unset
``LANBAI_TEST_PAUSE_MARKER``    … and writes its process id to this file                    unset
==============================  ==========================================================  =====================
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

_FALSE = ("0", "false", "no", "off")


@dataclass(frozen=True)
class Settings:
    """The atlas's settings; see the module's table for each variable.

    Attributes
    ----------
    data_dir : pathlib.Path
        ``LANBAI_DATA_DIR``.
    public_base_url : str
        ``LANBAI_BASE_URL``, without a trailing slash.
    seeds_dir : pathlib.Path or None
        ``LANBAI_SEEDS`` (None: look next to the repository, see :func:`geo.quotes.default_seeds_dir`).
    tours_dir : pathlib.Path or None
        ``LANBAI_TOURS_DIR`` (None: ``tours/`` in the data folder).
    tianditu_key : str
        ``TIANDITU_KEY`` ('' = none).
    allow_self_approval : bool
        ``LANBAI_ALLOW_SELF_APPROVAL``.
    max_import_mb : float
        ``LANBAI_MAX_IMPORT_MB``.
    user : str
        ``LANBAI_USER`` ('' = the login name).
    test_pause_at, test_pause_marker : str
        ``LANBAI_TEST_PAUSE_AT`` and ``LANBAI_TEST_PAUSE_MARKER`` (test hooks).
    database_url : str
        ``LANBAI_DATABASE_URL``: the shared PostGIS store ('' = the embedded data folder).
    accounts_file : pathlib.Path or None
        ``LANBAI_ACCOUNTS_FILE``: the embedded store's accounts (None: ``.accounts.json`` in the project).
    cache_dir : pathlib.Path or None
        ``LANBAI_CACHE_DIR``: where validated snapshots of the catalogue are kept (None: ``.cache/catalogue``).
    snapshot : bool
        ``LANBAI_SNAPSHOT``: reuse a validated snapshot while the data files are unchanged (``0`` turns it off).
    maintenance : bool
        ``LANBAI_MAINTENANCE``: ``off`` hides the maintenance page's forms and refuses every propose,
        approve, reject and revert in ``geo`` (a read-only deployment).
    """

    data_dir: Path
    public_base_url: str
    seeds_dir: Path | None = None
    tours_dir: Path | None = None
    tianditu_key: str = ""
    allow_self_approval: bool = True
    max_import_mb: float = 20.0
    user: str = ""
    test_pause_at: str = ""
    test_pause_marker: str = ""
    database_url: str = ""
    accounts_file: Path | None = None
    cache_dir: Path | None = None
    snapshot: bool = True
    maintenance: bool = True

    @classmethod
    def from_env(cls, environ=None) -> Settings:
        """Read the settings from ``environ`` (default: ``os.environ``); prefer :func:`settings`."""
        env = os.environ if environ is None else environ
        return cls(
            data_dir=Path(env.get("LANBAI_DATA_DIR") or PROJECT_ROOT / "data"),
            public_base_url=env.get("LANBAI_BASE_URL", "http://localhost:8501").rstrip("/"),
            seeds_dir=_path(env.get("LANBAI_SEEDS")),
            tours_dir=_path(env.get("LANBAI_TOURS_DIR")),
            tianditu_key=env.get("TIANDITU_KEY", ""),
            allow_self_approval=env.get("LANBAI_ALLOW_SELF_APPROVAL", "1").strip().lower() not in _FALSE,
            max_import_mb=float(env.get("LANBAI_MAX_IMPORT_MB") or 20),
            user=env.get("LANBAI_USER", ""),
            test_pause_at=env.get("LANBAI_TEST_PAUSE_AT", ""),
            test_pause_marker=env.get("LANBAI_TEST_PAUSE_MARKER", ""),
            database_url=env.get("LANBAI_DATABASE_URL", "").strip(),
            accounts_file=_path(env.get("LANBAI_ACCOUNTS_FILE")),
            cache_dir=_path(env.get("LANBAI_CACHE_DIR")),
            snapshot=env.get("LANBAI_SNAPSHOT", "1").strip().lower() not in _FALSE,
            maintenance=env.get("LANBAI_MAINTENANCE", "on").strip().lower() not in _FALSE,
        )


def _path(text: str | None) -> Path | None:
    return Path(text) if text else None


@lru_cache(maxsize=1)
def settings() -> Settings:
    """Return the settings, read from the environment on the first call only.

    Returns
    -------
    Settings
        The same object on every call until :func:`reload`.
    """
    return Settings.from_env()


def reload() -> Settings:
    """Read the environment again (after a test changed it) and return the new settings."""
    settings.cache_clear()
    return settings()
