"""Worksheet functions of the "Chỉ số CCHC" add-in (xlwings UDFs). ASCII names, Vietnamese messages.

Every function is a plain Python function (the xlwings decorators only attach metadata) that returns the
library's result for the same input: scoring rules from ``parxl.rules``, rounding from
``parxl.numbers.round_dp`` (2 decimals, half-up unless ``so_le``/``cat_bo`` say otherwise). Bad input
never raises into Excel: it comes back as a text "Lỗi: …" the officer can read in the cell. Text cells
are read with ``parse_number``, so "1,91", "95,68%" and "2 điểm" work; in a numerator or denominator
(a count of files or tasks) "4.331" is four thousand three hundred and thirty-one.

| function | result |
|---|---|
| PARXL_TYLE(tu_so, mau_so, diem_toi_da, [chi_tieu], [so_le], [cat_bo]) | numerator/denominator × max |
| PARXL_CHAM(tu_so, mau_so, diem_toi_da, cach_cham, [so_le], [cat_bo]) | points by a "Cách chấm" text |
| PARXL_BAC(ty_le, bang_bac, [diem_con_lai]) | points of the tier a percentage reaches |
| PARXL_CHISO(diem, toi_da, [so_le], [cat_bo]) | component index in % |
| PARXL_TRU(toi_da, tham_dinh, [so_le], [cat_bo]) | deducted points = maximum − appraised |
| PARXL_XEPLOAI(chi_so, [nguong]) | Xuất sắc / Tốt / Khá / Trung bình / Yếu |
| PARXL_HANG(gia_tri, vung) | rank within a range, highest first, ties shared |
| PARXL_SO(van_ban) | a number read from text ("1,91" → 1.91) |

Table functions (a whole table that spills; each has a ``…_2016`` twin that writes the range in Excel 2016):

| function | table |
|---|---|
| PARXL_BANG_TRU(bang_diem, [cau_hinh]) | the deduction table with its total row |
| PARXL_BANG_LINHVUC(bang_diem, [cau_hinh]) | the area summary, ending with the PAR index |
| PARXL_BANG_KIEMTRA(bang_diem, [cau_hinh], [o_dau], [ten_trang]) | the findings of the score sheet |
| PARXL_BANG_XEPHANG(vung_dan, [muc_tieu]) | the ranking of a pasted district table |
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from parxl.model import DEFAULT_THRESHOLDS
from parxl.numbers import (
    HUNDRED,
    NumberError,
    Rounding,
    fold,
    format_vn,
    is_blank,
    parse_number,
    parse_percent,
    round_dp,
    to_json_number,
)
from parxl.rules import (
    RuleError,
    Tier,
    against_target,
    classify,
    competition_rank,
    parse_rule,
    proportional,
    tier_points,
)
from parxl.vocab import is_na

if TYPE_CHECKING:
    from parxl.read import Grid

try:
    import xlwings as xw
except ImportError:  # the functions stay usable as a library without Excel's bridge
    xw = None  # type: ignore[assignment]

CATEGORY = "Chỉ số CCHC"
MODULE = __name__  # what the VBA wrappers pass to xlwings' CallUDF
FUNCTIONS: list[Callable[..., Any]] = []


class _BadInput(ValueError):  # a message, not an error kind of its own
    """A Vietnamese explanation of what is wrong with an argument."""


def udf(**arg_docs: str | tuple[str, dict[str, Any]]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a worksheet function: xlwings' ``func``/``arg`` metadata plus argument help texts.

    ``arg_docs`` maps each argument to its help text, or to (text, xlwings conversion options).
    """
    def register(f: Callable[..., Any]) -> Callable[..., Any]:
        docs = {name: spec if isinstance(spec, str) else spec[0] for name, spec in arg_docs.items()}
        if xw is not None:
            for name, spec in arg_docs.items():
                options = {} if isinstance(spec, str) else spec[1]
                f = xw.arg(name, doc=docs[name], **options)(f)
            f = xw.func(category=CATEGORY)(f)
        f.arg_docs = docs  # type: ignore[attr-defined]
        FUNCTIONS.append(f)
        return f
    return register


def _guard(compute: Callable[[], Any]) -> Any:
    try:
        return compute()
    except (_BadInput, RuleError) as exc:
        text = str(exc)
        return f"Lỗi: {text[:1].upper()}{text[1:]}"
    except Exception as exc:  # noqa: BLE001 - a cell must show a message, never a Python traceback
        return f"Lỗi không mong đợi ({type(exc).__name__}): {exc}"


# ------------------------------------------------------------------------------ reading arguments


def _scalar(value: object) -> object:
    """A one-cell range arrives as a list (or a list of lists) from some conversions."""
    while isinstance(value, (list, tuple)):
        if len(value) != 1:
            raise _BadInput("cần một ô, không phải một vùng nhiều ô.")
        value = value[0]
    return value


def _number(value: object, label: str, *, count: bool = False) -> Decimal:
    """``count``: a numerator or denominator (files, tasks), where "4.331" is four thousand."""
    value = _scalar(value)
    if is_blank(value):
        raise _BadInput(f"thiếu {label}.")
    try:
        number = parse_number(value, thousands_dot=count)
    except NumberError as exc:
        raise _BadInput(f"{label} “{exc.text}” không phải là số.") from exc
    assert number is not None
    return number


def _percent(value: object, label: str) -> Decimal:
    value = _scalar(value)
    if is_blank(value):
        raise _BadInput(f"thiếu {label}.")
    try:
        number = parse_percent(value)
    except NumberError as exc:
        raise _BadInput(f"{label} “{exc.text}” không phải là tỷ lệ phần trăm.") from exc
    assert number is not None
    return number


def _non_negative(number: Decimal, label: str) -> Decimal:
    if number < 0:
        raise _BadInput(f"{label} không được âm.")
    return number


def _places(value: object) -> int:
    value = _scalar(value)
    if is_blank(value):
        return 2
    number = _number(value, "số chữ số thập phân")
    if number != number.to_integral_value() or not 0 <= number <= 10:
        raise _BadInput("số chữ số thập phân phải là số nguyên từ 0 đến 10.")
    return int(number)


_TRUNCATE_WORDS = {"cat bo", "cat", "truncate", "x", "co", "true", "1"}


def _rounding(value: object) -> Rounding:
    value = _scalar(value)
    if value is None or value is False or value == 0 or is_blank(value):
        return Rounding.HALF_UP
    if value is True or value == 1:
        return Rounding.TRUNCATE
    if isinstance(value, str):
        folded = fold(value)
        if folded in _TRUNCATE_WORDS:
            return Rounding.TRUNCATE
        if folded in {"lam tron", "khong", "false", "0"}:
            return Rounding.HALF_UP
    raise _BadInput("tham số cat_bo phải là TRUE (cắt bỏ) hoặc FALSE (làm tròn).")


def _plain_number(value: Decimal) -> float | int:
    number = to_json_number(value)
    assert number is not None
    return number


def _out(value: Decimal, places: int, mode: Rounding) -> float | int:
    rounded = round_dp(value, places, mode)
    return int(rounded) if places == 0 else float(rounded)


def _cells(area: object) -> list[object]:
    """Every cell of a range argument, row by row."""
    if not isinstance(area, (list, tuple)):
        return [area]
    out: list[object] = []
    for item in area:
        out.extend(_cells(item))
    return out


def _rows(area: object) -> list[list[object]]:
    if not isinstance(area, (list, tuple)):
        return [[area]]
    if all(isinstance(r, (list, tuple)) for r in area):
        return [list(r) for r in area]
    return [list(area)]


# ------------------------------------------------------------------------------------- functions


@udf(tu_so="Tử số, ví dụ số hồ sơ giải quyết đúng hạn.",
     mau_so="Mẫu số, ví dụ tổng số hồ sơ.",
     diem_toi_da="Điểm tối đa của tiêu chí.",
     chi_tieu="Không bắt buộc: chỉ tiêu (%), đạt chỉ tiêu thì đủ điểm.",
     so_le="Không bắt buộc: số chữ số thập phân (mặc định 2).",
     cat_bo="Không bắt buộc: TRUE để cắt bỏ thay vì làm tròn.")
def PARXL_TYLE(tu_so, mau_so, diem_toi_da, chi_tieu=None, so_le=2, cat_bo=False):  # noqa: N802, ANN001, ANN201
    """Điểm theo tỷ lệ: tử số/mẫu số × điểm tối đa (hoặc so với chỉ tiêu)."""
    def compute() -> float | int:
        num = _non_negative(_number(tu_so, "tử số", count=True), "Tử số")
        den = _non_negative(_number(mau_so, "mẫu số", count=True), "Mẫu số")
        top = _non_negative(_number(diem_toi_da, "điểm tối đa"), "Điểm tối đa")
        if is_blank(_scalar(chi_tieu)):
            points = proportional(num, den, top)
        else:
            points = against_target(num, den, top, _percent(chi_tieu, "chỉ tiêu"))
        return _out(points, _places(so_le), _rounding(cat_bo))
    return _guard(compute)


@udf(tu_so="Tử số.", mau_so="Mẫu số.", diem_toi_da="Điểm tối đa của tiêu chí.",
     cach_cham="Cách chấm như cột “Cách chấm”: “tỷ lệ”, “chỉ tiêu 50%” hoặc "
               "“>=90%: 2; >=70%: 1; còn lại: 0”.",
     so_le="Không bắt buộc: số chữ số thập phân (mặc định 2).",
     cat_bo="Không bắt buộc: TRUE để cắt bỏ thay vì làm tròn.")
def PARXL_CHAM(tu_so, mau_so, diem_toi_da, cach_cham, so_le=2, cat_bo=False):  # noqa: N802, ANN001, ANN201
    """Điểm theo cách chấm ghi bằng chữ, đúng như parxl kiểm tra bảng điểm."""
    def compute() -> float | int:
        text = _scalar(cach_cham)
        rule = parse_rule("" if text is None else str(text))
        num = _non_negative(_number(tu_so, "tử số", count=True), "Tử số")
        den = _non_negative(_number(mau_so, "mẫu số", count=True), "Mẫu số")
        top = _non_negative(_number(diem_toi_da, "điểm tối đa"), "Điểm tối đa")
        return _out(rule.score(num, den, top), _places(so_le), _rounding(cat_bo))
    return _guard(compute)


@udf(ty_le="Tỷ lệ đạt được (%), ví dụ 95,68% hoặc 95,68.",
     bang_bac=("Bảng bậc: một ô “>=90%: 2; >=70%: 1; còn lại: 0”, hoặc vùng hai cột (ngưỡng %, điểm).",
               {"ndim": 2}),
     diem_con_lai="Không bắt buộc: điểm khi dưới mọi ngưỡng (mặc định 0).")
def PARXL_BAC(ty_le, bang_bac, diem_con_lai=None):  # noqa: N802, ANN001, ANN201
    """Điểm theo bậc tỷ lệ: điểm của bậc cao nhất mà tỷ lệ đạt tới."""
    def compute() -> float | int:
        pct = _percent(ty_le, "tỷ lệ")
        tiers, floor = _tier_table(bang_bac)
        if not is_blank(_scalar(diem_con_lai)):
            floor = _number(diem_con_lai, "điểm còn lại")
        return _plain_number(tier_points(pct, tiers, floor))
    return _guard(compute)


def _tier_table(area: object) -> tuple[list[Tier], Decimal]:
    rows = [r for r in _rows(area) if not all(is_blank(c) for c in r)]
    if len(rows) == 1 and len([c for c in rows[0] if not is_blank(c)]) == 1:
        text = next(c for c in rows[0] if not is_blank(c))
        rule = parse_rule(str(text))
        if rule.kind != "tiers":
            raise _BadInput("bảng bậc phải ghi các bậc, ví dụ “>=90%: 2; >=70%: 1; còn lại: 0”.")
        return list(rule.tiers), rule.floor
    tiers: list[Tier] = []
    floor = Decimal(0)
    for row in rows:
        if len(row) < 2:
            raise _BadInput("bảng bậc cần hai cột: ngưỡng (%) và điểm.")
        bound, points = row[0], _number(row[1], "điểm của bậc")
        text = str(bound).strip() if isinstance(bound, str) else ""
        if text and fold(text).startswith(("con lai", "khac", "duoi", "<")):
            floor = points
            continue
        inclusive = not (text.startswith(">") and not text.startswith(">="))
        bare = text.lstrip(">=≥ ") if text else bound
        tiers.append(Tier(_percent(bare, "ngưỡng"), inclusive, points))
    if not tiers:
        raise _BadInput("bảng bậc chưa có bậc nào.")
    return tiers, floor


@udf(diem="Điểm đạt được của lĩnh vực hoặc tiêu chí.", toi_da="Điểm tối đa.",
     so_le="Không bắt buộc: số chữ số thập phân (mặc định 2).",
     cat_bo="Không bắt buộc: TRUE để cắt bỏ thay vì làm tròn.")
def PARXL_CHISO(diem, toi_da, so_le=2, cat_bo=False):  # noqa: N802, ANN001, ANN201
    """Chỉ số thành phần (%) = điểm / điểm tối đa × 100."""
    def compute() -> float | int:
        points = _non_negative(_number(diem, "điểm"), "Điểm")
        top = _non_negative(_number(toi_da, "điểm tối đa"), "Điểm tối đa")
        if top == 0:
            raise _BadInput("điểm tối đa bằng 0.")
        return _out(points / top * HUNDRED, _places(so_le), _rounding(cat_bo))
    return _guard(compute)


@udf(toi_da="Điểm tối đa của tiêu chí.", tham_dinh="Điểm thẩm định (hoặc tự đánh giá) của tiêu chí.",
     so_le="Không bắt buộc: số chữ số thập phân (mặc định 2).",
     cat_bo="Không bắt buộc: TRUE để cắt bỏ thay vì làm tròn.")
def PARXL_TRU(toi_da, tham_dinh, so_le=2, cat_bo=False):  # noqa: N802, ANN001, ANN201
    """Số điểm bị trừ = điểm tối đa − điểm thẩm định (0 nếu tiêu chí không áp dụng)."""
    def compute() -> float | int:
        if is_na(_scalar(tham_dinh)) or is_na(_scalar(toi_da)):
            return 0
        top = _non_negative(_number(toi_da, "điểm tối đa"), "Điểm tối đa")
        points = _non_negative(_number(tham_dinh, "điểm thẩm định"), "Điểm thẩm định")
        if points > top:
            raise _BadInput("điểm thẩm định lớn hơn điểm tối đa.")
        return _out(top - points, _places(so_le), _rounding(cat_bo))
    return _guard(compute)


@udf(chi_so="Chỉ số CCHC (%), ví dụ 91 hoặc 91%.",
     nguong=("Không bắt buộc: vùng hai cột (xếp loại, ngưỡng %), hoặc bốn ngưỡng Xuất sắc, Tốt, Khá, "
             "Trung bình (mặc định 90, 80, 70, 50).", {"ndim": 2}))
def PARXL_XEPLOAI(chi_so, nguong=None):  # noqa: N802, ANN001, ANN201
    """Xếp loại theo chỉ số: Xuất sắc, Tốt, Khá, Trung bình hoặc Yếu."""
    def compute() -> str:
        index = _percent(chi_so, "chỉ số")
        return classify(index, _thresholds(nguong))
    return _guard(compute)


def _thresholds(area: object) -> tuple[tuple[str, Decimal], ...]:
    cells = [c for c in _cells(area) if not is_blank(c)]
    if not cells:
        return DEFAULT_THRESHOLDS
    labelled = [r for r in _rows(area) if len([c for c in r if not is_blank(c)]) == 2]
    if labelled and any(isinstance(c, str) and not _looks_numeric(c) for c in cells):
        out = []
        for row in labelled:
            values = [c for c in row if not is_blank(c)]
            label, bound = (values[0], values[1]) if not _looks_numeric(values[0]) else (values[1], values[0])
            out.append((str(label).strip(), _percent(bound, f"ngưỡng “{label}”")))
        return tuple(out)
    if len(cells) != len(DEFAULT_THRESHOLDS):
        raise _BadInput("cần bốn ngưỡng: Xuất sắc, Tốt, Khá, Trung bình.")
    return tuple((label, _percent(c, f"ngưỡng {label}"))
                 for (label, _), c in zip(DEFAULT_THRESHOLDS, cells, strict=True))


def _looks_numeric(value: object) -> bool:
    try:
        parse_percent(value)
    except NumberError:
        return False
    return True


@udf(gia_tri="Giá trị cần xếp hạng (tổng điểm hoặc chỉ số).",
     vung=("Vùng các giá trị của mọi đơn vị.", {"ndim": 2}))
def PARXL_HANG(gia_tri, vung):  # noqa: N802, ANN001, ANN201
    """Thứ hạng trong vùng, cao nhất đứng đầu; bằng điểm thì cùng hạng (1, 2, 2, 4)."""
    def compute() -> int:
        value = _number(gia_tri, "giá trị")
        values = []
        for cell in _cells(vung):
            if is_blank(cell) or isinstance(cell, bool):
                continue
            try:
                number = parse_number(cell)
            except NumberError:
                continue  # headers or notes inside the range are skipped, as RANK does
            if number is not None:
                values.append(number)
        if value not in values:
            raise _BadInput("giá trị không có trong vùng xếp hạng.")
        return competition_rank(values, value)
    return _guard(compute)


@udf(van_ban="Ô chứa số dạng chữ, ví dụ “1,91” hoặc “2 điểm”.")
def PARXL_SO(van_ban):  # noqa: N802, ANN001, ANN201
    """Đọc số từ chữ: “1,91” → 1,91; dùng cho các ô số bị nhập dạng chữ."""
    def compute() -> float | int:
        return _plain_number(_number(van_ban, "số"))
    return _guard(compute)


# ---------------------------------------------------------------------------------- table functions
#
# Each returns a whole table (a pandas DataFrame, header row included) that Excel 365 spills into the
# cells below and to the right. Excel 2016 has no spilling: its twin ``…_2016`` is the same function with
# xlwings' ``expand="table"``, which writes the result as an array formula over the range it needs.
# Numbers are the library's (parxl.Report), rounded by the workbook's rule and handed over as floats
# (Excel has no decimal type); a blank value is an empty cell.

LEGACY_SUFFIX = "_2016"
SCORE_SHEET = "Bảng điểm"
# xlwings' DataFrame conversion of a range as a raw grid (no header row, no index). pandas is imported only
# with xlwings, which has imported it already.
_FRAME: dict[str, Any] = {"header": False, "index": False}
if xw is not None:
    import pandas as pd

    _FRAME["convert"] = pd.DataFrame


def table_udf(**arg_docs: str | tuple[str, dict[str, Any]]
              ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a table function twice: ``NAME`` (spills) and ``NAME_2016`` (writes the range, Excel 2016)."""
    def register(f: Callable[..., Any]) -> Callable[..., Any]:
        legacy = _renamed(f, f.__name__ + LEGACY_SUFFIX)
        legacy.__doc__ = f"{f.__doc__} Dành cho Excel 2016 (không có mảng động): ghi kết quả vào vùng."
        for func, options in ((f, {"index": False}), (legacy, {"index": False, "expand": "table"})):
            if xw is not None:
                func = xw.ret(**options)(func)
            udf(**arg_docs)(func)
        globals()[legacy.__name__] = legacy  # xlwings' CallUDF finds functions by name in this module
        return f
    return register


def _renamed(f: Callable[..., Any], name: str) -> Callable[..., Any]:
    import types

    copy = types.FunctionType(f.__code__, f.__globals__, name, f.__defaults__, f.__closure__)
    copy.__qualname__ = name
    copy.__module__ = f.__module__
    copy.__kwdefaults__ = f.__kwdefaults__
    return copy


def _table_guard(compute: Callable[[], Any]) -> Any:
    """A table, or one cell with a Vietnamese message when the input cannot be used."""
    from parxl.errors import ParxlError

    def checked() -> Any:
        try:
            return compute()
        except ParxlError as exc:  # a score sheet parxl cannot find: the same message as the CLI's
            raise _BadInput(str(exc)) from exc
    return _guard(checked)


def _grid_rows(area: object) -> list[list[object]]:
    """The rows of a range argument: a DataFrame from xlwings' conversion, or a list of lists."""
    values = getattr(area, "values", None)
    if values is not None and hasattr(values, "tolist"):
        return [list(r) for r in values.tolist()]
    return [] if area is None else _rows(area)


EXCEL_DIGITS = 15  # Excel's precision: 0.1 + 0.32 shows 0.42, though the float is 0.42000000000000004


def _plain_cell(value: object) -> object:
    # Excel hands numbers over as floats and blanks as None (NaN once pandas has seen the column); the file
    # reader gives whole numbers as int, so codes like "1" read the same here. A float is cut to Excel's 15
    # significant digits, or binary noise in a formula's result would read as a wrong parent total.
    if isinstance(value, float):
        if value != value:
            return None
        value = float(f"{value:.{EXCEL_DIGITS}g}")
        return int(value) if value.is_integer() else value
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _grid(area: object, name: str, first_cell: str = "A1") -> Grid:
    from parxl.read import Grid, RawCell, split_a1

    try:
        top, left = split_a1(str(first_cell).replace("$", "").strip().upper())
    except (ValueError, AttributeError, TypeError) as exc:
        raise _BadInput(f"ô đầu “{first_cell}” không phải địa chỉ ô (ví dụ A1).") from exc
    grid = Grid(name)
    for r, row in enumerate(_grid_rows(area)):
        for c, value in enumerate(row):
            value = _plain_cell(value)
            if value is not None:
                grid.cells[(top + r, left + c)] = RawCell(value)
    return grid


class _RangeReader:
    """The reader interface of ``parxl.read.WorkbookReader`` over the ranges a worksheet function got."""

    def __init__(self, grids: list[Grid]) -> None:
        self.label = grids[0].name
        self._grids = {g.name: g for g in grids}

    @property
    def sheet_names(self) -> list[str]:
        return list(self._grids)

    def part_size(self, name: str) -> int:  # noqa: ARG002 - ranges are always read whole
        return 0

    def grid(self, name: str, max_rows: int | None = None) -> Grid:
        from parxl.read import Grid

        grid = self._grids[name]
        if max_rows is None:
            return grid
        return Grid(name, {k: v for k, v in grid.cells.items() if k[0] <= max_rows})


def report_of(bang_diem: object, cau_hinh: object = None, o_dau: object = "A1",
              ten_trang: object = SCORE_SHEET) -> Any:
    """parxl.Report of a score sheet given as a range (and of the settings range, when given)."""
    from parxl.analyse import analyse_reader
    from parxl.api import Report
    from parxl.parse.settings import SETTINGS_SHEET

    name = str(_scalar(ten_trang) or SCORE_SHEET).strip() or SCORE_SHEET
    grids = [_grid(bang_diem, name, str(_scalar(o_dau) or "A1"))]
    if not grids[0].cells:
        raise _BadInput("vùng bảng điểm đang trống.")
    if cau_hinh is not None and name != SETTINGS_SHEET:
        grids.append(_grid(cau_hinh, SETTINGS_SHEET))
    # A SheetSource like the add-in's LiveReader: analyse_reader only needs the reader's interface.
    return Report(analyse_reader(_RangeReader(grids)))


def _excel_number(value: object) -> object:
    from decimal import Decimal

    return float(value) if isinstance(value, Decimal) else value


def _sheet_frame(header: list[str], rows: list[list[object]]) -> Any:
    import pandas as pd

    return pd.DataFrame([[_excel_number(v) for v in row] for row in rows], columns=header)


_BANG_DIEM = ("Vùng bảng điểm (cả dòng tiêu đề), ví dụ 'Bảng điểm'!A1:J200.", _FRAME)
_CAU_HINH = ("Không bắt buộc: vùng trang Cấu hình (số chữ số thập phân, cách làm tròn, năm trước…).", _FRAME)


@table_udf(bang_diem=_BANG_DIEM, cau_hinh=_CAU_HINH)
def PARXL_BANG_TRU(bang_diem, cau_hinh=None):  # noqa: N802, ANN001, ANN201
    """Bảng các tiêu chí bị trừ điểm và dòng tổng cộng, như Phụ lục trừ điểm."""
    def compute() -> Any:
        report = report_of(bang_diem, cau_hinh)
        r = report.rounded
        rows = [[i, d["code"], d["name"], r(d["max"]), _opt(r, d["self"]), _opt(r, d["appraised"]),
                 r(d["deducted"]), d["reason"], d["responsible"]]
                for i, d in enumerate(report.deductions.to_dict("records"), start=1)]
        total = report.deductions_total
        rows.append(["", "", "Tổng cộng", r(total["max"]), r(total["self"]), r(total["appraised"]),
                     r(total["deducted"]), "", ""])
        return _sheet_frame(["TT", "Mã tiêu chí", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá",
                             "Điểm thẩm định", "Điểm bị trừ", "Lý do", "Người phụ trách"], rows)
    return _table_guard(compute)


def _opt(rounded: Callable[[Any], Any], value: object) -> object:
    return None if value is None else rounded(value)


@table_udf(bang_diem=_BANG_DIEM, cau_hinh=_CAU_HINH)
def PARXL_BANG_LINHVUC(bang_diem, cau_hinh=None):  # noqa: N802, ANN001, ANN201
    """Tổng hợp theo lĩnh vực: điểm tối đa, tự đánh giá, thẩm định, điểm đạt, chỉ số; cuối là Chỉ số CCHC."""
    def compute() -> Any:
        report = report_of(bang_diem, cau_hinh)
        r = report.rounded
        rows = [[a["code"], a["name"], r(a["max"]), r(a["self"]), _opt(r, a["appraised"]), r(a["points"]),
                 _opt(r, a["index_pct"])] for a in report.areas.to_dict("records")]
        t = report.totals
        rows.append(["", "CHỈ SỐ CCHC", r(t["max"]), r(t["self"]), _opt(r, t["appraised"]), r(t["points"]),
                     r(t["index_pct"])])
        return _sheet_frame(["TT", "Lĩnh vực", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định",
                             "Điểm đạt", "Chỉ số (%)"], rows)
    return _table_guard(compute)


@table_udf(bang_diem=_BANG_DIEM, cau_hinh=_CAU_HINH,
           o_dau="Không bắt buộc: ô đầu của vùng bảng điểm (mặc định A1), để địa chỉ ô báo lỗi đúng.",
           ten_trang="Không bắt buộc: tên trang bảng điểm (mặc định “Bảng điểm”).")
def PARXL_BANG_KIEMTRA(bang_diem, cau_hinh=None, o_dau="A1", ten_trang="Bảng điểm"):  # noqa: N802, ANN001, ANN201
    """Kết quả kiểm tra bảng điểm: mức độ, ô, mã lỗi và nội dung, lỗi trước."""
    def compute() -> Any:
        report = report_of(bang_diem, cau_hinh, o_dau, ten_trang)
        from parxl.findings import Severity

        labels = {s.value: s.label for s in Severity}
        rows = [[labels[f["severity"]], f"{f['sheet']}!{f['cell']}" if f["cell"] else f["sheet"], f["code"],
                 f["message"]] for f in report.findings.to_dict("records")]
        return _sheet_frame(["Mức độ", "Ô", "Mã", "Nội dung"], rows)
    return _table_guard(compute)


@table_udf(vung_dan=("Vùng đã dán bảng kết quả các đơn vị của quận (cả dòng tiêu đề).", _FRAME),
           muc_tieu="Không bắt buộc: thứ hạng mục tiêu (mặc định 5).")
def PARXL_BANG_XEPHANG(vung_dan, muc_tieu=5):  # noqa: N802, ANN001, ANN201
    """Xếp hạng các đơn vị trong bảng kết quả đã dán (đồng điểm thì đồng hạng) và điểm cần thêm để vào top."""
    def compute() -> Any:
        from parxl.district.collect import wards_from_text
        from parxl.district.ranking import rank_wards

        target = _number(muc_tieu if not is_blank(_scalar(muc_tieu)) else 5, "thứ hạng mục tiêu")
        if target != target.to_integral_value() or target < 1:
            raise _BadInput("thứ hạng mục tiêu phải là số nguyên từ 1 trở lên.")
        lines = ["\t".join("" if v is None else _cell_text(v) for v in (_plain_cell(c) for c in row))
                 for row in _grid_rows(vung_dan)]
        wards, problems = wards_from_text("\n".join(lines), "vùng dán")
        if not wards:
            raise _BadInput(problems[0] if problems else "vùng dán không có đơn vị nào để xếp hạng.")
        ranking = rank_wards(wards, int(target))

        def r(value: Decimal | None) -> object:
            return None if value is None else round_dp(value, 2, Rounding.HALF_UP)

        rows = [[item.notation, item.ward.unit, r(item.ward.total), r(item.ward.index_pct),
                 item.ward.classification, r(item.needed_for_target)] for item in ranking.rows]
        return _sheet_frame(["Hạng", "Đơn vị", "Tổng điểm", "Chỉ số (%)", "Xếp loại",
                             f"Cần thêm để vào top {int(target)}"], rows)
    return _table_guard(compute)


def _cell_text(value: object) -> str:
    """A cell as the pasted text would show it (decimal comma, as the district's tables write numbers)."""
    if isinstance(value, float):
        return format_vn(Decimal(repr(value)), 10)
    return str(value)
