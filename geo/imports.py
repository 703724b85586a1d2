"""Turn an uploaded file into a changeset for one table: read, convert, match rows, diff.

``changeset_from_file(raw, "indicators", "actuals-2024.csv", reason=…, author=…)`` reads the file
(see :mod:`geo.import_readers`), matches each row to a stored one by key (``--key id``) or by name
through the resolver (``--key name``; every match is listed in the notes for confirmation), and
returns the rows added and changed — a row with ``_action`` = ``remove`` removes the stored row.
A changed row keeps the stored value of every column the file does not have. Problems found here
(size, encoding, unknown columns, duplicate keys, unknown names, non-finite numbers …) are raised
together, each naming the file, line and column; the validator then checks the merged catalogue.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from .accounts import LOCAL_OPERATOR, require
from .changesets import ChangeError, ChangeRecord, ChangeRefusedError, Changeset, LocatedProblem, Raw, is_geo
from .enterprise_parks import PARK_TABLES, fill_parks
from .import_matching import (
    ACTION_COLUMN,
    KEYS,
    NAME_COLUMNS,
    NAME_KINDS,
    diff_rows,
    duplicate_keys,
    key_columns_of,
    match_names,
)
from .import_readers import (
    CSV_SUFFIXES,
    DATUMS,
    EXCEL_SUFFIXES,
    GEO_SUFFIXES,
    ImportedRows,
    ImportRefused,
    convert_lat_lon,
    read_csv_rows,
    read_excel_rows,
    read_geometry_rows,
)
from .outlines import area_ha
from .schema import TABLES, Table
from .store import CheckResult

MAX_CELL_CHARS = 2000
OUTLINE_ALIASES = {
    "id": "site_id",
    "quality": "geometry_quality",
    "source_id": "geometry_source_id",
    "source": "geometry_source",
}
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def changeset_from_file(raw: Raw, table: str, path: Path | str, **options) -> Changeset:
    """The changeset that brings ``table`` in line with the rows of the file at ``path``.

    Options are those of :func:`read_changeset`. Raises ChangeRefusedError on any problem of the file.
    """
    changeset, problems = read_changeset(raw, table, path, **options)
    if problems:
        raise ChangeRefusedError(problems, f"{changeset.file} cannot be imported")
    return changeset


def check_file(store, table: str, path: Path | str, **options) -> CheckResult:
    """What proposing the file would do: every problem (the file's and the validator's) or the diff.

    ``progress`` (an option): called as ``progress(stage, done, total)`` — stages ``read``, ``rows`` and
    ``validate`` — so a page or a terminal can show how far a large file has got.
    """
    progress = options.get("progress") or _no_progress
    changeset, problems = read_changeset(
        store.read_raw(), table, path, max_bytes=store.settings.max_import_bytes, **options
    )
    progress("validate", 0, 1)
    result = store.check(changeset)
    progress("validate", 1, 1)
    result.problems = _merged(problems, result.problems)
    return result


def propose_file(store, table: str, path: Path | str, *, role: str = LOCAL_OPERATOR, **options) -> ChangeRecord:
    """Check the file and store it as a proposal, or raise ChangeRefusedError listing every problem.

    ``role`` is the proposer's (see :func:`geo.accounts.require`); a role that may not propose is
    refused before the file is read.
    """
    require(role, "propose")
    result = check_file(store, table, path, **options)
    if not result.ok:
        raise ChangeRefusedError(result.problems, f"{result.changeset.file} cannot be proposed")
    return store.propose(result.changeset, role=role)


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def _merged(first: list[LocatedProblem], then: list[LocatedProblem]) -> list[LocatedProblem]:
    """Both lists, a cell reported once (the import's more specific message wins)."""
    seen = {(p.file, p.line, p.column) for p in first}
    return first + [p for p in then if (p.file, p.line, p.column) not in seen or p.line is None]


def read_changeset(
    raw: Raw,
    table: str,
    path: Path | str,
    *,
    reason: str,
    author: str,
    crs: str | None = None,
    datum: str = "wgs84",
    key: str = "id",
    max_bytes: int = 20 * 1024 * 1024,
    layer: str | None = None,
    repair: bool = False,
    display_name: str | None = None,
    progress=None,
) -> tuple[Changeset, list[LocatedProblem]]:
    """The file's changeset and the problems of its cells (a file that cannot be matched at all raises).

    Raises
    ------
    ChangeError
        Bad arguments (unknown table, datum or key, missing file).
    ChangeRefusedError
        The file cannot be read or its rows cannot be matched (every problem located); nothing is stored.
    """
    if table not in TABLES:
        raise ChangeError(f"unknown table {table!r}; tables: {', '.join(TABLES)}")
    if datum not in DATUMS:
        raise ChangeError(f"--datum must be one of {', '.join(DATUMS)}")
    if key not in KEYS:
        raise ChangeError(f"--key must be one of {', '.join(KEYS)}")
    if key == "name" and table not in NAME_KINDS:
        raise ChangeError(f"rows of {table} have no names to match; use --key id")
    path = Path(path)
    if not path.is_file():
        raise ChangeError(f"file {path} does not exist")
    name = display_name or path.name
    try:
        progress = progress or _no_progress
        progress("read", 0, 1)
        imported = _read(path, name, TABLES[table], crs, datum, layer, max_bytes)
        progress("read", 1, 1)
        progress("rows", 0, len(imported.rows))
        changes, notes, problems = _changes(raw, TABLES[table], imported, key, repair)
        progress("rows", len(imported.rows), len(imported.rows))
    except ImportRefused as exc:
        raise ChangeRefusedError(exc.problems, f"{name} cannot be imported") from None
    sources = sorted({r.get(c, "") for r in imported.rows for c in ("source_id", "geometry_source_id")} - {""})
    changeset = Changeset(
        changes, author=author, reason=reason, source_id="|".join(sources), file=name, notes=imported.notes + notes
    )
    return changeset, problems


def _read(path: Path, name: str, table: Table, crs, datum, layer, max_bytes: int) -> ImportedRows:
    size = path.stat().st_size
    if size > max_bytes:
        raise ImportRefused(
            [
                LocatedProblem(
                    name,
                    None,
                    None,
                    f"is {size / 1048576:.1f} MB, over the import limit of "
                    f"{max_bytes / 1048576:.1f} MB (LANBAI_MAX_IMPORT_MB)",
                )
            ]
        )
    if size == 0:
        raise ImportRefused([LocatedProblem(name, 1, None, "is empty: it has no header and no rows")])
    suffix = path.suffix.lower()
    if suffix in GEO_SUFFIXES:
        return read_geometry_rows(path, name, crs=crs, datum=datum, layer=layer)
    if suffix in EXCEL_SUFFIXES:
        imported = read_excel_rows(name, path.read_bytes(), table.name)
    elif suffix in CSV_SUFFIXES:
        imported = read_csv_rows(name, path.read_bytes())
    else:
        kinds = ", ".join(CSV_SUFFIXES + EXCEL_SUFFIXES + GEO_SUFFIXES)
        raise ImportRefused([LocatedProblem(name, None, None, f"unknown file type {suffix!r}; use one of {kinds}")])
    convert_lat_lon(imported, crs, datum)
    return imported


def _changes(raw: Raw, table: Table, imported: ImportedRows, key: str, repair: bool):
    notes: list[str] = []
    _shape_rows(table, imported, repair, notes)
    if table.name in PARK_TABLES:  # issue 12: the park of each enterprise/parcel, and how it was found
        notes += fill_parks(imported, raw)
    problems = _column_problems(table, imported, key)
    if key == "name":
        problems += match_names(raw, table, imported, notes)
    problems += duplicate_keys(table, imported)
    if problems:
        raise ImportRefused(problems)
    cell_problems = _cell_problems(table, imported, notes)
    changes, unchanged = diff_rows(raw, table, imported)
    if unchanged:
        notes.append(f"{imported.file}: {unchanged} row(s) already as stored, left out")
    missing = [c for c in table.column_names if c not in imported.columns and not table.column(c).may_be_absent]
    if missing:
        notes.append(
            f"{imported.file}: columns not in the file — kept as stored for changed rows, empty for added "
            f"rows: {', '.join(missing)}"
        )
    return changes, notes, cell_problems


def _shape_rows(table: Table, imported: ImportedRows, repair: bool, notes: list[str]) -> None:
    """Geometry rows fitted to the table: points become lat/lon; outlines get site_id, area and repairs."""
    has_geometry = any("geometry" in r for r in imported.rows)
    _rename_columns(table, imported, notes)
    if has_geometry and table.has_point:
        _points_to_lat_lon(imported)
    elif has_geometry and not is_geo(table):
        raise ImportRefused(
            [
                LocatedProblem(
                    imported.file, None, "geometry", f"{table.name} has no geometry; import a CSV or Excel table"
                )
            ]
        )
    if table.name == "outlines":
        _outline_areas(imported, repair, notes)


def _rename_columns(table: Table, imported: ImportedRows, notes: list[str]) -> None:
    """Outline files name columns briefly (id, source_id …); Shapefiles cut names to 10 characters."""
    renames: dict[str, str] = {}
    for column in imported.columns:
        if column in table.column_names:
            continue
        alias = OUTLINE_ALIASES.get(column) if table.name == "outlines" else None
        prefixed = [c for c in table.column_names if len(column) == 10 and c.startswith(column)]
        target = alias or (prefixed[0] if len(prefixed) == 1 else None)
        if target and target not in imported.columns and target not in renames.values():
            renames[column] = target
    if not renames:
        return
    notes.append(f"{imported.file}: columns read as " + ", ".join(f"{a} → {b}" for a, b in renames.items()))
    imported.columns = [renames.get(c, c) for c in imported.columns]
    for row in imported.rows:
        for old, new in renames.items():
            if old in row:
                row[new] = row.pop(old)


def _points_to_lat_lon(imported: ImportedRows) -> None:
    import shapely.geometry

    problems = []
    for line, row in zip(imported.lines, imported.rows, strict=False):
        geometry = row.pop("geometry", None)
        if geometry is None:
            continue
        point = shapely.geometry.shape(geometry)
        if point.geom_type != "Point":
            problems.append(
                LocatedProblem(imported.file, line, "geometry", f"a point is needed, not a {point.geom_type}")
            )
            continue
        row["lat"], row["lon"] = f"{point.y:.6f}", f"{point.x:.6f}"
    imported.columns += [c for c in ("lat", "lon") if c not in imported.columns]
    if problems:
        raise ImportRefused(problems)


def _outline_areas(imported: ImportedRows, repair: bool, notes: list[str]) -> None:
    import shapely
    import shapely.geometry

    from .changesets import geometry_mapping

    for line, row in zip(imported.lines, imported.rows, strict=False):
        if not row.get("geometry"):
            continue
        geom = shapely.geometry.shape(row["geometry"])
        if repair and not geom.is_valid:
            geom = shapely.make_valid(geom)
            row["geometry"] = geometry_mapping(geom)
            notes.append(f"{imported.file} line {line}: outline repaired with make_valid ({geom.geom_type})")
        area = area_ha([geom])[0] if geom.is_valid and geom.geom_type in ("Polygon", "MultiPolygon") else math.nan
        if math.isfinite(area):  # not finite: coordinates are not degrees, which the validator reports
            row["area_ha"] = f"{area:g}"
    if "area_ha" not in imported.columns:
        imported.columns.append("area_ha")


def _column_problems(table: Table, imported: ImportedRows, key: str) -> list[LocatedProblem]:
    allowed = set(table.column_names) | {"geometry", ACTION_COLUMN}
    if key == "name":
        allowed |= set(NAME_COLUMNS)
    expected = ", ".join(table.column_names)
    problems = [
        LocatedProblem(imported.file, 1, c, f"unknown column for {table.name} (expected: {expected})", table.name)
        for c in imported.columns
        if c not in allowed
    ]
    for column in key_columns_of(table) if key == "id" else []:
        if column not in imported.columns:
            problems.append(
                LocatedProblem(
                    imported.file, 1, column, f"column is missing: rows of {table.name} are matched by it", table.name
                )
            )
    return problems


def _cell_problems(table: Table, imported: ImportedRows, notes: list[str]) -> list[LocatedProblem]:
    """Cell checks the schema does not state: finite numbers, error_km ≥ 0, length, control characters."""
    problems = []
    floats = {c.name for c in table.columns if c.dtype == "float"}
    for line, row in zip(imported.lines, imported.rows, strict=False):
        for column, value in row.items():
            if column == "geometry" or not value:
                continue
            message = _cell_message(column, value, column in floats)
            if message:
                problems.append(LocatedProblem(imported.file, line, column, message, table.name))
            elif markup := _MARKUP.search(value):
                notes.append(
                    f"{imported.file} line {line} column {column}: contains markup "
                    f"({markup.group(0)[:30]}); stored as plain text, shown escaped"
                )
    return problems


def _cell_message(column: str, value: str, is_float: bool) -> str | None:
    if len(value) > MAX_CELL_CHARS:
        return f"is {len(value)} characters long; the limit is {MAX_CELL_CHARS}"
    if _CONTROL.search(value):
        return "contains a control character (binary data?)"
    if is_float:
        try:
            number = float(value)
        except ValueError:
            return None  # the validator reports it as not a number
        if not math.isfinite(number):
            return f"{value!r} is not a finite number"
        if column == "error_km" and number < 0:
            return f"{value!r}: an error in km cannot be negative"
        if column == "area_ha" and number < 0:
            return f"{value!r}: an area cannot be negative"
    return None
