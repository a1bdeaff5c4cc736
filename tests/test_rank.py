"""District ranking: shared ranks, "02/17", counts, points needed for the target, bad inputs skipped."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from parxl.district.collect import collect
from parxl.district.ranking import Ward, needed_to_reach, rank_wards
from tests.support.book import make_book
from tests.test_cli import run

DATA = Path(__file__).parent / "data" / "paste"


def ward(name: str, total: str, cls: str = "Tốt") -> Ward:
    return Ward(unit=name, total=Decimal(total), classification=cls)


def test_ties_share_a_rank_and_notation_is_padded():
    ranking = rank_wards([ward("A", "90"), ward("B", "95.5"), ward("C", "90"), ward("D", "80", "Khá")], 2)
    assert [(r.ward.unit, r.rank, r.notation) for r in ranking.rows] == [
        ("B", 1, "01/04"), ("A", 2, "02/04"), ("C", 2, "02/04"), ("D", 4, "04/04")]
    assert {r.ward.unit: r.needed_for_target for r in ranking.rows} == {
        "B": 0, "A": 0, "C": 0, "D": Decimal(10)}
    assert ranking.classification_counts == {"Tốt": 3, "Khá": 1}
    assert ranking.average_total == Decimal("88.875")


@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=30), st.integers(1, 10))
def test_gaining_the_needed_points_reaches_the_target(scores, target):
    for i in range(len(scores)):
        need = needed_to_reach(scores, i, target)
        boosted = scores[:i] + [scores[i] + need] + scores[i + 1:]
        better = sum(1 for s in boosted if s > boosted[i])
        assert better < target or len(scores) <= target
        if need > 0:  # and not a point less would do
            assert sum(1 for j, s in enumerate(scores) if j != i and s > scores[i] + need - Decimal("0.01")) >= target


def test_rank_from_a_published_table(capsys):
    code, out, _ = run(["rank", DATA / "units_hadong_tab.txt", "--json", "--target-rank", "5"], capsys)
    data = json.loads(out)
    assert code == 0 and len(data["wards"]) == 17 and data["skipped"] == []
    ranks = [w["rank"] for w in data["wards"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
    assert all(w["rank_text"].endswith("/17") for w in data["wards"])
    assert all((w["needed_for_target"] == 0) == (w["rank"] <= 5) for w in data["wards"])


def test_rank_workbooks_skips_the_unreadable_one(tmp_path, capsys):
    rows = lambda appraised: [["1", "Chỉ đạo", 10, 10, appraised, "x"], ["1.1", "Kế hoạch", 10, 10, appraised, "x"]]  # noqa: E731
    for name, appraised in (("Phường A", 9), ("Phường B", 9.5), ("Phường C", 9)):
        (tmp_path / f"{name}.xlsx").write_bytes(make_book(rows(appraised), settings={"Tên đơn vị": name}))
    (tmp_path / "hong.xlsx").write_bytes(b"not a workbook")
    out_path = tmp_path / "xep_hang.xlsx"
    code, out, err = run(["rank", tmp_path, "--json", "--output", out_path], capsys)
    data = json.loads(out)
    assert code == 0
    assert [(w["unit"], w["rank_text"]) for w in data["wards"]] == [
        ("Phường B", "01/03"), ("Phường A", "02/03"), ("Phường C", "02/03")]
    assert [s["input"] for s in data["skipped"]] == ["hong.xlsx"]
    assert "hong.xlsx" in err
    ws = load_workbook(out_path, read_only=True)["Xếp hạng"]
    table = [r for r in ws.iter_rows(min_row=5, max_row=7, values_only=True)]
    assert [(r[1], r[6]) for r in table] == [("Phường B", "01/03"), ("Phường A", "02/03"), ("Phường C", "02/03")]


def test_parallel_and_serial_collection_agree(tmp_path):
    for i in range(20):
        rows = [["1", "Chỉ đạo", 10, 10, 5 + i % 4, "x"], ["1.1", "Kế hoạch", 10, 10, 5 + i % 4, "x"]]
        (tmp_path / f"w{i:02d}.xlsx").write_bytes(make_book(rows, settings={"Tên đơn vị": f"Phường {i}"}))
    serial, parallel = collect([tmp_path], workers=1), collect([tmp_path], workers=2)
    assert [(w.unit, w.total) for w in serial.wards] == [(w.unit, w.total) for w in parallel.wards]
    assert len(serial.wards) == 20


def units_text(header_max: str) -> str:
    return (f"STT\tĐơn vị\tTổng điểm{header_max}\tChỉ số CCHC (%)\tXếp loại\n"
            "1\tPhường A\t63,35\t90,50\tTốt\n"
            "2\tPhường B\t\t88,00\tTốt\n")


def test_index_stands_for_the_total_only_out_of_100_points():
    from parxl.district.collect import wards_from_text

    wards, problems = wards_from_text(units_text(" (100)").replace("63,35", "90,5"), "a.txt")
    assert [(w.unit, w.total, w.total_max) for w in wards] == [
        ("Phường A", Decimal("90.5"), 100), ("Phường B", Decimal("88.00"), 100)]
    assert problems == []
    for header_max in (" (70)", ""):
        wards, problems = wards_from_text(units_text(header_max), "b.txt")
        # A row with only its index is still ranked, by the index, but has no total.
        assert [(w.unit, w.total, w.index_pct) for w in wards] == [
            ("Phường A", Decimal("63.35"), Decimal("90.50")), ("Phường B", None, Decimal("88.00"))]
        assert problems == []
    ranking = rank_wards(wards)
    assert ranking.average_total == Decimal("63.35")  # no percentage among the points
    assert [(r.ward.unit, r.notation) for r in ranking.rows] == [("Phường A", "01/02"), ("Phường B", "02/02")]


def test_not_a_units_table_is_named_in_vietnamese():
    from parxl.district.collect import wards_from_text
    from parxl.paste.render import KIND_LABELS

    wards, problems = wards_from_text((DATA / "seed003_areas.txt").read_text(encoding="utf-8"), "a.txt")
    assert wards == [] and len(problems) == 1
    assert KIND_LABELS["areas"] in problems[0] and "areas" not in problems[0]


def test_rank_expands_folders_once(tmp_path, capsys, monkeypatch):
    import parxl.district.collect as collect_module

    rows = [["1", "Chỉ đạo", 10, 10, 9, "x"], ["1.1", "Kế hoạch", 10, 10, 9, "x"]]
    for name in ("Phường A", "Phường B"):
        (tmp_path / f"{name}.xlsx").write_bytes(make_book(rows, settings={"Tên đơn vị": name}))
    calls = []
    expand = collect_module.expand
    monkeypatch.setattr(collect_module, "expand", lambda inputs: calls.append(list(inputs)) or expand(inputs))
    code, out, _ = run(["rank", tmp_path, "--json"], capsys)
    assert code == 0 and len(json.loads(out)["wards"]) == 2
    assert calls == [[tmp_path]]
