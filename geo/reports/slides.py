"""A sheet as a 16:9 PowerPoint deck (python-pptx).

Slides: title with the QR code, the map with the location's accuracy, one or more slides per
table (long tables continue on the next slide), and the sources with their quotes. Text runs
name an East Asian typeface (微软雅黑, on every Chinese Windows) as well as a Latin one, so
PowerPoint does not fall back to a font without Chinese. The map image is drawn with the
checked CJK font (see :mod:`geo.reports.staticmap`).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from ..i18n import bracketed, punctuation, tr
from . import labels as L
from .layout import column_shares, text_em
from .qr import qr_png
from .sheet import Sheet

EAST_ASIAN_FONT = "Microsoft YaHei"
LATIN_FONT = "Calibri"
ACCENT = (0x8B, 0x1A, 0x1A)
SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
TABLE_TOP_IN, TABLE_BOTTOM_IN = 1.25, 7.0
DRAWINGML = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
CELL_PT = 10.5
LINE_IN = 0.2  # height of one line of 10.5 pt table text, padding included


def render(sheet: Sheet) -> bytes:
    """The sheet as .pptx bytes."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    _title_slide(deck, sheet)
    _map_slide(deck, sheet)
    for section in sheet.sections:
        _table_slides(deck, section.title, section.table, sheet.lang)
    _table_slides(deck, tr(L.LABELS, "facts", sheet.lang), sheet.facts.drop(columns=["source_id"]), sheet.lang)
    deck.core_properties.title = f"{sheet.kicker} · {sheet.title}"
    deck.core_properties.author = tr(L.LABELS, "atlas", sheet.lang)
    deck.core_properties.subject = sheet.url
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _blank(deck):
    return deck.slides.add_slide(deck.slide_layouts[6])


def _style_run(run, size: float, bold: bool = False, colour=None) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = LATIN_FONT
    if colour:
        run.font.color.rgb = RGBColor(*colour)
    r_pr = run._r.get_or_add_rPr()  # python-pptx sets only the Latin face; add the East Asian one after it
    for old in r_pr.findall(DRAWINGML + "ea"):
        r_pr.remove(old)
    ea = r_pr.makeelement(DRAWINGML + "ea", {"typeface": EAST_ASIAN_FONT})
    latin = r_pr.find(DRAWINGML + "latin")
    if latin is not None:
        latin.addnext(ea)
    else:
        r_pr.append(ea)


def _text(slide, left, top, width, height, lines: Sequence[tuple[str, float, bool]], colour=None):
    """A text box of (text, size in pt, bold) paragraphs, word-wrapped."""
    from pptx.util import Inches

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    for i, (text, size, bold) in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = str(text)
        _style_run(run, size, bold, colour if i == 0 else None)
    return box


def _heading(slide, text: str) -> None:
    _text(slide, 0.5, 0.3, SLIDE_W_IN - 1.0, 0.8, [(text, 24, True)], colour=ACCENT)


def _title_slide(deck, sheet: Sheet) -> None:
    from pptx.util import Inches

    slide = _blank(deck)
    _text(slide, 0.6, 0.6, 9.0, 0.5, [(sheet.kicker, 14, False)], colour=ACCENT)
    _text(slide, 0.6, 1.2, 9.0, 1.6, [(sheet.title, 36, True), (sheet.subtitle, 16, False)])
    _text(
        slide,
        0.6,
        3.3,
        9.0,
        2.6,
        [(line, 15, False) for line in sheet.summary]
        + [
            ("", 8, False),
            (tr(L.LABELS, "location", sheet.lang) + punctuation("colon", sheet.lang) + sheet.accuracy, 11, False),
        ],
    )
    slide.shapes.add_picture(io.BytesIO(qr_png(sheet.url)), Inches(10.3), Inches(1.0), Inches(2.4), Inches(2.4))
    _text(slide, 10.0, 3.45, 3.0, 1.2, [(sheet.scan_label, 11, False), (sheet.url, 9, False)])
    _text(slide, 0.6, 6.8, 12.0, 0.4, [(sheet.footer, 9, False)])


def _map_slide(deck, sheet: Sheet) -> None:
    from pptx.util import Inches

    slide = _blank(deck)
    _heading(slide, tr(L.LABELS, "map", sheet.lang) + " · " + sheet.title)
    if sheet.map_png:
        slide.shapes.add_picture(io.BytesIO(sheet.map_png), Inches(0.5), Inches(1.15), height=Inches(6.0))
    _text(slide, 8.7, 1.3, 4.2, 5.5, [(tr(L.LABELS, "location", sheet.lang), 14, True), (sheet.map_caption, 12, False)])


def _column_widths(df, total_in: float) -> list[float]:
    return [total_in * share for share in column_shares(df, total_in * 72 / CELL_PT - 0.8 * len(df.columns))]


def _row_height(values, widths_in: list[float]) -> float:
    """Estimated height in inches: the most-wrapped cell decides."""
    per_line = [max(1.0, w * 72 / CELL_PT - 0.8) for w in widths_in]
    lines = max(max(1, math.ceil(text_em(v) / room)) for v, room in zip(values, per_line, strict=False))
    return lines * LINE_IN + 0.08


def _pages(df, widths: list[float]) -> list:
    """Split the rows so each slide's table fits between the heading and the bottom margin."""
    room = TABLE_BOTTOM_IN - TABLE_TOP_IN - _row_height(df.columns, widths)
    pages, used = [], 0.0
    current: list[tuple] = []
    for record in df.itertuples(index=False):
        height = _row_height(record, widths)
        if current and used + height > room:
            pages.append(current)
            current, used = [], 0.0
        current.append(record)
        used += height
    return pages + [current] if current else pages


def _table_slides(deck, title: str, df, lang: str) -> None:
    from pptx.util import Inches

    count = bracketed(str(len(df)), lang)
    if df.empty:
        slide = _blank(deck)
        _heading(slide, title + count)
        _text(slide, 0.6, 1.4, 12.0, 1.0, [(tr(L.LABELS, "none", lang), 14, False)])
        return
    width = SLIDE_W_IN - 1.0
    widths = _column_widths(df, width)
    for n, rows in enumerate(_pages(df, widths)):
        slide = _blank(deck)
        _heading(slide, title + count + (tr(L.LABELS, "continued", lang) if n else ""))
        shape = slide.shapes.add_table(
            len(rows) + 1,
            len(df.columns),
            Inches(0.5),
            Inches(TABLE_TOP_IN),
            Inches(width),
            Inches(0.3 * (len(rows) + 1)),
        )
        table = shape.table
        for j, w in enumerate(widths):
            table.columns[j].width = Inches(w)
        table.rows[0].height = Inches(_row_height(df.columns, widths))
        for j, col in enumerate(df.columns):
            _cell(table.cell(0, j), col, bold=True)
        for i, record in enumerate(rows, start=1):
            table.rows[i].height = Inches(_row_height(record, widths))  # LibreOffice does not grow rows to fit
            for j, value in enumerate(record):
                _cell(table.cell(i, j), value)


def _cell(cell, value, bold: bool = False) -> None:
    from pptx.util import Inches

    cell.margin_left = cell.margin_right = Inches(0.05)
    cell.margin_top = cell.margin_bottom = Inches(0.02)
    frame = cell.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = "" if value is None else str(value)
    _style_run(run, CELL_PT, bold)
