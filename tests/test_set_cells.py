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


def as_if_saved_by_excel(data: bytes, cached: dict[str, tuple[str, str | None]]) -> bytes:
    """``data`` with cached results in formula cells (A1 -> (text of <v>, t)) and no full-recalculation flag,
    the way a workbook last saved by Excel arrives."""
    src = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            part = src.read(name)
            if name == "xl/worksheets/sheet1.xml":
                root = etree.fromstring(part)
                for c in root.iter(M + "c"):
                    if c.get("r") in cached:
                        text, kind = cached[c.get("r")]
                        v = c.find(M + "v")
                        if v is None:
                            v = etree.SubElement(c, M + "v")
                        v.text = text
                        if kind:
                            c.set("t", kind)
                part = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif name == "xl/workbook.xml":
                part = part.replace(b' fullCalcOnLoad="1"', b"")
            dst.writestr(name, part)
    return out.getvalue()


def full_calc_on_load(data: bytes) -> bool:
    return b'fullCalcOnLoad="1"' in zipfile.ZipFile(BytesIO(data)).read("xl/workbook.xml")


def test_unevaluable_formula_keeps_its_cached_value_and_asks_for_recalculation():
    src = as_if_saved_by_excel(make_book([
        ["1", "A", 2, 2, 1], ["1.1", "B", 2, 2, 1],
        [None, "Tổng", None, None, "=VLOOKUP(1,A4:E5,5)", "=E6*2", "=SUM(E4:E5)"],
    ]), {"E6": ("1", None), "F6": ("2", None), "G6": ("2", None)})
    assert not full_calc_on_load(src)
    out = set_cells(src, "Bảng điểm", {"E5": 2})
    assert full_calc_on_load(out)
    ws = load_workbook(BytesIO(out), data_only=True)["Bảng điểm"]
    assert (ws["E6"].value, ws["F6"].value) == (1, 2)  # kept for readers that do not recalculate
    assert ws["G6"].value == 3  # what parxl can compute is refreshed
    assert WorkbookReader(out).grid("Bảng điểm").cells[(6, 5)].value == 1


def test_text_and_boolean_results_are_refreshed_when_their_inputs_change():
    src = as_if_saved_by_excel(make_book([
        ["1", "A", 2, 2, 2, '=IF(E4>=C4,"Đạt","Chưa đạt")', "=E4>=C4", '=IF(E4>=C4,"",C4-E4)'],
    ]), {"F4": ("Đạt", "str"), "G4": ("1", "b"), "H4": ("", "str")})
    out = set_cells(src, "Bảng điểm", {"E4": 1.5})
    assert not full_calc_on_load(out)  # everything was recomputed: no need to ask Excel
    cells = {r: etree.fromstring(xml) for r, xml in cells_of(out, "xl/worksheets/sheet1.xml").items()}
    assert (cells["F4"].get("t"), cells["F4"].findtext(M + "v")) == ("str", "Chưa đạt")
    assert (cells["G4"].get("t"), cells["G4"].findtext(M + "v")) == ("b", "0")
    assert (cells["H4"].get("t"), cells["H4"].findtext(M + "v")) == (None, "0.5")
    ws = load_workbook(BytesIO(out), data_only=True)["Bảng điểm"]
    assert (ws["F4"].value, ws["G4"].value, ws["H4"].value) == ("Chưa đạt", False, 0.5)


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
