"""The command line as a user runs it: exit codes, JSON contract, files written or left alone."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from parxl.cli import main
from parxl.templates import template_path
from tests.support.book import make_book

SEED_004 = {  # code: (max, self, appraised, deducted)
    "1.1.3": (2, 2, 1.91, 0.09), "1.5.3": (1, 1, 0, 1), "1.5.4": (2, 0.5, 0.5, 1.5), "1.6": (1, 1, 0.8, 0.2),
    "1.7": (1, 1, 0, 1), "3.11.1": (1, 1, 0.96, 0.04), "3.11.2": (1, 1, 0.99, 0.01), "3.12.1": (1, 1, 0.1, 0.9),
    "3.12.2": (1, 1, 0.32, 0.68), "3.13.2": (1, 1, 0.94, 0.06), "3.13.3": (1, 1, 0.87, 0.13), "4.4": (1, 1, 0, 1),
    "7.1.4": (2, 2, 1, 1), "7.2": (1, 1, 0, 1), "7.3.1": (1, 1, 0.69, 0.31), "7.3.2": (2, 2, 1.92, 0.08),
}
DEMO_FINDINGS = [
    ("parent_score_mismatch", "E9"), ("parent_score_mismatch", "E10"), ("total_mismatch", "E128"),
    ("text_number", "E13"), ("ratio_other_rounding", "E63"), ("ratio_other_rounding", "E64"),
    ("ratio_score_mismatch", "E67"), ("ratio_other_rounding", "E70"), ("formula_recomputed", "C9"),
]


def run(args: list[str], capsys) -> tuple[int, str, str]:
    old = sys.argv
    sys.argv = ["parxl", *map(str, args)]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = old
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    target = tmp_path / "bang_diem.xlsx"
    shutil.copyfile(template_path("demo.xlsx"), target)
    return target


def test_score_json_contract_on_the_demo(demo, capsys):
    code, out, _ = run(["score", demo, "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert (data["unit"], data["year"], data["basis"]) == ("UBND Phường 1", 2023, "appraised")
    assert data["totals"] == {"max": 100, "self": 68.5, "appraised": 61, "survey": 30, "points": 91,
                              "index_pct": 91, "classification": "Tốt", "change": 9.18}
    assert {d["code"]: (d["max"], d["self"], d["appraised"], d["deducted"]) for d in data["deductions"]} == SEED_004
    assert [d["code"] for d in data["deductions"]] == list(SEED_004)
    assert data["deductions_total"] == {"max": 20, "self": 18.5, "appraised": 11, "deducted": 9}
    assert [a["code"] for a in data["areas"]] == [str(i) for i in range(1, 10)]
    assert data["areas"][-1]["survey"] is True and data["areas"][0]["survey"] is False
    assert sum(a["max"] for a in data["areas"]) == 100
    assert [(f["code"], f["cell"]) for f in data["findings"]] == DEMO_FINDINGS
    assert all(f["sheet"] == "Bảng điểm" and f["message"] for f in data["findings"])
    assert data["deductions"][0]["reason"].startswith("Hoàn thành 44/46")


def test_score_writes_sheets_backup_and_is_idempotent(demo, capsys):
    original = demo.read_bytes()
    code, out, _ = run(["score", demo], capsys)
    assert code == 0 and "91,00" in out
    backups = list((demo.parent / "parxl_sao_luu").glob("bang_diem*sao lưu*"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    once = demo.read_bytes()
    wb = load_workbook(demo, read_only=True)
    assert wb.sheetnames == ["Bảng điểm", "Cấu hình", "Kiểm tra", "Kết quả", "Phụ lục trừ điểm", "Tổng hợp lĩnh vực",
                             "Phân công nhiệm vụ"]
    wb.close()
    assert run(["score", demo], capsys)[0] == 0
    assert demo.read_bytes() == once


def test_the_reader_and_the_writer_agree_on_the_sheets_parxl_owns(demo, capsys):
    from parxl.read import WorkbookReader
    from parxl.xlsxpkg import read_owned_sheet_names

    assert run(["score", demo], capsys)[0] == 0
    data = demo.read_bytes()
    owned = WorkbookReader(data).owned_sheets
    assert owned == read_owned_sheet_names(data) and len(owned) == 5 and "Bảng điểm" not in owned
    code, out, _ = run(["check", demo, "--json"], capsys)  # a scored workbook checks as before
    assert [(f["code"], f["cell"]) for f in json.loads(out)["findings"]] == DEMO_FINDINGS


def test_output_option_leaves_the_original_untouched(demo, tmp_path, capsys):
    original = demo.read_bytes()
    out_path = tmp_path / "ket_qua.xlsx"
    assert run(["score", demo, "--output", out_path], capsys)[0] == 0
    assert demo.read_bytes() == original
    assert out_path.exists() and not list(tmp_path.rglob("*sao lưu*"))


def test_check_reports_and_writes_nothing(demo, capsys):
    before = sorted(p.name for p in demo.parent.iterdir())
    code, out, _ = run(["check", demo, "--json"], capsys)
    assert code == 1  # the demo has errors on purpose
    assert [(f["code"], f["cell"]) for f in json.loads(out)["findings"]] == DEMO_FINDINGS
    assert sorted(p.name for p in demo.parent.iterdir()) == before


def test_check_clean_workbook_exits_zero(tmp_path, capsys):
    path = tmp_path / "sach.xlsx"
    path.write_bytes(make_book([["1", "Chỉ đạo", 2, 2, 2, "QĐ"], ["1.1", "Kế hoạch", 2, 2, 2, "QĐ"]]))
    code, out, _ = run(["check", path], capsys)
    assert code == 0 and "Không phát hiện" in out


def test_a_column_left_unread_shows_in_the_exit_status_of_check_and_score(tmp_path, capsys):
    headers = ("STT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định", "Tài liệu kiểm chứng",
               "Điểm thưởng")
    path = tmp_path / "cot_thua.xlsx"
    path.write_bytes(make_book([["1", "Chỉ đạo", 2, 2, 2, "QĐ"], ["1.1", "Kế hoạch", 2, 2, 2, "QĐ", 0.5]],
                               headers=headers))
    code, out, _ = run(["check", path, "--json"], capsys)
    assert code == 1  # a warning only, but a column with figures parxl does not read
    assert [(f["code"], f["cell"]) for f in json.loads(out)["findings"]] == [("column_not_read", "G3")]
    code, out, _ = run(["score", path], capsys)
    assert code == 1 and "không đọc được" in out
    assert "Kết quả" in load_workbook(path, read_only=True).sheetnames  # written all the same


@pytest.mark.parametrize("kind", ["xls", "encrypted", "corrupt", "locked", "no_score_sheet", "missing"])
def test_refusals_exit_2_with_a_vietnamese_message_and_write_nothing(kind, tmp_path, capsys):
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504
    path = tmp_path / ("bang.xls" if kind == "xls" else "bang.xlsx")
    if kind in ("xls", "encrypted"):
        path.write_bytes(ole + (b"E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0" if kind == "encrypted" else b""))
    elif kind == "corrupt":
        path.write_bytes(b"PK\x03\x04 not really a zip")
    elif kind == "locked":
        shutil.copyfile(template_path("demo.xlsx"), path)
        (tmp_path / "~$bang.xlsx").write_bytes(b"lock")
    elif kind == "no_score_sheet":
        path.write_bytes(make_book([["x"]], headers=("Họ tên", "Chức vụ")))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    code, out, err = run(["score", path], capsys)
    assert code == 2
    assert err.startswith("Lỗi:") and "bang.xls" in err and "Traceback" not in err + out
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_new_creates_the_blank_template_and_never_overwrites(tmp_path, capsys):
    target = tmp_path / "mau.xlsx"
    assert run(["new", target], capsys)[0] == 0
    assert target.read_bytes() == template_path("blank.xlsx").read_bytes()
    code, _, err = run(["new", target], capsys)
    assert code == 2 and "đã có" in err


def test_demo_copies_scores_and_summarises(tmp_path, capsys):
    code, out, _ = run(["demo", tmp_path / "vd"], capsys)
    assert code == 0
    assert "91,00" in out and "Tốt" in out
    copied = load_workbook(tmp_path / "vd" / "bang_diem_vi_du.xlsx", read_only=True)
    assert copied.sheetnames[-1] == "Phân công nhiệm vụ"
    assert [p.name for p in (tmp_path / "vd").iterdir()] == ["bang_diem_vi_du.xlsx"]  # no backup of a fresh copy


def test_import_stays_light():
    code = ("import sys, parxl, parxl.cli, parxl.analyse; "
            "print([m for m in ('xlwings', 'pandas', 'openpyxl') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_unexpected_errors_are_not_tracebacks(monkeypatch, demo, capsys):
    import parxl.workflow

    def boom(*_a, **_k):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(parxl.workflow, "analyse", boom)
    code, out, err = run(["score", demo], capsys)
    assert code == 3 and "Tệp của bạn không bị thay đổi" in err and "Traceback" not in err


def test_output_refusals_and_backup_of_an_existing_output(demo, tmp_path, capsys):
    code, _, err = run(["score", demo, "--output", tmp_path / "khong_co" / "x.xlsx"], capsys)
    assert code == 2 and "khong_co" in err
    code, _, err = run(["score", demo, "--output", tmp_path / "x.xlsm"], capsys)
    assert code == 2 and "cùng đuôi" in err
    code, _, err = run(["new", tmp_path / "khong_co" / "y.xlsx"], capsys)
    assert code == 2 and "khong_co" in err
    existing = tmp_path / "ket_qua.xlsx"
    existing.write_bytes(b"an earlier result")
    assert run(["score", demo, "--output", existing], capsys)[0] == 0
    backups = list((tmp_path / "parxl_sao_luu").glob("ket_qua (bản sao lưu*"))
    assert len(backups) == 1 and backups[0].read_bytes() == b"an earlier result"


CLI_WORDS = ("Usage:", "Options:", "Arguments:", "Commands:", "Show this message and exit.", "[default:",
             "[required]", "[OPTIONS]")


def _fresh(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          encoding="utf-8").stdout


def test_help_is_vietnamese_and_loads_no_feature():
    out = _fresh("import sys\nfrom parxl.cli import run\ncode = run(['--help'])\n"
                 "print([m for m in ('pandas', 'parxl.paste', 'parxl.district', 'parxl.documents', 'parxl.exporting',"
                 " 'parxl.addin', 'rich', 'pydantic') if m in sys.modules], code)")
    help_text, loaded = out.rsplit("\n", 2)[0], out.rsplit("\n", 2)[1]
    assert loaded == "[] 0"
    assert "Cách dùng: parxl [TÙY CHỌN] LỆNH [THAM SỐ]..." in help_text
    assert "Tùy chọn:" in help_text and "Lệnh:" in help_text and "Hiện hướng dẫn này rồi thoát." in help_text
    assert not [word for word in CLI_WORDS if word in help_text]
    listed = [line.split()[0] for line in help_text.split("Lệnh:")[1].splitlines() if line.strip()]
    assert listed == ["score", "check", "new", "demo", "export", "paste", "rank", "addin"]


def test_command_help_is_vietnamese(capsys):
    code, out, _ = run(["score", "--help"], capsys)
    assert code == 0
    assert out.startswith("Cách dùng: parxl score [TÙY CHỌN] TỆP\n")
    assert "  TỆP  Tệp bảng điểm" in out and "--variant CHỮ" in out  # what to type, not Python's names
    assert not [w for w in ("<path>", "<str>", "{file}", "file ") if w in out]
    flowing = " ".join(out.split())  # the help is wrapped to the terminal's width
    for word in ("Tham số:", "Tùy chọn:", "[bắt buộc]", "[mặc định: day-du]", "Hiện hướng dẫn này rồi thoát."):
        assert word in flowing
    assert not [word for word in CLI_WORDS if word in out]
    code, out, _ = run(["rank", "--help"], capsys)
    assert code == 0 and "[mặc định:" in out and not [word for word in CLI_WORDS if word in out]
    assert out.startswith("Cách dùng: parxl rank [TÙY CHỌN] [TỆP]...") and "inputs" not in out
    code, out, _ = run(["export", "--help"], capsys)
    assert "--format <docx|xlsx|pdf>" in out  # the choices themselves stay


def test_lazy_commands_list_the_help_they_declare():
    from typer._click import Context

    from parxl.cli import _LAZY, app, load_command

    for name, (_module, _attribute, declared) in _LAZY.items():
        command = load_command(name)
        assert command.help == declared, name
    import typer.main

    group = typer.main.get_command(app)
    assert group.list_commands(Context(group)) == ["score", "check", "new", "demo", "export", "paste", "rank",
                                                   "addin"]


def test_check_loads_neither_features_nor_pydantic(tmp_path):
    target = tmp_path / "bang_diem.xlsx"
    shutil.copyfile(template_path("demo.xlsx"), target)
    out = _fresh(f"import sys\nfrom parxl.cli import run\ncode = run(['check', {str(target)!r}, '--json'])\n"
                 "print([m for m in ('pandas', 'parxl.paste', 'parxl.documents', 'rich', 'pydantic')"
                 " if m in sys.modules], code)")
    assert out.rsplit("\n", 2)[1] == "[] 1"


@pytest.mark.parametrize("args", [["rank", "--target-rank", "0"], ["rank", "--places", "x"],
                                  ["paste", "--table", "0"], ["export", "f.xlsx", "--format", "odt"]])
def test_values_refused_as_before(args, capsys):
    code, _, err = run(args, capsys)
    assert code == 2 and "(mã lỗi: usage)" in err


def test_values_converted_as_typer_would():
    import typer.main
    from typer._click import Context

    from parxl.cli import app

    group = typer.main.get_command(app)
    ctx = Context(group)
    rank = group.get_command(ctx, "rank")
    sub = rank.make_context("rank", ["a.xlsx", "b", "--target-rank", "+3", "--places", "-1", "--year", "2025"],
                            parent=ctx)
    assert sub.params["inputs"] == [Path("a.xlsx"), Path("b")]
    assert (sub.params["target_rank"], sub.params["places"], sub.params["year"]) == (3, -1, 2025)
    assert sub.params["output"] is None and sub.params["area"] == "" and sub.params["as_json"] is False
    export = group.get_command(ctx, "export")
    sub = export.make_context("export", ["f.xlsx", "--format", "pdf"], parent=ctx)
    assert sub.params["fmt"].value == "pdf" and isinstance(sub.params["file"], Path)


def test_check_piped_prints_one_aligned_line_per_finding_without_rich(demo):
    # A pipe gets plain text (rich only on a terminal, and not imported at all here): the header, a rule,
    # then one line per finding with its cell where the "Ô" column starts.
    code = ("import sys\nfrom parxl.cli import run\nstatus = run(['check', sys.argv[1]])\n"
            "print('rich loaded' if any(m.split('.')[0] == 'rich' for m in sys.modules) else 'no rich')\n"
            "sys.exit(status)")
    proc = subprocess.run([sys.executable, "-c", code, str(demo)], capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[-1] == "no rich"
    header, rule, rows = lines[1], lines[2], lines[3:-1]
    column = header.index("Ô")
    assert set(rule.replace(" ", "")) == {"-"} and rule[column - 2:column] == "  " and rule[column] == "-"
    assert len(rows) == len(DEMO_FINDINGS)
    for row, (_, cell) in zip(rows, DEMO_FINDINGS, strict=True):
        assert row[column - 2:column] == "  " and row[column:].startswith(f"Bảng điểm!{cell} "), row
