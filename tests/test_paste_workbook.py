"""`parxl paste` into a workbook: the district's appraised scores land in the score sheet's own cells."""

from __future__ import annotations

import json
import sys
import zipfile
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from lxml import etree

from parxl.analyse import analyse
from parxl.paste.workbook import paste_file
from parxl.read import WorkbookReader
from parxl.templates import template_path
from parxl.xlsxpkg import patch_workbook
from parxl.xlsxpkg.cells import set_cells
from tests.support.book import make_book
from tests.test_cli import SEED_004, run

DATA = Path(__file__).parent / "data" / "paste"
SEED_004_TEXT = (DATA / "seed004_appendix.txt").read_text(encoding="utf-8")
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def demo_before_appraisal(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The demo as it was before the district appraised it: the 16 cut criteria have no appraised score."""
    data = template_path("demo.xlsx").read_bytes()
    sheet = analyse(data, "demo.xlsx").sheet
    cells = {r.code: r.cells["appraised"] for r in sheet.rows if r.code in SEED_004}
    path = tmp_path / "bang.xlsx"
    path.write_bytes(set_cells(data, "Bảng điểm", {cell: None for cell in cells.values()}))
    return path, cells


def score_sheet_cells(data: bytes) -> dict[str, bytes]:
    root = etree.fromstring(zipfile.ZipFile(BytesIO(data)).read("xl/worksheets/sheet1.xml"))
    return {c.get("r"): etree.tostring(c) for c in root.iter(M + "c") if c.find(M + "f") is None}


def test_seed_004_appendix_fills_the_appraised_scores(tmp_path):
    path, cells = demo_before_appraisal(tmp_path)
    before = path.read_bytes()
    outcome = paste_file(path, SEED_004_TEXT)
    assert outcome.pasted.kind == "criteria"
    written = outcome.plan.cell_values
    assert {cells[code]: value for code, value in ((c, written.get(cells[c])) for c in SEED_004)} == \
        {cells[code]: values[2] for code, values in SEED_004.items()}
    t = outcome.analysis.result.totals
    assert (t.appraised, t.points) == (61, 91)
    assert [c.code for c in outcome.plan.comparisons] == list(SEED_004)
    # In the score sheet only the written cells changed (formulas were recomputed, they are checked apart).
    old, new = score_sheet_cells(before), score_sheet_cells(path.read_bytes())
    assert {ref for ref in new if old.get(ref) != new[ref]} == set(written)
    names = WorkbookReader(path.read_bytes()).sheet_names
    assert names[-2:] == ["Kết quả quận (chuẩn hóa)", "So sánh với quận"]


def test_different_existing_scores_are_kept_unless_overwrite(tmp_path):
    path = tmp_path / "bang.xlsx"
    path.write_bytes(template_path("demo.xlsx").read_bytes())
    changed = SEED_004_TEXT.replace("\n1 1 0.8 0.2 \n", "\n1 1 0.5 0.5 \n")
    assert changed != SEED_004_TEXT
    outcome = paste_file(path, changed)
    cell_16 = next(r.cells["appraised"] for r in outcome.analysis.sheet.rows if r.code == "1.6")
    kept = [f for f in outcome.plan.findings if f.code == "paste_kept_existing" and f.cell == cell_16]
    assert len(kept) == 1 and (kept[0].value, kept[0].expected) == (Decimal("0.8"), Decimal("0.5"))
    assert cell_16 not in outcome.plan.cell_values
    outcome = paste_file(path, changed, overwrite=True)
    assert outcome.plan.cell_values[cell_16] == 0.5
    assert any(f.code == "paste_overwritten" and f.cell == cell_16 for f in outcome.plan.findings)
    assert outcome.analysis.result.totals.points == Decimal("90.7")


def test_paste_sheet_in_the_workbook_is_read_when_no_text_is_given(tmp_path):
    path, _ = demo_before_appraisal(tmp_path)
    from parxl.sheetspec import Cell, SheetSpec

    lines = SEED_004_TEXT.splitlines()
    spec = SheetSpec("Kết quả quận", rows=[[Cell(line)] for line in lines])
    data = patch_workbook(path.read_bytes(), [spec], owned_names=["Kết quả quận"])
    # Unmark it: it stands for the sheet an officer made and pasted into.
    data = data.replace(b'<definedName name="_parxl" localSheetId="2" hidden="1">"parxl"</definedName>', b"")
    path.write_bytes(data)
    outcome = paste_file(path)
    assert outcome.pasted.kind == "criteria" and len(outcome.plan.cell_values) >= 16
    assert outcome.analysis.result.totals.points == 91


def test_cli_parse_only_json_and_exit_code(tmp_path, capsys, monkeypatch):
    code, out, _ = run(["paste", "--text", DATA / "seed003_areas.txt", "--json"], capsys)
    data = json.loads(out)
    assert code == 1 and data["kind"] == "areas"
    assert set(data) == {"kind", "rows", "findings", "columns", "columns_override"}
    assert [(f["code"], f["line"]) for f in data["findings"] if f["severity"] == "error"] == \
        [("paste_total_row_mismatch", 14)]
    monkeypatch.setattr(sys, "stdin", open(DATA / "seed004_appendix.txt", encoding="utf-8"))
    code, out, _ = run(["paste", "--text", "-", "--json"], capsys)
    assert code == 0 and json.loads(out)["kind"] == "criteria"


def test_cli_paste_into_the_workbook_exits_1_when_a_line_was_not_read(tmp_path, capsys):
    """The workbook is written either way; the exit status says whether all of the table was understood."""
    path, _ = demo_before_appraisal(tmp_path)
    lines = (DATA / "seed004_appendix_tab.txt").read_text(encoding="utf-8").splitlines()
    for name, text, status in (("clean", lines, 0),  # a note between two rows: not read, and said
                               ("noted", lines[:10] + ["Ghi chú: số liệu tạm tính"] + lines[10:], 1)):
        source = tmp_path / f"{name}.txt"
        source.write_text("\n".join(text) + "\n", encoding="utf-8")
        code, out, _ = run(["paste", path, "--text", source, "--output", tmp_path / f"{name}.xlsx", "--json"], capsys)
        data = json.loads(out)
        assert (code, len(data["written"])) == (status, 16)
        assert [f["line"] for f in data["findings"] if f["code"] == "paste_line_skipped"] == ([11] if status else [])


def test_cli_refuses_a_workbook_without_the_paste_sheet(tmp_path, capsys):
    path = tmp_path / "b.xlsx"
    path.write_bytes(make_book([["1", "A", 1, 1, 1, "x"]]))
    code, _, err = run(["paste", path], capsys)
    assert code == 2 and "Kết quả quận" in err


UNITS_TEXT = ("STT\tĐơn vị\tTổng điểm (70)\tChỉ số CCHC (%)\tXếp hạng\n"
              "1\tUBND Phường 10\t61,36\t87,65\t1\n"
              "2\tPhường 1\t60,2\t86,00\t2\n")


def ward_book(tmp_path: Path, settings: dict[str, object]) -> Path:
    path = tmp_path / "phuong.xlsx"
    path.write_bytes(make_book([["1", "Chỉ đạo", 70, 60, 60.2, "x"], ["1.1", "Kế hoạch", 70, 60, 60.2, "x"]],
                               settings=settings))
    return path


def test_units_table_row_is_found_by_whole_words_not_by_substring(tmp_path):
    path = ward_book(tmp_path, {"Tên đơn vị": "Ủy ban nhân dân Phường 1"})
    outcome = paste_file(path, UNITS_TEXT)
    assert [(c.line, c.district, c.difference) for c in outcome.plan.comparisons] == [(3, Decimal("60.2"), 0)]
    assert not any(f.code == "paste_unit_not_found" for f in outcome.plan.findings)
    # "Phường 1" is a substring of "UBND Phường 10", not one of its words: the ward of Phường 10 is line 3.
    swapped = "".join(UNITS_TEXT.splitlines(keepends=True)[i] for i in (0, 2, 1))
    path = ward_book(tmp_path, {"Tên đơn vị": "UBND Phường 10"})
    assert [(c.line, c.district) for c in paste_file(path, swapped).plan.comparisons] == [(3, Decimal("61.36"))]
    path = ward_book(tmp_path, {"Tên đơn vị": "Phường 1 (mới)"})
    assert [c.line for c in paste_file(path, UNITS_TEXT.replace("\tPhường "
                                                                "1\t", "\tUBND phường 1\t")).plan.comparisons] \
        == [3]
    path = ward_book(tmp_path, {"Tên đơn vị": "Phường 11"})
    outcome = paste_file(path, UNITS_TEXT)
    assert outcome.plan.comparisons == [] and [f.code for f in outcome.plan.findings] == ["paste_unit_not_found"]


def test_paste_is_checked_with_the_wards_own_rounding(tmp_path):
    from parxl.paste.workbook import workbook_paste

    # 61,36/70 × 100 = 87,657...: 87,65 is right when the ward truncates, as its settings say.
    path = ward_book(tmp_path, {"Tên đơn vị": "Phường 1", "Cách làm tròn": "Cắt bỏ"})
    outcome = paste_file(path, UNITS_TEXT)
    assert [f.code for f in outcome.pasted.findings] == []
    analysis = analyse(path.read_bytes(), path.name)
    live = workbook_paste(UNITS_TEXT, analysis)
    assert [f.code for f in live.findings] == []
    cells = [line.split("\t") for line in UNITS_TEXT.splitlines()]
    assert [f.code for f in workbook_paste(cells, analysis).findings] == []
    # The default rule (round half up) still reads 87,65 as the other rule's result.
    path = ward_book(tmp_path, {"Tên đơn vị": "Phường 1"})
    assert [(f.code, f.line) for f in paste_file(path, UNITS_TEXT).pasted.findings] == \
        [("paste_index_other_rounding", 2)]


def test_cli_names_the_table_kind_in_vietnamese(capsys):
    from parxl.paste.render import KIND_LABELS

    code, out, _ = run(["paste", "--text", DATA / "seed004_appendix.txt"], capsys)
    assert code == 0
    assert KIND_LABELS["criteria"] in " ".join(out.split()) and "criteria" not in out


def test_units_index_is_compared_with_points_only_out_of_100(tmp_path):
    text = "STT\tĐơn vị\tChỉ số CCHC (%)\tXếp hạng\n1\tPhường 1\t86,00\t1\n"
    outcome = paste_file(ward_book(tmp_path, {"Tên đơn vị": "Phường 1"}), text)  # out of 70 points
    assert [(c.district, c.difference) for c in outcome.plan.comparisons] == [(None, None)]
    path = tmp_path / "tram.xlsx"
    path.write_bytes(make_book([["1", "Chỉ đạo", 100, 90, 86, "x"], ["1.1", "Kế hoạch", 100, 90, 86, "x"]],
                               settings={"Tên đơn vị": "Phường 1"}))
    assert [(c.district, c.difference) for c in paste_file(path, text).plan.comparisons] == [(86, 0)]


def test_cli_columns_override_is_shown_back(tmp_path, capsys):
    src = tmp_path / "t.txt"
    src.write_text("Thứ tự\tĐịa bàn\tKết quả chung\n1\tPhường A\t90\n2\tPhường B\t85\n", encoding="utf-8")
    code, out, _ = run(["paste", "--text", src, "--json"], capsys)
    assert code == 1 and json.loads(out)["kind"] == "unknown"  # no score column it can name: it says so
    code, out, _ = run(["paste", "--text", src, "--json", "--columns", "3=total"], capsys)
    data = json.loads(out)
    assert code == 0 and data["columns_override"] == "3=total"
    assert [(c["column"], c["role"], c["source"]) for c in data["columns"]] == [
        (1, "stt", "header"), (2, "unit", "data"), (3, "total", "override")]
    assert [r["total"] for r in data["rows"]] == [90, 85]
    code, out, _ = run(["paste", "--text", src, "--columns", "3=total"], capsys)
    assert code == 0 and "theo chỉ định" in out
