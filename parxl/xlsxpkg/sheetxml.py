"""SheetSpec -> worksheet XML, built as strings (a DOM is far too slow for 50,000 cells).

Element order follows CT_Worksheet in ECMA-376 part 1, §18.3.1.99: Excel refuses (repairs) a
sheet whose children are out of order.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable, Mapping

from parxl.errors import BadInput
from parxl.read import col_letter, col_number, quote_sheet_name
from parxl.sheetspec import Cell, SheetSpec, Style

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

MAX_ROWS = 1_048_576
MAX_COLS = 16_384
# Margins in inches: narrow enough for a wide score table, wide enough for a binder.
PAGE_MARGINS = '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
A4 = "9"

# Characters XML 1.0 forbids (control chars, lone surrogates, U+FFFE/U+FFFF): Excel refuses them.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel decodes "_x0041_" in cell text as "A"; a literal one must be written as "_x005F_x0041_".
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_MARKUP = re.compile("[&<>\r]")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_CELL_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
_RANGE_REF = re.compile(r"^([A-Z]{1,3}[0-9]{1,7}):([A-Z]{1,3}[0-9]{1,7})$")
_HEX_COLOR = re.compile(r"^#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$")
_INF = float("inf")


MAX_ROW_HEIGHT = 409  # points: Excel refuses taller rows

def clean_text(text: str) -> str:
    """Drop characters that XML 1.0 cannot carry."""
    return _ILLEGAL_XML.sub("", text) if _ILLEGAL_XML.search(text) else text


def esc_text(text: str) -> str:
    """Escape for element content (``\\r`` as a reference so parsers do not fold it into ``\\n``)."""
    text = clean_text(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def esc_attr(text: str) -> str:
    return esc_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def esc_cell_text(text: str) -> str:
    """Escape a cell string, also protecting literal ``_xHHHH_`` sequences from Excel's decoding."""
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
    return esc_text(text)


def _esc_clean_cell_text(text: str) -> str:
    """esc_cell_text for text already through clean_text (one regular-expression scan fewer)."""
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
    if _MARKUP.search(text) is None:
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def argb(color: str) -> str:
    """"C00000" / "#C00000" -> "FFC00000" (Excel stores alpha first)."""
    m = _HEX_COLOR.match(color or "")
    if not m:
        raise BadInput(f"Mã màu “{color}” không hợp lệ: cần dạng RRGGBB, ví dụ C00000.")
    hex_ = m.group(1).upper()
    return hex_ if len(hex_) == 8 else "FF" + hex_


def fmt_num(value: float) -> str:
    """Shortest text that round-trips; integral floats without ".0"."""
    if isinstance(value, numbers.Integral):
        return str(int(value))
    value = float(value)
    text = _float_text(value)
    return repr(value) if text is None else text


def parse_cell_ref(ref: str) -> tuple[int, int]:
    """"B5" -> (row 5, column 2); raises BadInput for anything else."""
    m = _CELL_REF.match(ref or "")
    if not m:
        raise BadInput(f"Địa chỉ ô “{ref}” không hợp lệ (cần dạng như A5).")
    row, col = int(m.group(2)), col_number(m.group(1))
    if not (1 <= row <= MAX_ROWS and 1 <= col <= MAX_COLS):
        raise BadInput(f"Địa chỉ ô “{ref}” nằm ngoài giới hạn của Excel.")
    return row, col


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """"B6:B14" (or a single cell) -> (first row, first column, last row, last column)."""
    m = _RANGE_REF.match(ref or "")
    if not m:
        row, col = parse_cell_ref(ref)
        return row, col, row, col
    (r1, c1), (r2, c2) = parse_cell_ref(m.group(1)), parse_cell_ref(m.group(2))
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def validate_sheet_name(name: str) -> None:
    """Excel's rules for a tab name; raises BadInput with the reason."""
    if not isinstance(name, str) or not name.strip():
        raise BadInput("Tên trang tính không được để trống.")
    if len(name.encode("utf-16-le")) // 2 > 31:
        raise BadInput(f"Tên trang tính “{name}” dài quá 31 ký tự, Excel không chấp nhận.")
    if _SHEET_NAME_FORBIDDEN.search(name):
        raise BadInput(f"Tên trang tính “{name}” chứa ký tự không được phép ([ ] : * ? / \\).")
    if name.startswith("'") or name.endswith("'"):
        raise BadInput(f"Tên trang tính “{name}” không được bắt đầu hay kết thúc bằng dấu nháy đơn.")
    if clean_text(name) != name:
        raise BadInput(f"Tên trang tính “{name}” chứa ký tự điều khiển.")


def styles_in(specs: Iterable[SheetSpec]) -> list[Style]:
    """Distinct styles of all written cells, in first-use order (keeps styles.xml deterministic)."""
    seen: dict[Style, None] = {}
    seen_ids: set[int] = set()  # identity first: hashing a frozen dataclass per cell is slow
    for spec in specs:
        for row in spec.rows:
            for cell in row:
                if cell is not None and id(cell.style) not in seen_ids:
                    seen_ids.add(id(cell.style))
                    seen.setdefault(cell.style, None)
    return list(seen)


def has_formulas(spec: SheetSpec) -> bool:
    return any(cell is not None and cell.formula is not None for row in spec.rows for cell in row)


def _float_text(value: float) -> str | None:
    if math.isnan(value) or value in (_INF, -_INF):
        return None  # NaN/inf: Excel cannot store them
    if value.is_integer() and -1e15 < value < 1e15:
        return str(int(value))
    return repr(value)


def _scalar(value: object, ref: str) -> tuple[str, str]:
    """(type attribute, <v> text) of a bool or number; exact type checks first for speed."""
    kind = type(value)
    if kind is int:
        return "", str(value)
    if kind is float:
        text = _float_text(value)  # type: ignore[arg-type]
        return ("", text) if text is not None else (' t="e"', "#NUM!")
    if kind is bool:
        return ' t="b"', "1" if value else "0"
    if isinstance(value, numbers.Integral):  # numpy integers and the like
        return "", str(int(value))
    if isinstance(value, numbers.Real):  # Decimal-like, numpy floats
        return _scalar(float(value), ref)
    raise BadInput(f"Ô {ref}: giá trị kiểu {type(value).__name__} không ghi được vào Excel.")


def _cell_xml(ref: str, cell: Cell, s: str) -> str:
    value = cell.value
    formula = cell.formula
    if formula is None:
        if isinstance(value, str):
            value = clean_text(value)
            if not value:  # also text made only of characters XML cannot carry
                return f'<c r="{ref}"{s}/>'
            # Inline strings keep sharedStrings.xml untouched; text starting with "=" stays text.
            space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
            return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{_esc_clean_cell_text(value)}</t></is></c>'
        if value is None:
            return f'<c r="{ref}"{s}/>'
        t, v = _scalar(value, ref)
        return f'<c r="{ref}"{s}{t}><v>{v}</v></c>'
    f = f"<f>{esc_text(formula.removeprefix('='))}</f>"
    if value is None or isinstance(value, str):
        # t="str" is a formula's text result; an empty <v> is Excel's form for an empty result.
        return f'<c r="{ref}"{s} t="str">{f}<v>{esc_cell_text(value or "")}</v></c>'
    t, v = _scalar(value, ref)
    return f'<c r="{ref}"{s}{t}>{f}<v>{v}</v></c>'


def _merge_xml(merges: list[str]) -> str:
    boxes: list[tuple[int, int, int, int, str]] = []
    for ref in merges:
        m = _RANGE_REF.match(ref or "")
        if not m:
            raise BadInput(f"Vùng gộp ô “{ref}” không hợp lệ (cần dạng như A1:H1).")
        r1, c1 = parse_cell_ref(m.group(1))
        r2, c2 = parse_cell_ref(m.group(2))
        r1, r2, c1, c2 = min(r1, r2), max(r1, r2), min(c1, c2), max(c1, c2)
        if (r1, c1) == (r2, c2):
            continue  # a one-cell merge is meaningless and Excel flags it
        for a1, b1, a2, b2, other in boxes:
            if r1 <= a2 and a1 <= r2 and c1 <= b2 and b1 <= c2:
                raise BadInput(f"Hai vùng gộp ô “{other}” và “{ref}” chồng lên nhau.")
        boxes.append((r1, c1, r2, c2, ref))
    if not boxes:
        return ""
    items = "".join(
        f'<mergeCell ref="{col_letter(c1)}{r1}:{col_letter(c2)}{r2}"/>' for r1, c1, r2, c2, _ in boxes
    )
    return f'<mergeCells count="{len(boxes)}">{items}</mergeCells>'


def _pane_xml(freeze: str | None) -> str:
    if not freeze:
        return ""
    row, col = parse_cell_ref(freeze)
    xs, ys = col - 1, row - 1
    if not xs and not ys:
        return ""
    top_left = f"{col_letter(col)}{row}"
    active = "bottomRight" if xs and ys else ("bottomLeft" if ys else "topRight")
    split = (f' xSplit="{xs}"' if xs else "") + (f' ySplit="{ys}"' if ys else "")
    return (
        f'<pane{split} topLeftCell="{top_left}" activePane="{active}" state="frozen"/>'
        f'<selection pane="{active}" activeCell="{top_left}" sqref="{top_left}"/>'
    )


def _margins_xml(spec: SheetSpec) -> str:
    if spec.margins_mm is None:
        return PAGE_MARGINS
    top, bottom, left, right = (m / 25.4 for m in spec.margins_mm)
    if min(top, bottom, left, right) < 0 or max(top, bottom, left, right) > 10:
        raise BadInput(f"Lề trang của “{spec.name}” không hợp lệ: {spec.margins_mm}.")
    # Header and footer sit inside the top and bottom margins.
    return (f'<pageMargins left="{left:.4f}" right="{right:.4f}" top="{top:.4f}" bottom="{bottom:.4f}" '
            f'header="{min(0.3, top / 2):.4f}" footer="{min(0.3, bottom / 2):.4f}"/>')


def sheet_xml(spec: SheetSpec, xf_ids: Mapping[Style, int], drawing_rid: str | None = None) -> bytes:
    """Worksheet part for ``spec``; ``xf_ids`` maps each cell style to its cellXfs index; ``drawing_rid``
    is the relationship id of the sheet's drawing part when it has charts."""
    validate_sheet_name(spec.name)
    if len(spec.rows) > MAX_ROWS:
        raise BadInput(f"Trang “{spec.name}” có quá nhiều dòng cho Excel.")
    width = max((len(r) for r in spec.rows), default=0)
    if width > MAX_COLS:
        raise BadInput(f"Trang “{spec.name}” có quá nhiều cột cho Excel.")
    letters = [""] + [col_letter(c) for c in range(1, width + 1)]
    s_attr = {st: (f' s="{i}"' if i else "") for st, i in xf_ids.items()}
    s_by_id: dict[int, str] = {}  # hashing a frozen dataclass per cell is slow; cells share styles

    out: list[str] = []
    links: list[str] = []
    max_row = max_col = 0
    heights = spec.row_heights
    for r in sorted(heights):
        if not (1 <= r <= MAX_ROWS) or not heights[r] >= 0:
            raise BadInput(f"Chiều cao dòng {r} không hợp lệ: {heights[r]}.")
    if any(h > MAX_ROW_HEIGHT for h in heights.values()):
        # A long reason wraps taller than Excel allows: the row gets Excel's largest height (the text stays whole).
        heights = {r: min(h, MAX_ROW_HEIGHT) for r, h in heights.items()}
    # A formula-less cell's XML after its address and style depends on its value only, and a big sheet
    # repeats few values (points, "Đạt", area names): render each distinct value once.
    tails: dict[tuple[type, object], str] = {}
    n_rows = max(len(spec.rows), max(heights, default=0))
    for r in range(1, n_rows + 1):
        row = spec.rows[r - 1] if r <= len(spec.rows) else []
        cells: list[str] = []
        rs = str(r)
        for c, cell in enumerate(row, 1):
            if cell is None:
                continue
            ref = letters[c] + rs
            s = s_by_id.get(id(cell.style))
            if s is None:
                s = s_by_id[id(cell.style)] = s_attr[cell.style]
            value = cell.value
            if cell.formula is None:
                key = (type(value), value)
                try:
                    cell_tail = tails.get(key)
                    hashable = True
                except TypeError:  # unhashable: not a cell value; _cell_xml says so
                    cell_tail, hashable = None, False
                if cell_tail is None:
                    # _cell_xml always starts '<c r="REF"' then the style: keep what follows.
                    cell_tail = _cell_xml(ref, cell, "")[len(ref) + 7:]
                    if hashable:
                        tails[key] = cell_tail
                cells.append(f'<c r="{ref}"{s}{cell_tail}')
            else:
                cells.append(_cell_xml(ref, cell, s))
            if cell.link:
                location = cell.link.removeprefix("#")
                links.append(f'<hyperlink ref="{ref}" location="{esc_attr(location)}"/>')
            if c > max_col:  # noqa: PLR1730  (a call to max() per cell costs more)
                max_col = c
        ht = heights.get(r)
        if not cells and ht is None:
            continue
        if cells:
            max_row = r
        ht_attr = f' ht="{fmt_num(ht)}" customHeight="1"' if ht is not None else ""
        out.append(f'<row r="{r}"{ht_attr}>{"".join(cells)}</row>')

    dimension = "A1" if not max_row else f"A1:{col_letter(max_col)}{max_row}"
    if dimension == "A1:A1":
        dimension = "A1"

    head: list[str] = [XML_DECL, f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">']
    sheet_pr = ""
    if spec.tab_color:
        sheet_pr += f'<tabColor rgb="{argb(spec.tab_color)}"/>'
    if spec.fit_width:
        sheet_pr += '<pageSetUpPr fitToPage="1"/>'
    if sheet_pr:
        head.append(f"<sheetPr>{sheet_pr}</sheetPr>")
    head.append(f'<dimension ref="{dimension}"/>')
    grid = ' showGridLines="0"' if spec.hidden_gridlines else ""
    pane = _pane_xml(spec.freeze)
    head.append(f'<sheetViews><sheetView{grid} workbookViewId="0">{pane}</sheetView></sheetViews>')
    head.append('<sheetFormatPr defaultRowHeight="15"/>')
    if spec.col_widths:
        cols = []
        for c in sorted(spec.col_widths):
            w = spec.col_widths[c]
            if not (1 <= c <= MAX_COLS) or not (0 <= w <= 255):
                raise BadInput(f"Độ rộng cột {c} không hợp lệ: {w}.")
            hidden = ' hidden="1"' if c in spec.hidden_cols else ""
            cols.append(f'<col min="{c}" max="{c}" width="{fmt_num(w)}" customWidth="1"{hidden}/>')
        head.append(f"<cols>{''.join(cols)}</cols>")

    tail: list[str] = [_merge_xml(spec.merges)]
    if links:
        tail.append(f"<hyperlinks>{''.join(links)}</hyperlinks>")
    tail.append(_margins_xml(spec))
    orientation = "landscape" if spec.landscape else "portrait"
    fit = ' fitToWidth="1" fitToHeight="0"' if spec.fit_width else ""
    tail.append(f'<pageSetup paperSize="{A4}" orientation="{orientation}"{fit}/>')
    if spec.page_breaks:  # CT_Worksheet: rowBreaks come after pageSetup (and headerFooter), before drawing
        breaks = "".join(f'<brk id="{r - 1}" max="16383" man="1"/>' for r in sorted(spec.page_breaks) if r > 1)
        n = breaks.count("<brk ")
        tail.append(f'<rowBreaks count="{n}" manualBreakCount="{n}">{breaks}</rowBreaks>')
    if drawing_rid:
        tail.append(f'<drawing r:id="{esc_attr(drawing_rid)}"/>')  # after pageSetup in CT_Worksheet
    tail.append("</worksheet>")
    return "".join([*head, "<sheetData>", *out, "</sheetData>", *tail]).encode("utf-8")


def print_titles_ref(spec: SheetSpec) -> str | None:
    """Value of the sheet's ``_xlnm.Print_Titles`` defined name, e.g. ``'Kết quả'!$3:$4``."""
    if not spec.print_title_rows:
        return None
    first, last = spec.print_title_rows
    if not (1 <= first <= last <= MAX_ROWS):
        raise BadInput(f"Dòng tiêu đề in lặp lại {first}–{last} không hợp lệ.")
    return f"{quote_sheet_name(spec.name)}!${first}:${last}"
