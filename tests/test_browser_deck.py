"""A pydeck deck from views/deck.py in a real browser (Debian chromium), offline: the canvas draws
the basemap and the point, no request leaves 127.0.0.1, and a click selects the point's id.

The app is a tiny Streamlit script written to a temporary folder (the atlas's pages do not show
a deck yet); its one point is SYNTHETIC. Run:
`.venv/bin/python -m pytest -q -m browser tests/test_browser_deck.py`.
"""

from __future__ import annotations

import io
import time

import pytest

from tests.browser_server import ROOT, offline_context, save_artifacts, start_app

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
pytestmark = pytest.mark.browser

LOAD_MS = 45_000
DECK = '[data-testid="stDeckGlJsonChart"]'
SCRIPT = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
import pandas as pd
import streamlit as st
from geo.load import load_catalogue
from views.deck import picked, points_deck

cat = load_catalogue(check_quotes=False)
rows = pd.DataFrame({{"id": ["synthetic-point-1"], "label": ["<b>synthetic</b>"], "lon": [104.18], "lat": [36.5]}})
event = st.pydeck_chart(points_deck(cat, rows), on_select="rerun", selection_mode="single-object",
                        key="deck-under-test", height=500)
hit = picked(event)
st.write("PICKED=" + (hit.id if hit else "none"))
"""
POINT_RGB = (200, 40, 40)  # views.deck.POINT_COLOUR
BASE_RGB = (245, 243, 238)  # the basemap's county fill


@pytest.fixture(scope="module")
def deck_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("deck-app")
    (folder / "app.py").write_text(SCRIPT, encoding="utf-8")
    server = start_app(root=folder, script="app.py")
    yield server
    server.stop()


def colours_near(png: bytes, rgb: tuple[int, int, int], tolerance: int = 30) -> int:
    """How many pixels of the screenshot are within ``tolerance`` of ``rgb`` on every channel."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(
        n
        for n, c in image.getcolors(maxcolors=1 << 24)
        if all(abs(a - b) <= tolerance for a, b in zip(c, rgb, strict=True))
    )


def wait_for_pixels(locator, rgb, timeout_s: float = 30) -> bytes:
    """Poll screenshots of ``locator`` until some pixels have ``rgb``; the last screenshot."""
    deadline = time.monotonic() + timeout_s
    while True:
        png = locator.screenshot()
        if colours_near(png, rgb) or time.monotonic() > deadline:
            return png


def test_deck_draws_offline_and_a_click_selects(browser, deck_server, request):
    context, offline = offline_context(browser, base_url=deck_server.url)
    page = context.new_page()
    page.set_default_timeout(LOAD_MS)
    try:
        page.goto("/")
        canvas = page.locator(f"{DECK} canvas").first
        expect(canvas).to_be_visible(timeout=LOAD_MS)
        png = wait_for_pixels(canvas, POINT_RGB)
        assert colours_near(png, POINT_RGB) > 20, "the point is not drawn"
        assert colours_near(png, BASE_RGB, tolerance=4) > 1_000, "the offline basemap is not drawn"
        expect(page.get_by_text("PICKED=none")).to_be_visible()

        box = canvas.bounding_box()  # the deck is centred on its one point
        centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.move(*centre)
        page.mouse.click(*centre)
        expect(page.get_by_text("PICKED=synthetic-point-1")).to_be_visible(timeout=LOAD_MS)
        assert offline.aborted == [], f"requests left the machine: {offline.aborted}"
    except Exception:
        save_artifacts(page, request.node.name, offline)
        raise
    finally:
        context.close()
