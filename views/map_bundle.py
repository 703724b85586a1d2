"""One script and one stylesheet for a map's libraries, so the map's frame fetches each in one request.

streamlit-folium's frame loads a map's scripts one after another, each waiting for the one before
(leaflet, its image path, jQuery, bootstrap, awesome-markers, plugins, the layer loader: six to
ten round trips before the map script runs), then its stylesheets. :func:`bundle` replaces those
links with one content-named script and one stylesheet under ``static/generated/`` (served at
``/app/static/generated/``), made once per process for each set of links; a browser downloads
each once and keeps it. The map's own files (its base, views.map_parts) stay apart: they change
with the map, the libraries do not.

The libraries run as before, in the same order and at global scope. Relative ``url(...)`` in a
stylesheet (fonts, marker images) is rewritten to point from ``static/generated/`` at the same
file. The first line of each bundle lists its sources (:func:`sources` reads it back). No
Streamlit here.
"""

from __future__ import annotations

import functools
import json
import logging
import posixpath
import re

from views.map_parts import GENERATED, publish
from views.offline import STATIC_DIR, STATIC_URL, static_path_for

_MARK = "/* lanbai libraries: "
_MAP_URL = re.compile(r"^\s*(//|/\*)# sourceMappingURL=.*$", re.M)  # maps that are not shipped: no 404s
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_log = logging.getLogger("lanbai.maps")


def bundle(args: dict) -> dict:
    """streamlit-folium's component arguments with the library links replaced by one script and one stylesheet.

    ``js_links`` keeps its order: the libraries' bundle first, then the map's own files under
    ``static/generated/``. Unchanged when there is nothing to bundle or a file cannot be written.
    """
    generated = STATIC_URL + GENERATED + "/"
    libraries = [link for link in args.get("js_links", []) if generated not in link]
    own = [link for link in args.get("js_links", []) if generated in link]
    styles = list(args.get("css_links", []))
    try:
        js = [publish(_script(tuple(libraries)), ".js")] if len(libraries) > 1 else libraries
        css = [publish(_stylesheet(tuple(styles)), ".css")] if len(styles) > 1 else styles
    except OSError as exc:  # a read-only deployment: the separate files still work
        _log.warning("map libraries not bundled: %s", exc)
        return args
    return {**args, "js_links": [*js, *own], "css_links": css}


def sources(link: str) -> list[str]:
    """The links a bundle made by :func:`bundle` stands for; ``[link]`` for any other link."""
    if STATIC_URL + GENERATED + "/" not in link:
        return [link]
    path = static_path_for(link)
    with path.open(encoding="utf-8") as text:
        first = text.readline()
    if not first.startswith(_MARK):
        return [link]
    return json.loads(first.removeprefix(_MARK).rsplit(" */", 1)[0])


@functools.lru_cache(maxsize=32)
def _script(links: tuple[str, ...]) -> str:
    # The empty statement after the header: no library's "use strict" can become the whole bundle's.
    parts = [_header(links) + ";"]
    for link in links:
        parts.append(f"/* {link} */\n" + _MAP_URL.sub("", _read(link)) + "\n;")
    return "\n".join(parts) + "\n"


@functools.lru_cache(maxsize=32)
def _stylesheet(links: tuple[str, ...]) -> str:
    parts = [_header(links)]
    for link in links:
        text = _MAP_URL.sub("", _read(link)).replace("/*# sourceMappingURL", "/* sourceMappingURL")
        parts.append(f"/* {link} */\n" + _relocate_urls(text, _static_folder_of(link)))
    return "\n".join(parts) + "\n"


def _header(links: tuple[str, ...]) -> str:
    return _MARK + json.dumps(list(links)) + " */"


def _read(link: str) -> str:
    return static_path_for(link).read_text(encoding="utf-8")


def _static_folder_of(link: str) -> str:
    """The folder (relative to ``static/``) of the file serving ``link``, e.g. ``vendor/leaflet-1.9.3/dist``."""
    path = static_path_for(link).resolve().relative_to(STATIC_DIR.resolve())
    return path.parent.as_posix()


def _relocate_urls(css: str, folder: str) -> str:
    """Rewrite relative ``url(...)`` written for a stylesheet in ``folder`` for one in ``generated/``."""

    def relocate(match: re.Match) -> str:
        quote, ref = match.group(1), match.group(2).strip()
        if ref.startswith(("data:", "/", "#")) or re.match(r"^[a-z][a-z0-9+.-]*:", ref, re.I):
            return match.group(0)
        path, cut, rest = (re.split(r"([?#])", ref, maxsplit=1) + ["", ""])[:3]  # keep ?v=… and #iefix
        moved = posixpath.relpath(posixpath.normpath(posixpath.join(folder, path)), GENERATED)
        return f"url({quote}{moved}{cut}{rest}{quote})"

    return _CSS_URL.sub(relocate, css)
