"""One error type per way the atlas's data or a request can fail.

Every message says what went wrong and where (file, table, row, column), so the
app and the command line can show it as it is, without a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class AtlasError(Exception):
    """Base of every error the domain raises on purpose."""


class DataLoadError(AtlasError):
    """A data file is missing, unreadable, wrongly encoded or malformed."""


class CellError(AtlasError, ValueError):
    """One cell's text cannot be read as its column's type (number syntax, range, length …)."""

    def __init__(self, message: str, kind: str = "value"):
        self.kind = kind  # empty | control | length | number | range | choice
        super().__init__(message)


ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    """One validation finding, located to the cell; a warning is shown but does not block loading."""

    table: str
    row: int | None  # the line in the file (header is line 1); None for a whole-table problem
    column: str | None
    message: str
    severity: str = ERROR  # ERROR | WARNING

    @property
    def blocking(self) -> bool:
        """Tell whether the problem blocks loading (an error) rather than warns."""
        return self.severity != WARNING

    def __str__(self) -> str:
        """Write the problem as one line with its place."""
        where = self.table
        if self.row is not None:
            where += f" line {self.row}"
        if self.column:
            where += f" column {self.column}"
        return f"{where}: {'' if self.blocking else 'warning: '}{self.message}"


class DataValidationError(AtlasError):
    """The data set breaks the schema; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem], warnings: Sequence[Problem] = ()):
        self.problems = list(problems)
        self.warnings = list(warnings)  # shown next to the problems; they alone would not block
        shown = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = f"\n  … and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(f"{len(self.problems)} data problem(s):\n{shown}{more}")


class UnknownNameError(AtlasError, LookupError):
    """A name that resolves to nothing; suggests the closest known names."""

    def __init__(self, kind: str, name: str, suggestions: list[str]):
        self.kind, self.name, self.suggestions = kind, name, list(suggestions)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown {kind} {name!r}.{hint}")


class AmbiguousNameError(UnknownNameError):
    """A partial name that is part of several chains' names; lists them (zh name and id) in one line.

    ``candidates`` are the chains' :class:`geo.names.Match` rows, in vocabulary order.
    """

    def __init__(self, kind: str, name: str, candidates: list):
        self.kind, self.name, self.candidates = kind, name, list(candidates)
        self.suggestions = [c.name_zh for c in self.candidates]
        listed = "; ".join(f"{c.name_zh} ({c.id})" for c in self.candidates)
        AtlasError.__init__(
            self,
            f"{name!r} is part of the name of {len(self.candidates)} chains: {listed} — give one of them by name or id",
        )


class InvalidQueryError(AtlasError, ValueError):
    """A query's arguments are out of range or contradict each other."""


class ExportError(AtlasError):
    """An export could not be written; nothing was left half-written."""


class ExportTargetError(ExportError):
    """An export target that must not be written.

    The export would overwrite, delete or write into something it must not (an existing file
    without --force, a folder, the data folder); nothing was written.
    """


class StoreUnavailableError(AtlasError):
    """The shared store (the PostGIS database) cannot be reached or has no atlas schema yet.

    The message names the server (never its password) and what to do; the next call tries again.
    """


class ActionRefusedError(AtlasError):
    """A maintenance action refused before anything is read or written.

    The actor's role may not do it (proposing needs ``maintainer``, approving or rejecting ``reviewer``),
    or maintenance is switched off in this deployment (``LANBAI_MAINTENANCE=off``). ``action`` and
    ``role`` say which, so a page can say it in its language; ``needed`` is the lowest role allowed
    ('' when maintenance is off).
    """

    def __init__(self, message: str, action: str = "", role: str = "", needed: str = ""):
        super().__init__(message)
        self.action, self.role, self.needed = action, role, needed
