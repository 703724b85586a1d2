"""Benchmarks of the atlas (figures, not pass/fail tests): `./run bench` or `.venv/bin/python bench/run.py`.

Prints a table and writes bench/results/latest.json. What each figure means: bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
CHAIN_A, CHAIN_B = ["chain-new-materials"], ["chain-biomedicine"]
PAGES = {  # name -> (page file, query string of the view measured)
    "overview": ("app_pages/overview.py", {}),
    "baiyin": ("app_pages/baiyin.py", {}),
    "lanzhou": ("app_pages/lanzhou.py", {}),
    "chains": ("app_pages/chains.py", {}),
    "spatial": ("app_pages/spatial.py", {}),
    "profile": ("app_pages/profile.py", {"site": "by-hitech"}),
    "targets": ("app_pages/targets.py", {"tab": "map"}),  # its map tab (only the open tab is built)
    "tour": ("app_pages/tour.py", {}),
    "sources": ("app_pages/sources.py", {}),
}
MINIMAL_PAGE = 'import streamlit as st\nst.write("hello")\n'
# Goals of issue 13 (each an upper bound on its figure)
GOAL_RERUN_RATIO = 10  # filter-change rerun vs the one-line page, on every map page
GOAL_UPDATE_MS = 300  # filter change → updated map visible in chromium
GOAL_CHANGE_KIB = 30  # sent per filter change
GOAL_COLD_START_S = 2  # server start → first marker
GOAL_LOAD_VIEW_P95_MS = 1000  # 25 concurrent sessions: p95 updated view
PARTS = ("apptest", "browser", "load", "changes", "enterprises")  # enterprises: issue 12, bench/bench_enterprises.py
EXTRA_PARTS = ("postgis",)  # only when asked for: starts its own PostGIS cluster and loads 100,000 enterprises


@dataclass
class Figure:
    """One measured figure: what, its value and unit, how it was taken, and its goal (issue 13) if any.

    ``goal`` is an upper bound (``value <= goal`` meets it); ``goal_text`` replaces it for a goal
    that is not a bound on the value.
    """

    name: str
    value: float | None
    unit: str
    note: str = ""
    goal: float | None = None
    goal_text: str = ""

    def ratio(self) -> float | None:
        if self.goal is None or self.value is None:
            return None
        return round(self.value / self.goal, 2) if self.goal else None  # a goal of 0: see "ok"

    def met(self) -> bool | None:
        if self.goal is None or self.value is None:
            return None
        return self.value <= self.goal


def median_time(action, runs: int) -> float:
    """Median wall time of ``action()`` over ``runs`` calls, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --------------------------------------------------------------- AppTest reruns and map payloads

#: what a map sends inline per rerun (``sent_script``: the script as sent, see tests/apptest_utils.maps)
SENT_MAP_ARGS = ("sent_script", "html", "feature_group", "layer_control")


def minimal_app(folder: Path):
    """An AppTest of a one-line ``st.write`` script, already run once."""
    from streamlit.testing.v1 import AppTest

    script = folder / "minimal_app.py"
    script.write_text(MINIMAL_PAGE, encoding="utf-8")
    at = AppTest.from_file(str(script), default_timeout=60)
    at.run()
    return at


def page_rerun(name: str, page: str, query: dict, minimal, runs: int) -> list[Figure]:
    """Rerun time after a chain-filter change (alternating two chains) vs the minimal page, and map bytes."""
    from tests.apptest_utils import maps, open_page

    at = open_page(page, query=query)
    if at.exception:
        return [Figure(f"{name}: rerun after filter change", None, "ms", f"page raised: {at.exception[0].value}")]
    flip = iter(range(10**6))

    def change_filter():  # the shared chain filter, as the sidebar sets it (AppTest runs the page alone)
        at.session_state["chains"] = CHAIN_A if next(flip) % 2 else CHAIN_B
        at.run()

    change_filter(), change_filter()  # both views built and cached: measure the steady state
    page_times, minimal_times = [], []
    for _ in range(runs):  # interleaved, so load from other processes hits both alike
        minimal_times.append(median_time(minimal.run, 1))
        page_times.append(median_time(change_filter, 1))
    page_ms, minimal_ms = statistics.median(page_times) * 1000, statistics.median(minimal_times) * 1000
    payload = sum(sum(len((m.get(k) or "").encode()) for k in SENT_MAP_ARGS) for m in maps(at))
    return [
        Figure(f"{name}: rerun after filter change", round(page_ms, 1), "ms", f"median of {runs}"),
        Figure(
            f"{name}: rerun vs minimal page",
            round(page_ms / minimal_ms, 1),
            "×",
            f"minimal page {minimal_ms:.1f} ms",
            goal=GOAL_RERUN_RATIO if payload else None,
        ),  # map pages only
        Figure(
            f"{name}: map payload",
            round(payload / 1024, 1),
            "KiB",
            f"{len(maps(at))} map(s), script + html + layers + layer control as sent in st_folium's json_args "
            "(not the served files a browser keeps)",
        ),
    ]


# --------------------------------------------------------------- loading


def load_times(runs: int) -> list[Figure]:
    from geo.load import load_catalogue
    from geo.quotes import default_seeds_dir

    seeds = default_seeds_dir()
    plain = median_time(lambda: load_catalogue(check_quotes=False), runs)
    figures = [
        Figure("load + validate catalogue", round(plain * 1000, 1), "ms", f"median of {runs}, quotes not checked")
    ]
    if seeds is None:
        figures.append(Figure("load + validate + check quotes", None, "ms", "seed documents not found (LANBAI_SEEDS)"))
    else:
        quoted = median_time(lambda: load_catalogue(seeds_dir=seeds), runs)
        figures.append(
            Figure(
                "load + validate + check quotes", round(quoted * 1000, 1), "ms", f"median of {runs}, against {seeds}"
            )
        )
    return figures


# --------------------------------------------------------------- in chromium (bench/browser.py)


def browser_figures(pages: list[str], changes: int, with_cold_start: bool = True) -> list[Figure]:
    """Filter change to updated map on each map page, and the cold start, in Debian's chromium."""
    from bench import browser
    from tests.browser_server import CHROMIUM

    if not Path(CHROMIUM).exists():
        return [Figure("browser figures", None, "", f"{CHROMIUM} not installed")]
    figures = []
    map_pages = [p for p in pages if p in browser.PAGES]
    for row in browser.filter_changes(map_pages, changes) if map_pages else []:
        figures += _filter_change_figures(row)
    if with_cold_start:
        cold = browser.cold_start()
        figures += [
            Figure("cold start: server healthy", cold["healthy_s"], "s", "streamlit run → /_stcore/health 200"),
            Figure(
                "cold start to first map marker",
                cold["first_marker_s"],
                "s",
                f"server start → marker visible on /, offline ({cold['aborted']} requests aborted)",
                goal=GOAL_COLD_START_S,
            ),
            Figure("first page load to first marker", cold["page_load_s"], "s", "page.goto('/') → marker visible"),
            Figure(
                "warm server: page load to first marker",
                cold["warm_page_load_s"],
                "s",
                "the same in a fresh browser context once the server is warm: the browser's part",
            ),
        ]
    return figures


def _filter_change_figures(row: dict) -> list[Figure]:
    name, n = row["page"], row["n"]
    if row["error"] and not n:
        return [Figure(f"{name}: map updated after filter change", None, "ms", row["error"], goal=GOAL_UPDATE_MS)]
    how = row["change"] + ("" if row["map_changes_look"] else "; map looks the same: timed to the rerun's end")
    return [
        Figure(
            f"{name}: map updated after filter change",
            row["update_median_ms"],
            "ms",
            f"median of {n}, max {row['update_max_ms']} ms; {how}" + (f"; {row['error']}" if row["error"] else ""),
            goal=GOAL_UPDATE_MS,
        ),
        Figure(
            f"{name}: map rebuilt by filter change",
            row["rebuilt"],
            f"of {n}",
            "Leaflet container replaced (JS tag gone)",
            goal=0,
        ),
        _view_figure(row),
        Figure(
            f"{name}: bytes per filter change (browser)",
            row["kib_median"],
            "KiB",
            f"median; websocket {row['ws_kib_median']} + HTTP {row['http_kib_median']} "
            f"({', '.join(p.rsplit('/', 1)[-1] for p in row['http_top']) or 'none'}); "
            "states seen before, so big messages come from the browser's message cache",
            goal=GOAL_CHANGE_KIB,
        ),
    ]


def _view_figure(row: dict) -> Figure:
    name, n = row["page"], row["n"]
    pans = f"the pans caused {row['pan_reruns']} rerun(s)"
    if row.get("moves"):  # a tour step or another site: the map must fly there, not stay where it was panned
        return Figure(
            f"{name}: view left behind by a move",
            row["view_kept"],
            f"of {n}",
            f"the change moves the map by design (a step / another site); counted when it stayed at the view "
            f"panned just before; {pans}",
            goal=0,
        )
    return Figure(
        f"{name}: view lost by filter change",
        n - row["view_kept"],
        f"of {n}",
        f"a pan just before each change is undone; {pans}",
        goal=0,
    )


# --------------------------------------------------------------- concurrent sessions (bench/load.py)


def load_figures(sessions: int, duration_s: float, max_actions: int, pages: list[str]) -> list[Figure]:
    from bench import load
    from tests.browser_server import start_app

    server = start_app()
    try:
        map_pages = tuple(p for p in pages if p in load.MAP_PAGES) or load.MAP_PAGES
        result = load.run_load(server.url, server.proc.pid, sessions, duration_s, max_actions, pages=map_pages)
    finally:
        server.stop()
    s = load.summary(result)
    who = f"{sessions} sessions, {load.CLIENT_KIND}"
    return [
        Figure(
            f"load: errors ({sessions} sessions)",
            s["errors"],
            "",
            f"{s['reruns']} reruns in {s['duration_s']} s; {who}"
            + (f"; first: {s['first_errors'][0]}" if s["first_errors"] else ""),
            goal=0,
        ),
        Figure(
            "load: server time per filter change, p50",
            s["change_p50_ms"],
            "ms",
            f"rerun_script sent → script_finished, {s['changes']} changes",
        ),
        Figure("load: server time per filter change, p95", s["change_p95_ms"], "ms", ""),
        Figure(
            "load: server time per page open, p50 / p95",
            s["open_p50_ms"],
            "ms",
            f"p95 {s['open_p95_ms']} ms, {s['opens']} opens",
        ),
        Figure(
            "load: updated view after filter change, p50",
            s["view_p50_ms"],
            "ms",
            "rerun_script sent → the map's delta received (script_finished if none)",
        ),
        Figure(
            "load: updated view after filter change, p95",
            s["view_p95_ms"],
            "ms",
            "protocol clients: no browser rendering included",
            goal=GOAL_LOAD_VIEW_P95_MS,
        ),
        Figure(
            "load: bytes per filter change",
            s["kib_per_change"],
            "KiB",
            "mean ForwardMsg bytes received by a client keeping Streamlit's message cache as the frontend "
            f"does; {s['kib_per_change_uncached']} KiB without it",
            goal=GOAL_CHANGE_KIB,
        ),
        Figure(
            "load: server memory (RSS), peak",
            s["rss_peak_mb"],
            "MB",
            f"start {s['rss_start_mb']} MB, end {s['rss_end_mb']} MB, sampled every 0.5 s",
        ),
    ]


# --------------------------------------------------------------- report


def print_table(figures: list[Figure]) -> None:
    width = max(len(f.name) for f in figures)
    print(f"{'figure':<{width}}  {'value':>9}  {'unit':<5} {'goal':>9}  {'ratio':>6}  ok  note")
    print("-" * (width + 60))
    for f in figures:
        value = "n/a" if f.value is None else f"{f.value:g}"
        goal = f.goal_text or ("" if f.goal is None else f"≤ {f.goal:g}")
        ratio = "" if f.ratio() is None else f"{f.ratio():g}"
        ok = {True: "yes", False: "NO", None: ""}[f.met()]
        print(f"{f.name:<{width}}  {value:>9}  {f.unit:<5} {goal:>9}  {ratio:>6}  {ok:<3} {f.note}")
    judged = [f.met() for f in figures if f.met() is not None]
    print(f"\ngoals met: {judged.count(True)} of {len(judged)}")


def environment() -> dict:
    import streamlit

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = ""
    return {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "cpus": __import__("os").cpu_count(),
        "git_commit": commit,
    }


def _quiet_bare_mode_warnings() -> None:
    """Cached builders called outside a script run warn "missing ScriptRunContext" on every call:
    harmless here (Streamlit says so), and they would bury the table. A filter, not a level:
    Streamlit resets its loggers' levels when it reads its config."""
    import logging

    from streamlit.runtime.scriptrunner_utils import script_run_context

    logging.getLogger(script_run_context.__name__).addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lanbai Atlas benchmarks (figures with the goals of issue 13)")
    parser.add_argument("--runs", type=int, default=7, help="runs per AppTest timing (median reported)")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated pages to measure")
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        help=f"comma-separated parts to run: {', '.join(PARTS)} (loading runs with apptest); postgis only when named",
    )
    parser.add_argument("--changes", type=int, default=5, help="timed filter changes per page in chromium")
    parser.add_argument("--sessions", type=int, default=25, help="concurrent sessions of the load benchmark")
    parser.add_argument("--duration", type=float, default=120, help="seconds the load benchmark runs at most")
    parser.add_argument("--max-actions", type=int, default=200, help="reruns per load session at most")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a quick look while iterating: 3 runs, 2 changes, overview and tour, 5 sessions for 20 s, no cold start",
    )
    parser.add_argument("--no-browser", action="store_true", help="skip chromium (same as --only apptest,load)")
    args = parser.parse_args(argv)
    parts = set(args.only.split(","))
    if args.no_browser:
        parts.discard("browser")
    if parts - set(PARTS + EXTRA_PARTS):
        known = ", ".join(PARTS + EXTRA_PARTS)
        parser.error(f"unknown part(s): {', '.join(sorted(parts - set(PARTS + EXTRA_PARTS)))}; choose from {known}")
    if args.quick:
        args.runs, args.changes, args.sessions, args.duration = 3, 2, 5, 20
        if args.pages == ",".join(PAGES):
            args.pages = "overview,tour"
    pages = args.pages.split(",")
    unknown = set(pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown page(s): {', '.join(sorted(unknown))}; choose from {', '.join(PAGES)}")

    _quiet_bare_mode_warnings()
    figures: list[Figure] = []
    if "apptest" in parts:
        figures += load_times(args.runs)
        with tempfile.TemporaryDirectory() as tmp:
            minimal = minimal_app(Path(tmp))
            for name in pages:
                page, query = PAGES[name]
                figures += page_rerun(name, page, query, minimal, args.runs)
    if "browser" in parts:
        figures += browser_figures(pages, args.changes, with_cold_start=not args.quick)
    if "load" in parts:
        figures += load_figures(args.sessions, args.duration, args.max_actions, pages)
    if "enterprises" in parts:
        from bench.bench_enterprises import run_figures

        figures += [Figure(**row) for row in run_figures(browser="browser" in parts or args.only == "enterprises")]
    if "postgis" in parts:
        from bench.bench_postgis import postgis_figures

        figures += [Figure(*row) for row in postgis_figures(runs=args.runs)]

    print_table(figures)
    if "changes" in parts:  # issue 10: import of a 10,000-row table, check and publish (its own table)
        print()
        subprocess.run([sys.executable, str(ROOT / "bench" / "bench_changes.py")], check=False)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "latest.json"
    out.write_text(
        json.dumps(
            {
                "environment": environment(),
                "args": vars(args),
                "figures": [{**asdict(f), "ratio": f.ratio(), "met": f.met()} for f in figures],
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    print(f"\nwritten to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
