"""The investor's map at scale (issue 12): 100,000 synthetic enterprises and 5,000 parcels (figures, not a test).

``.venv/bin/python bench/bench_enterprises.py [--enterprises 100000] [--parcels 5000] [--keep DIR]`` writes a
synthetic folder (``python -m geo synth``) into a temporary folder and times, with a fresh snapshot folder:

* synth: writing the folder;
* first load: read + validate + type (no snapshot yet), and the process's peak memory after it;
* cached load: the same call again, served from the validated snapshot (geo/snapshot.py);
* filters: a chain + area query on enterprises and a 找地 query on parcels, in the loaded process (median of 5);
* CLI: ``python -m geo enterprises --industry 生物医药 --in-area 城关区 --format csv`` end to end, a fresh process
  each time (median of 3), with its CPU time — on a shared machine the wall time includes waiting for a core.

Goals (issue 12): chain + area filter ≤ 100 ms; a CLI query on the 100k folder ≤ 2 s. Nothing is written into data/.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLI_QUERY = ["enterprises", "--industry", "生物医药", "--in-area", "城关区", "--format", "csv"]


def bench_enterprises(enterprises: int = 100_000, parcels: int = 5_000, keep: Path | None = None) -> dict[str, float]:
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--parcels", type=int, default=5_000)
    parser.add_argument("--keep", type=Path, help="write the synthetic folder here and keep it")
    args = parser.parse_args(argv)
    figures = bench_enterprises(args.enterprises, args.parcels, args.keep)
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
