"""PostGIS store figures: loading the catalogue from the database vs from the data folder.

Also the cheap version check app servers run every few seconds.

``bench/run.py`` may call :func:`postgis_load_figures`; alone:
``.venv/bin/python bench/bench_postgis.py postgresql://…`` (a database after ``db init`` + ``db load data/``).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _median_s(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def postgis_load_figures(url: str, data_dir: Path | str | None = None, runs: int = 5) -> dict[str, float]:
    """Median seconds of loading the catalogue from the folder and from PostGIS.

    Folder load (read + validate + type); PostGIS cold load (read + validate + type, a new store
    object each run); PostGIS warm catalogue (version unchanged: no re-read); the version check.
    """
    from geo.load import load_catalogue
    from geo.pg_store import PostgisStore
    from geo.store import ChangeSettings

    folder = Path(data_dir) if data_dir else ROOT / "data"
    warm = PostgisStore(url, settings=ChangeSettings(), seeds_dir=None)
    warm.catalogue()
    figures = {
        "folder_load_s": _median_s(lambda: load_catalogue(folder, check_quotes=False), runs),
        "postgis_cold_load_s": _median_s(
            lambda: PostgisStore(url, settings=ChangeSettings(), seeds_dir=None).catalogue(), runs
        ),
        "postgis_warm_catalogue_s": _median_s(warm.catalogue, runs),
        "postgis_version_check_s": _median_s(warm.version, runs * 20),
    }
    return figures


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: bench/bench_postgis.py DATABASE_URL [DATA_DIR]")
    for name, value in postgis_load_figures(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None).items():
        print(f"{name}: {value * 1000:.2f} ms")
