"""Every performance goal of parxl as a ratio to its baseline, measured in the same run; writes BENCHMARKS.md.

    python bench/run_all.py [--repeat 5] [--wards 600] [--quick] [--output BENCHMARKS.md]

Whole processes, baseline and parxl alternated, median of ``--repeat`` runs. Ratios are of CPU time
(user + system of the process and its children, from ``wait4``): the machine this runs on may be shared,
and CPU time is what a crowded machine blurs least. Wall times are printed next to them. Peak memory is
the process's maximum resident set size. Goals (from the performance issue):

- ``parxl score`` ≤ 0.7× a bare ``openpyxl.load_workbook`` at 5,000 and 20,000 rows, ≤ 1.0× on a
  4,500-criterion sheet where most criteria lost points; linear growth; peak memory below openpyxl's;
- ``parxl --help`` and ``parxl check`` at 150 rows within 0.1 s of ``python -c pass``;
- ``rank`` of 600 wards ≤ 0.7× a loop of openpyxl loads of the same files (wall time, both cores);
- ``paste`` linear to 10,000 lines (``bench/bench_paste.py``, included when present);
- the add-in's click at 150 rows under 0.3 s after the first click (``bench/bench_addin.py``).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
# An installed parxl runs from bytecode, as openpyxl does: compiling parxl's sources in every timed process
# (PYTHONDONTWRITEBYTECODE set) would charge parxl 20-60 ms that no user pays.
ENV.pop("PYTHONDONTWRITEBYTECODE", None)
PY = sys.executable
BARE_LOAD = "import sys; from openpyxl import load_workbook; load_workbook(sys.argv[1]).close()"
LOAD_LOOP = ("import sys; from pathlib import Path; from openpyxl import load_workbook\n"
             "for f in sorted(Path(sys.argv[1]).glob('*.xlsx')): load_workbook(f).close()")


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float


@dataclass
class Stats:
    wall: float
    cpu: float
    rss_mb: float


def run(cmd: list[str], ok: tuple[int, ...] = (0,)) -> Run:
    """One process: wall seconds, CPU seconds (it and its children) and peak resident memory."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        raise SystemExit(f"{' '.join(cmd)} exited with {code}:\n{err}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def alternate(cmds: dict[str, list[str]], repeat: int, before: dict[str, object] | None = None,
              ok: tuple[int, ...] = (0,)) -> dict[str, Stats]:
    """Run each command in turn, ``repeat`` rounds; medians per command. ``before[key]()`` runs first."""
    runs: dict[str, list[Run]] = {k: [] for k in cmds}
    for _ in range(repeat):
        for key, cmd in cmds.items():
            prepare = (before or {}).get(key)
            if callable(prepare):
                prepare()
            runs[key].append(run(cmd, ok))
    return {k: Stats(statistics.median(r.wall for r in v), statistics.median(r.cpu for r in v),
                     statistics.median(r.rss_mb for r in v)) for k, v in runs.items()}


def generate(code: str, *args: object) -> None:
    """Build test workbooks in a child process. This process stays small on purpose: a child's peak
    memory as Linux reports it is at least its parent's size when it was started."""
    setup = f"import sys; sys.path[0:0] = [{str(ROOT)!r}, {str(BENCH)!r}]\n"
    subprocess.run([PY, "-c", setup + code, *map(str, args)], cwd=ROOT, env=ENV, check=True)


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


# ------------------------------------------------------------------------------------ machine ----


def machine() -> list[str]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    versions = []
    for dist in ("openpyxl", "lxml", "typer", "rich", "python-calamine"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} (not installed)")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True, check=False).stdout.strip() or "?"
    return [
        "| | |", "|---|---|",
        f"| CPU | {cpu} |",
        f"| cores | {os.cpu_count()} logical, {usable} usable by this process |",
        f"| load average at start (1, 5, 15 min) | {load} |",
        f"| system | {platform.system()} {platform.release()} ({platform.machine()}) |",
        f"| Python | {platform.python_implementation()} {platform.python_version()} |",
        f"| packages | {', '.join(versions)} |",
        f"| parxl commit | {commit} |",
    ]


# -------------------------------------------------------------------------------------- score ----


def score_section(tmp: Path, sizes: list[int], heavy: int, repeat: int) -> list[str]:
    lines = [("| sheet | openpyxl load CPU s (wall) | parxl score CPU s (wall) | ratio | goal | "
             "openpyxl MB | parxl MB | memory ratio |"), "|---|---:|---:|---:|---|---:|---:|---:|"]
    cpu_at: dict[int, float] = {}
    cases: list[tuple[str, Path, float, int | None]] = []
    for rows in sizes:
        path = tmp / f"score_{rows}.xlsx"
        generate("from bench_score import make_workbook; from pathlib import Path\n"
                 "make_workbook(Path(sys.argv[1]), int(sys.argv[2]))", path, rows)
        cases.append((f"{rows:,} rows", path, 0.7, rows))
    path = tmp / "heavy.xlsx"
    generate("from bench_score import make_heavy_workbook; from pathlib import Path\n"
             "make_heavy_workbook(Path(sys.argv[1]), int(sys.argv[2]))", path, heavy)
    cases.append((f"{heavy:,} criteria, most lost points", path, 1.0, None))
    for label, src, goal, rows in cases:
        out = tmp / "scored.xlsx"
        t = alternate({"bare": [PY, "-c", BARE_LOAD, str(src)],
                       "parxl": [PY, "-m", "parxl", "score", str(src), "-o", str(out)]},
                      repeat, before={"parxl": lambda o=out: o.unlink(missing_ok=True)}, ok=(0, 1))
        b, p = t["bare"], t["parxl"]
        ratio = p.cpu / b.cpu
        if rows is not None:
            cpu_at[rows] = p.cpu
        lines.append(f"| {label} | {b.cpu:.2f} ({b.wall:.2f}) | {p.cpu:.2f} ({p.wall:.2f}) | {ratio:.2f}× | "
                     f"≤ {goal}× {verdict(ratio <= goal)} | {b.rss_mb:.0f} | {p.rss_mb:.0f} | "
                     f"{p.rss_mb / b.rss_mb:.2f}× {verdict(p.rss_mb < b.rss_mb)} |")
    if len(sizes) >= 2:
        small, big = sizes[0], sizes[-1]
        growth = cpu_at[big] / cpu_at[small]
        lines += ["", (f"Growth: parxl's CPU time grows {growth:.2f}× for {big / small:.0f}× the rows "
                  f"(start-up included, so linear is at most {big / small:.0f}×: {verdict(growth <= big / small)}).")]
    return lines


# ------------------------------------------------------------------------------------ startup ----


def startup_section(tmp: Path, repeat: int) -> list[str]:
    path = tmp / "ward_150.xlsx"
    generate("from bench_score import make_workbook; from pathlib import Path\n"
             "make_workbook(Path(sys.argv[1]), 150)", path)
    t = alternate({"pass": [PY, "-c", "pass"], "help": [PY, "-m", "parxl", "--help"],
                   "check": [PY, "-m", "parxl", "check", str(path)]}, repeat * 2, ok=(0, 1))
    lines = ["| command | wall s | CPU s | beyond `python -c pass`: CPU (wall) | goal (on CPU) |",
             "|---|---:|---:|---:|---|"]
    base = t["pass"]
    lines.append(f"| `python -c pass` (baseline) | {base.wall:.3f} | {base.cpu:.3f} | | |")
    for key, label in (("help", "`parxl --help`"), ("check", "`parxl check`, 150 rows")):
        extra = t[key].cpu - base.cpu
        lines.append(f"| {label} | {t[key].wall:.3f} | {t[key].cpu:.3f} | +{extra:.3f} s "
                     f"(+{t[key].wall - base.wall:.3f} s) | ≤ +0.1 s {verdict(extra <= 0.1)} |")
    return lines


# --------------------------------------------------------------------------------------- rank ----


def rank_section(tmp: Path, wards: int, repeat: int) -> list[str]:
    folder = tmp / "wards"
    folder.mkdir()
    generate("import random; from pathlib import Path; from bench_rank import make_ward\n"
             "rng = random.Random(2025)\n"
             "for i in range(1, int(sys.argv[2]) + 1):\n"
             "    make_ward(Path(sys.argv[1]) / f'ward_{i:03d}.xlsx', f'Phường {i}', rng)", folder, wards)
    out = tmp / "xep_hang.xlsx"
    t = alternate({"loads": [PY, "-c", LOAD_LOOP, str(folder)],
                   "rank": [PY, "-m", "parxl", "rank", str(folder), "-o", str(out)]},
                  repeat, before={"rank": lambda: out.unlink(missing_ok=True)}, ok=(0, 1))
    b, p = t["loads"], t["rank"]
    ratio = p.wall / b.wall
    return ["| job | wall s | CPU s | per ward CPU ms |", "|---|---:|---:|---:|",
            (f"| loop of `openpyxl.load_workbook` (baseline) | {b.wall:.2f} | {b.cpu:.2f} | "
            f"{b.cpu / wards * 1000:.1f} |"),
            f"| `parxl rank` | {p.wall:.2f} | {p.cpu:.2f} | {p.cpu / wards * 1000:.1f} |", "",
            (f"{wards} wards: wall ratio {ratio:.2f}× (goal ≤ 0.7×: {verdict(ratio <= 0.7)}), "
            f"CPU ratio {p.cpu / b.cpu:.2f}×.")]


# ----------------------------------------------------------------------------- other scripts ----


def script_section(name: str, args: list[str]) -> list[str]:
    """Output of another bench script, run as it is, when it exists."""
    path = BENCH / name
    if not path.is_file():
        return [f"`bench/{name}` is not present in this tree."]
    proc = subprocess.run([PY, str(path), *args], cwd=ROOT, env=ENV, capture_output=True, text=True, check=False)
    text = proc.stdout.strip() if proc.returncode == 0 else f"failed ({proc.returncode}):\n{proc.stderr.strip()}"
    return ["```", text, "```"]


def addin_section(repeat: int) -> list[str]:
    lines = script_section("bench_addin.py", ["--repeat", str(repeat)])
    warm = next((line.split()[5] for line in lines[1].splitlines() if line.startswith("handler on the fake book")),
                None) if len(lines) > 1 else None
    if warm is not None:
        lines += ["", (f"Click after the first, 150 rows: {float(warm):.3f} s in the handler (goal < 0.3 s: "
                  f"{verdict(float(warm) < 0.3)}), without Excel's own cost per call (printed above).")]
    return lines


def reader_section(files: list[Path], repeat: int) -> list[str]:
    proc = subprocess.run([PY, str(BENCH / "bench_reader.py"), *map(str, files), "--repeat", str(repeat)],
                          cwd=ROOT, env=ENV, capture_output=True, text=True, check=False)
    if proc.returncode:
        return [f"bench_reader.py failed:\n```\n{proc.stderr.strip()}\n```"]
    return proc.stdout.strip().replace("### ", "#### ").splitlines()


# --------------------------------------------------------------------------------------- main ----


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--wards", type=int, default=600)
    parser.add_argument("--quick", action="store_true", help="small sizes and 2 rounds: a smoke run")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    opts = parser.parse_args()
    repeat, wards, sizes, heavy = opts.repeat, opts.wards, [5000, 20000], 4500
    if opts.quick:
        repeat, wards, sizes, heavy = 2, 40, [500, 2000], 450

    started = time.perf_counter()
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "parxl")], cwd=ROOT, env=ENV, check=True)
    doc = ["# Benchmarks", "",
           (f"Generated by `python bench/run_all.py` on {datetime.date.today().isoformat()}"
           f"{' (--quick: smoke sizes, not the goals)' if opts.quick else ''}. Every ratio is measured in "
           f"the same run against its baseline: whole processes, alternated, median of {repeat} runs; CPU "
           "time (user + system) unless said otherwise, wall time in brackets. parxl runs from its compiled "
           "bytecode, as an installed package does."), "",
           "## Machine", "", *machine(), ""]

    def section(title: str, lines: list[str]) -> None:
        doc.extend([f"## {title}", "", *lines, ""])
        print(f"\n## {title}\n", *lines, sep="\n", flush=True)

    print("\n".join(doc), flush=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        section("`parxl score` vs a bare `openpyxl.load_workbook`", score_section(tmp, sizes, heavy, repeat))
        section("Start-up: `parxl --help` and `parxl check` vs `python -c pass`", startup_section(tmp, repeat))
        section(f"`parxl rank` of {wards} wards vs a loop of openpyxl loads", rank_section(tmp, wards, repeat))
        section("`parxl paste` linearity (bench/bench_paste.py)",
                script_section("bench_paste.py", []))
        section("Add-in click, 150 rows (bench/bench_addin.py)", addin_section(repeat))
        files = [tmp / f"score_{sizes[0]}.xlsx", tmp / f"score_{sizes[-1]}.xlsx", tmp / "heavy.xlsx"]
        section("Levers of the read path (bench/bench_reader.py)", reader_section(files, repeat))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    doc.append(f"Whole run: {time.perf_counter() - started:.0f} s. The harness itself peaked at {own:.0f} MB "
               "(a floor under every child's peak memory on Linux).")
    opts.output.write_text("\n".join(doc) + "\n", encoding="utf-8")
    print(f"\nwritten: {opts.output}")


if __name__ == "__main__":
    main()
