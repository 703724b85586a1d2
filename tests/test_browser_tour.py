"""A real browser steps through a tour with the keyboard, offline.

Reuses the server and offline-page fixtures of tests/browser_server.py: `streamlit run serve.py`
on a free port (polled on /_stcore/health), Debian's chromium, every non-localhost request aborted,
and on failure a screenshot and the page's HTML in test-artifacts/.
"""

import re

import pytest

from geo import load_catalogue
from geo.tours import load_tours
from tests.browser_server import MARKER, map_frame, marker_summary, offline_context, start_app

pytestmark = pytest.mark.browser
TOUR = "baiyin-1z6p"


@pytest.fixture(scope="module")
def tour():
    return load_tours(load_catalogue()).get(TOUR)


def located_count(tour, number: int) -> tuple[int, int]:
    """(markers on the map, red ones) expected for a step: located highlighted sites and units."""
    cat = load_catalogue()
    step = tour.step(number)
    sites = cat.sites[cat.sites["id"].isin(step.sites) & cat.sites.geometry.notna()]
    orgs = cat.organizations[cat.organizations["id"].isin(step.organizations) & cat.organizations.geometry.notna()]
    assert "orgs" not in step.layers  # the count below assumes so (other sites are vector dots, not markers)
    return len(sites) + len(orgs), len(sites)


def expect_step(page, tour, number: int) -> None:
    expect = pytest.importorskip("playwright.sync_api").expect
    total = len(tour.steps)
    expect(page.get_by_text(f"第 {number} 步，共 {total} 步")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name=tour.step(number).caption.zh)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"step={number}\b" if number > 1 else rf"tour={TOUR}(?!.*step=)"))
    markers, red = located_count(tour, number)
    frame = map_frame(page)
    expect(frame.locator(MARKER)).to_have_count(markers, timeout=45_000)
    assert marker_summary(frame)["red"] == red


def test_arrow_keys_step_through_a_tour_offline(offline_page, app_server, tour):  # noqa: F811
    page = offline_page
    page.goto(f"{app_server.url}/tour?tour={TOUR}", wait_until="domcontentloaded")
    expect_step(page, tour, 1)
    page.keyboard.press("ArrowRight")
    expect_step(page, tour, 2)
    page.keyboard.press("ArrowRight")
    expect_step(page, tour, 3)
    page.keyboard.press("ArrowLeft")
    expect_step(page, tour, 2)
    assert page.offline.aborted == [], f"requests that needed the internet: {page.offline.aborted}"


def test_a_step_link_opens_that_step(offline_page, app_server, tour):  # noqa: F811
    page = offline_page
    page.goto(f"{app_server.url}/tour?tour={TOUR}&step=4", wait_until="domcontentloaded")
    expect_step(page, tour, 4)
    assert page.offline.aborted == []


def test_deep_link_is_the_first_request_of_a_fresh_server(browser, tour):  # noqa: F811
    """A link opened right after a restart (the first request the server sees) still gets the router."""
    server = start_app()
    try:
        context, offline = offline_context(browser)
        page = context.new_page()
        page.goto(f"{server.url}/tour?tour={TOUR}&step=3", wait_until="domcontentloaded")
        expect = pytest.importorskip("playwright.sync_api").expect
        expect(page.get_by_text("语言 / Language")).to_be_visible(timeout=45_000)  # the router's sidebar
        expect_step(page, tour, 3)
        assert offline.aborted == []
        context.close()
    finally:
        server.stop()
