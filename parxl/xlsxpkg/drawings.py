"""The drawing and chart parts of a sheet parxl writes: created, replaced in place, or removed.

A replaced sheet reuses the part names its previous drawing and charts had, so running twice gives
the same bytes and parts never pile up. Relationships of the old sheet that are not drawings are
kept as they were (the sheet XML no longer refers to them, exactly as before charts existed).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from lxml import etree

from parxl.sheetspec import SheetSpec
from parxl.xlsxpkg.chart import CT_CHART, CT_DRAWING, REL_CHART, REL_DRAWING, chart_xml, drawing_xml, rels_xml
from parxl.xlsxpkg.package import NS_CT, NS_PKG_REL, _parse, _rels_part, _resolve, _serialize, _Workbook

_P = f"{{{NS_PKG_REL}}}"
_C = f"{{{NS_CT}}}"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"


@dataclass
class Changes:
    """Parts to write: ``changed`` replaces or (None) removes existing parts, ``added`` go at the end."""

    changed: dict[str, bytes | None] = field(default_factory=dict)
    added: list[tuple[str, bytes]] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)  # lower-case names allocated in this run

    def put(self, wb: _Workbook, part: str, data: bytes) -> None:
        stored = wb.pkg.find(part)
        if stored:
            self.changed[stored] = data
        else:
            self.added.append((part, data))

    def drop(self, wb: _Workbook, part: str) -> None:
        stored = wb.pkg.find(part)
        if stored:
            self.changed[stored] = None
        _remove_override(wb, part)


def _remove_override(wb: _Workbook, part: str) -> None:
    for o in list(wb.types.getroot().iter(_C + "Override")):
        if o.get("PartName", "").lower() == "/" + part.lower():
            o.getparent().remove(o)
            wb.types_changed = True


def _ensure_override(wb: _Workbook, part: str, content_type: str) -> None:
    if not wb.has_override(part):
        wb.add_override(part, content_type)


def _ensure_rels_default(wb: _Workbook) -> None:
    root = wb.types.getroot()
    if not any(d.get("Extension", "").lower() == "rels" for d in root.iter(_C + "Default")):
        el = etree.Element(_C + "Default", {"Extension": "rels", "ContentType": CT_RELS})
        root.insert(0, el)
        wb.types_changed = True


def _relations(wb: _Workbook, rels_part: str) -> list[etree._Element]:
    if not wb.pkg.find(rels_part):
        return []
    return list(_parse(wb.pkg, rels_part).getroot().iter(_P + "Relationship"))


def _targets(wb: _Workbook, owner: str, rels: list[etree._Element], rel_type: str) -> list[str]:
    """Existing parts that ``owner``'s relationships of ``rel_type`` point to."""
    found = []
    for rel in rels:
        if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
            part = wb.pkg.find(_resolve(owner, rel.get("Target", "")))
            if part:
                found.append(part)
    return found


def _drop_chart(wb: _Workbook, chart: str, changes: Changes) -> None:
    """Remove a chart part, its relationships and the style/colour parts beside it that only it used."""
    rels_part = _rels_part(chart)
    for rel in _relations(wb, rels_part):
        if rel.get("TargetMode") == "External":
            continue
        target = wb.pkg.find(_resolve(chart, rel.get("Target", "")))
        if target and posixpath.dirname(target) == posixpath.dirname(chart):
            changes.drop(wb, target)
    changes.drop(wb, rels_part)
    changes.drop(wb, chart)


def _next_id(ids: set[str]) -> str:
    n = 1 + max([0, *(int(m.group(1)) for i in ids if (m := re.fullmatch(r"rId(\d+)", i or "")))])
    return f"rId{n}"


def place_charts(wb: _Workbook, sheet_part: str, spec: SheetSpec, is_new: bool,
                 changes: Changes) -> str | None:
    """Write (or remove) the drawing and chart parts of one sheet; return the drawing's r:id for the sheet."""
    rels_part = _rels_part(sheet_part)
    old_rels = [] if is_new else _relations(wb, rels_part)
    old_drawing_rels = [r for r in old_rels if r.get("Type") == REL_DRAWING]
    old_drawings = _targets(wb, sheet_part, old_drawing_rels, REL_DRAWING)
    old_charts: list[str] = []
    for old_drawing in old_drawings:
        old_charts += _targets(wb, old_drawing, _relations(wb, _rels_part(old_drawing)), REL_CHART)

    charts = list(spec.charts)
    base = posixpath.dirname(wb.part)
    drawing = None
    if charts:
        drawing = old_drawings[0] if old_drawings else _free(wb, posixpath.join(base, "drawings"), "drawing",
                                                             changes)
    chart_parts = old_charts[: len(charts)]
    while len(chart_parts) < len(charts):
        chart_parts.append(_free(wb, posixpath.join(base, "charts"), "chart", changes))

    for part in old_charts[len(chart_parts):]:
        _drop_chart(wb, part, changes)
    for part in old_drawings:
        if part != drawing:
            changes.drop(wb, _rels_part(part))
            changes.drop(wb, part)

    kept = [r for r in old_rels if r.get("Type") != REL_DRAWING]
    rid = None
    if drawing:
        _ensure_rels_default(wb)
        rid = old_drawing_rels[0].get("Id") if old_drawings else _next_id({r.get("Id", "") for r in kept})
        chart_ids = [f"rId{i}" for i in range(1, len(charts) + 1)]
        changes.put(wb, drawing, drawing_xml(charts, chart_ids))
        _ensure_override(wb, drawing, CT_DRAWING)
        changes.put(wb, _rels_part(drawing), rels_xml(
            [(cid, REL_CHART, posixpath.relpath(part, posixpath.dirname(drawing)))
             for cid, part in zip(chart_ids, chart_parts, strict=True)]))
        for chart, part in zip(charts, chart_parts, strict=True):
            changes.put(wb, part, chart_xml(chart, spec.name))
            _ensure_override(wb, part, CT_CHART)
    target = posixpath.relpath(drawing, posixpath.dirname(sheet_part)) if drawing else ""
    if not kept:
        if drawing and rid:
            changes.put(wb, rels_part, rels_xml([(rid, REL_DRAWING, target)]))
        elif old_rels:
            changes.drop(wb, rels_part)
        return rid
    if not old_drawing_rels and not drawing:
        return None  # only the user's relationships: the part stays byte for byte
    tree = _parse(wb.pkg, rels_part)
    root = tree.getroot()
    for rel in list(root.iter(_P + "Relationship")):
        if rel.get("Type") == REL_DRAWING:
            root.remove(rel)
    if drawing and rid:
        etree.SubElement(root, _P + "Relationship", {"Id": rid, "Type": REL_DRAWING, "Target": target})
    changes.put(wb, rels_part, _serialize(tree))
    return rid


def _free(wb: _Workbook, folder: str, stem: str, changes: Changes) -> str:
    part = wb.free_part_name(folder, stem, changes.taken)
    changes.taken.add(part.lower())
    return part
