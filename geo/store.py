"""The catalogue store's interface (:class:`CatalogueStore`), its settings and the result of a check.

:class:`CatalogueStore` is what the app, the command line and a PostGIS implementation (issue 11)
share: read the raw tables and a cheap version token (caches key on it); check → propose →
approve / reject; revert; history; the tables as of any published change.
:class:`geo.workflow.WorkflowStore` implements the workflow once on top of five storage primitives,
so a backend only supplies those (and its own atomic publish). :class:`geo.folder_store.FolderStore`
is the embedded default.

Writes take the actor's ``role`` (keyword; default :data:`geo.accounts.LOCAL_OPERATOR`, who can edit
the files anyway): proposing and reverting need ``maintainer``, approving and rejecting ``reviewer``,
and nothing is written with ``LANBAI_MAINTENANCE=off`` (:func:`geo.accounts.require`).

A page calls ``check(changeset)`` (problems or the diff), ``propose``, then a reviewer
``approve``/``reject``; ``history`` and ``raw_as_of``/``catalogue_as_of`` serve the history view.
"""

from __future__ import annotations

import builtins
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from .accounts import LOCAL_OPERATOR
from .changesets import ChangeRecord, Changeset, LocatedProblem, Raw
from .errors import DataValidationError
from .load import Catalogue, build_catalogue
from .settings import settings
from .validate import find_problems


@dataclass(frozen=True)
class ChangeSettings:
    """How maintenance behaves; read from the environment.

    allow_self_approval : a maintainer may publish their own proposal (embedded default: yes;
        set ``LANBAI_ALLOW_SELF_APPROVAL=0`` in a shared deployment).
    max_import_bytes : a file over this size is refused before it is read (``LANBAI_MAX_IMPORT_MB``).
    """

    allow_self_approval: bool = True
    max_import_bytes: int = 20 * 1024 * 1024

    @classmethod
    def from_env(cls) -> ChangeSettings:
        """Take the maintenance settings from :func:`geo.settings.settings`."""
        current = settings()
        return cls(
            allow_self_approval=current.allow_self_approval, max_import_bytes=int(current.max_import_mb * 1024 * 1024)
        )


@dataclass
class CheckResult:
    """What a change would do: located problems (none = it may be proposed), warnings, and the diff."""

    changeset: Changeset
    problems: list[LocatedProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Tell whether the change may be proposed (no located problem)."""
        return not self.problems


class CatalogueStore(ABC):
    """The interface every store implements (folder now, PostGIS later)."""

    @abstractmethod
    def read_raw(self) -> Raw:
        """Every table as text (GeoJSON layers with a ``geometry`` column), as published now."""

    @abstractmethod
    def version(self) -> str:
        """A cheap token that changes whenever published data change."""

    @abstractmethod
    def check(self, changeset: Changeset) -> CheckResult:
        """Check a changeset against the data without storing anything."""
        ...

    @abstractmethod
    def propose(self, changeset: Changeset, reverts: int | None = None, *, role: str = LOCAL_OPERATOR) -> ChangeRecord:
        """Store a changeset as a proposed change (``reverts``: the change it undoes)."""
        ...

    @abstractmethod
    def get(self, change_id: int) -> ChangeRecord:
        """Return change ``change_id``."""
        ...

    @abstractmethod
    def list(self, status: str | None = None) -> list[ChangeRecord]:
        """List the changes, newest last, optionally of one status."""
        ...

    @abstractmethod
    def approve(self, change_id: int, reviewer: str, *, role: str = LOCAL_OPERATOR) -> ChangeRecord:
        """Publish a proposed change."""
        ...

    @abstractmethod
    def reject(self, change_id: int, reviewer: str, reason: str, *, role: str = LOCAL_OPERATOR) -> ChangeRecord:
        """Reject a proposed change, with the reviewer's reason."""
        ...

    @abstractmethod
    def revert(self, change_id: int, author: str, reason: str, *, role: str = LOCAL_OPERATOR) -> ChangeRecord:
        """Propose the inverse of a published change."""
        ...

    @abstractmethod
    def history(self, table: str | None = None) -> builtins.list[ChangeRecord]:
        """List the published changes, oldest first, optionally of one table."""
        ...

    @abstractmethod
    def raw_as_of(self, change_id: int) -> Raw:
        """Return the tables as they were right after change ``change_id``."""
        ...

    def catalogue(self) -> Catalogue:
        """The typed catalogue as published now."""
        return self._typed(self.read_raw())

    def catalogue_as_of(self, change_id: int) -> Catalogue:
        """The typed catalogue as it was right after change ``change_id`` was published."""
        return self._typed(self.raw_as_of(change_id))

    def _typed(self, raw: Raw) -> Catalogue:
        problems = find_problems(raw)
        if problems:
            raise DataValidationError(problems)
        return build_catalogue(raw, getattr(self, "data_dir", None))
