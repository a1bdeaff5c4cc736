"""Blocks (khối) a ranking is split into: by a setting of each unit's workbook ("Loại đơn vị"), by a folder
level (``folder``, ``folder:2``), or by a list file "unit → block". A unit whose published table already
puts it in a block keeps that block. A unit no rule places goes into a block of its own, with a finding.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from parxl.district.collect import nfc, unit_key
from parxl.district.ranking import Ward
from parxl.errors import BadInput
from parxl.findings import Finding, finding
from parxl.numbers import fold

UNPLACED = "Chưa xác định khối"
_FOLDER = re.compile(r"^(?:folder|thu muc)(?::(\d+))?$")
_LIST_SEPARATORS = ("\t", "→", "->", ";", "|", ":")


def read_block_list(path: Path) -> dict[str, str]:
    """"Phường A<TAB>Khối phường" per line (or "→", "->", ";", "|", ":" between), or the first two columns
    of a workbook's first sheet; a header line "Đơn vị | Khối" is skipped. Unit keys are normalised."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from parxl.read import WorkbookReader
        from parxl.safe_save import check_workbook_path

        check_workbook_path(path)
        reader = WorkbookReader(path.read_bytes(), path.name)
        grid = reader.grid(reader.sheet_names[0])
        pairs = [(grid.value(r, 1), grid.value(r, 2)) for r in range(1, grid.max_row + 1)]
        lines = [(r, str(a or "").strip(), str(b or "").strip()) for r, (a, b) in enumerate(pairs, 1)]
    else:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as err:
            raise BadInput(f"Danh sách khối “{path.name}” không ở mã UTF-8; hãy lưu lại với mã hoá UTF-8.") from err
        lines = []
        for r, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            sep = next((s for s in _LIST_SEPARATORS if s in line), None)
            if sep is None:
                raise BadInput(f"Danh sách khối “{path.name}”, dòng {r}: cần “tên đơn vị<Tab>tên khối” "
                               f"(hoặc “→”, “;”, “|” ở giữa), nhưng đang ghi “{line.strip()}”.")
            unit, _, block = line.partition(sep)
            lines.append((r, unit.strip(), block.strip()))
    out: dict[str, str] = {}
    for r, unit, block in lines:
        if not unit and not block:
            continue
        if fold(unit) in ("don vi", "ten don vi", "stt") or fold(block) in ("khoi", "nhom"):
            continue  # the header line
        if not unit or not block:
            raise BadInput(f"Danh sách khối “{path.name}”, dòng {r}: thiếu tên đơn vị hoặc tên khối.")
        out[unit_key(unit)] = nfc(block)
    if not out:
        raise BadInput(f"Danh sách khối “{path.name}” không có dòng nào.")
    return out


def assign_blocks(wards: Sequence[Ward], block_by: str | None) -> tuple[list[str], list[str] | None, list[Finding]]:
    """Each ward's block, the printed order of the blocks (None: sorted), and findings for the unplaced."""
    if not block_by:
        blocks = [w.block for w in wards]
        return blocks, list(dict.fromkeys(blocks)), []  # a published table's blocks, in its order
    folder = _FOLDER.match(fold(block_by).strip())
    as_path = Path(block_by)
    listed: dict[str, str] | None = None
    if folder is None and as_path.suffix and as_path.is_file():
        listed = read_block_list(as_path)
    elif folder is None and as_path.suffix.lower() in (".txt", ".tsv", ".csv", ".xlsx") and not as_path.exists():
        raise BadInput(f"Không có danh sách khối “{block_by}”.")
    level = int(folder.group(1) or 1) if folder else 0
    if folder and level < 1:
        raise BadInput("--block-by folder:N cần N từ 1 trở lên.")
    setting = fold(block_by).rstrip(": ")
    how = (f"thư mục cấp {level}" if folder else f"danh sách “{as_path.name}”" if listed is not None
           else f"thiết lập “{block_by}” trong trang Cấu hình")
    blocks, findings = [], []
    for w in wards:
        if w.block:
            blocks.append(w.block)  # a published table's own block
            continue
        if folder:
            found = w.folders[level - 1] if len(w.folders) >= level else ""
        elif listed is not None:
            found = listed.get(unit_key(w.unit), "")
        else:
            found = dict(w.fields).get(setting, "")
        if not found:
            findings.append(finding("rank_no_block", expected=UNPLACED, unit=w.unit, how=how, file=w.source))
        blocks.append(found or UNPLACED)
    listed_order = list(dict.fromkeys(listed.values())) if listed is not None else []
    others = sorted({b for b in blocks if b != UNPLACED} - set(listed_order), key=str.casefold)
    return blocks, [*listed_order, *others, UNPLACED], findings
