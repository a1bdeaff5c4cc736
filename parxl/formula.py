"""The evaluator for the formulas officials put in score sheets, for files never opened in Excel.

A workbook made by a script or another program stores formulas without results. Reading those cells as
empty would turn every total into zero, so parxl computes them, with Decimal arithmetic and Excel's
rules: arithmetic, comparisons, percent, ``&``, references to other sheets, and the functions score
sheets use (:data:`FUNCTIONS`). Excel's own error values (#DIV/0!, #N/A…) are values here too, so
IFERROR catches them. What parxl cannot evaluate — an unknown function, a defined name, an array
formula, a cycle, a formula nested or long beyond Excel's limits — raises :class:`FormulaError` naming
the function, and no IFERROR hides it: a guess would be worse than an error.

Formulas are parsed once into small trees; evaluated cells are cached, and the cells a formula needs
are evaluated first with an explicit stack, so long chains need no deep recursion.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation
from fnmatch import fnmatchcase

from parxl.numbers import decimal_of
from parxl.read import Grid, RawCell, col_number

MAX_LENGTH = 8192  # Excel's limit for a formula's text
MAX_NESTING = 64  # Excel's limit for nested functions; parentheses are held to it as well


class FormulaError(ValueError):
    """A formula parxl does not evaluate; ``function`` names the function (or construct) at fault."""

    def __init__(self, message: str, function: str = "") -> None:
        super().__init__(message)
        self.function = function


class ExcelError(FormulaError):
    """A formula whose result is one of Excel's error values (#DIV/0!, #N/A, …)."""

    def __init__(self, code: str) -> None:
        super().__init__(code, code)
        self.code = code


@dataclass(frozen=True)
class XlError:
    """An Excel error value held in a cell."""

    code: str


ERROR_CODES = frozenset({"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"})


class _Raise(Exception):
    """An Excel error raised while evaluating, turned back into a value at the cell or by IFERROR."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class Arr:
    """The values of a range, row by row."""

    rows: list[list[Value]]

    def flat(self) -> Iterator[Value]:
        for row in self.rows:
            yield from row


Value = Decimal | str | bool | None | XlError | Arr
Key = tuple[str, int, int]  # folded sheet name, row, column

_SHEET = r"(?:'(?:[^']|'')+'|[^\W\d][\w.]*)!"
_TOKEN = re.compile(
    r"\s*(?:(?P<range>(?:" + _SHEET + r")?\$?[A-Za-z]{1,3}\$?\d+:\$?[A-Za-z]{1,3}\$?\d+)"
    r"|(?P<cols>(?:" + _SHEET + r")?\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3})(?![\w(])"
    r"|(?P<ref>(?:" + _SHEET + r")?\$?[A-Za-z]{1,3}\$?\d+)(?![\w(])"
    r"|(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)"
    r"|(?P<func>[^\W\d][\w.]*)\s*\("
    r"|(?P<name>[^\W\d][\w.]*)"
    r"|(?P<str>\"(?:[^\"]|\"\")*\")"
    r"|(?P<op><=|>=|<>|[-+*/^(),=<>&%;{}]))"
)
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)$")

Node = tuple  # ("num", Decimal) | ("str", s) | ("bool", b) | ("ref", key) | ("area", sheet, r1, c1, r2, c2) …


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            if text[pos:].strip() == "":
                break
            raise FormulaError(f"không hiểu “{text[pos:pos + 20]}”", text[pos:pos + 20])
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


def _check_bounds(text: str) -> None:
    """Refuse, before any parsing, what Excel itself would refuse: too long, or nested too deep."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"công thức dài {len(text)} ký tự, quá giới hạn {MAX_LENGTH} của Excel", "độ dài")
    depth = deepest = signs = 0
    in_string = False
    for ch in text:
        if ch == '"':
            in_string = not in_string
        elif in_string:
            continue
        elif ch == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == ")":
            depth -= 1
        if not in_string and ch in "+-":
            signs += 1
            if signs > MAX_NESTING:
                raise FormulaError("quá nhiều dấu liên tiếp", "dấu")
        elif not ch.isspace():
            signs = 0
    if deepest > MAX_NESTING:
        raise FormulaError(f"lồng {deepest} cấp, quá giới hạn {MAX_NESTING} của Excel", "lồng nhau")


def _split_sheet(text: str, here: str) -> tuple[str, str]:
    if "!" not in text:
        return here, text
    sheet, _, ref = text.rpartition("!")
    if sheet.startswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet.casefold(), ref


def _cell(text: str) -> tuple[int, int]:
    match = _CELL.match(text)
    if not match:
        raise FormulaError(text, text)
    return int(match.group(2)), col_number(match.group(1))


class _Parser:
    """Recursive descent over one formula; chains of one operator level are kept flat (no deep trees)."""

    def __init__(self, toks: list[tuple[str, str]], sheet: str) -> None:
        self.toks, self.pos, self.sheet = toks, 0, sheet

    def peek(self) -> tuple[str, str]:
        return self.toks[self.pos] if self.pos < len(self.toks) else ("", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise FormulaError(f"thiếu “{value}”", value)
        self.pos += 1
        return tok

    def chain(self, ops: tuple[str, ...], lower: Callable[[], Node]) -> Node:
        first = lower()
        rest = []
        while self.peek()[0] == "op" and self.peek()[1] in ops:
            op = self.take()[1]
            rest.append((op, lower()))
        return ("chain", first, rest) if rest else first

    def expr(self) -> Node:
        return self.chain(("=", "<>", "<", ">", "<=", ">="), self.concat)

    def concat(self) -> Node:
        return self.chain(("&",), self.additive)

    def additive(self) -> Node:
        return self.chain(("+", "-"), self.term)

    def term(self) -> Node:
        return self.chain(("*", "/"), self.power)

    def power(self) -> Node:
        return self.chain(("^",), self.unary)

    def unary(self) -> Node:
        negate = False
        while self.peek()[0] == "op" and self.peek()[1] in ("-", "+"):
            negate ^= self.take()[1] == "-"
        node = self.atom()
        while self.peek() == ("op", "%"):
            self.take()
            node = ("pct", node)
        return ("neg", node) if negate else node

    def atom(self) -> Node:
        kind, text = self.take()
        if kind == "num":
            return ("num", Decimal(text))
        if kind == "str":
            return ("str", text[1:-1].replace('""', '"'))
        if kind == "ref":
            sheet, ref = _split_sheet(text, self.sheet)
            return ("ref", (sheet, *_cell(ref)))
        if kind == "range":
            sheet, ref = _split_sheet(text, self.sheet)
            first, last = ref.split(":")
            (r1, c1), (r2, c2) = _cell(first), _cell(last)
            return ("area", sheet, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))
        if kind == "cols":
            sheet, ref = _split_sheet(text, self.sheet)
            left, right = (col_number(p.strip("$")) for p in ref.split(":"))
            return ("area", sheet, 1, min(left, right), 0, max(left, right))  # row 0: to the last used row
        if kind == "name" and text.upper() in ("TRUE", "FALSE"):
            return ("bool", text.upper() == "TRUE")
        if kind == "name":
            raise FormulaError(f"tên “{text}”", text)
        if kind == "func":
            return self.call(_function_name(text))
        if (kind, text) == ("op", "("):
            node = self.expr()
            self.take(")")
            return node
        if text in ("{", "}"):
            raise FormulaError("hằng mảng", "{…}")
        raise FormulaError(f"không hiểu “{text}”", text)

    def call(self, name: str) -> Node:
        args: list[Node] = []
        if self.peek()[1] != ")":
            while True:
                if self.peek()[1] in (",", ";", ")"):
                    args.append(("missing",))
                else:
                    args.append(self.expr())
                if self.peek()[1] in (",", ";"):
                    self.take()
                    continue
                break
        self.take(")")
        if name not in FUNCTIONS and name not in _LAZY:
            raise FormulaError(f"hàm {name}", name)
        return ("func", name, args)


def _function_name(text: str) -> str:
    name = text.upper()
    for prefix in ("_XLFN._XLWS.", "_XLFN.", "_XLWS."):
        name = name.removeprefix(prefix)
    return name


def parse(text: str, sheet: str = "") -> Node:
    """The tree of a formula (without its "="); FormulaError for what parxl does not evaluate."""
    text = text.lstrip("=")
    _check_bounds(text)
    try:
        parser = _Parser(_tokens(text), sheet.casefold())
        node = parser.expr()
    except RecursionError as exc:  # a safety net: the bounds above keep well below the limit
        raise FormulaError("lồng quá sâu", "lồng nhau") from exc
    if parser.pos != len(parser.toks):
        raise FormulaError(f"không hiểu “{parser.peek()[1]}”", parser.peek()[1])
    return node


def _walk(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        tag = current[0]
        if tag == "chain":
            stack.append(current[1])
            stack.extend(n for _, n in current[2])
        elif tag in ("neg", "pct"):
            stack.append(current[1])
        elif tag == "func":
            stack.extend(current[2])


class Evaluator:
    """Evaluates the cells of a grid (and of the other sheets ``sheets`` gives), caching every result.

    ``cell`` returns a plain value (Decimal, str, bool or None). It raises :class:`ExcelError` for a
    cell whose result is an Excel error and :class:`FormulaError` for a formula parxl cannot evaluate;
    every formula that uses such a cell fails the same way.
    """

    def __init__(self, grid: Grid, sheets: Callable[[str], Grid | None] | None = None) -> None:
        self.grid = grid
        self._sheets = sheets
        self._grids: dict[str, Grid | None] = {grid.name.casefold(): grid}
        self.memo: dict[Key, Value] = {}
        self.failed: dict[Key, FormulaError] = {}
        self._trees: dict[Key, Node] = {}
        self._deps: dict[Key, list[Key]] = {}
        self._active: set[Key] = set()
        self._formula_cols: dict[str, dict[int, list[int]]] = {}
        self._areas: dict[tuple, Arr] = {}

    # --- public
    def cell(self, row: int, col: int) -> Decimal | str | bool | None:
        return self.cell_in(self.grid.name, row, col)

    def cell_in(self, sheet: str, row: int, col: int) -> Decimal | str | bool | None:
        """The value of a cell of any sheet; raises for errors and formulas parxl cannot evaluate."""
        value = self._value((sheet.casefold(), row, col))
        if isinstance(value, XlError):
            raise ExcelError(value.code)
        if isinstance(value, Arr):
            raise FormulaError("kết quả là một mảng", "mảng")
        return value

    def formula(self, text: str) -> Decimal | str | bool | None:
        """Evaluate a formula typed in the main grid (for tests and ad-hoc use)."""
        node = parse(text, self.grid.name)
        for dep in self._needed(node):
            if self._pending(dep):
                self._resolve(dep)
        value = self._scalar(self._guard(node))
        if isinstance(value, XlError):
            raise ExcelError(value.code)
        assert not isinstance(value, Arr)  # _scalar refuses arrays
        return value

    # --- cells and sheets
    def _grid(self, sheet: str) -> Grid | None:
        if sheet not in self._grids:
            self._grids[sheet] = self._sheets(sheet) if self._sheets else None
        return self._grids[sheet]

    def _raw(self, key: Key) -> RawCell | None:
        grid = self._grid(key[0])
        if grid is None:
            raise FormulaError(f"không có trang “{key[0]}”", f"trang {key[0]}")
        return grid.cells.get((key[1], key[2]))

    def _pending(self, key: Key) -> bool:
        """A formula cell with no stored result, not evaluated yet."""
        if key in self.memo or key in self.failed:
            return False
        raw = self._raw(key)
        return raw is not None and raw.formula is not None and raw.value is None

    def _value(self, key: Key) -> Value:
        if key in self.memo:
            return self.memo[key]
        if key in self.failed:
            raise self.failed[key]
        raw = self._raw(key)
        if raw is None:
            return None
        if raw.formula is not None and raw.value is None:
            if key in self._active:
                raise FormulaError(f"vòng lặp tại {raw.formula}", "vòng lặp")
            self._resolve(key)
            if key in self.failed:
                raise self.failed[key]
            return self.memo[key]
        value = _stored(raw.value)
        self.memo[key] = value
        return value

    def _tree(self, key: Key) -> Node:
        if key not in self._trees:
            raw = self._raw(key)
            assert raw is not None  # only formula cells are parsed
            self._trees[key] = parse(raw.formula or "", key[0])
        return self._trees[key]

    def _needed(self, node: Node) -> list[Key]:
        keys: list[Key] = []
        for n in _walk(node):
            if n[0] == "ref":
                keys.append(n[1])
            elif n[0] == "area":
                keys += self._formulas_in(n)
        return list(dict.fromkeys(keys))

    def _formulas_in(self, area: Node) -> list[Key]:
        """Formula cells without stored results inside a range, found by column without scanning it all."""
        _, sheet, r1, c1, r2, c2 = area
        grid = self._grid(sheet)
        if grid is None:
            raise FormulaError(f"không có trang “{sheet}”", f"trang {sheet}")
        if sheet not in self._formula_cols:
            by_col: dict[int, list[int]] = {}
            for (r, c), raw in grid.cells.items():
                if raw.formula is not None and raw.value is None:
                    by_col.setdefault(c, []).append(r)
            self._formula_cols[sheet] = {c: sorted(rs) for c, rs in by_col.items()}
        from bisect import bisect_left, bisect_right

        last = r2 or grid.max_row
        out = []
        for c, rows in self._formula_cols[sheet].items():
            if c1 <= c <= c2:
                out += [(sheet, r, c) for r in rows[bisect_left(rows, r1):bisect_right(rows, last)]]
        return out

    def _dependencies(self, key: Key) -> list[Key]:
        if key not in self._deps:
            self._deps[key] = self._needed(self._tree(key))
        return self._deps[key]

    def _resolve(self, key: Key) -> None:
        """Evaluate ``key`` after the formulas it uses, deepest first, with an explicit stack. A cell that
        fails is remembered; its dependents fail only if they really use it (IF may not)."""
        stack: list[tuple[Key, Iterator[Key]]] = []

        def push(k: Key) -> None:
            self._active.add(k)
            try:
                deps = iter(self._dependencies(k))
            except FormulaError as err:
                self.failed[k] = err
                self._active.discard(k)
                return
            stack.append((k, deps))

        push(key)
        while stack:
            current, deps = stack[-1]
            for dep in deps:
                try:
                    pending = self._pending(dep)
                except FormulaError:
                    continue  # an unknown sheet: the formula fails when it reads it
                if pending and dep not in self._active:
                    push(dep)
                    break
            else:
                stack.pop()
                try:
                    self.memo[current] = self._scalar_or_array(self._guard(self._tree(current)))
                except FormulaError as err:
                    self.failed[current] = err
                finally:
                    self._active.discard(current)

    def _guard(self, node: Node) -> Value:
        try:
            return self._eval(node)
        except _Raise as err:
            return XlError(err.code)
        except RecursionError as exc:
            raise FormulaError("lồng quá sâu", "lồng nhau") from exc

    @staticmethod
    def _scalar_or_array(value: Value) -> Value:
        if isinstance(value, Arr):
            if len(value.rows) == 1 and len(value.rows[0]) == 1:
                return value.rows[0][0]
            raise FormulaError("công thức mảng", "mảng")
        return value

    def _scalar(self, value: Value) -> Value:
        return self._scalar_or_array(value)

    # --- evaluation
    def _area(self, node: Node) -> Arr:
        cached = self._areas.get(node)
        if cached is not None:
            return cached
        _, sheet, r1, c1, r2, c2 = node
        grid = self._grid(sheet)
        if grid is None:
            raise FormulaError(f"không có trang “{sheet}”", f"trang {sheet}")
        r2 = r2 or grid.max_row
        cells = grid.cells
        rows = []
        for r in range(r1, r2 + 1):
            row: list[Value] = []
            for c in range(c1, c2 + 1):
                raw = cells.get((r, c))
                if raw is None:
                    row.append(None)
                elif raw.value is not None or raw.formula is None:
                    # A stored value (or stored result): what _value gives, without its lookups on every cell
                    # of a long range (only formulas waiting to be computed are ever memoised or failed).
                    row.append(_stored(raw.value))
                else:
                    row.append(self._value((sheet, r, c)))
            rows.append(row)
        arr = Arr(rows)
        self._areas[node] = arr
        return arr

    def _eval(self, node: Node) -> Value:
        tag = node[0]
        if tag in ("num", "str", "bool"):
            return node[1]
        if tag == "missing":
            return None
        if tag == "ref":
            value = self._value(node[1])
            if isinstance(value, XlError):
                raise _Raise(value.code)
            return value
        if tag == "area":
            return self._area(node)
        if tag == "neg":
            return -_num(self._operand(node[1]))
        if tag == "pct":
            return _num(self._operand(node[1])) / 100
        if tag == "chain":
            left = self._operand(node[1])
            for op, right_node in node[2]:
                left = _binary(op, left, self._operand(right_node))
            return left
        if tag == "func":
            name, args = node[1], node[2]
            if name in _LAZY:
                return _LAZY[name](self, args)
            values = [self._argument(name, i, a) for i, a in enumerate(args)]
            return FUNCTIONS[name](values)
        raise FormulaError(str(tag), str(tag))

    def _operand(self, node: Node) -> Value:
        value = self._eval(node)
        if isinstance(value, Arr):
            if len(value.rows) == 1 and len(value.rows[0]) == 1:
                value = value.rows[0][0]
                if isinstance(value, XlError):
                    raise _Raise(value.code)
                return value
            raise FormulaError("phép tính trên cả vùng (công thức mảng)", "mảng")
        return value

    def _argument(self, name: str, position: int, node: Node) -> Value:
        """A function's argument; a bare reference where the function takes a range is a one-cell range."""
        if node[0] == "ref" and name in _RANGE_ARGS and (
                _RANGE_ARGS[name] is None or position in _RANGE_ARGS[name]):  # type: ignore[operator]
            value = self._value(node[1])
            return Arr([[value]])
        if node[0] == "missing" and name not in _KEEPS_MISSING:
            return None
        return self._eval(node)


def _stored(value: object) -> Value:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return decimal_of(value)  # Decimal(repr(value)), shared
    if isinstance(value, Decimal):
        return value
    text = str(value)
    return XlError(text) if text in ERROR_CODES else text


# --- conversions, following Excel


def _num(value: Value) -> Decimal:
    if isinstance(value, XlError):
        raise _Raise(value.code)
    if isinstance(value, Arr):
        raise FormulaError("phép tính trên cả vùng (công thức mảng)", "mảng")
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, Decimal):
        return value
    text = str(value).strip()
    try:
        if text.endswith("%"):
            return Decimal(text[:-1].strip()) / 100
        return Decimal(text)
    except InvalidOperation:
        raise _Raise("#VALUE!") from None


def _text(value: Value) -> str:
    if isinstance(value, XlError):
        raise _Raise(value.code)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        return _number_text(value)
    if isinstance(value, Arr):
        raise FormulaError("phép tính trên cả vùng (công thức mảng)", "mảng")
    return str(value)


def _number_text(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def _truth(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        upper = value.strip().upper()
        if upper in ("TRUE", "FALSE"):
            return upper == "TRUE"
        raise _Raise("#VALUE!")
    return _num(value) != 0


def _rank(value: Value) -> tuple[int, object]:
    """Excel orders numbers < text < logical values; text compares without case."""
    if value is None:
        return (0, Decimal(0))
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, Decimal):
        return (0, value)
    if isinstance(value, XlError):
        raise _Raise(value.code)
    return (1, str(value).casefold())


def _compare(op: str, left: Value, right: Value) -> bool:
    if left is None and isinstance(right, str):
        left = ""
    if right is None and isinstance(left, str):
        right = ""
    if left is None and isinstance(right, bool):
        left = False
    if right is None and isinstance(left, bool):
        right = False
    a, b = _rank(left), _rank(right)
    return {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]


def _binary(op: str, left: Value, right: Value) -> Value:
    if op == "&":
        return _text(left) + _text(right)
    if op in ("=", "<>", "<", ">", "<=", ">="):
        return _compare(op, left, right)
    a, b = _num(left), _num(right)
    try:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            if b == 0:
                raise _Raise("#DIV/0!")
            return a / b
        if a == 0 and b < 0:
            raise _Raise("#DIV/0!")
        return a ** b
    except (InvalidOperation, ArithmeticError):
        raise _Raise("#NUM!") from None


# --- functions


def _values(args: list[Value]) -> Iterator[tuple[Value, bool]]:
    """(value, typed_directly) for every value in the arguments."""
    for arg in args:
        if isinstance(arg, Arr):
            for v in arg.flat():
                yield v, False
        else:
            yield arg, True


def _numbers(args: list[Value]) -> list[Decimal]:
    """Numbers the way SUM sees them: text, logical values and blanks inside ranges are skipped;
    typed arguments are converted (text that is not a number is #VALUE!); errors propagate."""
    out: list[Decimal] = []
    for value, direct in _values(args):
        if isinstance(value, XlError):
            raise _Raise(value.code)
        if direct:
            if value is not None:
                out.append(_num(value))
        elif isinstance(value, Decimal):
            out.append(value)
    return out


def _round(mode: str) -> Callable[[list[Value]], Decimal]:
    def run(args: list[Value]) -> Decimal:
        _arity(args, 1, 2)
        places = int(_num(args[1])) if len(args) > 1 else 0
        return _num(args[0]).quantize(Decimal(1).scaleb(-places), rounding=mode)

    return run


def _arity(args: list[Value], low: int, high: int | None = None) -> None:
    if len(args) < low or (high is not None and len(args) > high):
        raise FormulaError("sai số đối số", "số đối số")


def _average(args: list[Value]) -> Decimal:
    nums = _numbers(args)
    if not nums:
        raise _Raise("#DIV/0!")
    return sum(nums, Decimal(0)) / len(nums)


def _count(args: list[Value]) -> Decimal:
    total = 0
    for value, direct in _values(args):
        if isinstance(value, (Decimal, bool)) and (direct or not isinstance(value, bool)):
            total += 1
        elif direct and isinstance(value, str):
            try:
                _num(value)
                total += 1
            except _Raise:
                pass
    return Decimal(total)


def _counta(args: list[Value]) -> Decimal:
    return Decimal(sum(1 for value, direct in _values(args) if value is not None or direct))


def _logical(args: list[Value], combine: Callable[[list[bool]], bool]) -> bool:
    found: list[bool] = []
    for value, direct in _values(args):
        if isinstance(value, XlError):
            raise _Raise(value.code)
        if direct:
            found.append(_truth(value))
        elif isinstance(value, (bool, Decimal)):
            found.append(bool(value))
    if not found:
        raise _Raise("#VALUE!")
    return combine(found)


def _criterion(value: Value) -> Callable[[Value], bool]:
    """A COUNTIF/SUMIF criterion: 5, ">=5", "<>", "x*", "=" …"""
    if isinstance(value, (Decimal, bool)):
        return lambda v: type(v) is type(value) and v == value
    text = _text(value)
    op = next((o for o in ("<=", ">=", "<>", "<", ">", "=") if text.startswith(o)), "")
    operand = text[len(op):]
    number: Decimal | None
    try:
        number = _num(operand) if operand.strip() else None
    except _Raise:
        number = None
    if number is not None and not operand.strip().endswith("%") and operand.strip().upper() not in ("TRUE", "FALSE"):
        target: Value = number
    elif operand.upper() in ("TRUE", "FALSE"):
        target = operand.upper() == "TRUE"
    else:
        target = operand
    if op in ("", "=") and isinstance(target, str):
        if target == "":
            return (lambda v: v is None or v == "") if op == "" or op == "=" else (lambda _v: True)
        pattern = target.casefold()
        wild = any(ch in pattern for ch in "*?~")
        if wild:
            pattern = _glob(pattern)
        return lambda v: isinstance(v, str) and (
            fnmatchcase(v.casefold(), pattern) if wild else v.casefold() == pattern)
    if op == "<>":
        if target == "":
            return lambda v: v is not None and v != ""
        if isinstance(target, str):
            pattern = _glob(target.casefold())
            return lambda v: not (isinstance(v, str) and fnmatchcase(v.casefold(), pattern))
        return lambda v: not (isinstance(v, type(target)) and v == target)
    if op == "" or op == "=":
        return lambda v: isinstance(v, type(target)) and isinstance(v, bool) == isinstance(target, bool) \
            and v == target
    def ordered(v: Value) -> bool:
        if isinstance(target, Decimal):
            if not isinstance(v, Decimal) or isinstance(v, bool):
                return False
        elif not isinstance(v, type(target)):
            return False
        return _compare(op, v, target)
    return ordered


def _glob(pattern: str) -> str:
    """Excel wildcards (* ? with ~ escaping) as an fnmatch pattern."""
    out, i = "", 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "~" and i + 1 < len(pattern):
            out += "[" + pattern[i + 1] + "]"
            i += 2
            continue
        out += "[[]" if ch == "[" else ch
        i += 1
    return out


def _cells(value: Value) -> list[Value]:
    return list(value.flat()) if isinstance(value, Arr) else [value]


def _shape(value: Value) -> tuple[int, int]:
    return (len(value.rows), len(value.rows[0]) if value.rows else 0) if isinstance(value, Arr) else (1, 1)


def _ifs_sum(sum_values: list[Value] | None, pairs: list[tuple[Value, Value]], mode: str) -> Decimal:
    ranges = [_cells(r) for r, _ in pairs]
    size = len(ranges[0])
    if any(len(r) != size for r in ranges) or (sum_values is not None and len(sum_values) != size):
        raise _Raise("#VALUE!")
    tests = [_criterion(c) for _, c in pairs]
    hits = [i for i in range(size) if all(t(r[i]) for t, r in zip(tests, ranges))]
    if mode == "count":
        return Decimal(len(hits))
    assert sum_values is not None
    nums = []
    for i in hits:
        v = sum_values[i]
        if isinstance(v, XlError):
            raise _Raise(v.code)
        if isinstance(v, Decimal):
            nums.append(v)
    if mode == "average":
        if not nums:
            raise _Raise("#DIV/0!")
        return sum(nums, Decimal(0)) / len(nums)
    return sum(nums, Decimal(0))


def _sumif(args: list[Value]) -> Decimal:
    _arity(args, 2, 3)
    values = _cells(args[2] if len(args) > 2 else args[0])
    return _ifs_sum(values[: len(_cells(args[0]))], [(args[0], args[1])], "sum")


def _averageif(args: list[Value]) -> Decimal:
    _arity(args, 2, 3)
    values = _cells(args[2] if len(args) > 2 else args[0])
    return _ifs_sum(values[: len(_cells(args[0]))], [(args[0], args[1])], "average")


def _pairs(args: list[Value]) -> list[tuple[Value, Value]]:
    if len(args) < 2 or len(args) % 2:
        raise FormulaError("sai số đối số", "số đối số")
    return [(args[i], args[i + 1]) for i in range(0, len(args), 2)]


def _sumproduct(args: list[Value]) -> Decimal:
    _arity(args, 1)
    shapes = {_shape(a) for a in args}
    if len(shapes) != 1:
        raise _Raise("#VALUE!")
    columns = [_cells(a) for a in args]
    total = Decimal(0)
    for items in zip(*columns):
        product = Decimal(1)
        for v in items:
            if isinstance(v, XlError):
                raise _Raise(v.code)
            product *= v if isinstance(v, Decimal) else Decimal(0)
        total += product
    return total


def _exact(a: Value, b: Value) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        pattern = a.casefold()
        if any(ch in pattern for ch in "*?~"):
            return fnmatchcase(b.casefold(), _glob(pattern))
        return pattern == b.casefold()
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return isinstance(a, Decimal) and isinstance(b, Decimal) and a == b


def _position(lookup: Value, items: list[Value], mode: int) -> int:
    """0-based position as MATCH finds it (mode 0 exact, 1 largest ≤, -1 smallest ≥); #N/A if none."""
    if isinstance(lookup, XlError):
        raise _Raise(lookup.code)
    if lookup is None:
        lookup = Decimal(0)
    if mode == 0:
        for i, v in enumerate(items):
            if _exact(lookup, v):
                return i
        raise _Raise("#N/A")
    found = -1
    for i, v in enumerate(items):
        if v is None or isinstance(v, XlError) or (isinstance(v, str) != isinstance(lookup, str)):
            continue
        if mode > 0:
            if _compare("<=", v, lookup):
                found = i
            else:
                break
        else:
            if _compare(">=", v, lookup):
                found = i
            else:
                break
    if found < 0:
        raise _Raise("#N/A")
    return found


def _lookup(args: list[Value], vertical: bool) -> Value:
    _arity(args, 3, 4)
    table = args[1] if isinstance(args[1], Arr) else Arr([[args[1]]])
    rows = table.rows if vertical else [list(col) for col in zip(*table.rows)]
    index = int(_num(args[2]))
    width = len(rows[0]) if rows else 0
    if index < 1:
        raise _Raise("#VALUE!")
    if index > width:
        raise _Raise("#REF!")
    approximate = _truth(args[3]) if len(args) > 3 and args[3] is not None else True
    keys = [r[0] for r in rows]
    i = _position(args[0], keys, 1 if approximate else 0)
    value = rows[i][index - 1]
    return Decimal(0) if value is None else value


def _match(args: list[Value]) -> Decimal:
    _arity(args, 2, 3)
    mode = int(_num(args[2])) if len(args) > 2 and args[2] is not None else 1
    items = _cells(args[1])
    if isinstance(args[1], Arr) and len(args[1].rows) > 1 and len(args[1].rows[0]) > 1:
        raise _Raise("#N/A")
    return Decimal(_position(args[0], items, (mode > 0) - (mode < 0)) + 1)


def _index(args: list[Value]) -> Value:
    _arity(args, 2, 3)
    table = args[0] if isinstance(args[0], Arr) else Arr([[args[0]]])
    height, width = _shape(table)
    r = int(_num(args[1])) if args[1] is not None else 0
    c = int(_num(args[2])) if len(args) > 2 and args[2] is not None else 0
    if len(args) == 2 and height == 1:
        r, c = 1, r
    if r < 0 or c < 0 or r > height or c > width:
        raise _Raise("#REF!")
    if r == 0 or c == 0:
        if (r == 0 and height > 1) or (c == 0 and width > 1):
            raise FormulaError("INDEX trả về cả hàng hoặc cột", "INDEX")
        r, c = max(r, 1), max(c, 1)
    value = table.rows[r - 1][c - 1]
    return Decimal(0) if value is None else value


def _mod(args: list[Value]) -> Decimal:
    _arity(args, 2, 2)
    a, b = _num(args[0]), _num(args[1])
    if b == 0:
        raise _Raise("#DIV/0!")
    return a - b * (a / b).to_integral_value(rounding=ROUND_FLOOR)


def _scalar_arg(value: Value) -> Value:
    if isinstance(value, Arr):
        if _shape(value) == (1, 1):
            value = value.rows[0][0]
        else:
            raise FormulaError("phép tính trên cả vùng (công thức mảng)", "mảng")
    if isinstance(value, XlError):
        raise _Raise(value.code)
    return value


def _one(func: Callable[[Value], Value]) -> Callable[[list[Value]], Value]:
    def run(args: list[Value]) -> Value:
        _arity(args, 1, 1)
        return func(_scalar_arg(args[0]))

    return run


def _if(ev: Evaluator, args: list[Node]) -> Value:
    if not 1 <= len(args) <= 3:
        raise FormulaError("sai số đối số", "IF")
    if _truth(ev._operand(args[0])):
        return _branch(ev, args, 1, True)
    return _branch(ev, args, 2, False)


def _branch(ev: Evaluator, args: list[Node], i: int, default: Value) -> Value:
    if i >= len(args):
        return default
    if args[i][0] == "missing":
        return Decimal(0)
    return ev._eval(args[i])


def _ifs(ev: Evaluator, args: list[Node]) -> Value:
    if len(args) < 2 or len(args) % 2:
        raise FormulaError("sai số đối số", "IFS")
    for i in range(0, len(args), 2):
        if _truth(ev._operand(args[i])):
            return _branch(ev, args, i + 1, Decimal(0))
    raise _Raise("#N/A")


def _iferror(only: str | None) -> Callable[[Evaluator, list[Node]], Value]:
    def run(ev: Evaluator, args: list[Node]) -> Value:
        if len(args) != 2:
            raise FormulaError("sai số đối số", "IFERROR" if only is None else "IFNA")
        try:
            value = ev._eval(args[0])
            if isinstance(value, Arr):
                value = ev._operand(args[0])
            if isinstance(value, XlError):
                raise _Raise(value.code)
            return value
        except _Raise as err:  # only Excel's error values: what parxl cannot compute is never hidden
            if only is not None and err.code != only:
                raise
            return _branch(ev, args, 1, Decimal(0))

    return run


def _choose(ev: Evaluator, args: list[Node]) -> Value:
    if len(args) < 2:
        raise FormulaError("sai số đối số", "CHOOSE")
    i = int(_num(ev._operand(args[0])))
    if not 1 <= i < len(args):
        raise _Raise("#VALUE!")
    return _branch(ev, args, i, Decimal(0))


_LAZY: dict[str, Callable[[Evaluator, list[Node]], Value]] = {
    "IF": _if, "IFS": _ifs, "IFERROR": _iferror(None), "IFNA": _iferror("#N/A"), "CHOOSE": _choose,
}

FUNCTIONS: dict[str, Callable[[list[Value]], Value]] = {
    "SUM": lambda a: sum(_numbers(a), Decimal(0)),
    "MIN": lambda a: min(_numbers(a), default=Decimal(0)),
    "MAX": lambda a: max(_numbers(a), default=Decimal(0)),
    "AVERAGE": _average,
    "COUNT": _count,
    "COUNTA": _counta,
    "COUNTBLANK": lambda a: Decimal(sum(1 for v, _ in _values(a) if v is None or v == "")),
    "ABS": _one(lambda v: abs(_num(v))),
    "INT": _one(lambda v: _num(v).to_integral_value(rounding=ROUND_FLOOR)),
    "ROUND": _round(ROUND_HALF_UP),  # Decimal's HALF_UP rounds ties away from zero, as Excel does
    "ROUNDDOWN": _round(ROUND_DOWN),
    "ROUNDUP": _round(ROUND_UP),
    "TRUNC": _round(ROUND_DOWN),
    "MOD": _mod,
    "PRODUCT": lambda a: _product(_numbers(a)),
    "AND": lambda a: _logical(a, all),
    "OR": lambda a: _logical(a, any),
    "NOT": _one(lambda v: not _truth(v)),
    "TRUE": lambda _a: True,
    "FALSE": lambda _a: False,
    "SUMIF": _sumif,
    "SUMIFS": lambda a: _ifs_sum(_cells(a[0]) if a else [], _pairs(a[1:]), "sum"),
    "COUNTIF": lambda a: _ifs_sum(None, _pairs(a), "count"),
    "COUNTIFS": lambda a: _ifs_sum(None, _pairs(a), "count"),
    "AVERAGEIF": _averageif,
    "AVERAGEIFS": lambda a: _ifs_sum(_cells(a[0]) if a else [], _pairs(a[1:]), "average"),
    "SUMPRODUCT": _sumproduct,
    "VLOOKUP": lambda a: _lookup(a, True),
    "HLOOKUP": lambda a: _lookup(a, False),
    "INDEX": _index,
    "MATCH": _match,
    "ISBLANK": _one(lambda v: v is None),
    "ISNUMBER": _one(lambda v: isinstance(v, Decimal)),
    "LEN": _one(lambda v: Decimal(len(_text(v)))),
    "VALUE": _one(lambda v: _num(v)),
}


def _product(nums: list[Decimal]) -> Decimal:
    out = Decimal(1)
    for n in nums:
        out *= n
    return out if nums else Decimal(0)


# Arguments that are ranges, by function and position (None: every argument). A bare reference there is a
# one-cell range, so text in it is skipped as in a range (SUM(A1) with text in A1 is 0, not #VALUE!).
_ALL = None
_RANGE_ARGS: dict[str, frozenset[int] | None] = {
    "SUM": _ALL, "MIN": _ALL, "MAX": _ALL, "AVERAGE": _ALL, "COUNT": _ALL, "COUNTA": _ALL, "COUNTBLANK": _ALL,
    "AND": _ALL, "OR": _ALL, "PRODUCT": _ALL, "SUMPRODUCT": _ALL,
    "SUMIF": frozenset({0, 2}), "AVERAGEIF": frozenset({0, 2}), "COUNTIF": frozenset({0}),
    "SUMIFS": frozenset({0, *range(1, 255, 2)}), "AVERAGEIFS": frozenset({0, *range(1, 255, 2)}),
    "COUNTIFS": frozenset(range(0, 255, 2)),
    "VLOOKUP": frozenset({1}), "HLOOKUP": frozenset({1}), "INDEX": frozenset({0}), "MATCH": frozenset({1}),
}
_KEEPS_MISSING = frozenset({"VLOOKUP", "HLOOKUP", "INDEX", "MATCH"})

SUPPORTED = tuple(sorted({*FUNCTIONS, *_LAZY}))

__all__ = ["SUPPORTED", "Evaluator", "ExcelError", "FormulaError", "XlError", "parse"]
