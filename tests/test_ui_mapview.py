"""ui/mapview.show renders a map and never navigates: a click calls the handler the page passes."""

from streamlit.testing.v1 import AppTest

from tests.apptest_utils import assert_no_exception, fake_click


def page() -> None:
    import folium
    import streamlit as st

    from ui import mapview
    from views.maps import BuiltMap

    built = BuiltMap(folium.Map(tiles=None))
    built.clickable("甲园", "site-a")
    clicks = st.session_state.setdefault("clicks", [])
    handler = clicks.append if st.session_state.get("with_handler") else None
    mapview.show(built, key="m", offline_download=False, on_click=handler)


def run(monkeypatch, with_handler: bool) -> AppTest:
    fake_click(monkeypatch, "甲园\n园区")
    at = AppTest.from_function(page, default_timeout=60)
    at.session_state["with_handler"] = with_handler
    return at.run()


def test_a_click_calls_the_handler_once_with_the_site_id(monkeypatch):
    at = run(monkeypatch, with_handler=True)
    assert_no_exception(at)
    assert at.session_state["clicks"] == ["site-a"]
    assert at.session_state["_map_generation_m"] == 1  # a fresh component: coming back does not replay it


def test_without_a_handler_a_click_does_nothing(monkeypatch):
    at = run(monkeypatch, with_handler=False)
    assert_no_exception(at)
    assert at.session_state["clicks"] == []
    assert "_map_generation_m" not in at.session_state
