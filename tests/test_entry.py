"""The plain ``check`` and ``score`` calls run without typer, and say and write exactly what typer's path does."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from parxl.cli import run_typer
from parxl.entry import plain_call
from parxl.entry import run as run_entry
from parxl.templates import template_path


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    target = tmp_path / "bang_diem.xlsx"
    shutil.copyfile(template_path("demo.xlsx"), target)
    return target


@pytest.mark.parametrize("argv", [
    ["check", "a.xlsx"], ["check", "--json", "a.xlsx"], ["check", "a.xlsx", "--json"],
    ["score", "a.xlsx"], ["score", "a.xlsx", "-o", "b.xlsx", "--json"], ["score", "--output", "b.xlsx", "a.xlsx"],
    ["score", "a.xlsx", "--variant", "rut-gon"],
])
def test_plain_calls_run_without_typer(argv):
    assert plain_call(argv) is not None


@pytest.mark.parametrize("argv", [
    [], ["--help"], ["check"], ["check", "--help"], ["check", "a.xlsx", "b.xlsx"], ["check", "a.xlsx", "--recalc"],
    ["check", "a.xlsx", "--json", "--json"], ["check", "a.xlsx", "-o", "b.xlsx"], ["check", "-x.xlsx"],
    ["check", "--", "a.xlsx"], ["check", "*.xlsx"], ["check", "~/a.xlsx"], ["check", "$HOME/a.xlsx"],
    ["check", ""], ["score", "a.xlsx", "-o"], ["score", "a.xlsx", "-o", "--json"], ["score", "a.xlsx", "--output=b"],
    ["score", "a.xlsx", "-o", "b.xlsx", "-o", "c.xlsx"], ["score", "a.xlsx", "--jso"], ["new", "a.xlsx"],
    ["rank", "a.xlsx"], ["demo"],
])
def test_everything_else_goes_to_typer(argv):
    assert plain_call(argv) is None


def _both(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[tuple[int, str, str]]:
    said = []
    for runner in (run_entry, run_typer):
        code = runner(list(argv))
        out = capsys.readouterr()
        said.append((code, out.out, out.err))
    return said


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_check_says_the_same_both_ways(demo, capsys, extra):
    assert plain_call(["check", str(demo), *extra]) is not None
    plain, typer = _both(["check", str(demo), *extra], capsys)
    assert plain == typer and plain[0] == 1 and plain[1]


@pytest.mark.parametrize("extra", [["--json"], ["--variant", "rut-gon"]])
def test_score_says_and_writes_the_same_both_ways(demo, tmp_path, capsys, extra):
    results = []
    for runner, name in ((run_entry, "a.xlsx"), (run_typer, "b.xlsx")):
        out = tmp_path / name
        argv = ["score", str(demo), "-o", str(out), *extra]
        code = runner(argv)
        said = capsys.readouterr()
        results.append((code, said.out.replace(str(out), "OUT"), said.err, out.read_bytes()))
    assert plain_call(["score", str(demo), "-o", "x.xlsx", *extra]) is not None
    assert results[0] == results[1] and results[0][0] == 0


@pytest.mark.parametrize("argv", [["check", "khong_co.xlsx"], ["score", "khong_co.xlsx", "--json"],
                                  ["score", "{demo}", "-o", "{tmp}/x.xlsm"],
                                  ["score", "{demo}", "-o", "{tmp}/y.xlsx", "--variant", "khac"]])
def test_refusals_are_the_same_both_ways(demo, tmp_path, capsys, argv):
    argv = [a.format(demo=demo, tmp=tmp_path) for a in argv]
    assert plain_call(argv) is not None
    plain, typer = _both(argv, capsys)
    assert plain == typer and plain[0] == 2 and "(mã lỗi:" in plain[2]


def test_the_program_checks_without_importing_typer(demo):
    code = ("import sys\nfrom parxl.entry import run\nstatus = run(['check', sys.argv[1], '--json'])\n"
            "print(sorted(m for m in ('typer', 'click', 'rich', 'pydantic', 'pandas') if m in sys.modules), status)")
    proc = subprocess.run([sys.executable, "-c", code, str(demo)], capture_output=True, text=True, encoding="utf-8",
                          check=True)
    assert proc.stdout.splitlines()[-1] == "[] 1"
