"""The streams of a VBA project storage (MS-OVBA §2.3), built from module source text.

Storage layout::

    PROJECT            text: module list, name, protection state (§2.3.1)
    PROJECTwm          module names in MBCS and UTF-16 (§2.3.3)
    VBA/_VBA_PROJECT   7 bytes, version 0xFFFF: "no performance cache, compile from source" (§2.3.4.1)
    VBA/dir            compressed records: project info, references, modules (§2.3.4.2)
    VBA/<module>       compressed source text, TextOffset 0 (§2.3.4.3)

Class modules need two things right: MODULETYPE record 0x0022 (not 0x0021, which is for standard
modules) in ``dir``, and a ``Class=`` line in PROJECT; their stored source starts with the attribute
block the VBA editor writes (VB_Base names the class base), not with an exported file's
``VERSION 1.0 CLASS / BEGIN … END`` header.
"""

from __future__ import annotations

import re
import struct
import uuid
from dataclasses import dataclass
from enum import Enum

from parxl.vba.cfb import write_compound_file
from parxl.vba.compression import compress

CODE_PAGE = 1252
PROJECT_ID = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "https://parxl/addin")).upper() + "}"
# The OLE Automation type library every Office VBA project references; its path is the same on every
# Windows. The Office library (IRibbonControl) is deliberately not referenced: its path differs between
# Office versions, and a MISSING reference stops the whole project from compiling. The ribbon callback
# takes ``control As Object`` instead.
STDOLE = ("stdole", r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\Windows\System32\stdole2.tlb#OLE Automation")
VBE_HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"

CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"


class ModuleKind(str, Enum):
    """How a module appears in PROJECT (the value) and which MODULETYPE record ``dir`` gives it."""

    STANDARD = "Module"
    CLASS = "Class"
    DOCUMENT = "Document"

    @property
    def type_record(self) -> int:
        return 0x0021 if self is ModuleKind.STANDARD else 0x0022


@dataclass(frozen=True)
class VbaModule:
    """One module: its name and its source exactly as stored (CRLF line ends, attribute lines first)."""

    name: str
    kind: ModuleKind
    source: str

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,30}", self.name):
            raise ValueError(f"not a VBA module name: {self.name!r}")


_ATTR = re.compile(r'^Attribute\s+(VB_\w+)\s*=\s*(.*)$')
_CLASS_HEADER = ("VB_GlobalNameSpace", "VB_Creatable", "VB_PredeclaredId", "VB_Exposed")


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def stored_source(exported: str, kind: ModuleKind, name: str | None = None) -> VbaModule:
    """Turn a module as exported by the VBA editor (.bas / .cls text) into its stored form.

    A standard module is stored as exported. A class module loses the ``VERSION/BEGIN/END`` block and
    gets the attributes the editor stores but does not export (VB_Base, VB_TemplateDerived,
    VB_Customizable). ``name`` defaults to the file's ``Attribute VB_Name``.
    """
    lines = crlf(exported).split("\r\n")
    if kind is ModuleKind.CLASS and lines and lines[0].startswith("VERSION "):
        end = next((i for i, line in enumerate(lines) if line.strip() == "END"), None)
        if end is None:
            raise ValueError("class module header without END")
        lines = lines[end + 1:]
    header: list[tuple[str, str]] = []
    while lines and (match := _ATTR.match(lines[0])) and "." not in match.group(1):
        header.append((match.group(1), match.group(2)))
        lines.pop(0)
    attrs = dict(header)
    module_name = name or attrs.get("VB_Name", "").strip('"')
    if not module_name:
        raise ValueError("module without a name (no Attribute VB_Name line)")
    if kind is ModuleKind.STANDARD:
        top = [("VB_Name", f'"{module_name}"')] + [(k, v) for k, v in header if k != "VB_Name"]
    elif kind is ModuleKind.CLASS:
        top = [("VB_Name", f'"{module_name}"'), ("VB_Base", f'"{CLASS_BASE}"')]
        top += [(k, attrs.get(k, "False")) for k in _CLASS_HEADER]
        top += [("VB_TemplateDerived", "False"), ("VB_Customizable", "False")]
        top += [(k, v) for k, v in header if k not in {"VB_Name", "VB_Base", *_CLASS_HEADER,
                                                       "VB_TemplateDerived", "VB_Customizable"}]
    else:
        raise ValueError("use document_module() for document modules")
    text = "\r\n".join([f"Attribute {k} = {v}" for k, v in top] + lines)
    return VbaModule(module_name, kind, text)


def document_module(name: str, base: str, code: str = "") -> VbaModule:
    """The module behind the workbook (``WORKBOOK_BASE``) or a worksheet (``WORKSHEET_BASE``)."""
    top = [("VB_Name", f'"{name}"'), ("VB_Base", f'"{base}"'), ("VB_GlobalNameSpace", "False"),
           ("VB_Creatable", "False"), ("VB_PredeclaredId", "True"), ("VB_Exposed", "True"),
           ("VB_TemplateDerived", "False"), ("VB_Customizable", "True")]
    text = "".join(f"Attribute {k} = {v}\r\n" for k, v in top) + crlf(code)
    return VbaModule(name, ModuleKind.DOCUMENT, text)


# --------------------------------------------------------------------------------------- streams


def build_vba_project(modules: list[VbaModule], *, name: str = "parxl", project_id: str = PROJECT_ID,
                      code_page: int = CODE_PAGE) -> bytes:
    """vbaProject.bin for ``modules``, unprotected and visible in the VBA editor."""
    if len({m.name.upper() for m in modules}) != len(modules):
        raise ValueError("module names must be unique (VBA ignores case)")
    codec = f"cp{code_page}"
    streams = {
        "PROJECT": project_stream(modules, name, project_id, codec),
        "PROJECTwm": projectwm_stream(modules, codec),
        "VBA/_VBA_PROJECT": bytes([0xCC, 0x61, 0xFF, 0xFF, 0x00, 0x01, 0x00]),
        "VBA/dir": compress(dir_stream(modules, name, code_page)),
    }
    for module in modules:
        streams[f"VBA/{module.name}"] = compress(module.source.encode(codec))
    return write_compound_file(streams)


def project_stream(modules: list[VbaModule], name: str, project_id: str, codec: str) -> bytes:
    lines = [f'ID="{project_id}"']
    lines += [f"{m.kind.value}={m.name}" + ("/&H00000000" if m.kind is ModuleKind.DOCUMENT else "")
              for m in modules]
    lines += [
        f'Name="{name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        # Not protected (4 zero bytes), no password (one 0x00 byte), visible (0xFF): §2.3.1.15-17.
        f'CMG="{encrypt(project_id, bytes(4), seed=0x29)}"',
        f'DPB="{encrypt(project_id, bytes(1), seed=0x61)}"',
        f'GC="{encrypt(project_id, bytes([0xFF]), seed=0x9F)}"',
        "",
        "[Host Extender Info]",
        VBE_HOST_EXTENDER,
        "",
    ]
    return "\r\n".join(lines).encode(codec)


def projectwm_stream(modules: list[VbaModule], codec: str) -> bytes:
    out = bytearray()
    for m in modules:
        out += m.name.encode(codec) + b"\x00" + m.name.encode("utf-16-le") + b"\x00\x00"
    return bytes(out + b"\x00\x00")


def _rec(rid: int, data: bytes = b"") -> bytes:
    return struct.pack("<HI", rid, len(data)) + data


def _text_pair(rid: int, rid_unicode: int, text: str, codec: str) -> bytes:
    return _rec(rid, text.encode(codec)) + _rec(rid_unicode, text.encode("utf-16-le"))


def dir_stream(modules: list[VbaModule], name: str, code_page: int) -> bytes:
    """The decompressed ``dir`` stream (§2.3.4.2)."""
    codec = f"cp{code_page}"
    out = bytearray()
    out += _rec(0x0001, struct.pack("<I", 0x00000003))  # PROJECTSYSKIND: 64-bit Windows
    out += _rec(0x0002, struct.pack("<I", 0x0409))  # PROJECTLCID
    out += _rec(0x0014, struct.pack("<I", 0x0409))  # PROJECTLCIDINVOKE
    out += _rec(0x0003, struct.pack("<H", code_page))  # PROJECTCODEPAGE
    out += _rec(0x0004, name.encode(codec))  # PROJECTNAME
    out += _text_pair(0x0005, 0x0040, "", codec)  # PROJECTDOCSTRING
    out += _text_pair(0x0006, 0x003D, "", codec)  # PROJECTHELPFILEPATH
    out += _rec(0x0007, struct.pack("<I", 0))  # PROJECTHELPCONTEXT
    out += _rec(0x0008, struct.pack("<I", 0))  # PROJECTLIBFLAGS
    out += struct.pack("<HIIH", 0x0009, 4, 1, 0)  # PROJECTVERSION: its size field is 4, yet 6 bytes follow
    out += _text_pair(0x000C, 0x003C, "", codec)  # PROJECTCONSTANTS
    ref_name, libid = STDOLE
    out += _text_pair(0x0016, 0x003E, ref_name, codec)  # REFERENCENAME
    raw = libid.encode(codec)
    out += _rec(0x000D, struct.pack("<I", len(raw)) + raw + struct.pack("<IH", 0, 0))  # REFERENCEREGISTERED
    out += _rec(0x000F, struct.pack("<H", len(modules)))  # PROJECTMODULES
    out += _rec(0x0013, struct.pack("<H", 0xFFFF))  # PROJECTCOOKIE
    for m in modules:
        out += _text_pair(0x0019, 0x0047, m.name, codec)  # MODULENAME, MODULENAMEUNICODE
        out += _text_pair(0x001A, 0x0032, m.name, codec)  # MODULESTREAMNAME
        out += _text_pair(0x001C, 0x0048, "", codec)  # MODULEDOCSTRING
        out += _rec(0x0031, struct.pack("<I", 0))  # MODULEOFFSET: source starts the stream
        out += _rec(0x001E, struct.pack("<I", 0))  # MODULEHELPCONTEXT
        out += _rec(0x002C, struct.pack("<H", 0xFFFF))  # MODULECOOKIE
        out += _rec(m.kind.type_record)  # MODULETYPE
        out += _rec(0x002B)  # module terminator
    out += _rec(0x0010)  # dir terminator
    return bytes(out)


# ------------------------------------------------------------------------------ data encryption


def project_key(project_id: str) -> int:
    return sum(project_id.encode("ascii")) & 0xFF


def encrypt(project_id: str, data: bytes, *, seed: int) -> str:
    """§2.4.3.2 data encryption (obfuscation) of a PROJECT property, as upper-case hex.

    The seed is fixed by the caller (the spec allows any byte) so that builds are reproducible; the
    "ignored" bytes it calls for are zeros.
    """
    version, key = 2, project_key(project_id)
    out = [seed, seed ^ version, seed ^ key]
    unencrypted1, encrypted1, encrypted2 = key, out[2], out[1]
    plain = bytes((seed & 6) // 2) + struct.pack("<I", len(data)) + data
    for byte in plain:
        enc = byte ^ ((encrypted2 + unencrypted1) & 0xFF)
        out.append(enc)
        encrypted2, encrypted1, unencrypted1 = encrypted1, enc, byte
    return bytes(out).hex().upper()


def decrypt(hex_text: str) -> tuple[int, bytes]:
    """(project key, data) of an encrypted PROJECT property; raises ValueError if it is inconsistent."""
    raw = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = raw[0], raw[1], raw[2]
    if seed ^ version_enc != 2:
        raise ValueError("encryption version is not 2")
    key = seed ^ key_enc
    unencrypted1, encrypted1, encrypted2 = key, key_enc, version_enc
    plain = bytearray()
    for enc in raw[3:]:
        byte = enc ^ ((encrypted2 + unencrypted1) & 0xFF)
        plain.append(byte)
        encrypted2, encrypted1, unencrypted1 = encrypted1, enc, byte
    ignored = (seed & 6) // 2
    length = struct.unpack_from("<I", plain, ignored)[0]
    data = bytes(plain[ignored + 4:])
    if len(data) != length:
        raise ValueError("length field does not match the data")
    return key, data
