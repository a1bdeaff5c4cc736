"""``parxl addin build``: a valid package whose VBA project independent readers (oletools' olevba,
olefile, LibreOffice) read back exactly as built, with a ribbon whose every button reaches Python."""

from __future__ import annotations

import inspect
import io
import re
import struct
import warnings
import zipfile
from pathlib import Path, PurePosixPath

import olefile
import pytest
from lxml import etree

from parxl import soffice
from parxl.addin import build, dispatch, udfs
from parxl.vba.project import CLASS_BASE, ModuleKind, decrypt, project_key
from tests.support.libreoffice import needs_libreoffice, soffice_path

with warnings.catch_warnings():  # oletools' pyparsing grammar warns about deprecated names on import
    warnings.simplefilter("ignore")
    from oletools.olevba import VBA_Parser, decompress_stream

REPO = Path(__file__).resolve().parents[1]
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, build.BuildResult]:
    path = tmp_path_factory.mktemp("addin") / "parxl.xlam"
    return path, build.build_addin(path)


@pytest.fixture(scope="module")
def vba_bin(built) -> bytes:
    return zipfile.ZipFile(built[0]).read("xl/vbaProject.bin")


def modules_by_name(result: build.BuildResult) -> dict[str, object]:
    return {m.name: m for m in result.modules}


# ------------------------------------------------------------------------------------- package


def test_the_add_in_is_a_valid_package(built) -> None:
    path, _ = built
    zf = zipfile.ZipFile(path)
    assert zf.testzip() is None
    names = set(zf.namelist())
    for name in names:
        if name.endswith((".xml", ".rels")):
            etree.fromstring(zf.read(name))  # well-formed
    types = etree.fromstring(zf.read("[Content_Types].xml"))
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(CT + "Default")}
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(CT + "Override")}
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    assert overrides["/xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"
    for name in names - {"[Content_Types].xml"}:
        assert "/" + name in overrides or name.rsplit(".", 1)[-1] in defaults, name
    # Every relationship points at a part that exists.
    for rels in [n for n in names if n.endswith(".rels")]:
        base = PurePosixPath(rels).parent.parent
        for rel in etree.fromstring(zf.read(rels)).iter(PKG_REL + "Relationship"):
            target = str(base / rel.get("Target")).lstrip("./") if str(base) != "." else rel.get("Target")
            assert target in names, (rels, target)
    root_rels = {r.get("Type").rsplit("/", 1)[-1]: r.get("Target")
                 for r in etree.fromstring(zf.read("_rels/.rels")).iter(PKG_REL + "Relationship")}
    assert root_rels == {"officeDocument": "xl/workbook.xml", "extensibility": "customUI/customUI.xml"}
    workbook = zf.read("xl/workbook.xml").decode()
    assert 'codeName="ThisWorkbook"' in workbook
    assert 'codeName="Sheet1"' in zf.read("xl/worksheets/sheet1.xml").decode()
    assert olefile.isOleFile(io.BytesIO(zf.read("xl/vbaProject.bin")))


def test_builds_are_reproducible(built, tmp_path: Path) -> None:
    again = tmp_path / "again.xlam"
    build.build_addin(again)
    assert again.read_bytes() == built[0].read_bytes()


def test_the_interpreter_goes_into_the_config_sheet(tmp_path: Path) -> None:
    path = tmp_path / "configured.xlam"
    build.build_addin(path, r"C:\Python311\python.exe")
    zf = zipfile.ZipFile(path)
    assert 'name="parxl.conf"' in zf.read("xl/workbook.xml").decode()
    sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<t>INTERPRETER_WIN</t>" in sheet and r"<t>C:\Python311\python.exe</t>" in sheet
    assert "<t>ADD_WORKBOOK_TO_PYTHONPATH</t>" in sheet


# -------------------------------------------------------------------------------- VBA project


def test_olevba_reads_back_every_module_exactly(built) -> None:
    path, result = built
    parser = VBA_Parser(str(path))
    found = {}
    for _, _stream, filename, code in parser.extract_macros():
        found[filename] = code
    parser.close()
    expected_names = {m.name + (".bas" if m.kind is ModuleKind.STANDARD else ".cls") for m in result.modules}
    assert set(found) == expected_names
    for module in result.modules:
        suffix = ".bas" if module.kind is ModuleKind.STANDARD else ".cls"
        assert found[module.name + suffix] == module.source, module.name


def test_modules_are_their_source_files(built) -> None:
    _, result = built
    by_name = modules_by_name(result)
    ribbon = (REPO / "addin" / "parxl_ribbon.bas").read_text(encoding="ascii")
    assert by_name["ParxlRibbon"].source == ribbon.replace("\n", "\r\n")
    xlwings_text = (build.xlwings_dir() / "xlwings_custom_addin.bas").read_bytes().decode("cp1252")
    stored = by_name["xlwings"].source
    assert 'Public Const PROJECT_NAME As String = "parxl"' in stored
    assert stored == xlwings_text.replace('PROJECT_NAME As String = "myaddin"', 'PROJECT_NAME As String = "parxl"')
    # The class module: the exported file's VERSION/BEGIN/END block becomes the stored attribute block.
    exported = (build.xlwings_dir() / "addin" / "Dictionary.cls").read_bytes().decode("cp1252")
    dictionary = by_name["Dictionary"].source
    assert dictionary.startswith('Attribute VB_Name = "Dictionary"\r\n'
                                 f'Attribute VB_Base = "{CLASS_BASE}"\r\n')
    assert "VERSION 1.0 CLASS" not in dictionary and "Attribute VB_Customizable = False" in dictionary
    code = exported.split("\r\n")
    body = code[code.index('Attribute VB_Exposed = True') + 2:]  # after the header and its description
    assert dictionary.endswith("\r\n".join(body))


def parse_dir(stream: bytes) -> list[tuple[int, bytes]]:
    records, pos = [], 0
    while pos < len(stream):
        rid, size = struct.unpack_from("<HI", stream, pos)
        if rid == 0x0009:  # PROJECTVERSION: its size field says 4, yet 6 bytes follow
            size = 6
        records.append((rid, stream[pos + 6:pos + 6 + size]))
        pos += 6 + size
    return records


def test_dir_stream_gives_class_modules_their_record(built, vba_bin: bytes) -> None:
    _, result = built
    ole = olefile.OleFileIO(io.BytesIO(vba_bin), raise_defects=olefile.DEFECT_INCORRECT)
    records = parse_dir(bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read()))))
    types_by_module, current = {}, None
    for rid, data in records:
        if rid == 0x0019:
            current = data.decode("cp1252")
        elif rid in (0x0021, 0x0022):
            types_by_module[current] = rid
        elif rid == 0x0031:
            assert data == bytes(4)  # source starts at offset 0: no compiled cache
    expected = {m.name: m.kind.type_record for m in result.modules}
    assert types_by_module == expected
    assert types_by_module["Dictionary"] == 0x0022 and types_by_module["xlwings"] == 0x0021
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes([0xCC, 0x61, 0xFF, 0xFF, 0x00, 0x01, 0x00])
    project = ole.openstream("PROJECT").read().decode("cp1252")
    assert "Class=Dictionary\r\n" in project and "Module=xlwings\r\n" in project
    assert "Document=ThisWorkbook/&H00000000\r\n" in project
    project_id = re.search(r'ID="(\{[0-9A-F-]+\})"', project).group(1)
    fields = dict(re.findall(r'^(CMG|DPB|GC)="([0-9A-F]+)"', project, re.MULTILINE))
    assert decrypt(fields["CMG"]) == (project_key(project_id), bytes(4))  # not protected
    assert decrypt(fields["DPB"]) == (project_key(project_id), b"\x00")  # no password
    assert decrypt(fields["GC"]) == (project_key(project_id), b"\xff")  # visible
    wm = ole.openstream("PROJECTwm").read()
    for module in result.modules:
        assert module.name.encode() + b"\x00" + module.name.encode("utf-16-le") + b"\x00\x00" in wm


def test_parxls_own_vba_is_ascii(built) -> None:
    _, result = built
    for module in result.modules:
        if module.name != "Dictionary":  # xlwings' own text is cp1252 as shipped
            assert module.source.isascii(), module.name


# ---------------------------------------------------------------------------------- the ribbon


def test_every_on_action_names_an_existing_sub(built) -> None:
    _, result = built
    xml = (REPO / "addin" / "customUI.xml").read_bytes()
    by_name = modules_by_name(result)
    buttons = build.ribbon_buttons(xml)
    assert buttons
    for _control_id, action in buttons:
        module, _, sub = action.rpartition(".")
        subs = build.public_subs(by_name[module])
        assert sub in subs, action
        assert re.fullmatch(r"\w+ As (Object|IRibbonControl)", subs[sub]), subs[sub]


def test_every_button_has_a_python_handler_and_a_vietnamese_label() -> None:
    root = etree.fromstring((REPO / "addin" / "customUI.xml").read_bytes())
    ns = {"c": build.CUSTOMUI_NS}
    tab = root.find(".//c:tab", ns)
    assert tab.get("label") == "Chỉ số CCHC"
    buttons = root.findall(".//c:button", ns)
    assert {b.get("id") for b in buttons} == set(dispatch.BUTTONS)
    for b in buttons:
        assert b.get("label") == dispatch.BUTTONS[b.get("id")][0]
        assert b.get("imageMso")
        assert callable(dispatch.handler_for(b.get("id")))
    for required in ("Tính điểm", "Kiểm tra", "Dán kết quả quận", "Xuất bảng trừ điểm", "Tạo mẫu mới", "Hướng dẫn"):
        assert required in {b.get("label") for b in buttons}


def test_an_inconsistent_ribbon_is_refused(built) -> None:
    _, result = built
    bad = (b'<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui"><ribbon><tabs><tab id="t">'
           b'<group id="g"><button id="parxl_score" onAction="ParxlRibbon.Missing"/></group></tab></tabs></ribbon>'
           b'</customUI>')
    with pytest.raises(build.BuildError, match="Missing"):
        build.check_ribbon(bad, result.modules, dispatch.BUTTONS)
    orphan = bad.replace(b"ParxlRibbon.Missing", b"ParxlRibbon.ParxlButton").replace(b"parxl_score", b"parxl_x")
    with pytest.raises(build.BuildError, match="parxl_x"):
        build.check_ribbon(orphan, result.modules, dispatch.BUTTONS)


# ------------------------------------------------------------------------------ UDF wrappers

_FUNCTION = re.compile(r"^Function (\w+)\(([^)]*)\)\r$", re.MULTILINE)
_CALL = re.compile(r'^\s+(\w+) = XLPy\.CallUDF\("([\w.]+)", "(\w+)", Array\(([^)]*)\), ActiveWorkbook, '
                   r"Application\.Caller\)\r$", re.MULTILINE)


def test_every_udf_has_its_wrapper_with_matching_arguments(built) -> None:
    _, result = built
    source = modules_by_name(result)["ParxlUdfs"].source
    wrappers = {name: [a.strip() for a in args.split(",")] for name, args in _FUNCTION.findall(source)}
    calls = {name: (module, func, [a.strip() for a in args.split(",")])
             for name, module, func, args in _CALL.findall(source)}
    assert set(wrappers) == {f.__name__ for f in udfs.FUNCTIONS} == set(calls)
    for func in udfs.FUNCTIONS:
        params = inspect.signature(func).parameters.values()
        assert wrappers[func.__name__] == [("Optional " if p.default is not p.empty else "") + p.name for p in params]
        assert calls[func.__name__] == (udfs.MODULE, func.__name__, [p.name for p in params])
        assert f'Application.MacroOptions Macro:="{func.__name__}"' in source
    assert "#Const App = \"Microsoft Excel\"" in source
    this_workbook = modules_by_name(result)["ThisWorkbook"].source
    assert "ParxlUdfs.RegisterParxlFunctions" in this_workbook
    assert all(len(line) < 1024 for line in source.split("\r\n"))


def test_vietnamese_help_texts_survive_as_chrw() -> None:
    expr = build.vba_string("Chỉ số “CCHC”")
    assert expr == '"Ch" & ChrW(7881) & " s" & ChrW(7889) & " " & ChrW(8220) & "CCHC" & ChrW(8221)'
    assert build.vba_string('a"b') == '"a""b"'


# ------------------------------------------------------------------------------- LibreOffice


def libreoffice_modules(xlsm: Path, outdir: Path) -> dict[str, tuple[str, str]]:
    """Module name -> (LibreOffice's module type, source) after LibreOffice imported the VBA project."""
    soffice.convert(str(soffice_path()), [xlsm], "ods", outdir, timeout=180)
    ods = outdir / (xlsm.stem + ".ods")
    assert ods.exists(), "LibreOffice did not open the macro-enabled copy"
    modules = {}
    with zipfile.ZipFile(ods) as zf:
        for name in zf.namelist():
            if name.startswith("Basic/") and name.count("/") == 2 and not name.endswith("script-lb.xml"):
                root = etree.fromstring(zf.read(name))
                script = "{http://openoffice.org/2000/script}"
                modules[root.get(script + "name")] = (root.get(script + "moduleType"), root.text or "")
    return modules


def without_attributes(source: str) -> list[str]:
    lines = [line for line in source.split("\r\n") if not line.startswith("Attribute ")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


@needs_libreoffice
def test_libreoffice_imports_every_module_with_its_source(built, tmp_path: Path) -> None:
    path, result = built
    xlsm = tmp_path / "parxl_copy.xlsm"
    xlsm.write_bytes(build.as_macro_workbook(path.read_bytes()))
    modules = libreoffice_modules(xlsm, tmp_path)
    kinds = {ModuleKind.STANDARD: "normal", ModuleKind.CLASS: "class", ModuleKind.DOCUMENT: "document"}
    assert set(modules) == {m.name for m in result.modules}
    for module in result.modules:
        lo_type, text = modules[module.name]
        assert lo_type == kinds[module.kind], module.name
        # LibreOffice prefixes "Rem Attribute …" and "Option VBASupport 1" and drops Attribute lines.
        lines = text.split("\n")
        while lines and (lines[0].startswith("Rem Attribute VBA_ModuleType") or lines[0] in (
                "Option VBASupport 1", "Option ClassModule")):
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        assert lines == without_attributes(module.source), module.name


# ------------------------------------------------------------------------------------- plan B


def test_plan_b_is_xlwings_template_with_one_tinh_diem_button(tmp_path: Path) -> None:
    import parxl.addin

    result = build.build_fallback(tmp_path / "parxl.addin.xlam", r"C:\Py\python.exe")
    assert result.path.name == "parxl.addin.xlam" and not (tmp_path / "parxl.addin.py").exists()
    template = zipfile.ZipFile(build.xlwings_dir() / build.FALLBACK_TEMPLATE)
    ours = zipfile.ZipFile(result.path)
    assert ours.read("xl/vbaProject.bin") == template.read("xl/vbaProject.bin")  # VBA untouched
    buttons = build.ribbon_buttons(ours.read("customUI/customUI.xml"))
    assert buttons == [("parxl_score", "RibbonMyAddin.RunMain")]
    assert 'label="Tính điểm"' in ours.read("customUI/customUI.xml").decode()
    parser = VBA_Parser(str(result.path))
    ribbon = next(code for _, _, name, code in parser.extract_macros() if name == "RibbonMyAddin.bas")
    parser.close()
    # The macro imports the module named like the file without ".xlam": parxl.addin, and calls main().
    assert "Sub RunMain(control As IRibbonControl)" in ribbon
    assert 'RunPython "import " & mymodule & ";" & mymodule & ".main()"' in ribbon
    assert result.path.name.rsplit(".", 1)[0] == "parxl.addin" and callable(parxl.addin.main)
    assert 'name="myaddin.conf"' in ours.read("xl/workbook.xml").decode()
    sheet = ours.read("xl/worksheets/sheet1.xml").decode()
    assert r"<t>C:\Py\python.exe</t>" in sheet and 'codeName="Sheet2"' in sheet


def test_plan_b_under_another_name_is_written_there_with_its_module(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from parxl.cli import app

    out = tmp_path / "fb.xlam"
    run = CliRunner().invoke(app, ["addin", "build", "--fallback", "--output", str(out)])
    assert run.exit_code == 0, run.output
    assert out.is_file() and not (tmp_path / "parxl.addin.xlam").exists()
    # The button runs "import fb; fb.main()": fb.py beside the add-in, its folder in the add-in's PYTHONPATH.
    sheet = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "<t>PYTHONPATH</t>" in sheet and f"<t>{tmp_path}</t>" in sheet
    assert 'name="myaddin.conf"' in zipfile.ZipFile(out).read("xl/workbook.xml").decode()
    namespace: dict[str, object] = {}
    exec(compile((tmp_path / "fb.py").read_text(encoding="utf-8"), "fb.py", "exec"), namespace)
    import parxl.addin

    assert namespace["main"] is parxl.addin.main


def test_plan_b_refuses_a_name_that_would_shadow_a_library(tmp_path: Path) -> None:
    for name in ("parxl.xlam", "xlwings.xlam", "bảng điểm.xlam"):
        with pytest.raises(build.BuildError):
            build.build_fallback(tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def vba_text(expr: str) -> str:
    """The text of a VBA string expression made by vba_string (literals, ChrW(n), vbLf joined by &)."""
    out = []
    for piece in expr.split(" & "):
        if piece == "vbLf":
            out.append("\n")
        elif piece.startswith("ChrW("):
            out.append(chr(int(piece[5:-1])))
        else:
            out.append(piece[1:-1].replace('""', '"'))
    return "".join(out)


def check_texts(source: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    key = None
    for line in source.split("\r\n"):
        line = line.strip()
        if line.startswith('Case "'):
            key = line[6:-1]
            texts[key] = ""
        elif key and line.startswith("t = t & "):
            texts[key] += vba_text(line[len("t = t & "):])
        elif key and line.startswith("t = "):
            texts[key] = vba_text(line[len("t = "):])
    return texts


def test_checks_before_python_starts_are_vietnamese_and_create_nothing(built) -> None:
    _, result = built
    by_name = modules_by_name(result)
    checks = by_name[build.CHECK_MODULE].source
    assert check_texts(checks) == build.CHECK_MESSAGES
    assert not any("pip" in text for text in build.CHECK_MESSAGES.values())
    # Every message names what to do offline, and every placeholder the code fills is in its message.
    for key in ("not_configured", "no_python", "version_mismatch", "no_dll"):
        assert "cai_dat.bat" in build.CHECK_MESSAGES[key]
    for key, holder in (("no_python", "{path}"), ("version_mismatch", "{version}"), ("no_dll", "{dll}")):
        assert holder in build.CHECK_MESSAGES[key] and f'ParxlText("{key}")' in checks
    assert 'GetConfig("INTERPRETER_WIN"' in checks and '"xlwings64-" & XLWINGS_VERSION' in checks
    # Shown through MessageBoxW: VBA's MsgBox would turn Vietnamese letters outside the ANSI code page into "?".
    assert 'Declare PtrSafe Function MessageBoxW Lib "user32"' in checks and "StrPtr(message)" in checks
    assert not re.search(r"^\s*MsgBox\b", checks, re.MULTILINE) and checks.count("ParxlSay ") == 5
    assert '"xlwings32-" & XLWINGS_VERSION' in checks
    ribbon = by_name["ParxlRibbon"].source
    body = ribbon[ribbon.index("Public Sub ParxlButton"):]
    assert body.index("ParxlChecks.ParxlReady()") < body.index("\r\n    RunPython ")
    for module in result.modules:
        if module.name not in ("xlwings", "Dictionary"):  # xlwings' own runtime is not ours to change
            assert "Workbooks.Add" not in module.source, module.name


def test_the_score_tooltip_names_all_five_sheets_it_writes() -> None:
    from parxl.render import SCORE_SHEETS

    assert len(SCORE_SHEETS) == 5
    root = etree.fromstring((REPO / "addin" / "customUI.xml").read_bytes())
    tip = next(b.get("supertip") for b in root.iter(f"{{{build.CUSTOMUI_NS}}}button") if b.get("id") == "parxl_score")
    plan_b = etree.fromstring(build.fallback_customui())
    tip_b = next(b.get("supertip") for b in plan_b.iter(f"{{{build.CUSTOMUI_NS}}}button"))
    for name in SCORE_SHEETS:
        assert name in tip and name in tip_b, name
