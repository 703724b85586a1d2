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
    "targets": ("app_pages/targets.py", {}),
    "tour": ("app_pages/tour.py", {}),
    "sources": ("app_pages/sources.py", {}),
}
MINIMAL_PAGE = 'import streamlit as st\nst.write("hello")\n'


@dataclass
class Figure:
    """One measured figure: what, its value and unit, and how it was taken."""

    name: str
    value: float | None
    unit: str
    note: str = ""


def median_time(action, runs: int) -> float:
    """Median wall time of ``action()`` over ``runs`` calls, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --------------------------------------------------------------- AppTest reruns and map payloads


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
    payload = sum(len(m["script"].encode()) + len(m["html"].encode()) for m in maps(at))
    return [
        Figure(f"{name}: rerun after filter change", round(page_ms, 1), "ms", f"median of {runs}"),
        Figure(f"{name}: rerun vs minimal page", round(page_ms / minimal_ms, 1), "×",
               f"minimal page {minimal_ms:.1f} ms"),
        Figure(f"{name}: map payload", round(payload / 1024, 1), "KiB",
               f"{len(maps(at))} map(s), script + html of st_folium's json_args"),
    ]


# --------------------------------------------------------------- loading


def load_times(runs: int) -> list[Figure]:
    from geo.load import load_catalogue
    from geo.quotes import default_seeds_dir

    seeds = default_seeds_dir()
    plain = median_time(lambda: load_catalogue(check_quotes=False), runs)
    figures = [Figure("load + validate catalogue", round(plain * 1000, 1), "ms", f"median of {runs}, quotes not checked")]
    if seeds is None:
        figures.append(Figure("load + validate + check quotes", None, "ms", "seed documents not found (LANBAI_SEEDS)"))
    else:
        quoted = median_time(lambda: load_catalogue(seeds_dir=seeds), runs)
        figures.append(Figure("load + validate + check quotes", round(quoted * 1000, 1), "ms",
                              f"median of {runs}, against {seeds}"))
    return figures


# --------------------------------------------------------------- cold start in a browser


def cold_start() -> list[Figure]:
    """Start streamlit, open /, and time until the first marker of the overview map is visible."""
    from tests.browser_server import CHROMIUM, MARKER, launch_browser, map_frame, offline_context, start_app

    if not Path(CHROMIUM).exists():
        return [Figure("cold start to first map marker", None, "s", f"{CHROMIUM} not installed")]
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = launch_browser(pw)  # launched before the clock starts: the user's browser is already open
        start = time.perf_counter()
        server = start_app()
        healthy = time.perf_counter()
        try:
            context, offline = offline_context(browser, base_url=server.url)
            page = context.new_page()
            page.goto("/")
            expect(map_frame(page).locator(MARKER).first).to_be_visible(timeout=120_000)
            shown = time.perf_counter()
        finally:
            server.stop()
            browser.close()
    return [
        Figure("cold start: server healthy", round(healthy - start, 2), "s", "streamlit run → /_stcore/health 200"),
        Figure("cold start to first map marker", round(shown - start, 2), "s",
               f"server start → marker visible on /, offline ({len(offline.aborted)} requests aborted)"),
        Figure("first page load to first marker", round(shown - healthy, 2), "s", "page.goto('/') → marker visible"),
    ]


# --------------------------------------------------------------- report


def print_table(figures: list[Figure]) -> None:
    width = max(len(f.name) for f in figures)
    print(f"{'figure':<{width}}  {'value':>10}  unit  note")
    print("-" * (width + 40))
    for f in figures:
        value = "n/a" if f.value is None else f"{f.value:g}"
        print(f"{f.name:<{width}}  {value:>10}  {f.unit:<4}  {f.note}")


def environment() -> dict:
    import streamlit

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = ""
    return {"when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "python": platform.python_version(),
            "streamlit": streamlit.__version__, "cpus": __import__("os").cpu_count(), "git_commit": commit}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lanbai Atlas benchmarks")
    parser.add_argument("--runs", type=int, default=7, help="runs per timing (median reported)")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated pages to measure")
    parser.add_argument("--no-browser", action="store_true", help="skip the cold start in chromium")
    args = parser.parse_args(argv)
    unknown = set(args.pages.split(",")) - set(PAGES)
    if unknown:
        parser.error(f"unknown page(s): {', '.join(sorted(unknown))}; choose from {', '.join(PAGES)}")

    figures = load_times(args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        minimal = minimal_app(Path(tmp))
        for name in args.pages.split(","):
            page, query = PAGES[name]
            figures += page_rerun(name, page, query, minimal, args.runs)
    if not args.no_browser:
        figures += cold_start()

    print_table(figures)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "latest.json"
    out.write_text(json.dumps({"environment": environment(), "runs": args.runs,
                               "figures": [asdict(f) for f in figures]}, ensure_ascii=False, indent=1),
                   encoding="utf-8")
    print(f"\nwritten to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
