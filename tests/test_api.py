"""parxl as a library: the lazy public API, frozen results with exact DataFrames, reason codes, and one
serialisation shared with the CLI's --json."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

import parxl
from parxl.templates import template_path
from tests.support.book import make_book

DEMO = template_path("demo.xlsx")
# Seed 004 (the demo's deductions), written by hand: code -> (max, self, appraised).
SEED_004 = {
    "1.1.3": ("2", "2", "1.91"), "1.5.3": ("1", "1", "0"), "1.5.4": ("2", "0.5", "0.5"),
    "1.6": ("1", "1", "0.8"), "1.7": ("1", "1", "0"), "3.11.1": ("1", "1", "0.96"),
    "3.11.2": ("1", "1", "0.99"), "3.12.1": ("1", "1", "0.1"), "3.12.2": ("1", "1", "0.32"),
    "3.13.2": ("1", "1", "0.94"), "3.13.3": ("1", "1", "0.87"), "4.4": ("1", "1", "0"),
    "7.1.4": ("2", "2", "1"), "7.2": ("1", "1", "0"), "7.3.1": ("1", "1", "0.69"),
    "7.3.2": ("2", "2", "1.92"),
}
API = ("score", "check", "read_paste", "rank", "new", "export", "Report", "PasteResult", "ParxlError")


def seed_sums() -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(max, self, appraised, deducted) of the seed's deduction table, added up here."""
    rows = [tuple(Decimal(v) for v in values) for values in SEED_004.values()]
    top, own, appraised = (sum((r[i] for r in rows), Decimal(0)) for i in range(3))
    return top, own, appraised, top - appraised


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    target = tmp_path / "bang_diem.xlsx"
    shutil.copyfile(DEMO, target)
    return target


def code_of(call) -> str:
    with pytest.raises(parxl.ParxlError) as info:
        call()
    return info.value.code


# ------------------------------------------------------------------------------------------- the API


def test_import_is_cheap_and_lists_the_api() -> None:
    probe = ("import sys, parxl; names = dir(parxl); "
             "heavy = ('pandas', 'openpyxl', 'lxml', 'xlwings', 'parxl.api'); "
             "print([m for m in heavy if m in sys.modules]); "
             "print(names)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout.splitlines()
    assert out[0] == "[]"
    for name in API:
        assert name in out[1]


def test_every_public_name_has_a_docstring() -> None:
    for name in dir(parxl):
        if name.startswith("_") or name in ("rank", "Ranking"):
            continue
        value = getattr(parxl, name)
        assert (value.__doc__ or "").strip(), name
    for cls in (parxl.Report, parxl.PasteResult):
        for attr, member in vars(cls).items():
            if not attr.startswith("_") and (callable(member) or isinstance(member, property)):
                assert (member.__doc__ or "").strip(), f"{cls.__name__}.{attr}"


def test_score_and_export_are_functions_even_after_their_modules_load() -> None:
    import parxl.analyse  # imports the scoring and export submodules  # noqa: F401
    import parxl.workflow  # noqa: F401

    assert callable(parxl.score) and parxl.score.__module__ == "parxl.api"
    assert parxl.export.__module__ == "parxl.api"


def test_rank_resolves_to_the_district_ranking() -> None:
    import parxl.district

    assert parxl.rank is parxl.district.rank and parxl.Ranking is parxl.district.Ranking
    with pytest.raises(AttributeError):
        parxl.no_such_name  # noqa: B018


# -------------------------------------------------------------------------------- notebook-style use


def test_notebook_score_of_the_demo_gives_the_seed_004_totals() -> None:
    r = parxl.score(str(DEMO), write=False)
    areas = r.areas
    assert isinstance(areas, pd.DataFrame)
    assert list(areas["code"]) == [str(i) for i in range(1, 10)]
    assert sum(areas["max"]) == 100 and sum(areas["points"]) == Decimal("91.00")
    assert areas["survey"].tolist() == [False] * 8 + [True]
    assert r.total == Decimal("91.00") and r.index_pct == 91 and r.classification == "Tốt"
    deductions = r.deductions
    assert list(deductions["code"]) == list(SEED_004)
    for d in deductions.to_dict("records"):
        assert (d["max"], d["self"], d["appraised"]) == tuple(Decimal(v) for v in SEED_004[d["code"]])
        assert d["deducted"] == d["max"] - d["appraised"]
    top, own, appraised, deducted = seed_sums()
    assert (top, own, appraised, deducted) == (20, Decimal("18.5"), 11, 9)
    assert (sum(deductions["max"]), sum(deductions["self"]), sum(deductions["appraised"]),
            sum(deductions["deducted"])) == (top, own, appraised, deducted)
    assert r.deductions_total == {"max": top, "self": own, "appraised": appraised, "deducted": deducted}
    assert r.path is None and r.backup is None
    assert not r.valid and {f.code for f in r.errors} == {"parent_score_mismatch", "total_mismatch"}


def test_tables_keep_decimals_exact_and_json_rounds_them() -> None:
    r = parxl.check(DEMO)
    areas = r.areas
    assert all(dtype is pd.Series([], dtype=object).dtype for dtype in areas.dtypes)
    first = areas.iloc[0]
    # Area 1's index is its points over its maximum, kept as an exact Decimal (72.928571…%), not a float.
    assert isinstance(first["points"], Decimal) and isinstance(first["index_pct"], Decimal)
    assert first["index_pct"] == first["points"] / first["max"] * 100
    assert r.rounded(first["index_pct"]) == Decimal("72.93")
    data = r.to_dict()
    areas_json = data["areas"]
    assert isinstance(areas_json, list) and areas_json[0]["index_pct"] == 72.93
    assert json.loads(r.to_json()) == data
    criteria = r.criteria
    row = criteria[criteria["code"] == "1.1.3"].iloc[0]
    assert (row["kind"], row["level"], row["max"], row["appraised"], row["leaf"]) == (
        "criterion", 3, 2, Decimal("1.91"), True)
    assert row["index_pct"] == Decimal("1.91") / 2 * 100


def test_findings_frame_has_codes_and_cells() -> None:
    findings = parxl.check(DEMO).findings
    assert list(findings.columns) == ["code", "severity", "sheet", "cell", "line", "value", "expected",
                                      "message"]
    assert list(zip(findings["code"], findings["cell"], strict=True))[:3] == [
        ("parent_score_mismatch", "E9"), ("parent_score_mismatch", "E10"), ("total_mismatch", "E128")]
    assert set(findings["severity"]) == {"error", "warning", "info"}


def test_report_is_frozen() -> None:
    r = parxl.check(DEMO)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.path = Path("x")  # type: ignore[misc]
    areas = r.areas
    areas.loc[0, "points"] = Decimal(0)  # a new frame on each access: the report is unchanged
    # Area 1 (14 points) lost 0.09 + 1 + 1.5 + 0.2 + 1 (1.1.3, 1.5.3, 1.5.4, 1.6, 1.7).
    assert r.areas.loc[0, "points"] == 14 - (Decimal("0.09") + 1 + Decimal("1.5") + Decimal("0.2") + 1)


def test_json_is_the_cli_serialisation(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from parxl.cli import main

    old = sys.argv
    sys.argv = ["parxl", "check", str(demo), "--json"]
    try:
        with pytest.raises(SystemExit):
            main()
    finally:
        sys.argv = old
    assert json.loads(capsys.readouterr().out) == parxl.check(demo).to_dict()


# ------------------------------------------------------------------------------------ sources, writing


def test_sources_path_str_bytes_and_file_object_agree(demo: Path) -> None:
    by_path = parxl.check(demo).to_dict()
    assert parxl.check(str(demo)).to_dict() == by_path
    assert parxl.check(demo.read_bytes()).to_dict() == by_path
    with demo.open("rb") as fh:
        from_file = parxl.check(fh)
    assert from_file.to_dict() == by_path and from_file.label == "bang_diem.xlsx"
    assert parxl.check(io.BytesIO(demo.read_bytes())).label == "bang_diem.xlsx"


def test_score_writes_with_a_backup_or_into_output(demo: Path, tmp_path: Path) -> None:
    original = demo.read_bytes()
    r = parxl.score(demo)
    assert r.path == demo and r.backup is not None and r.backup.read_bytes() == original
    assert demo.read_bytes() != original
    out = tmp_path / "ket_qua.xlsx"
    from_bytes = parxl.score(original, output=out)
    assert from_bytes.path == out and out.exists()
    assert parxl.check(out).total == Decimal("91.00")
    untouched = tmp_path / "goc.xlsx"
    untouched.write_bytes(original)
    parxl.score(untouched, write=False)
    assert untouched.read_bytes() == original and len(list((tmp_path / "parxl_sao_luu").glob("*sao lưu*"))) == 1


def test_reason_codes(demo: Path, tmp_path: Path) -> None:
    assert code_of(lambda: parxl.check(b"not a workbook")) == "unreadable"
    assert code_of(lambda: parxl.check(tmp_path / "missing.xlsx")) == "not_found"
    assert code_of(lambda: parxl.check(12)) == "bad_input"  # type: ignore[arg-type]
    assert code_of(lambda: parxl.check(io.StringIO("text"))) == "bad_input"  # type: ignore[arg-type]
    assert code_of(lambda: parxl.score(demo.read_bytes())) == "bad_input"  # bytes and nowhere to write
    assert code_of(lambda: parxl.score(demo, write=False, variant="ngan")) == "bad_input"
    wb, buf = Workbook(), io.BytesIO()
    wb.active["A1"] = "Không phải bảng điểm"
    wb.save(buf)
    assert code_of(lambda: parxl.check(buf.getvalue())) == "no_score_sheet"
    (demo.parent / f"~${demo.name}").write_bytes(b"owner")
    assert code_of(lambda: parxl.score(demo)) == "open_in_excel"
    assert isinstance(pytest.raises(parxl.ParxlError, parxl.check, b"x").value, ValueError)


def test_workflow_accepts_str_paths(demo: Path) -> None:
    from parxl.workflow import check_file

    assert check_file(str(demo)).result.totals.points == Decimal("91.00")


def test_new_and_export(tmp_path: Path) -> None:
    blank = parxl.new(tmp_path / "moi.xlsx")
    assert blank.read_bytes() == template_path("blank.xlsx").read_bytes()
    assert code_of(lambda: parxl.new(blank)) == "unsafe"
    assert code_of(lambda: parxl.new(tmp_path / "moi.xls")) == "bad_input"
    assert code_of(lambda: parxl.new(tmp_path / "khong_co" / "a.xlsx")) == "bad_input"
    book = tmp_path / "bang.xlsx"
    shutil.copyfile(DEMO, book)
    before = book.read_bytes()
    written = parxl.export(book, table="summary", format="xlsx")
    assert written == tmp_path / "bang_tong_hop_linh_vuc.xlsx" and written.exists()
    assert parxl.export(book, "deductions", "docx", tmp_path / "pl.docx") == tmp_path / "pl.docx"
    assert book.read_bytes() == before
    assert code_of(lambda: parxl.export(book, table="nope")) == "bad_input"
    assert code_of(lambda: parxl.export(book, format="odt")) == "bad_input"
    assert code_of(lambda: parxl.export(before)) == "bad_input"  # type: ignore[arg-type]


def test_small_workbook_numbers_by_hand() -> None:
    data = make_book([["1", "Chỉ đạo", 3, 3, 2.5, "QĐ"], ["1.1", "Kế hoạch", 2, 2, 1.5, "QĐ"],
                      ["1.2", "Báo cáo", 1, 1, 1, "BC"]])
    r = parxl.check(data)
    assert r.valid and r.finding_codes.count("no_criteria") == 0
    assert r.deductions[["code", "max", "appraised", "deducted"]].to_dict("records") == [
        {"code": "1.1", "max": 2, "appraised": Decimal("1.5"), "deducted": Decimal("0.5")}]
    area = r.areas.iloc[0]
    assert (area["max"], area["points"]) == (3, Decimal("2.5"))


# ------------------------------------------------------------------------------------------- paste


PASTED = ("TT\tNội dung\tĐiểm thẩm định/Điểm tối đa\tChỉ số (%)\n"
          "1\tChỉ đạo điều hành\t18/20\t90,00\n"
          "2\tThể chế\t9,5/10\t95,00\n")


def test_read_paste_from_text_file_and_cells(tmp_path: Path) -> None:
    pasted = parxl.read_paste(PASTED)
    assert pasted.kind == "areas" and pasted.valid
    rows = pasted.rows
    assert rows[["line", "name", "appraised", "appraised_max", "index_pct"]].to_dict("records") == [
        {"line": 2, "name": "Chỉ đạo điều hành", "appraised": 18, "appraised_max": 20, "index_pct": 90},
        {"line": 3, "name": "Thể chế", "appraised": Decimal("9.5"), "appraised_max": 10, "index_pct": 95}]
    assert isinstance(rows.loc[1, "appraised"], Decimal)
    text_file = tmp_path / "dan.txt"
    text_file.write_text(PASTED, encoding="utf-8")
    assert parxl.read_paste(text_file).to_dict() == pasted.to_dict()
    assert parxl.read_paste(str(text_file)).to_dict() == pasted.to_dict()
    cells = [line.split("\t") for line in PASTED.splitlines()]
    assert parxl.read_paste(cells).rows["appraised"].tolist() == [18, Decimal("9.5")]
    with pytest.raises(dataclasses.FrozenInstanceError):
        pasted.raw = None  # type: ignore[misc, assignment]


def test_read_paste_findings_and_codes(tmp_path: Path) -> None:
    wrong = parxl.read_paste(PASTED.replace("95,00", "96,00"))
    assert not wrong.valid and "paste_index_mismatch" in wrong.finding_codes
    findings = wrong.findings
    assert findings[findings["code"] == "paste_index_mismatch"]["line"].tolist() == [3]
    assert parxl.read_paste("không có bảng nào").finding_codes == ("paste_no_table",)
    assert code_of(lambda: parxl.read_paste(tmp_path / "khong_co.txt")) == "bad_input"
    assert code_of(lambda: parxl.read_paste(3)) == "bad_input"  # type: ignore[arg-type]
