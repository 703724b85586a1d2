"""The one place the app loads data: the catalogue as the session's role may see it.

The full catalogue is read once per process and per store version (:class:`geo.store_cache.CatalogueCache`:
a cheap version check at most every :data:`FRESHNESS_S` seconds, so a change published by the command
line or another app server shows within seconds). What a session gets is the visible catalogue of its
role (:func:`geo.access.visible_catalogue`), cached per (version, role); figures derived from it are
cached per (version, role) too, so nothing computed for a staff session ever reaches a public one.
"""

from __future__ import annotations

import importlib

import streamlit as st

from geo import AtlasError, Catalogue
from geo.access import visible_catalogue
from geo.errors import Problem
from geo.store_cache import CatalogueCache
from geo.stores import catalogue_source
from geo.tours import TourSet, load_tours, tours_folder
from ui import session
from views.i18n import t

FRESHNESS_S = 2.0  # the least time between two checks of the store's version


@st.cache_resource(show_spinner=False)
def _store_cache() -> CatalogueCache:
    return CatalogueCache(catalogue_source(), check_every_s=FRESHNESS_S)


@st.cache_resource(max_entries=16, show_spinner=False)
def _visible(version: str, role: str, _full: Catalogue) -> Catalogue:
    return visible_catalogue(_full, role)


def _current() -> tuple[str, str, Catalogue]:
    """(store version, role, the role's catalogue) as one consistent triple."""
    version, full = _store_cache().current()
    role = session.role()
    return version, role, _visible(version, role, full)


def catalogue() -> Catalogue:
    """The catalogue as the session's role may see it (public sessions: no internal rows or fields)."""
    return _current()[2]


def visible_tours() -> TourSet:
    """The tours as the session's role may see them: names of rows hidden from it drop out unreported.

    Read once per store version, role and version of the tour files (a changed file is read again).
    """
    version_, role, cat = _current()
    folder = tours_folder(cat)
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.is_dir() else []
    stamp = tuple((path.name, path.stat().st_mtime_ns, path.stat().st_size) for path in files)
    return _tours(version_, role, str(folder), stamp, cat)


@st.cache_resource(max_entries=16, show_spinner=False)
def _tours(version: str, role: str, folder: str, stamp: tuple, _cat: Catalogue) -> TourSet:
    return load_tours(_cat, folder, hidden=_store_cache().catalogue())


def hidden_rows(table: str) -> int:
    """How many rows of ``table`` the session's role does not see (a count only, never the rows)."""
    full = _store_cache().catalogue().table(table)
    shown = catalogue().table(table)
    return 0 if full is None else len(full) - (0 if shown is None else len(shown))


def version() -> str:
    """The store version the current catalogue was read at (keys caches of derived things)."""
    return _store_cache().version()


def problems() -> list[Problem]:
    """What is wrong with the store's contents now (an outside edit kept out); empty when valid.

    For maintainers' eyes only: callers check :func:`ui.session.may` first.
    """
    return list(_store_cache().problems)


def unavailable() -> str:
    """Why the store could not be read at the last check ('' = it could); the last catalogue is served."""
    return _store_cache().unavailable


def catalogue_or_stop(lang: str = "zh") -> Catalogue:
    """The catalogue, or a clear message (with every problem listed) and a stopped page."""
    try:
        return catalogue()
    except AtlasError as exc:
        st.error(t("data_error", lang))
        if session.may("propose"):  # maintainers get the located problems; visitors only the message
            with st.expander("details / 详情"):
                st.code(str(exc), language=None)
        st.stop()


@st.cache_resource(max_entries=256, show_spinner=False)
def _derived(version: str, role: str, func: str, args: tuple, kwargs: tuple, _cat: Catalogue):
    module, name = func.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)(_cat, *args, **dict(kwargs))


def derived(func, *args, **kwargs):
    """``func(catalogue, *args, **kwargs)`` on the session's catalogue, computed once per store version and role.

    For tables and figures derived from the (read-only) catalogue; arguments must be hashable.
    Callers must not mutate what they get back.
    """
    return derived_for(session.role(), func, *args, **kwargs)


def derived_for(role: str, func, *args, **kwargs):
    """:func:`derived` for ``role`` rather than the session's: the start-up warm-up (ui.warmup) has no session."""
    version_, full = _store_cache().current()
    cat = _visible(version_, role, full)
    name = f"{func.__module__}.{func.__qualname__}"
    return _derived(version_, role, name, tuple(args), tuple(sorted(kwargs.items())), cat)


def drawn(func, *args, **kwargs) -> None:
    """Draw what ``func(catalogue, *args, **kwargs)`` draws, built once per store version, role and arguments.

    Streamlit records the elements a cached function draws and replays them on a cache hit, so a
    costly element that the arguments fully determine (a styled table) is not built again on each
    rerun, and the same message goes out (the browser keeps it). ``func`` draws elements only, no
    widgets; arguments must be hashable.
    """
    version_, role, cat = _current()
    name = f"{func.__module__}.{func.__qualname__}"
    _drawn(version_, role, name, tuple(args), tuple(sorted(kwargs.items())), cat)


@st.cache_resource(max_entries=64, show_spinner=False)
def _drawn(version: str, role: str, func: str, args: tuple, kwargs: tuple, _cat: Catalogue) -> None:
    module, name = func.rsplit(".", 1)
    getattr(importlib.import_module(module), name)(_cat, *args, **dict(kwargs))


def clear_caches() -> None:
    """Forget the loaded catalogue and everything derived from it (after the data changed)."""
    _store_cache.clear()
    _visible.clear()
    _derived.clear()
    _drawn.clear()
    _tours.clear()
