"""District ranking: shared ranks, "02/17", counts, points needed for the target, bad inputs skipped."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from parxl.district.ranking import Ward, needed_to_reach, rank_wards
from parxl.errors import BadInput
from tests.support.book import make_book
from tests.test_cli import run

DATA = Path(__file__).parent / "data" / "paste"


def ward(name: str, total: str) -> Ward:
    return Ward(unit=name, total=Decimal(total))


def test_ties_share_a_rank_and_notation_is_padded():
    ranking = rank_wards([ward("A", "90"), ward("B", "95.5"), ward("C", "90"), ward("D", "80")], 2)
    table = ranking.table
    assert list(zip(table["unit"], table["rank"], table["rank_text"])) == [
        ("B", 1, "01/04"), ("A", 2, "02/04"), ("C", 2, "02/04"), ("D", 4, "04/04")]
    assert dict(zip(table["unit"], table["needed_points"])) == {"B": 0, "A": 0, "C": 0, "D": Decimal(10)}
    # The same as plain objects (worksheet functions read these).
    assert [(r.ward.unit, r.notation, r.needed_for_target) for r in ranking.rows] == [
        ("B", "01/04", 0), ("A", "02/04", 0), ("C", "02/04", 0), ("D", "04/04", Decimal(10))]
    # One rule (the default bands) for all: 95.5 and 90 are "Xuất sắc", 80 is "Tốt"; zeros are counted too.
    assert ranking.classification_counts == {"Xuất sắc": 3, "Tốt": 1, "Khá": 0, "Trung bình": 0, "Yếu": 0}
    assert ranking.average_total == Decimal("88.875")  # (90 + 95.5 + 90 + 80) / 4


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
    assert data["metric"] == "index"
    assert all((w["needed_index"] == 0) == (w["rank"] <= 5) for w in data["wards"])


def test_rank_from_a_table_parxl_could_not_read_whole_says_so_and_exits_1(tmp_path, capsys):
    # PDF text whose first block ends at its average and a note, the next block without its heading: the rows
    # after the note are not read, so the ranking would miss two units; it says where and exits 1
    text = tmp_path / "ket_qua.txt"
    text.write_text("\n".join([
        "STT   Đơn vị        Tổng điểm   Xếp hạng", "I. Khối sở", "1     Sở Nội vụ     90,00       1",
        "2     Sở Tư pháp    86,00       2", "      Trung bình    88,00", "Ghi chú: tạm tính", "",
        "1     Huyện A       80,00       2", "2     Huyện B       84,00       1"]), encoding="utf-8")
    code, out, err = run(["rank", text, "--json"], capsys)
    data = json.loads(out)
    assert code == 1 and [w["unit"] for w in data["wards"]] == ["Sở Nội vụ", "Sở Tư pháp"]
    assert [(f["code"], f["file"]) for f in data["findings"] if f["severity"] == "error"] == [
        ("rank_paste_unread", "ket_qua.txt")]
    assert "Dòng 8" in err


def test_rank_workbooks_lists_the_unreadable_one_and_exits_1(tmp_path, capsys):
    def rows(appraised):
        return [["1", "Chỉ đạo", 10, 10, appraised, "x"], ["1.1", "Kế hoạch", 10, 10, appraised, "x"]]

    for name, appraised in (("Phường A", 9), ("Phường B", 9.5), ("Phường C", 9)):
        (tmp_path / f"{name}.xlsx").write_bytes(make_book(rows(appraised), settings={"Tên đơn vị": name}))
    (tmp_path / "hong.xlsx").write_bytes(b"not a workbook")
    out_path = tmp_path / "xep_hang.xlsx"
    code, out, err = run(["rank", tmp_path, "--json", "--output", out_path], capsys)
    data = json.loads(out)
    assert code == 1  # a file that could not be read shows in the exit status
    assert [(w["unit"], w["rank_text"]) for w in data["wards"]] == [
        ("Phường B", "01/03"), ("Phường A", "02/03"), ("Phường C", "02/03")]
    assert [(s["input"], s["code"]) for s in data["skipped"]] == [("hong.xlsx", "rank_unreadable")]
    assert "hong.xlsx" in err
    ws = load_workbook(out_path, read_only=True)["Xếp hạng"]
    header = next(ws.iter_rows(min_row=5, max_row=5, values_only=True))
    at = header.index("Xếp hạng")
    table = [r for r in ws.iter_rows(min_row=6, max_row=8, values_only=True)]
    assert [(r[1], r[at]) for r in table] == [("Phường B", "01/03"), ("Phường A", "02/03"), ("Phường C", "02/03")]
    # Ranking again with the output in the folder: the earlier ranking is not a ward.
    code, out, _ = run(["rank", tmp_path, "--json"], capsys)
    data = json.loads(out)
    assert len(data["wards"]) == 3
    assert ("xep_hang.xlsx", "rank_own_output") in [(s["input"], s["code"]) for s in data["skipped"]]


def test_parallel_and_serial_collection_agree(tmp_path):
    from parxl.district.collect import collect

    for i in range(20):
        rows = [["1", "Chỉ đạo", 10, 10, 5 + i % 4, "x"], ["1.1", "Kế hoạch", 10, 10, 5 + i % 4, "x"]]
        (tmp_path / f"w{i:02d}.xlsx").write_bytes(make_book(rows, settings={"Tên đơn vị": f"Phường {i}"}))
    seen: list[tuple[int, int]] = []
    serial = collect([tmp_path], workers=1, on_item=lambda done, total, name: seen.append((done, total)))
    parallel = collect([tmp_path], workers=2)

    def units(c):
        return [(w.unit, w.total) for e in c.loaded for w in e.wards]

    assert units(serial) == units(parallel) and len(units(serial)) == 20
    assert seen == [(i, 20) for i in range(1, 21)]  # the add-in's status bar counts with this


def units_text(header_max: str) -> str:
    return (f"STT\tĐơn vị\tTổng điểm{header_max}\tChỉ số CCHC (%)\tXếp loại\n"
            "1\tPhường A\t63,35\t90,50\tXuất sắc\n"
            "2\tPhường B\t\t88,00\tTốt\n")


def test_index_stands_for_the_total_only_out_of_100_points():
    from parxl.district.collect import units_from_text

    wards, problems, skip = units_from_text(units_text(" (100)").replace("63,35", "90,5"), "a.txt")
    assert [(w.unit, w.total, w.total_max) for w in wards] == [
        ("Phường A", Decimal("90.5"), 100), ("Phường B", Decimal("88.00"), 100)]
    assert problems == [] and skip is None
    for header_max in (" (70)", ""):
        wards, problems, skip = units_from_text(units_text(header_max), "b.txt")
        # A row with only its index is still ranked, by the index, but has no total.
        assert [(w.unit, w.total, w.index_pct) for w in wards] == [
            ("Phường A", Decimal("63.35"), Decimal("90.50")), ("Phường B", None, Decimal("88.00"))]
        assert problems == [] and skip is None
    ranking = rank_wards(wards, target_rank=1)
    assert ranking.metric == "index"  # never the points of one unit against the percent of another
    assert ranking.average_total == Decimal("63.35")  # no percentage among the points
    table = ranking.table
    assert list(zip(table["unit"], table["rank_text"])) == [("Phường A", "01/02"), ("Phường B", "02/02")]
    # Without a maximum the points cannot become an index: needed points are unknown, not the index gap.
    assert list(table["needed_index"]) == [0, Decimal("2.50")] and list(table["needed_points"]) == [None, None]


def test_the_pasted_text_contract_of_the_worksheet_functions():
    from parxl.district.collect import wards_from_text

    wards, problems = wards_from_text(units_text(""), "vùng dán")
    assert [w.unit for w in wards] == ["Phường A", "Phường B"] and problems == []
    wards, problems = wards_from_text((DATA / "seed003_areas.txt").read_text(encoding="utf-8"), "vùng dán")
    assert wards == [] and len(problems) == 1


def test_not_a_units_table_is_a_finding():
    from parxl.district.collect import units_from_text

    wards, problems, skip = units_from_text((DATA / "seed003_areas.txt").read_text(encoding="utf-8"), "a.txt")
    assert wards == [] and problems == [] and skip is not None and skip.code == "rank_not_units_table"


def _book(path: Path, unit: str, appraised: float, **settings: object) -> None:
    rows = [["1", "Chỉ đạo", 10, 10, appraised, "x"], ["1.1", "Kế hoạch", 10, 10, appraised, "x"]]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(make_book(rows, settings={"Tên đơn vị": unit, **settings}))


def test_the_year_ranked_wins_and_other_years_are_said(tmp_path):
    from parxl.district import rank

    _book(tmp_path / "2025" / "a.xlsx", "Phường A", 9, **{"Năm đánh giá": 2025})
    _book(tmp_path / "2025" / "b.xlsx", "Phường B", 8, **{"Năm đánh giá": 2025})
    _book(tmp_path / "2024" / "a.xlsx", "Phường A", 7, **{"Năm đánh giá": 2024})  # last year's file of A
    _book(tmp_path / "2024" / "c.xlsx", "Phường C", 6, **{"Năm đánh giá": 2024})
    ranking = rank(tmp_path)
    assert ranking.heading.year == 2025  # the year most units state
    assert dict(zip(ranking.table["unit"], ranking.table["source"])) == {
        "Phường A": "2025/a.xlsx", "Phường B": "2025/b.xlsx", "Phường C": "2024/c.xlsx"}
    codes = {(f.code, dict(f.params).get("file")) for f in ranking.findings}
    assert ("rank_duplicate_unit", "2024/a.xlsx") in codes and ("rank_year_differs", "2024/c.xlsx") in codes


def test_folder_levels_and_units_outside_any_block(tmp_path):
    from parxl.district import rank

    _book(tmp_path / "Tỉnh" / "Khối sở" / "s1.xlsx", "Sở Nội vụ", 9)
    _book(tmp_path / "Tỉnh" / "Khối xã" / "x1.xlsx", "Xã A", 8)
    _book(tmp_path / "Tỉnh" / "Khối xã" / "x2.xlsx", "Xã B", 9)
    _book(tmp_path / "le.xlsx", "Phường Lẻ", 7)
    ranking = rank(tmp_path, block_by="folder:2")
    assert ranking.blocks == ("Khối sở", "Khối xã", "Chưa xác định khối")
    assert list(zip(ranking.table["block"], ranking.table["unit"], ranking.table["rank_text"])) == [
        ("Khối sở", "Sở Nội vụ", "01/01"), ("Khối xã", "Xã B", "01/02"), ("Khối xã", "Xã A", "02/02"),
        ("Chưa xác định khối", "Phường Lẻ", "01/01")]
    assert [(f.code, dict(f.params)["file"]) for f in ranking.findings if f.code == "rank_no_block"] == [
        ("rank_no_block", "le.xlsx")]
    with pytest.raises(BadInput):
        rank(tmp_path, block_by="khong_co.txt")
    # A block list kept in the folder of the workbooks is not read as a ward.
    listing = tmp_path / "khoi.xlsx"
    listing.write_bytes(make_book([["Sở Nội vụ", "Khối sở"], ["Xã A", "Khối xã"], ["Xã B", "Khối xã"],
                                   ["Phường Lẻ", "Khối phường"]], headers=("Đơn vị", "Khối"), title_rows=0))
    ranking = rank(tmp_path, block_by=str(listing))
    assert "khoi.xlsx" not in [s.name for s in ranking.sources] and not ranking.errors
    assert ranking.blocks == ("Khối sở", "Khối xã", "Khối phường")  # the list's order
