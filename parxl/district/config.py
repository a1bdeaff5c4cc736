"""The one rule a ranking applies to every unit (thresholds, rounding) and the heading its decision gives.

Thresholds are local configuration: they come from ``--thresholds``, from a settings workbook of the
district or province (the same "Cấu hình" sheet a ward's workbook has), or from parxl's default bands,
and the output always says which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from parxl.errors import BadInput
from parxl.model import DEFAULT_THRESHOLDS
from parxl.numbers import NumberError, Rounding, date_text, fold, format_vn, parse_number, round_dp
from parxl.rules import classify

LOWEST_CLASS = "Yếu"
_KNOWN_CLASSES = {fold(label): label for label, _ in DEFAULT_THRESHOLDS}
_THRESHOLD_ITEM = re.compile(r"^\s*(?P<label>[^<>=≥]+?)\s*(?:>=|≥|=|:)\s*(?P<bound>.+?)\s*$")

# Labels a district settings sheet may carry besides those of a ward's (folded label -> heading field).
_HEADING_LABELS = {
    "so quyet dinh": "decision", "ngay quyet dinh": "date", "co quan ban hanh": "issuer",
    "dia ban": "area", "nam danh gia": "year", "nam": "year",
}


@dataclass(frozen=True)
class Rule:
    """Classification thresholds (highest first) and the rounding shown, ranked and classified by."""

    thresholds: tuple[tuple[str, Decimal], ...] = DEFAULT_THRESHOLDS
    rounding: Rounding = Rounding.HALF_UP
    places: int = 2
    source: str = "ngưỡng mặc định của parxl"  # Vietnamese: where the rule comes from
    default: bool = True

    @property
    def classes(self) -> tuple[str, ...]:
        """Every class, best first, the lowest ("Yếu") last."""
        return tuple(label for label, _ in self.thresholds) + (LOWEST_CLASS,)

    def round(self, value: Decimal | None) -> Decimal | None:
        return None if value is None else round_dp(value, self.places, self.rounding)

    def classify(self, index_pct: Decimal) -> str:
        """The class of an index, compared after rounding, as the published figure is."""
        return classify(round_dp(index_pct, self.places, self.rounding), self.thresholds)

    def thresholds_text(self) -> str:
        """"Xuất sắc: từ 90; Tốt: từ 80 đến dưới 90; …; Yếu: dưới 50"."""
        parts, upper = [], None
        for label, bound in self.thresholds:
            b = format_vn(bound, self.places)
            parts.append(f"{label}: từ {b}" + (f" đến dưới {upper}" if upper else ""))
            upper = b
        parts.append(f"{LOWEST_CLASS}: dưới {upper}" if upper else LOWEST_CLASS)
        return "; ".join(parts)

    def describe(self) -> str:
        """The sentence the appendix prints under the table (where the rule came from is on the check sheet)."""
        how = "làm tròn" if self.rounding is Rounding.HALF_UP else "cắt bỏ phần thừa"
        return (f"Xếp loại theo chỉ số CCHC (%): {self.thresholds_text()}. Điểm và chỉ số lấy {self.places} chữ số "
                f"thập phân ({how}); đơn vị bằng điểm thì đồng hạng.")


@dataclass(frozen=True)
class Heading:
    """What the decision says about its appendix; blank fields print as dots for the officer to fill."""

    year: int | None = None
    area: str = ""  # "quận Hà Đông"
    decision: str = ""  # "7564/QĐ-UBND"
    date: str = ""  # "29/12/2025"
    issuer: str = ""  # "UBND quận Hà Đông"
    title: str = ""  # overrides the generated title line

    def merged(self, other: Heading) -> Heading:
        """Fields of ``self``, and those of ``other`` where ``self`` has none (options over settings)."""
        return Heading(**{k: getattr(self, k) or getattr(other, k) for k in self.__dataclass_fields__})

    def attachment_line(self) -> str:
        dots = "……"
        return (f"(Kèm theo Quyết định số {self.decision or dots} ngày {self.date or dots} "
                f"của {self.issuer or dots})")

    def title_line(self, count: int) -> str:
        if self.title:
            return self.title
        year = f"NĂM {self.year}" if self.year else "NĂM ……"
        where = f" TRÊN ĐỊA BÀN {self.area.upper()}" if self.area else ""
        return f"KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH {year} CỦA {count} ĐƠN VỊ{where}"


def parse_thresholds(text: str) -> tuple[tuple[str, Decimal], ...]:
    """``"Xuất sắc>=90,Tốt>=80,Khá>=70,Trung bình>=50"`` (";" between items when a bound has a decimal comma).

    Labels are kept as written; bounds must fall from the first to the last; below the last is "Yếu".
    """
    sep = ";" if ";" in text else ","
    out: list[tuple[str, Decimal]] = []
    for i, item in enumerate(p for p in text.split(sep) if p.strip()):
        match = _THRESHOLD_ITEM.match(item)
        bound = None
        if match:
            try:
                bound = parse_number(match.group("bound"))
            except NumberError:
                bound = None
        if match is None or bound is None:
            raise BadInput(f"Ngưỡng xếp loại thứ {i + 1} “{item.strip()}” không đọc được; hãy ghi dạng "
                           "“Xuất sắc>=90,Tốt>=80,Khá>=70,Trung bình>=50” (dùng “;” giữa các mức nếu có số thập phân "
                           "với dấu phẩy, ví dụ “Tốt>=80,5;Khá>=70”).")
        label = match.group("label").strip()
        label = _KNOWN_CLASSES.get(fold(label), label)  # "xuat sac" is "Xuất sắc"
        if fold(label) == fold(LOWEST_CLASS):
            raise BadInput(f"Ngưỡng “{item.strip()}”: dưới mức thấp nhất đã là “{LOWEST_CLASS}”, không cần ghi.")
        if out and bound >= out[-1][1]:
            previous = f"{out[-1][0]}>={format_vn(out[-1][1])}"
            raise BadInput(f"Ngưỡng “{item.strip()}” phải thấp hơn ngưỡng trước “{previous}”; "
                           "hãy ghi các mức từ cao xuống thấp.")
        if any(fold(label) == fold(seen) for seen, _ in out):
            raise BadInput(f"Mức xếp loại “{label}” được ghi hai lần trong --thresholds.")
        out.append((label, bound))
    if not out:
        raise BadInput("--thresholds trống; hãy ghi dạng “Xuất sắc>=90,Tốt>=80,Khá>=70,Trung bình>=50”.")
    return tuple(out)


def read_settings_file(path: Path) -> tuple[Rule, Heading]:
    """The rule and heading fields of a district/province settings workbook (its "Cấu hình" sheet)."""
    from parxl.parse.settings import find_settings_sheet, parse_settings
    from parxl.read import WorkbookReader
    from parxl.safe_save import check_workbook_path

    check_workbook_path(path)
    reader = WorkbookReader(path.read_bytes(), path.name)
    name = find_settings_sheet(reader.sheet_names)
    if name is None:
        raise BadInput(f"Tệp cấu hình “{path.name}” không có trang “Cấu hình”.")
    grid = reader.grid(name)
    settings, findings = parse_settings(grid)
    invalid = [f for f in findings if f.code == "setting_invalid"]
    if invalid:
        raise BadInput(f"Tệp cấu hình “{path.name}”, ô {invalid[0].sheet}!{invalid[0].cell}: {invalid[0].message}")
    rule = Rule(thresholds=settings.thresholds, rounding=settings.rounding, places=settings.places,
                source=f"tệp cấu hình “{path.name}”", default="thresholds" in settings.defaults)
    fields: dict[str, object] = {}
    for r in range(1, grid.max_row + 1):
        label, value = grid.value(r, 1), grid.value(r, 2)
        if isinstance(label, str) and value not in (None, ""):
            key = _HEADING_LABELS.get(fold(label).rstrip(":"))
            if key:
                fields[key] = value
    year = settings.year
    heading = Heading(
        year=year, area=str(fields.get("area") or _place(settings.unit)).strip(),
        decision=str(fields.get("decision") or settings.report_number or "").strip(),
        date=date_text(fields.get("date") or settings.report_date or ""),
        issuer=str(fields.get("issuer") or settings.unit or "").strip(),
    )
    return rule, heading


def _place(unit: str) -> str:
    """"UBND quận Hà Đông" -> "quận Hà Đông": the area a title names is the place, not its committee."""
    return re.sub(r"^\s*(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+", "", unit or "", flags=re.IGNORECASE)


def choose_rule(thresholds: str | None = None, settings: Path | None = None, rounding: str | None = None,
                places: int | None = None) -> tuple[Rule, Heading]:
    """``--thresholds`` over ``--settings`` over the defaults; ``--rounding``/``--places`` over both."""
    rule, heading = Rule(), Heading()
    if settings is not None:
        rule, heading = read_settings_file(Path(settings))
        if rule.default and thresholds is None:
            rule = replace(rule, source=f"ngưỡng mặc định của parxl (tệp cấu hình “{Path(settings).name}” "
                                        "không ghi ngưỡng)")
    if thresholds is not None:
        rule = replace(rule, thresholds=parse_thresholds(thresholds), source="tham số --thresholds", default=False)
    if rounding is not None:
        rule = replace(rule, rounding=parse_rounding(rounding))
    if places is not None:
        if not 0 <= places <= 4:
            raise BadInput("--places phải từ 0 đến 4.")
        rule = replace(rule, places=places)
    return rule, heading


def parse_rounding(text: str) -> Rounding:
    folded = fold(text).replace("-", " ").replace("_", " ")
    if folded in ("lam tron", "half up", "round"):
        return Rounding.HALF_UP
    if folded in ("cat bo", "cat", "truncate", "trunc"):
        return Rounding.TRUNCATE
    raise BadInput(f"Cách làm tròn “{text}” không có; chọn “lam-tron” (làm tròn) hoặc “cat-bo” (cắt bỏ).")
