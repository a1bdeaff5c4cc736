"""The PARXL_… worksheet functions: the library's results, Vietnamese error texts, decimal commas, and
the real xlwings decorators and VBA wrappers."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import io
import json
import re
import sys
import types
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from parxl.addin import build, udfs
from parxl.addin.build import wrapper_vba
from parxl.model import DEFAULT_THRESHOLDS
from parxl.numbers import Rounding, format_vn, round_dp
from parxl.rules import Tier, against_target, classify, competition_rank, parse_rule, proportional, tier_points
from parxl.templates import template_path

DEMO = template_path("demo.xlsx")
ALL = {f.__name__: f for f in udfs.FUNCTIONS}
amounts = st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False, allow_infinity=False)
maxima = st.decimals(min_value=Decimal("0.25"), max_value=20, places=2)


def as_text(value: Decimal) -> str:
    """The number as an officer types it: decimal comma."""
    return format_vn(value, 4)


def is_error(result: object) -> bool:
    return isinstance(result, str) and result.startswith("Lỗi")


# ------------------------------------------------------------------------------ same as the library


@settings(max_examples=150, deadline=None)
@given(amounts, amounts, maxima)
def test_tyle_is_the_library_proportional_rule(num: Decimal, den: Decimal, top: Decimal) -> None:
    if den == 0:
        assert udfs.PARXL_TYLE(float(num), float(den), float(top)) == "Lỗi: Mẫu số bằng 0."
        return
    expected = float(round_dp(proportional(num, den, top), 2, Rounding.HALF_UP))
    assert udfs.PARXL_TYLE(float(num), float(den), float(top)) == expected
    # Text cells with a decimal comma give the same result.
    assert udfs.PARXL_TYLE(as_text(num), as_text(den), as_text(top)) == expected


@settings(max_examples=80, deadline=None)
@given(amounts, amounts.filter(lambda d: d > 0), maxima, st.decimals(min_value=2, max_value=100, places=1))
def test_tyle_with_target_is_against_target(num: Decimal, den: Decimal, top: Decimal,
                                            target: Decimal) -> None:
    expected = float(round_dp(against_target(num, den, top, target), 2, Rounding.HALF_UP))
    assert udfs.PARXL_TYLE(float(num), float(den), float(top), float(target)) == expected
    assert udfs.PARXL_TYLE(float(num), float(den), float(top), as_text(target) + "%") == expected
    # A %-formatted cell holds the fraction: 50% is 0.5.
    assert udfs.PARXL_TYLE(float(num), float(den), float(top), float(target / 100)) == expected


def test_tyle_seed_004_rounding() -> None:
    # Seed 004: 896/900 of 1 point is published as 0.99 (truncated), 782/903 as 0.87 (rounded).
    assert udfs.PARXL_TYLE(896, 900, 1) == 1.0
    assert udfs.PARXL_TYLE(896, 900, 1, None, 2, True) == 0.99
    assert udfs.PARXL_TYLE(896, 900, 1, None, 2, "cắt bỏ") == 0.99
    assert udfs.PARXL_TYLE(782, 903, 1) == 0.87
    assert udfs.PARXL_TYLE(319, 461, 1) == 0.69
    assert udfs.PARXL_TYLE("319", "461", "1", None, 3) == 0.692
    whole = udfs.PARXL_TYLE(319, 461, 1, None, 0)
    assert whole == 1 and isinstance(whole, int)


@settings(max_examples=80, deadline=None)
@given(amounts, amounts.filter(lambda d: d > 0), maxima)
def test_cham_reads_rules_as_validation_does(num: Decimal, den: Decimal, top: Decimal) -> None:
    for text in ("", "tỷ lệ", "chỉ tiêu 50%", ">=90%: 2; >=70%: 1; còn lại: 0", ">80%: 1; còn lại: 0,5"):
        expected = float(round_dp(parse_rule(text).score(num, den, top), 2, Rounding.HALF_UP))
        assert udfs.PARXL_CHAM(float(num), float(den), float(top), text) == expected


TIERS_TEXT = ">=90%: 2; >=70%: 1; còn lại: 0"


@pytest.mark.parametrize(("pct", "points"), [(95.68, 2), (90, 2), (89.99, 1), (70, 1), (69.9, 0), (0, 0)])
def test_bac_from_text_and_from_a_range(pct: float, points: int) -> None:
    assert udfs.PARXL_BAC(pct, [[TIERS_TEXT]]) == points
    assert udfs.PARXL_BAC(f"{pct}%".replace(".", ","), [[TIERS_TEXT]]) == points
    assert udfs.PARXL_BAC(pct / 100, [[0.9, 2], [0.7, 1]]) == points  # a %-formatted cell holds 0.9568
    assert udfs.PARXL_BAC(pct, [["≥90%", 2], [">=70%", 1], ["còn lại", 0]]) == points


def test_bac_exclusive_bounds_and_floor() -> None:
    assert udfs.PARXL_BAC(90, [[">90%", 2], [">70%", 1]]) == 1
    assert udfs.PARXL_BAC(90.01, [[">90%", 2], [">70%", 1]]) == 2
    assert udfs.PARXL_BAC(10, [[">90%", 2]], 0.5) == 0.5
    tiers = [Tier(Decimal(90), True, Decimal(2)), Tier(Decimal(70), True, Decimal(1))]
    assert udfs.PARXL_BAC(50, [[TIERS_TEXT]]) == float(tier_points(Decimal(50), tiers))


@settings(max_examples=100, deadline=None)
@given(amounts, maxima)
def test_chiso_and_tru(points: Decimal, top: Decimal) -> None:
    index = udfs.PARXL_CHISO(float(points), float(top))
    assert index == float(round_dp(points / top * 100, 2, Rounding.HALF_UP))
    deducted = udfs.PARXL_TRU(float(top), float(points))
    if points > top:
        assert deducted == "Lỗi: Điểm thẩm định lớn hơn điểm tối đa."
    else:
        assert deducted == float(round_dp(top - points, 2, Rounding.HALF_UP))


def test_seed_examples() -> None:
    assert udfs.PARXL_CHISO(20.25, 23) == 88.04  # seed 000: component index of an area
    assert udfs.PARXL_CHISO("61,46", 70) == 87.8  # appraisal rescaled to 100
    assert udfs.PARXL_TRU(2, 0.5) == 1.5  # seed 004: 1.5.4
    assert udfs.PARXL_TRU(2, "Không áp dụng") == 0


@settings(max_examples=100, deadline=None)
@given(st.decimals(min_value=2, max_value=100, places=2))
def test_xeploai_default_and_custom_thresholds(index: Decimal) -> None:
    # An index is in percent; a number up to 1 is read as a %-formatted cell (0.91 is 91%), as
    # parse_percent does.
    assert udfs.PARXL_XEPLOAI(float(index)) == classify(index, DEFAULT_THRESHOLDS)
    assert udfs.PARXL_XEPLOAI(float(index / 100)) == classify(index, DEFAULT_THRESHOLDS)
    custom = (("Xuất sắc", Decimal(95)), ("Tốt", Decimal(85)), ("Khá", Decimal(75)),
              ("Trung bình", Decimal(60)))
    table = [[label, float(bound)] for label, bound in custom]
    assert udfs.PARXL_XEPLOAI(float(index), table) == classify(index, custom)
    assert udfs.PARXL_XEPLOAI(float(index), [[95, 85, 75, 60]]) == classify(index, custom)


def test_xeploai_seed_004() -> None:
    assert udfs.PARXL_XEPLOAI(91) == "Xuất sắc"  # default thresholds
    assert udfs.PARXL_XEPLOAI(91, [["Xuất sắc", 95], ["Tốt", 90], ["Khá", 80]]) == "Tốt"  # that town's rule
    assert udfs.PARXL_XEPLOAI("91%") == "Xuất sắc"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=30), st.data())
def test_hang_is_competition_rank(values: list[Decimal], data: st.DataObject) -> None:
    value = data.draw(st.sampled_from(values))
    column = [[float(v)] for v in values]
    assert udfs.PARXL_HANG(float(value), column) == competition_rank(values, value)
    # Text cells with decimal commas, a header and blanks in the range change nothing.
    mixed = [["Tổng điểm"], [None]] + [[as_text(v)] for v in values]
    assert udfs.PARXL_HANG(as_text(value), mixed) == competition_rank(values, value)


def test_hang_shares_ranks() -> None:
    area = [[91], [95.5], [91], [80]]
    assert [udfs.PARXL_HANG(v[0], area) for v in area] == [2, 1, 2, 4]  # type: ignore[index]


def test_so_reads_text_numbers() -> None:
    assert udfs.PARXL_SO("1,91") == 1.91
    assert udfs.PARXL_SO("2 điểm") == 2
    assert udfs.PARXL_SO(".275") == 0.275


# --------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(("call", "message"), [
    (lambda: udfs.PARXL_TYLE("abc", 10, 1), "Lỗi: Tử số “abc” không phải là số."),
    (lambda: udfs.PARXL_TYLE(None, 10, 1), "Lỗi: Thiếu tử số."),
    (lambda: udfs.PARXL_TYLE(5, 0, 1), "Lỗi: Mẫu số bằng 0."),
    (lambda: udfs.PARXL_TYLE(-1, 10, 1), "Lỗi: Tử số không được âm."),
    (lambda: udfs.PARXL_TYLE(5, 10, 1, None, 2.5), "Lỗi: Số chữ số thập phân phải là số nguyên từ 0 đến 10."),
    (lambda: udfs.PARXL_TYLE(5, 10, 1, None, 2, "có lẽ"),
     "Lỗi: Tham số cat_bo phải là TRUE (cắt bỏ) hoặc FALSE (làm tròn)."),
    (lambda: udfs.PARXL_TYLE([[1, 2]], 10, 1), "Lỗi: Cần một ô, không phải một vùng nhiều ô."),
    (lambda: udfs.PARXL_CHAM(5, 10, 1, "kiểu gì đó"), "Lỗi: Không hiểu bậc “kieu gi do”."),
    (lambda: udfs.PARXL_BAC("xx", [[TIERS_TEXT]]), "Lỗi: Tỷ lệ “xx” không phải là tỷ lệ phần trăm."),
    (lambda: udfs.PARXL_BAC(50, [["tỷ lệ"]]),
     "Lỗi: Bảng bậc phải ghi các bậc, ví dụ “>=90%: 2; >=70%: 1; còn lại: 0”."),
    (lambda: udfs.PARXL_CHISO(5, 0), "Lỗi: Điểm tối đa bằng 0."),
    (lambda: udfs.PARXL_TRU(1, 1.5), "Lỗi: Điểm thẩm định lớn hơn điểm tối đa."),
    (lambda: udfs.PARXL_XEPLOAI(91, [[1, 2]]), "Lỗi: Cần bốn ngưỡng: Xuất sắc, Tốt, Khá, Trung bình."),
    (lambda: udfs.PARXL_HANG(99, [[1], [2]]), "Lỗi: Giá trị không có trong vùng xếp hạng."),
    (lambda: udfs.PARXL_SO("hai"), "Lỗi: Số “hai” không phải là số."),
])
def test_bad_input_gives_a_vietnamese_text(call, message: str) -> None:
    assert call() == message


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=8), st.floats(allow_nan=True), st.booleans(),
                          st.lists(st.lists(st.integers(), max_size=2), max_size=2)), min_size=6, max_size=6))
def test_no_input_raises_into_excel(args: list[object]) -> None:
    for func in udfs.FUNCTIONS:
        n = len(inspect.signature(func).parameters)
        result = func(*args[:n])
        assert result is None or isinstance(result, (int, float, str))
        if isinstance(result, str) and result.startswith("Lỗi"):
            assert "Traceback" not in result


# --------------------------------------------------------------------- real xlwings decorators


@pytest.fixture
def real_xlwings(monkeypatch: pytest.MonkeyPatch):
    """xlwings' Windows UDF machinery (xlwings.udfs), importable here with stand-ins for pywin32, and a
    fresh copy of parxl.addin.udfs decorated by it (on Linux xw.func is a no-op)."""
    import xlwings

    for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setattr(sys.modules["pythoncom"], "CoInitialize", lambda: None, raising=False)
    monkeypatch.setattr(sys.modules["pywintypes"], "com_error", Exception, raising=False)
    monkeypatch.setattr(sys.modules["win32com.client"], "Dispatch", lambda x: x, raising=False)
    monkeypatch.delitem(sys.modules, "xlwings.udfs", raising=False)
    real = importlib.import_module("xlwings.udfs")
    monkeypatch.setattr(xlwings, "func", real.xlfunc)
    monkeypatch.setattr(xlwings, "arg", real.xlarg)
    monkeypatch.setattr(xlwings, "ret", real.xlret)
    spec = importlib.util.spec_from_file_location("parxl_udfs_with_real_xlwings", udfs.__file__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield real, module
    monkeypatch.delitem(sys.modules, "xlwings.udfs", raising=False)


def test_decorators_describe_every_argument(real_xlwings) -> None:
    _, module = real_xlwings
    assert [f.__name__ for f in module.FUNCTIONS] == list(ALL)
    for func in module.FUNCTIONS:
        info = func.__xlfunc__
        params = inspect.signature(func).parameters
        assert info["name"] == func.__name__
        assert func.__name__.isascii() and func.__name__.startswith("PARXL_")
        assert info["category"] == "Chỉ số CCHC"
        assert [a["name"] for a in info["args"]] == list(params)
        for arg in info["args"]:
            param = params[arg["name"]]
            assert ("optional" in arg) == (param.default is not inspect.Parameter.empty)
            assert arg["doc"] and not arg["doc"].startswith("Positional argument")
        assert info["ret"]["doc"] == func.__doc__
    assert module.PARXL_HANG.__xlfunc__["argmap"]["vung"]["options"] == {"ndim": 2}
    assert module.PARXL_BAC.__xlfunc__["argmap"]["bang_bac"]["options"] == {"ndim": 2}


def test_build_writes_the_wrappers_xlwings_import_would(real_xlwings) -> None:
    real, module = real_xlwings

    class AddinWorkbook:
        Name = "parxl.xlam"

    for func in module.FUNCTIONS:
        out = io.StringIO()
        only = types.SimpleNamespace(**{func.__name__: func})
        real.generate_vba_wrapper(udfs.MODULE, only, out, AddinWorkbook())
        assert wrapper_vba(func, udfs.MODULE) == out.getvalue()


def test_functions_are_plain_callables() -> None:
    for func in udfs.FUNCTIONS:
        assert inspect.isfunction(func)
        docs = getattr(func, "arg_docs", None)
        assert func.__module__ == "parxl.addin.udfs" and docs
        assert set(docs) == set(inspect.signature(func).parameters)


# ------------------------------------------------------------------------------------ table functions

TABLES = ("PARXL_BANG_TRU", "PARXL_BANG_LINHVUC", "PARXL_BANG_KIEMTRA", "PARXL_BANG_XEPHANG")
_SUM = re.compile(r"^=SUM\((.*)\)$")


def excel_values(path: Path, sheet: str) -> list[list[object]]:
    """The cells of ``sheet`` as Excel hands a range over: numbers as floats, blanks as None, every formula
    (all ``=SUM`` in the bundled workbooks) replaced by its value, computed here with Excel's rule that SUM
    skips text."""
    ws = load_workbook(path)[sheet]

    def value(ref: str) -> object:
        raw = ws[ref].value
        if isinstance(raw, str) and raw.startswith("="):
            match = _SUM.match(raw)
            assert match, raw
            total = 0.0
            for part in match.group(1).split(","):
                cells = ws[part.strip()]
                for cell in (c for row in cells for c in row) if isinstance(cells, tuple) else [cells]:
                    v = value(cell.coordinate)
                    total += v if isinstance(v, float) else 0.0
            return total
        return float(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else raw

    return [[value(f"{get_column_letter(c)}{r}") for c in range(1, ws.max_column + 1)]
            for r in range(1, ws.max_row + 1)]


@pytest.fixture
def excel(real_xlwings, monkeypatch: pytest.MonkeyPatch):
    """Call a worksheet function the way xlwings' CallUDF does: every argument through xlwings' own conversion
    with the function's declared options, the result back through the declared return options. A stand-in
    for the COM engine does what xlwings' Windows engine does with plain values (blank "" or None in, ""
    out)."""
    import numpy as np
    import xlwings
    from xlwings import conversion

    class ComValues:
        type = "desktop"

        @staticmethod
        def clean_value_data(data, datetime_builder, empty_as,
                             number_builder, err_to_str):
            return [[empty_as if v in ("", None) else v for v in row] for row in data]

        @staticmethod
        def prepare_xl_data_element(x, options):
            if x is None or x is pd.NA or (isinstance(x, float) and np.isnan(x)):
                return ""
            return float(x) if isinstance(x, np.number) else x

    engine = types.SimpleNamespace(name="excel", type="desktop", impl=ComValues())
    monkeypatch.setitem(xlwings.engines.engines_by_name, "excel", engine)
    _, module = real_xlwings

    def call(name: str, *args: object) -> object:
        func = getattr(module, name)
        info = func.__xlfunc__
        specs = info["args"]
        values = [specs[i].get("optional") if a is None else conversion.read(None, a, specs[i]["options"])
                  for i, a in enumerate(args)]
        return conversion.write(func(*values), None, info["ret"]["options"])
    return call


def column(table: list[list[Any]], header: str) -> list[Any]:
    i = table[0].index(header)
    return [row[i] for row in table[1:]]


def test_tables_are_registered_twice_spilling_and_for_excel_2016(real_xlwings) -> None:
    _, module = real_xlwings
    names = [f.__name__ for f in module.FUNCTIONS]
    for name in TABLES:
        spill, legacy = getattr(module, name), getattr(module, name + "_2016")
        assert name in names and name + "_2016" in names
        assert spill.__xlfunc__["ret"]["options"] == {"index": False}
        assert legacy.__xlfunc__["ret"]["options"] == {"index": False, "expand": "table"}
        assert legacy.__xlfunc__["args"] == spill.__xlfunc__["args"]
        first = spill.__xlfunc__["args"][0]["options"]
        assert first == {"convert": pd.DataFrame, "header": False, "index": False}
        assert getattr(udfs, name + "_2016").__code__ is getattr(udfs, name).__code__
    vba = build.udf_module().source
    for name in TABLES:
        assert all(f'XLPy.CallUDF("{udfs.MODULE}", "{n}"' in vba for n in (name, name + "_2016"))


def test_demo_totals_agree_in_python_cli_json_and_worksheet_functions(excel, tmp_path: Path, capsys) -> None:
    import parxl
    from parxl.cli import main

    # By hand, from seed 004: 16 criteria lost points; maxima 20, self 18.5, appraised 11, so 9 points lost;
    # 100 − 9 = 91 points (the survey's 30 included).
    top, own, appraised = Decimal(20), Decimal("18.5"), Decimal(11)
    lost, total = top - appraised, Decimal(100) - (top - appraised)
    assert (lost, total) == (9, 91)

    r = parxl.score(DEMO, write=False)  # the notebook
    assert sum(r.areas["points"]) == total == r.total and sum(r.areas["max"]) == 100
    assert (sum(r.deductions["max"]), sum(r.deductions["self"]), sum(r.deductions["appraised"]),
            sum(r.deductions["deducted"])) == (top, own, appraised, lost)

    copy = tmp_path / "bang_diem.xlsx"
    copy.write_bytes(DEMO.read_bytes())
    old, sys.argv = sys.argv, ["parxl", "score", str(copy), "--json"]
    try:
        with pytest.raises(SystemExit) as done:
            main()
    finally:
        sys.argv = old
    assert done.value.code in (0, None)
    data = json.loads(capsys.readouterr().out)  # the CLI
    assert data["totals"]["points"] == sum(a["points"] for a in data["areas"]) == 91
    assert data["deductions_total"] == {"max": 20, "self": 18.5, "appraised": 11, "deducted": 9}

    sheet, settings = excel_values(DEMO, "Bảng điểm"), excel_values(DEMO, "Cấu hình")
    areas = excel("PARXL_BANG_LINHVUC", sheet, settings)  # the worksheet functions
    assert areas[0] == ["TT", "Lĩnh vực", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định", "Điểm đạt",
                        "Chỉ số (%)"]
    assert column(areas, "TT")[:-1] == [str(i) for i in range(1, 10)]
    assert areas[-1][1:] == ["CHỈ SỐ CCHC", 100.0, data["totals"]["self"], 61.0, 91.0, 91.0]
    assert sum(column(areas, "Điểm đạt")[:-1]) == pytest.approx(91)
    assert column(areas, "Điểm đạt")[:-1] == [float(p) for p in r.areas["points"]]
    deductions = excel("PARXL_BANG_TRU", sheet, settings)
    assert column(deductions, "Mã tiêu chí")[:-1] == list(r.deductions["code"])
    assert deductions[-1] == ["", "", "Tổng cộng", 20.0, 18.5, 11.0, 9.0, "", ""]
    assert sum(column(deductions, "Điểm bị trừ")[:-1]) == pytest.approx(9)
    assert excel("PARXL_BANG_TRU_2016", sheet, settings) == deductions


def test_findings_table_names_the_cells(excel) -> None:
    sheet = excel_values(DEMO, "Bảng điểm")
    table = excel("PARXL_BANG_KIEMTRA", sheet)
    assert table[0] == ["Mức độ", "Ô", "Mã", "Nội dung"]
    # What the CLI finds in the file, less the note that parxl computed the formulas itself (Excel did here):
    # Excel's SUM skips the text "1,91" in E13, so the totals above it disagree; 0.1 + 0.32 in E65 is
    # 0.42000000000000004 in binary and still reads as 0.42.
    assert [(row[2], row[1].split("!")[1]) for row in table[1:]] == [
        ("parent_score_mismatch", "E9"), ("parent_score_mismatch", "E10"), ("total_mismatch", "E128"),
        ("text_number", "E13"), ("ratio_other_rounding", "E63"), ("ratio_other_rounding", "E64"),
        ("ratio_score_mismatch", "E67"), ("ratio_other_rounding", "E70")]
    assert all(row[1].startswith("Bảng điểm!") for row in table[1:])
    assert all(row[0] in ("Lỗi", "Cảnh báo", "Thông tin") and row[3] for row in table[1:])
    # A range that starts lower on the sheet: the given first cell keeps the addresses true.
    shifted = excel("PARXL_BANG_KIEMTRA", sheet[2:], None, "A3", "Chấm điểm")
    assert ("text_number", "Chấm điểm!E13") in {(row[2], row[1]) for row in shifted[1:]}


def test_ranking_of_a_pasted_range(excel) -> None:
    pasted = [["STT", "Đơn vị", "Tổng điểm (100)", "Chỉ số CCHC (%)", "Xếp loại"],
              [1.0, "Phường A", 90.5, 90.5, "Xuất sắc"],
              [2.0, "Phường B", 88.0, 88.0, "Tốt"],
              [3.0, "Phường C", 90.5, 90.5, "Xuất sắc"]]
    table = excel("PARXL_BANG_XEPHANG", pasted, 1.0)
    assert table[0] == ["Hạng", "Đơn vị", "Tổng điểm", "Chỉ số (%)", "Xếp loại", "Cần thêm để vào top 1"]
    # Ties share the rank (1, 1, 3); B needs 90.5 − 88 = 2.5 points to share the first place.
    assert [row[:3] for row in table[1:]] == [["01/03", "Phường A", 90.5], ["01/03", "Phường C", 90.5],
                                              ["03/03", "Phường B", 88.0]]
    assert column(table, "Cần thêm để vào top 1") == [0.0, 0.0, 2.5]
    assert excel("PARXL_BANG_XEPHANG_2016", pasted) [0][-1] == "Cần thêm để vào top 5"


@pytest.mark.parametrize("name, args", [
    ("PARXL_BANG_TRU", [[[None]]]),
    ("PARXL_BANG_LINHVUC", [[["Không phải bảng điểm", 1.0]]]),
    ("PARXL_BANG_KIEMTRA", [[["STT", "Tiêu chí"]], None, "không phải ô"]),
    ("PARXL_BANG_XEPHANG", [[["Chỉ có chữ"]]]),
    ("PARXL_BANG_XEPHANG", [[["STT", "Đơn vị", "Tổng điểm"], [1.0, "A", 90.0]], 0.0]),
])
def test_table_functions_explain_bad_input_in_one_cell(excel, name: str, args: list[object]) -> None:
    result = excel(name, *args)
    assert isinstance(result, list) and len(result) == 1 and len(result[0]) == 1  # one cell
    text = result[0][0]
    assert is_error(text) and not text.startswith("Lỗi không mong đợi"), text
    assert is_error(getattr(udfs, name)(*args))


def test_without_xlwings_the_functions_stay_a_library() -> None:
    import subprocess

    probe = ("import sys; sys.modules['xlwings'] = None; from parxl.addin import udfs; "
             "print(udfs.xw is None, 'pandas' in sys.modules, udfs.PARXL_TRU(2, 1.91)); "
             "print(udfs.PARXL_BANG_LINHVUC([['STT', 'Tiêu chí', 'Điểm tối đa', 'Điểm tự đánh giá'], "
             "['1', 'Chỉ đạo', 2, 2], ['1.1', 'Kế hoạch', 2, 2]]).values.tolist()[-1])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout.splitlines()
    assert out[0] == "True False 0.09"
    assert out[1] == "['', 'CHỈ SỐ CCHC', 2.0, 2.0, None, 2.0, 100.0]"
