"""A catalogue that follows the store's version: several app servers on one database stay fresh.

Each server keeps one :class:`CatalogueCache`; at most every ``check_every_s`` seconds it asks the
store for its version (one tiny query on PostGIS, a few ``stat`` calls on the folder) and rebuilds
the catalogue only when the version changed. The UI caches derived figures keyed by :meth:`version`.

When the new contents do not validate (an outside edit in QGIS, psql or a text editor), the cache
keeps serving the last valid catalogue and lists what is wrong in :attr:`CatalogueCache.problems`;
when the store cannot be reached it keeps serving the last catalogue and says why in
:attr:`CatalogueCache.unavailable`. Only a first read that fails raises.
"""

from __future__ import annotations

import threading
import time

from .errors import DataValidationError, Problem, StoreUnavailableError
from .load import Catalogue


class CatalogueCache:
    """The store's catalogue, re-read when its version changes (checked at most every ``check_every_s``).

    Parameters
    ----------
    store : object with ``version()`` and ``catalogue()`` (a :class:`geo.store.CatalogueStore`, or
        :class:`geo.stores.FolderCatalogue`); a ``problems`` attribute, when present, lists what is
        wrong with contents the store itself kept out.
    check_every_s : float
        The least time between two version checks.
    clock : callable
        Seconds (monotonic); injectable for tests.
    """

    def __init__(self, store, check_every_s: float = 2.0, clock=time.monotonic):
        if check_every_s < 0:
            raise ValueError("check_every_s must not be negative")
        self.store, self.check_every_s, self.clock = store, check_every_s, clock
        self._lock = threading.Lock()
        self._version, self._checked = "", float("-inf")
        self._catalogue: Catalogue | None = None
        self.problems: list[Problem] = []  # what is wrong with the store's contents now (empty: valid)
        self.unavailable = ""  # why the store could not be read at the last check ('' = it could)

    def version(self) -> str:
        """The version of the catalogue :meth:`catalogue` returns (refreshed first when due)."""
        return self.current()[0]

    def catalogue(self) -> Catalogue:
        """The current catalogue; between checks, the one already built."""
        return self.current()[1]

    def current(self) -> tuple[str, Catalogue]:
        """(version, catalogue) as one consistent pair; the version names the catalogue returned."""
        with self._lock:
            now = self.clock()
            if self._catalogue is None or now - self._checked >= self.check_every_s:
                self._refresh()
                self._checked = now
            assert self._catalogue is not None  # _refresh raises when it has nothing to serve
            return self._version, self._catalogue

    def _refresh(self) -> None:
        try:
            version = self.store.version()
            if self._catalogue is None or version != self._version:
                self._catalogue, self._version = self.store.catalogue(), version
            self.problems = list(getattr(self.store, "problems", None) or [])
            self.unavailable = ""
        except DataValidationError as exc:  # new contents are broken: keep the last valid ones
            if self._catalogue is None:
                raise
            self.problems, self.unavailable = list(exc.problems), ""
            self._version = version  # don't read the same broken contents again at every check
        except StoreUnavailableError as exc:  # the database went away: keep serving, say so, retry
            if self._catalogue is None:
                raise
            self.unavailable = str(exc)
