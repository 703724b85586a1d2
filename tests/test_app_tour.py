"""The presentation page (演示): steps move with the buttons, the map follows, links reopen a step,
and a broken tour file is shown as an error while the other tours keep working."""

import re
import shutil
from pathlib import Path

import pytest

from geo import load_catalogue
from geo.markup import md_text
from geo.settings import reload as settings_reload
from geo.tours import load_tours
from tests.apptest_utils import assert_no_exception, fake_click, local_links_exist, maps, open_page, tooltips

ROOT = Path(__file__).resolve().parent.parent
PAGE = "app_pages/tour.py"
SHIPPED = Path(__file__).resolve().parent.parent / "data" / "tours"


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


@pytest.fixture(scope="module")
def tours(cat):
    return load_tours(cat, SHIPPED)


def centre(at) -> tuple[float, float]:
    [m] = maps(at)
    if m["center"]:  # the step's view, applied to the open map (the base is the same for every step)
        return tuple(m["center"])
    lat, lon = re.search(r"center: \[([-\d.]+), ([-\d.]+)\]", m["script"]).groups()
    return float(lat), float(lon)


def red_markers(at) -> int:
    return maps(at)[0]["script"].count('"markerColor": "red"')


def located(cat, site_ids, lang: str = "zh") -> list[str]:
    rows = cat.sites[cat.sites["id"].isin(site_ids) & cat.sites.geometry.notna()]
    return list(rows[f"name_{lang}"])


def caption(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("### ")).removeprefix("### ")


def indicator(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**第") or m.value.startswith("**Step"))


def assert_shows(at, cat, tour, number: int, lang: str = "zh") -> None:
    step = tour.step(number)
    assert at.session_state["tour"] == tour.id and at.session_state["step"] == number
    assert caption(at) == md_text(step.caption.get(lang))  # tour text is shown as plain text
    assert centre(at) == pytest.approx(step.center)
    names = located(cat, step.sites, lang)
    assert red_markers(at) == len(names)
    labels = " ".join(tooltips(maps(at)[0]))
    assert all(n in labels for n in names)
    total = len(tour.steps)
    assert indicator(at).startswith(
        f"**第 {number} 步，共 {total} 步**" if lang == "zh" else f"**Step {number} of {total}**"
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tour_page_runs_in_both_languages(lang, cat, tours):
    at = open_page(PAGE, query={"lang": lang})
    assert_no_exception(at)
    first = tours.tours[0]
    assert at.title[0].value == ("演示" if lang == "zh" else "Presentation")
    assert at.header[0].value == md_text(first.title.get(lang))
    assert_shows(at, cat, first, 1, lang)
    assert local_links_exist(maps(at)[0]) == []
    assert "leaflet.fullscreen" in " ".join(maps(at)[0]["js_links"])  # the map's own full-screen button


def test_next_and_previous_move_the_step_and_the_map(cat, tours):
    tour = tours.tours[0]
    at = open_page(PAGE)
    assert at.button(key="tour_prev").disabled
    at.button(key="tour_next").click().run()
    assert_shows(at, cat, tour, 2)
    at.button(key="tour_next").click().run()
    assert_shows(at, cat, tour, 3)
    at.button(key="tour_prev").click().run()
    assert_shows(at, cat, tour, 2)
    assert_no_exception(at)


def test_last_step_disables_next(cat, tours):
    tour = tours.get("chain-equipment")
    at = open_page(PAGE, query={"tour": tour.id, "step": str(len(tour.steps))})
    assert at.button(key="tour_next").disabled and not at.button(key="tour_prev").disabled
    assert_shows(at, cat, tour, len(tour.steps))


def test_a_link_opens_a_step_and_the_state_round_trips(cat, tours):
    tour = tours.get("baiyin-1z6p")
    at = open_page(PAGE, query={"tour": "baiyin-1z6p", "step": "3", "lang": "en"})
    assert_no_exception(at)
    assert_shows(at, cat, tour, 3, "en")
    assert dict(at.query_params) == {"tour": "baiyin-1z6p", "step": "3", "lang": "en"}
    # AppTest reruns only the page after a switch (not the router that keeps "lang"), so the click is in zh.
    at = open_page(PAGE, query={"tour": "baiyin-1z6p", "step": "3"})
    at.button(key="tour_next").click().run()
    assert_shows(at, cat, tour, 4)
    # What the router writes to the URL for this state reopens the same view.
    again = open_page(PAGE, query={"tour": at.session_state["tour"], "step": str(at.session_state["step"])})
    assert dict(again.query_params) == {"tour": "baiyin-1z6p", "step": "4"}
    assert caption(again) == caption(at) and centre(again) == centre(at)


def test_jump_slider_and_tour_switch(cat, tours):
    at = open_page(PAGE, query={"tour": "baiyin-1z6p", "step": "2"})
    at.select_slider(key="step").set_value(5).run()
    assert_shows(at, cat, tours.get("baiyin-1z6p"), 5)
    at.selectbox(key="tour").set_value("chain-biomedicine").run()
    assert_shows(at, cat, tours.get("chain-biomedicine"), 1)  # a new tour starts at its first step


def test_unlocated_sites_are_listed_not_dropped(tours):
    tour = tours.get("baiyin-1z6p")
    number = next(s.number for s in tour.steps if "by-yinxi" in s.sites)
    at = open_page(PAGE, query={"tour": tour.id, "step": str(number)})
    assert any("位置未知" in c.value and "银西产业园" in c.value for c in at.caption)
    assert any("by-plan-2024" in c.value for c in at.caption)  # the caption's source


def test_bad_links_are_corrected_with_a_notice(cat, tours):
    at = open_page(PAGE, query={"tour": "no-such-tour"})
    assert any("no-such-tour" in w.value for w in at.warning)
    assert at.session_state["tour"] == tours.tours[0].id
    last = len(tours.get("baiyin-1z6p").steps)
    at = open_page(PAGE, query={"tour": "baiyin-1z6p", "step": "99"})
    assert any("99" in w.value for w in at.warning)
    assert_shows(at, cat, tours.get("baiyin-1z6p"), last)


def test_presentation_mode_hides_the_chrome():
    at = open_page(PAGE)
    at.toggle(key="tour_present").set_value(True).run()
    assert_no_exception(at)
    styles = " ".join(h.proto.body for h in at.get("html"))
    assert 'section[data-testid="stSidebar"]' in styles and "display: none" in styles
    assert not at.select_slider and not at.title  # the slider and page title give way to map and caption


def test_broken_tour_file_is_shown_and_the_others_still_work(tmp_path, monkeypatch, cat, tours):
    folder = tmp_path / "tours"
    shutil.copytree(SHIPPED, folder)
    (folder / "broken.yaml").write_text(
        "title: {zh: 坏, en: Bad}\nsteps:\n  - caption: {zh: 甲, en: A}\n"
        "    center: [104.21, 36.53]\n    zoom: 30\n    sources: [by-plan-2024]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("LANBAI_TOURS_DIR", str(folder))
    settings_reload()
    at = open_page(PAGE, query={"tour": "baiyin-1z6p", "step": "2"})
    assert not at.exception
    [error] = at.error
    assert "broken.yaml" in error.value and "step 1, center" in error.value and "step 1, zoom" in error.value
    assert_shows(at, cat, tours.get("baiyin-1z6p"), 2)


def test_clicking_a_highlighted_site_opens_its_profile(monkeypatch):
    fake_click(monkeypatch, "白银高新技术产业开发区\n开发区/新区 · 位置为估计")
    at = open_page(PAGE, query={"tour": "baiyin-1z6p", "step": "2"})
    assert at.session_state["site"] == "by-hitech"
