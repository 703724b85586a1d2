"""A Chinese font for the exports.

A Chinese font for the exports: found on this machine, checked against the text, usable by
matplotlib and reportlab.

Chinese drawn with a font that lacks it comes out as empty boxes, silently. So every export
asks :func:`find_cjk_font` for a font (known Debian paths first, then whatever matplotlib's font
manager knows), checks with :meth:`CjkFont.check` that the font has a glyph for every character
it will draw, and fails with a message naming the missing characters or the Debian package to
install.

reportlab reads only TrueType (``glyf``) outlines; Noto Sans CJK (Debian ``fonts-noto-cjk``, the
font the project installs) has CFF outlines. :func:`truetype_subset` therefore cuts the font down
to the characters of one document with fontTools and, for a CFF font, converts the outlines to
quadratic TrueType curves (cu2qu): about 0.2 s, and the PDF embeds only what it uses. A TrueType
font such as WenQuanYi Micro Hei goes through the same path without the conversion.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import AtlasError

INSTALL_HINT = "install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk)"
PROBE = "兰州白银高新区产业园"  # a font that has these is taken for a Chinese font


@dataclass(frozen=True)
class Candidate:
    """A font file where a Debian package puts it; ``index`` is the face in a .ttc collection."""

    path: str
    index: int
    package: str
    bold_path: str = ""


#: Searched in order. Noto Sans CJK face 2 is the Simplified Chinese one (face 0 is Japanese).
KNOWN_FONTS: tuple[Candidate, ...] = (
    Candidate(
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        2,
        "fonts-noto-cjk",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    ),
    Candidate(
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        2,
        "noto-fonts-cjk",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    ),
    Candidate("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, "fonts-wqy-microhei"),
    Candidate("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, "fonts-wqy-zenhei"),
)


class FontNotFoundError(AtlasError):
    """No font on this machine can draw Chinese."""


class MissingGlyphsError(AtlasError):
    """The chosen font has no glyph for some characters that would be drawn."""

    def __init__(self, font: CjkFont, missing: dict[str, str], what: str):
        self.missing = missing
        shown = ", ".join(f"{ch!r} U+{ord(ch):04X} (in “{sample}”)" for ch, sample in list(missing.items())[:8])
        more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
        super().__init__(
            f"the font {font.family} ({font.path}) has no glyph for {len(missing)} character(s) "
            f"of {what}: {shown}{more}; they would print as empty boxes. Change the text or "
            f"{INSTALL_HINT}"
        )


@dataclass(frozen=True)
class CjkFont:
    """A CJK font file found on this machine: path, face index, family, outline kind and bold face."""

    path: str
    index: int
    family: str
    cff: bool  # PostScript (CFF) outlines, which reportlab cannot read directly
    bold_path: str = ""
    bold_index: int = 0

    def missing(self, texts) -> dict[str, str]:
        """Characters of ``texts`` the font cannot draw -> the first text that holds each."""
        cmap = _cmap(self.path, self.index)
        found: dict[str, str] = {}
        for text in texts:
            for ch in str(text):
                if ch not in found and _drawn(ch) and ord(ch) not in cmap:
                    found[ch] = _snippet(str(text), ch)
        return found

    def check(self, texts, what: str = "the document") -> None:
        """Raise :class:`MissingGlyphsError` unless every drawn character of ``texts`` has a glyph."""
        missing = self.missing(texts)
        if missing:
            raise MissingGlyphsError(self, missing, what)


def _drawn(ch: str) -> bool:
    """Tell whether a character needs a glyph in the font.

    White space, control and format characters (e.g. a zero-width space) draw nothing, so they
    need no glyph; private-use and unassigned code points do need one (they would print as boxes).
    """
    return not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf")


def _snippet(text: str, ch: str, width: int = 12) -> str:
    at = text.index(ch)
    return text[max(0, at - width // 2) : at + width // 2]


@lru_cache(maxsize=16)
def _cmap(path: str, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def _describe(path: str, index: int) -> tuple[str, bool]:
    """The family name and whether the outlines are CFF."""
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        return font["name"].getDebugName(1) or Path(path).stem, "CFF " in font or "CFF2" in font


def _usable(path: str, index: int) -> bool:
    try:
        return Path(path).is_file() and all(ord(ch) in _cmap(path, index) for ch in PROBE)
    except Exception:  # an unreadable or foreign file is simply not a candidate
        return False


def _font_manager_entries() -> list[tuple[str, int]]:
    """(path, face index) of every scalable font matplotlib's font manager knows."""
    from matplotlib import font_manager

    return [
        (entry.fname, getattr(entry, "index", 0))
        for entry in font_manager.fontManager.ttflist
        if str(entry.fname).lower().endswith((".ttf", ".ttc", ".otf", ".otc"))
    ]


def find_cjk_font() -> CjkFont:
    """The first Chinese font found: :data:`KNOWN_FONTS` in order, then matplotlib's font manager.

    Raises
    ------
    FontNotFoundError
        Naming the paths searched and the Debian package to install.
    """
    for cand in KNOWN_FONTS:
        if _usable(cand.path, cand.index):
            family, cff = _describe(cand.path, cand.index)
            bold = cand.bold_path if cand.bold_path and _usable(cand.bold_path, cand.index) else ""
            return CjkFont(cand.path, cand.index, family, cff, bold, cand.index if bold else 0)
    for path, index in _font_manager_entries():
        if _usable(path, index):
            family, cff = _describe(path, index)
            return CjkFont(path, index, family, cff)
    searched = ", ".join(c.path for c in KNOWN_FONTS)
    raise FontNotFoundError(
        f"no font that can draw Chinese was found (searched {searched} and matplotlib's font list); {INSTALL_HINT}"
    )


# ------------------------------------------------------------------ matplotlib


def matplotlib_font(font: CjkFont):
    """A matplotlib ``FontProperties`` for the font (the right face of a .ttc collection)."""
    from matplotlib import font_manager

    names = {(e.fname, getattr(e, "index", 0)): e.name for e in font_manager.fontManager.ttflist}
    if (font.path, font.index) not in names:
        font_manager.fontManager.addfont(font.path)  # registers face 0 of a collection
        names = {(e.fname, getattr(e, "index", 0)): e.name for e in font_manager.fontManager.ttflist}
    name = names.get((font.path, font.index))
    if name is None:
        return font_manager.FontProperties(fname=font.path)
    return font_manager.FontProperties(family=name)


# ------------------------------------------------------------------- reportlab


@lru_cache(maxsize=32)
def truetype_subset(path: str, index: int, text: str) -> bytes:
    """A TrueType font holding only the glyphs of ``text`` (plus ASCII), with glyf outlines.

    CFF outlines are converted to quadratic curves (fontTools cu2qu, error 1 font unit), so
    reportlab can embed the result. Hinting and layout features are dropped: the PDF needs
    neither.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=index, lazy=True)
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text))) + "".join(map(chr, range(32, 127))))
    subsetter.subset(font)
    if "CFF " in font:
        _cff_to_glyf(font)
    _rename(font, hashlib.sha1(f"{path}:{index}:{text}".encode()).hexdigest()[:10])
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _cff_to_glyf(font) -> None:
    """Replace a font's CFF table by glyf/loca (the fontTools otf2ttf recipe)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones",):
        setattr(maxp, field, 1)
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxPoints",
        "maxContours",
        "maxCompositePoints",
        "maxCompositeContours",
        "maxComponentDepth",
    ):
        setattr(maxp, field, 0)
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\0\1\0\0"


def _rename(font, tag: str) -> None:
    """Give the subset a PostScript name of its own.

    Give the subset a PostScript name of its own: reportlab keys typefaces by that name, so two
    subsets of one font under the same name would swap glyph tables between documents.
    """
    ps_name = f"LanbaiCJK-{tag}"
    for record in font["name"].names:
        if record.nameID in (4, 6):
            record.string = ps_name
    if "CFF " in font:  # not converted (never the case for reportlab, kept for completeness)
        font["CFF "].cff.fontNames = [ps_name]


def reportlab_fonts(font: CjkFont, text: str) -> tuple[str, str]:
    """Register the font (and its bold, if any) with reportlab for ``text``; return the two names.

    The names carry a hash of the character set, so documents with different text never share
    a subset that lacks their glyphs.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    chars = "".join(sorted(set(text)))
    tag = hashlib.sha1(f"{font.path}:{font.index}:{chars}".encode()).hexdigest()[:10]
    names: list[str] = []
    for path, index, suffix in ((font.path, font.index, ""), (font.bold_path, font.bold_index, "-Bold")):
        if not path:
            names.append(names[0])
            continue
        name = f"CJK{suffix}-{tag}"
        if name not in pdfmetrics.getRegisteredFontNames():
            data = io.BytesIO(truetype_subset(path, index, chars))
            pdfmetrics.registerFont(TTFont(name, data))
        names.append(name)
    return names[0], names[1]
