"""The app follows the store: a cheap version check, the last valid state kept when an outside edit
breaks validation, and the located problems shown to maintainers only (never a traceback or a blank app)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import ui.data
from geo import settings as atlas_settings
from geo.accounts import FileAccountBook
from geo.errors import DataValidationError, Problem, StoreUnavailableError
from geo.store_cache import CatalogueCache
from tests.apptest_utils import ROOT, assert_no_exception, open_page
from ui import login, session

PASSWORD = "a long enough password"
PAGE = "app_pages/profile.py"


class FakeStore:
    """A store whose version and contents the test sets; counts the full reads."""

    def __init__(self):
        self.version_, self.contents, self.reads = "v1", "first", 0

    def version(self):
        if isinstance(self.version_, Exception):
            raise self.version_
        return self.version_

    def catalogue(self):
        self.reads += 1
        if isinstance(self.contents, Exception):
            raise self.contents
        return self.contents


def test_the_cache_checks_the_version_at_most_every_interval_and_reads_only_on_a_change():
    store, clock = FakeStore(), [0.0]
    cache = CatalogueCache(store, check_every_s=2.0, clock=lambda: clock[0])
    assert cache.catalogue() == "first" and store.reads == 1
    store.version_, store.contents = "v2", "second"
    clock[0] = 1.0
    assert cache.catalogue() == "first"  # checked less than 2 s ago
    clock[0] = 2.5
    assert cache.current() == ("v2", "second") and store.reads == 2
    clock[0] = 5.0
    assert cache.catalogue() == "second" and store.reads == 2  # same version: no full read


def test_broken_contents_keep_the_last_valid_catalogue_and_list_the_problems():
    store, clock = FakeStore(), [0.0]
    cache = CatalogueCache(store, check_every_s=0, clock=lambda: clock[0])
    cache.catalogue()
    problem = Problem("sites", 3, "lat", "50.0 is outside Gansu")
    store.version_, store.contents = "v2", DataValidationError([problem])
    assert cache.catalogue() == "first" and cache.problems == [problem]
    assert cache.catalogue() == "first" and store.reads == 2  # the broken version is not read again
    store.version_, store.contents = "v3", "fixed"
    assert cache.catalogue() == "fixed" and cache.problems == []


def test_the_database_away_keeps_the_last_catalogue_and_says_so_then_recovers():
    store = FakeStore()
    cache = CatalogueCache(store, check_every_s=0)
    cache.catalogue()
    store.version_ = StoreUnavailableError("the atlas database at db:5432/atlas is not reachable")
    assert cache.catalogue() == "first" and "not reachable" in cache.unavailable
    store.version_, store.contents = "v2", "second"
    assert cache.catalogue() == "second" and cache.unavailable == ""


def test_a_first_read_that_fails_raises():
    store = FakeStore()
    store.contents = DataValidationError([Problem("sites", None, None, "missing")])
    with pytest.raises(DataValidationError):
        CatalogueCache(store).catalogue()


@pytest.fixture
def folder_app(tmp_path, monkeypatch):
    """The app on a copy of the data, checking the folder's version at every run; a maintainer account."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    accounts = tmp_path / "accounts.json"
    FileAccountBook(accounts).add("mai", "maintainer", PASSWORD)
    monkeypatch.setenv("LANBAI_DATA_DIR", str(folder))
    monkeypatch.setenv("LANBAI_ACCOUNTS_FILE", str(accounts))
    monkeypatch.setenv("LANBAI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(ui.data, "FRESHNESS_S", 0.0)
    atlas_settings.reload()
    ui.data.clear_caches()
    login.authenticator.clear()
    yield folder
    atlas_settings.reload()
    ui.data.clear_caches()
    login.authenticator.clear()


def break_a_site(folder) -> int:
    """Put 白银高新区 outside Gansu by hand (as a text editor would); returns the file line of the row."""
    sites = pd.read_csv(folder / "sites.csv", dtype=str, keep_default_na=False)
    row = sites.index[sites["id"] == "by-hitech"][0]
    sites.loc[row, "lat"] = "50.0"
    sites.to_csv(folder / "sites.csv", index=False, lineterminator="\n")
    return int(row) + 2


def warnings(at) -> str:
    return " ".join(w.value for w in at.sidebar.warning)


def test_an_outside_edit_that_breaks_the_data_is_shown_to_maintainers_only(folder_app):
    maintainer = {session.SESSION_KEY: login.authenticator().login("mai", PASSWORD)}
    staff = open_page(PAGE, query={"lang": "en", "site": "by-hitech"}, session=maintainer)
    visitor = open_page(PAGE, query={"lang": "en", "site": "by-hitech"})
    assert warnings(staff) == "" and warnings(visitor) == ""
    line = break_a_site(folder_app)
    staff.run()
    visitor.run()
    for at in (staff, visitor):  # the last valid state, whole: no traceback, no blank page
        assert_no_exception(at)
        assert at.header[0].value == "Baiyin High-tech Industrial Development Zone"
    assert "1 problem(s) in an outside edit" in warnings(staff)
    details = " ".join(m.value for m in staff.sidebar.markdown)
    assert f"sites line {line} column lat" in details
    assert warnings(visitor) == "" and "sites line" not in " ".join(m.value for m in visitor.sidebar.markdown)
