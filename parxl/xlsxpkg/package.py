"""Patch sheets into an .xlsx/.xlsm package, keeping every other part byte for byte.

The zip is rewritten entry by entry: parts parxl does not touch are copied as raw bytes (local
header, compressed data, data descriptor and central record unchanged, only the offset moves), so
their compression, timestamps and attributes survive exactly. Only these parts change:
new or replaced worksheet parts (with their own drawing and chart parts and relationships, when
they have charts), xl/workbook.xml (<sheet> entries and defined names),
xl/_rels/workbook.xml.rels, [Content_Types].xml, xl/styles.xml (appended records) and, when it must,
xl/calcChain.xml is removed.
"""

from __future__ import annotations

import posixpath
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO

from lxml import etree

from parxl.errors import BadInput, UnreadableWorkbook, UnsafeToWrite
from parxl.read import OWNED_MARK
from parxl.sheetspec import SheetSpec
from parxl.xlsxpkg import sheetxml, styles
from parxl.xlsxpkg.sheetxml import NS_MAIN, XML_DECL

OWNED_MARK_VALUE = '"parxl"'

NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL_WORKSHEET = NS_REL + "/worksheet"
REL_STYLES = NS_REL + "/styles"
REL_CALC_CHAIN = NS_REL + "/calcChain"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
CONTENT_TYPES = "[Content_Types].xml"

NEW_ENTRY_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so the same input always gives the same bytes
_M = f"{{{NS_MAIN}}}"
_P = f"{{{NS_PKG_REL}}}"
_C = f"{{{NS_CT}}}"
_RID = f"{{{NS_REL}}}id"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
# CT_Workbook child order (ECMA-376 §18.2.27), used to put a new <definedNames> in its place.
_WORKBOOK_ORDER = [
    "fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
    "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize", "customWorkbookViews",
    "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing", "fileRecoveryPr",
    "webPublishObjects", "extLst",
]


# ---------------------------------------------------------------------------------------- zip ----

_LOCAL_SIG, _CENTRAL_SIG = b"PK\x03\x04", b"PK\x01\x02"
_EOCD_SIG, _DESCRIPTOR_SIG = b"PK\x05\x06", b"PK\x07\x08"
_LOCAL_FMT, _CENTRAL_FMT, _EOCD_FMT = "<4s5H3L2H", "<4s6H3L5H2L", "<4s4H2LH"
_UTF8_FLAG = 0x800
_DEFLATED = zipfile.ZIP_DEFLATED  # also for parts stored with bzip2/lzma: Excel reads only deflate


@dataclass
class _Entry:
    info: zipfile.ZipInfo
    name_bytes: bytes
    local: bytes | None  # exact local header + data (+ descriptor); None: rewrite from content
    central: bytes | None  # exact central directory record (offset patched on write)


def _unreadable(detail: str, code: str = "unreadable") -> UnreadableWorkbook:
    return UnreadableWorkbook(f"Không đọc được bảng tính: {detail}", code=code)


_RawRecords = tuple[list[tuple[bytes, bytes, bytes]], bytes]


def _raw_records(src: bytes, infos: list[zipfile.ZipInfo]) -> _RawRecords | None:
    """Exact (name, local, central) bytes per entry plus the archive comment, or None when the
    archive uses something this copier does not handle (zip64, leading data): then every part is
    recompressed from its content instead, which still keeps the content byte for byte."""
    eocd = src.rfind(_EOCD_SIG, max(0, len(src) - 65_557))
    if eocd < 0 or eocd + 22 > len(src):
        return None
    fields = struct.unpack(_EOCD_FMT, src[eocd : eocd + 22])
    _, disk, cd_disk, _, total, cd_size, cd_offset, comment_len = fields
    if disk or cd_disk or total != len(infos) or total == 0xFFFF or cd_offset + cd_size > eocd:
        return None
    records = []
    pos = cd_offset
    for info in infos:
        if src[pos : pos + 4] != _CENTRAL_SIG:
            return None
        flags, = struct.unpack("<H", src[pos + 8 : pos + 10])
        csize, usize = struct.unpack("<2L", src[pos + 20 : pos + 28])
        nlen, xlen, klen = struct.unpack("<3H", src[pos + 28 : pos + 34])
        offset, = struct.unpack("<L", src[pos + 42 : pos + 46])
        if 0xFFFFFFFF in (csize, usize, offset) or offset != info.header_offset:
            return None
        end = pos + 46 + nlen + xlen + klen
        name = src[pos + 46 : pos + 46 + nlen]
        if src[offset : offset + 4] != _LOCAL_SIG:
            return None
        lnlen, lxlen = struct.unpack("<2H", src[offset + 26 : offset + 30])
        data_end = offset + 30 + lnlen + lxlen + csize
        if flags & 0x08:
            data_end += 16 if src[data_end : data_end + 4] == _DESCRIPTOR_SIG else 12
        if data_end > cd_offset:
            return None
        records.append((name, src[offset:data_end], src[pos:end]))
        pos = end
    return records, src[eocd + 22 : eocd + 22 + comment_len]


def _dos_datetime(dt: tuple[int, ...]) -> tuple[int, int]:
    y, mo, d, h, mi, s = dt
    if y < 1980:
        y, mo, d, h, mi, s = NEW_ENTRY_DATE
    return ((y - 1980) << 9) | (mo << 5) | d, (h << 11) | (mi << 5) | (s // 2)


def _build_entry(
    name: bytes, data: bytes, *, method: int, flags: int, date_time: tuple[int, ...],
    made_by: int, int_attr: int, ext_attr: int, comment: bytes,
) -> tuple[bytes, bytes]:
    """Local header + data and a central record (offset 0, patched later) for a written part."""
    if method == zipfile.ZIP_DEFLATED:
        comp = zlib.compressobj(6, zlib.DEFLATED, -15)
        payload = comp.compress(data) + comp.flush()
    else:
        method, payload = zipfile.ZIP_STORED, data
    if max(len(data), len(payload)) >= 0xFFFFFFFF:
        raise UnsafeToWrite("Một phần của bảng tính lớn quá 4 GB, parxl không ghi được.")
    version = 20 if method == zipfile.ZIP_DEFLATED else 10
    ddate, dtime = _dos_datetime(date_time)
    crc = zlib.crc32(data)
    local = struct.pack(
        _LOCAL_FMT, _LOCAL_SIG, version, flags, method, dtime, ddate, crc,
        len(payload), len(data), len(name), 0,
    ) + name + payload
    central = struct.pack(
        _CENTRAL_FMT, _CENTRAL_SIG, made_by, version, flags, method, dtime, ddate, crc,
        len(payload), len(data), len(name), 0, len(comment), 0, int_attr, ext_attr, 0,
    ) + name + comment
    return local, central


class ZipPackage:
    """An OPC package read from bytes; part names are looked up case-insensitively."""

    def __init__(self, src: bytes) -> None:
        try:
            self._zip = zipfile.ZipFile(BytesIO(src))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as err:
            raise _unreadable(
                "tệp không phải .xlsx hợp lệ hoặc đã bị hỏng (không mở được dạng zip)."
            ) from err
        raw = _raw_records(src, infos)
        records, self.comment = raw if raw else (None, self._zip.comment)
        self.entries: list[_Entry] = []
        self._by_lower: dict[str, _Entry] = {}
        for i, info in enumerate(infos):
            if info.flag_bits & 0x1:
                raise _unreadable(f"phần “{info.filename}” bị mã hoá.", "zip_encrypted")
            if records:
                name, local, central = records[i]
            else:
                encoding = "utf-8" if info.flag_bits & _UTF8_FLAG else "cp437"
                name, local, central = info.orig_filename.encode(encoding, "replace"), None, None
            entry = _Entry(info, name, local, central)
            key = info.filename.lower()
            if key in self._by_lower:
                raise _unreadable(f"phần “{info.filename}” xuất hiện hai lần trong tệp.")
            self._by_lower[key] = entry
            self.entries.append(entry)
        self._cache: dict[str, bytes] = {}

    def find(self, name: str) -> str | None:
        """Stored spelling of part ``name`` (OPC part names are case-insensitive)."""
        entry = self._by_lower.get(name.lstrip("/").lower())
        return entry.info.filename if entry else None

    def read(self, name: str) -> bytes:
        entry = self._by_lower[name.lstrip("/").lower()]
        key = entry.info.filename
        if key not in self._cache:
            try:
                self._cache[key] = self._zip.read(entry.info)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, zlib.error, EOFError) as err:
                raise _unreadable(f"phần “{key}” bị hỏng hoặc nén theo cách không hỗ trợ.", "zip_corrupt") from err
        return self._cache[key]

    def write(self, changed: Mapping[str, bytes | None], added: Sequence[tuple[str, bytes]]) -> bytes:
        """New archive: ``changed`` maps stored names to new content (None removes the part);
        ``added`` parts go at the end. Unchanged parts are copied raw."""
        out = bytearray()
        centrals: list[bytes] = []
        for entry in self.entries:
            name = entry.info.filename
            if name in changed and changed[name] is None:
                continue
            offset = len(out)
            data = changed.get(name)
            if data is not None and data == self.read(name):
                data = None  # identical content: keep the original bytes, compression included
            if data is None and entry.local is not None and entry.central is not None:
                out += entry.local
                centrals.append(entry.central[:42] + struct.pack("<L", offset) + entry.central[46:])
                continue
            info = entry.info
            local, central = _build_entry(
                entry.name_bytes, self.read(name) if data is None else data,
                method=zipfile.ZIP_STORED if info.compress_type == zipfile.ZIP_STORED else _DEFLATED,
                flags=info.flag_bits & _UTF8_FLAG, date_time=info.date_time,
                made_by=(info.create_system << 8) | info.create_version,
                int_attr=info.internal_attr, ext_attr=info.external_attr, comment=info.comment,
            )
            out += local
            centrals.append(central[:42] + struct.pack("<L", offset) + central[46:])
        for name, data in added:
            offset = len(out)
            raw_name = name.encode("utf-8")
            local, central = _build_entry(
                raw_name, data, method=zipfile.ZIP_DEFLATED, flags=0 if name.isascii() else _UTF8_FLAG,
                date_time=NEW_ENTRY_DATE, made_by=20, int_attr=0, ext_attr=0, comment=b"",
            )
            out += local
            centrals.append(central[:42] + struct.pack("<L", offset) + central[46:])
        cd_offset = len(out)
        for c in centrals:
            out += c
        if len(centrals) >= 0xFFFF or len(out) >= 0xFFFFFFFF:
            raise UnsafeToWrite("Bảng tính quá lớn để parxl ghi an toàn.")
        out += struct.pack(
            _EOCD_FMT, _EOCD_SIG, 0, 0, len(centrals), len(centrals), len(out) - cd_offset, cd_offset,
            len(self.comment),
        ) + self.comment
        return bytes(out)


# ---------------------------------------------------------------------------------------- XML ----


def _parse(pkg: ZipPackage, part: str) -> etree._ElementTree:
    data = pkg.read(part)
    if b"<!DOCTYPE" in data:  # Excel never writes a DTD; one here is an XXE or entity-bomb attempt
        raise _unreadable(f"phần “{part}” có khai báo DOCTYPE, parxl không đọc vì lý do an toàn.", "xml_doctype")
    try:
        return etree.ElementTree(etree.fromstring(data, _PARSER))
    except etree.XMLSyntaxError as err:
        raise _unreadable(f"phần “{part}” không phải XML hợp lệ.", "xml_invalid") from err


def _serialize(tree: etree._ElementTree) -> bytes:
    return XML_DECL.encode() + etree.tostring(tree, encoding="UTF-8", xml_declaration=False)


def _norm_name(name: str) -> str:
    """Excel compares sheet names case-insensitively; NFC so composed/decomposed accents match."""
    return unicodedata.normalize("NFC", name).casefold()


def _resolve(base_part: str, target: str) -> str:
    """Part name a relationship target points to, relative to the part that owns the .rels."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target)).lstrip("/")


def _rels_part(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _local_id(el: etree._Element) -> int | None:
    value = el.get("localSheetId")
    return int(value) if value is not None and value.isdigit() else None


@dataclass
class _Target:
    spec: SheetSpec
    index: int  # tab position = localSheetId
    part: str
    new: bool


class _Workbook:
    """The few package parts parxl edits, parsed once."""

    def __init__(self, pkg: ZipPackage) -> None:
        self.pkg = pkg
        self.part = self._main_part()
        self.tree = _parse(pkg, self.part)
        root = self.tree.getroot()
        if etree.QName(root).namespace == NS_STRICT_MAIN:
            raise UnsafeToWrite(
                "Bảng tính được lưu dạng “Strict Open XML”, parxl chưa ghi được dạng này. "
                "Hãy mở bằng Excel và Lưu thành “Excel Workbook (.xlsx)” rồi chạy lại."
            )
        if root.tag != _M + "workbook":
            raise _unreadable(f"phần “{self.part}” không phải workbook của Excel.")
        self.sheets_el = root.find(_M + "sheets")
        if self.sheets_el is None:
            raise _unreadable("không có danh sách trang tính trong workbook.xml.")
        self.sheets = self.sheets_el.findall(_M + "sheet")
        self.rels_part = _rels_part(self.part)
        if not pkg.find(self.rels_part):
            raise _unreadable(f"thiếu phần “{self.rels_part}”.", "part_missing")
        self.rels = _parse(pkg, self.rels_part)
        if not pkg.find(CONTENT_TYPES):
            raise _unreadable("thiếu phần [Content_Types].xml.", "part_missing")
        self.types = _parse(pkg, CONTENT_TYPES)
        self.wb_changed = self.rels_changed = self.types_changed = False

    def _main_part(self) -> str:
        if self.pkg.find("_rels/.rels"):
            rels = _parse(self.pkg, "_rels/.rels").getroot()
            for rel in rels.iter(_P + "Relationship"):
                if rel.get("Type", "").endswith("/officeDocument") and rel.get("TargetMode") != "External":
                    part = self.pkg.find(_resolve("", rel.get("Target", "")))
                    if part:
                        return part
        part = self.pkg.find("xl/workbook.xml")
        if not part:
            raise _unreadable("tệp không có phần xl/workbook.xml (có thể không phải bảng tính Excel).")
        return part

    # -- relationships ------------------------------------------------------------------------
    def rel_by_id(self, rid: str) -> etree._Element | None:
        for rel in self.rels.getroot().iter(_P + "Relationship"):
            if rel.get("Id") == rid:
                return rel
        return None

    def rels_of_type(self, rel_type: str) -> list[etree._Element]:
        return [
            r for r in self.rels.getroot().iter(_P + "Relationship")
            if r.get("Type") == rel_type and r.get("TargetMode") != "External"
        ]

    def add_rel(self, rel_type: str, part: str) -> str:
        root = self.rels.getroot()
        ids = {r.get("Id") for r in root.iter(_P + "Relationship")}
        n = 1 + max([0, *(int(m.group(1)) for i in ids if i and (m := re.fullmatch(r"rId(\d+)", i)))])
        while f"rId{n}" in ids:
            n += 1
        target = posixpath.relpath(part, posixpath.dirname(self.part) or ".")
        etree.SubElement(root, _P + "Relationship", {"Id": f"rId{n}", "Type": rel_type, "Target": target})
        self.rels_changed = True
        return f"rId{n}"

    def add_override(self, part: str, content_type: str) -> None:
        root = self.types.getroot()
        etree.SubElement(root, _C + "Override", {"PartName": "/" + part, "ContentType": content_type})
        self.types_changed = True

    def has_override(self, part: str) -> bool:
        return "/" + part.lower() in self._override_names()

    def _override_names(self) -> set[str]:
        return {o.get("PartName", "").lower() for o in self.types.getroot().iter(_C + "Override")}

    def remove_part(self, part: str, rel: etree._Element) -> None:
        rel.getparent().remove(rel)
        self.rels_changed = True
        for o in list(self.types.getroot().iter(_C + "Override")):
            if o.get("PartName", "").lower() == "/" + part.lower():
                o.getparent().remove(o)
                self.types_changed = True

    def free_part_name(self, folder: str, stem: str, taken: set[str]) -> str:
        """First ``folder/stemN.xml`` that no part, override or orphan .rels already uses."""
        overrides = {name.lstrip("/") for name in self._override_names()}
        n = 1
        while True:
            part = posixpath.join(folder, f"{stem}{n}.xml")
            low = part.lower()
            if not ({low, _rels_part(part).lower()} & (taken | overrides)) and not self.pkg.find(part) \
                    and not self.pkg.find(_rels_part(part)):
                return part
            n += 1

    # -- sheets and defined names ---------------------------------------------------------------
    def sheet_part(self, sheet: etree._Element) -> tuple[str | None, etree._Element | None]:
        rel = self.rel_by_id(sheet.get(_RID, ""))
        if rel is None:
            return None, None
        return self.pkg.find(_resolve(self.part, rel.get("Target", ""))), rel

    def defined_names(self, create: bool = False) -> etree._Element | None:
        root = self.tree.getroot()
        el = root.find(_M + "definedNames")
        if el is None and create:
            el = etree.Element(_M + "definedNames")
            rank = _WORKBOOK_ORDER.index("definedNames")
            for i, child in enumerate(root):
                if isinstance(child.tag, str) and child.tag.startswith(_M):
                    name = etree.QName(child).localname
                    if name in _WORKBOOK_ORDER and _WORKBOOK_ORDER.index(name) > rank:
                        root.insert(i, el)
                        break
            else:
                root.append(el)
            self.wb_changed = True
        return el

    def owned_indexes(self) -> set[int]:
        names = self.defined_names()
        if names is None:
            return set()
        return {
            i for dn in names.findall(_M + "definedName")
            if dn.get("name", "").casefold() == OWNED_MARK and (i := _local_id(dn)) is not None
            and i < len(self.sheets)
        }

    def set_sheet_name(self, index: int, name: str, value: str | None) -> None:
        """Create, update or (value None) remove the defined name ``name`` scoped to tab ``index``."""
        names = self.defined_names(create=value is not None)
        if names is None:
            return
        found = [
            dn for dn in names.findall(_M + "definedName")
            if dn.get("name", "").casefold() == name.casefold() and _local_id(dn) == index
        ]
        if value is None:
            for dn in found:
                names.remove(dn)
                self.wb_changed = True
            return
        if found:
            if found[0].text != value:
                found[0].text = value
                self.wb_changed = True
            return
        attrs = {"name": name, "localSheetId": str(index)}
        if name == OWNED_MARK:
            attrs["hidden"] = "1"
        etree.SubElement(names, _M + "definedName", attrs).text = value
        self.wb_changed = True

    def add_sheet(self, name: str, rid: str) -> int:
        ids = [int(s.get("sheetId", "0")) for s in self.sheets if s.get("sheetId", "").isdigit()]
        el = etree.SubElement(
            self.sheets_el, _M + "sheet", {"name": name, "sheetId": str(max([0, *ids]) + 1), _RID: rid}
        )
        self.sheets.append(el)
        self.wb_changed = True
        return len(self.sheets) - 1


def _validate(specs: Sequence[SheetSpec], owned_names: Iterable[str]) -> None:
    allowed = {_norm_name(n) for n in owned_names}
    seen: set[str] = set()
    for spec in specs:
        sheetxml.validate_sheet_name(spec.name)
        key = _norm_name(spec.name)
        if key in seen:
            raise BadInput(
                f"Tên trang tính “{spec.name}” bị trùng (Excel không phân biệt chữ hoa, chữ thường)."
            )
        if key not in allowed:
            raise BadInput(f"Trang “{spec.name}” không nằm trong danh sách trang parxl được phép ghi.")
        seen.add(key)


def _plan(wb: _Workbook, specs: Sequence[SheetSpec]) -> list[_Target]:
    """Decide for each spec: replace parxl's own sheet in place, or append a new tab."""
    owned = wb.owned_indexes()
    by_name = {_norm_name(s.get("name", "")): i for i, s in enumerate(wb.sheets)}
    taken: set[str] = set()
    targets: list[_Target] = []
    for spec in specs:
        index = by_name.get(_norm_name(spec.name))
        if index is None:
            part = wb.free_part_name(posixpath.join(posixpath.dirname(wb.part), "worksheets"), "sheet", taken)
            taken.add(part.lower())
            targets.append(_Target(spec, -1, part, True))
            continue
        existing = wb.sheets[index].get("name")
        if index not in owned:
            raise UnsafeToWrite(
                f"Bảng tính đã có trang “{existing}” do người dùng tạo, parxl không ghi đè lên trang này. "
                f"Hãy đổi tên trang “{existing}” (ví dụ thêm “(cũ)”) rồi chạy lại."
            )
        existing_part, rel = wb.sheet_part(wb.sheets[index])
        if existing_part is None or rel is None or rel.get("Type") != REL_WORKSHEET:
            raise UnsafeToWrite(
                f"Trang “{existing}” do parxl tạo trước đây nhưng nay không còn là trang tính thường. "
                f"Hãy đổi tên hoặc xoá trang “{existing}” rồi chạy lại."
            )
        targets.append(_Target(spec, index, existing_part, False))
    return targets


def _styles_part(wb: _Workbook) -> tuple[str, bytes, bool]:
    """(part name, current content, whether the part has to be created)."""
    rels = wb.rels_of_type(REL_STYLES)
    if rels:
        part = wb.pkg.find(_resolve(wb.part, rels[0].get("Target", "")))
        if part:
            _parse(wb.pkg, part)  # a damaged or hostile styles part is refused here, naming the part
            return part, wb.pkg.read(part), False
    # No styles part at all (some generators omit it): create a minimal one beside workbook.xml.
    part = posixpath.join(posixpath.dirname(wb.part), "styles.xml")
    if wb.pkg.find(part) or wb.has_override(part):
        part = wb.free_part_name(posixpath.dirname(wb.part), "styles", set())
    wb.add_rel(REL_STYLES, part)
    wb.add_override(part, CT_STYLES)
    return part, styles.MINIMAL_STYLES, True


def patch_workbook(src: bytes, sheets: Sequence[SheetSpec], *, owned_names: Iterable[str]) -> bytes:
    """Write ``sheets`` into the workbook ``src`` and return the new package bytes.

    A sheet parxl wrote earlier (marked with OWNED_MARK) is replaced in place; a new one is appended
    after the last tab; a user's sheet with the same name makes this raise UnsafeToWrite. Every
    sheet name must be one of ``owned_names`` (the names parxl may ever write), else BadInput.
    Deterministic: the same input gives the same bytes, and a second identical run changes nothing.
    """
    specs = list(sheets)
    _validate(specs, owned_names)
    pkg = ZipPackage(src)
    wb = _Workbook(pkg)
    targets = _plan(wb, specs)

    added: list[tuple[str, bytes]] = []
    changed: dict[str, bytes | None] = {}
    styles_part, styles_xml, styles_new = _styles_part(wb)
    new_styles, xf_ids = styles.append_styles(styles_xml, sheetxml.styles_in(specs))
    if styles_new:
        added.append((styles_part, new_styles or styles_xml))
    elif new_styles is not None:
        changed[styles_part] = new_styles

    from parxl.xlsxpkg.drawings import Changes, place_charts  # here: drawings imports this module

    drawing_parts = Changes()
    for t in targets:
        drawing_rid = place_charts(wb, t.part, t.spec, t.new, drawing_parts)
        xml = sheetxml.sheet_xml(t.spec, xf_ids, drawing_rid)
        if t.new:
            rid = wb.add_rel(REL_WORKSHEET, t.part)
            wb.add_override(t.part, CT_WORKSHEET)
            t.index = wb.add_sheet(t.spec.name, rid)
            added.append((t.part, xml))
        else:
            changed[t.part] = xml
        wb.set_sheet_name(t.index, OWNED_MARK, OWNED_MARK_VALUE)
        wb.set_sheet_name(t.index, "_xlnm.Print_Titles", sheetxml.print_titles_ref(t.spec))
    # Drawings and charts come after the sheets that use them, in a fixed order: same input, same bytes.
    changed.update(drawing_parts.changed)
    added.extend(drawing_parts.added)

    # calcChain lists every formula cell by sheet and address. A replaced sheet may no longer have
    # formulas where the chain says (Excel then "repairs" the file and warns the user), and cells we
    # add are missing from it; Excel rebuilds the chain silently when the part is absent.
    if any(not t.new for t in targets) or any(sheetxml.has_formulas(t.spec) for t in targets):
        for rel in wb.rels_of_type(REL_CALC_CHAIN):
            part = pkg.find(_resolve(wb.part, rel.get("Target", "")))
            wb.remove_part(part or _resolve(wb.part, rel.get("Target", "")), rel)
            if part:
                changed[part] = None

    if wb.wb_changed:
        changed[wb.part] = _serialize(wb.tree)
    if wb.rels_changed:
        changed[pkg.find(wb.rels_part) or wb.rels_part] = _serialize(wb.rels)
    if wb.types_changed:
        changed[pkg.find(CONTENT_TYPES) or CONTENT_TYPES] = _serialize(wb.types)
    return pkg.write(changed, added)


def read_owned_sheet_names(src: bytes) -> set[str]:
    """Names of the sheets parxl wrote into this workbook earlier (carrying OWNED_MARK)."""
    wb = _Workbook(ZipPackage(src))
    return {wb.sheets[i].get("name", "") for i in wb.owned_indexes()}
