"""Changesets: rows added, changed or removed in one or more tables, with who, when, why and the source.

A changeset is plain data (JSON-able), independent of where the catalogue is stored. Every row
change carries the row as it was (``before``) and as it will be (``after``) — cells as text, the
geometry of a GeoJSON table as a GeoJSON mapping — so the same record gives the cell-by-cell
history, the conflict check at publish time (the row must still be ``before``), and the inverse
change that undoes it. Rows are identified by the table's key (``id``, ``code``, ``site_id``) or,
for link tables without one, by their reference columns and role.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely.geometry

from .errors import AtlasError
from .schema import CRS, TABLES, Table

Raw = dict[str, pd.DataFrame]
OPS = ("add", "change", "remove")
STATUSES = ("proposed", "published", "rejected")
KEY_JOIN = " / "
_NOT_KEY = {
    "source_id",
    "quote",
    "note",
    "geometry",
    "role_class",
    "visibility",
}  # role_class classifies a link; it is not part of its identity


class ChangeError(AtlasError):
    """A changeset is malformed (unknown table, bad operation) or names a change id that does not exist."""


class ReviewError(AtlasError):
    """A review step that is not allowed: wrong status, or approving one's own change where that is refused."""


@dataclass(frozen=True)
class LocatedProblem:
    """A problem of a proposed change, located to the file (uploaded or stored), line and column."""

    file: str
    line: int | None  # the uploaded file's line (CSV; header = 1), row (Excel) or feature number (GeoJSON …)
    column: str | None
    message: str
    table: str = ""

    def __str__(self) -> str:
        """Write the problem as one line."""
        where = self.file or self.table
        if self.line is not None:
            where += f" line {self.line}"
        if self.column:
            where += f" column {self.column}"
        return f"{where}: {self.message}"


class ChangeRefusedError(AtlasError):
    """A change breaks the data (every problem located) or conflicts with rows changed since; nothing stored."""

    def __init__(self, problems: list[LocatedProblem] | list[str], what: str = "the change is refused"):
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:200])
        more = f"\n  … and {len(self.problems) - 200} more" if len(self.problems) > 200 else ""
        super().__init__(f"{what}: {len(self.problems)} problem(s); nothing was stored\n{shown}{more}")


class ConflictError(ChangeRefusedError):
    """Rows a proposal changes have changed since it was made; the message names them."""


def key_columns(table: Table) -> list[str]:
    """The columns that identify a row: the table's key, or a link table's references and role."""
    if table.key:
        return [table.key]
    return [c for c in table.column_names if c not in _NOT_KEY]


def row_key(table: Table, row: dict) -> str:
    """Give the key that identifies ``row`` in ``table``: its key columns' values, joined."""
    return KEY_JOIN.join(str(row.get(c, "")) for c in key_columns(table))


def is_geo(table: Table) -> bool:
    """Tell whether ``table`` holds geometries (a GeoJSON table)."""
    return table.filename.endswith(".geojson")


def geometry_mapping(geom) -> dict | None:
    """A shapely geometry as a GeoJSON mapping with lists (so it compares equal after a JSON round trip)."""
    if geom is None or (isinstance(geom, float) and geom != geom) or geom.is_empty:
        return None
    return json.loads(json.dumps(shapely.geometry.mapping(geom)))


def row_cells(table: Table, df: pd.DataFrame, index) -> dict:
    """One raw row as a dict of text cells (plus ``geometry`` as a mapping for GeoJSON tables)."""
    record = df.loc[index]
    cells: dict[str, Any] = {c: str(record[c]) for c in df.columns if c != "geometry"}
    if is_geo(table):
        cells["geometry"] = geometry_mapping(record.get("geometry"))
    return cells


def row_records(table: Table, df: pd.DataFrame) -> list[dict]:
    """Every raw row as :func:`row_cells` gives it, in order (fast: one conversion, not one per row)."""
    columns = [c for c in df.columns if c != "geometry"]
    records: list[dict[str, Any]] = [
        {c: str(v) for c, v in zip(columns, values, strict=False)}
        for values in df[columns].itertuples(index=False, name=None)
    ]
    if is_geo(table):
        for record, geom in zip(
            records, df.geometry if "geometry" in df.columns else [None] * len(records), strict=False
        ):
            record["geometry"] = geometry_mapping(geom)
    return records


def records_by_key(table: Table, df: pd.DataFrame) -> dict[str, dict]:
    """Row key → the row's cells (the first row of a key)."""
    out: dict[str, dict] = {}
    for record in row_records(table, df):
        out.setdefault(row_key(table, record), record)
    return out


@dataclass(frozen=True)
class RowChange:
    """One row added, changed or removed; ``line`` is where it came from in the uploaded file."""

    table: str
    op: str
    key: str
    before: dict | None = None
    after: dict | None = None
    line: int | None = None
    position: int | None = None  # the row's place in its table (kept so an undo re-inserts it there)

    def cells(self) -> list[tuple[str, object, object]]:
        """(column, before, after) of every cell that differs."""
        before, after = self.before or {}, self.after or {}
        columns = list(dict.fromkeys([*before, *after]))
        return [(c, before.get(c), after.get(c)) for c in columns if before.get(c) != after.get(c)]

    def inverse(self) -> RowChange:
        """Return the change that undoes this one."""
        op = {"add": "remove", "remove": "add", "change": "change"}[self.op]
        return replace(self, op=op, before=self.after, after=self.before, line=None)


@dataclass
class Changeset:
    """What a maintainer proposes: row changes plus author, reason and the cited source."""

    changes: list[RowChange]
    author: str
    reason: str
    source_id: str = ""
    file: str = ""  # the uploaded file the rows came from, for messages
    notes: list[str] = field(default_factory=list)  # encoding detected, name matches, kept columns …
    created: str = field(default_factory=lambda: now_iso())

    def __post_init__(self):
        """Check the changeset's fields as it is built."""
        if not str(self.reason or "").strip():
            raise ChangeError("a change needs a reason")
        if not str(self.author or "").strip():
            raise ChangeError("a change needs an author")
        for change in self.changes:
            if change.table not in TABLES:
                raise ChangeError(f"unknown table {change.table!r}; tables: {', '.join(TABLES)}")
            if change.op not in OPS:
                raise ChangeError(f"unknown operation {change.op!r}; one of {', '.join(OPS)}")

    @property
    def tables(self) -> list[str]:
        """List the tables the changeset touches, in order."""
        return list(dict.fromkeys(c.table for c in self.changes))

    def counts(self) -> dict[str, dict[str, int]]:
        """Per table: how many rows are added, changed and removed."""
        out: dict[str, dict[str, int]] = {}
        for c in self.changes:
            out.setdefault(c.table, dict.fromkeys(OPS, 0))[c.op] += 1
        return out

    def summary(self) -> str:
        """Summarise the changeset: rows added, changed and removed per table."""
        parts = [f"{t}: +{n['add']} ~{n['change']} -{n['remove']}" for t, n in self.counts().items()]
        return "; ".join(parts) or "no changes"


@dataclass
class ChangeRecord:
    """A stored changeset and its review: proposed → published, or → rejected."""

    id: int
    changeset: Changeset
    status: str = "proposed"
    warnings: list[str] = field(default_factory=list)
    reviewer: str = ""
    reviewed: str = ""
    review_reason: str = ""
    reverts: int | None = None  # the id this change undoes
    base_version: str = ""
    sequence: int | None = None  # publish order (1, 2, …): as-of and history follow it

    def to_json(self) -> str:
        """Write the record as JSON."""
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ChangeRecord:
        """Read a record written by :meth:`to_json`."""
        data = json.loads(text)
        cs = data.pop("changeset")
        changes = [RowChange(**c) for c in cs.pop("changes")]
        return cls(changeset=Changeset(changes=changes, **cs), **data)

    def as_dict(self) -> dict:
        """Plain data for JSON (shallow: the rows' cell dicts are shared, not copied)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        changeset = {f.name: getattr(self.changeset, f.name) for f in fields(self.changeset)}
        changeset["changes"] = [{f.name: getattr(c, f.name) for f in fields(c)} for c in self.changeset.changes]
        data["changeset"] = changeset
        return data


def now_iso() -> str:
    """Give the current time in UTC as an ISO 8601 string (seconds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def index_by_key(table: Table, df: pd.DataFrame) -> dict[str, object]:
    """Row key → DataFrame index (the first row of a key, as the validator reports later duplicates)."""
    columns = key_columns(table)
    if df.empty:
        return {}
    keys = df[columns].astype(str).agg(KEY_JOIN.join, axis=1) if len(columns) > 1 else df[columns[0]].astype(str)
    out: dict[str, object] = {}
    for index, key in zip(df.index, keys, strict=False):
        out.setdefault(key, index)
    return out


def apply_changes(raw: Raw, changes: list[RowChange]) -> tuple[Raw, dict[tuple[str, int], RowChange]]:
    """The raw tables after the changes, and which change produced each (table, new row index).

    Changed rows keep their place, removed rows go, added rows are appended (or re-inserted at
    their recorded ``position`` when an undo adds back a removed row). Indexes are renumbered
    0..n-1 so the validator's line numbers stay the file's.
    """
    out = dict(raw)
    origin: dict[tuple[str, int], RowChange] = {}
    for name in dict.fromkeys(c.table for c in changes):
        table_changes = [c for c in changes if c.table == name]
        out[name], made = _apply_table(TABLES[name], raw[name], table_changes)
        origin.update({(name, i): c for i, c in made.items()})
    return out, origin


def _apply_table(table: Table, df: pd.DataFrame, changes: list[RowChange]):
    rows: list[tuple[dict, RowChange | None]] = [(record, None) for record in row_records(table, df)]
    where = index_by_key(table, df)
    positions = {index: n for n, index in enumerate(df.index)}
    removed: set[int] = set()
    for change in changes:
        at = where.get(change.key)
        if change.op == "remove" and at is not None:
            removed.add(positions[at])
        elif change.op == "change" and at is not None:
            assert change.after is not None  # a change states the row after it
            rows[positions[at]] = ({**rows[positions[at]][0], **change.after}, change)
    kept = [r for n, r in enumerate(rows) if n not in removed]
    adds = sorted((c for c in changes if c.op == "add"), key=lambda c: (c.position is None, c.position or 0))
    for change in adds:
        assert change.after is not None  # an add states the row it adds
        spot = change.position if change.position is not None and change.position <= len(kept) else len(kept)
        kept.insert(spot, (dict(change.after), change))
    frame = _frame(table, df, [r for r, _ in kept])
    return frame, {n: c for n, (_, c) in enumerate(kept) if c is not None}


def _frame(table: Table, like: pd.DataFrame, rows: list[dict]) -> pd.DataFrame:
    columns = [c for c in like.columns if c != "geometry"]
    for row in rows:
        columns += [c for c in row if c not in columns and c != "geometry"]
    data = {c: [str(r.get(c, "") if r.get(c) is not None else "") for r in rows] for c in columns}
    if not is_geo(table):
        return pd.DataFrame(data, columns=columns)
    geoms = [shapely.geometry.shape(r["geometry"]) if r.get("geometry") else None for r in rows]
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geoms, crs=CRS), crs=CRS)


def conflicts(raw: Raw, changes: list[RowChange]) -> list[str]:
    """Rows that changed since the proposal: the row is no longer as the change found it."""
    found = []
    rows = {name: records_by_key(TABLES[name], raw[name]) for name in dict.fromkeys(c.table for c in changes)}
    for change in changes:
        now = rows[change.table].get(change.key)
        if change.op == "add" and now is not None and _differs(now, change.after):
            found.append(f"{change.table} {change.key}: added by the proposal, but a row with that key now exists")
        elif change.op != "add" and now is None:
            found.append(f"{change.table} {change.key}: the row has been removed since the proposal")
        elif change.op != "add" and now is not None and _differs(now, change.before):
            cols = [c for c in set(now) | set(change.before or {}) if _cell(now, c) != _cell(change.before or {}, c)]
            found.append(
                f"{change.table} {change.key}: changed since the proposal (columns: {', '.join(sorted(cols))})"
            )
    return found


def _differs(now: dict, before: dict | None) -> bool:
    before = before or {}
    return any(_cell(now, c) != _cell(before, c) for c in set(now) | set(before))


def _cell(row: dict, column: str):
    """A row's cell; a column the file leaves out (visibility) reads as empty."""
    value = row.get(column)
    return "" if value is None else value


def inverse_changes(changes: list[RowChange]) -> list[RowChange]:
    """The changes that undo ``changes``; a removed row goes back at its old place."""
    return [change.inverse() for change in changes]


def with_positions(raw: Raw, changes: list[RowChange]) -> list[RowChange]:
    """Record each changed or removed row's place in its table (done at publish time)."""
    indexes = {name: index_by_key(TABLES[name], raw[name]) for name in dict.fromkeys(c.table for c in changes)}
    places = {name: {index: n for n, index in enumerate(raw[name].index)} for name in indexes}
    out = []
    for change in changes:
        at = indexes[change.table].get(change.key)
        position = places[change.table][at] if at is not None and change.op != "add" else change.position
        out.append(replace(change, position=position))
    return out


def table_changes(raw: Raw, table: str, edited: pd.DataFrame) -> list[RowChange]:
    """Diff an edited table against the stored one.

    The row changes that turn the stored ``table`` into ``edited`` — a whole table, as a form or
    ``st.data_editor`` returns it (rows missing from it are removed).
    """
    if table not in TABLES:
        raise ChangeError(f"unknown table {table!r}; tables: {', '.join(TABLES)}")
    spec = TABLES[table]
    text = edited.copy()
    for column in (c for c in text.columns if c != "geometry"):
        text[column] = text[column].map(lambda v: "" if v is None or v != v else str(v).strip())
    stored, wanted = records_by_key(spec, raw[table]), records_by_key(spec, text)
    changes = []
    for key, row in wanted.items():
        before = stored.get(key)
        if before is None:
            changes.append(RowChange(table, "add", key, None, {**{c: "" for c in spec.column_names}, **row}))
        elif {**before, **row} != before:
            changes.append(RowChange(table, "change", key, before, {**before, **row}))
    changes += [RowChange(table, "remove", key, before, None) for key, before in stored.items() if key not in wanted]
    return changes
