"""Expanders and tabs built only when open (ui.lazy), in a real browser (Debian chromium, offline).

A closed expander's tables are not on the page; a click opens it and they show. The open tab of the
Targets page survives a filter change, is in the URL, and a reload reopens it.

Run: `.venv/bin/python -m pytest -q -m browser tests/test_browser_lazy.py`.
"""

from __future__ import annotations

import re

import pytest

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
pytestmark = pytest.mark.browser

LOAD_MS = 45_000  # a page's first run builds its map; 2 shared cores can be slow
TABLE = '[data-testid="stDataFrame"]'
CHART = '[data-testid="stPlotlyChart"]'


def idle(page) -> None:
    expect(page.locator('[data-test-script-state="notRunning"]')).to_have_count(1, timeout=LOAD_MS)


def test_a_parks_tables_are_sent_only_once_its_expander_is_opened(offline_page):
    page = offline_page
    page.goto("/baiyin")
    park = page.locator(".st-key-by_box_by-yindong")
    expect(park).to_be_visible(timeout=LOAD_MS)
    idle(page)
    expect(park.locator(TABLE)).to_have_count(0)  # closed: nothing built or sent
    park.locator("summary").click()
    expect(park.locator(TABLE)).to_have_count(2, timeout=LOAD_MS)  # its industries and its units
    expect(park.locator(TABLE).first).to_be_visible()
    expect(page.locator(".st-key-by_box_by-pingchuan").locator(TABLE)).to_have_count(0)  # the others stay closed


def test_the_open_tab_survives_a_filter_change_and_a_reload(offline_page):
    page = offline_page
    page.goto("/targets")
    idle(page)
    expect(page.locator(TABLE)).to_have_count(1, timeout=LOAD_MS)  # the first tab: every figure
    charts_tab = page.get_by_role("tab", name="按单位分组的图表", exact=True)
    charts_tab.click()
    expect(page).to_have_url(re.compile(r"[?&]tab=charts"), timeout=LOAD_MS)
    expect(page.locator(CHART).first).to_be_visible(timeout=LOAD_MS)
    expect(page.locator(TABLE)).to_have_count(0)  # the table tab is no longer built
    page.locator(".st-key-targets_kind").get_by_role("combobox").click()
    page.get_by_role("option", name="实绩", exact=True).click()
    idle(page)
    expect(charts_tab).to_have_attribute("aria-selected", "true")
    expect(page.locator(CHART).first).to_be_visible(timeout=LOAD_MS)
    expect(page).to_have_url(re.compile(r"[?&]tab=charts"))
    page.reload()
    idle(page)
    expect(page.get_by_role("tab", name="按单位分组的图表", exact=True)).to_have_attribute(
        "aria-selected", "true", timeout=LOAD_MS
    )
    expect(page.locator(CHART).first).to_be_visible(timeout=LOAD_MS)
