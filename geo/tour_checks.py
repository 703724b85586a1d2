"""The checks of one tour file against the catalogue: every field of every step, each problem located.

:class:`TourChecker` turns a parsed YAML document into a :class:`geo.tour_model.Tour` and collects
:class:`geo.tour_model.TourProblem`s on the way (it never stops at the first one). Names a session's
role may not see (rows taken out by :func:`geo.access.visible_catalogue`) are left out of the step
without a problem, so a public reader learns nothing of them; give the full catalogue as ``hidden``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UnknownNameError
from .load import Catalogue
from .places import POINT_KINDS, resolve_place
from .schema import GANSU_BOUNDS
from .shapes import SearchInputError
from .tour_model import LAYERS, STEP_FIELDS, TOUR_FIELDS, ZOOM_RANGE, Step, Text, Tour, TourProblem


@dataclass
class TourChecker:
    """Checks one tour file (``file`` names it in problems) against ``cat``; see the module docstring."""

    cat: Catalogue
    file: str
    hidden: Catalogue | None = None  # the full catalogue when ``cat`` is a role's view of it
    problems: list[TourProblem] = field(default_factory=list)

    def add(self, step: int | None, field_name: str | None, message: str) -> None:
        """Record one problem of the file."""
        self.problems.append(TourProblem(self.file, step, field_name, message))

    def tour(self, path: Path, doc) -> Tour:
        """The tour of a parsed file, its problems recorded."""
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
        """Step ``number`` of the file (None when it is not a mapping)."""
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
        """A text in both languages, or empty ones with the problem recorded."""
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
        """The ids of the named rows of ``kind``; unknown names recorded, hidden ones left out."""
        ids = []
        for item in _as_list(value):
            found = self.cat.names.find(str(item), kind)
            if found is None and self._is_hidden(str(item), kind):
                continue  # a row this role may not see: left out, never named in a problem
            if found is None:
                close = self.cat.names.suggest(str(item), kind)
                hint = f" — did you mean: {', '.join(close)}?" if close else ""
                self.add(step, name, f"unknown {kind} {str(item)!r}{hint}")
            else:
                ids.append(found.id)
        return tuple(dict.fromkeys(ids))

    def _is_hidden(self, name: str, kind: str) -> bool:
        return self.hidden is not None and self.hidden.names.find(name, kind) is not None

    def layers(self, step: int, value) -> tuple[str, ...]:
        """The known layers named."""
        layers = [str(v) for v in _as_list(value)]
        for layer in layers:
            if layer not in LAYERS:
                self.add(step, "layers", f"unknown layer {layer!r} (known: {', '.join(LAYERS)})")
        return tuple(layer for layer in layers if layer in LAYERS)

    def sources(self, step: int, value) -> tuple[str, ...]:
        """The source ids backing the caption (at least one, each known)."""
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
        """The zoom, checked against :data:`ZOOM_RANGE`."""
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
        """The map centre: [lat, lon] in Gansu, a place name, or the middle of the highlighted sites."""
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
            if self.hidden is not None and self.hidden is not self.cat:  # a hidden place: its spot, unnamed
                return TourChecker(self.hidden, self.file)._center_of_place(step, name)
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
