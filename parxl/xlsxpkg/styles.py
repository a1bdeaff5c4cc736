"""Append parxl's cell formats to an existing xl/styles.xml without disturbing the user's.

Existing fonts, fills, borders, number formats and cell formats keep their positions (cells all
over the workbook point at them by index); new records go at the end, and a record identical to
one already present is reused, so running twice does not grow the file.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from parxl.errors import BadInput
from parxl.sheetspec import Style
from parxl.xlsxpkg.sheetxml import NS_MAIN, XML_DECL, argb, fmt_num

_Q = f"{{{NS_MAIN}}}"
# CT_Stylesheet child order (ECMA-376 §18.8.39); new collections are inserted where they belong.
_ORDER = [
    "numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs",
    "cellStyles", "dxfs", "tableStyles", "colors", "extLst",
]
# Built-in number formats every Excel knows by id (the locale-independent ones).
_BUILTIN_NUMFMTS = {
    "general": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10,
    "0.00e+00": 11, "# ?/?": 12, "# ??/??": 13, "@": 49,
}
_H_ALIGN = {"left", "center", "right"}
_V_ALIGN = {"top", "center", "bottom"}
MINIMAL_STYLES = (
    XML_DECL + f'<styleSheet xmlns="{NS_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
).encode("utf-8")

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def _key(el: etree._Element) -> tuple:
    """Structural identity of a record: tag, attributes (any order), text, child records."""
    children = tuple(_key(c) for c in el if isinstance(c.tag, str))
    return (el.tag, tuple(sorted(el.attrib.items())), (el.text or "").strip(), children)


def _el(tag: str, attrib: dict[str, str] | None = None, *children: etree._Element) -> etree._Element:
    el = etree.Element(_Q + tag, attrib or {})
    el.extend(children)
    return el


def _insert_in_order(root: etree._Element, el: etree._Element) -> None:
    rank = _ORDER.index(etree.QName(el).localname)
    for i, child in enumerate(root):
        if isinstance(child.tag, str):
            name = etree.QName(child).localname
            if name in _ORDER and _ORDER.index(name) > rank and child.tag.startswith(_Q):
                root.insert(i, el)
                return
    root.append(el)


class _Collection:
    """One indexed list in styles.xml (fonts, fills, ...) that can only grow at the end."""

    def __init__(self, root: etree._Element, tag: str, item: str) -> None:
        self.root, self.tag, self.item = root, tag, item
        self.el = root.find(_Q + tag)
        self.items = [] if self.el is None else [c for c in self.el if c.tag == _Q + item]
        self.keys: dict[tuple, int] = {}
        for i, c in enumerate(self.items):
            self.keys.setdefault(_key(c), i)
        self.changed = False

    def index_of(self, record: etree._Element) -> int:
        found = self.keys.get(_key(record))
        if found is not None:
            return found
        if self.el is None:
            self.el = _el(self.tag)
            _insert_in_order(self.root, self.el)
        self.el.append(record)
        self.items.append(record)
        index = len(self.items) - 1
        self.keys[_key(record)] = index
        self.el.set("count", str(len(self.items)))
        self.changed = True
        return index


def _font(st: Style) -> etree._Element:
    parts = []
    if st.bold:
        parts.append(_el("b"))
    if st.italic:
        parts.append(_el("i"))
    if st.underline:
        parts.append(_el("u"))
    parts.append(_el("sz", {"val": fmt_num(st.size)}))
    if st.color:
        parts.append(_el("color", {"rgb": argb(st.color)}))
    parts.append(_el("name", {"val": st.font}))
    return _el("font", None, *parts)


def _fill(st: Style) -> etree._Element:
    if not st.fill:
        return _el("fill", None, _el("patternFill", {"patternType": "none"}))
    return _el(
        "fill", None,
        _el("patternFill", {"patternType": "solid"},
            _el("fgColor", {"rgb": argb(st.fill)}), _el("bgColor", {"indexed": "64"})),
    )


def _border(st: Style) -> etree._Element:
    sides = ("left", "right", "top", "bottom")
    if not st.border:
        return _el("border", None, *(_el(s) for s in sides), _el("diagonal"))
    return _el(
        "border", None,
        *(_el(s, {"style": "thin"}, _el("color", {"indexed": "64"})) for s in sides),
        _el("diagonal"),
    )


class _NumFmts:
    """Custom number formats: reuse by format code, new ids above every existing one (>= 164)."""

    def __init__(self, root: etree._Element) -> None:
        self.coll = _Collection(root, "numFmts", "numFmt")
        self.by_code = {c.get("formatCode"): int(c.get("numFmtId", "0")) for c in self.coll.items}
        self.next_id = max([163, *self.by_code.values()]) + 1

    def id_of(self, code: str | None) -> int:
        if not code:
            return 0
        builtin = _BUILTIN_NUMFMTS.get(code.lower())
        if builtin is not None:
            return builtin
        if code not in self.by_code:
            self.coll.index_of(_el("numFmt", {"numFmtId": str(self.next_id), "formatCode": code}))
            self.by_code[code] = self.next_id
            self.next_id += 1
        return self.by_code[code]


def _alignment(st: Style) -> etree._Element | None:
    attrs: dict[str, str] = {}
    if st.h_align:
        if st.h_align not in _H_ALIGN:
            raise BadInput(f"Căn lề ngang “{st.h_align}” không hợp lệ (left, center, right).")
        attrs["horizontal"] = st.h_align
    if st.v_align:
        if st.v_align not in _V_ALIGN:
            raise BadInput(f"Căn lề dọc “{st.v_align}” không hợp lệ (top, center, bottom).")
        attrs["vertical"] = st.v_align
    if st.wrap:
        attrs["wrapText"] = "1"
    return _el("alignment", attrs) if attrs else None


def append_styles(styles_xml: bytes, wanted: Sequence[Style]) -> tuple[bytes | None, dict[Style, int]]:
    """Return (new styles.xml, or None when nothing had to be added; cellXfs index per style)."""
    tree = etree.ElementTree(etree.fromstring(styles_xml, _PARSER))
    root = tree.getroot()
    numfmts = _NumFmts(root)
    fonts = _Collection(root, "fonts", "font")
    fills = _Collection(root, "fills", "fill")
    borders = _Collection(root, "borders", "border")
    xfs = _Collection(root, "cellXfs", "xf")
    style_xfs = root.find(_Q + "cellStyleXfs")
    has_style_xf = style_xfs is not None and len(style_xfs.findall(_Q + "xf")) > 0

    ids: dict[Style, int] = {}
    for st in wanted:
        num_id = numfmts.id_of(st.num_fmt)
        attrs = {
            "numFmtId": str(num_id),
            "fontId": str(fonts.index_of(_font(st))),
            "fillId": str(fills.index_of(_fill(st))),
            "borderId": str(borders.index_of(_border(st))),
        }
        if has_style_xf:
            attrs["xfId"] = "0"
        if num_id:
            attrs["applyNumberFormat"] = "1"
        attrs["applyFont"] = "1"
        if st.fill:
            attrs["applyFill"] = "1"
        if st.border:
            attrs["applyBorder"] = "1"
        align = _alignment(st)
        if align is not None:
            attrs["applyAlignment"] = "1"
        xf = _el("xf", attrs, *([align] if align is not None else []))
        ids[st] = xfs.index_of(xf)

    if not any(c.changed for c in (numfmts.coll, fonts, fills, borders, xfs)):
        return None, ids
    return XML_DECL.encode() + etree.tostring(tree, encoding="UTF-8", xml_declaration=False), ids
