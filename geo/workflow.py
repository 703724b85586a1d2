"""The review workflow every store shares: check → propose → approve / reject, revert, history, as-of.

:class:`WorkflowStore` implements :class:`geo.store.CatalogueStore`'s workflow on top of five storage
primitives (records, a lock, an atomic publish), so the folder store and the PostGIS store supply only
those. Every write first asks :func:`geo.accounts.require` whether the actor's role may do it.
"""

from __future__ import annotations

import builtins
from abc import abstractmethod
from dataclasses import replace
from pathlib import Path

from .accounts import LOCAL_OPERATOR, require
from .changesets import (
    STATUSES,
    ChangeError,
    ChangeRecord,
    ChangeRefusedError,
    Changeset,
    ConflictError,
    LocatedProblem,
    Raw,
    ReviewError,
    RowChange,
    apply_changes,
    conflicts,
    index_by_key,
    inverse_changes,
    is_geo,
    now_iso,
    row_cells,
    row_key,
    with_positions,
)
from .errors import Problem
from .outlines import area_warnings, outline_problems, repair_hint
from .schema import TABLES
from .store import CatalogueStore, ChangeSettings, CheckResult
from .synth import synthetic_refusals
from .validate import find_problems


class WorkflowStore(CatalogueStore):
    """The review workflow, shared by every backend; subclasses store records and publish atomically."""

    settings: ChangeSettings
    seeds_dir: Path | None = None  # where quotes are checked against (None: not checked)

    # -- storage primitives a backend provides -------------------------------------------------
    @abstractmethod
    def _locked(self):
        """A context manager: no other writer runs while it is held."""

    @abstractmethod
    def _records(self) -> list[ChangeRecord]:
        """Every stored record, any status."""

    @abstractmethod
    def _save_record(self, record: ChangeRecord) -> None:
        """Store a new or updated record (not publishing anything)."""

    @abstractmethod
    def _publish(self, record: ChangeRecord, new_raw: Raw) -> None:
        """Write the changed tables of ``new_raw`` and the published record, all or none."""

    @abstractmethod
    def data_label(self, table: str) -> str:
        """How the stored table is named in messages (a file name, a database table)."""

    # -- the workflow ---------------------------------------------------------------------------
    def check(self, changeset: Changeset) -> CheckResult:
        """Validate the whole catalogue as it would be after ``changeset``; nothing is written."""
        if not isinstance(changeset, Changeset):
            raise ChangeError("check needs a Changeset")
        raw = self.read_raw()
        clashes = conflicts(raw, changeset.changes)
        if clashes:
            raise ConflictError(clashes, "the rows are not as the change expects")
        new_raw, origin = apply_changes(raw, changeset.changes)
        found = self._new_problems(raw, new_raw, origin, changeset)
        found += synthetic_refusals(self, changeset)  # issue 12: benchmark rows never enter real data
        changed_sites = [c.key for c in changeset.changes if c.table == "outlines" and c.op != "remove"]
        return CheckResult(changeset, found, area_warnings(new_raw, changed_sites))

    def propose(self, changeset: Changeset, reverts: int | None = None, *, role: str = LOCAL_OPERATOR) -> ChangeRecord:
        """Store ``changeset`` as proposed, if it passes :meth:`check`.

        Raises
        ------
        ActionRefusedError
            ``role`` may not propose, or maintenance is off; nothing is stored.
        ChangeRefusedError
            With every located problem; nothing is stored.
        """
        require(role, "propose")
        if not changeset.changes:
            nothing = LocatedProblem(changeset.file, None, None, "changes nothing: every row is as stored")
            raise ChangeRefusedError([nothing], "nothing to propose")
        with self._locked():
            result = self.check(changeset)
            if not result.ok:
                raise ChangeRefusedError(result.problems)
            record = ChangeRecord(
                id=self._next_id(),
                changeset=changeset,
                warnings=result.warnings,
                reverts=reverts,
                base_version=self.version(),
            )
            self._save_record(record)
        return record

    def get(self, change_id: int) -> ChangeRecord:
        """Return change ``change_id``."""
        found = [r for r in self._records() if r.id == int(change_id)]
        if not found:
            raise ChangeError(f"no change with id {change_id}")
        return found[0]

    def list(self, status: str | None = None) -> list[ChangeRecord]:
        """List the changes, newest last, optionally of one status."""
        if status is not None and status not in STATUSES:
            raise ChangeError(f"status must be one of {', '.join(STATUSES)}")
        return [r for r in sorted(self._records(), key=lambda r: r.id) if status in (None, r.status)]

    def approve(self, change_id: int, reviewer: str, *, role: str = LOCAL_OPERATOR) -> ChangeRecord:
        """Publish a proposal: re-check it against the data as they are now, then write it atomically.

        Raises
        ------
        ActionRefusedError
            ``role`` may not publish, or maintenance is off; nothing is read or written.
        ReviewError
            The change is not proposed, or the reviewer is its author where that is refused.
        ConflictError
            Rows it changes have changed since it was proposed (named in the message).
        ChangeRefusedError
            The data as they are now would break with it.
        """
        require(role, "publish")
        reviewer = _required(reviewer, "a reviewer")
        with self._locked():
            record = self._proposed(change_id)
            if reviewer == record.changeset.author and not self.settings.allow_self_approval:
                raise ReviewError(f"change {change_id} was proposed by {reviewer}; another person must approve it")
            result = self.check(record.changeset)
            if not result.ok:
                raise ChangeRefusedError(result.problems, f"change {change_id} no longer fits the data")
            raw = self.read_raw()
            changes = with_positions(raw, record.changeset.changes)
            new_raw, _ = apply_changes(raw, changes)
            sequence = 1 + max((r.sequence or 0 for r in self._records()), default=0)
            published = replace(
                record,
                changeset=replace(record.changeset, changes=changes),
                status="published",
                reviewer=reviewer,
                reviewed=now_iso(),
                sequence=sequence,
                warnings=result.warnings,
            )
            self._publish(published, new_raw)
        return published

    def reject(self, change_id: int, reviewer: str, reason: str, *, role: str = LOCAL_OPERATOR) -> ChangeRecord:
        """Reject a proposed change, with the reviewer's reason."""
        require(role, "publish")
        reviewer, reason = _required(reviewer, "a reviewer"), _required(reason, "a reason")
        with self._locked():
            record = replace(
                self._proposed(change_id),
                status="rejected",
                reviewer=reviewer,
                reviewed=now_iso(),
                review_reason=reason,
            )
            self._save_record(record)
        return record

    def revert(self, change_id: int, author: str, reason: str, *, role: str = LOCAL_OPERATOR) -> ChangeRecord:
        """Propose the inverse of a published change; it goes through review like any change."""
        require(role, "propose")
        record = self.get(change_id)
        if record.status != "published":
            raise ReviewError(f"change {change_id} is {record.status}; only a published change can be reverted")
        undo = Changeset(
            changes=inverse_changes(record.changeset.changes),
            author=_required(author, "an author"),
            reason=_required(reason, "a reason"),
            source_id=record.changeset.source_id,
            file=f"revert of change {change_id}",
        )
        return self.propose(undo, reverts=change_id, role=role)

    def history(self, table: str | None = None) -> builtins.list[ChangeRecord]:
        """Published changes in publish order, optionally only those touching ``table``."""
        if table is not None and table not in TABLES:
            raise ChangeError(f"unknown table {table!r}; tables: {', '.join(TABLES)}")
        published = sorted(self.list("published"), key=lambda r: r.sequence or 0)
        return [r for r in published if table is None or table in r.changeset.tables]

    def raw_as_of(self, change_id: int) -> Raw:
        """The tables right after change ``change_id``: today's, with every later change undone."""
        target = self.get(change_id)
        if target.status != "published":
            raise ChangeError(f"change {change_id} is {target.status}, not published: there is no 'as of' it")
        raw = self.read_raw()
        for later in reversed([r for r in self.history() if (r.sequence or 0) > (target.sequence or 0)]):
            raw, _ = apply_changes(raw, inverse_changes(later.changeset.changes))
        return raw

    # -- helpers --------------------------------------------------------------------------------
    def _next_id(self) -> int:
        return 1 + max((r.id for r in self._records()), default=0)

    def _proposed(self, change_id: int) -> ChangeRecord:
        record = self.get(change_id)
        if record.status != "proposed":
            raise ReviewError(f"change {change_id} is already {record.status}")
        return record

    def _validate(self, raw: Raw) -> builtins.list[Problem]:
        return find_problems(raw, seeds_dir=self.seeds_dir) + outline_problems(raw)

    def _new_problems(
        self, raw: Raw, new_raw: Raw, origin: dict, changeset: Changeset
    ) -> builtins.list[LocatedProblem]:
        """Problems of the changed catalogue that the current one does not have, located to their file."""
        before = {_identity(raw, p)[0] for p in self._validate_cached(raw)}
        found, old_indexes = [], {}
        for problem in self._validate(new_raw):
            identity, index = _identity(new_raw, problem)
            if identity in before:
                continue
            if problem.table in raw and problem.table not in old_indexes:
                old_indexes[problem.table] = index_by_key(TABLES[problem.table], raw[problem.table])
            found.append(self._locate(problem, index, origin, changeset, raw, new_raw, old_indexes))
        return _deduplicated(found)

    def _validate_cached(self, raw: Raw) -> builtins.list[Problem]:
        token = self.version()
        if getattr(self, "_problem_cache", (None,))[0] != token:
            self._problem_cache = (token, self._validate(raw))
        return self._problem_cache[1]

    def _locate(
        self, problem: Problem, index, origin: dict, changeset: Changeset, raw: Raw, new_raw: Raw, old_indexes: dict
    ) -> LocatedProblem:
        """A problem of the merged table, moved to the uploaded file's line, or to the stored file's own line."""
        change = origin.get((problem.table, index)) if index is not None else None
        message = problem.message
        if change is not None and problem.column == "geometry" and message.startswith("invalid geometry"):
            message += repair_hint(_geometry(change))
        if change is not None:
            return LocatedProblem(changeset.file or change.table, change.line, problem.column, message, problem.table)
        line = problem.row
        key = _key_at(new_raw, problem.table, index) if index is not None else None
        if key is not None and problem.table in raw:
            old_at = old_indexes[problem.table].get(key)
            if old_at is not None:
                line = _line(problem.table, raw[problem.table].index.get_loc(old_at), problem.column)
            message += f" (row {key})"
        return LocatedProblem(self.data_label(problem.table), line, problem.column, message, problem.table)


def _geometry(change: RowChange):
    import shapely.geometry

    geometry = (change.after or {}).get("geometry")
    return shapely.geometry.shape(geometry) if geometry else None


def _deduplicated(problems: list[LocatedProblem]) -> list[LocatedProblem]:
    return list(dict.fromkeys(problems))


def _required(text: str, what: str) -> str:
    if not str(text or "").strip():
        raise ChangeError(f"{what} is required")
    return str(text).strip()


def _row_index(table: str, problem: Problem) -> int | None:
    """The DataFrame index a problem's row refers to (GeoJSON geometry rows count from 1, cells from 2)."""
    if problem.row is None:
        return None
    geometry_row = is_geo(TABLES[table]) and problem.column == "geometry"
    return problem.row - (1 if geometry_row else 2)


def _line(table: str, index: int, column: str | None) -> int:
    return index + (1 if is_geo(TABLES[table]) and column == "geometry" else 2)


def _key_at(raw: Raw | None, table: str, index) -> str | None:
    if raw is None or table not in raw or index is None or index >= len(raw[table]):
        return None
    return row_key(TABLES[table], row_cells(TABLES[table], raw[table], raw[table].index[index]))


def _identity(raw: Raw, problem: Problem) -> tuple[tuple, int | None]:
    """(table, row key, column, message) — the same problem whichever line the row is on — and the row index."""
    index = _row_index(problem.table, problem)
    key = _key_at(raw, problem.table, index) if index is not None and index >= 0 else None
    return (problem.table, key, problem.column, problem.message), index
