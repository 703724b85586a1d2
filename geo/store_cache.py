"""A catalogue that follows the store's version: several app servers on one database stay fresh.

Each server keeps one :class:`CatalogueCache`; at most every ``check_every_s`` seconds it asks the
store for its version (one tiny query on PostGIS, a few ``stat`` calls on the folder) and rebuilds
the catalogue only when the version changed. The UI caches derived figures keyed by :meth:`version`.
"""

from __future__ import annotations

import threading
import time

from .load import Catalogue


class CatalogueCache:
    """The store's catalogue, re-read when its version changes (checked at most every ``check_every_s``)."""

    def __init__(self, store, check_every_s: float = 2.0, clock=time.monotonic):
        if check_every_s < 0:
            raise ValueError("check_every_s must not be negative")
        self.store, self.check_every_s, self.clock = store, check_every_s, clock
        self._lock = threading.Lock()
        self._version, self._checked = "", float("-inf")
        self._catalogue: Catalogue | None = None

    def version(self) -> str:
        """The version of the catalogue :meth:`catalogue` returns (refreshed first when due)."""
        self.catalogue()
        return self._version

    def catalogue(self) -> Catalogue:
        """The current catalogue; between checks, the one already built."""
        with self._lock:
            now = self.clock()
            if self._catalogue is not None and now - self._checked < self.check_every_s:
                return self._catalogue
            version = self.store.version()
            catalogue = self._catalogue
            if catalogue is None or version != self._version:
                catalogue, self._version = self.store.catalogue(), version
                self._catalogue = catalogue
            self._checked = now
            return catalogue
