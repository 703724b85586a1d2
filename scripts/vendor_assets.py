"""Fetch the browser assets folium/streamlit-folium need and copy the served files into static/vendor/.

Run (needs `npm` and the npm registry; nothing else touches the network)::

    .venv/bin/python scripts/vendor_assets.py            # writes ./static/vendor
    .venv/bin/python scripts/vendor_assets.py --dest DIR

Each package is fetched with ``npm pack`` into a temporary folder; only the files the browser
loads (js, css, images, fonts) and the package's licence are copied, keeping the package's
own folder layout so the CSS's relative ``url(...)`` references resolve. Two files are
derived here rather than copied:

* ``bootstrap-3.4.1-glyphicons/dist/css/bootstrap-glyphicons.css``: the Glyphicons rules of
  Bootstrap 3.4.1's ``dist/css/bootstrap.css`` (MIT), with an ``@font-face`` that names only
  the woff2/woff fonts shipped. It replaces folium's link to Bootstrap 3.0.0's
  ``bootstrap-glyphicons.css`` (netdna.bootstrapcdn.com, not on npm), used by ``folium.Icon``'s
  default ``prefix="glyphicon"``.
* ``folium-0.20.0/leaflet.awesome.rotate.min.css``: ``.fa-rotate-N`` rules (N = 0..360),
  equivalent to the file folium links from its GitHub repository (used by ``Icon(angle=N)``).

``MANIFEST.json`` records, for every file, its package, version, licence and sha256. The
script is rerunnable: it rebuilds ``<dest>`` from scratch in a temporary folder and swaps it in.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# npm spec -> (folder under vendor/, licence label, [files inside the package to copy])
PACKAGES: dict[str, tuple[str, str, list[str]]] = {
    "leaflet@1.9.3": (
        "leaflet-1.9.3",
        "BSD-2-Clause",
        [
            "dist/leaflet.js",
            "dist/leaflet.css",
            "dist/images/layers.png",
            "dist/images/layers-2x.png",
            "dist/images/marker-icon.png",
            "dist/images/marker-icon-2x.png",
            "dist/images/marker-shadow.png",
            "LICENSE",
        ],
    ),
    "jquery@3.7.1": ("jquery-3.7.1", "MIT", ["dist/jquery.min.js", "LICENSE.txt"]),
    "bootstrap@5.2.2": (
        "bootstrap-5.2.2",
        "MIT",
        ["dist/js/bootstrap.bundle.min.js", "dist/css/bootstrap.min.css", "LICENSE"],
    ),
    "@fortawesome/fontawesome-free@6.2.0": (
        "fontawesome-free-6.2.0",
        "CC-BY-4.0 AND OFL-1.1 AND MIT",
        [
            "css/all.min.css",
            "webfonts/fa-brands-400.woff2",
            "webfonts/fa-regular-400.woff2",
            "webfonts/fa-solid-900.woff2",
            "webfonts/fa-v4compatibility.woff2",
            "LICENSE.txt",
        ],
    ),
    "drmonty-leaflet-awesome-markers@2.0.2": (
        "leaflet-awesome-markers-2.0.2",
        "MIT",
        [
            "js/leaflet.awesome-markers.js",
            "css/leaflet.awesome-markers.css",
            "css/images/markers-soft.png",
            "css/images/markers-soft@2x.png",
            "css/images/markers-shadow.png",
            "css/images/markers-shadow@2x.png",
        ],
    ),
    "d3@4.13.0": ("d3-4.13.0", "BSD-3-Clause", ["build/d3.min.js", "LICENSE"]),
    "d3@3.5.5": ("d3-3.5.5", "BSD-3-Clause", ["d3.min.js", "LICENSE"]),
    "leaflet-draw@1.0.2": (
        "leaflet-draw-1.0.2",
        "MIT",
        [
            "dist/leaflet.draw.js",
            "dist/leaflet.draw.css",
            "dist/images/spritesheet.png",
            "dist/images/spritesheet-2x.png",
            "dist/images/spritesheet.svg",
        ],
    ),
    "leaflet.fullscreen@3.0.0": (
        "leaflet.fullscreen-3.0.0",
        "MIT",
        ["Control.FullScreen.js", "Control.FullScreen.css", "icon-fullscreen.svg", "LICENSE"],
    ),
    "leaflet.markercluster@1.1.0": (
        "leaflet.markercluster-1.1.0",
        "MIT",
        [
            "dist/leaflet.markercluster.js",
            "dist/MarkerCluster.css",
            "dist/MarkerCluster.Default.css",
            "MIT-LICENCE.txt",
        ],
    ),
    "bootstrap@3.4.1": (
        "bootstrap-3.4.1-glyphicons",
        "MIT",
        ["dist/fonts/glyphicons-halflings-regular.woff2", "dist/fonts/glyphicons-halflings-regular.woff", "LICENSE"],
    ),
}

# Packages whose npm tarball has no licence file: the licence their package.json declares,
# with the copyright line of their source header.
MISSING_LICENCES = {
    "leaflet-awesome-markers-2.0.2": (
        "Copyright (c) 2012-2013, Lennard Voogdt",
        "https://github.com/lvoogdt/Leaflet.awesome-markers",
    ),
    "leaflet-draw-1.0.2": (
        "Copyright (c) 2012-2017, Jacob Toye, Jon West, Smartrak, Leaflet",
        "https://github.com/Leaflet/Leaflet.draw",
    ),
}

MIT_TEXT = """Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def npm_pack(spec: str, workdir: Path) -> Path:
    """Download ``spec``'s tarball with ``npm pack`` and unpack it; returns the package folder."""
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--silent"], cwd=workdir, check=True, capture_output=True, text=True
    )
    filename = json.loads(out.stdout)[0]["filename"]
    target = workdir / filename.removesuffix(".tgz")
    with tarfile.open(workdir / filename) as tar:
        tar.extractall(target, filter="data")
    return target / "package"


def glyphicons_css(bootstrap3_css: str) -> str:
    """Bootstrap 3's ``.glyphicon`` rules, with an @font-face naming the shipped woff2/woff only."""
    start = bootstrap3_css.index(".glyphicon {")
    end = bootstrap3_css.index("* {", start)  # the rule after the last .glyphicon-* rule
    return (
        "/* Glyphicons rules from Bootstrap v3.4.1 dist/css/bootstrap.css\n"
        " * Copyright 2011-2019 Twitter, Inc. Licensed under MIT (see ../LICENSE). */\n"
        '@font-face {\n  font-family: "Glyphicons Halflings";\n'
        '  src: url("../fonts/glyphicons-halflings-regular.woff2") format("woff2"),'
        ' url("../fonts/glyphicons-halflings-regular.woff") format("woff");\n}\n'
        + bootstrap3_css[start:end].rstrip()
        + "\n"
    )


def rotate_css() -> str:
    rules = (f".fa-rotate-{n}{{-webkit-transform:rotate({n}deg);transform:rotate({n}deg)}}" for n in range(361))
    return (
        "/* .fa-rotate-N rules used by folium.Icon(angle=N); generated by scripts/vendor_assets.py */\n"
        + "".join(rules)
        + "\n"
    )


def build(dest: Path) -> None:
    staging = Path(tempfile.mkdtemp(prefix=".vendor-", dir=dest.parent))
    manifest: dict[str, dict] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for spec, (folder, licence, files) in PACKAGES.items():
                package = npm_pack(spec, Path(tmp))
                version = json.loads((package / "package.json").read_text())["version"]
                for rel in files:
                    target = staging / folder / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(package / rel, target)
                if folder == "bootstrap-3.4.1-glyphicons":
                    css = glyphicons_css((package / "dist/css/bootstrap.css").read_text())
                    out = staging / folder / "dist/css/bootstrap-glyphicons.css"  # ../fonts = dist/fonts
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_text(css)
                if folder in MISSING_LICENCES:
                    copyright_line, home = MISSING_LICENCES[folder]
                    (staging / folder / "LICENSE").write_text(
                        f"The npm package {spec} ships no licence file; its package.json declares MIT\n"
                        f"({home}). Licence text reconstructed with the copyright line of its source header:\n\n"
                        f"{copyright_line}\n\n{MIT_TEXT}"
                    )
                for path in sorted((staging / folder).rglob("*")):
                    if path.is_file():
                        manifest[path.relative_to(staging).as_posix()] = {
                            "package": spec.rsplit("@", 1)[0],
                            "version": version,
                            "licence": licence,
                        }
        folium_dir = staging / "folium-0.20.0"
        folium_dir.mkdir()
        (folium_dir / "leaflet.awesome.rotate.min.css").write_text(rotate_css())
        import folium

        folium_licence = Path(folium.__file__).parent.parent / "folium-0.20.0.dist-info/licenses/LICENSE.txt"
        shutil.copyfile(folium_licence, folium_dir / "LICENSE.txt")
        for name in ("leaflet.awesome.rotate.min.css", "LICENSE.txt"):
            manifest[f"folium-0.20.0/{name}"] = {
                "package": "folium (generated equivalent)",
                "version": "0.20.0",
                "licence": "MIT",
            }
        for rel, entry in manifest.items():
            entry["sha256"] = hashlib.sha256((staging / rel).read_bytes()).hexdigest()
            entry["bytes"] = (staging / rel).stat().st_size
        (staging / "MANIFEST.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        for path in staging.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        staging.chmod(0o755)
        old = dest.with_name(dest.name + ".old")
        if dest.exists():
            dest.rename(old)
        staging.rename(dest)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=ROOT / "static" / "vendor")
    args = parser.parse_args(argv)
    args.dest.parent.mkdir(parents=True, exist_ok=True)
    build(args.dest.resolve())
    total = sum(p.stat().st_size for p in args.dest.rglob("*") if p.is_file())
    print(f"{args.dest}: {total / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
