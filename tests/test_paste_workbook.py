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
    assert code == 1 and data["kind"] == "areas" and set(data) == {"kind", "rows", "findings"}
    assert [(f["code"], f["line"]) for f in data["findings"] if f["severity"] == "error"] == \
        [("paste_total_row_mismatch", 14)]
    monkeypatch.setattr(sys, "stdin", open(DATA / "seed004_appendix.txt", encoding="utf-8"))
    code, out, _ = run(["paste", "--text", "-", "--json"], capsys)
    assert code == 0 and json.loads(out)["kind"] == "criteria"


def test_cli_refuses_a_workbook_without_the_paste_sheet(tmp_path, capsys):
    path = tmp_path / "b.xlsx"
    path.write_bytes(make_book([["1", "A", 1, 1, 1, "x"]]))
    code, _, err = run(["paste", path], capsys)
    assert code == 2 and "Kết quả quận" in err
