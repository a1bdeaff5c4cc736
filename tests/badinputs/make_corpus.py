"""The bad-input corpus: hostile, damaged and awkward inputs for every parxl command, each with the reason code
and the exit status it must give. Generated here (no binary files are committed).

    python tests/badinputs/make_corpus.py OUT   # writes OUT/<case>/... and OUT/manifest.json

``cases()`` is what tests/test_bad_inputs.py runs. A case's ``prepare(folder)`` writes its files into an empty
folder and returns the command line, with paths inside that folder.
"""

from __future__ import annotations

import errno
import json
import os
import re
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

SHEET1 = "xl/worksheets/sheet1.xml"  # "Bảng điểm" in the demo workbook
SHEET2 = "xl/worksheets/sheet2.xml"  # "Cấu hình" (settings)
SST = "xl/sharedStrings.xml"
BOOK = "bang_diem.xlsx"


@dataclass(frozen=True)
class Case:
    name: str
    prepare: Callable[[Path], list[str]]
    code: str | None  # the reason code printed with the refusal; None when the command succeeds
    exit: int
    env: dict[str, str] = field(default_factory=dict)
    inject: int | None = None  # an errno the test raises while the temporary file is written
    posix_only: bool = False  # FIFOs, devices, symlinks, chmod
    pathological: bool = False  # run in a child process under a time and memory ceiling
    writes: bool = False  # a successful command that writes; the corpus checks its backup instead
    evaluator_owned: bool = False  # the formula evaluator may later turn this refusal into a finding (exit 0/1)
    finding: tuple[str, str] | None = None  # (code, cell) a `check --json` run must report


# ------------------------------------------------------------------------------------------ packages ----

def demo_bytes() -> bytes:
    from parxl.templates import template_path

    return template_path("demo.xlsx").read_bytes()


def rezip(data: bytes, changes: dict[str, bytes | None] | None = None,
          add: dict[str, bytes] | None = None) -> bytes:
    """A copy of the package ``data`` with parts replaced (None removes one) or added."""
    changes, add = changes or {}, add or {}
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = changes.get(info.filename, src.read(info))
            if content is not None:
                dst.writestr(info.filename, content)
        for name, content in add.items():
            dst.writestr(name, content)
    return out.getvalue()


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(BytesIO(data)) as zf:
        return zf.read(name)


def edit_part(data: bytes, name: str, edit: Callable[[bytes], bytes]) -> bytes:
    return rezip(data, {name: edit(part(data, name))})


def patch_headers(data: bytes, name: str, *, method: int | None = None, flags: int | None = None,
                  crc: int | None = None) -> bytes:
    """Rewrite fields of ``name``'s local and central headers in place (the payload stays as it is)."""
    buf = bytearray(data)
    raw = name.encode()
    for sig, off_flags, off_method, off_crc, name_at in ((b"PK\x03\x04", 6, 8, 14, 30), (b"PK\x01\x02", 8, 10, 16, 46)):
        for m in re.finditer(re.escape(sig), bytes(buf)):
            start = m.start()
            if bytes(buf[start + name_at:start + name_at + len(raw)]) != raw:
                continue
            if flags is not None:
                struct.pack_into("<H", buf, start + off_flags, flags)
            if method is not None:
                struct.pack_into("<H", buf, start + off_method, method)
            if crc is not None:
                struct.pack_into("<L", buf, start + off_crc, crc)
    return bytes(buf)


def sst_book() -> bytes:
    """The demo workbook with its text moved into shared strings, as Excel stores text."""
    data = demo_bytes()
    strings: list[bytes] = []

    def to_shared(m: re.Match[bytes]) -> bytes:
        strings.append(m.group(2))
        return m.group(1) + b't="s"><v>' + str(len(strings) - 1).encode() + b"</v></c>"

    sheet = re.sub(rb'(<c r="[A-Z]+\d+"(?: s="\d+")? )t="inlineStr"><is><t>(.*?)</t></is></c>', to_shared,
                   part(data, SHEET1))
    sst = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
           % (len(strings), len(strings)) + b"".join(b"<si><t>" + t + b"</t></si>" for t in strings) + b"</sst>")
    rels = part(data, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>", b'<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/'
                             b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    ct = part(data, "[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                     b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    return rezip(data, {SHEET1: sheet, "xl/_rels/workbook.xml.rels": rels, "[Content_Types].xml": ct},
                 add={SST: sst})


def sst_cell(data: bytes, index: str) -> bytes:
    """``sst_book`` with the first shared-string cell pointing at ``index``."""
    return edit_part(data, SHEET1, lambda x: re.sub(rb'(<c r="B13"[^>]*t="s"[^>]*><v>)\d+(</v>)',
                                                        rb"\g<1>" + index.encode() + rb"\g<2>", x, count=1))


def demo_cell(ref: str, xml: str) -> bytes:
    """The demo workbook with cell ``ref`` of the score sheet replaced by ``xml``."""
    def edit(x: bytes) -> bytes:
        new, n = re.subn(rb'<c r="' + ref.encode() + rb'"[^>]*?(/>|>.*?</c>)', xml.encode(), x, count=1)
        assert n == 1, ref
        return new
    return edit_part(demo_bytes(), SHEET1, edit)


def demo_append_row(sheet: str, row_xml: str) -> bytes:
    return edit_part(demo_bytes(), sheet, lambda x: x.replace(b"</sheetData>", row_xml.encode() + b"</sheetData>"))


XXE = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
       '<c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>')
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
                    for i in range(1, 10))
          + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
          '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
SST_XXE = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]>'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&xxe;</t></si></sst>')
PARAM_XXE = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;]>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')


# --------------------------------------------------------------------------------------------- cases ----

def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def score_of(make: Callable[[], bytes], name: str = BOOK, command: str = "score") -> Callable[[Path], list[str]]:
    def prepare(folder: Path) -> list[str]:
        return [command, str(_write(folder, name, make()))]
    return prepare


def _check_json(make: Callable[[], bytes]) -> Callable[[Path], list[str]]:
    def prepare(folder: Path) -> list[str]:
        return ["check", str(_write(folder, BOOK, make())), "--json"]
    return prepare


def _demo_with_district(cell_xml: str) -> bytes:
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             f"{cell_xml}</sheetData></worksheet>")
    data = demo_bytes()
    wb = part(data, "xl/workbook.xml").replace(
        b"</sheets>", ('<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
                      'name="Kết quả quận" sheetId="9" r:id="rId99"/></sheets>').encode())
    rels = part(data, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
                             b'2006/relationships/worksheet" Target="worksheets/sheet9.xml"/></Relationships>')
    ct = part(data, "[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/xl/worksheets/sheet9.xml" ContentType="application/'
                     b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    return rezip(data, {"xl/workbook.xml": wb, "xl/_rels/workbook.xml.rels": rels, "[Content_Types].xml": ct},
                 add={"xl/worksheets/sheet9.xml": sheet.encode()})


def _paste_file(content: bytes, *, book: bool = True, overwrite: bool = False) -> Callable[[Path], list[str]]:
    def prepare(folder: Path) -> list[str]:
        text = _write(folder, "dan.txt", content)
        args = ["paste"]
        if book:
            args.append(str(_write(folder, BOOK, demo_bytes())))
        args += ["--text", str(text)]
        return args + (["--overwrite"] if overwrite else [])
    return prepare


AREAS_TABLE = (Path(__file__).resolve().parent.parent / "data" / "paste" / "seed000_areas.txt")


def _areas_text() -> str:
    return AREAS_TABLE.read_text(encoding="utf-8-sig")


def workbook_cases() -> list[Case]:
    """Inputs that are not a workbook parxl can read, or are one with damaged or hostile parts."""
    def fifo(folder: Path) -> list[str]:
        os.mkfifo(folder / BOOK)
        return ["score", str(folder / BOOK)]

    def folder_named(folder: Path) -> list[str]:
        (folder / BOOK).mkdir()
        return ["score", str(folder / BOOK)]

    def locked(folder: Path) -> list[str]:
        _write(folder, "~$" + BOOK, b"owner")
        return ["score", str(_write(folder, BOOK, demo_bytes()))]

    bomb = BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        with zipfile.ZipFile(BytesIO(demo_bytes())) as src:
            for info in src.infolist():
                zf.writestr(info.filename, src.read(info))
        with zf.open("xl/worksheets/sheet3.xml", "w") as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(48):  # 48 MB of zeros deflate to about 48 KB
                fh.write(chunk)
    bomb_bytes = bomb.getvalue()
    big_sheet = edit_part(demo_bytes(), SHEET1, lambda x: x.replace(b"</worksheet>", b" "
                                                                                     b"" * (3 << 20) + b"</worksheet>"))
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504

    cases = [
        Case("missing_file", lambda f: ["score", str(f / BOOK)], "not_found", 2),
        Case("folder_named_xlsx", folder_named, "is_folder", 2),
        Case("fifo_named_xlsx", fifo, "not_regular", 2, posix_only=True),
        Case("device_as_input", lambda f: ["check", "/dev/null"], "not_regular", 2, posix_only=True),
        Case("legacy_xls_magic", score_of(lambda: ole), "legacy_xls", 2),
        Case("legacy_xls_suffix", score_of(demo_bytes, "bang_diem.xls"), "legacy_xls", 2),
        Case("encrypted_ooxml", score_of(lambda: ole + "EncryptionInfo".encode("utf-16-le")), "encrypted", 2),
        Case("xlsb_suffix", score_of(demo_bytes, "bang_diem.xlsb"), "xlsb", 2),
        Case("empty_file", score_of(lambda: b""), "not_zip", 2),
        Case("text_file_named_xlsx", score_of(lambda: "Bảng điểm".encode()), "not_zip", 2),
        Case("truncated_zip", score_of(lambda: demo_bytes()[:5000]), "zip_corrupt", 2),
        Case("bad_crc", score_of(lambda: patch_headers(demo_bytes(), SHEET1, crc=0x12345678)), "zip_corrupt", 2),
        Case("zip_without_workbook", score_of(lambda: rezip(demo_bytes(), {"xl/workbook.xml": None})),
             "no_workbook_xml", 2),
        Case("wrong_suffix", score_of(demo_bytes, "bang_diem.zip"), "bad_suffix", 2),
        Case("open_in_excel", locked, "open_in_excel", 2),
        Case("unknown_compression", score_of(lambda: patch_headers(demo_bytes(), SHEET1, method=99)),
             "zip_unsupported", 2),
        Case("encrypted_zip_entry", score_of(lambda: patch_headers(demo_bytes(), SHEET1, flags=1)), "zip_encrypted", 2),
        Case("zip_bomb_part", score_of(lambda: bomb_bytes), "zip_bomb", 2, pathological=True),
        Case("part_over_limit", score_of(lambda: big_sheet), "part_too_large", 2, env={"PARXL_MAX_PART_MB": "1"}),
        Case("missing_workbook_rels", score_of(lambda: rezip(demo_bytes(), {"xl/_rels/workbook.xml.rels": None})),
             "part_missing", 2),
    ]
    xml_damage = {
        "sheet_truncated": (SHEET1, lambda x: x[: len(x) // 2]),
        "sheet_invalid_utf8": (SHEET1, lambda x: x.replace(b"<v>2</v>", b"<v>\xff\xfe</v>", 1)),
        "sheet_not_xml": (SHEET1, lambda x: b"\x00\x01 not xml"),
        "settings_truncated": (SHEET2, lambda x: x[:-40]),
        "settings_invalid_utf8": (SHEET2, lambda x: x.replace(b"<t>", b"<t>\xc3\x28", 1)),
        "workbook_xml_truncated": ("xl/workbook.xml", lambda x: x[:200]),
        "workbook_rels_broken": ("xl/_rels/workbook.xml.rels", lambda x: x.replace(b"</Relationships>", b"")),
        "styles_truncated": ("xl/styles.xml", lambda x: x[: len(x) // 2]),
        "styles_invalid_utf8": ("xl/styles.xml", lambda x: x.replace(b"<fonts", b"<fonts a=\"\xe2\x82\"", 1)),
        "sheet_unclosed_tag": (SHEET1, lambda x: x.replace(b"</sheetData>", b"<row r=\"500\"><c r=\"A500\">")),
        "sheet_undefined_entity": (SHEET1, lambda x: x.replace(b"<v>2</v>", b"<v>&nope;</v>", 1)),
    }
    for name, (where, damage) in xml_damage.items():
        cases.append(Case(name, score_of(lambda w=where, d=damage: edit_part(demo_bytes(), w, d)), "xml_invalid", 2))
    sst_damage = {
        "sst_truncated": lambda x: x[: len(x) // 2],
        "sst_invalid_utf8": lambda x: x.replace(b"<t>", b"<t>\xff", 1),
        "sst_mismatched_tags": lambda x: x.replace(b"</si>", b"</sx>", 1),
    }
    for name, damage in sst_damage.items():
        cases.append(Case(name, score_of(lambda d=damage: edit_part(sst_book(), SST, d)), "xml_invalid", 2))
    hostile = {
        "xxe_in_sheet": lambda: rezip(demo_bytes(), {SHEET1: XXE.encode()}),
        "billion_laughs_in_sheet": lambda: rezip(demo_bytes(), {SHEET1: LAUGHS.encode()}),
        "xxe_in_settings": lambda: rezip(demo_bytes(), {SHEET2: XXE.encode()}),
        "xxe_in_shared_strings": lambda: rezip(sst_book(), {SST: SST_XXE.encode()}),
        "billion_laughs_in_shared_strings": lambda: rezip(sst_book(), {SST: LAUGHS.replace(
            "worksheet", "sst").encode()}),
        "parameter_entity_in_rels": lambda: rezip(demo_bytes(), {"xl/_rels/workbook.xml.rels": PARAM_XXE.encode()}),
        "xxe_in_workbook_xml": lambda: edit_part(demo_bytes(), "xl/workbook.xml", lambda x: b'<!DOCTYPE w ['
                                                 b'<!ENTITY e SYSTEM "file:///etc/passwd">]>' + x),
        "utf16_doctype_in_sheet": lambda: rezip(demo_bytes(), {SHEET1: XXE.replace(
            'version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16")}),
        "xxe_in_styles": lambda: edit_part(demo_bytes(), "xl/styles.xml", lambda x: b'<!DOCTYPE s ['
                                           b'<!ENTITY e SYSTEM "file:///etc/passwd">]>' + x),
    }
    for name, make in hostile.items():
        cases.append(Case(name, score_of(make), "xml_doctype", 2))
    return cases


def cell_cases() -> list[Case]:
    """Cells and rows that break the rules of the format, and numbers Decimal cannot take."""
    cases = [
        Case("row_99_billion", score_of(lambda: demo_append_row(SHEET1, '<row r="99999999999"/>')),
             "bad_row_ref", 2, pathological=True),
        Case("cell_99_billion", score_of(lambda: demo_append_row(SHEET1, '<row><c '
                                                                         'r="C99999999999"><v>1</v></c></row>')),
             "cell_out_of_range", 2, pathological=True),
        Case("settings_row_99_billion", score_of(lambda: demo_append_row(
            SHEET2, '<row><c r="A99999999999" t="inlineStr"><is><t>Năm</t></is></c></row>')),
             "cell_out_of_range", 2, pathological=True),
        Case("column_beyond_xfd", score_of(lambda: demo_append_row(SHEET1, '<row r="200"><c r="XFE200"><v>1</v></c>'
                                                                    "</row>")), "cell_out_of_range", 2),
        Case("four_letter_column", score_of(lambda: demo_append_row(SHEET1, '<row r="200"><c r="AAAA200"><v>1</v>'
                                                                     "</c></row>")), "bad_cell_ref", 2),
        Case("ref_digits_first", score_of(lambda: demo_append_row(SHEET1, '<row r="200"><c r="200A"><v>1</v></c>'
                                                                   "</row>")), "bad_cell_ref", 2),
        Case("ref_empty", score_of(lambda: demo_append_row(SHEET1, '<row r="200"><c r=""><v>1</v></c></row>')),
             "bad_cell_ref", 2),
        Case("ref_row_zero", score_of(lambda: demo_append_row(SHEET1, '<row><c r="A0"><v>1</v></c></row>')),
             "cell_out_of_range", 2),
        Case("row_not_a_number", score_of(lambda: demo_append_row(SHEET1, '<row r="abc"></row>')), "bad_row_ref", 2),
        Case("row_negative", score_of(lambda: demo_append_row(SHEET1, '<row r="-5"></row>')), "bad_row_ref", 2),
        Case("merge_bad_ref", score_of(lambda: edit_part(demo_bytes(), SHEET1, lambda x: x.replace(
            b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:ZZZZ9"/></mergeCells>', 1))),
             "bad_cell_ref", 2),
        Case("sst_index_out_of_range", score_of(lambda: sst_cell(sst_book(), "999")), "bad_shared_string", 2),
        Case("sst_index_negative", score_of(lambda: sst_cell(sst_book(), "-1")), "bad_shared_string", 2),
        Case("sst_index_not_a_number", score_of(lambda: sst_cell(sst_book(), "abc")), "bad_shared_string", 2),
        Case("sst_index_huge", score_of(lambda: sst_cell(sst_book(), "9" * 30)), "bad_shared_string", 2),
        Case("sst_missing_part", score_of(lambda: rezip(sst_book(), {SST: None})), "bad_shared_string", 2),
        Case("value_in_xfd1048576_of_score_sheet", score_of(lambda: demo_append_row(
            SHEET1, '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'), command="check"),
             None, 1, pathological=True),
        Case("value_in_xfd1048576_of_settings", score_of(lambda: demo_append_row(
            SHEET2, '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'), command="check"),
             None, 1, pathological=True),
    ]
    numbers = {
        "nan": "<v>NaN</v>", "infinity": "<v>INF</v>", "minus_infinity": "<v>-inf</v>", "overflow": "<v>1e999</v>",
        "forty_digits": "<v>" + "9" * 40 + "</v>", "thirty_digit_decimal": "<v>0." + "1" * 30 + "</v>",
        "huge_exponent": "<v>1E300</v>", "text_number_forty_digits": "<v>x</v>",
    }
    for name, v in numbers.items():
        xml = (f'<c r="E13" t="inlineStr"><is><t>{"1" * 40},5</t></is></c>' if name == "text_number_forty_digits"
               else f'<c r="E13" t="n">{v}</c>')
        cases.append(Case(f"number_{name}", _check_json(lambda x=xml: demo_cell("E13", x)), None,
                          0 if name == "thirty_digit_decimal" else 1,
                          finding=None if name == "thirty_digit_decimal" else ("not_a_number", "E13")))
    cases.append(Case("number_nan_in_settings_year", score_of(lambda: edit_part(
        demo_bytes(), SHEET2, lambda x: re.sub(rb"<v>2023</v>", b"<v>NaN</v>", x, count=1)), command="check"), None, 1))
    for depth in (10_000,):
        cases.append(Case(f"formula_nested_{depth}_deep", score_of(lambda d=depth: demo_cell(
            "C9", f'<c r="C9"><f>{"(" * d}1{")" * d}</f><v></v></c>'), command="check"), "too_deep", 2,
            pathological=True, evaluator_owned=True))
        cases.append(Case(f"formula_nested_sum_{depth}_deep", score_of(lambda d=depth: demo_cell(
            "C9", f'<c r="C9"><f>{"SUM(" * d}1{")" * d}</f><v></v></c>'), command="check"), "too_deep", 2,
            pathological=True, evaluator_owned=True))
    long_text = ("Chưa ban hành kế hoạch kiểm tra công tác cải cách hành chính đúng thời hạn; " * 15)[:1100]
    cases.append(Case("long_reason_1100_chars", score_of(lambda: demo_cell(
        "I13", f'<c r="I13" t="inlineStr"><is><t>{long_text}</t></is></c>')), None, 0, writes=True))
    cases.append(Case("long_criterion_name_1100_chars", score_of(lambda: demo_cell(
        "B13", f'<c r="B13" t="inlineStr"><is><t>{long_text}</t></is></c>')), None, 0, writes=True))
    cases.append(Case("shared_formula_garbage", score_of(_garbage_shared_formula), "bad_formula", 2))
    return cases


def _garbage_shared_formula() -> bytes:
    """C9 is the master of a shared formula whose text cannot be tokenised; D9 shares it."""
    data = demo_cell("C9", '<c r="C9"><f t="shared" si="7" ref="C9:D9">SUM("abc</f><v></v></c>')
    return edit_part(data, SHEET1, lambda x: re.sub(rb'(<c r="D9"[^>]*>)<f>[^<]*</f>', rb'\g<1><f t="shared" si="7"/>',
                                                     x, count=1))


def write_cases() -> list[Case]:
    """Where the result goes: folders, devices, links, read-only files, missing folders, OS refusals."""
    def out(target: Callable[[Path], Path], command: list[str] | None = None) -> Callable[[Path], list[str]]:
        def prepare(folder: Path) -> list[str]:
            book = _write(folder, BOOK, demo_bytes())
            return [*(command or ["score", str(book)]), "--output", str(target(folder))]
        return prepare

    def mkdir(folder: Path, name: str = "ket_qua.xlsx") -> Path:
        (folder / name).mkdir()
        return folder / name

    def fifo(folder: Path) -> Path:
        os.mkfifo(folder / "ket_qua.xlsx")
        return folder / "ket_qua.xlsx"

    def dangling(folder: Path) -> Path:
        (folder / "noi_khac").mkdir()
        os.symlink(folder / "noi_khac" / "an.xlsx", folder / "ket_qua.xlsx")
        return folder / "ket_qua.xlsx"

    def read_only_output(folder: Path) -> Path:
        path = _write(folder, "ket_qua.xlsx", demo_bytes())
        path.chmod(0o444)
        return path

    def read_only_book(folder: Path) -> list[str]:
        book = _write(folder, BOOK, demo_bytes())
        book.chmod(0o444)
        return ["score", str(book)]

    def held_lock(folder: Path) -> list[str]:
        book = _write(folder, BOOK, demo_bytes())
        _write(folder, f".{BOOK}.parxl-lock", f"{os.getpid()} {__import__('platform').node()} 0\n".encode())
        return ["score", str(book)]

    def stale_lock(folder: Path) -> list[str]:
        book = _write(folder, BOOK, demo_bytes())
        _write(folder, f".{BOOK}.parxl-lock", f"999999999 {__import__('platform').node()} 0\n".encode())
        return ["score", str(book)]

    def existing_output(folder: Path) -> list[str]:
        book = _write(folder, BOOK, demo_bytes())
        _write(folder, "ket_qua.xlsx", b"an earlier result")
        return ["score", str(book), "--output", str(folder / "ket_qua.xlsx")]

    cases = [
        Case("output_is_folder", out(mkdir), "output_is_folder", 2),
        Case("output_is_fifo", out(fifo), "output_not_regular", 2, posix_only=True),
        Case("output_dangling_symlink", out(dangling), "symlink", 2, posix_only=True),
        Case("output_missing_folder", out(lambda f: f / "khong_co" / "ket_qua.xlsx"), "no_folder", 2),
        Case("output_other_suffix", out(lambda f: f / "ket_qua.xlsm"), "bad_suffix", 2),
        Case("output_name_too_long", out(lambda f: f / ("a" * 300 + ".xlsx")), "name_too_long", 2, posix_only=True),
        Case("output_read_only", out(read_only_output), "read_only", 2, posix_only=True),
        Case("input_read_only", read_only_book, "read_only", 2, posix_only=True),
        Case("lock_held_by_other_run", held_lock, "busy", 2, env={"PARXL_LOCK_WAIT": "0"}),
        Case("stale_lock_is_taken_over", stale_lock, None, 0, writes=True),
        Case("existing_output_backed_up", existing_output, None, 0, writes=True),
        Case("disk_full", score_of(demo_bytes), "disk_full", 2, inject=errno.ENOSPC),
        Case("file_size_limit", score_of(demo_bytes), "file_too_big", 2, inject=errno.EFBIG),
        Case("folder_not_writable", score_of(demo_bytes), "permission", 2, inject=errno.EACCES),
        Case("read_only_file_system", score_of(demo_bytes), "read_only", 2, inject=errno.EROFS),
        Case("quota_exceeded", score_of(demo_bytes), "disk_full", 2, inject=getattr(errno, "EDQUOT", errno.ENOSPC)),
        Case("io_error", score_of(demo_bytes), "io_error", 2, inject=errno.EIO),
    ]
    return cases


def command_cases() -> list[Case]:
    """new, demo, addin build, rank, export, paste and usage errors."""
    def new_existing(folder: Path) -> list[str]:
        return ["new", str(_write(folder, "mau.xlsx", b"user's file"))]

    def new_dangling(folder: Path) -> list[str]:
        (folder / "noi_khac").mkdir()
        os.symlink(folder / "noi_khac" / "an.xlsx", folder / "mau.xlsx")
        return ["new", str(folder / "mau.xlsx")]

    def demo_edited(folder: Path) -> list[str]:
        (folder / "vd").mkdir()
        _write(folder / "vd", "bang_diem_vi_du.xlsx", b"the officer's edits")
        return ["demo", str(folder / "vd")]

    def demo_on_file(folder: Path) -> list[str]:
        return ["demo", str(_write(folder, "vd", b"a file, not a folder"))]

    def addin_over_book(folder: Path) -> list[str]:
        return ["addin", "build", "--output", str(_write(folder, BOOK, demo_bytes()))]

    def addin_over_addin(folder: Path) -> list[str]:
        return ["addin", "build", "--output", str(_write(folder, "parxl.xlam", b"an add-in built earlier"))]

    def addin_read_only(folder: Path) -> list[str]:
        path = _write(folder, "parxl.xlam", b"old add-in")
        path.chmod(0o444)
        return ["addin", "build", "--output", str(path)]

    def rank_over_input(folder: Path) -> list[str]:
        book = _write(folder, BOOK, demo_bytes())
        return ["rank", str(book), "--output", str(book)]

    def rank_over_ward_in_folder(folder: Path) -> list[str]:
        (folder / "quan").mkdir()
        ward = _write(folder / "quan", "phuong_1.xlsx", demo_bytes())
        return ["rank", str(folder / "quan"), "--output", str(ward)]

    def rank_text(data: bytes) -> Callable[[Path], list[str]]:
        return lambda folder: ["rank", str(_write(folder, "bang.txt", data))]

    def rank_fifo(folder: Path) -> list[str]:
        os.mkfifo(folder / "bang.txt")  # reading it would wait forever for a writer
        return ["rank", str(folder / "bang.txt")]

    def export_over_book(folder: Path) -> list[str]:
        book = _write(folder, "bang_diem.docx", demo_bytes())
        return ["export", str(_write(folder, BOOK, demo_bytes())), "--output", str(book)]

    def export_to_folder(folder: Path) -> list[str]:
        (folder / "pl.docx").mkdir()
        return ["export", str(_write(folder, BOOK, demo_bytes())), "--output", str(folder / "pl.docx")]

    def export_over_itself(folder: Path) -> list[str]:
        book = _write(folder, BOOK, demo_bytes())
        return ["export", str(book), "--format", "xlsx", "--output", str(book)]

    def paste_district(cell_xml: str) -> Callable[[Path], list[str]]:
        return lambda folder: ["paste", str(_write(folder, BOOK, _demo_with_district(cell_xml)))]

    def usage(*args: str) -> Callable[[Path], list[str]]:
        def prepare(folder: Path) -> list[str]:
            _write(folder, BOOK, demo_bytes())
            return [a.replace("{book}", str(folder / BOOK)) for a in args]
        return prepare

    def unreadable(folder: Path) -> list[str]:
        book = _write(folder, BOOK, demo_bytes())
        book.chmod(0)
        return ["check", str(book)]

    units = "TT\tĐơn vị\tTổng điểm\tChỉ số (%)\tXếp loại\n1\tPhường A\t90,5\t90,5\tTốt\n2\tPhường B\t80\t80\tKhá\n"
    cp1258 = to_cp1258("Bảng kết quả chấm điểm phường Đông")
    return [
        Case("new_over_existing_file", new_existing, "exists", 2),
        Case("new_through_dangling_symlink", new_dangling, "exists", 2, posix_only=True),
        Case("new_in_missing_folder", lambda f: ["new", str(f / "khong_co" / "mau.xlsx")], "no_folder", 2),
        Case("new_wrong_suffix", lambda f: ["new", str(f / "mau.xls")], "bad_input", 2),
        Case("new_name_is_folder", lambda f: ["new", str(mkdir_(f, "mau.xlsx"))], "exists", 2),
        Case("demo_keeps_edited_example", demo_edited, None, 0, writes=True),
        Case("demo_folder_is_a_file", demo_on_file, "output_not_folder", 2),
        Case("addin_build_over_workbook", addin_over_book, "bad_suffix", 2),
        Case("addin_build_over_earlier_addin", addin_over_addin, None, 0, writes=True),
        Case("addin_build_to_folder", lambda f: ["addin", "build", "--output", str(mkdir_(f, "a.xlam"))],
             "output_is_folder", 2),
        Case("addin_build_read_only", addin_read_only, "read_only", 2, posix_only=True),
        Case("rank_output_is_input", rank_over_input, "output_is_input", 2),
        Case("rank_output_is_ward_in_folder", rank_over_ward_in_folder, "output_is_input", 2),
        Case("rank_target_rank_zero", usage("rank", "{book}", "--target-rank", "0"), "usage", 2),
        Case("rank_target_rank_text", usage("rank", "{book}", "--target-rank", "abc"), "usage", 2),
        Case("rank_utf16_table", rank_text(b"\xff\xfe" + units.encode("utf-16-le")), None, 0),
        Case("rank_binary_table", rank_text(b"\x00\x01\x02PK\x03\x04" * 50), "bad_input", 2),
        Case("rank_cp1258_table", rank_text(cp1258), "bad_input", 2),
        Case("rank_fifo_table", rank_fifo, "bad_input", 2, posix_only=True),
        Case("rank_empty_folder", lambda f: ["rank", str(mkdir_(f, "quan"))], "bad_input", 2),
        Case("export_output_folder", export_to_folder, "output_is_folder", 2),
        Case("export_over_itself", export_over_itself, "unsafe", 2),
        Case("export_replaces_with_backup", export_over_book, None, 0, writes=True),
        Case("export_unknown_format", usage("export", "{book}", "--format", "odt"), "usage", 2),
        Case("paste_utf16_notepad", _paste_file(b"\xff\xfe" + _areas_text().encode("utf-16-le"), book=False),
             None, 1),
        Case("paste_utf8_bom", _paste_file(b"\xef\xbb\xbf" + _areas_text().encode(), book=False), None, 1),
        Case("paste_utf16_big_endian", _paste_file(b"\xfe\xff" + _areas_text().encode("utf-16-be"), book=False),
             None, 1),
        Case("paste_cp1258", _paste_file(to_cp1258(_areas_text())), "paste_encoding", 2),
        Case("paste_binary", _paste_file(bytes(range(256)) * 8), "paste_binary", 2),
        Case("paste_utf16_without_bom", _paste_file(_areas_text().encode("utf-16-le")), "paste_binary", 2),
        Case("paste_too_large", _paste_file(b"1\t2\t3\n" * 200_000), "paste_too_large", 2, pathological=True),
        Case("paste_district_sheet_xfd1048576", paste_district(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>TT</t></is></c></row>'
            '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'), "grid_too_large", 2, pathological=True),
        Case("paste_missing_workbook", lambda f: ["paste", str(f / BOOK), "--text", "x"], "not_found", 2),
        Case("paste_nothing_recognised", _paste_file("chỉ là văn bản\n".encode()), "bad_input", 2),
        Case("usage_missing_file", usage("score"), "usage", 2),
        Case("usage_name_starting_with_dash", usage("score", "-bang.xlsx"), "usage", 2),
        Case("usage_unknown_command", usage("tinh-diem", "{book}"), "usage", 2),
        Case("usage_extra_argument", usage("score", "{book}", "{book}"), "usage", 2),
        Case("usage_option_without_value", usage("score", "{book}", "--output"), "usage", 2),
        Case("usage_unknown_table", usage("export", "{book}", "--table", "abc"), "usage", 2),
        Case("unknown_variant", usage("score", "{book}", "--variant", "xyz"), "bad_input", 2),
        Case("unreadable_file_argument", unreadable, "permission", 2, posix_only=True),
        Case("bad_backups_setting", usage("score", "{book}"), "bad_setting", 2, env={"PARXL_BACKUPS": "nhiều"}),
    ]


def to_cp1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 stores it: a base letter (ă, â, ê, ô, ơ, ư, đ included) then a tone mark."""
    import unicodedata

    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", parts[:2]) if len(parts) > 2 else parts[0]
        marks = parts[2:] if len(parts) > 2 else parts[1:]
        out += (base + marks).encode("cp1258", "replace")
    return bytes(out)


def mkdir_(folder: Path, name: str) -> Path:
    (folder / name).mkdir()
    return folder / name


def cases() -> list[Case]:
    found = workbook_cases() + cell_cases() + write_cases() + command_cases()
    names = [c.name for c in found]
    assert len(names) == len(set(names)), "case names must be unique"
    return found


def write_corpus(out: Path) -> list[dict[str, object]]:
    """Every case's files in ``out/<case>/`` and the expectations in ``out/manifest.json``."""
    manifest = []
    for case in cases():
        if case.posix_only and os.name != "posix":
            continue
        folder = out / case.name
        folder.mkdir(parents=True, exist_ok=True)
        args = case.prepare(folder)
        manifest.append({"name": case.name, "args": args, "code": case.code, "exit": case.exit, "env": case.env,
                         "inject": case.inject, "pathological": case.pathological})
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "badinputs_out")
    written = write_corpus(target)
    print(f"{len(written)} cases in {target}")
