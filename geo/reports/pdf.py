"""A sheet as an A4 PDF (reportlab), with the Chinese font embedded as a subset.

The font is found and checked against every string of the sheet first, then cut down to those
characters and registered (see :mod:`geo.reports.fonts`: Noto Sans CJK's CFF outlines are
converted to TrueType, which is what reportlab embeds). Tables wrap Chinese text by character.
"""

from __future__ import annotations

import io

from geo.markup import pdf_text

from ..i18n import bracketed, punctuation, tr
from . import labels as L
from .fonts import CjkFont, find_cjk_font, reportlab_fonts
from .layout import column_shares
from .qr import qr_png
from .sheet import Sheet

ACCENT = "#8b1a1a"
ZEBRA = "#f5f2ec"
CELL_SIZE = 7.8


def render(sheet: Sheet, font: CjkFont | None = None) -> bytes:
    """The sheet as PDF bytes.

    Raises
    ------
    FontNotFoundError, MissingGlyphsError
        No Chinese font, or text the font cannot draw (named in the message).
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    font = font or find_cjk_font()
    sheet.check_font(font)
    regular, bold = reportlab_fonts(font, "".join(sheet.texts()))
    styles = _styles(regular, bold)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=f"{sheet.kicker} · {sheet.title}",
        author=tr(L.LABELS, "atlas", sheet.lang),
        subject=sheet.url,
        creator="Lanbai Atlas",
    )
    story = _head(sheet, styles, doc.width) + _map(sheet, styles, doc.width)
    for section in sheet.sections:
        story += _section(section.title, section.table, styles, doc.width, sheet.lang)
    story += _section(
        tr(L.LABELS, "facts", sheet.lang), sheet.facts.drop(columns=["source_id"]), styles, doc.width, sheet.lang
    )

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont(regular, 7)
        canvas.setFillColorRGB(0.4, 0.4, 0.4)
        canvas.drawString(15 * mm, 9 * mm, sheet.footer)
        canvas.drawRightString(A4[0] - 15 * mm, 9 * mm, tr(L.LABELS, "page", sheet.lang, n=document.page))
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _styles(regular: str, bold: str) -> dict:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=regular, fontSize=9, leading=13, wordWrap="CJK")
    return {
        "kicker": ParagraphStyle("kicker", base, fontSize=9, textColor=HexColor(ACCENT)),
        "title": ParagraphStyle("title", base, fontName=bold, fontSize=20, leading=26),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=10.5, leading=14, textColor=HexColor("#555555")),
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=7, leading=9, textColor=HexColor("#555555")),
        "h2": ParagraphStyle(
            "h2",
            base,
            fontName=bold,
            fontSize=12.5,
            leading=17,
            spaceBefore=9,
            spaceAfter=4,
            textColor=HexColor(ACCENT),
        ),
        "cell": ParagraphStyle("cell", base, fontSize=CELL_SIZE, leading=10),
        "head": ParagraphStyle("head", base, fontName=bold, fontSize=CELL_SIZE, leading=10),
    }


def _p(text, style):
    from reportlab.platypus import Paragraph

    return Paragraph(pdf_text(text), style)


def _head(sheet: Sheet, styles: dict, width: float) -> list:
    """Kicker, title, the other-language name and the summary; the QR code and its link on the right."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Spacer, Table, TableStyle

    qr_size = 30 * mm
    left = [
        _p(sheet.kicker, styles["kicker"]),
        _p(sheet.title, styles["title"]),
        _p(sheet.subtitle, styles["subtitle"]),
        Spacer(1, 3),
    ] + [_p(line, styles["body"]) for line in sheet.summary]
    right = [
        Image(io.BytesIO(qr_png(sheet.url)), width=qr_size, height=qr_size),
        _p(sheet.scan_label, styles["small"]),
        _p(sheet.url, styles["small"]),
    ]
    table = Table([[left, right]], colWidths=[width - qr_size - 8 * mm, qr_size + 8 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table, Spacer(1, 4 * mm)]


def _map(sheet: Sheet, styles: dict, width: float) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, KeepTogether, Spacer

    parts = [_p(tr(L.LABELS, "map", sheet.lang), styles["h2"])]
    if sheet.map_png:
        parts.append(Image(io.BytesIO(sheet.map_png), width=width, height=width * 0.75))
    parts += [
        Spacer(1, 2),
        _p(tr(L.LABELS, "location", sheet.lang) + punctuation("colon", sheet.lang) + sheet.map_caption, styles["body"]),
        Spacer(1, 3 * mm),
    ]
    return [KeepTogether(parts)]


def column_widths(df, width: float, font_size: float = CELL_SIZE, padding: float = 6) -> list[float]:
    """Column widths in points: no word broken where avoidable, long text given the room."""
    shares = column_shares(df, (width - padding * len(df.columns)) / font_size)
    return [width * share for share in shares]


def _section(title: str, df, styles: dict, width: float, lang: str) -> list:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table, TableStyle

    heading = _p(title + bracketed(str(len(df)), lang), styles["h2"])
    if df.empty:
        return [heading, _p(tr(L.LABELS, "none", lang), styles["body"])]
    rows = [[_p(c, styles["head"]) for c in df.columns]]
    rows += [[_p(v, styles["cell"]) for v in record] for record in df.itertuples(index=False)]
    table = Table(rows, colWidths=column_widths(df, width), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), HexColor("#e9e2d3")),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [HexColor("#ffffff"), HexColor(ZEBRA)]),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, HexColor("#999999")),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return [heading, table]
