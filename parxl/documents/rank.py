"""Wards for `parxl rank --from`: the rows of a decision's units table, each with its place in the file."""

from __future__ import annotations

from decimal import Decimal

from parxl.district.ranking import Ward
from parxl.documents.paste import DocumentPaste


def wards_from_document(doc: DocumentPaste) -> tuple[list[Ward], list[str]]:
    """One ward per data row; a row's total is its total, else appraisal + survey, and out of 100 points the
    index is the total too. A row with only the index is ranked by it. Rows with neither are reported."""
    result = doc.result
    table_max = _header_total_max(result)
    wards: list[Ward] = []
    problems: list[str] = []
    for row in result.data_rows:
        where = row_source(doc, row["line"])  # type: ignore[arg-type]
        total, index = row.get("total"), row.get("index_pct")
        total_max = row.get("total_max", table_max)
        if total is None and row.get("appraised") is not None:
            total = row["appraised"] + (row.get("survey") or Decimal(0))  # type: ignore[operator]
        if total is None and index is None:
            problems.append(f"{where}: không có tổng điểm hay chỉ số.")
            continue
        if total is None and total_max == 100:
            total = index
        wards.append(Ward(
            unit=str(row.get("unit") or row.get("name") or where), total=total,  # type: ignore[arg-type]
            total_max=total_max, appraised=row.get("appraised"), survey=row.get("survey"),  # type: ignore[arg-type]
            index_pct=index, classification=str(row.get("classification") or ""), source=where,  # type: ignore[arg-type]
        ))
    return wards, problems


def row_source(doc: DocumentPaste, line: int) -> str:
    """Where a ward's row is in the decision, as a ranking names its sources ("<file>, dòng <n>"), with the
    page and table: "qd.pdf, dòng 5 (trang 2, bảng 1)", "pl.xlsx, dòng 7 (trang tính “Phụ lục”)"."""
    place = doc.place_of(line)
    if place is None or place.row is None:
        return f"{doc.file}, dòng {line}"
    if place.sheet is not None:
        where = f"trang tính “{place.sheet}”"
    else:
        where = (f"trang {place.page}, " if place.page is not None else "") + f"bảng {place.table}"
    return f"{doc.file}, dòng {place.row} ({where})"


def _header_total_max(result: object) -> Decimal | None:
    """The maximum a header states for the total ("Tổng điểm (100)"), as `parxl rank` reads a pasted table.
    Read through the parser's internals when they offer it; without it each row's own maximum is used."""
    try:
        from parxl.paste.reconcile import header_maxima
    except ImportError:
        return None
    parsed = getattr(result, "_parsed", None)
    value = header_maxima(parsed).get("total_max") if parsed is not None else None
    return value if isinstance(value, Decimal) else None
