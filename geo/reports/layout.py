"""Column widths for the tables of the PDF and the slides.

Column widths for the tables of the PDF and the slides: each column at least as wide as its
longest unbreakable word, the rest of the width shared by how much text each column holds.
"""

from __future__ import annotations

import re

LATIN_EM = 0.55  # a Latin letter is about half as wide as a Chinese character
TOKEN = re.compile(r"[^\s\u2e80-\U0002ffff]+")  # a run of non-CJK, non-space characters


def wide(ch: str) -> bool:
    """Tell whether a character is full width (CJK), for measuring text."""
    return ord(ch) >= 0x2E80


def text_em(text) -> float:
    """The width of ``text`` in ems (1 em = one Chinese character at the font size)."""
    return sum(1.0 if wide(ch) else LATIN_EM for ch in str(text))


def longest_word_em(text) -> float:
    """The widest piece that should not be broken: a Latin word or number, or one Chinese character."""
    text = str(text)
    words = [text_em(w) for w in TOKEN.findall(text)]
    return max(words + [1.0 if any(wide(ch) for ch in text) else 0.0])


def column_shares(df, total_em: float, max_share: float = 0.45, min_share: float = 0.3) -> list[float]:
    """The share of the width for each column of ``df`` (sums to 1), for ``total_em`` ems of room."""
    natural, minimum = [], []
    for col in df.columns:
        cells = [col, *df[col]]
        minimum.append(min(max(longest_word_em(c) for c in cells) + 0.6, total_em * min_share))
        natural.append(max(min(max(text_em(c) for c in cells) + 0.6, total_em * max_share), minimum[-1]))
    if sum(natural) <= total_em:
        return [n / sum(natural) for n in natural]
    extra = total_em - sum(minimum)
    flex = [n - m for n, m in zip(natural, minimum, strict=False)]
    if extra <= 0 or sum(flex) == 0:
        return [m / sum(minimum) for m in minimum]
    return [(m + extra * f / sum(flex)) / total_em for m, f in zip(minimum, flex, strict=False)]
