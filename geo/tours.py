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
file never stops the other tours. The model is in :mod:`geo.tour_model`, the checks of a file in
:mod:`geo.tour_checks`. No Streamlit here.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .load import Catalogue
from .settings import settings
from .tour_checks import TourChecker
from .tour_model import (  # noqa: F401 - the tour model is part of this module's interface
    LAYERS,
    STEP_FIELDS,
    TOUR_FIELDS,
    ZOOM_RANGE,
    Step,
    Text,
    Tour,
    TourError,
    TourProblem,
    TourSet,
)


def tours_folder(cat: Catalogue | None = None) -> Path:
    """``LANBAI_TOURS_DIR``, else ``tours/`` inside the data folder."""
    configured = settings().tours_dir
    if configured is not None:
        return configured
    data_dir = cat.data_dir if cat is not None and cat.data_dir is not None else settings().data_dir
    return Path(data_dir) / "tours"


def load_tours(cat: Catalogue, folder: Path | str | None = None, hidden: Catalogue | None = None) -> TourSet:
    """Every ``*.yaml`` / ``*.yml`` tour in ``folder``; a broken file adds problems, never an exception.

    ``cat`` is the catalogue the tours are shown from (a role's view); ``hidden``, the full catalogue,
    lets names of rows the role may not see drop out silently instead of being reported.
    """
    folder = Path(folder) if folder is not None else tours_folder(cat)
    if not folder.is_dir():
        return TourSet((), (TourProblem(str(folder), None, None, "tour folder not found"),))
    tours, problems = [], []
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        try:
            tours.append(load_tour(cat, path, hidden))
        except TourError as exc:
            problems += exc.problems
    tours.sort(key=lambda t: (t.order, t.id))
    return TourSet(tuple(tours), tuple(problems))


def validate_tours(cat: Catalogue, folder: Path | str | None = None) -> list[TourProblem]:
    """Every problem of every tour file in ``folder`` (empty: all tours are valid)."""
    return list(load_tours(cat, folder).problems)


def load_tour(cat: Catalogue, path: Path | str, hidden: Catalogue | None = None) -> Tour:
    """One tour file, checked against the catalogue.

    Raises
    ------
    TourError
        With every problem of the file (file, step number, field, what is wrong).
    """
    path = Path(path)
    doc = _read_yaml(path)
    checker = TourChecker(cat, path.name, hidden)
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
