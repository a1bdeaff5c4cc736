"""A small evaluator for the formulas officials put in score sheets, for files never opened in Excel.

A workbook made by a script or another program stores formulas without results. Reading those cells as
empty would turn every total into zero, so parxl computes them: SUM over ranges and lists, arithmetic,
ROUND/ROUNDDOWN/ROUNDUP, MIN, MAX, AVERAGE, ABS, IF with comparisons. Text in a range or a referenced
cell is skipped as Excel's SUM skips it; anything else (other sheets, other functions) is reported, not
guessed.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation
from typing import Callable, Iterator

from parxl.read import Grid, split_a1


class FormulaError(ValueError):
    """A formula parxl does not evaluate."""


_TOKEN = re.compile(
    r"\s*(?:(?P<range>\$?[A-Za-z]{1,3}\$?\d+:\$?[A-Za-z]{1,3}\$?\d+)"
    r"|(?P<ref>\$?[A-Za-z]{1,3}\$?\d+)(?![\w(])"
    r"|(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)"
    r"|(?P<func>[A-Za-z][A-Za-z0-9.]*)\s*\("
    r"|(?P<str>\"(?:[^\"]|\"\")*\")"
    r"|(?P<op><=|>=|<>|[-+*/^(),=<>&%]))"
)


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise FormulaError(text)
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


Value = Decimal | str | bool | None | list


class Evaluator:
    """Evaluates cells of one grid, following references, with memo and cycle detection.

    Dependencies are resolved with an explicit stack before a formula is parsed, so a chain of thousands
    of formulas without stored results (row 5 = row 4 + 1, ...) needs no deep recursion. A cell that
    cannot be evaluated is remembered with its error: every formula depending on it fails the same way.
    """

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        self.memo: dict[tuple[int, int], Value] = {}
        self.failed: dict[tuple[int, int], str] = {}
        self._deps: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def cell(self, row: int, col: int) -> Value:
        key = (row, col)
        if key in self.memo:
            return self.memo[key]
        if key in self.failed:
            raise FormulaError(self.failed[key])
        raw = self.grid.cells.get(key)
        if raw is None:
            return None
        if not self._pending(key):
            value: Value = raw.value if not isinstance(raw.value, (int, float)) or isinstance(raw.value, bool) \
                else Decimal(repr(raw.value))
            self.memo[key] = value
            return value
        self._resolve(key)
        return self.memo[key]

    def formula(self, text: str) -> Value:
        parser = _Parser(_tokens(text.lstrip("=")), self)
        value = parser.expr()
        if parser.pos != len(parser.toks):
            raise FormulaError(text)
        return value

    def _pending(self, key: tuple[int, int]) -> bool:
        """A formula cell with no stored result, not evaluated yet."""
        raw = self.grid.cells.get(key)
        return raw is not None and raw.formula is not None and raw.value is None and key not in self.memo

    def _dependencies(self, key: tuple[int, int]) -> list[tuple[int, int]]:
        """Formula cells without stored results that the formula at ``key`` refers to."""
        deps = self._deps.get(key)
        if deps is None:
            formula = self.grid.cells[key].formula or ""
            deps = []
            for kind, text in _tokens(formula.lstrip("=")):
                if kind == "ref":
                    deps.append(split_a1(text))
                elif kind == "range":
                    deps += self._range_keys(text)
            deps = [d for d in dict.fromkeys(deps) if self._pending(d) or d in self.failed]
            self._deps[key] = deps
        return deps

    def _range_keys(self, text: str) -> list[tuple[int, int]]:
        first, last = text.split(":")
        (r1, c1), (r2, c2) = split_a1(first), split_a1(last)
        r1, r2, c1, c2 = min(r1, r2), max(r1, r2), min(c1, c2), max(c1, c2)
        if (r2 - r1 + 1) * (c2 - c1 + 1) > len(self.grid.cells):  # a whole column: look at the cells there are
            return sorted(k for k in self.grid.cells if r1 <= k[0] <= r2 and c1 <= k[1] <= c2)
        return [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]

    def _resolve(self, key: tuple[int, int]) -> None:
        """Evaluate ``key`` after everything it depends on, deepest first, with an explicit stack."""
        stack: list[tuple[tuple[int, int], Iterator[tuple[int, int]]]] = []
        on_path: set[tuple[int, int]] = set()

        def push(k: tuple[int, int]) -> None:
            on_path.add(k)
            stack.append((k, iter(())))  # on the stack first, so a formula that does not parse fails with it
            stack[-1] = (k, iter(self._dependencies(k)))

        try:
            push(key)
            while stack:
                current, deps = stack[-1]
                for dep in deps:
                    if dep in self.failed:
                        raise FormulaError(self.failed[dep])
                    if not self._pending(dep):
                        continue
                    if dep in on_path:
                        raise FormulaError(f"vòng lặp tại {self.grid.cells[dep].formula}")
                    push(dep)
                    break
                else:
                    self.memo[current] = self.formula(self.grid.cells[current].formula or "")
                    stack.pop()
                    on_path.discard(current)
        except FormulaError as err:
            for k, _ in stack:  # each cell on the stack depends on the one above it: all of them fail
                self.failed[k] = str(err)
            raise
        except ArithmeticError as err:
            for k, _ in stack:
                self.failed[k] = f"#NUM! ({type(err).__name__})"
            raise


class _Parser:
    def __init__(self, toks: list[tuple[str, str]], ev: Evaluator) -> None:
        self.toks, self.pos, self.ev = toks, 0, ev

    def peek(self) -> tuple[str, str]:
        return self.toks[self.pos] if self.pos < len(self.toks) else ("", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise FormulaError(f"expected {value}")
        self.pos += 1
        return tok

    def expr(self) -> Value:
        left = self.concat()
        while self.peek()[1] in ("=", "<>", "<", ">", "<=", ">="):
            op = self.take()[1]
            right = self.concat()
            left = _compare(op, left, right)
        return left

    def concat(self) -> Value:
        left = self.additive()
        while self.peek()[1] == "&":
            self.take()
            left = _text(left) + _text(self.additive())
        return left

    def additive(self) -> Value:
        left = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            right = _num(self.term())
            left = _num(left) + right if op == "+" else _num(left) - right
        return left

    def term(self) -> Value:
        left = self.power()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            right = _num(self.power())
            if op == "*":
                left = _num(left) * right
            else:
                if right == 0:
                    raise FormulaError("#DIV/0!")
                left = _num(left) / right
        return left

    def power(self) -> Value:
        base = self.unary()
        if self.peek()[1] == "^":
            self.take()
            return _num(base) ** _num(self.unary())
        return base

    def unary(self) -> Value:
        if self.peek()[1] in ("-", "+"):
            op = self.take()[1]
            value = _num(self.unary())
            return -value if op == "-" else value
        value = self.atom()
        if self.peek()[1] == "%":
            self.take()
            return _num(value) / 100
        return value

    def atom(self) -> Value:
        kind, text = self.take()
        if kind == "num":
            return Decimal(text)
        if kind == "str":
            return text[1:-1].replace('""', '"')
        if kind == "ref":
            return self.ev.cell(*split_a1(text))
        if kind == "range":
            return [self.ev.cell(r, c) for r, c in self.ev._range_keys(text)]
        if kind == "func":
            return self.call(text.upper())
        if text == "(":
            value = self.expr()
            self.take(")")
            return value
        raise FormulaError(text)

    def call(self, name: str) -> Value:
        args: list[Value] = []
        if self.peek()[1] != ")":
            args.append(self.argument(name))
            while self.peek()[1] == ",":
                self.take()
                args.append(self.argument(name))
        self.take(")")
        func = _FUNCS.get(name)
        if func is None:
            raise FormulaError(name)
        return func(args)

    def argument(self, name: str) -> Value:
        """One argument; for SUM, MIN, MAX and AVERAGE a bare reference counts as a one-cell range, so text
        in the cell is skipped as Excel skips it (only text typed into the formula itself is #VALUE!)."""
        start = self.pos
        value = self.expr()
        if name in _AGGREGATES and self.pos == start + 1 and self.toks[start][0] == "ref":
            return [value]
        return value


_AGGREGATES = frozenset({"SUM", "MIN", "MAX", "AVERAGE"})


def _num(value: Value) -> Decimal:
    if isinstance(value, list):
        raise FormulaError("#VALUE!")
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).strip())
    except InvalidOperation as exc:
        # Arithmetic on text that is not a plain number is #VALUE! in Excel too.
        raise FormulaError("#VALUE!") from exc


def _text(value: Value) -> str:
    return "" if value is None else str(value)


def _numbers(args: list[Value]) -> list[Decimal]:
    """Numbers in the arguments the way SUM sees them: text and blanks inside ranges are skipped."""
    out: list[Decimal] = []
    for arg in args:
        if isinstance(arg, list):
            out.extend(v for v in arg if isinstance(v, Decimal))
        elif arg is not None:
            out.append(_num(arg))
    return out


def _round(mode: str) -> Callable[[list[Value]], Decimal]:
    def run(args: list[Value]) -> Decimal:
        places = int(_num(args[1])) if len(args) > 1 else 0
        return _num(args[0]).quantize(Decimal(1).scaleb(-places), rounding=mode)

    return run


def _compare(op: str, left: Value, right: Value) -> bool:
    a, b = (_num(left), _num(right)) if not isinstance(left, str) and not isinstance(right, str) \
        else (_text(left), _text(right))
    return {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]  # type: ignore[operator]


def _if(args: list[Value]) -> Value:
    cond = args[0]
    truthy = bool(_num(cond)) if not isinstance(cond, bool) else cond
    if truthy:
        return args[1] if len(args) > 1 else True
    return args[2] if len(args) > 2 else False


def _average(args: list[Value]) -> Decimal:
    nums = _numbers(args)
    if not nums:
        raise FormulaError("#DIV/0!")
    return sum(nums, Decimal(0)) / len(nums)


_FUNCS: dict[str, Callable[[list[Value]], Value]] = {
    "SUM": lambda a: sum(_numbers(a), Decimal(0)),
    "MIN": lambda a: min(_numbers(a), default=Decimal(0)),
    "MAX": lambda a: max(_numbers(a), default=Decimal(0)),
    "AVERAGE": _average,
    "ABS": lambda a: abs(_num(a[0])),
    "ROUND": _round(ROUND_HALF_UP),
    "ROUNDDOWN": _round(ROUND_DOWN),
    "ROUNDUP": _round(ROUND_UP),
    "TRUNC": _round(ROUND_DOWN),
    "IF": _if,
}

__all__ = ["Evaluator", "FormulaError"]
