"""The poison test (issue 7): every text column of every table and every tour text carries a script
and a markdown link/image; every page in both languages, and the offline HTML exports, open in
chromium without running the script and without a request leaving this machine.

The payload is appended to names, titles, notes and sources' wording (the quotes must stay verbatim:
they are checked against the documents); tours name their organizations by id instead, so the
poisoned names still resolve. Payloads are short: names have a length limit.

Run: `.venv/bin/python -m pytest -q -m browser tests/test_browser_injection.py`
"""

from __future__ import annotations

import copy
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from geo import targets as tg
from geo.load import load_catalogue
from tests.browser_server import MAP_IFRAME, offline_context, save_artifacts, start_app

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
LOAD_MS = 60_000
PAYLOAD = (
    ' <img src=x onerror="window.__xss=1"><script>window.__xss=1</script>`${window.__xss=1}`'
    " ![p](http://poison.invalid/t.png) [l](http://poison.invalid/)"
)
POISONED = {  # table -> free-text columns (ids, references, choices, numbers and quotes are left alone)
    "sources.csv": ("title_zh", "title_en", "issuer", "note"),
    "sites.csv": ("name_zh", "name_en", "geometry_source", "note"),
    "industries.csv": ("name_zh", "name_en"),
    "organizations.csv": ("name_zh", "name_en", "geometry_source", "note"),
    "indicators.csv": ("indicator_zh", "indicator_en", "note"),
    "projects.csv": ("name_zh", "name_en", "note"),
    "landmarks.csv": ("name_zh", "name_en", "geometry_source", "note"),
}
POISONED_GEOJSON = {"areas.geojson": ("name_zh", "name_en"), "rivers.geojson": ("name_zh", "name_en")}
TOUR_TEXTS = ("title", "description", "caption")
PAGES = ("overview", "baiyin", "lanzhou", "chains", "spatial", "profile", "targets", "tour", "sources")
# Opens every tooltip and popup of every Leaflet map in a frame (Leaflet fills them in only when opened).
OPEN_ALL_JS = """() => {
  let opened = 0;
  for (const key of Object.keys(window)) {
    const m = window[key];
    if (!(window.L && m instanceof L.Map)) continue;
    m.eachLayer(layer => {
      try {
        if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); opened++; }
        if (layer.getPopup && layer.getPopup()) { layer.openPopup(); opened++; }
      } catch (e) { /* a layer without a position (an empty group) cannot open one */ }
    });
  }
  return opened;
}"""


# --------------------------------------------------------------- the poisoned copy


def _poison_csv(path: Path, columns: tuple[str, ...]) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        for column in columns:
            if row.get(column):
                row[column] += PAYLOAD
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _poison_geojson(path: Path, columns: tuple[str, ...]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    for feature in data["features"]:
        for column in columns:
            if feature["properties"].get(column):
                feature["properties"][column] += PAYLOAD
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _poison_tour(path: Path, ids: dict[str, dict[str, str]]) -> None:
    tour = yaml.safe_load(path.read_text(encoding="utf-8"))

    def texts(node: dict) -> None:
        for key in TOUR_TEXTS:
            value = node.get(key)
            if isinstance(value, dict):
                node[key] = {lang: f"{text}{PAYLOAD}" for lang, text in value.items()}
            elif isinstance(value, str):
                node[key] = value + PAYLOAD

    texts(tour)
    for step in tour.get("steps", []):
        texts(step)
        for key, by_name in ids.items():  # names would no longer resolve: refer by id instead
            if step.get(key):
                step[key] = [by_name.get(ref, ref) for ref in step[key]]
    path.write_text(yaml.safe_dump(tour, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_poisoned_copy(folder: Path) -> Path:
    """The shipped data (with tours) under ``folder``, every free-text cell ending in :data:`PAYLOAD`."""
    shutil.copytree(ROOT / "data", folder)
    shipped = load_catalogue(ROOT / "data")
    ids = {
        "sites": dict(zip(shipped.sites["name_zh"], shipped.sites["id"], strict=False)),
        "areas": dict(zip(shipped.areas["name_zh"], shipped.areas["code"], strict=False)),
        "organizations": dict(zip(shipped.organizations["name_zh"], shipped.organizations["id"], strict=False)),
    }
    for name, columns in POISONED.items():
        _poison_csv(folder / name, columns)
    for name, columns in POISONED_GEOJSON.items():
        _poison_geojson(folder / name, columns)
    for path in (folder / "tours").glob("*.yaml"):
        _poison_tour(path, ids)
    return folder


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory) -> Path:
    folder = write_poisoned_copy(tmp_path_factory.mktemp("poison") / "data")
    report = subprocess.run(
        [sys.executable, "-m", "geo", "--data-dir", str(folder), "validate"], cwd=ROOT, capture_output=True, text=True
    )
    assert report.returncode == 0, report.stdout + report.stderr  # the poison is in the text, not the structure
    return folder


@pytest.fixture(scope="module")
def poisoned_server(poisoned):
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LANBAI_DATA_DIR", str(poisoned))
        env.delenv("LANBAI_TOURS_DIR", raising=False)
        server = start_app()
    yield server
    server.stop()


@pytest.fixture
def page_and_offline(browser, poisoned_server, request):
    context, offline = offline_context(browser, base_url=poisoned_server.url)
    page = context.new_page()
    page.set_default_timeout(LOAD_MS)
    failed_before = request.session.testsfailed
    yield page, offline
    if request.session.testsfailed > failed_before:
        save_artifacts(page, request.node.name, offline)
    context.close()


# --------------------------------------------------------------- the checks


def _xss_frames(page) -> list[str]:
    """URLs of the page's frames (the page itself and every map iframe) where the payload ran."""
    ran = []
    for frame in page.frames:
        try:
            if frame.evaluate("() => window.__xss !== undefined"):
                ran.append(frame.url or frame.name)
        except sync_api.Error:  # a frame navigating away; checked again on the next call
            continue
    return ran


def _shown_payloads(page) -> int:
    """How many frames show the payload as text (so the page really drew poisoned data)."""
    shown = 0
    for frame in page.frames:
        try:
            shown += frame.evaluate("() => document.body.textContent.includes('window.__xss=1')")
        except sync_api.Error:
            continue
    return shown


def _poll_shown_payloads(page) -> int:
    """:func:`_shown_payloads`, polled until a frame shows it (a map iframe may be mid-redraw) or time runs out."""
    deadline = time.monotonic() + LOAD_MS / 1000
    while (shown := _shown_payloads(page)) == 0 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    return shown


def _open_every_tooltip(page) -> int:
    opened = 0
    for frame in page.frames:
        try:
            opened += frame.evaluate(OPEN_ALL_JS)
        except sync_api.Error:
            continue
    return opened


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("url_path", PAGES)
def test_no_injected_script_runs_and_nothing_leaves_the_machine(page_and_offline, url_path, lang):
    page, offline = page_and_offline
    page.goto(f"/{url_path}?lang={lang}")
    expect(page.get_by_role("heading", level=1).first).to_be_visible(timeout=LOAD_MS)
    expect(page.locator('[data-test-script-state="notRunning"]')).to_have_count(1, timeout=LOAD_MS)
    tabs = page.get_by_role("tab")
    for i in range(tabs.count()):  # every tab's content, charts and maps included
        tabs.nth(i).click()
    maps = page.locator(MAP_IFRAME)
    for i in range(maps.count()):  # each map drawn (as tests/test_browser_app.py waits), then its tooltips opened
        expect(page.frame_locator(MAP_IFRAME).nth(i).locator(".leaflet-container")).to_be_visible(timeout=LOAD_MS)
        frame = maps.nth(i).element_handle().content_frame()
        frame.wait_for_function(OPEN_ALL_JS, timeout=LOAD_MS)  # polls until a map with tooltips is there
    _open_every_tooltip(page)  # again, in every frame: a map redrawn meanwhile gets them opened too
    page.wait_for_load_state("networkidle")
    if url_path != "sources":  # its data are in tables, drawn on a canvas: no text to find
        assert _poll_shown_payloads(page) > 0, "the poisoned text is not on the page"
    assert _xss_frames(page) == []
    assert offline.aborted == []
    assert page.get_by_text("Traceback").count() == 0


# --------------------------------------------------------------- the offline HTML downloads


def _offline_maps(folder: Path) -> dict[str, str]:
    from views import map_layers, offline, profile, targets
    from views.maps import MapOptions

    cat = load_catalogue(folder)
    out = {}
    for lang in ("zh", "en"):
        opts = MapOptions(lang=lang)
        built = {
            "overview": map_layers.overview_map(cat, opts),
            "targets": targets.indicator_map(cat, opts, tg.map_series(cat)[0].key),
            "profile": profile.inset_map(cat, opts, cat.sites["id"].iloc[0]),
        }
        for name, b in built.items():
            out[f"{name}-{lang}"] = offline.standalone_map_html(copy.deepcopy(b.map))
    return out


def test_offline_html_exports_run_no_injected_script(browser, poisoned, tmp_path):
    context = browser.new_context()
    left: list[str] = []  # requests for anything but the file itself and inlined data

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:", "about:")):
            r.continue_()
        else:
            left.append(r.request.url)
            r.abort("internetdisconnected")

    context.route("**/*", route)
    page = context.new_page()
    try:
        for name, html in _offline_maps(poisoned).items():
            path = tmp_path / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            page.goto(path.as_uri())
            expect(page.locator(".leaflet-container")).to_be_visible(timeout=LOAD_MS)
            assert page.evaluate(OPEN_ALL_JS) > 0, name
            expect(page.locator(".leaflet-control-layers")).to_have_count(1, timeout=LOAD_MS)
            assert page.evaluate("() => window.__xss") is None, name
        assert left == []
    finally:
        context.close()


def test_the_payload_is_in_every_poisoned_table(poisoned):
    """Guard: the copy really is poisoned (a loader that dropped the text would make the test vacuous)."""
    cat = load_catalogue(poisoned)
    for frame, column in (
        (cat.sites, "name_en"),
        (cat.organizations, "name_zh"),
        (cat.industries, "name_en"),
        (cat.indicators, "indicator_zh"),
        (cat.areas, "name_zh"),
    ):
        assert frame[column].str.endswith(PAYLOAD).any(), column
    assert os.environ.get("LANBAI_DATA_DIR") != str(poisoned)  # the poison stays in its own server
