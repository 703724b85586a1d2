"""Checking data before it is used: the validation report of a data folder and the check of an uploaded table.

The upload check only reads: an uploaded CSV is validated together with the shipped tables
(so its references are checked against them) and nothing is written to ``data/``. The Data &
sources page shows both (app_pages/sources.py); ``python -m geo validate`` runs the same checks.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import DataLoadError, Problem
from .load import read_csv_table, read_raw
from .schema import TABLES
from .validate import find_problems

CSV_TABLES = tuple(n for n, t in TABLES.items() if t.filename.endswith(".csv"))


@dataclass(frozen=True)
class ValidationReport:
    """The shipped data's problems (empty = valid) and whether quotes were checked."""

    problems: tuple[Problem, ...]
    seeds_dir: str | None

    @property
    def valid(self) -> bool:
        """True when no problem was found."""
        return not self.problems


def validate_folder(data_dir: Path | str, seeds_dir: Path | str | None) -> ValidationReport:
    """Run the same checks as ``python -m geo validate`` on a data folder (quotes when seeds are given).

    Parameters
    ----------
    data_dir : Path or str
        The data folder.
    seeds_dir : Path or str or None
        The source documents; None leaves the quotes unchecked.

    Returns
    -------
    ValidationReport
        Every problem found (none: the folder is valid).
    """
    raw, problems = read_raw(Path(data_dir))
    problems += find_problems(raw, seeds_dir=Path(seeds_dir) if seeds_dir else None)
    return ValidationReport(tuple(problems), str(seeds_dir) if seeds_dir else None)


@dataclass
class ImportCheck:
    """What checking one uploaded table found."""

    table: str
    file_name: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    added: int = 0
    removed: int = 0
    changed: int = 0

    @property
    def valid(self) -> bool:
        """True when the upload added no problem."""
        return not self.problems


def guess_table(file_name: str) -> str | None:
    """The table a file name points at (``sites.csv``, ``sites (2).csv`` → sites), or None.

    Parameters
    ----------
    file_name : str
        The upload's name.

    Returns
    -------
    str or None
        One of :data:`CSV_TABLES`, or None when the name points at none.
    """
    stem = Path(file_name).stem.lower().split(" ")[0].split("(")[0]
    return stem if stem in CSV_TABLES else None


def check_upload(
    content: bytes, file_name: str, table: str, data_dir: Path | str, seeds_dir: Path | str | None = None
) -> ImportCheck:
    """Check an uploaded CSV as a replacement for ``table``, together with the other shipped tables.

    Reading goes through :func:`geo.load.read_csv_table`, so a GBK file or a broken CSV gets
    the loader's own message; then :func:`geo.validate.find_problems` runs on the shipped
    tables with this one replaced, so wrong columns, bad values, swapped lat/lon, unknown
    references (and references other tables lose) are all reported. Problems the shipped
    data already had are left out. Nothing is written to ``data_dir`` (read only).

    Parameters
    ----------
    content : bytes
        The upload's bytes.
    file_name : str
        The upload's name (used in messages only).
    table : str
        One of :data:`CSV_TABLES`.
    data_dir : Path or str
        The shipped data folder.
    seeds_dir : Path or str or None
        The source documents (None: quotes not checked).

    Returns
    -------
    ImportCheck
        The rows read, the problems the upload adds, and the rows added, removed and changed.

    Raises
    ------
    ValueError
        ``table`` is not one of :data:`CSV_TABLES`.
    """
    if table not in CSV_TABLES:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(CSV_TABLES)}")
    check = ImportCheck(table, file_name)
    try:
        uploaded = _read_upload(content, file_name, table)
    except DataLoadError as exc:
        check.problems.append(Problem(table, None, None, str(exc)))
        return check
    check.rows = len(uploaded)
    seeds = Path(seeds_dir) if seeds_dir else None
    raw, _ = read_raw(Path(data_dir))
    before = set(find_problems(raw, seeds_dir=seeds))
    shipped = raw.get(table)
    raw[table] = uploaded
    check.problems = [p for p in find_problems(raw, seeds_dir=seeds) if p not in before]
    if shipped is not None:
        check.added, check.removed, check.changed = _changes(TABLES[table].key, shipped, uploaded)
    return check


def _read_upload(content: bytes, file_name: str, table: str) -> pd.DataFrame:
    """Parse the upload with the loader's own reader; its messages name the upload, not a temp path."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / (Path(file_name).name or "upload.csv")
        path.write_bytes(content)
        try:
            return read_csv_table(TABLES[table], path)
        except DataLoadError as exc:
            raise DataLoadError(str(exc).replace(str(path), Path(file_name).name)) from None


def _changes(key: str | None, old: pd.DataFrame, new: pd.DataFrame) -> tuple[int, int, int]:
    """(added, removed, changed) rows; by key when the table has one, else as whole rows."""
    common = [c for c in old.columns if c in new.columns]
    if key and key in common:
        old_rows = old[common].drop_duplicates(key).set_index(key)
        new_rows = new[common].drop_duplicates(key).set_index(key)
        both = old_rows.index.intersection(new_rows.index)
        changed = int((old_rows.loc[both] != new_rows.loc[both, old_rows.columns]).any(axis=1).sum())
        return len(new_rows.index.difference(old_rows.index)), len(old_rows.index.difference(new_rows.index)), changed
    old_set = set(map(tuple, old[common].itertuples(index=False)))
    new_set = set(map(tuple, new[common].itertuples(index=False)))
    return len(new_set - old_set), len(old_set - new_set), 0
