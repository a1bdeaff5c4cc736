from decimal import Decimal

import pytest

from parxl.formula import Evaluator, FormulaError
from parxl.read import Grid, RawCell


def grid(cells):
    g = Grid("s")
    for ref, value in cells.items():
        from parxl.read import split_a1

        g.cells[split_a1(ref)] = value if isinstance(value, RawCell) else RawCell(value)
    return g


def test_sum_skips_text_like_excel():
    g = grid({"A1": 1.5, "A2": "1,91", "A3": RawCell(None, "SUM(A1:A2)")})
    assert Evaluator(g).cell(3, 1) == Decimal("1.5")


def test_arithmetic_functions_and_chains():
    g = grid({"A1": 2, "A2": 0.09, "B1": RawCell(None, "A1-A2"), "B2": RawCell(None, "ROUND(B1*100/3,2)"),
              "B3": RawCell(None, "IF(B1>1,MAX(A1,A2),0)"), "B4": RawCell(None, "ROUNDDOWN(0.9656,2)"),
              "B5": RawCell(None, "SUM(A1,A2,B1)+-1")})
    ev = Evaluator(g)
    assert ev.cell(1, 2) == Decimal("1.91")
    assert ev.cell(2, 2) == Decimal("63.67")
    assert ev.cell(3, 2) == Decimal(2)
    assert ev.cell(4, 2) == Decimal("0.96")
    assert ev.cell(5, 2) == Decimal("3.00")


def test_cached_values_win_over_formulas():
    g = grid({"A1": 1, "A2": RawCell(5, "A1*2")})
    assert Evaluator(g).cell(2, 1) == Decimal(5)


@pytest.mark.parametrize("text", ["Sheet2!A1", "VLOOKUP(A1,B:C,2)", "A1/0", "A2"])
def test_unsupported_or_broken(text):
    g = grid({"A1": 1, "A2": RawCell(None, "A2+1"), "B1": RawCell(None, text)})
    with pytest.raises(FormulaError):
        Evaluator(g).cell(1, 2)
