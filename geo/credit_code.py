"""统一社会信用代码 (unified social credit code) check digit, as GB 32100-2015 defines it.

An 18-character code: 登记管理部门代码 (1), 机构类别代码 (1), 登记管理机关行政区划码 (6),
主体标识码 (9, the organization code) and one check character. Characters are 0-9 and the
capital letters A-H J-N P-R T-U W-Y (no I, O, S, V, Z), worth 0-30 in that order; the check
character is ``31 - (Σ value_i × weight_i mod 31)``, 31 written as 0.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18
_VALUE = {char: value for value, char in enumerate(ALPHABET)}


def check_character(first17: str) -> str:
    """The check character of the code's first 17 characters.

    Raises
    ------
    ValueError
        ``first17`` is not 17 characters of the code's character set.
    """
    if len(first17) != LENGTH - 1:
        raise ValueError(f"needs 17 characters, not {len(first17)}")
    bad = [c for c in first17 if c not in _VALUE]
    if bad:
        raise ValueError(f"{bad[0]!r} is not a character of the code (0-9, A-H J-N P-R T-U W-Y)")
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=False))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid 统一社会信用代码, or None when it is."""
    if len(code) != LENGTH:
        return f"{code!r} has {len(code)} characters; a 统一社会信用代码 has 18"
    if code != code.upper():
        return f"{code!r} has lower-case letters; the code is written in capitals ({code.upper()!r})"
    try:
        expected = check_character(code[:-1])
    except ValueError as exc:
        return f"{code!r}: {exc}"
    if code[-1] != expected:
        return (
            f"{code!r}: wrong check character {code[-1]!r} (GB 32100-2015 gives {expected!r}); a character was mistyped"
        )
    return None


def is_valid_credit_code(code: str) -> bool:
    """Whether ``code`` is a well-formed code with a correct check character."""
    return credit_code_problem(code) is None
