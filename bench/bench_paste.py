"""How `parxl paste` scales: 1,000 against 10,000 table lines, in each layout, against a plain split.

Prints, for each layout, the time to read 1,000 and 10,000 lines, the ratio of the two (linear is about
10; quadratic would be about 100) and the ratio to a plain ``str.split`` pass over the same text measured
in the same run (a baseline independent of the machine). Run: ``python bench/bench_paste.py``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from parxl.paste import parse_paste

HEADER = ["STT", "Đơn vị", "Điểm thẩm định (70)", "Điểm ĐTXHH (30)", "Tổng điểm", "Chỉ số CCHC (%)", "Xếp hạng",
          "Xếp loại"]


def rows(n: int) -> list[list[str]]:
    out = []
    for i in range(n):
        appraised = 50 + (i * 37 % 2000) / 100  # 50.00 … 69.99, many distinct values
        survey = 20 + (i * 53 % 1000) / 100
        total = appraised + survey
        out.append([str(i + 1), f"Phường số {i + 1}", f"{appraised:.2f}".replace(".", ","),
                    f"{survey:.2f}".replace(".", ","), f"{total:.2f}".replace(".", ","),
                    f"{total:.2f}%".replace(".", ","), str(i % 50 + 1), "Tốt"])
    return out


def render(n: int, layout: str) -> str:
    table = [HEADER] + rows(n)
    if layout == "tab":
        return "\n".join("\t".join(r) for r in table) + "\n"
    if layout == "spaced":
        widths = [max(len(r[k]) for r in table) for k in range(len(HEADER))]
        return "\n".join("   ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in table) + "\n"
    return "\n".join(" ".join(r) for r in table) + "\n"


def best_of(fn: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    print(f"{'layout':8} {'1k s':>8} {'10k s':>8} {'10k/1k':>8} {'10k/split':>10}")
    for layout in ("tab", "spaced", "wrapped"):
        small, large = render(1_000, layout), render(10_000, layout)
        t_small = best_of(lambda text=small: parse_paste(text), 2)
        t_large = best_of(lambda text=large: parse_paste(text), 1)
        t_split = best_of(lambda text=large: [ln.split() for ln in text.split("\n")], 5)
        print(f"{layout:8} {t_small:8.3f} {t_large:8.3f} {t_large / t_small:8.1f} {t_large / t_split:10.0f}")


if __name__ == "__main__":
    main()
