"""Numbers as officials type and paste them, and the one rounding rule used everywhere.

All arithmetic is done in ``Decimal`` so that 1.91 + 0.09 is exactly 2: published tables are checked to
the last digit, and binary floats would invent differences of 1e-16.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal
from enum import Enum
from functools import lru_cache
from typing import Any

ZERO = Decimal(0)
HUNDRED = Decimal(100)


class Rounding(str, Enum):
    """How results are shown: half-up (the default) or truncation, both seen in real tables."""

    HALF_UP = "half_up"
    TRUNCATE = "truncate"

    @property
    def label(self) -> str:
        return "Làm tròn" if self is Rounding.HALF_UP else "Cắt bỏ"

    @property
    def other(self) -> Rounding:
        return Rounding.TRUNCATE if self is Rounding.HALF_UP else Rounding.HALF_UP


# Wide enough for any number parse_number lets through, so quantize never overflows the default 28 digits.
_WIDE = Context(prec=80, Emax=999, Emin=-999)
LARGEST = Decimal(10) ** 15  # no score, maximum or count in a PAR table comes near; larger is a typing slip


def round_dp(value: Decimal, places: int = 2, mode: Rounding = Rounding.HALF_UP) -> Decimal:
    """Round ``value`` to ``places`` decimals; truncation goes toward zero. A value that is not a finite
    number (NaN, infinity) is returned as it is rather than raising in the middle of a report."""
    if not value.is_finite():
        return value
    quantum = Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUND_DOWN if mode is Rounding.TRUNCATE else ROUND_HALF_UP,
                          context=_WIDE)


def pct(points: Decimal, maximum: Decimal) -> Decimal | None:
    """``points`` as a percentage of ``maximum`` (unrounded); ``None`` when there is no maximum."""
    return points / maximum * HUNDRED if maximum > 0 else None


class NumberError(ValueError):
    """Text that is not a number; ``reason`` is a short Vietnamese explanation."""

    def __init__(self, text: str, reason: str = "không phải là số") -> None:
        super().__init__(f"{text!r}: {reason}")
        self.text = text
        self.reason = reason


_UNIT_SUFFIX = r"\s*(điểm|diem|đ)\.?\s*$"  # these two as text: compiled by ``re`` when a number is typed as text
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_NUMERIC = r"^[+-]?(\d+|\d*[.,]\d+|\d{1,3}([.,]\d{3})+([.,]\d+)?)$"


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse spaces: for matching labels and headers."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", bare).strip().lower()


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_number(value: object, *, thousands_dot: bool = False) -> Decimal | None:
    """Read a number from a cell value or pasted text; ``None`` for a blank.

    Accepts numbers, a decimal comma ("1,91"), stray spaces ("0. 5"), a unit ("2 điểm"), a leading
    dot (".275") and thousands separators ("1.234,5", "1,234.5"). A single dot followed by exactly
    three digits ("4.331") is a thousands dot only when ``thousands_dot`` is set (counts of files),
    otherwise a decimal point (scores). Raises ``NumberError`` for anything else.
    """
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise NumberError(str(value))
        return None
    if type(value) is float:
        known = _FLOATS.get(value)
        if known is not None and value:  # 0.0 and -0.0 are equal keys but different Decimals: not cached
            return known
        if not math.isfinite(value):
            raise NumberError(str(value), "không phải số hữu hạn")
        # repr gives the shortest text that round-trips, so 1.91 stays 1.91, not 1.9099999…
        return _remember(_FLOATS, value, _bounded(Decimal(repr(value)), value))
    if type(value) is int:
        known = _INTS.get(value)
        return known if known is not None else _remember(_INTS, value, _bounded(Decimal(value), value))
    if isinstance(value, int):
        return _bounded(Decimal(value), value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NumberError(str(value), "không phải số hữu hạn")
        return _bounded(Decimal(repr(value)), value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberError(str(value), "không phải số hữu hạn")
        return _bounded(value, value)
    if not isinstance(value, str):
        raise NumberError(str(value)[:40])
    if len(value) > 200:
        raise NumberError(value[:40] + "…")
    text = re.sub(_UNIT_SUFFIX, "", value.replace("−", "-").replace("–", "-"), flags=re.IGNORECASE)
    text = _SPACES.sub("", text)
    if not text:
        return None
    if not re.match(_NUMERIC, text):
        raise NumberError(value)
    return _bounded(Decimal(_normalise_separators(text, thousands_dot)), value)


# A sheet repeats few distinct numbers (2, 0.5, 1.91 …) over thousands of cells: one shared Decimal for each
# (Decimals are immutable), so reading 20,000 rows neither re-parses nor keeps 100,000 equal objects.
# Floats and ints apart: 2 == 2.0 as keys, but Decimal(2) and Decimal("2.0") print differently.
_FLOATS: dict[float, Decimal] = {}
_INTS: dict[int, Decimal] = {}
_REMEMBERED = 4096


def _remember(cache: dict[Any, Decimal], value: float | int, number: Decimal) -> Decimal:
    if len(cache) >= _REMEMBERED:
        cache.clear()
    cache[value] = number
    return number


_STORED_FLOATS: dict[float, Decimal] = {}
_STORED_INTS: dict[int, Decimal] = {}


def decimal_of(value: float) -> Decimal:
    """``Decimal(repr(value))`` of a finite cell number, one shared object per distinct number (formulas read
    every cell of their ranges: tens of thousands of equal figures on a large sheet)."""
    cache: dict[Any, Decimal] | None = (_STORED_FLOATS if type(value) is float
                                        else _STORED_INTS if type(value) is int else None)
    if cache is None or not value:  # subclasses, and 0.0 / -0.0 (equal keys, different Decimals)
        return Decimal(repr(value))
    known = cache.get(value)
    return known if known is not None else _remember(cache, value, Decimal(repr(value)))


def _bounded(number: Decimal, value: object) -> Decimal:
    """Numbers of 16 digits or more before the point, or with more than 28 significant digits, are refused:
    they are typing slips, and exact arithmetic on them would overflow Decimal's precision."""
    if abs(number) >= LARGEST or len(number.as_tuple().digits) > 28:
        raise NumberError(str(value)[:40], "số quá lớn hoặc quá nhiều chữ số")
    return number


def _normalise_separators(text: str, thousands_dot: bool) -> str:
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        # The separator that comes last is the decimal one: "1.234,5" and "1,234.5".
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        return text.replace(group_sep, "").replace(decimal_sep, ".")
    sep = "," if commas else "." if dots else ""
    if not sep:
        return text
    count = commas or dots
    if count > 1:
        return text.replace(sep, "")
    head, tail = text.split(sep)
    grouped = len(tail) == 3 and 1 <= len(head.lstrip("+-")) <= 3 and head.lstrip("+-") != "0"
    if grouped and (thousands_dot if sep == "." else False):
        return head + tail
    # ".275": a leading digit was lost in a paste; the value is still 0.275.
    return f"{head}{'' if head.lstrip('+-') else '0'}.{tail}"


def parse_percent(value: object) -> Decimal | None:
    """A percentage as typed ("95,68%", "86.6 %", 0.9568 from a %-formatted cell) in percent units."""
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.endswith("%"):
            return parse_number(stripped[:-1])
    number = parse_number(value)
    if number is not None and not isinstance(value, str) and abs(number) <= 1:
        # A cell formatted as % stores 0.9568 for 95.68 %.
        return number * HUNDRED
    return number


_PAIR = r"^\s*([^/]+?)\s*/\s*([^/]+?)\s*$"  # compiled by ``re`` on first use


def parse_pair(value: object) -> tuple[Decimal, Decimal] | None:
    """An "x/y" pair ("17.25/20", "0. 5/1", "870/901"); ``None`` when the text holds no slash."""
    if not isinstance(value, str) or "/" not in value:
        return None
    match = re.match(_PAIR, value)
    if not match:
        raise NumberError(value, "không phải cặp số dạng x/y")
    left, right = parse_number(match.group(1)), parse_number(match.group(2))
    if left is None or right is None:
        raise NumberError(value, "thiếu một vế của cặp số x/y")
    return left, right


def format_vn(value: Decimal | float | None, places: int = 2, *, trim: bool = True) -> str:
    """Vietnamese display: decimal comma, thousands dot ("1.234,5"); trailing zeros trimmed."""
    if value is None:
        return ""
    dec = value if isinstance(value, Decimal) else Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = f"{dec:,.{places}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def show(value: Decimal | None, places: int = 2, mode: Rounding = Rounding.HALF_UP, *, trim: bool = True) -> str:
    """``value`` rounded as published, in the Vietnamese display of ``format_vn``; "" for ``None``."""
    return "" if value is None else format_vn(round_dp(value, places, mode), places, trim=trim)


_ROMAN = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50), ("XL", 40),
          ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def to_roman(number: int) -> str:
    """4 -> "IV" (for 1 … 3999)."""
    out = ""
    for letters, value in _ROMAN:
        while number >= value:
            out, number = out + letters, number - value
    return out


def from_roman(text: str) -> int | None:
    """"IV" -> 4; ``None`` unless ``text`` is a Roman numeral written the usual way ("IIII", "IC" are not)."""
    if not text or any(ch not in _ROMAN_DIGITS for ch in text):
        return None
    values = [_ROMAN_DIGITS[ch] for ch in text]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if to_roman(total) == text else None


def date_text(value: object) -> str:
    """dd/mm/yyyy for a date, a datetime or an Excel date serial (how a date cell is stored)."""
    from datetime import date, datetime, timedelta  # here: few runs meet a date, every run imports this module

    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        # Serial 1 is 1900-01-01 once Excel's 1900 leap-year bug is accounted for.
        value = date(1899, 12, 30) + timedelta(days=int(value))
    if isinstance(value, (date, datetime)):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value).strip()


def to_json_number(value: Decimal | None) -> int | float | None:
    """A rounded Decimal as a JSON number: integers stay integers, others become floats."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


__all__ = [
    "HUNDRED",
    "ZERO",
    "NumberError",
    "Rounding",
    "fold",
    "format_vn",
    "from_roman",
    "is_blank",
    "parse_number",
    "parse_pair",
    "parse_percent",
    "pct",
    "round_dp",
    "show",
    "to_json_number",
    "to_roman",
]
