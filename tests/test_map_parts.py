"""A map is sent as a base the browser keeps and layers a filter swaps (views/map_parts.py, ui/mapview.py).

Without a browser: the split of a built map, the served files, and through AppTest that a filter
change keeps the component's identity (so streamlit-folium keeps the open map and its view) and
sends only a small part of the map.
"""

from __future__ import annotations

import folium
import pytest
import streamlit_folium

from geo.load import load_catalogue
from tests.apptest_utils import assert_no_exception, maps, marker_count, open_page, rerun
from views import map_parts
from views.map_layers import add_orgs, add_sites, lit_legend, overview_map
from views.maps import BuiltMap, MapOptions, finish, new_map

SENT_LIMIT = 30 * 1024  # issue 13: at most 30 KiB per filter change; the map's own part must fit well inside


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def base_script(parts: map_parts.MapParts) -> str:
    """The base's script as streamlit-folium sends it (element names made positional)."""
    parts.base.get_root().render()
    return streamlit_folium._get_map_string(parts.base)


def sent_bytes(args: dict) -> int:
    """What a map sends inline (not the served files a browser keeps)."""
    return sum(len((args.get(k) or "").encode()) for k in ("sent_script", "html", "feature_group", "layer_control"))


def test_split_keeps_the_basemap_and_moves_the_builders_layers(cat):
    m = new_map(cat, MapOptions())
    base_children = set(m._children)
    built = BuiltMap(m)
    add_sites(m, built, cat.sites, MapOptions())
    add_orgs(m, cat.organizations, MapOptions())
    lit_legend("lit", "en").add_to(m)
    folium.Marker([36.0, 104.0]).add_to(m)  # a loose layer
    finish(m)

    parts = map_parts.split(m)
    assert set(parts.base._children) == base_children  # boundaries, river, labels, view: the base
    assert isinstance(parts.control, folium.LayerControl)
    assert all(isinstance(layer, folium.FeatureGroup) for layer in parts.layers)
    extras = parts.layers[-1]  # the legend and the loose marker ride in one more group
    assert {type(child).__name__ for child in extras._children.values()} == {"Legend", "Marker"}
    assert len(m._children) > len(base_children)  # the built map itself is untouched


def test_an_unmarked_map_is_all_base():
    m = folium.Map(tiles=None)
    folium.FeatureGroup(name="x").add_to(m)
    parts = map_parts.split(m)
    assert parts.layers == [] and parts.control is None and len(parts.base._children) == 1


def test_same_basemap_for_every_highlight(cat):
    """Two filter states of a page give maps whose base is identical: the browser keeps the map."""
    plain = map_parts.split(overview_map(cat, MapOptions()).map)
    lit = map_parts.split(overview_map(cat, MapOptions(), highlight=("by-hitech",)).map)
    assert base_script(plain) == base_script(lit)


def test_a_filter_change_keeps_the_map_and_sends_only_its_layers():
    at = open_page("app_pages/overview.py")
    [before] = maps(at)
    rerun(at, chains=["chain-new-materials"])
    [after] = maps(at)
    # streamlit-folium keys its component by the base script: the same key = the same open map and view.
    assert after["key"] == before["key"]
    assert after["feature_group"] != before["feature_group"]  # the site layer did change
    assert after["script"].count('"markerColor": "red"') > before["script"].count('"markerColor": "red"')
    assert marker_count(after) == marker_count(before) > 0
    assert sent_bytes(after) < SENT_LIMIT / 3, sent_bytes(after)  # the basemap is not sent again
    assert all(path.is_file() for path in map_parts.served_files(after))


def test_a_tour_step_moves_the_open_map_instead_of_rebuilding_it():
    at = open_page("app_pages/tour.py")
    [first] = maps(at)
    rerun(at, step=2)
    [second] = maps(at)
    assert second["key"] == first["key"]
    assert second["center"] != first["center"] and second["center"] is not None


def test_served_files_come_back_after_the_folder_was_cleaned():
    """A long-running server whose static/generated/ was emptied writes the files again on the next run."""
    at = open_page("app_pages/chains.py", query={"chain": "chain-new-materials"})
    [args] = maps(at)
    files = map_parts.served_files(args)
    assert files
    for path in files:
        path.unlink()
    rerun(at, chains=["chain-new-materials"])
    assert_no_exception(at)
    [again] = maps(at)
    assert all(path.is_file() for path in map_parts.served_files(again))
    assert marker_count(again) == marker_count(args) > 0


def test_a_read_only_folder_keeps_the_map_inline(monkeypatch, cat):
    """If static/generated/ cannot be written, the scripts stay inline: slower, still a whole map."""

    def refuse(*_args, **_kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr(map_parts, "_publish", refuse)
    args = {"script": "var map_div = 1;", "feature_group": None, "js_links": []}
    assert map_parts.to_files(args, 0) == args


def test_the_served_folder_stays_bounded(tmp_path, monkeypatch):
    """Past MAX_FILES the least recently used files go (the map glue writes any it still needs again)."""
    monkeypatch.setattr(map_parts, "STATIC_DIR", tmp_path)
    monkeypatch.setattr(map_parts, "MAX_FILES", 10)
    monkeypatch.setattr(map_parts, "local_url", lambda url: url)
    for i in range(25):
        map_parts._publish(f"var layer_{i};")
    kept = list((tmp_path / map_parts.GENERATED).glob("*.js"))
    assert 0 < len(kept) <= 11
    assert (tmp_path / map_parts.GENERATED / f"{map_parts._digest('var layer_24;')}.js") in kept


def test_a_site_switch_on_the_profile_keeps_the_map_and_moves_its_view():
    at = open_page("app_pages/profile.py", query={"site": "by-hitech"})
    [before] = maps(at)
    at.session_state["site"] = "lz-new-area"
    at.run()
    [after] = maps(at)
    assert after["key"] == before["key"]  # the same base: the open map stays, only its layers change
    assert after["feature_group"] != before["feature_group"]
    assert before["center"] and after["center"] and after["center"] != before["center"]
    lat, lon = after["center"]
    assert 35.5 < lat < 37.5 and 103.0 < lon < 104.5  # Lanzhou New Area lies north of Lanzhou
    assert 7 <= after["zoom"] <= 14
