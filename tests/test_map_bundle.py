"""A map's libraries go to its frame as one script and one stylesheet (views/map_bundle.py)."""

from __future__ import annotations

import posixpath
import re

import pytest

from tests.apptest_utils import local_links_exist, maps, open_page
from views import map_bundle, map_parts
from views.offline import STATIC_DIR, local_url

LEAFLET_JS = local_url("/app/static/vendor/leaflet-1.9.3/dist/leaflet.js")
IMAGE_PATH_JS = local_url("/app/static/js/leaflet-imagepath.js")
AWESOME_JS = local_url("/app/static/vendor/leaflet-awesome-markers-2.0.2/js/leaflet.awesome-markers.js")
LEAFLET_CSS = local_url("/app/static/vendor/leaflet-1.9.3/dist/leaflet.css")
FONT_AWESOME_CSS = local_url("/app/static/vendor/fontawesome-free-6.2.0/css/all.min.css")
MARKERS_CSS = local_url("/app/static/vendor/leaflet-awesome-markers-2.0.2/css/leaflet.awesome-markers.css")
OWN = "/app/static/generated/0123456789abcdef01234567.js"  # a map's base file stays a file of its own


@pytest.fixture
def written():
    """Where bundles are written: static/generated/ (content-named, git-ignored, as the app writes them)."""
    return STATIC_DIR / map_parts.GENERATED


def _text(folder, link: str) -> str:
    return (folder / link.rsplit("/", 1)[1]).read_text(encoding="utf-8")


def test_the_libraries_become_one_script_in_order_and_the_map_file_follows(written):
    args = {"script": "x", "js_links": [LEAFLET_JS, IMAGE_PATH_JS, AWESOME_JS, OWN], "css_links": []}
    out = map_bundle.bundle(args)
    [bundle, own] = out["js_links"]
    assert own == OWN and bundle.startswith("/app/static/generated/") and bundle.endswith(".js")
    text = _text(written, bundle)
    starts = [
        text.index((STATIC_DIR / link.removeprefix("/app/static/")).read_text()[:200]) for link in args["js_links"][:3]
    ]
    assert starts == sorted(starts)  # each library whole, in the order the frame ran them
    assert "sourceMappingURL" not in text  # the maps are not shipped: no requests that 404
    assert text.splitlines()[0].endswith("*/;")  # no library's "use strict" can become the whole bundle's


def test_sources_lists_what_a_bundle_stands_for(written):
    out = map_bundle.bundle({"js_links": [LEAFLET_JS, AWESOME_JS], "css_links": [LEAFLET_CSS, MARKERS_CSS]})
    assert map_bundle.sources(out["js_links"][0]) == [LEAFLET_JS, AWESOME_JS]
    assert map_bundle.sources(out["css_links"][0]) == [LEAFLET_CSS, MARKERS_CSS]
    assert map_bundle.sources(LEAFLET_JS) == [LEAFLET_JS]


def test_the_stylesheet_still_finds_its_fonts_and_images(written):
    out = map_bundle.bundle({"js_links": [], "css_links": [LEAFLET_CSS, FONT_AWESOME_CSS, MARKERS_CSS]})
    [sheet] = out["css_links"]
    text = _text(written, sheet)
    assert "../vendor/fontawesome-free-6.2.0/webfonts/fa-solid-900.woff2" in text
    assert "../vendor/leaflet-awesome-markers-2.0.2/css/images/markers-soft.png" in text
    # as tests/test_offline_assets.py checks the vendored sheets: a @font-face src needs one existing format
    for prop, value in re.findall(r"([\w-]+)\s*:\s*([^;{}]*url\([^;{}]*)", text):
        refs = [ref.strip("'\"") for ref in re.findall(r"url\(([^)]*)\)", value)]
        refs = [re.split(r"[?#]", ref)[0] for ref in refs if not ref.startswith(("data:", "#"))]
        # resolved from static/generated/, as the browser does
        exists = [(STATIC_DIR / posixpath.normpath(posixpath.join(map_parts.GENERATED, ref))).is_file() for ref in refs]
        assert (any(exists) if prop == "src" else all(exists)) or not refs, (prop, refs)


def test_one_library_or_a_read_only_folder_leaves_the_links_as_they_are(written, monkeypatch):
    single = {"js_links": [LEAFLET_JS, OWN], "css_links": [LEAFLET_CSS]}
    assert map_bundle.bundle(single) == single

    def refuse(*_args, **_kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr(map_bundle, "publish", refuse)
    several = {"js_links": [LEAFLET_JS, AWESOME_JS], "css_links": [LEAFLET_CSS, MARKERS_CSS]}
    assert map_bundle.bundle(several) == several


def test_a_page_sends_its_map_one_library_script_one_stylesheet_and_its_base():
    [m] = maps(open_page())
    assert len(m["sent_js_links"]) == 2 and len(m["sent_css_links"]) == 1
    assert not local_links_exist({"js_links": m["sent_js_links"], "css_links": m["sent_css_links"]})
    assert any("leaflet.js" in link for link in m["js_links"])  # what the bundle stands for
    assert any("leaflet.awesome-markers.js" in link for link in m["js_links"])
    assert any("lanbai-layers.js" in link for link in m["js_links"])
