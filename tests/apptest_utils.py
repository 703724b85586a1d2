"""Helpers for AppTest tests of the app: open a page with state, read its maps, fake a map click."""

from __future__ import annotations

import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from views.map_bundle import sources
from views.map_parts import full_script

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "atlas_app.py")
STATIC = ROOT / "static"


def open_page(
    page: str | None = None, *, query: dict | None = None, session: dict | None = None, timeout: float = 90
) -> AppTest:
    """Run the app (optionally with a query string and session state), then switch to ``page``
    (e.g. "app_pages/baiyin.py") and run it."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def maps(at: AppTest) -> list[dict]:
    """The arguments of every st_folium map on the page (script, js_links, css_links, …).

    ``script`` is the whole map as the browser runs it: the base and every layer, read from the
    served files the arguments name (views.map_parts); ``sent_script`` is what was sent inline.
    ``js_links``/``css_links`` list every library (a bundle's sources); ``sent_js_links`` what was sent.
    """
    found = []
    for element in at.get("component_instance"):
        proto = element.proto
        if proto.component_name.endswith("st_folium"):
            args = json.loads(proto.json_args)
            args["sent_script"] = args["script"]
            args["script"] = full_script(args)
            for links in ("js_links", "css_links"):  # each library, as if not bundled (views.map_bundle)
                args[f"sent_{links}"] = args[links]
                args[links] = [source for link in args[links] for source in sources(link)]
            found.append(args)
    return found


def marker_count(map_args: dict) -> int:
    return len(re.findall(r"\bL\.marker\(", map_args["script"]))


def tooltips(map_args: dict) -> list[str]:
    """Tooltip HTML of every marker and layer, as folium wrote it into the map script."""
    return re.findall(r"\.bindTooltip\(\s*`<div>\s*(.*?)\s*</div>`", map_args["script"], flags=re.S)


def assert_no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not [e for e in at.error], [e.value for e in at.error]


def fake_click(monkeypatch, tooltip_text: str) -> None:
    """Make every st_folium call report a click on the marker whose tooltip reads ``tooltip_text``."""
    import ui.mapview

    def clicked(*args, **kwargs):
        return {"last_object_clicked_tooltip": tooltip_text}

    monkeypatch.setattr(ui.mapview, "st_folium", clicked)


def local_links_exist(map_args: dict) -> list[str]:
    """Every JS/CSS link of a map that is not a served local file (should be empty)."""
    bad = []
    for link in map_args["js_links"] + map_args["css_links"]:
        if not link.startswith("/app/static/") or not (STATIC / link.removeprefix("/app/static/")).is_file():
            bad.append(link)
    return bad


def rerun(at: AppTest, **session) -> AppTest:
    """Set session state (as a widget would) and run again; the run must raise nothing."""
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    assert_no_exception(at)
    return at


def script(at: AppTest) -> str:
    """The script of the page's only map."""
    [m] = maps(at)
    return m["script"]


def expander_key(expander) -> str:
    """The session key of a lazy expander (ui.lazy), from its element id "$$ID-<hash>-<key>"; "" if none."""
    element_id = expander.proto.id
    return element_id.split("-", 2)[2] if element_id.count("-") >= 2 else ""


def open_expanders(at: AppTest, **session) -> AppTest:
    """Open every lazy expander on the page, as a user clicking each would (the ones inside, too).

    ``session`` is set again before each run (after ``switch_page`` the sidebar's keys are dropped).
    """
    for _ in range(5):  # an opened expander may hold another
        closed = [key for e in at.expander if not e.proto.expanded and (key := expander_key(e))]
        if not closed:
            return at
        rerun(at, **session, **dict.fromkeys(closed, True))
    raise AssertionError("expanders keep closing")
