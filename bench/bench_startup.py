"""Start-up cost of the command line: `parxl --help` against a bare `python -c pass`, in the same run.

    python bench/bench_startup.py [--repeat 10]

Target: `parxl --help` under 0.5 s on this machine (it imports typer, never pandas, openpyxl or xlwings).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def median_seconds(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    repeat = parser.parse_args().repeat
    bare = median_seconds([sys.executable, "-c", "pass"], repeat)
    helped = median_seconds([sys.executable, "-m", "parxl", "--help"], repeat)
    print(f"python -c pass: {bare:.3f} s")
    print(f"parxl --help:   {helped:.3f} s  ({helped / bare:.1f}x the bare interpreter)")


if __name__ == "__main__":
    main()
