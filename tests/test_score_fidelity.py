"""`parxl score` end to end over workbooks carrying charts, pictures, validations, macros and more:
every part parxl does not own must come out byte for byte as it went in."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

import pytest

from parxl.render import OWN_SHEETS, SCORE_SHEETS
from parxl.sheetspec import Cell, SheetSpec
from parxl.workflow import score_file
from parxl.xlsxpkg import patch_workbook
from tests.support import FIDELITY_DIR, corpus_files

CORPUS = FIDELITY_DIR
FILES = corpus_files()
ALLOWED = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[content_types].xml", "xl/styles.xml"}

SCORE_ROWS = [
    ["STT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định", "Ghi chú"],
    ["1", "Chỉ đạo điều hành", 3, 3, 2.5],
    ["1.1", "Kế hoạch CCHC", 2, 2, 1.5, "Chưa đầy đủ"],
    ["1.2", "Tuyên truyền", 1, 1, 1],
    [None, "Tổng cộng", 3, 3, 2.5],
]


def with_score_sheet(data: bytes) -> bytes:
    """The corpus file plus an officials' score sheet (written by the patcher, then unmarked as
    parxl's own, so that it stands for a sheet the officials made)."""
    spec = SheetSpec("Bảng điểm", rows=[[Cell(v) for v in row] for row in SCORE_ROWS])
    patched = patch_workbook(data, [spec], owned_names=["Bảng điểm"])
    src = zipfile.ZipFile(BytesIO(patched))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/workbook.xml":
                body = re.sub(rb'<definedName name="_parxl"[^>]*>[^<]*</definedName>', b"", body)
                body = body.replace(b"<definedNames></definedNames>", b"")
            dst.writestr(info, body)
    return out.getvalue()


@pytest.mark.skipif(not FILES, reason="the shared fixture corpus (../shared/fixtures/fidelity) is absent")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_score_keeps_every_part_it_does_not_own(path, tmp_path):
    official = with_score_sheet(path.read_bytes())
    target = tmp_path / f"bang{path.suffix}"
    target.write_bytes(official)
    outcome = score_file(target)
    assert outcome.backup is not None and outcome.backup.read_bytes() == official
    before, after = zipfile.ZipFile(BytesIO(official)), zipfile.ZipFile(target)
    names_before = {n.lower(): n for n in before.namelist()}
    names_after = {n.lower(): n for n in after.namelist()}
    added = set(names_after) - set(names_before)
    sheets = {n for n in added if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)}
    assert len(sheets) == len(SCORE_SHEETS), added
    # The results sheet's chart is new too: its drawing, the chart, and the relationships tying them to it.
    chart_parts = added - sheets
    assert len(chart_parts) == 4, added
    assert {re.sub(r"\d+", "N", n) for n in chart_parts} == {
        "xl/charts/chartN.xml", "xl/drawings/drawingN.xml", "xl/drawings/_rels/drawingN.xml.rels",
        "xl/worksheets/_rels/sheetN.xml.rels"}, added
    for low, name in names_before.items():
        if low in ALLOWED:
            continue
        if low == "xl/calcchain.xml" and low not in names_after:
            continue  # dropped on purpose: Excel rebuilds it; a stale one can make Excel repair the file
        assert after.read(names_after[low]) == before.read(name), name
    assert outcome.analysis.result.totals.points == 2.5
    assert [s for s in outcome.analysis.sheet_names if s in OWN_SHEETS] == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared fixture corpus is absent")
def test_official_like_workbook_scores_as_is(tmp_path):
    target = tmp_path / "c00.xlsx"
    target.write_bytes((CORPUS / "c00_official_like.xlsx").read_bytes())
    outcome = score_file(target)
    assert outcome.analysis.sheet.sheet == "Phụ lục I - Tự chấm"
    assert outcome.analysis.result.basis == "self"
