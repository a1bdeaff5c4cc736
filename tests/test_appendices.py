"""The appendix sheets `parxl score` writes into the workbook: area summary, seed 000's deduction table,
task assignment kept across re-runs, and the results sheet's chart and recoverable block. Everything is
read back with openpyxl, lxml and LibreOffice, never with parxl's own writer."""

from __future__ import annotations

import io
import posixpath
import shutil
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from parxl.numbers import parse_number, parse_pair, round_dp
from parxl.sheetspec import Cell, ChartSeries, ChartSpec, SheetSpec
from parxl.templates import template_path
from parxl.workflow import check_file, score_file
from parxl.xlsxpkg import patch_workbook
from tests.support import built_workbooks, parts
from tests.support.libreoffice import needs_libreoffice, recalc_copies
from tests.test_cli import SEED_004

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
TASKS, SUMMARY, RESULTS, DEDUCTIONS = "Phân công nhiệm vụ", "Tổng hợp lĩnh vực", "Kết quả", "Phụ lục trừ điểm"
LAST_YEAR = {"1": 9.5, "2": 6, "3": 12.58, "4": 5, "5": 6.5, "6": 5, "7": 5.24, "8": 6, "9": 26}  # sums to 81.82


def values(path: Path, sheet: str) -> list[tuple]:
    wb = openpyxl.load_workbook(path, data_only=True)
    try:
        return [tuple(row) for row in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


def with_last_year(path: Path) -> None:
    """Fill the demo's "Mã lĩnh vực | Điểm năm trước" table (as an officer would, in a copy)."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Cấu hình"]
    for i, (code, points) in enumerate(LAST_YEAR.items(), 2):
        ws.cell(i, 5, code)
        ws.cell(i, 6, points)
    wb.save(path)


@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("appx") / "demo.xlsx"
    shutil.copyfile(template_path("demo.xlsx"), path)
    score_file(path)
    return path


@pytest.fixture(scope="module")
def scored_last_year(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("appx_ly") / "demo_ly.xlsx"
    shutil.copyfile(template_path("demo.xlsx"), path)
    with_last_year(path)
    score_file(path)
    return path


# ------------------------------------------------------------------------------------ summary ----


def test_area_summary_golden(scored):
    rows = values(scored, SUMMARY)
    assert rows[0][0] == "PHỤ LỤC"
    assert rows[1][0] == "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA UBND PHƯỜNG 1 NĂM 2023 THEO 09 NỘI DUNG"
    assert rows[2][0] == "(Kèm theo Báo cáo số 20/BC-UBND ngày 27/02/2024 của UBND Phường 1)"
    assert rows[4] == ("TT", "Nội dung", "Điểm thẩm định/Điểm tối đa", "Chỉ số thành phần (%)",
                       "Tăng/giảm so với năm 2022 (điểm)")
    body = rows[5:-1]
    assert [r[2] for r in body] == ["10,21/14", "6/6", "14,18/16", "5/6", "7/7", "5/5", "6,61/9", "7/7", "30/30"]
    assert [r[3] for r in body] == [72.93, 100, 88.63, 83.33, 100, 100, 73.44, 100, 100]
    assert rows[-1] == ("CHỈ SỐ CCHC (Tổng cộng)", None, "91/100", 91, 9.18)


def test_every_summary_number_is_the_computed_one(scored_last_year):
    analysis = check_file(scored_last_year)
    rows = values(scored_last_year, SUMMARY)[5:-1]
    for row, area in zip(rows, analysis.result.areas, strict=True):
        points, maximum = parse_pair(row[2])
        assert (points, maximum) == (round_dp(area.points), area.max)
        assert Decimal(repr(row[3])) == round_dp(area.index_pct)
        assert Decimal(repr(row[4])) == round_dp(area.change)
    assert [r[4] for r in rows] == pytest.approx([0.71, 0, 1.6, 0, 0.5, 0, 1.37, 1, 4])


# --------------------------------------------------------------------------------- seed 000 ----


def test_short_deduction_variant(tmp_path):
    path = tmp_path / "ngan.xlsx"
    shutil.copyfile(template_path("demo.xlsx"), path)
    score_file(path, variant="rut-gon")
    rows = values(path, DEDUCTIONS)
    assert rows[1][0] == "BẢNG CÁC TIÊU CHÍ BỊ TRỪ ĐIỂM NĂM 2023"
    assert rows[4] == ("TT", "Nội dung tiêu chí", "Điểm thẩm định", "Nguyên nhân", "Trách nhiệm tham mưu")
    body = rows[5:-1]
    headings = [r[0] for r in body if r[1] is None]
    assert headings == ["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
                        "III. CẢI CÁCH THỦ TỤC HÀNH CHÍNH VÀ THỰC HIỆN CƠ CHẾ MỘT CỬA, MỘT CỬA LIÊN THÔNG",
                        "IV. CẢI CÁCH TỔ CHỨC BỘ MÁY",
                        "VII. XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ"]
    items = [r for r in body if r[1] is not None]
    assert [r[0] for r in items] == list(range(1, 17))
    assert [r[1].split(". ")[0] for r in items] == list(SEED_004)
    for row, (maximum, _self, appraised, _deducted) in zip(items, SEED_004.values()):
        assert tuple(float(v) for v in parse_pair(row[2])) == pytest.approx((appraised, maximum))
    assert items[0][3] == "Hoàn thành 44/46 nhiệm vụ, đạt 95,68%"
    assert rows[-1][0] == "Tổng cộng" and rows[-1][2] == "11/20" and rows[-1][3] == "Số điểm bị trừ: 9"


# ------------------------------------------------------------------------------------- tasks ----


def task_rows(path: Path) -> list[tuple]:
    rows = values(path, TASKS)
    end = next(i for i, r in enumerate(rows) if r[0] == "Tổng cộng")
    return rows[5:end]


def test_task_sheet_golden(scored):
    rows = values(scored, TASKS)
    assert rows[1][0] == "PHÂN CÔNG CÁC NHIỆM VỤ CẢI THIỆN, NÂNG CAO CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024"
    assert rows[4] == ("STT", "Mã tiêu chí", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp",
                       "Thời gian hoàn thành", "Số điểm có thể lấy lại", "Tình trạng")
    tasks = task_rows(scored)
    assert [r[0] for r in tasks] == list(range(1, 17))
    points = [r[6] for r in tasks]
    assert points == sorted(points, reverse=True)
    assert {r[1]: r[6] for r in tasks} == pytest.approx({k: v[3] for k, v in SEED_004.items()})
    assert [r[1] for r in tasks[:3]] == ["1.5.4", "1.5.3", "1.7"]  # ties keep the score sheet's order
    first = tasks[0]
    assert first[2] == ("Nâng điểm tiêu chí 1.5.4 Sáng kiến trong triển khai CCHC. Khắc phục: Trong năm chỉ có "
                        "01/4 sáng kiến trong công tác CCHC được công nhận")
    assert first[3] == "Công chức phụ trách CCHC và công chức chuyên môn" and first[7] is None
    total = values(scored, TASKS)[5 + len(tasks)]
    assert total[0] == "Tổng cộng" and total[6] == 9


def _criterion_row(ws, code: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == code)


def test_officers_edits_survive_and_rows_follow_the_criteria(tmp_path):
    path = tmp_path / "giao_viec.xlsx"
    shutil.copyfile(template_path("demo.xlsx"), path)
    score_file(path)
    # The officer edits the task sheet and adds an own task; the district later restores 1.5.3 and cuts 5.4.3.
    wb = openpyxl.load_workbook(path)
    ws = wb[TASKS]
    by_code = {ws.cell(r, 2).value: r for r in range(6, 22)}
    r = by_code["1.7"]
    ws.cell(r, 3, "Tổ chức 02 cuộc đối thoại, ban hành văn bản trả lời kiến nghị")
    ws.cell(r, 4, "Chủ tịch UBND phường")
    ws.cell(r, 5, "Văn phòng UBND")
    ws.cell(r, 6, "Quý II/2024")
    ws.cell(by_code["4.4"], 6, 45473)  # a date typed in Excel: 30/06/2024
    ws.insert_rows(by_code["3.11.2"] + 1)
    ws.cell(by_code["3.11.2"] + 1, 3, "Tổ chức tự kiểm tra công vụ")
    ws.cell(by_code["3.11.2"] + 1, 4, "Văn phòng")
    sheet = wb["Bảng điểm"]
    sheet.cell(_criterion_row(sheet, "1.5.3"), 5, 1)
    cut = _criterion_row(sheet, "5.4.3")
    assert sheet.cell(cut, 3).value == sheet.cell(cut, 5).value  # full points before
    sheet.cell(cut, 5, 0)
    sheet.cell(cut, 9, "Chưa ban hành kế hoạch")
    wb.save(path)

    score_file(path)
    tasks = task_rows(path)
    codes = [r[1] for r in tasks]
    assert codes[:16] == ["1.5.4", "1.5.3", "1.7", "4.4", "7.1.4", "7.2", "3.12.1", "3.12.2", "7.3.1", "1.6",
                          "3.13.3", "1.1.3", "7.3.2", "3.13.2", "3.11.1", "3.11.2"]  # the officers' order kept
    assert codes[16] is None and tasks[16][2:4] == ("Tổ chức tự kiểm tra công vụ", "Văn phòng")
    assert codes[17] == "5.4.3" and tasks[17][2].endswith("Khắc phục: Chưa ban hành kế hoạch")  # appended
    assert [r[0] for r in tasks] == list(range(1, 19))
    edited = tasks[2]
    assert edited[2:6] == ("Tổ chức 02 cuộc đối thoại, ban hành văn bản trả lời kiến nghị", "Chủ tịch UBND phường",
                           "Văn phòng UBND", "Quý II/2024")
    assert tasks[3][5] == datetime(2024, 6, 30)  # the typed date still reads (and shows) as a date
    restored = tasks[1]
    assert restored[7] == "Không còn bị trừ điểm" and restored[6] == 0 and restored[2].startswith("Nâng điểm tiêu chí "
                                                                                                  "1.5.3")
    assert all(r[7] is None for i, r in enumerate(tasks) if i != 1)
    total = values(path, TASKS)[5 + len(tasks)]
    assert total[6] == pytest.approx(9 - 1 + tasks[17][6])
    wb = openpyxl.load_workbook(path)
    assert wb[TASKS].cell(9, 6).number_format == "dd/mm/yyyy"  # the typed date still shows as a date
    wb.close()

    once = path.read_bytes()
    score_file(path)
    assert path.read_bytes() == once  # nothing moves on a further run


# ----------------------------------------------------------------------------- results sheet ----


def test_recoverable_block(scored):
    rows = values(scored, RESULTS)
    start = next(i for i, r in enumerate(rows) if r[1] == "Ba tiêu chí có thể lấy lại nhiều điểm nhất")
    assert rows[start + 1][:4] == ("Tiêu chí", None, "Có thể lấy lại (điểm)", "Lý do bị trừ điểm")
    top = rows[start + 2 : start + 5]
    assert [(r[0], r[1], r[2]) for r in top] == [
        ("1.5.4", "Sáng kiến trong triển khai CCHC", 1.5),
        ("1.5.3", "Tổ chức thực hiện đánh giá chỉ số đã công bố và kết quả khắc phục tồn tại, hạn chế", 1),
        ("1.7", "Đối thoại của Lãnh đạo UBND xã với người dân, doanh nghiệp", 1)]
    assert rows[start + 5][1] == "Khắc phục ba tiêu chí này, tổng điểm có thể tăng thêm 3,5 điểm (lên 94,5 điểm)."
    wb = openpyxl.load_workbook(scored)
    assert wb[RESULTS].cell(start + 3, 1).hyperlink.location == "'Bảng điểm'!A29"
    wb.close()


def chart_of(path_or_bytes, sheet: str) -> etree._Element:
    """The chart XML of ``sheet``, found by following the relationships (independent of the writer)."""
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    p = parts(data)
    wb = etree.fromstring(p["xl/workbook.xml"])
    rid = next(s for s in wb.iter("{*}sheet") if s.get("name") == sheet).get(
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    rels = etree.fromstring(p["xl/_rels/workbook.xml.rels"])
    sheet_part = "xl/" + next(r for r in rels if r.get("Id") == rid).get("Target")
    folder, name = sheet_part.rsplit("/", 1)

    def target(rels_part: str, base: str) -> str:
        rel = etree.fromstring(p[rels_part])[0]
        return posixpath.normpath(posixpath.join(base, rel.get("Target")))

    drawing = target(f"{folder}/_rels/{name}.rels", folder)
    d_folder, d_name = drawing.rsplit("/", 1)
    chart = target(f"{d_folder}/_rels/{d_name}.rels", d_folder)
    types = etree.fromstring(p["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{{{NS_CT}}}Override")}
    assert overrides["/" + drawing] == "application/vnd.openxmlformats-officedocument.drawing+xml"
    assert overrides["/" + chart] == "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
    return etree.fromstring(p[chart])


def _series(chart: etree._Element) -> list[tuple[str, str, list[float], str, list[str]]]:
    out = []
    for ser in chart.iter(f"{C}ser"):
        cat, val = ser.find(f"{C}cat"), ser.find(f"{C}val")
        out.append((ser.find(f"{C}tx/{C}v").text, val.find(f".//{C}f").text,
                    [float(v.text) for v in val.iter(f"{C}v")], cat.find(f".//{C}f").text,
                    [v.text for v in cat.iter(f"{C}v")]))
    return out


def test_results_chart_refers_to_its_cells_and_caches_them(scored, scored_last_year):
    (name, ref, cached, cat_ref, labels), = _series(chart_of(scored, RESULTS))
    assert (name, ref, cat_ref) == ("Năm 2023", "'Kết quả'!$I$6:$I$14", "'Kết quả'!$B$6:$B$14")
    rows = values(scored, RESULTS)
    assert cached == [r[8] for r in rows[5:14]] and labels == [r[1] for r in rows[5:14]]
    this, last = _series(chart_of(scored_last_year, RESULTS))
    assert last[0] == "Năm 2022" and last[1] == "'Kết quả'!$K$6:$K$14"
    rows = values(scored_last_year, RESULTS)
    assert last[2] == [r[10] for r in rows[5:14]] == pytest.approx(
        [float(round_dp(Decimal(str(v)) / m * 100))
         for v, m in zip(LAST_YEAR.values(), (14, 6, 16, 6, 7, 5, 9, 7, 30))])
    assert this[2] == [r[8] for r in rows[5:14]]
    wb = openpyxl.load_workbook(scored_last_year)
    charts = wb[RESULTS]._charts
    assert len(charts) == 1 and len(charts[0].series) == 2
    wb.close()


# ----------------------------------------------------------------------------- chart parts ----

SPEC_ROWS = [[Cell("Lĩnh vực"), Cell("Chỉ số")]] + [[Cell(f"Lĩnh vực {i}"), Cell(i * 12.5)] for i in range(1, 5)]


def chart_spec(title: str = "Chỉ số") -> ChartSpec:
    return ChartSpec(title=title, categories="A2:A5", labels=tuple(f"Lĩnh vực {i}" for i in range(1, 5)),
                     series=(ChartSeries("Năm nay", "B2:B5", tuple(i * 12.5 for i in range(1, 5))),),
                     anchor=("D2", "K18"))


def test_chart_parts_are_replaced_in_place_and_removed_with_the_chart():
    src = built_workbooks()["built_chart"]  # already holds the user's chart1.xml and drawing1.xml
    with_chart = SheetSpec("Kết quả", rows=SPEC_ROWS, charts=[chart_spec()])
    once = patch_workbook(src, [with_chart], owned_names=["Kết quả"])
    before, after = parts(src), parts(once)
    for name, data in before.items():
        if name not in {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}:
            assert after[name] == data, name  # the user's chart untouched
    new = set(after) - set(before)
    assert new == {"xl/worksheets/sheet2.xml", "xl/worksheets/_rels/sheet2.xml.rels", "xl/drawings/drawing2.xml",
                   "xl/drawings/_rels/drawing2.xml.rels", "xl/charts/chart2.xml"}
    assert chart_of(once, "Kết quả").find(f".//{C}title//{{*}}t").text == "Chỉ số"
    twice = patch_workbook(once, [with_chart], owned_names=["Kết quả"])
    assert twice == once
    retitled = patch_workbook(once, [SheetSpec("Kết quả", rows=SPEC_ROWS, charts=[chart_spec("Mới")])],
                              owned_names=["Kết quả"])
    assert set(parts(retitled)) == set(after)  # same part names, new content
    assert chart_of(retitled, "Kết quả").find(f".//{C}title//{{*}}t").text == "Mới"
    gone = parts(patch_workbook(once, [SheetSpec("Kết quả", rows=SPEC_ROWS)], owned_names=["Kết quả"]))
    assert set(gone) == set(before) | {"xl/worksheets/sheet2.xml"}
    assert b"drawing2" not in gone["[Content_Types].xml"] and b"chart2" not in gone["[Content_Types].xml"]


def test_other_relationships_of_an_owned_sheet_are_kept():
    src = patch_workbook(built_workbooks()["built_comments"], [SheetSpec("Kết quả", rows=SPEC_ROWS)],
                         owned_names=["Kết quả"])
    foreign = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               f'<Relationships xmlns="{NS_REL}"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/'
               'officeDocument/2006/relationships/hyperlink" Target="https://example.org" TargetMode="External"/>'
               '</Relationships>').encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        zout.writestr("xl/worksheets/_rels/sheet2.xml.rels", foreign)
    out = parts(patch_workbook(buf.getvalue(), [SheetSpec("Kết quả", rows=SPEC_ROWS, charts=[chart_spec()])],
                               owned_names=["Kết quả"]))
    rels = etree.fromstring(out["xl/worksheets/_rels/sheet2.xml.rels"])
    assert sorted((r.get("Id"), r.get("Type").rsplit("/", 1)[1]) for r in rels) == [("rId7", "hyperlink"),
                                                                                   ("rId8", "drawing")]
    assert b'<drawing r:id="rId8"/>' in out["xl/worksheets/sheet2.xml"]


def test_bad_chart_ranges_are_refused():
    from parxl.errors import BadInput

    bad = ChartSpec(title="x", categories="A2:B5", labels=("a",) * 4,
                    series=(ChartSeries("s", "B2:B5", (1, 2, 3, 4)),), anchor=("D2", "K18"))
    with pytest.raises(BadInput):
        patch_workbook(built_workbooks()["built_comments"], [SheetSpec("Kết quả", charts=[bad])],
                       owned_names=["Kết quả"])
    short = ChartSpec(title="x", categories="A2:A5", labels=("a",) * 4,
                      series=(ChartSeries("s", "B2:B5", (1, 2)),), anchor=("D2", "K18"))
    with pytest.raises(BadInput):
        patch_workbook(built_workbooks()["built_comments"], [SheetSpec("Kết quả", charts=[short])],
                       owned_names=["Kết quả"])


@needs_libreoffice
def test_libreoffice_opens_the_workbook_with_its_chart(scored_last_year, tmp_path):
    out, = recalc_copies([scored_last_year], tmp_path / "lo")
    wb = openpyxl.load_workbook(out, data_only=True)
    ours = openpyxl.load_workbook(scored_last_year, data_only=True)
    try:
        assert len(wb[RESULTS]._charts) == 1  # the chart survives a LibreOffice round trip
        for name in (RESULTS, SUMMARY, TASKS):
            for row in ours[name].iter_rows():
                for cell in row:
                    if isinstance(cell.value, (int, float)):
                        assert wb[name][cell.coordinate].value == pytest.approx(cell.value, abs=1e-9), \
                            (name, cell.coordinate)
    finally:
        wb.close()
        ours.close()


def test_recoverable_points_match_the_deductions(scored):
    analysis = check_file(scored)
    deducted = {d.code: d.deducted for d in analysis.result.deductions}
    for row in task_rows(scored):
        assert parse_number(row[6]) == deducted[row[1]]
