"""Import of a 10,000-row table: check and publish time (a figure, not a test).

``.venv/bin/python bench/bench_changes.py [--rows 10000]`` copies the shipped ``data/`` into a
temporary folder, writes a CSV of N clearly synthetic indicator rows (ids ``bench-00001`` …,
indicator ``合成基准指标 N`` / ``Synthetic benchmark indicator N``; the citation and quote of an
existing row so the quote check does real work), and times, with quote checking on:

* check file: what the maintenance page and ``change propose`` run — read, match and validate
  (``geo.imports.check_file``, with a progress callback as the page's status box has);
* read: reading and matching the file into a changeset (``geo.imports.read_changeset``);
* check: validating the whole catalogue as it would be after the change (``store.check``);
* propose: check again and store the proposal record (``store.propose``);
* publish: re-check against the current data and write tables + record atomically (``store.approve``);
* then the same for a second file changing the value of all N rows.

Nothing is written into ``data/``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.folder_store import FolderStore  # noqa: E402
from geo.imports import check_file, read_changeset  # noqa: E402
from geo.load import read_csv_table  # noqa: E402
from geo.schema import TABLES  # noqa: E402


def synthetic_rows(template: dict, n: int) -> list[dict]:
    return [
        dict(
            template,
            id=f"bench-{i:05d}",
            indicator_zh=f"合成基准指标 {i}",
            indicator_en=f"Synthetic benchmark indicator {i}",
            value=str(i),
            unit="项",
            qualifier="",
            year="2024",
            kind="actual",
            note="synthetic benchmark row",
        )
        for i in range(1, n + 1)
    ]


def timed(label: str, fn, results: dict):
    started, cpu = time.perf_counter(), time.process_time()
    value = fn()
    results[label] = (time.perf_counter() - started, time.process_time() - cpu)
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("changes"))
        indicators = read_csv_table(TABLES["indicators"], data / "indicators.csv")
        rows = synthetic_rows(indicators.iloc[0].to_dict(), args.rows)
        upload = Path(tmp) / "synthetic-indicators.csv"
        import pandas as pd

        pd.DataFrame(rows).to_csv(upload, index=False)
        store = FolderStore(data)
        results: dict[str, tuple[float, float]] = {}
        stages: list[str] = []
        checked = timed(
            "check file (read + match + validate, as the page)",
            lambda: check_file(
                store,
                "indicators",
                upload,
                reason="benchmark",
                author="bench",
                progress=lambda stage, done, total: stages.append(stage),
            ),
            results,
        )
        assert checked.ok and stages, checked.problems[:3]
        changeset, problems = timed(
            "read file into a changeset",
            lambda: read_changeset(store.read_raw(), "indicators", upload, reason="benchmark", author="bench"),
            results,
        )
        assert not problems, problems[:3]
        result = timed("check (validate the catalogue after the change)", lambda: store.check(changeset), results)
        assert result.ok, result.problems[:3]
        record = timed("propose (check + store the record)", lambda: store.propose(changeset), results)
        timed("publish (re-check + atomic write)", lambda: store.approve(record.id, "bench-reviewer"), results)
        pd.DataFrame([dict(r, value=str(int(r["value"]) + 1)) for r in rows]).to_csv(upload, index=False)
        edits, _ = timed(
            "second file: 10,000 changed rows, read",
            lambda: read_changeset(store.read_raw(), "indicators", upload, reason="benchmark", author="bench"),
            results,
        )
        again = timed("second file: propose", lambda: store.propose(edits), results)
        timed("second file: publish", lambda: store.approve(again.id, "bench-reviewer"), results)
        size = (data / "indicators.csv").stat().st_size
    print(
        f"import of {args.rows:,} synthetic indicator rows (quotes checked: {store.seeds_dir is not None}); "
        f"indicators.csv after publish: {size / 1024:.0f} KiB"
    )
    print(f"  {'step':<50} {'wall':>7} {'cpu':>7}  (wall > cpu: the machine was busy, or disk waits)")
    for label, (wall, cpu) in results.items():
        print(f"  {label:<50} {wall:6.2f}s {cpu:6.2f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
