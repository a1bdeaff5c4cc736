"""The bad-input corpus (tests/badinputs/make_corpus.py) run through the command line: each case gives its
reason code and exit status, a Vietnamese message without Python's text, no traceback, leaves its inputs byte
for byte as they were and no stray file behind; the pathological ones run in a child process under a time and
memory ceiling."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parxl import safe_save
from parxl.cli import run
from tests.badinputs.make_corpus import Case, cases

ROOT = Path(__file__).resolve().parent.parent
CASES = cases()
TIME_CEILING = 60.0  # seconds, for the pathological cases only (they finish in a few)
MEMORY_CEILING_KB = 1_000_000  # peak resident memory of the child, in KB
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýĐ]", re.IGNORECASE)
PYTHON_TEXT = re.compile(r"Traceback|Error\b|Exception\b|errno|\[Errno|No such|Invalid|not supported|line \d+|"
                         r"password required|File \"|Usage:|Try '")


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` with its kind and, for files, a hash of its bytes."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            st = os.lstat(path)
            rel = str(path.relative_to(folder))
            if stat.S_ISREG(st.st_mode):
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest() + f" {st.st_mode & 0o777:o}"
            else:
                out[rel] = stat.filemode(st.st_mode)
    return out


def run_inline(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_child(case: Case, args: list[str], tmp_path: Path) -> tuple[int, str, str]:
    """A pathological case in its own process: time and peak memory are measured and bounded."""
    figures = tmp_path / "figures.txt"
    code = ("import sys\nfrom parxl.cli import run\nc = run(sys.argv[2:])\n"
            "try:\n    import resource\n    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "except ImportError:  # Windows: time only\n    peak = 0\n"
            "open(sys.argv[1], 'w').write(str(peak))\nsys.exit(c)\n")
    env = {**os.environ, **case.env, "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", code, str(figures), *args], capture_output=True, text=True,
                          env=env, timeout=TIME_CEILING, stdin=subprocess.DEVNULL, check=False)
    seconds = time.monotonic() - start
    peak_kb = int(figures.read_text()) if figures.exists() else 0
    bench = os.environ.get("PARXL_BENCH_OUT")
    if bench:
        with open(bench, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"case": case.name, "seconds": round(seconds, 2), "peak_kb": peak_kb}) + "\n")
    assert seconds < TIME_CEILING
    assert peak_kb < MEMORY_CEILING_KB, f"{case.name}: {peak_kb} KB"
    return proc.returncode, proc.stdout, proc.stderr


def test_the_corpus_is_large_and_covers_every_class():
    assert len(CASES) >= 80
    codes = {c.code for c in CASES}
    for needed in ("xml_invalid", "xml_doctype", "zip_bomb", "zip_unsupported", "zip_encrypted", "zip_corrupt",
                   "bad_shared_string", "bad_cell_ref", "cell_out_of_range", "bad_row_ref", "grid_too_large",
                   "part_too_large", "paste_encoding", "paste_binary", "paste_too_large", "usage", "disk_full",
                   "file_too_big", "name_too_long", "read_only", "output_is_folder", "output_not_regular", "symlink",
                   "output_is_input", "busy", "exists"):
        assert needed in codes, needed


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                   monkeypatch: pytest.MonkeyPatch) -> None:
    if case.posix_only and os.name != "posix":
        pytest.skip("needs POSIX files (FIFO, links, modes)")
    if case.name == "unreadable_file_argument" and hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root reads any file")
    folder = tmp_path / "in"
    folder.mkdir()
    args = case.prepare(folder)
    before = snapshot(folder)
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    if case.inject is not None:
        def refuse(*_a: object, **_k: object) -> Path:
            raise OSError(case.inject, os.strerror(case.inject))
        monkeypatch.setattr(safe_save, "_write_temp", refuse)
    if case.pathological:
        code, out, err = run_child(case, args, tmp_path)
    else:
        code, out, err = run_inline(args, capsys)
    assert "Traceback" not in out + err
    if case.evaluator_owned and code in (0, 1):
        return  # the evaluator bounds the depth itself and reports a finding: also a right answer
    assert code == case.exit, err
    if case.code is not None:
        assert f"(mã lỗi: {case.code})" in err, err
        assert "Lỗi:" in err and VIETNAMESE.search(err)
        assert not PYTHON_TEXT.search(err), err
    if case.finding is not None:
        found = {(f["code"], f.get("cell")) for f in json.loads(out)["findings"]}
        assert case.finding in found, sorted(found)
    after = snapshot(folder)
    leftovers = [p for p in after if ".parxl-tmp-" in p or (p.endswith(".parxl-lock") and p not in before)]
    assert leftovers == []
    if case.exit == 2:
        assert after == before  # inputs byte for byte, nothing added
    if case.writes:
        backups = [p for p in after if p.startswith("parxl_sao_luu") or "/parxl_sao_luu/" in p]
        replaced = [p for p in before if p in after and after[p] != before[p]]
        for name in replaced:
            kept = [b for b in backups if after[b].split()[0] == before[name].split()[0]]
            assert kept, f"{name} was replaced without a backup"


def test_a_bug_is_exit_3_with_a_report_file_and_no_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    from parxl import workflow

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tam"))
    (tmp_path / "tam").mkdir()
    book = tmp_path / "bang_diem.xlsx"
    book.write_bytes(template_path_bytes())
    before = book.read_bytes()

    def broken(*_a: object, **_k: object) -> object:
        raise ZeroDivisionError("division by zero")
    monkeypatch.setattr(workflow, "analyse", broken)
    code, out, err = run_inline(["score", str(book)], capsys)
    assert code == 3 and "(mã lỗi: bug)" in err and "ZeroDivisionError" not in err + out and "Traceback" not in err
    reports = list((tmp_path / "tam").glob("parxl-bao-loi-*.txt"))
    assert len(reports) == 1 and str(reports[0]) in err
    assert "ZeroDivisionError" in reports[0].read_text(encoding="utf-8")  # the details are in the report
    assert book.read_bytes() == before


def test_rank_names_each_skipped_file_with_its_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.badinputs.make_corpus import LAUGHS, demo_bytes, rezip

    (tmp_path / "phuong_1.xlsx").write_bytes(demo_bytes())
    (tmp_path / "phuong_2.xlsx").write_bytes(rezip(demo_bytes(), {"xl/worksheets/sheet1.xml": LAUGHS.encode()}))
    (tmp_path / "phuong_3.xlsx").write_bytes(demo_bytes()[:3000])
    code, out, err = run_inline(["rank", str(tmp_path), "--json"], capsys)
    assert code == 1  # ranked what it could read, and says that two inputs are missing from the ranking
    data = json.loads(out)
    skipped = {item["input"]: item["reason"] for item in data["skipped"]}
    assert set(skipped) == {"phuong_2.xlsx", "phuong_3.xlsx"}
    text = json.dumps(data, ensure_ascii=False)
    assert "(mã lỗi: xml_doctype)" in text and "(mã lỗi: zip_corrupt)" in text
    assert not PYTHON_TEXT.search(text + err)


def template_path_bytes() -> bytes:
    from parxl.templates import template_path

    return template_path("demo.xlsx").read_bytes()
