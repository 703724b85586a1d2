"""The whole app in a real browser (Debian chromium) with no internet: every map page draws its
map and all its markers (after a rerun and for a second visitor too), a click on a site opens
its profile, the chain filter turns the hosting sites red, the language switch relabels
everything, a deep link on a fresh server goes through the router, and downloads work.

Run: `.venv/bin/python -m pytest -q -m browser tests/test_browser_app.py` (one shared server and
one browser; only the deep-link test starts a fresh server of its own). A failing test leaves a
screenshot, the HTML of every frame and the aborted requests in test-artifacts/.
"""

from __future__ import annotations

import io
import re
import zipfile
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest

from geo import filters as geo_filters
from geo.load import load_catalogue
from tests.browser_server import MARKER, MARKER_JS, map_frame, offline_context, save_artifacts, start_app
from views.maps import HIGHLIGHT_COLOUR, ORG_STYLE, SITE_STYLE

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
pytestmark = pytest.mark.browser

LOAD_MS = 45_000  # a page's first run builds its map; 2 shared cores can be slow
TOOLTIP = ".leaflet-tooltip-pane .leaflet-tooltip:not(.area-label)"
TOPMOST_JS = """() => [...document.querySelectorAll('.leaflet-marker-pane > *')].map(e => {
  const r = e.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 3);
  return hit !== null && (hit === e || e.contains(hit));
})"""


@cache
def catalogue():
    return load_catalogue()


@contextmanager
def artifacts_on_failure(page, name: str, offline):
    """For tests that open their own pages (not ``offline_page``): keep the evidence of a failure."""
    try:
        yield
    except Exception:
        save_artifacts(page, name, offline)
        raise


MAP_PAGES = [  # url, page file, the tab holding the map (None: the map is on the page)
    ("/", "overview.py", None),
    ("/baiyin", "baiyin.py", None),
    ("/lanzhou", "lanzhou.py", None),
    ("/chains", "chains.py", None),
    ("/spatial", "spatial.py", None),
    ("/profile?site=by-hitech", "profile.py", None),
    ("/targets", "targets.py", "地图"),
    ("/tour", "tour.py", None),
]


def open_map(page, url: str, tab: str | None = None, index: int = 0):
    """Go to ``url`` (and open ``tab`` if the page has it); wait until its map is drawn.
    Returns the map's FrameLocator.

    A visible ``.leaflet-container`` means the folium script ran: streamlit-folium keeps the
    iframe at height 0 when the script fails.
    """
    page.goto(url)
    if tab:  # the map may sit in a tab; the page decides, so open the tab only if it is there
        expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=LOAD_MS)
        expect(page.locator('[data-test-script-state="notRunning"]')).to_have_count(1, timeout=LOAD_MS)
        if page.get_by_role("tab", name=tab, exact=True).count():
            page.get_by_role("tab", name=tab, exact=True).click()
    frame = map_frame(page, index)
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=LOAD_MS)
    # Leaflet's CSS applied (the map script may run before the stylesheets arrive): panes in place.
    expect(frame.locator(".leaflet-map-pane")).to_have_css("position", "absolute", timeout=LOAD_MS)
    return frame


def wait_for_rerun(page, url_pattern: str) -> None:
    """After a widget change: wait until the URL shows the new state and the script has finished."""
    expect(page).to_have_url(re.compile(url_pattern), timeout=LOAD_MS)
    expect(page.locator('[data-test-script-state="notRunning"]')).to_have_count(1, timeout=LOAD_MS)


# The map as drawn now: the inline script, the base map's script (from its served file) and the served files of
# the layers shown (views/map_parts.py), once every layer asked for is drawn.
MAP_SCRIPT_JS = """async () => {
  for (let i = 0; i < 600 && window.lanbaiLayersPending && window.lanbaiLayersPending(); i++) {
    await new Promise(done => setTimeout(done, 50));
  }
  const inline = [...document.scripts].filter(s => !s.src).map(s => s.text);
  const layers = (window.__GLOBAL_DATA__ && window.__GLOBAL_DATA__.last_feature_group) || '';
  const urls = [...layers.matchAll(/lanbaiLayer\\(\\w+, "([^"]+)"/g)].map(m => m[1]);
  const served = await Promise.all(urls.map(u => fetch(u).then(r => r.text())));
  return [...inline, ...Object.values(window.lanbaiBaseMaps || {}), ...served].join('\\n');
}"""


def map_script(page, index: int = 0) -> str:
    """The folium script of the ``index``-th map as drawn now (inline, and the served files it names)."""
    return map_frame(page, index).locator("body").evaluate(MAP_SCRIPT_JS)


def markers_in_script(page, index: int = 0) -> int:
    return len(re.findall(r"\bL\.marker\(", map_script(page, index)))


def expect_markers(frame, count: int) -> dict:
    """Wait until the map shows ``count`` markers (clustered ones counted by their clusters)."""
    body = frame.locator("body")
    summary = body.evaluate(MARKER_JS)
    if summary["markers"] != count:  # markers may still be arriving: let Playwright poll the DOM
        expect(frame.locator(MARKER)).to_have_count(count + summary["clusters"], timeout=LOAD_MS)
        summary = body.evaluate(MARKER_JS)
    assert summary["markers"] == count, summary
    return summary


# Layers arrive from served files after the map is drawn, and awesome-markers' stylesheet may apply after
# them: until it does, a marker has no size and nothing can be hovered. Poll (up to LOAD_MS) for both.
MARKERS_STYLED_JS = """async (limitMs) => {
  const styled = () => [...document.querySelectorAll('.leaflet-marker-pane > .awesome-marker')]
      .every(e => e.offsetWidth > 0 && e.offsetHeight > 0);
  const pending = () => window.lanbaiLayersPending && window.lanbaiLayersPending();
  for (const end = Date.now() + limitMs; Date.now() < end && (pending() || !styled()); ) {
    await new Promise(done => setTimeout(done, 50));
  }
  return styled() && !pending();
}"""


def hovered_markers(frame):
    """Hover each marker that is not covered by another; yield (marker, tooltip's first line)."""
    assert frame.locator("body").evaluate(MARKERS_STYLED_JS, LOAD_MS), "markers not drawn with their style"
    for i, topmost in enumerate(frame.locator("body").evaluate(TOPMOST_JS)):
        if not topmost:
            continue
        marker = frame.locator(MARKER).nth(i)
        marker.hover()
        tip = frame.locator(TOOLTIP)
        expect(tip).to_have_count(1)
        yield marker, tip.inner_text().strip().splitlines()[0].strip()


def first_site_marker(frame, lang: str):
    """The first uncovered site marker and the site's row (tooltips name sites in ``lang``)."""
    sites = catalogue().sites.set_index("name_zh" if lang == "zh" else "name_en", drop=False)
    for marker, label in hovered_markers(frame):
        if label in sites.index:
            return marker, sites.loc[[label]].iloc[0]
    raise AssertionError("no uncovered site marker with a known name")


# --------------------------------------------------------------- every map page


@pytest.mark.parametrize(
    "url, page_file, tab", [pytest.param(u, f, tab, id=f.removesuffix(".py")) for u, f, tab in MAP_PAGES]
)
def test_map_renders_all_its_markers_offline(offline_page, url, page_file, tab):
    frame = open_map(offline_page, url, tab)
    expected = markers_in_script(offline_page)
    expect_markers(frame, expected)
    if page_file == "overview.py":  # every located site and organization, no more
        cat = catalogue()
        assert expected == cat.sites.geometry.notna().sum() + cat.organizations.geometry.notna().sum()
    assert offline_page.offline.aborted == [], "the page tried to reach the internet"


def test_a_map_opens_again_in_a_second_session(browser, app_server):
    """Maps are built once per process and cached; every later visitor must get a working map too."""
    for visit in (1, 2):
        context, offline = offline_context(browser, base_url=app_server.url)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        try:
            with artifacts_on_failure(page, f"test_a_map_opens_again_in_a_second_session_{visit}", offline):
                expect_markers(open_map(page, "/baiyin"), markers_in_script(page))
        except AssertionError as exc:
            raise AssertionError(f"visit {visit}: map not drawn; page errors: {errors}") from exc
        finally:
            context.close()


def test_a_deep_link_to_a_fresh_server_goes_through_the_router(browser):
    """After a restart the first visitor may come by a shared link, not by /: the router must
    still run (its navigation, sidebar and URL state), not the page file on its own."""
    server = start_app()
    context, offline = offline_context(browser, base_url=server.url)
    page = context.new_page()
    try:
        with artifacts_on_failure(page, "test_a_deep_link_to_a_fresh_server_goes_through_the_router", offline):
            page.goto("/baiyin?lang=en")
            expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=LOAD_MS)
            nav = page.get_by_role("navigation")
            expect(nav.get_by_role("link", name="Overview", exact=True)).to_be_visible(timeout=10_000)
            expect(page.get_by_role("radiogroup")).to_have_count(1)  # the shared sidebar's language switch
    finally:
        context.close()
        server.stop()


def test_map_survives_a_rerun(offline_page):
    """A widget change reruns the page; the (cached) map must still be drawn afterwards."""
    errors = []
    offline_page.on("pageerror", lambda e: errors.append(str(e)))
    frame = open_map(offline_page, "/")
    before = expect_markers(frame, markers_in_script(offline_page))
    offline_page.get_by_role("combobox", name="城市").click()
    offline_page.get_by_role("option", name="白银").click()
    wait_for_rerun(offline_page, r"[?&]city=")
    try:
        expect(frame.locator(".leaflet-container")).to_be_visible(timeout=LOAD_MS)
    except AssertionError as exc:
        raise AssertionError(f"map gone after the rerun; page errors: {errors}") from exc
    assert expect_markers(frame, markers_in_script(offline_page)) == before and errors == []


# --------------------------------------------------------------- interactions


def test_clicking_a_site_marker_opens_its_profile(offline_page):
    frame = open_map(offline_page, "/")
    marker, site = first_site_marker(frame, "zh")
    marker.click()
    expect(offline_page).to_have_url(re.compile(r"/profile(\?|$)"), timeout=LOAD_MS)
    expect(offline_page.get_by_role("main")).to_contain_text(site["name_zh"], timeout=LOAD_MS)


def expected_red(highlight: set[str]) -> int:
    """Red markers on the overview: highlighted sites plus sites and orgs whose kind is drawn red."""
    cat = catalogue()
    sites = cat.sites[cat.sites.geometry.notna()]
    orgs = cat.organizations[cat.organizations.geometry.notna()]
    red_sites = sum(
        sid in highlight or SITE_STYLE.get(kind, ("gray",))[0] == HIGHLIGHT_COLOUR
        for sid, kind in zip(sites["id"], sites["kind"], strict=False)
    )
    return red_sites + sum(ORG_STYLE.get(kind, ("lightgray",))[0] == HIGHLIGHT_COLOUR for kind in orgs["kind"])


def test_chain_filter_turns_the_hosting_sites_red(offline_page):
    chain = "chain-new-materials"
    hosting = set(geo_filters.SiteQuery((geo_filters.IndustryFilter((chain,)),)).run(catalogue())["id"])
    plain = expect_markers(open_map(offline_page, "/"), markers_in_script(offline_page))
    chosen = expect_markers(open_map(offline_page, f"/?chain={chain}"), markers_in_script(offline_page))
    assert plain["red"] == expected_red(set())
    assert chosen["red"] == expected_red(hosting) > plain["red"]


TAG_AND_PAN_JS = """() => { document.querySelector('.leaflet-container').__kept = true;
  window.map.panBy([60, 40], {animate: false}); const c = window.map.getCenter();
  return [c.lat, c.lng, window.map.getZoom()]; }"""
VIEW_JS = """() => { const c = window.map.getCenter(); return [c.lat, c.lng, window.map.getZoom(),
  document.querySelector('.leaflet-container').__kept === true]; }"""


def test_a_filter_change_keeps_the_map_and_the_view(offline_page):
    """The chain filter swaps the site layer in the open map: the map is not rebuilt (the Leaflet
    container is the same element) and the view the user panned to stays (views/map_parts.py)."""
    chain = "chain-new-materials"
    hosting = set(geo_filters.SiteQuery((geo_filters.IndustryFilter((chain,)),)).run(catalogue())["id"])
    frame = open_map(offline_page, "/")
    assert expect_markers(frame, markers_in_script(offline_page))["red"] == expected_red(set())
    panned = frame.locator("body").evaluate(TAG_AND_PAN_JS)
    label = catalogue().industries.set_index("id").loc[chain, "name_zh"]
    offline_page.locator(".st-key-chains").get_by_role("combobox").click()
    offline_page.get_by_role("option", name=label, exact=True).click()
    offline_page.keyboard.press("Escape")
    wait_for_rerun(offline_page, r"[?&]chain=")
    expect(frame.locator(".awesome-marker-icon-red")).to_have_count(expected_red(hosting), timeout=LOAD_MS)
    *view, kept = frame.locator("body").evaluate(VIEW_JS)
    assert kept, "the map was rebuilt by the filter change"
    assert view == pytest.approx(panned), "the filter change moved the map away from the user's view"


def test_chains_page_draws_the_chosen_chain_in_red(offline_page):
    frame = open_map(offline_page, "/chains?chain=chain-new-materials")
    script = map_script(offline_page)
    shown = expect_markers(frame, markers_in_script(offline_page))
    assert shown["red"] == script.count('"markerColor": "red"') > 0


def test_language_switch_relabels_title_and_tooltips(offline_page):
    frame = open_map(offline_page, "/")
    expect(offline_page.get_by_role("heading", level=1)).to_have_text("兰白自创区空间图集")
    first_site_marker(frame, "zh")  # Chinese names in the tooltips
    offline_page.get_by_text("English", exact=True).click()  # the sidebar's language radio
    expect(offline_page.get_by_role("heading", level=1)).to_have_text("Lanbai Innovation Zone Atlas", timeout=LOAD_MS)
    expect(offline_page).to_have_url(re.compile(r"[?&]lang=en"))
    expect(offline_page.get_by_role("link", name="Data & sources")).to_be_visible()
    frame = map_frame(offline_page)
    expect(frame.locator(MARKER).first).to_be_visible(timeout=LOAD_MS)
    _, site = first_site_marker(frame, "en")  # English names in the tooltips now
    assert site["name_en"] != site["name_zh"]


def test_english_link_opens_in_english(offline_page):
    frame = open_map(offline_page, "/?lang=en")
    expect(offline_page.get_by_role("heading", level=1)).to_have_text("Lanbai Innovation Zone Atlas")
    _, site = first_site_marker(frame, "en")
    assert site["name_en"]


# --------------------------------------------------------------- Data & sources


def test_sources_page_downloads_the_catalogue_offline(offline_page, tmp_path):
    offline_page.goto("/sources?lang=en")
    offline_page.get_by_role("tab", name="Downloads").click()
    button = offline_page.get_by_role("button", name="CSV zip")
    expect(button).to_be_visible(timeout=LOAD_MS)
    with offline_page.expect_download(timeout=LOAD_MS) as info:
        button.click()
    path = Path(tmp_path / info.value.suggested_filename)
    info.value.save_as(path)
    names = zipfile.ZipFile(io.BytesIO(path.read_bytes())).namelist()
    assert "sites.csv" in names and info.value.suggested_filename == "lanbai-atlas-csv.zip"
    assert offline_page.offline.aborted == []
