"""Row rules the column declarations cannot say: qualitative indicators, ranges, approved areas and dates.

Each check takes the raw (string) tables and yields :class:`Problem`s, like :mod:`geo.validate`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd

from .errors import Problem

# The largest zone of the 2018 catalogue in the atlas is 1960 ha; 100 000 ha (1000 km²) is a typo guard.
MAX_APPROVED_AREA_HA = 100_000.0
APPROVAL_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")


def find_rule_problems(raw: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every broken row rule of the raw tables (tables or columns that are missing are skipped)."""
    problems: list[Problem] = []
    if "indicators" in raw:
        problems += _indicators(raw["indicators"])
    if "sites" in raw:
        problems += _approved_areas(raw["sites"])
    return problems


def _line(index) -> int:
    return int(index) + 2


def _number(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _indicators(df: pd.DataFrame) -> Iterator[Problem]:
    if not {"value", "unit", "value_max", "value_text", "kind"} <= set(df.columns):
        return
    for index, row in df.iterrows():
        line = _line(index)
        if not row["value"]:
            # Only a qualitative target may have no number, and then the document's words stand in.
            if not row["value_text"] or row["kind"] != "target":
                yield Problem(
                    "indicators",
                    line,
                    "value",
                    "is empty: only a qualitative target (with value_text) may have no number",
                )
            if row["value_max"]:
                yield Problem("indicators", line, "value_max", "a range needs its low end in value")
            continue
        if not row["unit"]:
            yield Problem("indicators", line, "unit", "is empty but a number needs its unit")
        low, high = _number(row["value"]), _number(row["value_max"])
        if row["value_max"] and low is not None and high is not None and high < low:
            yield Problem("indicators", line, "value_max", f"{high:g} is below value {low:g}")


def _approved_areas(df: pd.DataFrame) -> Iterator[Problem]:
    pairs = (
        ("approved_area_ha", "area_source_id"),
        ("approved_on", "area_source_id"),
        ("boundary_text", "boundary_source_id"),
    )
    for index, row in df.iterrows():
        line = _line(index)
        for col, source_col in pairs:
            if col in row and row[col] and source_col in row and not row[source_col]:
                yield Problem("sites", line, source_col, f"{col} needs the id of its source")
        area = _number(row.get("approved_area_ha", "")) if row.get("approved_area_ha", "") else None
        if area is not None and not (0 < area <= MAX_APPROVED_AREA_HA):
            yield Problem("sites", line, "approved_area_ha", f"{area:g} ha is not in (0, {MAX_APPROVED_AREA_HA:g}]")
        date = row.get("approved_on", "")
        if date and not APPROVAL_DATE.match(date):
            yield Problem("sites", line, "approved_on", f"{date!r} is not a date YYYY-MM or YYYY-MM-DD")
