"""Match an imported file's rows to the stored ones: by id, or by name through the resolver.

:func:`match_names` fills the key column from a name column (each match is a note, shown for
confirmation); :func:`duplicate_keys` finds a key given twice; :func:`diff_rows` turns the matched
rows into row changes (added, changed, removed with ``_action`` = ``remove``).
"""

from __future__ import annotations

from .cells import split_list
from .changesets import LocatedProblem, Raw, RowChange, is_geo, records_by_key, row_key
from .import_readers import ImportedRows, ImportRefused
from .names import Resolver
from .schema import Table

KEYS = ("id", "name")
ACTION_COLUMN = "_action"
REMOVE_ACTIONS = ("remove", "delete", "删除")
NAME_KINDS = {
    "sites": "site",
    "industries": "industry",
    "organizations": "organization",
    "landmarks": "landmark",
    "areas": "area",
    "outlines": "site",
}
NAME_COLUMNS = ("name", "name_zh", "名称")


def key_columns_of(table: Table) -> list[str]:
    """List the columns that identify a row of ``table``."""
    from .changesets import key_columns

    return key_columns(table)


def match_names(raw: Raw, table: Table, imported: ImportedRows, notes: list[str]) -> list[LocatedProblem]:
    """Fill the key column from the name column through the resolver; each match becomes a note."""
    column = next((c for c in NAME_COLUMNS if c in imported.columns), None)
    key_column = table.key
    if column is None:
        return [LocatedProblem(imported.file, 1, "name", f"--key name needs a name column ({', '.join(NAME_COLUMNS)})")]
    kind = NAME_KINDS[table.name]
    assert key_column is not None  # every table in NAME_KINDS has a key
    resolver = Resolver(_NameTables(raw))
    problems = []
    for line, row in zip(imported.lines, imported.rows, strict=False):
        found = resolver.find(row[column], kind)
        if found is None:
            hint = resolver.suggest(row[column], kind)
            problems.append(
                LocatedProblem(
                    imported.file,
                    line,
                    column,
                    f"{row[column]!r} is not a known {kind}" + (f"; did you mean: {', '.join(hint)}?" if hint else ""),
                    table.name,
                )
            )
            continue
        row[key_column] = found.id
        notes.append(f"{imported.file} line {line}: {row[column]!r} → {found.id} ({found.name_zh} / {found.name_en})")
        if column not in table.column_names:
            row.pop(column)
    if key_column not in imported.columns:
        imported.columns.append(key_column)
    if column not in table.column_names:
        imported.columns.remove(column)
    return problems


class _NameTables:
    """The raw tables seen as a catalogue by the resolver (aliases split into lists)."""

    def __init__(self, raw: Raw):
        self._raw = raw

    def table(self, name: str):
        df = self._raw[name].copy()
        if "aliases" in df.columns:
            df["aliases"] = df["aliases"].map(split_list)
        return df


def duplicate_keys(table: Table, imported: ImportedRows) -> list[LocatedProblem]:
    """A problem for every row whose key an earlier row of the file already has."""
    seen: dict[str, int] = {}
    problems = []
    column = table.key or key_columns_of(table)[0]
    for line, row in zip(imported.lines, imported.rows, strict=False):
        key = row_key(table, row)
        if key in seen:
            problems.append(
                LocatedProblem(
                    imported.file, line, column, f"{key!r} is already in this file on line {seen[key]}", table.name
                )
            )
        seen.setdefault(key, line)
    return problems


def diff_rows(raw: Raw, table: Table, imported: ImportedRows) -> tuple[list[RowChange], int]:
    """The file's rows matched to the stored ones by key: added, changed, removed; and how many are unchanged.

    A row with ``_action`` = ``remove`` removes the stored row; a changed row keeps the stored value of
    every column the file does not have.
    """
    stored = records_by_key(table, raw[table.name])
    columns = [c for c in table.column_names]
    changes, unchanged = [], 0
    for line, row in zip(imported.lines, imported.rows, strict=False):
        action = row.pop(ACTION_COLUMN, "").strip().lower()
        key = row_key(table, row)
        before = stored.get(key)
        if action in REMOVE_ACTIONS:
            if before is None:
                raise ImportRefused(
                    [
                        LocatedProblem(
                            imported.file,
                            line,
                            ACTION_COLUMN,
                            f"cannot remove {key!r}: no such row in {table.name}",
                            table.name,
                        )
                    ]
                )
            changes.append(RowChange(table.name, "remove", key, before, None, line))
            continue
        if before is None:
            after = {c: row.get(c, "") for c in columns}
            if is_geo(table):
                after["geometry"] = row.get("geometry")
            changes.append(RowChange(table.name, "add", key, None, after, line))
            continue
        after = {**before, **{c: v for c, v in row.items() if c in before}}
        if after == before:
            unchanged += 1
        else:
            changes.append(RowChange(table.name, "change", key, before, after, line))
    return changes, unchanged
