"""Criterion codes in every scheme officials use, and the tree they describe.

A code is read from a code column or from the start of the name cell ("1.1. Kế hoạch CCHC"). Schemes:
Roman areas "I.", numbers "1." / "1)", dotted "1.1." / "1.1.1", letters "a)" / "a.", bullets "-" / "+",
and sections "A." / "B.". Dotted codes are absolute (1.1.2 sits under 1.1 wherever it stands); the
others are relative: a scheme already open is a sibling, a new scheme nests under the row above. A
section after the first (or an uncoded survey row) opens a block of its own whose items may restart at
1 without clashing with the areas.

    >>> r = Resolver()
    >>> [r.place(token(t)).code for t in ("I", "1", "a)", "b)", "2", "II", "1")]
    ['1', '1.1', '1.1.1', '1.1.2', '1.2', '2', '2.1']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parxl.numbers import from_roman

# Vietnamese lettering skips no letter of its alphabet; f, j, w, z come last for foreign-typed lists.
_LETTERS = "abcdđeghiklmnopqrstuvxyfjwz"
_BULLETS = {"-": "dash", "–": "dash", "—": "dash", "•": "dash", "+": "plus", "*": "plus"}
_DOTTED = re.compile(r"^\d+(?:\.\d+)+$")
_LEADING = re.compile(
    r"^\s*(?:(?P<code>[IVXLC]+[.)]|\d+(?:\.\d+)+\.?|\d+[.)]|\(\d+\)|[a-zđ][.)]|[A-Z][.)])\s+"
    r"|(?P<bullet>[-–—•+*])\s*)(?P<rest>\S.*)$",
    re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str  # roman | int | dotted | lower | section | dash | plus
    parts: tuple[int, ...]  # () for bullets
    text: str


@dataclass(frozen=True)
class Placed:
    path: tuple[int, ...]
    code: str  # as parxl shows it: "1.2.1", or "B.1" inside a later section
    section: str = ""  # the letter of the later section the row belongs to ("" for the main block)
    opens_section: bool = False  # a section row ("B. Điều tra xã hội học") opening its own block


def _roman(text: str) -> int | None:
    value = from_roman(text)
    return value if value is not None and 1 <= value <= 39 else None


_TOKENS: dict[str, Token | None] = {}  # text -> its token: a sheet's codes are read more than once
_TOKENS_MAX = 100_000


def token(value: object) -> Token | None:
    """The code in a code cell, or None when it holds no code."""
    if type(value) is str:
        try:
            return _TOKENS[value]
        except KeyError:
            pass
        if len(_TOKENS) >= _TOKENS_MAX:
            _TOKENS.clear()
        found = _TOKENS[value] = _token(value)
        return found
    return _token(value)


def _token(value: object) -> Token | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Token("int", (value,), str(value)) if value > 0 else None
    if isinstance(value, float):
        if not value > 0 or value == float("inf"):
            return None
        if value.is_integer():
            return Token("int", (int(value),), str(int(value)))
        text = repr(value)  # 1.25 is the code "1.25"; 1e-05 or 1.5e+20 is no code
        return Token("dotted", tuple(int(p) for p in text.split(".")), text) if "e" not in text else None
    raw = str(value).strip()
    if raw in _BULLETS:
        return Token(_BULLETS[raw], (), raw)
    text = raw.strip("()").rstrip(".)").strip()
    if not text:
        return None
    if text.isdigit():
        return Token("int", (int(text),), raw) if int(text) > 0 else None
    if _DOTTED.match(text):
        parts = tuple(int(p) for p in text.split("."))
        return Token("dotted", parts, raw) if parts[0] > 0 else None
    roman = _roman(text) if text.isupper() else None
    if roman:
        return Token("roman", (roman,), raw)
    if len(text) == 1 and text.lower() in _LETTERS:
        if text.islower():
            return Token("lower", (_LETTERS.index(text) + 1,), raw)
        return Token("section", (_LETTERS.index(text.lower()) + 1,), raw)
    return None


def leading_code(text: str) -> tuple[Token, str] | None:
    """A code written at the start of a name ("1.1. Kế hoạch" → (1.1, "Kế hoạch")), or None."""
    match = _LEADING.match(text)
    if not match:
        return None
    code = match.group("code") or match.group("bullet")
    found = token(code)
    if found is None:
        return None
    return found, match.group("rest").strip()


class Resolver:
    """Turns the codes of a score sheet, row after row, into paths of one tree."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, tuple[int, ...]]] = []
        self.prefix: tuple[int, ...] = ()
        self.section = ""
        self.top = 0  # the highest root number used so far
        self.placed_any = False

    def open_block(self, label: str) -> Placed:
        """A block of its own (a later section, the survey): a new root whose items restart numbering."""
        self.top += 1
        self.prefix = (self.top,)
        self.section = label
        self.stack = [("section", self.prefix)]
        return Placed(self.prefix, label, label, True)

    def place(self, tok: Token) -> Placed | None:
        """The path of the next coded row; None for a first section heading ("A."), which is no row."""
        if tok.kind == "section":
            letter = _LETTERS[tok.parts[0] - 1].upper()
            if not self.placed_any:
                self.section = ""
                return None
            return self.open_block(letter)
        if tok.kind == "dotted":
            path = self.prefix + tok.parts
            self.stack = [e for e in self.stack if path[:len(e[1])] == e[1] and len(e[1]) < len(path)]
            self.stack.append(("dotted", path))
        else:
            at = next((i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i][0] == tok.kind), None)
            if at is not None:
                parent = self.stack[at - 1][1] if at > 0 else self.prefix
                number = tok.parts[0] if tok.parts else self.stack[at][1][-1] + 1
                del self.stack[at:]
            else:
                parent = self.stack[-1][1] if self.stack else self.prefix
                number = tok.parts[0] if tok.parts else 1
            path = parent + (number,)
            self.stack.append((tok.kind, path))
        self.placed_any = True
        if not self.prefix:
            self.top = max(self.top, path[0])
        return Placed(path, self.code_text(path), self.section)

    def code_text(self, path: tuple[int, ...]) -> str:
        if self.prefix and path[:1] == self.prefix:
            return ".".join([self.section, *(str(p) for p in path[1:])])
        return ".".join(str(p) for p in path)
