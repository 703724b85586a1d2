"""The 企业与载体 page in a real browser (Debian chromium), offline: the deck canvas draws the basemap and
the enterprise, a click on the enterprise opens its detail panel, and no request leaves 127.0.0.1.

The shipped data locate one enterprise (白银有色集团股份有限公司); the deck centres on it, so a click at the
canvas's centre hits it. Run: `.venv/bin/python -m pytest -q -m browser tests/test_browser_enterprises.py`.
"""

from __future__ import annotations

import pytest

from tests.test_browser_deck import BASE_RGB, DECK, POINT_RGB, colours_near, wait_for_pixels

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
pytestmark = pytest.mark.browser

LOAD_MS = 60_000
FIRM = "白银有色集团股份有限公司"


def test_enterprise_deck_draws_offline_and_a_click_opens_the_firm(offline_page):
    page = offline_page
    page.goto("/enterprises")
    canvas = page.locator(f"{DECK} canvas").first
    expect(canvas).to_be_visible(timeout=LOAD_MS)
    png = wait_for_pixels(canvas, POINT_RGB)
    assert colours_near(png, POINT_RGB) > 20, "the enterprise is not drawn"
    assert colours_near(png, BASE_RGB, tolerance=4) > 1_000, "the offline basemap is not drawn"
    expect(page.get_by_role("heading", name=FIRM)).to_have_count(0)

    box = canvas.bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(*centre)
    page.mouse.click(*centre)
    expect(page.get_by_role("heading", name=FIRM)).to_be_visible(timeout=LOAD_MS)
    assert page.offline.aborted == [], f"requests left the machine: {page.offline.aborted}"


def test_compare_maps_draw_offline(offline_page):
    page = offline_page
    page.goto("/compare?sites=by-hitech,lz-hitech")
    canvases = page.locator(f"{DECK} canvas")
    expect(canvases.first).to_be_visible(timeout=LOAD_MS)
    expect(canvases).to_have_count(2, timeout=LOAD_MS)
    png = wait_for_pixels(canvases.first, POINT_RGB)
    assert colours_near(png, POINT_RGB) > 20
    assert page.offline.aborted == [], f"requests left the machine: {page.offline.aborted}"
