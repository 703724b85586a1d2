"""The investor's map at scale (issue 12): 100,000 synthetic enterprises and 5,000 parcels (figures, not a test).

``.venv/bin/python bench/bench_enterprises.py [--enterprises 100000] [--parcels 5000] [--keep DIR]`` writes a
synthetic folder (``python -m geo synth``) into a temporary folder and times, with a fresh snapshot folder:

* synth: writing the folder;
* first load: read + validate + type (no snapshot yet), and the process's peak memory after it;
* cached load: the same call again, served from the validated snapshot (geo/snapshot.py);
* filters: a chain + area query on enterprises and a 找地 query on parcels, in the loaded process (median of 5);
* CLI: ``python -m geo enterprises --industry 生物医药 --in-area 城关区 --format csv`` end to end, a fresh process
  each time (median of 3), with its CPU time — on a shared machine the wall time includes waiting for a core;
* payload per view: the JSON ``st.pydeck_chart`` sends for each view of the 企业与载体 page, built by
  views/enterprises.py on the full catalogue (100,000 enterprises as server-side hexagons; 5,000 parcels as points;
  arcs; columns);
* chromium (``--browser``): time from opening ``/enterprises?view=parcels`` (5,000 public synthetic parcels, the
  largest view a public session sees) to the first deck draw (its canvas shows the points), on a warm server and on
  a server that has not loaded the folder yet; and the same for the 100,000-enterprise hexagon view drawn by a
  one-file harness app (enterprise rows are internal: the public page shows 18 of them until a login exists); then
  the server's resident memory (VmRSS) and its peak (VmHWM).

Goals (issue 12): chain + area filter ≤ 100 ms; payload per view ≤ 2 MB; first deck draw ≤ 2 s; a CLI query on the
100k folder ≤ 2 s. Nothing is written into data/.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLI_QUERY = ["enterprises", "--industry", "生物医药", "--in-area", "城关区", "--format", "csv"]
GOALS = {"chain_area_filter_ms": 100, "cli_query_s": 2, "first_deck_draw_s": 2, "payload_mb": 2}
HARNESS = """
import sys
sys.path.insert(0, {root!r})
import streamlit as st
from geo.load import load_catalogue
from views.enterprises import enterprise_deck

@st.cache_resource
def deck():
    cat = load_catalogue({folder!r})
    return enterprise_deck(cat, cat.enterprises, "zh")

st.pydeck_chart(deck(), height=520, key="bench-hexagons")
"""
ONE_POINT = """
import sys
sys.path.insert(0, {root!r})
import pandas as pd
import streamlit as st
from geo.load import load_catalogue
from views.deck import points_deck

@st.cache_resource
def deck():
    rows = pd.DataFrame({{"id": ["synthetic-1"], "label": ["synthetic"], "lon": [104.18], "lat": [36.5]}})
    return points_deck(load_catalogue({folder!r}), rows)

st.pydeck_chart(deck(), height=520, key="bench-one-point")
"""


def bench_enterprises(
    enterprises: int = 100_000, parcels: int = 5_000, keep: Path | None = None, browser: bool = False
) -> dict[str, float]:
    """Run every step and return the figures (seconds, milliseconds, megabytes as the keys say)."""
    work = Path(tempfile.mkdtemp(prefix="lanbai-bench-ent-"))
    os.environ["LANBAI_CACHE_DIR"] = str(work / "snapshots")
    from geo.enterprise_queries import enterprises as find_enterprises
    from geo.enterprise_queries import parcels as find_parcels
    from geo.load import load_catalogue
    from geo.synth import write_synthetic_folder

    folder = keep or work / "data"
    figures: dict[str, float] = {}
    try:
        start = time.perf_counter()
        write_synthetic_folder(folder, enterprises, parcels, data_dir=ROOT / "data", force=True)
        figures["synth_s"] = time.perf_counter() - start
        start, cpu = time.perf_counter(), time.process_time()
        load_catalogue(folder)
        figures["first_load_s"], figures["first_load_cpu_s"] = time.perf_counter() - start, time.process_time() - cpu
        figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start, cpu = time.perf_counter(), time.process_time()
        cat = load_catalogue(folder)
        figures["cached_load_s"], figures["cached_load_cpu_s"] = time.perf_counter() - start, time.process_time() - cpu
        figures["enterprise_rows"], figures["parcel_rows"] = len(cat.enterprises), len(cat.parcels)
        figures["chain_area_filter_ms"] = _median_ms(
            lambda: find_enterprises(cat, industry=["生物医药"], in_area="城关区")
        )
        figures["parcel_filter_ms"] = _median_ms(
            lambda: find_parcels(
                cat,
                industry=["先进装备制造"],
                type="standard_factory",
                status="for_lease",
                min_area=1000,
                max_area=50_000,
            )
        )
        figures["cli_query_s"], figures["cli_query_cpu_s"] = _cli(folder)
        figures.update(_payloads(cat))
        if browser:
            figures.update(_browser(folder, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return figures


def _median_ms(call, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _cli(folder: Path, runs: int = 3) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "geo", "--data-dir", str(folder), *CLI_QUERY],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def _payloads(cat) -> dict[str, float]:
    """MB of JSON per view of the page, on the full catalogue (what an internal session is sent)."""
    from views import enterprises as ev
    from views.deck import payload_bytes

    gaps, _ = ev.gaps(cat)
    decks = {
        "enterprises": ev.enterprise_deck(cat, cat.enterprises, "zh"),
        "parcels": ev.parcel_deck(cat, cat.parcels, "zh"),
        "arcs": ev.link_deck(cat, "zh"),
    }
    if not gaps.empty:
        decks["columns"] = ev.gap_deck(cat, gaps, "", "zh")
    return {f"payload_{name}_mb": payload_bytes(deck) / 1e6 for name, deck in decks.items()}


def _drawn_pixels(png: bytes) -> int:
    """Pixels of the deck's red/orange marks (points, hexagons); the basemap is grey and the river blue."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(n for n, (r, g, b) in image.getcolors(maxcolors=1 << 24) if r - b > 80 and r > 150)


def _first_draw_s(context, url: str, timeout_s: float = 120) -> float:
    """Seconds from opening ``url`` in a new tab of ``context`` to the first screenshot of its deck canvas
    showing marks (polled, so the figure is up to one screenshot late)."""
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url)
        canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
        canvas.wait_for(state="visible", timeout=timeout_s * 1000)
        while _drawn_pixels(canvas.screenshot()) < 20:
            if time.perf_counter() - start > timeout_s:
                return float("nan")
        return time.perf_counter() - start
    finally:
        page.close()


def _draw_times(browser, url: str) -> tuple[float, float]:
    """(a fresh browser profile, the same profile again: its HTTP cache holds Streamlit's and deck.gl's scripts)."""
    from tests.browser_server import offline_context

    context, offline = offline_context(browser)
    try:
        fresh = _first_draw_s(context, url)
        cached = _first_draw_s(context, url)
        if offline.aborted:
            raise RuntimeError(f"requests left the machine: {offline.aborted}")
        return fresh, cached
    finally:
        context.close()


def _memory_mb(pid: int) -> tuple[float, float]:
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _browser(folder: Path, work: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    from tests.browser_server import launch_browser, start_app

    os.environ["LANBAI_DATA_DIR"] = str(folder)
    harness = work / "harness"
    harness.mkdir()
    (harness / "app.py").write_text(HARNESS.format(root=str(ROOT), folder=str(folder)), encoding="utf-8")
    (harness / "one.py").write_text(ONE_POINT.format(root=str(ROOT), folder=str(folder)), encoding="utf-8")
    figures: dict[str, float] = {}
    page_server = start_app()
    hex_server = start_app(root=harness, script="app.py")
    one_server = start_app(root=harness, script="one.py")
    try:
        with sync_playwright() as pw:
            chromium = launch_browser(pw)
            try:
                parcels = page_server.url + "/enterprises?view=parcels"
                figures["first_deck_draw_cold_s"], _ = _draw_times(chromium, parcels)  # the server loads the folder
                figures["first_deck_draw_s"], figures["first_deck_draw_cached_s"] = _draw_times(chromium, parcels)
                figures["first_deck_draw_public_enterprises_s"], _ = _draw_times(
                    chromium, page_server.url + "/enterprises"
                )
                _draw_times(chromium, hex_server.url)  # builds the deck once (cached, like the page's catalogue)
                figures["first_deck_draw_hexagons_s"], _ = _draw_times(chromium, hex_server.url)
                _draw_times(chromium, one_server.url)
                figures["first_deck_draw_one_point_s"], _ = _draw_times(chromium, one_server.url)
            finally:
                chromium.close()
        figures["server_rss_mb"], figures["server_peak_rss_mb"] = _memory_mb(page_server.proc.pid)
    finally:
        for server in (page_server, hex_server, one_server):
            server.stop()
        os.environ.pop("LANBAI_DATA_DIR", None)
    figures["load_average"] = os.getloadavg()[0]
    return figures


@dataclass
class Figure:
    """One row of bench/run.py's table (the same fields as its ``Figure``)."""

    name: str
    value: float | None
    unit: str
    note: str = ""
    goal: float | None = None


def run_figures(enterprises: int = 100_000, parcels: int = 5_000, browser: bool = True) -> list[dict]:
    """The figures as rows of bench/run.py's table (``Figure(**row)``), with the goals of issue 12."""
    got = bench_enterprises(enterprises, parcels, browser=browser)
    scale = f"{enterprises:,} enterprises, {parcels:,} parcels (synthetic)"
    rows = [
        Figure("enterprises: first load (validate)", got["first_load_s"], "s", scale),
        Figure("enterprises: load from snapshot", got["cached_load_s"], "s", "validated snapshot reused"),
        Figure(
            "enterprises: chain + area filter",
            got["chain_area_filter_ms"],
            "ms",
            "median of 5",
            GOALS["chain_area_filter_ms"],
        ),
        Figure("enterprises: 找地 parcel filter", got["parcel_filter_ms"], "ms", "median of 5"),
        Figure(
            "enterprises: CLI query end to end",
            got["cli_query_s"],
            "s",
            f"CPU {got['cli_query_cpu_s']:.2f} s",
            GOALS["cli_query_s"],
        ),
        Figure("enterprises: bench process peak memory", got["peak_rss_mb"], "MB", "after the first load"),
    ]
    rows += [
        Figure(f"enterprises: payload, {key[8:-3]} view", got[key], "MB", "st.pydeck_chart JSON", GOALS["payload_mb"])
        for key in got
        if key.startswith("payload_")
    ]
    if "first_deck_draw_s" in got:
        load = f"load average {got['load_average']:.1f} on {os.cpu_count()} cores; chromium draws WebGL in software"
        rows += [
            Figure(
                "enterprises: first deck draw (page, warm server)",
                got["first_deck_draw_s"],
                "s",
                f"/enterprises?view=parcels, 5,000 points, fresh browser profile; {load}",
                GOALS["first_deck_draw_s"],
            ),
            Figure(
                "enterprises: first deck draw (browser cache warm)",
                got["first_deck_draw_cached_s"],
                "s",
                "same page, same profile again",
            ),
            Figure(
                "enterprises: first deck draw (cold server)",
                got["first_deck_draw_cold_s"],
                "s",
                "server had not loaded the folder",
            ),
            Figure(
                "enterprises: first deck draw (public enterprises)",
                got["first_deck_draw_public_enterprises_s"],
                "s",
                "/enterprises: the 18 public rows",
            ),
            Figure(
                "enterprises: first deck draw (100k hexagons)",
                got["first_deck_draw_hexagons_s"],
                "s",
                "harness app (the internal view; no login yet), warm",
                GOALS["first_deck_draw_s"],
            ),
            Figure(
                "enterprises: first deck draw (one point)",
                got["first_deck_draw_one_point_s"],
                "s",
                "harness app: this machine's floor",
            ),
            Figure(
                "enterprises: server memory",
                got["server_rss_mb"],
                "MB",
                f"VmRSS; peak {got['server_peak_rss_mb']:.0f} MB",
            ),
        ]
    return [{**asdict(f), "value": round(f.value, 3) if f.value == f.value else None} for f in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--parcels", type=int, default=5_000)
    parser.add_argument("--keep", type=Path, help="write the synthetic folder here and keep it")
    parser.add_argument("--browser", action="store_true", help="also time the first deck draw in chromium")
    args = parser.parse_args(argv)
    figures = bench_enterprises(args.enterprises, args.parcels, args.keep, args.browser)
    for name, value in figures.items():
        print(f"{name:24} {value:10.2f}")
    print(
        f"goals: chain+area filter ≤ 100 ms: {'met' if figures['chain_area_filter_ms'] <= 100 else 'NOT met'}; "
        f"CLI query ≤ 2 s: {'met' if figures['cli_query_s'] <= 2 else 'NOT met'} (wall; CPU "
        f"{figures['cli_query_cpu_s']:.2f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
