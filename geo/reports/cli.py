"""``python -m geo profile`` and ``python -m geo chain-brief``.

:mod:`geo.cli` calls :func:`register` to add the two sub-commands and dispatches to :data:`HANDLERS`::

    python -m geo profile --site 白银高新区 --lang en --format pdf --out baiyin.pdf
    python -m geo profile --all --format pdf --out profiles/      # one file per site, progress on stderr
    python -m geo chain-brief --industry 新材料 --format pptx --out new-materials.pptx

The renderers are imported only when a command runs, so other commands stay quick. Files are
written to a temporary name and renamed into place (see :mod:`geo.safe_files`); an existing file
needs ``--force``. Bad arguments print one line and exit 2.
"""

from __future__ import annotations

import argparse
import sys

from ..cli_common import add_force, out_path, resolve_chain_noted
from ..i18n import LANGS
from ..safe_files import check_file_target

FORMATS = ("pdf", "pptx")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGS, default="zh", help="language of the document (default zh)")
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument("--out", type=out_path, required=True, help="the file to write (a folder with --all)")
    parser.add_argument("--base-url", help="public address of the app for the QR code (default: LANBAI_BASE_URL)")
    add_force(parser)


def register(sub) -> None:
    """Add ``profile`` and ``chain-brief`` to the ``python -m geo`` sub-parsers."""
    p = sub.add_parser("profile", help="a site's profile sheet (一园一册) as PDF or PowerPoint")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--site", help="site id, name or alias (e.g. 白银高新区)")
    which.add_argument("--all", action="store_true", help="every site, one file each, into the folder --out")
    _common(p)
    c = sub.add_parser("chain-brief", help="an industry chain's brief as PDF or PowerPoint")
    chain = c.add_mutually_exclusive_group(required=True)
    chain.add_argument("chain", nargs="?", help="chain or industry id or name, or part of a chain's name (e.g. 数据)")
    chain.add_argument("--industry", help="the same, as an option (e.g. 新材料)")
    _common(c)


def _stderr_progress(done: int, total: int, what: str) -> None:
    if what:
        print(f"[{done + 1}/{total}] {what}", file=sys.stderr, flush=True)


def cmd_profile(cat, args) -> int:
    """Write one site's profile, or every site's with ``--all``; return the exit code."""
    from .export import profile_bytes, write_all_profiles, write_atomic
    from .profile import resolve_site

    if args.all:
        paths = write_all_profiles(
            cat, args.out, args.lang, args.format, progress=_stderr_progress, base_url=args.base_url, force=args.force
        )
        print(f"wrote {len(paths)} file(s) to {args.out}")
        return 0
    site_id = resolve_site(cat, args.site)
    out = check_file_target(args.out, data_dir=cat.data_dir, force=args.force)  # before the slow part
    write_atomic(
        out,
        profile_bytes(cat, site_id, args.lang, args.format, base_url=args.base_url),
        force=args.force,
        data_dir=cat.data_dir,
    )
    print(f"wrote {out}")
    return 0


def cmd_chain_brief(cat, args) -> int:
    """Write an industry chain's brief; return the exit code."""
    from .export import chain_brief_bytes, write_atomic

    industry = resolve_chain_noted(cat, args.industry or args.chain)  # a part of several chains' names lists them
    out = check_file_target(args.out, data_dir=cat.data_dir, force=args.force)  # before the slow part
    write_atomic(
        out,
        chain_brief_bytes(cat, industry.id, args.lang, args.format, base_url=args.base_url),
        force=args.force,
        data_dir=cat.data_dir,
    )
    print(f"wrote {out}")
    return 0


HANDLERS = {"profile": cmd_profile, "chain-brief": cmd_chain_brief}
