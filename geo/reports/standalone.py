"""A web map as one self-contained HTML file that opens offline (e.g. from a USB stick in a meeting).

Every ``<script src>`` and stylesheet ``<link>`` is replaced by the file's content, and every
``url(...)`` in that CSS (marker sprites, icon fonts, Leaflet's layer icon) by a ``data:`` URI,
so the file makes no request at all. Which file serves a link is the caller's business (a
``resolve`` function), so this module knows nothing of the app's static folder. Leaflet's
default marker icons, which Leaflet loads by path rather than through CSS, are set to data URIs
by a small script.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Callable
from pathlib import Path

from ..errors import ExportError

SCRIPT_TAG = re.compile(r"<script\b([^>]*?)\bsrc\s*=\s*([\"'])(.*?)\2([^>]*)>\s*</script>", re.I | re.S)
LINK_TAG = re.compile(r"<link\b[^>]*>", re.I)
HREF = re.compile(r"\bhref\s*=\s*([\"'])(.*?)\1", re.I | re.S)
CSS_URL = re.compile(r"url\(\s*([\"']?)(.*?)\1\s*\)", re.I)
MIME = {
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".gif": "image/gif",
    ".jpg": "image/jpeg",
    ".eot": "application/vnd.ms-fontobject",
}
LEAFLET_ICONS = {"iconUrl": "marker-icon.png", "iconRetinaUrl": "marker-icon-2x.png", "shadowUrl": "marker-shadow.png"}

Resolver = Callable[[str], Path]


def data_uri(path: Path) -> str:
    """Encode a file as a ``data:`` URI."""
    mime = MIME.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _local(url: str, resolve: Resolver, what: str) -> Path:
    try:
        path = Path(resolve(url))
    except LookupError as exc:
        raise ExportError(f"cannot make the map self-contained: {what} {url!r} has no local file ({exc})") from exc
    if not path.is_file():
        raise ExportError(f"cannot make the map self-contained: {what} {url!r} maps to {path}, which is missing")
    return path


def inline_css(css: str, css_path: Path) -> str:
    """CSS with each ``url(...)`` relative to ``css_path`` made a data URI.

    A referenced file that is not shipped (e.g. the .ttf fallback of an icon font whose .woff2
    is inlined) becomes an empty ``data:,`` so the page never asks the network for it.
    """

    def swap(match: re.Match) -> str:
        target = match.group(2).strip()
        if target.startswith(("data:", "#")):
            return match.group(0)
        path = (css_path.parent / target.split("?")[0].split("#")[0]).resolve()
        return f'url("{data_uri(path)}")' if path.is_file() else 'url("data:,")'

    return CSS_URL.sub(swap, css)


def _script_text(text: str) -> str:
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.I)


def inline_html(html: str, resolve: Resolver) -> str:
    """Replace every script and stylesheet link of ``html`` by the content of its local file.

    Raises
    ------
    ExportError
        If a link has no local file (naming the link).
    """

    def script(match: re.Match) -> str:
        path = _local(match.group(3), resolve, "script")
        attrs = (match.group(1) + match.group(4)).strip()
        return f"<script{' ' + attrs if attrs else ''}>{_script_text(path.read_text(encoding='utf-8'))}</script>"

    def link(match: re.Match) -> str:
        tag = match.group(0)
        href = HREF.search(tag)
        if not href or "stylesheet" not in tag.lower():
            return tag
        path = _local(href.group(2), resolve, "stylesheet")
        css = inline_css(path.read_text(encoding="utf-8"), path)
        return "<style>" + re.sub(r"</(style)", r"<\\/\1", css, flags=re.I) + "</style>"

    return LINK_TAG.sub(link, SCRIPT_TAG.sub(script, html))


def leaflet_icon_script(images_dir: Path) -> str:
    """A script giving Leaflet's default marker data-URI images (Leaflet joins imagePath + iconUrl)."""
    options = ", ".join(
        f'{key}: "{data_uri(images_dir / name)}"'
        for key, name in LEAFLET_ICONS.items()
        if (images_dir / name).is_file()
    )
    return (
        "<script>if (window.L && L.Icon && L.Icon.Default) {L.Icon.Default.imagePath = '';"
        f"L.Icon.Default.mergeOptions({{{options}}});}}</script>"
    )


def standalone_html(html: str, resolve: Resolver, leaflet_images: Path | None = None) -> str:
    """``html`` (a rendered folium map) with every asset inlined: one file that works offline.

    Parameters
    ----------
    html : str
        The page, e.g. ``folium_map.get_root().render()``.
    resolve : callable
        URL of a script or stylesheet -> the local file serving it; raises LookupError if none.
    leaflet_images : Path, optional
        Leaflet's ``dist/images`` folder, for its default marker icons.
    """
    out = inline_html(html, resolve)
    if leaflet_images is not None:
        icon_script = leaflet_icon_script(leaflet_images)
        out = out.replace("</head>", icon_script + "</head>", 1) if "</head>" in out else icon_script + out
    return out


def external_links(html: str) -> list[str]:
    """Every http(s) URL a script or link tag of ``html`` would load (should be empty)."""
    found = [m.group(3) for m in SCRIPT_TAG.finditer(html)]
    found += [h.group(2) for tag in LINK_TAG.findall(html) if (h := HREF.search(tag))]
    return [url for url in found if re.match(r"\s*(https?:)?//", url, re.I)]
