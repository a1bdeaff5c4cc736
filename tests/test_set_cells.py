"""Writing values into the officials' own score sheet: only the target cells change, totals follow."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from lxml import etree
from openpyxl import load_workbook

from parxl.errors import UnsafeToWrite
from parxl.read import WorkbookReader
from parxl.templates import template_path
from parxl.xlsxpkg.cells import set_cells
from tests.support.book import make_book
from tests.support.libreoffice import needs_libreoffice, recalc_copy

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def cells_of(data: bytes, part: str) -> dict[str, bytes]:
    root = etree.fromstring(zipfile.ZipFile(BytesIO(data)).read(part))
    return {c.get("r"): etree.tostring(c) for c in root.iter(M + "c")}


def test_only_target_cells_and_dependent_results_change():
    src = template_path("demo.xlsx").read_bytes()
    out = set_cells(src, "Bảng điểm", {"E13": 1.91, "I13": "Hoàn thành 44/46 nhiệm vụ", "K200": "mới"})
    before, after = zipfile.ZipFile(BytesIO(src)), zipfile.ZipFile(BytesIO(out))
    changed = [n for n in before.namelist() if before.read(n) != after.read(n)]
    assert changed == ["xl/worksheets/sheet1.xml"]
    old, new = cells_of(src, changed[0]), cells_of(out, changed[0])
    formulas = {r for r, xml in old.items() if b"<f>" in xml or b":f>" in xml}
    differing = {r for r in new if old.get(r) != new[r]}
    assert differing - formulas == {"E13", "I13", "K200"}
    # the style of an existing cell is kept
    assert etree.fromstring(new["E13"]).get("s") == etree.fromstring(old["E13"]).get("s")
    grid = WorkbookReader(out).grid("Bảng điểm")
    assert grid.cells[(13, 5)].value == 1.91
    assert grid.cells[(10, 5)].value == 2.91  # 1.1 = SUM(E11:E13), recomputed
    assert grid.cells[(128, 5)].value == 91  # the total follows


def test_formula_cells_are_never_overwritten():
    src = template_path("demo.xlsx").read_bytes()
    with pytest.raises(UnsafeToWrite, match="E10"):
        set_cells(src, "Bảng điểm", {"E10": 3})


def test_unevaluable_formula_loses_its_stale_value_and_asks_for_recalculation():
    src = make_book([["1", "A", 2, 2, 1], ["1.1", "B", 2, 2, 1], [None, "Tổng", None, None, "=VLOOKUP(1,A4:E5,5)"]])
    out = set_cells(src, "Bảng điểm", {"E5": 2})
    wb = zipfile.ZipFile(BytesIO(out)).read("xl/workbook.xml")
    assert b'fullCalcOnLoad="1"' in wb
    assert load_workbook(BytesIO(out), data_only=True)["Bảng điểm"]["E6"].value is None


@needs_libreoffice
def test_libreoffice_agrees_with_the_recomputed_totals(tmp_path):
    path = tmp_path / "diem.xlsx"
    path.write_bytes(set_cells(template_path("demo.xlsx").read_bytes(), "Bảng điểm", {"E13": 1.91, "E24": 0.25}))
    ours = load_workbook(path, data_only=True)["Bảng điểm"]
    theirs = load_workbook(recalc_copy(path, tmp_path / "lo"), data_only=True)["Bảng điểm"]
    formulas = load_workbook(path)["Bảng điểm"]
    checked = 0
    for row in formulas.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                assert theirs[cell.coordinate].value == pytest.approx(ours[cell.coordinate].value), cell.coordinate
                checked += 1
    assert checked > 30
