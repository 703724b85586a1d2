"""Guided map tours for meetings, written by staff as YAML files (no code), checked on load.

A tour is a file ``data/tours/<id>.yaml``; its id is the file name. Example::

    title: {zh: 白银一区六园, en: "Baiyin: one zone, six parks"}
    description: {zh: …, en: …}          # optional
    order: 2                             # optional: position in the tour list
    steps:
      - title: {zh: 一区引领, en: The lead zone}       # optional
        caption: {zh: 白银高新区……, en: Baiyin High-tech Zone …}
        center: [36.53, 104.21]          # [lat, lon], or the name of a located site / landmark
        zoom: 10                         # 5 … 18
        sites: [by-hitech, 银东工业园]     # highlighted; ids or names (any alias)
        areas: [白银市]                   # optional: counties / cities to outline
        organizations: [兰州大学]          # optional: units to show (ids or names)
        layers: [sites, links]           # optional: sites orgs links uncertainty
        sources: [by-plan-2024]          # the source ids backing the caption

Every problem is reported with the file, the step number and the field — a typo in one
file never stops the other tours. No Streamlit here.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import AtlasError, UnknownNameError
from .load import Catalogue
from .places import POINT_KINDS, resolve_place
from .schema import GANSU_BOUNDS
from .settings import settings
from .shapes import SearchInputError

ZOOM_RANGE = (5.0, 18.0)
#: Optional layers a step can switch on; areas, river and highlighted sites are always drawn.
LAYERS = ("sites", "orgs", "links", "uncertainty")
TOUR_FIELDS = ("title", "description", "order", "steps")
STEP_FIELDS = ("title", "caption", "center", "zoom", "sites", "areas", "organizations", "layers", "sources")


# ------------------------------------------------------------------ model


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


# ------------------------------------------------------------------ loading


def tours_folder(cat: Catalogue | None = None) -> Path:
    """``LANBAI_TOURS_DIR``, else ``tours/`` inside the data folder."""
    configured = settings().tours_dir
    if configured is not None:
        return configured
    data_dir = cat.data_dir if cat is not None and cat.data_dir is not None else settings().data_dir
    return Path(data_dir) / "tours"


def load_tours(cat: Catalogue, folder: Path | str | None = None) -> TourSet:
    """Every ``*.yaml`` / ``*.yml`` tour in ``folder``; a broken file adds problems, never an exception."""
    folder = Path(folder) if folder is not None else tours_folder(cat)
    if not folder.is_dir():
        return TourSet((), (TourProblem(str(folder), None, None, "tour folder not found"),))
    tours, problems = [], []
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        try:
            tours.append(load_tour(cat, path))
        except TourError as exc:
            problems += exc.problems
    tours.sort(key=lambda t: (t.order, t.id))
    return TourSet(tuple(tours), tuple(problems))


def validate_tours(cat: Catalogue, folder: Path | str | None = None) -> list[TourProblem]:
    """Every problem of every tour file in ``folder`` (empty: all tours are valid)."""
    return list(load_tours(cat, folder).problems)


def load_tour(cat: Catalogue, path: Path | str) -> Tour:
    """One tour file, checked against the catalogue.

    Raises
    ------
    TourError
        With every problem of the file (file, step number, field, what is wrong).
    """
    path = Path(path)
    doc = _read_yaml(path)
    checker = _Checker(cat, path.name)
    tour = checker.tour(path, doc)
    if checker.problems:
        raise TourError(checker.problems)
    return tour


def _read_yaml(path: Path):
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise TourError([TourProblem(path.name, None, None, f"cannot read the file ({exc.strerror or exc})")]) from exc
    except UnicodeDecodeError as exc:
        raise TourError([TourProblem(path.name, None, None, "not UTF-8: save the file as UTF-8")]) from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        step = _step_at_line(text, line) if line else None
        raise TourError([TourProblem(path.name, step, None, f"not valid YAML ({what})", line)]) from exc


def _step_at_line(text: str, line: int) -> int | None:
    """Which step a line of the file belongs to (counting the '- ' items under 'steps:')."""
    lines = text.splitlines()
    start = next((i for i, s in enumerate(lines) if re.match(r"^steps\s*:", s)), None)
    if start is None or line <= start + 1:
        return None
    indent, count = None, 0
    for s in lines[start + 1 : line]:
        item = re.match(r"^(\s*)-(\s|$)", s)
        if item and (indent is None or len(item.group(1)) == indent):
            indent = len(item.group(1))
            count += 1
    return count or None


# ------------------------------------------------------------------ checks


@dataclass
class _Checker:
    cat: Catalogue
    file: str
    problems: list[TourProblem] = field(default_factory=list)

    def add(self, step: int | None, field_name: str | None, message: str) -> None:
        self.problems.append(TourProblem(self.file, step, field_name, message))

    def tour(self, path: Path, doc) -> Tour:
        if not isinstance(doc, dict):
            self.add(None, None, "the file must hold a mapping with 'title' and 'steps'")
            return Tour(path.stem, Text("", ""), Text("", ""), (), path.name)
        self._unknown_fields(None, doc, TOUR_FIELDS)
        title = self.text(None, "title", doc.get("title"), required=True)
        description = self.text(None, "description", doc.get("description"), required=False)
        order = doc.get("order", 100)
        if not isinstance(order, int) or isinstance(order, bool):
            self.add(None, "order", f"must be a whole number, got {order!r}")
            order = 100
        raw_steps = doc.get("steps")
        if not isinstance(raw_steps, list) or not raw_steps:
            self.add(None, "steps", "missing: a tour needs a list of at least one step")
            raw_steps = []
        steps = tuple(s for s in (self.step(i, raw) for i, raw in enumerate(raw_steps, start=1)) if s)
        return Tour(path.stem, title, description, steps, path.name, order)

    def step(self, number: int, raw) -> Step | None:
        if not isinstance(raw, dict):
            self.add(number, None, "a step must be a mapping of fields (caption, center, zoom …)")
            return None
        self._unknown_fields(number, raw, STEP_FIELDS)
        caption = self.text(number, "caption", raw.get("caption"), required=True)
        title = self.text(number, "title", raw.get("title"), required=False)
        sites = self.names(number, "sites", raw.get("sites"), "site")
        areas = self.names(number, "areas", raw.get("areas"), "area")
        organizations = self.names(number, "organizations", raw.get("organizations"), "organization")
        layers = self.layers(number, raw.get("layers"))
        sources = self.sources(number, raw.get("sources"))
        center = self.center(number, raw.get("center"), sites)
        zoom = self.zoom(number, raw.get("zoom"))
        return Step(number, title, caption, center, zoom, sites, areas, organizations, layers, sources)

    def _unknown_fields(self, step: int | None, raw: dict, known: tuple[str, ...]) -> None:
        for key in raw:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1)
                hint = f" — did you mean '{close[0]}'?" if close else f" (known: {', '.join(known)})"
                self.add(step, str(key), f"unknown field{hint}")

    def text(self, step, name: str, value, *, required: bool) -> Text:
        if value is None or value == "":
            if required:
                self.add(step, name, "missing: give the text in Chinese and English ({zh: …, en: …})")
            return Text("", "")
        if not isinstance(value, dict):
            self.add(step, name, "must be {zh: …, en: …} (both languages)")
            return Text("", "")
        texts = {}
        for lang in ("zh", "en"):
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.add(step, f"{name}.{lang}", "missing or empty")
            texts[lang] = str(text or "").strip()
        for key in value:
            if key not in ("zh", "en"):
                self.add(step, f"{name}.{key}", "unknown language (use zh and en)")
        return Text(texts["zh"], texts["en"])

    def names(self, step: int, name: str, value, kind: str) -> tuple[str, ...]:
        ids = []
        for item in _as_list(value):
            found = self.cat.names.find(str(item), kind)
            if found is None:
                close = self.cat.names.suggest(str(item), kind)
                hint = f" — did you mean: {', '.join(close)}?" if close else ""
                self.add(step, name, f"unknown {kind} {str(item)!r}{hint}")
            else:
                ids.append(found.id)
        return tuple(dict.fromkeys(ids))

    def layers(self, step: int, value) -> tuple[str, ...]:
        layers = [str(v) for v in _as_list(value)]
        for layer in layers:
            if layer not in LAYERS:
                self.add(step, "layers", f"unknown layer {layer!r} (known: {', '.join(LAYERS)})")
        return tuple(layer for layer in layers if layer in LAYERS)

    def sources(self, step: int, value) -> tuple[str, ...]:
        ids = [str(v) for v in _as_list(value)]
        if not ids:
            self.add(step, "sources", "missing: name the source ids that back the caption")
        known = set(self.cat.sources["id"])
        for source in ids:
            if source not in known:
                close = difflib.get_close_matches(source, sorted(known), n=3)
                hint = f" — did you mean: {', '.join(close)}?" if close else ""
                self.add(step, "sources", f"unknown source {source!r}{hint}")
        return tuple(ids)

    def zoom(self, step: int, value) -> float:
        if value is None:
            self.add(step, "zoom", f"missing: a number from {ZOOM_RANGE[0]:g} to {ZOOM_RANGE[1]:g}")
            return ZOOM_RANGE[0]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.add(step, "zoom", f"must be a number, got {value!r}")
            return ZOOM_RANGE[0]
        if not ZOOM_RANGE[0] <= value <= ZOOM_RANGE[1]:
            self.add(step, "zoom", f"{value:g} is out of range ({ZOOM_RANGE[0]:g} to {ZOOM_RANGE[1]:g})")
        return float(value)

    def center(self, step: int, value, sites: tuple[str, ...]) -> tuple[float, float]:
        if value is None:
            return self._center_of_sites(step, sites)
        if isinstance(value, str):
            return self._center_of_place(step, value)
        if (
            not isinstance(value, (list, tuple))
            or len(value) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
        ):
            self.add(step, "center", f"must be [lat, lon] (two numbers) or a place name, got {value!r}")
            return _middle_of_gansu()
        lat, lon = float(value[0]), float(value[1])
        if not _in_gansu(lat, lon):
            if _in_gansu(lon, lat):
                self.add(
                    step,
                    "center",
                    f"[{lat:g}, {lon:g}] looks like [lon, lat] (swapped): write [lat, lon] = [{lon:g}, {lat:g}]",
                )
            else:
                self.add(
                    step,
                    "center",
                    f"[{lat:g}, {lon:g}] is outside Gansu (lat {GANSU_BOUNDS[1]:g}–"
                    f"{GANSU_BOUNDS[3]:g}, lon {GANSU_BOUNDS[0]:g}–{GANSU_BOUNDS[2]:g})",
                )
        return lat, lon

    def _center_of_place(self, step: int, name: str) -> tuple[float, float]:
        try:
            place = resolve_place(self.cat, name, POINT_KINDS)
        except UnknownNameError as exc:
            close = list(exc.suggestions)[:5]
            hint = f" — did you mean: {', '.join(close)}?" if close else ""
            self.add(step, "center", f"unknown place {name!r}{hint}")
            return _middle_of_gansu()
        except SearchInputError as exc:
            self.add(
                step,
                "center",
                f"{name!r} has no known location: give [lat, lon]"
                if exc.key == "place_unlocated"
                else exc.message("en"),
            )
            return _middle_of_gansu()
        assert place is not None  # only an empty name resolves to None
        if place.kind == "point":  # "lat,lon" written as text: checked like [lat, lon]
            return self.center(step, [place.lat, place.lon], ())
        return place.lat, place.lon

    def _center_of_sites(self, step: int, sites: tuple[str, ...]) -> tuple[float, float]:
        geoms = [g for g in self.cat.sites.set_index("id").geometry.reindex(list(sites)) if g is not None]
        if not geoms:
            self.add(step, "center", "missing: give [lat, lon] or a place name (no highlighted site has a location)")
            return _middle_of_gansu()
        return (sum(g.y for g in geoms) / len(geoms), sum(g.x for g in geoms) / len(geoms))


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _in_gansu(lat: float, lon: float) -> bool:
    min_lon, min_lat, max_lon, max_lat = GANSU_BOUNDS
    return min_lat <= lat <= max_lat and min_lon <= lon <= max_lon


def _middle_of_gansu() -> tuple[float, float]:
    min_lon, min_lat, max_lon, max_lat = GANSU_BOUNDS
    return (min_lat + max_lat) / 2, (min_lon + max_lon) / 2
