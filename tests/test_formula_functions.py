"""The evaluator's functions against hand rules, its bounds, its speed, and LibreOffice."""

from __future__ import annotations

import math
import time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parxl.formula import Evaluator, ExcelError, FormulaError, parse
from parxl.read import Grid, RawCell, a1
from tests.support.libreoffice import needs_libreoffice

decimals = st.decimals(min_value=-10_000, max_value=10_000, places=4, allow_nan=False, allow_infinity=False)


def grid(cells: dict[str, object], name: str = "s") -> Grid:
    from parxl.read import split_a1

    g = Grid(name)
    for ref, value in cells.items():
        g.cells[split_a1(ref)] = value if isinstance(value, RawCell) else RawCell(value)
    return g


def f(text: str, cells: dict[str, object] | None = None) -> object:
    g = grid({**(cells or {}), "Z99": RawCell(None, text)})
    return Evaluator(g).cell(99, 26)


def _hand_round(x: Decimal, n: int, how: str) -> Decimal:
    """Excel's rounding of |x| at 10^-n, the sign put back: half away from zero, up, down."""
    scale = Decimal(10) ** n
    magnitude = abs(x) * scale
    whole = {"round": math.floor(magnitude + Decimal("0.5")), "up": math.ceil(magnitude),
             "down": math.floor(magnitude)}[how]
    return (Decimal(whole) / scale).copy_sign(x) if whole else Decimal(0)


@settings(max_examples=150, deadline=None)
@given(decimals, st.integers(0, 3))
def test_rounding_functions_follow_excel(x, n):
    cells = {"A1": float(x)}
    assert f(f"ROUND(A1,{n})", cells) == _hand_round(x, n, "round")
    assert f(f"ROUNDUP(A1,{n})", cells) == _hand_round(x, n, "up")
    assert f(f"ROUNDDOWN(A1,{n})", cells) == _hand_round(x, n, "down")
    assert f(f"TRUNC(A1,{n})", cells) == _hand_round(x, n, "down")
    assert f("INT(A1)", cells) == math.floor(x)
    assert f("ABS(A1)", cells) == abs(x)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(decimals, st.sampled_from(["KAD", "", "x"])), min_size=1, max_size=12))
def test_aggregates_skip_text_in_ranges(values):
    cells = {f"A{i}": (float(v) if isinstance(v, Decimal) else v) for i, v in enumerate(values, 1) if v != ""}
    numbers = [v for v in values if isinstance(v, Decimal)]
    last = len(values)
    assert f(f"SUM(A1:A{last})", cells) == sum(numbers, Decimal(0))
    assert f(f"COUNT(A1:A{last})", cells) == len(numbers)
    assert f(f"COUNTA(A1:A{last})", cells) == len([v for v in values if v != ""])
    assert f(f"MAX(A1:A{last})", cells) == max(numbers, default=Decimal(0))
    assert f(f"MIN(A1:A{last})", cells) == min(numbers, default=Decimal(0))
    assert f(f'COUNTIF(A1:A{last},">=0")', cells) == len([v for v in numbers if v >= 0])
    assert f(f'SUMIF(A1:A{last},"<0")', cells) == sum((v for v in numbers if v < 0), Decimal(0))
    if numbers:
        assert f(f"AVERAGE(A1:A{last})", cells) == sum(numbers, Decimal(0)) / len(numbers)
    else:
        with pytest.raises(ExcelError):
            f(f"AVERAGE(A1:A{last})", cells)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text("abcdxyz", min_size=1, max_size=3), min_size=1, max_size=8, unique_by=str.casefold),
       st.text("abcdxyz", min_size=1, max_size=3))
def test_lookups_find_the_first_exact_match(keys, wanted):
    cells: dict[str, object] = {}
    for i, key in enumerate(keys, 1):
        cells[f"A{i}"], cells[f"B{i}"] = key, i * 10
    n = len(keys)
    position = next((i for i, k in enumerate(keys, 1) if k.casefold() == wanted.casefold()), None)
    if position is None:
        with pytest.raises(ExcelError, match="#N/A"):
            f(f'VLOOKUP("{wanted}",A1:B{n},2,FALSE)', cells)
        assert f(f'IFERROR(MATCH("{wanted}",A1:A{n},0),-1)', cells) == -1
    else:
        assert f(f'VLOOKUP("{wanted}",A1:B{n},2,FALSE)', cells) == position * 10
        assert f(f'MATCH("{wanted}",A1:A{n},0)', cells) == position
        assert f(f'INDEX(B1:B{n},MATCH("{wanted}",A1:A{n},0))', cells) == position * 10


@given(st.booleans(), st.booleans())
def test_logic(p, q):
    cells = {"A1": p, "A2": q}
    assert f("AND(A1,A2)", cells) is (p and q)
    assert f("OR(A1,A2)", cells) is (p or q)
    assert f("NOT(A1)", cells) is (not p)
    assert f('IF(A1,"c","k")', cells) == ("c" if p else "k")
    assert f("IFS(A1,1,A2,2,TRUE,3)", cells) == (1 if p else 2 if q else 3)


def test_approximate_lookups_and_hlookup():
    cells = {"A1": 0, "B1": "Yếu", "A2": 50, "B2": "Trung bình", "A3": 70, "B3": "Khá", "A4": 90, "B4": "Xuất sắc",
             "D1": "x", "E1": "y", "D2": 1, "E2": 2}
    assert f("VLOOKUP(75.5,A1:B4,2)", cells) == "Khá"
    assert f("VLOOKUP(90,A1:B4,2,TRUE)", cells) == "Xuất sắc"
    assert f("MATCH(69.99,A1:A4)", cells) == 2
    assert f('HLOOKUP("y",D1:E2,2,0)', cells) == 2
    assert f("INDEX(A1:B4,3,2)", cells) == "Khá"
    with pytest.raises(ExcelError, match="#REF!"):
        f("VLOOKUP(75,A1:B4,3)", cells)


def test_sumproduct_countifs_sumifs_and_percent():
    cells = {"A1": 2, "A2": 3, "B1": 0.5, "B2": "x", "C1": "Đạt", "C2": "đạt"}
    assert f("SUMPRODUCT(A1:A2,B1:B2)", cells) == Decimal("1.0")
    assert f('COUNTIFS(C1:C2,"ĐẠT",A1:A2,">2")', cells) == 1
    assert f('SUMIFS(A1:A2,C1:C2,"đ*")', cells) == 5
    assert f("A1*50%+10%", cells) == Decimal("1.1")
    assert f('IFERROR(A1/0,"chia 0")', cells) == "chia 0"
    assert f("IF(A1>1,A1,1/0)", cells) == 2  # the branch not taken is not evaluated


def test_cross_sheet_references():
    other = grid({"B2": 4, "C3": RawCell(None, "B2*2")}, "Số liệu")
    main = grid({"A1": RawCell(None, "'Số liệu'!C3+SUM('số liệu'!B2:C3)")}, "Bảng")
    ev = Evaluator(main, lambda name: other if name == "số liệu" else None)
    assert ev.cell(1, 1) == 20
    with pytest.raises(FormulaError):
        Evaluator(grid({"A1": RawCell(None, "Khác!A1")})).cell(1, 1)


@pytest.mark.parametrize("text,function", [
    ("(" * 10_000 + "1" + ")" * 10_000, "độ dài"),
    ("+".join(["1"] * 6_000), "độ dài"),
    ("ABS(" * 65 + "1" + ")" * 65, "lồng nhau"),
    ("-" * 100 + "1", "dấu"),
    ("XLOOKUP(1,A1:A2,B1:B2)", "XLOOKUP"),
    ("IFERROR(FORECAST(1,A1:A2,B1:B2),0)", "FORECAST"),
    ("Tên_đã_đặt*2", "Tên_đã_đặt"),
])
def test_what_parxl_cannot_evaluate_is_refused_with_its_function(text, function):
    with pytest.raises(FormulaError) as info:
        f(text)
    assert not isinstance(info.value, ExcelError)
    assert info.value.function == function


def test_nesting_up_to_excels_limit_is_evaluated():
    assert f("(" * 60 + "1" + ")" * 60) == 1
    assert f("ABS(" * 64 + "-1" + ")" * 64) == 1
    assert parse("+".join(["1"] * 4000))[0] == "chain"


def test_twenty_thousand_range_formulas_without_results_are_quick():
    n = 20_000
    g = Grid("s")
    for r in range(1, n + 1):
        g.cells[(r, 1)] = RawCell(r % 7)
        g.cells[(r, 2)] = RawCell(None, f"SUM(A{r}:A{r + 2})+IFERROR(VLOOKUP(A{r},$A$1:$A$300,1,FALSE),0)")
        g.cells[(r, 3)] = RawCell(None, f"B{r}+ROUND(B{r}/3,2)")
    g.cells[(n + 1, 3)] = RawCell(None, f"SUM(C1:C{n})")
    start = time.perf_counter()
    ev = Evaluator(g)
    total = ev.cell(n + 1, 3)
    assert time.perf_counter() - start < 30
    assert ev.cell(1, 2) == (1 + 2 + 3) + 1  # A1 = 1 is found by VLOOKUP
    assert isinstance(total, Decimal) and total > 0


@needs_libreoffice
def test_libreoffice_agrees_with_the_evaluator(tmp_path):
    """The function layout recalculated by LibreOffice: every cell parxl computes, LibreOffice computes
    the same (to Excel's 15 significant digits)."""
    from parxl.read import WorkbookReader
    from tests.support.layouts import functions_without_results
    from tests.support.libreoffice import recalc_copy

    source = tmp_path / "ham.xlsx"
    source.write_bytes(functions_without_results())
    done = recalc_copy(source, tmp_path / "out")
    ours = WorkbookReader(source.read_bytes())
    theirs = WorkbookReader(done.read_bytes())
    mine = ours.grid("Bảng điểm")
    ev = Evaluator(mine, lambda name: ours.grid("Số liệu") if name == "số liệu" else None)
    checked = 0
    for (r, c), raw in mine.cells.items():
        if raw.formula is None:
            continue
        expected = theirs.grid("Bảng điểm").value(r, c)
        value = ev.cell(r, c)
        assert expected is not None, a1(r, c)
        assert round(float(value), 12) == round(float(expected), 12), (a1(r, c), raw.formula, value, expected)
        checked += 1
    assert checked >= 20


@needs_libreoffice
def test_recalc_option_scores_libreoffices_results_and_leaves_the_file(tmp_path):
    from typer.testing import CliRunner

    from parxl.cli import app
    from tests.support.layouts import book

    rows = [["STT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá"], ["I", "A", 2, "=D3"],
            ["1.1", "a", 2, '=FLOOR(1.7,0.5)']]
    path = tmp_path / "bang.xlsx"
    path.write_bytes(book({"Bảng điểm": rows}))
    before = path.read_bytes()
    plain = CliRunner().invoke(app, ["check", str(path), "--json"])
    assert plain.exit_code == 1 and '"formula_uncomputable"' in plain.output
    again = CliRunner().invoke(app, ["check", str(path), "--json", "--recalc"])
    assert again.exit_code == 0, again.output
    assert '"points": 1.5' in again.output
    assert path.read_bytes() == before


def test_recalc_without_libreoffice_says_so(tmp_path, monkeypatch):
    from parxl.recalc import RecalcUnavailable, recalculated

    monkeypatch.setattr("parxl.soffice.find", lambda: None)
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"x")
    with pytest.raises(RecalcUnavailable, match="LibreOffice"):
        recalculated(path)
