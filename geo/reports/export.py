"""Exports as bytes and as files: profiles and chain briefs.

One call per export: a site profile or a chain brief as PDF or PPTX bytes, files written
atomically, and every site's profile at once with progress reported through a callback.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..errors import AtlasError, ExportError
from ..i18n import LANGS
from ..load import Catalogue
from ..safe_files import (
    atomic_file,
    check_file_target,
    check_folder_target,
    folder_for,
    remove_stale_temps,
    write_bytes,
)
from .fonts import CjkFont, find_cjk_font
from .profile import chain_brief, site_profile
from .sheet import Sheet, chain_brief_sheet, profile_sheet

FORMATS = ("pdf", "pptx")
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "html": "text/html",
    "zip": "application/zip",
}
Progress = Callable[[int, int, str], None]  # (done, total, what is being done)


def _check(fmt: str, lang: str) -> None:
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if lang not in LANGS:
        raise ExportError(f"unknown language {lang!r}; choose zh or en")


def render_sheet(sheet: Sheet, fmt: str, font: CjkFont | None = None) -> bytes:
    """The sheet as a PDF or PowerPoint file's bytes."""
    if fmt == "pdf":
        from . import pdf

        return pdf.render(sheet, font)
    from . import slides

    return slides.render(sheet)


def profile_bytes(
    cat: Catalogue,
    site_id: str,
    lang: str = "zh",
    fmt: str = "pdf",
    *,
    base_url: str | None = None,
    font: CjkFont | None = None,
) -> bytes:
    """One site's profile sheet (一园一册) as PDF or PPTX bytes.

    Raises
    ------
    UnknownNameError, ExportError, FontNotFoundError, MissingGlyphsError
    """
    _check(fmt, lang)
    font = font or find_cjk_font()
    sheet = profile_sheet(cat, site_profile(cat, site_id), lang, base_url=base_url, font=font)
    return render_sheet(sheet, fmt, font)


def chain_brief_bytes(
    cat: Catalogue,
    industry_id: str,
    lang: str = "zh",
    fmt: str = "pdf",
    *,
    base_url: str | None = None,
    font: CjkFont | None = None,
) -> bytes:
    """One chain's brief (its sites in both cities, its organizations, sources) as PDF or PPTX bytes."""
    _check(fmt, lang)
    font = font or find_cjk_font()
    sheet = chain_brief_sheet(cat, chain_brief(cat, industry_id), lang, base_url=base_url, font=font)
    return render_sheet(sheet, fmt, font)


def file_name(kind: str, item_id: str, lang: str, fmt: str) -> str:
    """'profile-by-hitech-zh.pdf', 'chain-chain-new-materials-en.pptx'."""
    return f"{kind}-{item_id}-{lang}.{fmt}"


def write_atomic(path: Path | str, data: bytes, *, force: bool = False, data_dir: Path | str | None = None) -> Path:
    """Write ``data`` to ``path`` atomically.

    Write ``data`` to ``path`` by the rules of :mod:`geo.safe_files`: a temporary file beside it,
    renamed into place when complete; an existing file is replaced only with ``force``; nothing
    inside (or holding) ``data_dir`` is written.

    Raises
    ------
    ExportTargetError
        The target is refused; nothing was written.
    ExportError
        The file could not be written; no half file is left.
    """
    path = check_file_target(path, data_dir=data_dir, force=force)
    try:
        remove_stale_temps(path.parent)
        with folder_for(path.parent), atomic_file(path, force=force) as tmp:
            write_bytes(tmp, data)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def each_profile(
    cat: Catalogue,
    lang: str,
    fmt: str,
    progress: Progress | None = None,
    site_ids: list[str] | None = None,
    base_url: str | None = None,
):
    """Yield (file name, bytes) for every site (or ``site_ids``), calling ``progress`` before each."""
    _check(fmt, lang)
    font = find_cjk_font()
    ids = list(cat.sites["id"]) if site_ids is None else list(site_ids)
    for done, site_id in enumerate(ids):
        if progress:
            progress(done, len(ids), site_id)
        try:
            data = profile_bytes(cat, site_id, lang, fmt, base_url=base_url, font=font)
        except AtlasError as exc:
            raise ExportError(f"profile of {site_id}: {exc}") from exc
        yield file_name("profile", site_id, lang, fmt), data
    if progress:
        progress(len(ids), len(ids), "")


def write_all_profiles(
    cat: Catalogue,
    out_dir: Path | str,
    lang: str = "zh",
    fmt: str = "pdf",
    progress: Progress | None = None,
    base_url: str | None = None,
    *,
    force: bool = False,
) -> list[Path]:
    """Write every site's profile into ``out_dir``, one file per site.

    One file per site in ``out_dir`` (created if missing; its other files are kept), each written
    atomically. Every name is checked before the first is made: an existing file of the same name
    needs ``force``, and the data folder is refused.

    Raises
    ------
    ExportTargetError
        The folder or one of the files is refused; nothing was written.
    ExportError
        A profile could not be made or written; the files finished before it stay.
    """
    _check(fmt, lang)
    out_dir = Path(out_dir)
    names = [file_name("profile", site_id, lang, fmt) for site_id in cat.sites["id"]]
    check_folder_target(out_dir, names, data_dir=cat.data_dir, force=force)
    written = []
    try:
        remove_stale_temps(out_dir)
        with folder_for(out_dir):
            for name, data in each_profile(cat, lang, fmt, progress, base_url=base_url):
                with atomic_file(out_dir / name, force=force) as tmp:
                    write_bytes(tmp, data)
                written.append(out_dir / name)
    except OSError as exc:
        raise ExportError(f"cannot write {out_dir}: {exc.strerror or exc}") from exc
    return written


def all_profiles_zip(
    cat: Catalogue, lang: str = "zh", fmt: str = "pdf", progress: Progress | None = None, base_url: str | None = None
) -> bytes:
    """Every site's profile in one ZIP archive (for a download button)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in each_profile(cat, lang, fmt, progress, base_url=base_url):
            archive.writestr(name, data)
    return out.getvalue()
