"""Tables read from the decision itself (Word, web page, Excel annex) give the rows and findings of the same
table pasted as text; every cell keeps its place in the document."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parxl.cli import app
from parxl.documents import UnreadableDocument, read_tables_bytes
from parxl.documents.paste import choose, survey
from parxl.errors import BadInput
from parxl.paste import parse_cells, parse_paste
from tests.support.documents import Published, from_tab_text, to_docx, to_html, to_xlsx

DATA = Path(__file__).parent / "data" / "paste"
# seed 004's appendix: "Mục", "Nội dung", "Số điểm bị trừ", … span both header rows;
# "Điểm" spans three columns
APPENDIX_MERGES = [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 4), (0, 5, 1, 5), (0, 6, 1, 6), (0, 7, 1, 7)]


def published(name: str) -> Published:
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    if name.startswith("seed004"):
        return from_tab_text(text, APPENDIX_MERGES, header_rows=2)
    return from_tab_text(text)


TABLES = ["units_hadong_tab", "units_hadong_errors", "seed004_appendix_tab", "seed000_areas_tab"]
BUILDERS = {"docx": to_docx, "html": to_html, "xlsx": to_xlsx}
SMALL = [["STT", "Đơn vị", "Tổng điểm"], ["1", "Phường A", "90,5"], ["2", "Phường B", "88"]]


def comparable(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Rows without their positions (text lines and grid rows differ by nature)."""
    return [{k: v for k, v in r.items() if k not in ("line", "cells")} for r in rows]


@pytest.mark.parametrize("fmt", sorted(BUILDERS))
@pytest.mark.parametrize("name", TABLES)
def test_document_reads_like_the_pasted_text(name: str, fmt: str) -> None:
    table = published(name)
    pasted = parse_paste(table.tab_text())
    doc = choose(read_tables_bytes(BUILDERS[fmt](table), f"qd.{fmt}"), "paste", label=f"qd.{fmt}")
    direct = parse_cells([list(r) for r in doc.table.grid])
    assert doc.result.kind == pasted.kind == direct.kind != "unknown"
    assert comparable(doc.result.rows) == comparable(pasted.rows)
    assert [f.code for f in doc.result.findings] == [f.code for f in pasted.findings]


# Phụ lục of Hà Đông 2023, as published: stt, unit, appraised, survey, total, index, rank, classification
HADONG = [
    (1, "Phường Biên Giang", "58.42", "28.1", "86.52", "86.52", 15, "Tốt"),
    (2, "Phường Đồng Mai", "61.35", "29", "90.35", "90.35", 8, "Xuất sắc"),
    (3, "Phường Dương Nội", "65.13", "30", "95.13", "95.13", 1, "Xuất sắc"),
    (4, "Phường Hà Cầu", "62.8", "28.75", "91.55", "91.55", 5, "Xuất sắc"),
    (5, "Phường Kiến Hưng", "60.15", "27.3", "87.45", "87.45", 14, "Tốt"),
    (6, "Phường La Khê", "63.47", "29.1", "92.57", "92.57", 3, "Xuất sắc"),
    (7, "Phường Mộ Lao", "61.9", "28.4", "90.3", "90.30", 9, "Xuất sắc"),
    (8, "Phường Nguyễn Trãi", "59.76", "28.9", "88.66", "88.66", 13, "Tốt"),
    (9, "Phường Phú La", "62.8", "28.75", "91.55", "91.55", 5, "Xuất sắc"),
    (10, "Phường Phú Lãm", "65.06", "30", "95.06", "95.06", 2, "Xuất sắc"),
    (11, "Phường Phú Lương", "57.33", "27.65", "84.98", "84.98", 16, "Tốt"),
    (12, "Phường Phúc La", "63.02", "29.2", "92.22", "92.22", 4, "Xuất sắc"),
    (13, "Phường Quang Trung", "60.88", "28.05", "88.93", "88.93", 12, "Tốt"),
    (14, "Phường Vạn Phúc", "62.15", "29.35", "91.5", "91.50", 7, "Xuất sắc"),
    (15, "Phường Văn Quán", "61.4", "28.8", "90.2", "90.20", 10, "Xuất sắc"),
    (16, "Phường Yên Nghĩa", "56.95", "27.1", "84.05", "84.05", 17, "Tốt"),
    (17, "Phường Yết Kiêu", "60.6", "28.4", "89", "89.00", 11, "Tốt"),
]


def assert_hadong(rows: list[dict[str, object]]) -> None:
    data = [r for r in rows if "role" not in r]
    got = [(r["stt"], r["unit"], r["appraised"], r["survey"], r["total"], r["index_pct"], r["rank"],
            r["classification"]) for r in data]
    want = [(s, u, Decimal(a), Decimal(v), Decimal(t), Decimal(i), k, c) for s, u, a, v, t, i, k, c in HADONG]
    assert got == want
    assert all(r["rank_of"] == 17 for r in data)
    total = next(r for r in rows if r.get("role") == "total")
    assert (total["appraised"], total["survey"], total["total"]) == (Decimal("1043.17"), Decimal("486.85"),
                                                                    Decimal("1530.02"))
    average = next(r for r in rows if r.get("role") == "average")
    assert (average["appraised"], average["survey"], average["total"], average["index_pct"]) == (
        Decimal("61.36"), Decimal("28.64"), Decimal(90), Decimal("90.00"))


@pytest.mark.parametrize("fmt", sorted(BUILDERS))
def test_every_number_of_the_units_table(fmt: str) -> None:
    doc = choose(read_tables_bytes(BUILDERS[fmt](published("units_hadong_tab")), f"qd.{fmt}"), "rank")
    assert_hadong(doc.result.rows)
    assert doc.result.findings == []


def test_word_places_merged_header_and_findings() -> None:
    table = published("units_hadong_errors")
    doc = choose(read_tables_bytes(to_docx(table), "qd.docx"), "paste", label="qd.docx")
    caption = len(table.caption)
    assert doc.table.grid[caption][0] == "STT"  # the caption paragraphs come first, then the table's rows
    for f in doc.result.findings:
        place = doc.place_of(f.line)
        assert place is not None and place.table == 1
        assert place.row == f.line - caption  # row 1 of the Word table is its header
    data = doc.to_json()
    first = data["rows"][0]
    assert first["source"] == {"file": "qd.docx", "page": None, "table": 1, "row": 2, "col": None}
    assert first["sources"]["total"] == {"file": "qd.docx", "page": None, "table": 1, "row": 2, "col": 5}
    appendix = read_tables_bytes(to_docx(published("seed004_appendix_tab")), "pl.docx")[0]
    header = appendix.grid[2:4]  # after the two caption lines
    assert header[0][:6] == ["Mục", "Nội dung", "Điểm", None, None, "Số điểm bị trừ"]
    assert header[1][:6] == [None, None, "Tối đa", "Tự đánh giá", "Thẩm định", None]
    reason = appendix.grid[5][6]
    assert reason.startswith("Hoàn thành 44/46 nhiệm vụ, đạt 95,68%\n- Các bộ phận")  # multi-line cell


def test_word_nested_table_is_a_finding() -> None:
    import io

    from docx import Document

    doc = Document()
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate(SMALL):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(2, 1).add_table(rows=1, cols=2)
    buf = io.BytesIO()
    doc.save(buf)
    tables = read_tables_bytes(buf.getvalue(), "qd.docx")
    assert len(tables) == 1
    assert [(f.code, f.line) for f in tables[0].findings] == [("doc_nested_table", 3)]
    assert tables[0].grid[2] == ["2", "Phường B", "88"]


def test_html_spans_entities_and_layout_tables() -> None:
    page = ("<html><body><table><tr><td>menu</td><td><table>"
            "<tr><th rowspan='2'>STT</th><th rowspan='2'>Đơn&nbsp;vị</th><th colspan='2'>Điểm</th></tr>"
            "<tr><th>Thẩm<br>định</th><th>Tổng</th></tr>"
            "<tr><td>1</td><td><b>Phường</b> A</td><td>60,5</td><td>90,5</td></tr>"
            "</table></td></tr></table></body></html>").encode()
    tables = read_tables_bytes(page, "qd.html")
    assert len(tables) == 1  # the frame around the content is a layout table
    assert tables[0].grid == [["STT", "Đơn vị", "Điểm", None], [None, None, "Thẩm định", "Tổng"],
                              ["1", "Phường A", "60,5", "90,5"]]


def test_several_tables_listed_and_chosen() -> None:
    areas, units = published("seed000_areas_tab"), published("units_hadong_tab")
    tables = read_tables_bytes(to_docx(units, before=[areas]), "qd.docx")
    listing = [info for info, _ in survey(tables)]
    assert [(i.number, i.kind, i.rows) for i in listing] == [(1, "areas", 7), (2, "units", 17)]
    assert listing[1].header.startswith("STT | Đơn vị | Điểm thẩm định (70)")
    assert choose(tables, "rank").table.number == 2
    assert choose(tables, "paste").table.number == 2  # the most rows among the kinds paste reads
    assert choose(tables, "paste", 1).result.kind == "areas"
    with pytest.raises(BadInput):
        choose(tables, "paste", 3)


def test_cli_paste_from_document(tmp_path: Path) -> None:
    areas, units = published("seed000_areas_tab"), published("units_hadong_errors")
    path = tmp_path / "quyet_dinh.docx"
    path.write_bytes(to_docx(units, before=[areas]))
    runner = CliRunner()
    listed = runner.invoke(app, ["paste", "--from", str(path), "--list-tables", "--json"])
    assert listed.exit_code == 0, listed.output
    assert [(t["table"], t["kind"], t["rows"]) for t in json.loads(listed.output)["tables"]] == [
        (1, "areas", 7), (2, "units", 17)]
    result = runner.invoke(app, ["paste", "--from", str(path), "--json"])
    assert result.exit_code == 1  # the errors table has errors
    data = json.loads(result.output)
    assert data["table"] == 2 and data["kind"] == "units"
    assert all(r["source"]["file"] == "quyet_dinh.docx" and r["source"]["table"] == 2 for r in data["rows"])
    codes = [f["code"] for f in data["findings"]]
    assert codes == [f.code for f in parse_paste(units.tab_text()).findings]
    assert all(f["source"]["row"] is not None for f in data["findings"])
    areas_only = runner.invoke(app, ["paste", "--from", str(path), "--table", "1", "--json"])
    assert json.loads(areas_only.output)["kind"] == "areas"


def test_cli_rank_from_web_page(tmp_path: Path) -> None:
    path = tmp_path / "ket_qua.html"
    path.write_bytes(to_html(published("units_hadong_tab")))
    result = CliRunner().invoke(app, ["rank", "--from", str(path), "--json"])
    assert result.exit_code == 0, result.output
    wards = json.loads(result.output)["wards"]
    assert len(wards) == 17
    assert [(w["unit"], w["rank"], w["total"]) for w in wards[:3]] == [
        ("Phường Dương Nội", 1, 95.13), ("Phường Phú Lãm", 2, 95.06), ("Phường La Khê", 3, 92.57)]
    assert wards[0]["source"] == "ket_qua.html, dòng 4 (bảng 1)"


def test_scanned_pdf_is_refused_with_a_reason(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("RGB", (600, 800), "white").save(path)
    proc = subprocess.run([sys.executable, "-m", "parxl", "paste", "--from", str(path)], check=False,
                          capture_output=True,
                          text=True, cwd=Path(__file__).parent.parent)
    assert proc.returncode == 2
    assert "pdf_no_text" in proc.stderr


def test_unknown_format_and_legacy_word() -> None:
    with pytest.raises(UnreadableDocument) as err:
        read_tables_bytes(b"x", "qd.doc")
    assert err.value.reason == "doc_legacy"
    with pytest.raises(UnreadableDocument) as err:
        read_tables_bytes(b"x", "qd.odt")
    assert err.value.reason == "doc_unknown_format"


def test_excel_annex_percentages_and_places() -> None:
    """Excel stores 86,52% as 0.8652 with a percent format: the parser gets what the officer sees."""
    tables = read_tables_bytes(to_xlsx(published("units_hadong_tab")), "phu_luc.xlsx")
    assert len(tables) == 1 and tables[0].sheet == "Phụ lục"
    grid = tables[0].grid
    first = next(row for row in grid if row[0] == 1)
    assert first[2:6] == [58.42, 28.1, 86.52, "86,52%"]
    row = grid.index(first) + 1
    place = tables[0].place(row, 6)
    assert (place.sheet, place.cell) == ("Phụ lục", f"F{row}")
    assert place.describe() == f"trang tính “Phụ lục”, ô F{row}"


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_cli_paste_decision_into_the_workbook(tmp_path: Path, fmt: str) -> None:
    """seed 004's appendix read from its file writes the same cells as the pasted text."""
    from parxl.analyse import analyse
    from parxl.paste.workbook import paste_file
    from tests.test_cli import SEED_004
    from tests.test_paste_workbook import demo_before_appraisal

    path, cells = demo_before_appraisal(tmp_path)
    decision = tmp_path / f"quyet_dinh.{fmt}"
    table = published("seed004_appendix_tab")
    decision.write_bytes(BUILDERS[fmt](table))
    out = tmp_path / "da_dan.xlsx"
    args = ["paste", str(path), "--from", str(decision), "--output", str(out), "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kind"] == "criteria" and data["table"] == 1
    written = data["written"]
    assert {cells[code]: Decimal(str(written[cells[code]])) for code in SEED_004} == \
        {cells[code]: Decimal(str(values[2])) for code, values in SEED_004.items()}
    by_text = paste_file(path, table.tab_text(), output=tmp_path / "by_text.xlsx").plan.cell_values
    assert {k: str(v) for k, v in by_text.items()} == {k: str(v) for k, v in written.items()}
    totals = analyse(out.read_bytes(), out.name).result.totals
    assert (totals.appraised, totals.points) == (61, 91)


# seed 000's criteria that lost points, as a criteria table (maximum, appraised)
SEED_000_CRITERIA = Published(["Bảng các tiêu chí bị trừ điểm năm 2023"], [
    ["Mục", "Nội dung", "Điểm tối đa", "Điểm thẩm định", "Lý do"],
    ["1.6", "Sáng kiến trong công tác Cải cách hành chính", "2", "0", "Không có sáng kiến được công nhận"],
    ["1.9", "Công khai, minh bạch quy trình giải quyết TTHC", "2", "1,25", "Công khai nhưng chưa đầy đủ"],
    ["2.1", "Tổ chức thực hiện các VBQPPL", "1", "0,75", "Triển khai chưa đồng bộ"],
    ["3.2", "Cải tiến quy trình, rút ngắn thời gian giải quyết", "2", "1,4", ""],
    ["3.3.4", "Tỷ lệ hồ sơ giải quyết Dịch vụ công trực tuyến mức độ 3", "1", "0,5", "2119/4331 hồ sơ"],
    ["6.6", "Xây dựng hồ sơ công việc điện tử", "1", "0,5", "Chưa đầy đủ"],
])


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_areas_and_criteria_tables_of_one_document_are_checked_together(fmt: str) -> None:
    """Area 4 lost 0,27 points (9,73/10) but no criterion of it is listed; in all 4,87 points were lost
    (70 − 65,13) but the criteria add up to 4,6: the same cross findings as the two tables pasted as text."""
    areas = published("seed000_areas_tab")
    text = parse_paste(areas.tab_text() + "\n" + SEED_000_CRITERIA.tab_text())
    # the pasted text names the table it does not return; a document lists its tables itself (--list-tables)
    assert [f.line for f in text.findings if f.code == "paste_other_table"] == [text.others[0].header_line]
    expected = sorted(f.code for f in text.findings if f.code != "paste_other_table")
    assert expected.count("paste_area_deductions_mismatch") == 1
    assert "paste_deductions_total_mismatch" in expected
    if fmt == "docx":
        data = to_docx(SEED_000_CRITERIA, before=[areas])
    else:  # two pages' bodies one after the other
        first = to_html(areas, layout_frame=False)[:-len(b"</body></html>")]
        data = first + to_html(SEED_000_CRITERIA, layout_frame=False)
    tables = read_tables_bytes(data, f"bao_cao.{fmt}")
    doc = choose(tables, "paste", label=f"bao_cao.{fmt}")
    assert doc.result.kind == text.kind == "areas"
    assert sorted(f.code for f in doc.findings) == expected
    area = next(f for f in doc.findings if f.code == "paste_area_deductions_mismatch")
    place = doc.finding_place(area)
    assert (place.table, place.row) == (1, 5)  # area 4, the fifth row of the areas table
    total = next(f for f in doc.findings if f.code == "paste_deductions_total_mismatch")
    assert doc.finding_place(total).table == 2
    criteria = choose(tables, "paste", 2)
    assert sorted(f.code for f, _ in criteria.cross) == ["paste_area_deductions_mismatch",
                                                          "paste_deductions_total_mismatch"]


def test_cell_lines_join_as_the_parser_reads_them_best() -> None:
    """A name or header wrapped over paragraphs is one text; list items keep their line break, as in a
    cell pasted from Word (the parser keeps it in a reason and would keep it inside a unit's name too)."""
    import io

    from docx import Document

    doc = Document()
    table = doc.add_table(rows=3, cols=4)
    rows = [["STT", "Đơn vị", "Tổng điểm", "Ghi chú"], ["1", "Phường", "90,5", "Đạt 80%"],
            ["2", "Phường B", "88", ""]]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(1, 1).add_paragraph("Biên Giang")
    table.cell(1, 3).add_paragraph("- Chưa đề ra giải pháp")
    table.cell(1, 3).add_paragraph("cụ thể")
    buf = io.BytesIO()
    doc.save(buf)
    grid = read_tables_bytes(buf.getvalue(), "qd.docx")[0].grid
    assert grid[1] == ["1", "Phường Biên Giang", "90,5", "Đạt 80%\n- Chưa đề ra giải pháp cụ thể"]
    result = parse_cells([list(r) for r in grid])
    assert result.rows[0]["unit"] == "Phường Biên Giang"


def test_excel_annex_listing_has_its_header() -> None:
    infos = [info for info, _ in survey(read_tables_bytes(to_xlsx(published("units_hadong_tab")), "pl.xlsx"))]
    assert [(i.number, i.sheet, i.kind, i.rows) for i in infos] == [(1, "Phụ lục", "units", 17)]
    assert infos[0].header.startswith("STT | Đơn vị")


@pytest.mark.parametrize("name", ["units_hadong_tab", "units_hadong_errors"])
def test_rank_reads_the_document_as_the_pasted_text(name: str) -> None:
    from parxl.district.collect import wards_from_text
    from parxl.documents.rank import wards_from_document

    table = published(name)
    by_text, text_problems = wards_from_text(table.tab_text(), "dan.txt")
    by_doc, doc_problems = wards_from_document(choose(read_tables_bytes(to_html(table), "qd.html"), "rank",
                                                      label="qd.html"))

    def key(w: object) -> tuple[object, ...]:
        return tuple(getattr(w, f) for f in ("unit", "total", "total_max", "appraised", "survey", "index_pct",
                                             "classification"))

    assert [key(w) for w in by_doc] == [key(w) for w in by_text]
    assert len(by_doc) == 17 and len(doc_problems) == len(text_problems)
    assert by_doc[0].source == "qd.html, dòng 2 (bảng 1)"  # row 1 of the web page's table is its header


def test_word_layout_table_gives_the_tables_inside() -> None:
    """A document converted from a web page keeps the page's frame as a one-row table around the content."""
    import io

    from docx import Document

    doc = Document()
    frame = doc.add_table(rows=1, cols=2)
    frame.cell(0, 0).text = "Cổng thông tin"
    inner = frame.cell(0, 1)
    inner.paragraphs[0].text = "Kết quả Chỉ số CCHC năm 2023"
    data = inner.add_table(rows=3, cols=3)
    for r, row in enumerate(SMALL):
        for c, text in enumerate(row):
            data.cell(r, c).text = text
    buf = io.BytesIO()
    doc.save(buf)
    (table,) = read_tables_bytes(buf.getvalue(), "qd.docx")
    assert table.grid == [["Cổng thông tin", None, None], ["Kết quả Chỉ số CCHC năm 2023", None, None],
                          ["STT", "Đơn vị", "Tổng điểm"], ["1", "Phường A", "90,5"], ["2", "Phường B", "88"]]
    assert table.findings == []
    with pytest.raises(UnreadableDocument) as err:
        read_tables_bytes(b"not a zip", "qd.docx")
    assert err.value.reason == "docx_unreadable"


def test_web_page_saved_as_one_file() -> None:
    """Edge's "Webpage, Single File": the page quoted-printable inside a MIME archive."""
    from email.charset import QP, Charset
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    charset = Charset("utf-8")
    charset.body_encoding = QP
    archive = MIMEMultipart("related")
    archive.attach(MIMEText(to_html(published("units_hadong_tab")).decode("utf-8"), "html", charset))
    assert b"quoted-printable" in archive.as_bytes()
    doc = choose(read_tables_bytes(archive.as_bytes(), "quyet_dinh.mhtml"), "rank")
    assert_hadong(doc.result.rows)
