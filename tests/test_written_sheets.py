"""What `parxl score` writes, read back by openpyxl, pandas and LibreOffice (an independent engine)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from parxl.templates import template_path
from parxl.workflow import score_file
from tests.support.libreoffice import needs_libreoffice, recalc_copy
from tests.test_cli import SEED_004

OWN = ("Kiểm tra", "Kết quả", "Phụ lục trừ điểm", "Tổng hợp lĩnh vực", "Phân công nhiệm vụ")
CHART_PARTS = {"xl/charts/chart1.xml", "xl/drawings/drawing1.xml", "xl/drawings/_rels/drawing1.xml.rels"}


@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scored")
    path = folder / "demo.xlsx"
    shutil.copyfile(template_path("demo.xlsx"), path)
    score_file(path)
    return path


def rows_of(path: Path, sheet: str, data_only: bool = True) -> list[tuple]:
    wb = load_workbook(path, data_only=data_only)
    try:
        return [tuple(c for c in row) for row in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


def test_deduction_appendix_golden(scored):
    rows = rows_of(scored, "Phụ lục trừ điểm")
    assert rows[0][0] == "PHỤ LỤC"
    assert rows[2][0] == "(Kèm theo Báo cáo số 20/BC-UBND ngày 27/02/2024 của UBND Phường 1)"
    assert rows[4][:6] == ("Mục", "Nội dung\nLĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa",
                           "Điểm tự đánh giá", "Điểm thẩm định", "Số điểm bị trừ")
    body = rows[5:-1]
    groups = [r[0] for r in body if r[2] is None]
    assert groups == ["1", "3", "4", "7"]
    items = {r[0]: tuple(r[2:6]) for r in body if r[2] is not None}
    assert list(items) == list(SEED_004)
    for code, values in SEED_004.items():
        assert items[code] == pytest.approx(values, abs=1e-9), code
    assert rows[-1][0] == "Tổng cộng" and rows[-1][2:6] == (20, 18.5, 11, 9)


def test_results_sheet_golden(scored):
    rows = rows_of(scored, "Kết quả")
    assert rows[0][0] == "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"
    areas = rows[5:14]
    assert [r[0] for r in areas] == [str(i) for i in range(1, 10)]
    assert areas[0][2:9] == (10.21, 14, None, None, 10.21, 14, 72.93)
    assert areas[-1][4:9] == (30, 30, 30, 30, 100)
    total = rows[14]
    assert total[1] == "CHỈ SỐ CCHC"
    assert total[2:10] == pytest.approx((61, 70, 30, 30, 91, 100, 91, 9.18), abs=1e-9)
    labels = {r[1]: r[2] for r in rows[16:21]}
    assert labels["Xếp loại"] == "Tốt" and labels["Tổng điểm"] == 91
    assert labels["Cơ sở tính điểm"] == "Điểm thẩm định"


def test_findings_sheet_links_every_finding_to_its_cell(scored):
    wb = load_workbook(scored)
    ws = wb["Kiểm tra"]
    links = [(ws.cell(r, 8).value, ws.cell(r, 4).hyperlink.location) for r in range(5, ws.max_row + 1)]
    wb.close()
    assert links[0] == ("parent_score_mismatch", "'Bảng điểm'!E9")
    assert len(links) == 9 and all(loc.startswith("'Bảng điểm'!") for _, loc in links)


def test_pandas_sees_the_cached_formula_values(scored):
    frame = pd.read_excel(scored, sheet_name="Phụ lục trừ điểm", header=None)
    assert frame.iloc[-1, 2:6].tolist() == [20, 18.5, 11, 9]


@needs_libreoffice
def test_libreoffice_recalculates_every_formula_to_the_stored_value(scored, tmp_path):
    recalculated = recalc_copy(scored, tmp_path / "lo")
    ours = load_workbook(scored)
    theirs = load_workbook(recalculated, data_only=True)
    cached = load_workbook(scored, data_only=True)
    checked = 0
    for name in OWN:
        for row in ours[name].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    stored = cached[name][cell.coordinate].value
                    assert theirs[name][cell.coordinate].value == pytest.approx(stored, abs=1e-9), \
                        (name, cell.coordinate, cell.value)
                    checked += 1
    assert checked > 50
    # The officials' own total, as an independent engine computes it, is what parxl reported as typed:
    # Excel and LibreOffice skip the "1,91" typed as text.
    assert theirs["Bảng điểm"]["E128"].value == pytest.approx(89.09)


def test_everything_else_in_the_package_is_unchanged(scored):
    before = zipfile.ZipFile(template_path("demo.xlsx"))
    after = zipfile.ZipFile(scored)
    allowed = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"}
    new = set(after.namelist()) - set(before.namelist())
    sheets = {n for n in new if n.startswith("xl/worksheets/sheet")}
    # The results sheet's chart: its drawing, the chart, and the relationships that tie them to that sheet.
    assert len(sheets) == len(OWN) and new - sheets == CHART_PARTS | {"xl/worksheets/_rels/sheet4.xml.rels"}
    for name in before.namelist():
        if name not in allowed:
            assert after.read(name) == before.read(name), name


@needs_libreoffice
def test_survey_points_from_settings_survive_recalculation(tmp_path):
    from tests.support.book import make_book

    path = tmp_path / "khong_dtxhh.xlsx"
    path.write_bytes(make_book([["1", "Chỉ đạo", 10, 10, 9, "x"], ["1.1", "Kế hoạch", 10, 10, 9, "x"]],
                               settings={"Điểm ĐTXHH": 8, "Điểm tối đa ĐTXHH": 10}))
    score_file(path)
    cached = load_workbook(path, data_only=True)["Kết quả"]
    theirs = load_workbook(recalc_copy(path, tmp_path / "lo"), data_only=True)["Kết quả"]
    assert [cached.cell(7, c).value for c in range(5, 10)] == [8, 10, 8, 10, 80]
    total = [cached.cell(8, c).value for c in range(3, 10)]
    assert total == [9, 10, 8, 10, 17, 20, 85]
    assert [theirs.cell(8, c).value for c in range(3, 10)] == pytest.approx(total)
