"""Check that every quote is an exact excerpt of the source document it cites.

The seed documents are not shipped with the atlas; they live in ``../shared/seeds``
(or wherever ``LANBAI_SEEDS`` points). Comparison ignores white space (document
``lanbai-2018`` is an OCR text with stray spaces and page marks) and the pinyin
glosses that document ``lz-hitech-2021`` puts after some characters (``區(qū)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .schema import MAX_QUOTE_CHARS
from .settings import settings

_PINYIN_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüḿńňǹ]+\)")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class QuoteProblem:
    """A quote that is not found in the source document it cites."""

    table: str
    row: int
    source_id: str
    quote: str
    reason: str

    def __str__(self) -> str:
        """Write the problem as one line."""
        return f"{self.table} row {self.row} ({self.source_id}): {self.reason}: {self.quote!r}"


def normalise(text: str) -> str:
    """Drop pinyin glosses and white space, so quotes compare by their characters."""
    return _WHITESPACE.sub("", _PINYIN_GLOSS.sub("", text))


def default_seeds_dir() -> Path | None:
    """The seed documents' folder, or None when it is not on this machine."""
    configured = settings().seeds_dir
    candidates = [str(configured) if configured else None]
    here = Path(__file__).resolve().parent.parent
    candidates += [str(here.parent / "shared" / "seeds"), str(here / ".." / "shared" / "seeds")]
    for c in candidates:
        if c and Path(c, "README.md").exists():
            return Path(c)
    return None


def load_documents(seeds_dir: Path, sources: pd.DataFrame) -> dict[str, str]:
    """Normalised text of each source that names a seed file present in ``seeds_dir``."""
    texts = {}
    for row in sources.itertuples():
        seed = getattr(row, "seed_file", "") or ""
        path = Path(seeds_dir) / seed
        if seed and path.exists():
            texts[row.id] = normalise(path.read_text(encoding="utf-8"))
    return texts


def check_quotes(
    tables: dict[str, pd.DataFrame], documents: dict[str, str], *, check_length: bool = True
) -> list[QuoteProblem]:
    """Check every quote of every table that has one.

    Every quote of every table that has one: short (unless ``check_length`` is False, as when
    the validator's cell check has already done it), and found in its document.
    """
    problems = []
    for name, df in tables.items():
        if "quote" not in df.columns or "source_id" not in df.columns:
            continue
        for i, (src, quote) in enumerate(zip(df["source_id"], df["quote"], strict=False), start=2):
            problems += _check_one(name, i, str(src or ""), str(quote or ""), documents, check_length)
    return problems


def _check_one(
    table: str, row: int, src: str, quote: str, documents: dict[str, str], check_length: bool = True
) -> list[QuoteProblem]:
    if not quote.strip():
        return []
    if len(quote) > MAX_QUOTE_CHARS:
        if not check_length:
            return []
        return [QuoteProblem(table, row, src, quote, f"longer than {MAX_QUOTE_CHARS} characters")]
    if src not in documents:
        return []
    if normalise(quote) not in documents[src]:
        return [QuoteProblem(table, row, src, quote, "not found in the document")]
    return []


def main(argv: list[str] | None = None) -> int:
    """``python -m geo.quotes [DIR]``: check the quotes of every CSV in DIR (default data/)."""
    import sys

    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "data"
    seeds = default_seeds_dir()
    if seeds is None:
        print("seed documents not found: set LANBAI_SEEDS", file=sys.stderr)
        return 2
    sources = pd.read_csv(Path(__file__).resolve().parent.parent / "data" / "sources.csv", dtype=str).fillna("")
    docs = load_documents(seeds, sources)
    tables = {p.stem: pd.read_csv(p, dtype=str).fillna("") for p in sorted(folder.glob("*.csv"))}
    problems = check_quotes(tables, docs)
    for p in problems:
        print(p)
    print(f"{sum(len(t) for t in tables.values())} rows, {len(problems)} quote problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
