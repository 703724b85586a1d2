"""The benchmarks' own clients work: the protocol load client completes reruns against a real server
and reads their end, and the browser benchmark times a filter change on one page.

Run: `.venv/bin/python -m pytest -q tests/test_bench.py` (the `browser` ones start the shared
server and chromium of tests/browser_server.py).
"""

from __future__ import annotations

import pytest

from bench import load


def test_percentile_is_nearest_rank():
    values = [0.1 * i for i in range(1, 21)]  # 0.1 .. 2.0
    assert load.percentile(values, 50) == pytest.approx(1.0)
    assert load.percentile(values, 95) == pytest.approx(1.9)
    assert load.percentile([], 95) is None


def test_load_refuses_a_server_off_this_machine():
    with pytest.raises(ValueError, match="this machine only"):
        load.run_load("http://example.org:8501", sessions=1, duration_s=1)


@pytest.mark.browser
def test_load_client_completes_reruns_and_toggles_the_filter(app_server):
    result = load.run_load(
        app_server.url,
        app_server.proc.pid,
        sessions=2,
        duration_s=90,
        max_actions=4,
        changes_per_page=3,
        think_s=0,
        pages=("overview",),
    )
    assert result.errors == []
    assert [r.kind for r in result.reruns].count("open") == 2
    assert [r.kind for r in result.reruns].count("change") == 6
    assert all(0 < r.view_s <= r.server_s and r.bytes > 0 for r in result.reruns)  # script_finished was read
    # chain on, off, on in each session: the map as sent takes exactly two forms
    assert len({r.map_digest for r in result.reruns if r.kind == "change"}) == 2
    assert result.rss_mb and min(result.rss_mb) > 0
    assert load.summary(result)["change_p95_ms"] > 0


@pytest.mark.browser
def test_browser_bench_times_a_filter_change_on_one_page(browser, app_server):
    from bench.browser import measure_page, summary

    row = summary(measure_page(browser, app_server.url, "overview", changes=1))
    assert row["error"] == ""
    assert row["n"] == 1 and row["update_median_ms"] > 0
    assert row["map_changes_look"]  # the chain filter turns sites red: the bench saw the map change
    assert row["ws_kib_median"] > 0
    assert row["rebuilt"] in (0, 1) and row["view_kept"] in (0, 1)


def _row(page: str, view_kept: int, moves: bool) -> dict:
    return {"page": page, "n": 5, "view_kept": view_kept, "pan_reruns": 0, "moves": moves}


def test_a_filter_change_counts_the_view_lost_and_a_move_counts_the_view_left_behind():
    from bench.run import _view_figure

    kept_filter = _view_figure(_row("overview", view_kept=5, moves=False))
    assert (kept_filter.name, kept_filter.value) == ("overview: view lost by filter change", 0)
    moved_step = _view_figure(_row("tour", view_kept=0, moves=True))
    assert (moved_step.name, moved_step.value) == ("tour: view left behind by a move", 0)
    stuck_step = _view_figure(_row("tour", view_kept=2, moves=True))
    assert stuck_step.value == 2 and stuck_step.goal == 0


def test_the_load_client_keeps_messages_as_the_frontend_and_forgets_unused_ones():
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    client = load.ProtocolSession(ws=None)
    table = ForwardMsg(hash="t1")
    table.metadata.cacheable = True
    used: set[str] = set()
    assert client._through_cache(table, 5000, used) == 5000
    client._age_cache(used)
    assert list(client.cached) == ["t1"]
    ref, used = ForwardMsg(ref_hash="t1"), set()
    assert client._through_cache(ref, 60, used) == 5000  # a reference stands for the whole table
    client._age_cache(used)
    for _ in range(client.max_cached_age + 1):  # runs that never use it again
        client._age_cache(set())
    assert client.cached == {}


def test_a_look_is_learnt_only_once_it_held_for_half_a_second():
    from bench.browser import _steady

    seen: list = []
    assert not any(_steady(seen, "half-swapped", now=t) for t in (0.0, 0.05, 0.1))  # 3 polls, 0.1 s
    assert not _steady(seen, "done", now=0.2)
    assert not _steady(seen, "done", now=0.4) and not _steady(seen, "done", now=0.6)
    assert _steady(seen, "done", now=0.75)
