"""Faults while writing: a failure injected at every step of every writing command loses nothing; runs killed
mid-way leave the workbook whole; concurrent runs on one workbook never lose a completed command's changes;
the operating system's own file size limit is a Vietnamese refusal."""

from __future__ import annotations

import errno
import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
import zipfile
from datetime import datetime
from io import BytesIO
from pathlib import Path

import pytest

from parxl import safe_save
from parxl.analyse import analyse
from parxl.cli import run
from parxl.read import WorkbookReader
from parxl.templates import template_path
from parxl.xlsxpkg.cells import set_cells

ROOT = Path(__file__).resolve().parent.parent
PASTE = ROOT / "tests" / "data" / "paste" / "seed004_appendix.txt"
# The 16 criteria the district cut in seed 004, with their appraised scores (from the published appendix).
APPRAISED = {"1.1.3": 1.91, "1.5.3": 0, "1.5.4": 0.5, "1.6": 0.8, "1.7": 0, "3.11.1": 0.96, "3.11.2": 0.99,
             "3.12.1": 0.1, "3.12.2": 0.32, "3.13.2": 0.94, "3.13.3": 0.87, "4.4": 0, "7.1.4": 1, "7.2": 0,
             "7.3.1": 0.69, "7.3.2": 1.92}
STEPS = ("after_temp", "before_backup", "after_backup", "before_replace", "after_replace", "after_save")


class Crash(OSError):
    """The injected fault: the disk fails at this step (an OS error, so the CLI refuses with exit 2)."""

    def __init__(self) -> None:
        super().__init__(errno.EIO, "injected")


def blank_appraisal() -> tuple[bytes, dict[str, str]]:
    """The demo before the district appraised it: the 16 cut criteria have no appraised score."""
    data = template_path("demo.xlsx").read_bytes()
    cells = {r.code: r.cells["appraised"] for r in analyse(data, "demo.xlsx").sheet.rows if r.code in APPRAISED}
    return set_cells(data, "Bảng điểm", {cell: None for cell in cells.values()}), cells


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): digest(p) for p in folder.rglob("*") if p.is_file()}


def inject(monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    """Make the save fail at ``step``."""
    def before(name: str) -> None:
        original = getattr(safe_save, name)

        def failing(*args: object, **kwargs: object) -> object:
            raise Crash()
        monkeypatch.setattr(safe_save, name, failing)
        del original

    def after(name: str) -> None:
        original = getattr(safe_save, name)

        def failing(*args: object, **kwargs: object) -> object:
            original(*args, **kwargs)
            raise Crash()
        monkeypatch.setattr(safe_save, name, failing)

    {"after_temp": lambda: after("_write_temp"), "before_backup": lambda: before("make_backup"),
     "after_backup": lambda: after("make_backup"), "before_replace": lambda: before("_replace"),
     "after_replace": lambda: after("_replace"), "after_save": lambda: after("_fsync_dir")}[step]()


def command(name: str, folder: Path) -> tuple[list[str], Path]:
    """A writing command whose destination already exists, and that destination."""
    book = folder / "bang_diem.xlsx"
    data, _ = blank_appraisal()
    book.write_bytes(data)
    if name == "score":
        return ["score", str(book)], book
    if name == "paste":
        return ["paste", str(book), "--text", str(PASTE), "--overwrite"], book
    if name == "score_output":
        (folder / "ket_qua.xlsx").write_bytes(template_path("demo.xlsx").read_bytes())
        return ["score", str(book), "--output", str(folder / "ket_qua.xlsx")], folder / "ket_qua.xlsx"
    if name == "export":
        (folder / "pl.xlsx").write_bytes(b"an earlier export")
        return ["export", str(book), "--format", "xlsx", "--output", str(folder / "pl.xlsx")], folder / "pl.xlsx"
    if name == "rank":
        (folder / "xh.xlsx").write_bytes(b"an earlier ranking")
        return ["rank", str(book), "--output", str(folder / "xh.xlsx")], folder / "xh.xlsx"
    if name == "demo":
        (folder / "vd").mkdir()
        (folder / "vd" / "bang_diem_vi_du.xlsx").write_bytes(b"the officer's own notes")
        return ["demo", str(folder / "vd")], folder / "vd" / "bang_diem_vi_du.xlsx"
    if name == "addin":
        book = folder / "parxl.xlam"
        book.write_bytes(b"an add-in built earlier")
        return ["addin", "build", "--output", str(book)], book
    if name == "new":
        return ["new", str(folder / "moi.xlsx")], folder / "moi.xlsx"
    raise AssertionError(name)


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("name", ["score", "paste", "score_output", "export", "rank", "demo", "addin", "new"])
def test_a_failure_at_any_step_loses_nothing(name: str, step: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    args, dest = command(name, tmp_path)
    before = files(tmp_path)
    old = dest.read_bytes() if dest.exists() else None
    inject(monkeypatch, step)
    code = run(args)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    after = files(tmp_path)
    rel = str(dest.relative_to(tmp_path))
    backups = {k: v for k, v in after.items() if "parxl_sao_luu" in k}
    assert not [k for k in after if ".parxl-tmp-" in k or k.endswith(".parxl-lock")]
    # Everything but the destination and the backups is exactly as it was.
    assert {k: v for k, v in after.items() if k != rel and k not in backups} == \
        {k: v for k, v in before.items() if k != rel}
    if code == 0:
        assert step == "after_save" or name == "new" and step in ("before_backup", "after_backup", "before_replace",
                                                                   "after_replace")
    else:
        assert code == 2 and "(mã lỗi: io_error)" in err
    if old is None:  # a new file: absent, or complete
        if dest.exists():
            zipfile.ZipFile(dest).testzip()
        return
    if dest.read_bytes() == old:
        assert backups == {}  # nothing was replaced, so no backup is left to confuse the user
    else:
        assert hashlib.sha256(old).hexdigest() in backups.values()  # replaced: the old bytes are kept
        zipfile.ZipFile(dest).testzip()


def test_a_file_size_limit_is_a_refusal(tmp_path: Path) -> None:
    """``ulimit -f``: the write fails with EFBIG (Python ignores SIGXFSZ), and nothing is half-written."""
    resource = pytest.importorskip("resource")
    book = tmp_path / "bang_diem.xlsx"
    book.write_bytes(template_path("demo.xlsx").read_bytes())
    before = files(tmp_path)
    limit = book.stat().st_size + 4096  # the scored workbook is larger than the original

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = subprocess.run([sys.executable, "-m", "parxl", "score", str(book)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=limited, timeout=120, check=False)
    assert proc.returncode == 2 and "(mã lỗi: file_too_big)" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert files(tmp_path) == before


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "parxl", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def appraised_values(data: bytes, cells: dict[str, str]) -> dict[str, object]:
    grid = WorkbookReader(data).grid("Bảng điểm")
    values = {}
    for code, ref in cells.items():
        col = "".join(ch for ch in ref if ch.isalpha())
        row = int(ref[len(col):])
        c = 0
        for ch in col:
            c = c * 26 + ord(ch) - 64
        values[code] = grid.value(row, c)
    return values


@pytest.mark.parametrize("paste_first", [True, False])
def test_paste_and_score_at_once_keep_both(tmp_path: Path, paste_first: bool) -> None:
    data, cells = blank_appraisal()
    book = tmp_path / "bang_diem.xlsx"
    book.write_bytes(data)
    paste = ["paste", str(book), "--text", str(PASTE), "--overwrite"]
    score = ["score", str(book)]
    first, second = (paste, score) if paste_first else (score, paste)
    procs = [_start(first)]
    time.sleep(0.05)
    procs.append(_start(second))
    results = [(p.wait(timeout=180), p.communicate()) for p in procs]
    for code, (_, err) in results:
        assert code == 0, err
    final = book.read_bytes()
    assert appraised_values(final, cells) == APPRAISED  # the paste survived the concurrent score
    assert "Kết quả" in WorkbookReader(final).sheet_names
    assert not [p for p in tmp_path.rglob("*") if ".parxl-tmp-" in p.name or p.name.endswith(".parxl-lock")]


def test_five_scores_at_once(tmp_path: Path) -> None:
    data, _ = blank_appraisal()
    book = tmp_path / "bang_diem.xlsx"
    book.write_bytes(data)
    procs = [_start(["score", str(book)]) for _ in range(5)]
    outcomes = [(p.wait(timeout=300), p.communicate()[1]) for p in procs]
    assert [code for code, _ in outcomes] == [0] * 5, outcomes
    zipfile.ZipFile(book).testzip()
    backups = list((tmp_path / "parxl_sao_luu").iterdir())
    # The first run replaced the original (one backup holding it); the others found identical bytes and wrote nothing.
    assert [p.read_bytes() for p in backups] == [data]
    assert not [p for p in tmp_path.iterdir() if ".parxl-tmp-" in p.name or p.name.endswith(".parxl-lock")]


def test_a_run_waits_for_the_lock_then_reads_the_new_content(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    data, _ = blank_appraisal()
    book = tmp_path / "bang_diem.xlsx"
    book.write_bytes(data)
    hold = ("import sys, time\nfrom parxl.safe_save import workbook_lock\n"
            "with workbook_lock(sys.argv[1]):\n    print('held', flush=True)\n    time.sleep(1.5)\n")
    holder = subprocess.Popen([sys.executable, "-c", hold, str(book)], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    start = time.monotonic()
    assert run(["score", str(book)]) == 0
    assert time.monotonic() - start > 0.5  # it waited for the other run
    holder.wait(timeout=30)


def test_backup_names_are_exclusive_within_one_second(tmp_path: Path) -> None:
    book = tmp_path / "bang_diem.xlsx"
    book.write_bytes(b"workbook")
    now = datetime(2026, 11, 23, 16, 15, 2)
    made: list[Path] = []
    threads = [threading.Thread(target=lambda: made.append(safe_save.make_backup(book, now))) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(made)) == 5
    assert sorted(p.name for p in made) == sorted(
        ["bang_diem (bản sao lưu 2026-11-23 161502).xlsx"]
        + [f"bang_diem (bản sao lưu 2026-11-23 161502 {n}).xlsx" for n in range(2, 6)])


def test_only_the_last_backups_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARXL_BACKUPS", "3")
    book = tmp_path / "bang_diem.xlsx"
    other = tmp_path / "parxl_sao_luu" / "ghi chú của tôi.txt"
    for i in range(6):
        safe_save.save_bytes(book, f"v{i}".encode(), now=datetime(2026, 11, 23, 16, 15, i))
        if i == 0:
            other.parent.mkdir(exist_ok=True)
            other.write_text("không phải bản sao lưu", encoding="utf-8")
    names = sorted(p.name for p in (tmp_path / "parxl_sao_luu").iterdir())
    assert names == ["bang_diem (bản sao lưu 2026-11-23 161503).xlsx", "bang_diem (bản sao lưu 2026-11-23 161504).xlsx",
                     "bang_diem (bản sao lưu 2026-11-23 161505).xlsx", "ghi chú của tôi.txt"]
    assert (tmp_path / "parxl_sao_luu" / names[0]).read_bytes() == b"v2"


def test_identical_bytes_are_not_written(tmp_path: Path) -> None:
    book = tmp_path / "bang_diem.xlsx"
    book.write_bytes(b"same")
    os.utime(book, (1_700_000_000, 1_700_000_000))
    result = safe_save.save_bytes(book, b"same")
    assert result.unchanged and result.backup is None
    assert book.stat().st_mtime == 1_700_000_000 and not (tmp_path / "parxl_sao_luu").exists()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_runs_killed_at_random_moments_leave_the_workbook_whole(tmp_path: Path) -> None:
    data, _ = blank_appraisal()
    book = tmp_path / "bang_diem.xlsx"
    book.write_bytes(data)
    rng = random.Random(8)
    for _ in range(4):
        proc = _start(["score", str(book)])
        time.sleep(rng.uniform(0.3, 1.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        current = book.read_bytes()
        zipfile.ZipFile(BytesIO(current)).testzip()
        if current != data:
            backups = [p.read_bytes() for p in (tmp_path / "parxl_sao_luu").iterdir()]
            assert data in backups
        for stray in tmp_path.glob(".parxl-tmp-*"):
            stray.unlink()  # a killed run cannot clean up after itself; the workbook is what matters
        book.write_bytes(data)
    # A lock left by a killed run is taken over (its process is gone).
    assert run(["score", str(book)]) == 0


def test_a_paste_started_while_a_score_is_working_is_not_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic form of the lost update: the paste starts after the score has read the workbook and
    before it writes. Without the lock the score would then save over the pasted values."""
    from parxl import workflow

    data, cells = blank_appraisal()
    book = tmp_path / "bang_diem.xlsx"
    book.write_bytes(data)
    started: list[subprocess.Popen[str]] = []
    real_analyse = workflow.analyse

    def analyse_then_let_a_paste_run(*args: object, **kwargs: object) -> object:
        if not started:
            proc = _start(["paste", str(book), "--text", str(PASTE), "--overwrite"])
            started.append(proc)
            try:
                proc.wait(timeout=4)  # with the lock it cannot finish now; without it, it would
            except subprocess.TimeoutExpired:
                pass
        return real_analyse(*args, **kwargs)

    monkeypatch.setattr(workflow, "analyse", analyse_then_let_a_paste_run)
    assert run(["score", str(book)]) == 0
    paste = started[0]
    assert paste.wait(timeout=120) == 0, paste.communicate()[1]
    assert appraised_values(book.read_bytes(), cells) == APPRAISED


def test_a_workbook_in_a_read_only_folder_can_be_scored_into_another(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """No lock file can be made beside a workbook on a read-only share; --output elsewhere still works."""
    share, local = tmp_path / "share", tmp_path / "local"
    share.mkdir()
    local.mkdir()
    book = share / "bang_diem.xlsx"
    book.write_bytes(template_path("demo.xlsx").read_bytes())
    real_open = os.open

    def read_only_share(path: object, *args: object, **kwargs: object) -> int:
        if str(path).startswith(str(share)) and str(path).endswith(safe_save.LOCK_SUFFIX):
            raise PermissionError(errno.EACCES, "read-only")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only_share)
    assert run(["score", str(book), "--output", str(local / "ket_qua.xlsx")]) == 0
    assert (local / "ket_qua.xlsx").exists() and sorted(p.name for p in share.iterdir()) == ["bang_diem.xlsx"]
