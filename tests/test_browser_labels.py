"""Area labels sit inside their own county, in a real browser, at every zoom (issue 9, §1).

Each visible label's on-screen centre is turned back into lon/lat by the page's own Leaflet map
(``map.containerPointToLatLng``) and checked against the county polygons loaded here.

- The builder test opens a standalone folium map (views.maps.new_map + views.basemap labels)
  in chromium: default view, zoomed out, zoomed in, and at a narrow and a wide window.
- The page test does the same on every map page of the running app (the map factory,
  ``views.maps.new_map``, draws the labels through ``views.basemap.add_basemap_layers``).

Run: `.venv/bin/python -m pytest -q -m browser tests/test_browser_labels.py`.
"""

from __future__ import annotations

import time
from functools import cache

import pytest
from shapely.geometry import Point

from geo.load import load_catalogue
from tests.browser_server import offline_context

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
pytestmark = pytest.mark.browser

LOAD_MS = 45_000
NEW_LABELS = ".lanbai-area-label-county"

# The page's Leaflet map (streamlit-folium exposes it as window.map; a plain folium page as map_<id>),
# then every visible label's centre as container point -> lat/lng, with the code it names.
LABELS_JS = """(_body, selector) => {
  const found = (window.map instanceof L.Map) ? window.map
      : Object.keys(window).filter(k => k.startsWith('map_')).map(k => window[k]).find(v => v instanceof L.Map);
  if (!found) return null;
  const box = found.getContainer().getBoundingClientRect();
  const names = {};
  return {zoom: found.getZoom(), labels: [...document.querySelectorAll(selector)].map(el => {
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2 - box.left, y = r.top + r.height / 2 - box.top;
    if (r.width === 0 || x < 0 || y < 0 || x > box.width || y > box.height) return null;
    const ll = found.containerPointToLatLng(L.point(x, y));
    return {code: el.dataset.areaCode || '', text: el.textContent.trim(), lat: ll.lat, lon: ll.lng};
  }).filter(Boolean)};
}"""
ZOOM_JS = """(_body, zoom) => {
  const m = (window.map instanceof L.Map) ? window.map
      : Object.keys(window).filter(k => k.startsWith('map_')).map(k => window[k]).find(v => v instanceof L.Map);
  m.setZoom(zoom, {animate: false});
  return m.getZoom();
}"""
# Views: as opened, zoomed out twice (a whole-province view), back in past the default.
ZOOM_STEPS = (("default", 0), ("zoomed out", -2), ("zoomed in", +3))


@cache
def counties():
    areas = load_catalogue(check_quotes=False).areas
    county = areas[areas["level"] == "county"]
    return dict(zip(county["code"].astype(str), county.geometry, strict=True))


@cache
def county_of_name():
    areas = load_catalogue(check_quotes=False).areas
    county = areas[areas["level"] == "county"]
    return {
        **dict(zip(county["name_zh"], county["code"].astype(str), strict=True)),
        **dict(zip(county["name_en"], county["code"].astype(str), strict=True)),
    }


def misplaced(found: dict) -> list[str]:
    """The labels whose screen position lies outside their own county (or in another one)."""
    shapes, wrong = counties(), []
    for label in found["labels"]:
        code = label["code"] or county_of_name().get(label["text"], "")
        here = Point(label["lon"], label["lat"])
        holders = [c for c, g in shapes.items() if g.contains(here)]
        if holders != [code]:
            wrong.append(
                f"{label['text']} ({code}) drawn at {label['lon']:.3f},{label['lat']:.3f} "
                f"in {holders or 'no county'} at zoom {found['zoom']}"
            )
    return wrong


def check_views(frame_body, selector: str, expected_codes: set[str] | None = None) -> None:
    """At each zoom step: at least one label is visible, and every visible one is in its county."""
    seen, default, moved = set(), None, 0
    for step, delta in ZOOM_STEPS:
        moved += delta  # each step zooms from the one before
        zoom = None if default is None else default + moved
        found = _labels_at(frame_body, selector, zoom)
        default = found["zoom"] if default is None and found is not None else default
        assert found is not None, "no Leaflet map found on the page"
        assert found["labels"], f"{step}: no visible label {selector} (zoom {found['zoom']}, asked {zoom})"
        wrong = misplaced(found)
        assert not wrong, f"{step}: " + "; ".join(wrong)
        seen |= {label["code"] for label in found["labels"]}
    if expected_codes is not None:
        assert expected_codes <= seen, f"labels never shown: {sorted(expected_codes - seen)}"


def _labels_at(frame_body, selector: str, zoom: int | None, timeout_s: float = LOAD_MS / 1000) -> dict | None:
    """The visible labels once the map shows ``zoom`` (None: as opened) and draws some.

    Polled, and the zoom asked again while the map shows another: in a busy browser the map may
    still be finishing its first view when a step begins, and that animation ends at its own zoom.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        if zoom is not None:
            frame_body.evaluate(ZOOM_JS, zoom)
        found = frame_body.evaluate(LABELS_JS, selector)
        settled = found is not None and (zoom is None or found["zoom"] == zoom)
        if (settled and found["labels"]) or time.monotonic() > deadline:
            return found
        frame_body.page.wait_for_timeout(100)


# --------------------------------------------------------------- the builder, standalone


@pytest.fixture(scope="module")
def standalone_map(tmp_path_factory):
    from views.basemap import add_basemap_layers
    from views.maps import MapOptions, finish, new_map
    from views.offline import standalone_map_html

    cat = load_catalogue(check_quotes=False)
    m = new_map(cat, MapOptions())  # still has the old permanent tooltips: the bug is shown beside the fix
    add_basemap_layers(m, cat, MapOptions())
    path = tmp_path_factory.mktemp("labels") / "labels.html"
    path.write_text(standalone_map_html(finish(m)), encoding="utf-8")
    return path


def _open(browser, path, size):
    context, _offline = offline_context(browser)
    page = context.new_page()
    page.set_viewport_size(size)
    page.set_content(path.read_text(encoding="utf-8"))  # file:// would count as leaving the machine
    expect(page.locator(NEW_LABELS).first).to_be_attached(timeout=LOAD_MS)
    return context, page


@pytest.mark.parametrize(
    "size", [{"width": 700, "height": 500}, {"width": 1280, "height": 1000}], ids=["streamlit-width", "wide-window"]
)
def test_builder_labels_stay_inside_their_counties(browser, standalone_map, size):
    context, page = _open(browser, standalone_map, size)
    try:
        check_views(page.locator("body"), NEW_LABELS, expected_codes=set(counties()))
    finally:
        context.close()


# --------------------------------------------------------------- every map page of the app


def _map_pages():
    from tests.test_browser_app import MAP_PAGES

    return [pytest.param(url, tab, id=file.removesuffix(".py")) for url, file, tab in MAP_PAGES]


@pytest.mark.parametrize("url, tab", _map_pages())
def test_page_labels_stay_inside_their_counties(offline_page, url, tab):
    from tests.test_browser_app import open_map

    frame = open_map(offline_page, url, tab)
    expect(frame.locator(NEW_LABELS).first).to_be_attached(timeout=10_000)
    check_views(frame.locator("body"), NEW_LABELS)
