"""A filter change reruns a page without recomputing what does not depend on it (issue 13): the figures a
page derives from the catalogue are computed once per store version and role, and afresh after a publish."""

from __future__ import annotations

import functools
import os
import shutil

import pytest

import ui.data
from geo import settings as atlas_settings
from tests.apptest_utils import ROOT, assert_no_exception, open_page

CHAIN_A, CHAIN_B = ["chain-new-materials"], ["chain-biomedicine"]


@pytest.fixture
def folder_app(tmp_path, monkeypatch):
    """The app on a copy of the data, checking the folder's version at every run."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    monkeypatch.setenv("LANBAI_DATA_DIR", str(folder))
    monkeypatch.setenv("LANBAI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(ui.data, "FRESHNESS_S", 0.0)
    atlas_settings.reload()
    ui.data.clear_caches()
    yield folder
    atlas_settings.reload()
    ui.data.clear_caches()


def count_calls(monkeypatch, module, name: str) -> list:
    """Replace ``module.name`` by a wrapper that records each call (same name, so caches key alike)."""
    calls: list = []
    original = getattr(module, name)

    @functools.wraps(original)
    def counted(*args, **kwargs):
        calls.append(args[1:])
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def publish(folder) -> None:
    """A new store version, as a publish makes (the folder's version is its files' sizes and times)."""
    sites = folder / "sites.csv"
    stat = sites.stat()
    os.utime(sites, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def change_chains(at, chains: list[str]) -> None:
    at.session_state["chains"] = chains
    at.run()
    assert_no_exception(at)


def test_chains_page_rerun_reuses_gaps_and_summaries_until_a_publish(folder_app, monkeypatch):
    import geo.chains
    import views.chains
    import views.sankey

    gaps = count_calls(monkeypatch, views.chains, "find_gaps")
    summaries = count_calls(monkeypatch, geo.chains, "summaries")
    diagrams = count_calls(monkeypatch, views.sankey, "sankey_figure")
    at = open_page("app_pages/chains.py", session={"chains": CHAIN_A})
    assert_no_exception(at)
    change_chains(at, CHAIN_B)
    first = (len(gaps), len(summaries), len(diagrams))
    assert all(first)
    change_chains(at, CHAIN_A)  # back to a view already built: nothing recomputed
    change_chains(at, CHAIN_B)
    assert (len(gaps), len(summaries), len(diagrams)) == first
    publish(folder_app)
    change_chains(at, CHAIN_A)
    assert len(gaps) > first[0] and len(summaries) > first[1] and len(diagrams) > first[2]


def test_spatial_page_rerun_finds_the_stations_once_per_catalogue(folder_app, monkeypatch):
    import views.spatial

    stations = count_calls(monkeypatch, views.spatial, "station_place")
    at = open_page("app_pages/spatial.py", session={"chains": CHAIN_A})
    assert_no_exception(at)
    first = len(stations)
    assert first
    change_chains(at, CHAIN_B)
    assert len(stations) == first
    publish(folder_app)
    change_chains(at, CHAIN_A)
    assert len(stations) == 2 * first


def test_tour_page_rerun_reads_the_tour_files_again_only_after_a_change(folder_app, monkeypatch):
    reads = count_calls(monkeypatch, ui.data, "load_tours")
    at = open_page("app_pages/tour.py", session={"chains": CHAIN_A})
    assert_no_exception(at)
    assert len(reads) == 1
    change_chains(at, CHAIN_B)
    assert len(reads) == 1
    tour_file = sorted((folder_app / "tours").glob("*.yaml"))[0]
    stat = tour_file.stat()
    os.utime(tour_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    change_chains(at, CHAIN_A)
    assert len(reads) == 2
    publish(folder_app)
    change_chains(at, CHAIN_B)
    assert len(reads) == 3


@pytest.mark.parametrize("page", ["app_pages/baiyin.py", "app_pages/lanzhou.py"])
def test_city_page_rerun_finds_a_chains_hosts_once_per_catalogue(folder_app, monkeypatch, page):
    import geo.chains

    hosts = count_calls(monkeypatch, geo.chains, "hosts")
    at = open_page(page, session={"chains": CHAIN_A})
    assert_no_exception(at)
    change_chains(at, CHAIN_B)
    first = len(hosts)
    assert first
    change_chains(at, CHAIN_A)
    assert len(hosts) == first
    publish(folder_app)
    change_chains(at, CHAIN_A)
    assert len(hosts) > first


def test_targets_page_rerun_reuses_its_scope_groups_and_look_alikes_until_a_publish(folder_app, monkeypatch):
    import geo.targets

    groups = count_calls(monkeypatch, geo.targets, "cross_scope_groups")
    pairs = count_calls(monkeypatch, geo.targets, "incomparable_pairs")
    at = open_page("app_pages/targets.py", query={"tab": "scopes"}, session={"chains": CHAIN_A})  # its scope charts
    assert_no_exception(at)
    first = (len(groups), len(pairs))
    assert all(first)
    change_chains(at, CHAIN_B)
    assert (len(groups), len(pairs)) == first
    publish(folder_app)
    change_chains(at, CHAIN_A)
    assert len(groups) > first[0] and len(pairs) > first[1]


def test_cached_option_lists_are_handed_out_as_copies():
    from geo.load import load_catalogue
    from views.spatial import area_options

    cat = load_catalogue(check_quotes=False)
    first = area_options(cat, "en")
    first[""] = "a caller's own label"  # the enterprises page adds its own "any area"
    assert area_options(cat, "en")[""] != "a caller's own label"
