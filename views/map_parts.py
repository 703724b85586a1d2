"""A built map in the parts a browser keeps and the parts a filter changes (no Streamlit here).

A filter change must not rebuild the map in the browser, nor send the basemap again. So a map is
sent as:

- its **base**: the map itself with what :func:`views.maps.new_map` drew (boundaries, river,
  labels, towns, railways, tiles, panes) and its view. It is the same for every filter, so
  streamlit-folium keeps the map (and the user's zoom and pan) when only the layers change;
- its **layers**: every feature group a builder added after ``new_map`` (sites, halos, links,
  organizations, a legend), sent as streamlit-folium's ``feature_group_to_add``, which the
  browser swaps in place;
- its **layer control**, rebuilt with the layers.

:func:`to_files` then moves the base's script and each layer's script into content-named files
under ``static/generated/`` (served at ``/app/static/generated/``): a browser downloads each
once and keeps it, and a filter change sends a few hundred bytes of names instead of the map.
If the folder cannot be written, the scripts stay inline (slower, still correct).
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import folium
from folium.map import FitBounds, Layer, Marker
from folium.vector_layers import BaseMultiLocation

from views.legends import Legend
from views.offline import STATIC_DIR, STATIC_URL, local_url

GENERATED = "generated"  # static/generated/: content-named scripts, written at run time, never committed
MAX_FILES = 2000  # in static/generated/ (a base map is ~150 KB, a layer ~1-30 KB)
LAYER_LOADER = STATIC_URL + "js/lanbai-layers.js"
BASE_REGISTRY = "(window.lanbaiBaseMaps = window.lanbaiBaseMaps || {})"
LAYER_REGISTRY = "window.lanbaiLayers = window.lanbaiLayers || {};"
_STATIC_MARK = "_lanbai_static_children"
_LAYER_END = re.compile(
    r"map_div\.addLayer\(feature_group_feature_group_(\d+)\);\n"
    r"window\.feature_group = window\.feature_group \|\| \[\];\n"
    r"window\.feature_group\.push\(feature_group_feature_group_\1\);\n"
)
_log = logging.getLogger("lanbai.maps")


def mark_static(m: folium.Map) -> None:
    """Remember what ``m`` holds now as its base: the same for every filter (``new_map`` calls it last)."""
    setattr(m, _STATIC_MARK, frozenset(m._children))


@dataclass
class MapParts:
    """A copy of a built map, split: ``base`` (sent once), ``layers`` and ``control`` (sent on a change)."""

    base: folium.Map
    layers: list[folium.FeatureGroup] = field(default_factory=list)
    control: folium.LayerControl | None = None


def split(m: folium.Map) -> MapParts:
    """Split a copy of ``m`` into its base and the layers a builder added after :func:`mark_static`.

    Feature groups become layers; loose layers and legends go into one more feature group (a
    legend shows while its group is on the map); the view (fit bounds) and other controls stay in
    the base. A map that was never marked is all base.
    """
    base = copy.deepcopy(m)
    static = getattr(base, _STATIC_MARK, None)
    if static is None:
        return MapParts(base)
    parts = MapParts(base)
    loose = folium.FeatureGroup(name="extras", control=False)
    for name, child in list(base._children.items()):
        if name in static or isinstance(child, FitBounds):
            continue
        if isinstance(child, folium.LayerControl):
            parts.control = child
        elif isinstance(child, folium.FeatureGroup):
            parts.layers.append(child)
        elif isinstance(child, (Layer, Marker, BaseMultiLocation, Legend)):
            loose.add_child(child, name=name)
        else:
            continue  # another control or plugin: it belongs to the base
        del base._children[name]
    if loose._children:
        parts.layers.append(loose)
    return parts


def to_files(args: dict, layer_count: int) -> dict:
    """streamlit-folium's component arguments with the base and layer scripts moved into served files.

    ``args`` are what ``st_folium`` passes its component (``script``, ``feature_group``,
    ``js_links`` …); the result holds the file names instead of the scripts. Unchanged when a
    file cannot be written or the layer scripts are not in the form expected.
    """
    try:
        return _to_files(args, layer_count)
    except OSError as exc:  # a read-only deployment: the inline map still works
        _log.warning("map scripts stay inline: %s", exc)
        return args


def _to_files(args: dict, layer_count: int) -> dict:
    feature_group = args.get("feature_group") or ""
    pieces = _LAYER_END.split(feature_group)
    if layer_count and (len(pieces) != 2 * layer_count + 1 or pieces[-1].strip()):
        _log.warning("layer scripts not in the expected form; sent inline")
        return args
    loaders = [_layer_loader(int(idx), body) for body, idx in zip(pieces[0:-1:2], pieces[1::2], strict=True)]
    # The file only holds the base's script as text; the inline script runs it where streamlit-folium
    # runs a map (after the stylesheets and the page's header), at global scope like an inline script.
    digest = _digest(args["script"])
    base_url = _publish(f"{BASE_REGISTRY}[{json.dumps(digest)}] = {json.dumps(args['script'])};\n", digest)
    return {
        **args,
        "script": f"/* base map: {base_url} */\n(0, eval)({BASE_REGISTRY}[{json.dumps(digest)}]);\n",
        "js_links": [*args["js_links"], local_url(LAYER_LOADER), base_url],
        "feature_group": "".join(loaders) if layer_count else args.get("feature_group"),
    }


def _layer_loader(idx: int, body: str) -> str:
    """A placeholder group (named as the layer control expects) that the layer's file fills."""
    name = f"feature_group_feature_group_{idx}"
    digest = _digest(body)
    builder = (
        f'{LAYER_REGISTRY}\nwindow.lanbaiLayers["{digest}"] = function (map_div) {{\n{body}\nreturn {name};\n}};\n'
    )
    url = _publish(builder, digest)
    return (
        f"var {name} = L.featureGroup();\nmap_div.addLayer({name});\n"
        f"window.feature_group = window.feature_group || [];\nwindow.feature_group.push({name});\n"
        f'window.lanbaiLayer({name}, "{url}", "{digest}");\n'
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def publish(text: str, suffix: str = ".js") -> str:
    """Write ``text`` to a content-named file under ``static/generated/`` once; return its URL."""
    return _publish(text, suffix=suffix)


def _publish(text: str, digest: str = "", suffix: str = ".js") -> str:
    """Write ``text`` to ``static/generated/<digest><suffix>`` once (atomically); return its URL."""
    folder = STATIC_DIR / GENERATED
    path = folder / f"{digest or _digest(text)}{suffix}"
    if path.is_file():
        os.utime(path)  # in use: the last to be pruned
    else:
        folder.mkdir(exist_ok=True)
        _prune(folder)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return local_url(STATIC_URL + f"{GENERATED}/{path.name}")


def _prune(folder: Path) -> None:
    """Keep the folder bounded: past MAX_FILES, drop the least recently used files.

    Safe while serving: before each rerun the map glue checks that the files it names exist and
    writes any that are gone again (ui.mapview).
    """
    files = [*folder.glob("*.js"), *folder.glob("*.css")]
    if len(files) <= MAX_FILES:
        return
    by_age = sorted(files, key=lambda path: path.stat().st_mtime)
    for path in by_age[: len(files) - MAX_FILES * 4 // 5]:
        path.unlink(missing_ok=True)


def full_script(args: dict) -> str:
    """The whole script a browser runs for component arguments from :func:`to_files`: base, then layers.

    For tests and debugging: reads the served files the arguments name (inline arguments are
    returned as they are).
    """
    texts = [path.read_text(encoding="utf-8") for path in served_files(args)]
    texts = [_script_of(text) for text in texts if text.startswith((BASE_REGISTRY, LAYER_REGISTRY))]  # not libraries
    return "\n".join([args.get("script") or "", *texts, args.get("feature_group") or ""])


def _script_of(text: str) -> str:
    """A served file's script: a base map's file holds it as a JSON string."""
    if not text.startswith(BASE_REGISTRY):
        return text
    return json.loads(text[text.index("] = ") + 4 :].rstrip().removesuffix(";"))


def served_files(args: dict) -> list[Path]:
    """The files under ``static/generated/`` that component arguments from :func:`to_files` name."""
    prefix = STATIC_URL + GENERATED + "/"
    links = [link for link in [*args.get("js_links", []), *args.get("css_links", [])] if prefix in link]
    links += re.findall(r'window\.lanbaiLayer\(\w+, "([^"]+)"', args.get("feature_group") or "")
    return [STATIC_DIR / GENERATED / link.rsplit("/", 1)[1] for link in links]
