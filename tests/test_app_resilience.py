"""Bad links and long sessions stay quiet (issue 13): a notice, never a traceback, never a blank page.

Deep links with bogus or very long query values, unknown tours and steps, and a session left open
while the server forgot everything it had cached (an hour later, after a data publish or a
cleaned static folder) and then resumed.
"""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.apptest_utils import APP, assert_no_exception, maps, marker_count, rerun
from ui import data
from views import map_parts

MAP_PAGES = {"overview", "baiyin", "lanzhou", "chains", "spatial", "profile", "tour"}
BAD_LINKS = [
    ("overview", {"chain": ",".join(f"chain-{i}" for i in range(3000))}, "url_too_many"),
    ("profile", {"site": "x" * 5000}, "url_invalid"),
    ("tour", {"tour": "no-such-tour", "step": "99"}, "tour"),
    ("tour", {"step": "9" * 40}, "step"),
    ("spatial", {"km": "nan", "place": "<script>alert(1)</script>", "area": "x" * 300}, "url_invalid"),
    ("targets", {"indicator": "no-such-indicator"}, "indicator"),
    ("chains", {"lang": "xx", "basemap": "<b>", "city": "北京", "chain": "%00"}, "url_invalid"),
    ("baiyin", {"step": "-1", "km": "1e309", "tour": "\u202e"}, "url_invalid"),
]


def deep_link(page: str, query: dict) -> AppTest:
    """A first visit straight to ``page`` with ``query`` (as a shared link on a fresh session)."""
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(f"app_pages/{page}.py")
    return at.run()


@pytest.mark.parametrize("page, query, about", BAD_LINKS, ids=[f"{p}-{a}" for p, _, a in BAD_LINKS])
def test_a_bad_link_shows_the_page_with_a_notice(page, query, about):
    at = deep_link(page, query)
    assert_no_exception(at)
    assert at.title, "blank page"
    assert at.warning, "no notice about the ignored part of the link"
    if page in MAP_PAGES:
        [args] = maps(at)
        assert marker_count(args) > 0


def test_a_session_resumed_after_the_server_forgot_everything():
    """An hour later: caches cleared (a publish, memory pressure), served map files cleaned; the
    open session changes a filter and gets the page again."""
    at = deep_link("chains", {"chain": "chain-new-materials"})
    assert_no_exception(at)
    [before] = maps(at)
    data.clear_caches()
    st.cache_data.clear()
    for path in map_parts.served_files(before):
        path.unlink(missing_ok=True)
    rerun(at, chains=["chain-biomedicine"])
    [after] = maps(at)
    assert at.title and marker_count(after) > 0 and after["key"] == before["key"]
    assert all(path.is_file() for path in map_parts.served_files(after))


def test_a_session_holding_a_chain_that_is_gone_now():
    """The data changed while the session was open: a chain it still holds no longer exists."""
    at = deep_link("overview", {})
    rerun(at, chains=["chain-removed-meanwhile"])
    assert at.title and maps(at)
    assert at.session_state["chains"] == []
