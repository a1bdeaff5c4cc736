"""One rule for a ranking (thresholds, rounding) from options or a district settings workbook; published tables
keep their blocks; the Ranking object and its DataFrames keep exact Decimals; progress for many files."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook

from parxl.district import rank
from parxl.district.config import Rule, choose_rule, parse_thresholds
from parxl.district.ranking import Ward, rank_wards
from parxl.errors import BadInput
from parxl.numbers import Rounding

BLOCKED = (
    "STT\tĐơn vị\tTổng điểm\tChỉ số CCHC (%)\tXếp hạng\tXếp loại\n"
    "I\tKhối phường\t\t\t\t\n"
    "1\tPhường A\t91,5\t91,50\t01/02\tXuất sắc\n"
    "2\tPhường B\t85\t85,00\t02/02\tXuất sắc\n"
    "II\tKhối xã\t\t\t\t\n"
    "1\tXã C\t88\t88,00\t01/02\tTốt\n"
    "2\tXã D\t70\t70,00\t02/02\tKhá\n"
)


def test_thresholds_are_read_highest_first_with_decimal_commas():
    assert parse_thresholds("Xuất sắc>=90,Tốt>=80,Khá>=70,Trung bình>=50") == (
        ("Xuất sắc", 90), ("Tốt", 80), ("Khá", 70), ("Trung bình", 50))
    assert parse_thresholds("Xuất sắc ≥ 90,5; Tốt>=80") == (("Xuất sắc", Decimal("90.5")), ("Tốt", 80))
    assert parse_thresholds("xuat sac>=90,TỐT>=80") == (("Xuất sắc", 90), ("Tốt", 80))  # typed without accents


@pytest.mark.parametrize("text", ["Tốt>=80,Xuất sắc>=90", "Xuất sắc>=abc", "Xuất sắc 90", "", "Tốt>=80,Tốt>=70",
                                  "Xuất sắc>=90,Yếu>=10"])
def test_bad_thresholds_are_refused_in_vietnamese(text):
    with pytest.raises(BadInput) as err:
        parse_thresholds(text)
    assert err.value.code == "bad_input"


def _settings_book(path: Path, rows: list[tuple[str, object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Cấu hình"
    ws.append(["Thiết lập", "Giá trị"])
    for row in rows:
        ws.append(list(row))
    buf = BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    return path


def test_a_district_settings_file_gives_the_rule_and_the_heading(tmp_path):
    path = _settings_book(tmp_path / "cau_hinh_quan.xlsx", [
        ("Tên đơn vị", "UBND quận Hà Đông"), ("Năm đánh giá", 2025), ("Cách làm tròn", "Cắt bỏ"),
        ("Ngưỡng Xuất sắc", 92), ("Ngưỡng Tốt", 85), ("Ngưỡng Khá", 70), ("Ngưỡng Trung bình", 50),
        ("Số quyết định", "7564/QĐ-UBND"), ("Ngày quyết định", "29/12/2025")])
    rule, heading = choose_rule(settings=path)
    assert rule.thresholds == (("Xuất sắc", 92), ("Tốt", 85), ("Khá", 70), ("Trung bình", 50))
    assert rule.rounding is Rounding.TRUNCATE and rule.default is False
    assert (heading.year, heading.decision, heading.date, heading.issuer, heading.area) == (
        2025, "7564/QĐ-UBND", "29/12/2025", "UBND quận Hà Đông", "quận Hà Đông")  # the place, not "UBND …"
    # Options win over the file; a file without thresholds leaves the defaults, and says so.
    rule, _ = choose_rule("Xuất sắc>=95", path, "lam-tron", 1)
    assert (rule.thresholds, rule.rounding, rule.places) == ((("Xuất sắc", 95),), Rounding.HALF_UP, 1)
    bare = _settings_book(tmp_path / "khong_nguong.xlsx", [("Năm đánh giá", 2025)])
    assert choose_rule(settings=bare)[0].default is True


def test_rounding_of_the_rule_decides_ties_and_classes():
    wards = [Ward("A", Decimal("89.996"), Decimal(100)), Ward("B", Decimal("90.004"), Decimal(100))]
    half_up = rank_wards(wards, rule=Rule())
    assert list(half_up.table["rank_text"]) == ["01/02", "01/02"]  # both printed 90,00: one rank
    assert list(half_up.table["classification"]) == ["Xuất sắc", "Xuất sắc"]
    truncated = rank_wards(wards, rule=Rule(rounding=Rounding.TRUNCATE))
    assert list(zip(truncated.table["unit"], truncated.table["rank_text"], truncated.table["classification"])) == [
        ("B", "01/02", "Xuất sắc"), ("A", "02/02", "Tốt")]  # 90,00 and 89,99


def test_the_table_keeps_exact_decimals_and_the_ranking_is_frozen():
    ranking = rank_wards([Ward("A", Decimal("61.46"), Decimal(70)), Ward("B", Decimal(60), Decimal(70))])
    table = ranking.table
    assert table["index_pct"].dtype == object and table["total"].dtype == object
    assert table.loc[0, "index_pct"] == Decimal("61.46") * 100 / 70  # 87.8 exactly, not a float
    assert table.loc[1, "index_pct"] == Decimal(6000) / 70  # 85.714285…: kept, rounded only when shown
    assert table.loc[1, "score"] == Decimal("85.71")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ranking.metric = "total"  # type: ignore[misc]
    table.loc[0, "unit"] = "changed"
    assert ranking.table.loc[0, "unit"] == "A"  # the ranking's own table is not changed through a copy


def test_a_published_table_keeps_its_blocks_and_is_classified_by_the_one_rule():
    ranking = rank(BLOCKED, thresholds="Xuất sắc>=90,Tốt>=80,Khá>=70,Trung bình>=50")
    assert ranking.blocks == ("Khối phường", "Khối xã")
    table = ranking.table
    assert list(zip(table["block"], table["unit"], table["rank_text"], table["classification"])) == [
        ("Khối phường", "Phường A", "01/02", "Xuất sắc"), ("Khối phường", "Phường B", "02/02", "Tốt"),
        ("Khối xã", "Xã C", "01/02", "Tốt"), ("Khối xã", "Xã D", "02/02", "Khá")]
    # The table called 85,00 "Xuất sắc": one rule says "Tốt", and the difference is a finding.
    assert [(f.code, dict(f.params)["unit"]) for f in ranking.findings if f.code == "rank_class_differs"] == [
        ("rank_class_differs", "Phường B")]
    summary = ranking.summary
    assert list(summary.index) == ["Khối phường", "Khối xã", "Tổng cộng"]
    as_json = ranking.to_dict()
    assert [(w["unit"], w["rank_text"], w["total"]) for w in as_json["wards"]][:2] == [  # type: ignore[index]
        ("Phường A", "01/02", 91.5), ("Phường B", "02/02", 85)]
    assert summary.loc["Khối xã", "average_total"] == Decimal(79)  # (88 + 70) / 2
    assert summary.loc["Tổng cộng", "Yếu"] == 0 and summary.loc["Tổng cộng", "units"] == 4


def test_pasted_cells_and_paths_as_str_are_sources():
    from parxl.paste import parse_cells

    cells = [["STT", "Đơn vị", "Tổng điểm"], [1, "Phường A", 80], [2, "Phường B", 90.5]]
    ranking = rank([parse_cells(cells)])
    assert list(zip(ranking.table["unit"], ranking.table["rank_text"])) == [("Phường B", "01/02"),
                                                                           ("Phường A", "02/02")]
    ranking = rank(str(Path(__file__).parent / "data" / "paste" / "units_quangtri_wrapped.txt"))
    assert ranking.metric == "total" and len(ranking.table) == 5  # totals only: ranked by points


def test_a_progress_bar_only_for_more_than_a_handful_of_files(capsys):
    from parxl.district.cli import _Progress

    few = _Progress(enabled=True)
    for i in range(1, 6):
        few(i, 5, f"w{i}.xlsx")
    assert few.bar is None
    many = _Progress(enabled=True)
    for i in range(1, 7):
        many(i, 6, f"w{i}.xlsx")
    assert many.bar is not None and many.bar.tasks[0].completed == 6 and many.bar.tasks[0].total == 6
    many.close()
    quiet = _Progress(enabled=False)  # --json, or stderr is not a terminal
    quiet(1, 600, "w.xlsx")
    assert quiet.bar is None


def test_the_status_bar_counts_the_files_read(tmp_path):
    from parxl.district.api import status_reporter
    from tests.support.book import make_book

    for i in range(3):
        rows = [["1", "Chỉ đạo", 10, 10, 5 + i, "x"], ["1.1", "Kế hoạch", 10, 10, 5 + i, "x"]]
        (tmp_path / f"w{i}.xlsx").write_bytes(make_book(rows, settings={"Tên đơn vị": f"Phường {i}"}))
    shown: list[str | None] = []
    rank(tmp_path, on_item=status_reporter(shown.append, every=2), workers=1)
    assert shown == ["parxl: đang đọc 2/3 bảng điểm…", "parxl: đang đọc 3/3 bảng điểm…"]


def test_two_pasted_tables_are_both_read_and_a_unit_in_both_is_ranked_once():
    first = "STT\tĐơn vị\tTổng điểm\n1\tPhường A\t91,5\n2\tPhường B\t85\n"
    second = "STT\tĐơn vị\tTổng điểm\n1\tXã C\t88\n2\tPhường B\t80\n"
    ranking = rank([first, second])
    assert list(zip(ranking.table["unit"], ranking.table["total"])) == [
        ("Phường A", Decimal("91.5")), ("Xã C", Decimal(88)), ("Phường B", Decimal(85))]
    assert [(f.code, dict(f.params)["file"]) for f in ranking.findings if f.code == "rank_duplicate_unit"] == [
        ("rank_duplicate_unit", "bảng dán 2, dòng 3")]
