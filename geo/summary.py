"""What the data set holds: counts per table and how good its locations are."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .load import Catalogue
from .schema import LOCATION_METHODS, TABLES

LOCATED_TABLES = ("sites", "organizations", "landmarks")


@dataclass(frozen=True)
class Summary:
    """What the data set holds: rows per table and the locations' methods and errors."""

    counts: pd.DataFrame  # table, rows
    locations: pd.DataFrame  # table, location_method, rows, median_error_km, max_error_km

    def located(self, table: str) -> tuple[int, int]:
        """(rows with a point, rows in all) of a located table."""
        loc = self.locations[self.locations["table"] == table]
        placed = int(loc.loc[loc["location_method"] != "unknown", "rows"].sum())
        return placed, int(loc["rows"].sum())

    def as_text(self) -> str:
        """Write the summary as the lines ``python -m geo validate`` prints."""
        lines = ["VALID", "rows per table:"]
        lines += [f"  {r.table:<16} {r.rows:>5}" for r in self.counts.itertuples()]
        lines.append("locations (method: rows, median / max error km):")
        for table in LOCATED_TABLES:
            placed, total = self.located(table)
            lines.append(f"  {table}: {placed} of {total} placed, {total - placed} without a location")
            for r in self.locations[self.locations["table"] == table].itertuples():
                err = "" if pd.isna(r.median_error_km) else f", {r.median_error_km:g} / {r.max_error_km:g} km"
                lines.append(f"    {r.location_method:<9} {r.rows:>4}{err}")
        return "\n".join(lines)


def summarise(cat: Catalogue) -> Summary:
    """Count the rows of every table and how each located table's rows were placed."""
    counts = pd.DataFrame({"table": list(TABLES), "rows": [len(cat.table(t)) for t in TABLES]})
    frames = [_location_rows(t, cat.table(t)) for t in LOCATED_TABLES]
    return Summary(counts, pd.concat(frames, ignore_index=True))


def _location_rows(table: str, df: pd.DataFrame) -> pd.DataFrame:
    grouped = df.groupby("location_method")["error_km"].agg(["size", "median", "max"])
    grouped = grouped.reindex([m for m in LOCATION_METHODS if m in grouped.index])
    return pd.DataFrame(
        {
            "table": table,
            "location_method": grouped.index,
            "rows": grouped["size"].astype(int).values,
            "median_error_km": grouped["median"].values,
            "max_error_km": grouped["max"].values,
        }
    )
