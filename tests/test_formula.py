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


def test_referenced_text_is_skipped_by_sum_like_a_range():
    g = grid({"A1": 1.5, "A2": "KAD", "A3": True, "B1": RawCell(None, "SUM(A1,A2)"), "B2": RawCell(None, "SUM(A1:A2)"),
              "B3": RawCell(None, "MAX(A2,A1)+MIN(A1,A2,A3)"), "B4": RawCell(None, "AVERAGE(A1,A2,3.5)")})
    ev = Evaluator(g)
    assert ev.cell(1, 2) == ev.cell(2, 2) == Decimal("1.5")
    assert ev.cell(3, 2) == Decimal("3.0")
    assert ev.cell(4, 2) == Decimal("2.5")


@pytest.mark.parametrize("text", ['SUM(A1,"KAD")', "ABS(A2)", "A1+A2"])
def test_text_typed_into_the_formula_or_used_in_arithmetic_is_an_error(text):
    g = grid({"A1": 1, "A2": "KAD", "B1": RawCell(None, text)})
    with pytest.raises(FormulaError):
        Evaluator(g).cell(1, 2)


def test_long_chain_without_stored_results_needs_no_deep_recursion():
    n = 5000
    cells = {"A1": 1}
    cells.update({f"A{r}": RawCell(None, f"A{r - 1}+1") for r in range(2, n + 1)})
    cells["B1"] = RawCell(None, f"SUM(A1:A{n})")
    ev = Evaluator(grid(cells))
    assert ev.cell(n, 1) == Decimal(n)
    assert ev.cell(1, 2) == Decimal(n * (n + 1) // 2)


def test_failure_at_the_bottom_of_a_long_chain_fails_every_dependent_cell():
    n = 3000
    cells = {"A1": RawCell(None, "VLOOKUP(1,C1:D2,2)")}
    cells.update({f"A{r}": RawCell(None, f"A{r - 1}+1") for r in range(2, n + 1)})
    ev = Evaluator(grid(cells))
    for r in (n, n // 2, 2, 1):
        with pytest.raises(FormulaError):
            ev.cell(r, 1)


def test_cycle_through_a_chain_is_an_error():
    g = grid({"A1": RawCell(None, "A3+1"), "A2": RawCell(None, "A1+1"), "A3": RawCell(None, "A2+1"),
              "B1": RawCell(None, "SUM(A1:A3)")})
    ev = Evaluator(g)
    with pytest.raises(FormulaError, match="vòng lặp"):
        ev.cell(3, 1)
    with pytest.raises(FormulaError):
        ev.cell(1, 2)
