"""What a guided tour is: texts in both languages, steps, the tour, and the problems of a tour file.

Read and checked by :mod:`geo.tours`; no Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import AtlasError

ZOOM_RANGE = (5.0, 18.0)
#: Optional layers a step can switch on; areas, river and highlighted sites are always drawn.
LAYERS = ("sites", "orgs", "links", "uncertainty")
TOUR_FIELDS = ("title", "description", "order", "steps")
STEP_FIELDS = ("title", "caption", "center", "zoom", "sites", "areas", "organizations", "layers", "sources")


@dataclass(frozen=True)
class Text:
    """A text in both languages."""

    zh: str
    en: str

    def get(self, lang: str = "zh") -> str:
        """The text in ``lang``."""
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Step:
    """One stop of a tour: where the map looks, what it highlights, and what it says."""

    number: int  # 1-based, as staff count
    title: Text
    caption: Text
    center: tuple[float, float]  # lat, lon (WGS-84)
    zoom: float
    sites: tuple[str, ...] = ()  # site ids, resolved
    areas: tuple[str, ...] = ()  # area codes, resolved
    organizations: tuple[str, ...] = ()  # organization ids, resolved
    layers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tour:
    """A guided tour read from one YAML file: its texts and its steps."""

    id: str
    title: Text
    description: Text
    steps: tuple[Step, ...]
    file: str
    order: int = 100

    def step(self, number: int) -> Step:
        """Step ``number`` (1-based), clamped into range."""
        return self.steps[min(max(int(number), 1), len(self.steps)) - 1]


@dataclass(frozen=True)
class TourProblem:
    """One finding in a tour file, located to the step and field."""

    file: str
    step: int | None
    field: str | None
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.step is not None:
            where.append(f"step {self.step}")
        if self.field:
            where.append(self.field)
        return f"{', '.join(where)}: {self.message}"


class TourError(AtlasError):
    """A tour file that cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[TourProblem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class TourSet:
    """The tours that loaded, and the problems of the files that did not."""

    tours: tuple[Tour, ...] = ()
    problems: tuple[TourProblem, ...] = ()

    @property
    def ids(self) -> list[str]:
        """The tours' ids, in order."""
        return [t.id for t in self.tours]

    def get(self, tour_id: str) -> Tour | None:
        """The tour with that id, or None."""
        return next((t for t in self.tours if t.id == tour_id), None)

    def problems_by_file(self) -> dict[str, list[TourProblem]]:
        """File name -> the problems found in it."""
        out: dict[str, list[TourProblem]] = {}
        for p in self.problems:
            out.setdefault(p.file, []).append(p)
        return out
