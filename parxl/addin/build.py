"""``parxl addin build``: the Excel add-in (.xlam) assembled from text, with no Excel and no Windows.

Sources:
- ``addin/customUI.xml`` (the ribbon) and ``addin/parxl_ribbon.bas`` (its one callback), from this repo;
- the UDF wrappers xlwings' "Import Functions" would write, generated here from ``parxl.addin.udfs``;
- xlwings' VBA runtime, read at build time from the installed xlwings package (its custom add-in module
  ``xlwings_custom_addin.bas`` with PROJECT_NAME set to "parxl", and ``addin/Dictionary.cls``; BSD
  licensed, never copied into this repository). Build with the xlwings version the ward PC runs: the
  module names its DLL by version.

The VBA project is written from source (``parxl.vba``); Excel compiles it when it opens the add-in.
"""

from __future__ import annotations

import importlib.util
import inspect
import io
import keyword
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from parxl.errors import ParxlError
from parxl.vba import ModuleKind, VbaModule, build_vba_project, stored_source
from parxl.vba.project import WORKBOOK_BASE, WORKSHEET_BASE, crlf, document_module

PROJECT_NAME = "parxl"
RIBBON_MODULE = "ParxlRibbon"
UDF_MODULE = "ParxlUdfs"
CHECK_MODULE = "ParxlChecks"
XLWINGS_MODULE = "xlwings"
CONF_SHEET = PROJECT_NAME + ".conf"  # xlwings' custom add-in reads settings from a sheet of this name
CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"

CT_ADDIN = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
CT_MACRO_WORKBOOK = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_HERE = Path(__file__).resolve().parent


class BuildError(ParxlError):
    """The add-in cannot be built (missing xlwings files, inconsistent ribbon); message in Vietnamese."""

    code = "addin_build"


@dataclass
class BuildResult:
    path: Path
    modules: list[VbaModule]
    xlwings_version: str
    interpreter: str | None


# ----------------------------------------------------------------------------------------- sources


def addin_source_dir() -> Path:
    """``addin/`` of the source tree, or its copy inside an installed package."""
    for folder in (_HERE.parent / "_addin", _HERE.parent.parent / "addin"):
        if (folder / "customUI.xml").is_file():
            return folder
    raise BuildError("Không tìm thấy thư mục “addin” (customUI.xml) của parxl; hãy cài lại parxl.")


def xlwings_dir() -> Path:
    spec = importlib.util.find_spec("xlwings")
    if spec is None or not spec.submodule_search_locations:
        raise BuildError("Chưa cài xlwings. Hãy chạy: pip install \"parxl[excel]\" (hoặc pip install xlwings).")
    return Path(list(spec.submodule_search_locations)[0])


def xlwings_version() -> str:
    try:
        return metadata.version("xlwings")
    except metadata.PackageNotFoundError:
        return "?"


def xlwings_runtime() -> list[VbaModule]:
    """xlwings' own VBA for custom add-ins: RunPython, the UDF bridge, config lookup, and Dictionary."""
    folder = xlwings_dir()
    try:
        module_text = (folder / "xlwings_custom_addin.bas").read_text(encoding="cp1252")
        dictionary = (folder / "addin" / "Dictionary.cls").read_text(encoding="cp1252")
    except OSError as exc:
        raise BuildError(f"Gói xlwings đang cài thiếu mã VBA của add-in ({exc.filename}); hãy cài lại "
                         f"xlwings.") from exc
    named, count = re.subn(r'(Public Const PROJECT_NAME As String = )"[^"]*"', rf'\1"{PROJECT_NAME}"', module_text)
    if count != 1:
        raise BuildError("Không tìm thấy PROJECT_NAME trong mã VBA của xlwings; phiên bản xlwings này chưa được hỗ "
                         "trợ.")
    return [stored_source(named, ModuleKind.STANDARD, XLWINGS_MODULE),
            stored_source(dictionary, ModuleKind.CLASS)]


def ribbon_module() -> VbaModule:
    text = (addin_source_dir() / "parxl_ribbon.bas").read_text(encoding="ascii")
    return stored_source(text, ModuleKind.STANDARD)


def customui_xml() -> bytes:
    return (addin_source_dir() / "customUI.xml").read_bytes()


def udf_functions() -> list[Callable[..., Any]]:
    from parxl.addin import udfs

    return list(udfs.FUNCTIONS)


# ------------------------------------------------------------------------------- generated VBA


def wrapper_vba(func: Callable[..., Any], module_name: str, workbook: str = "ActiveWorkbook") -> str:
    """The VBA wrapper xlwings' "Import Functions" writes for ``func`` (udfs.generate_vba_wrapper),
    line for line: same signature, same CallUDF call, errors shown in the cell."""
    params = list(inspect.signature(func).parameters.values())
    if any(p.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD for p in params):
        raise BuildError(f"Hàm {func.__name__} chỉ được có tham số vị trí (xlwings không hỗ trợ loại khác).")
    sig = ", ".join(("Optional " if p.default is not inspect.Parameter.empty else "") + p.name for p in params)
    name = func.__name__
    args = "Array(" + ", ".join(p.name for p in params) + ")"
    call = f'{name} = XLPy.CallUDF("{module_name}", "{name}", {args}'
    lines = [
        f"Function {name}({sig})",
        '    #If App = "Microsoft Excel" Then',
        "        If TypeOf Application.Caller Is Range Then On Error GoTo failed",
        f"        {call}, {workbook}, Application.Caller)",
        "        Exit Function",
        "    #Else",
        f"        {call})",
        "        Exit Function",
        "    #End If",
        "failed:",
        f"    {name} = Err.Description",
        "End Function",
        "",
    ]
    return "\n".join(lines) + "\n"


def vba_string(text: str) -> str:
    """A VBA string expression for any text: VBA source is stored in a single-byte code page, so every
    non-ASCII character (Vietnamese letters) becomes ChrW(code)."""
    parts: list[str] = []
    run = ""
    for ch in text:
        if 32 <= ord(ch) < 127:
            run += '""' if ch == '"' else ch
        else:
            if run:
                parts.append(f'"{run}"')
                run = ""
            parts.append("vbLf" if ch == "\n" else f"ChrW({ord(ch)})")
    if run or not parts:
        parts.append(f'"{run}"')
    return " & ".join(parts)


def _assign(var: str, text: str, width: int = 700) -> list[str]:
    """``var = <text>`` split over statements short enough for VBA's 1023-character line limit."""
    expr = vba_string(text)
    pieces = expr.split(" & ")
    lines, current = [], ""
    for piece in pieces:
        if current and len(current) + len(piece) > width:
            lines.append(current)
            current = ""
        current = piece if not current else f"{current} & {piece}"
    lines.append(current)
    return [f"    {var} = {lines[0]}"] + [f"    {var} = {var} & {rest}" for rest in lines[1:]]


def registration_vba(functions: Iterable[Callable[..., Any]], category: str) -> str:
    """A Sub giving each function its description, category and argument help in Excel's function
    wizard (what xlwings' import does with Application.MacroOptions), run when the add-in opens."""
    lines = [
        "Public Sub RegisterParxlFunctions()",
        "    ' Descriptions for Excel's Insert Function dialog; a failure here must never block the add-in.",
        "    On Error Resume Next",
        "    Dim category As String, description As String",
        "    Dim args() As Variant",
    ]
    lines += _assign("category", category)
    for func in functions:
        params = list(inspect.signature(func).parameters)
        docs = getattr(func, "arg_docs", {})
        lines += _assign("description", (func.__doc__ or "").strip()[:255])
        lines.append(f"    ReDim args(0 To {len(params) - 1})")
        for i, param in enumerate(params):
            lines += _assign(f"args({i})", docs.get(param, param)[:255])
        lines.append(f'    Application.MacroOptions Macro:="{func.__name__}", Description:=description, '
                     "Category:=category, ArgumentDescriptions:=args")
    lines += ["End Sub", ""]
    return "\n".join(lines) + "\n"


def udf_module(functions: list[Callable[..., Any]] | None = None) -> VbaModule:
    from parxl.addin import udfs

    functions = udf_functions() if functions is None else functions
    text = [
        f'Attribute VB_Name = "{UDF_MODULE}"',
        "' Generated by \"parxl addin build\" from parxl/addin/udfs.py: do not edit, rebuild instead.",
        "#Const App = \"Microsoft Excel\" 'Adjust when using outside of Excel",
        "",
    ]
    body = "\n".join(text) + "\n" + "".join(wrapper_vba(f, udfs.MODULE) for f in functions)
    body += registration_vba(functions, udfs.CATEGORY)
    return VbaModule(UDF_MODULE, ModuleKind.STANDARD, crlf(body))


# What the add-in checks before Python starts, and what it tells the officer (xlwings' own messages are in
# English and suggest "pip install", which cannot work on a PC without Internet).
CHECK_MESSAGES = {
    "title": "Chỉ số CCHC",
    "no_workbook": (
        "Chưa có bảng tính nào đang mở để parxl làm việc.\n\n"
        "Hãy mở bảng điểm rồi bấm lại. Nếu bảng tính vừa nhận qua thư điện tử đang ở chế độ Dạng xem được bảo "
        "vệ (Protected View, dải màu vàng phía trên), hãy bấm “Bật Chỉnh sửa” (Enable Editing) trước.\n"
        "Để tạo bảng điểm mới: mở một bảng tính trống (Tệp › Mới) rồi bấm “Tạo mẫu mới”."),
    "not_configured": (
        "Add-in chưa biết Python của parxl nằm ở đâu, nên chưa chạy được.\n\n"
        "Hãy đóng Excel rồi bấm đúp cai_dat.bat trong bộ cài parxl (không cần Internet)."),
    "no_python": (
        "Không tìm thấy Python của parxl tại:\n{path}\n\n"
        "Có thể parxl đã bị gỡ hoặc thư mục đã bị xóa. Hãy đóng Excel rồi chạy lại cai_dat.bat trong bộ cài "
        "parxl (không cần Internet)."),
    "version_mismatch": (
        "Add-in này cần thư viện xlwings {version}, nhưng Python của parxl ({folder}) đang có phiên bản khác.\n\n"
        "Hãy đóng Excel rồi chạy lại cai_dat.bat của bộ cài parxl: add-in và thư viện được cài lại cùng "
        "phiên bản, không cần Internet."),
    "no_dll": (
        "Không tìm thấy tệp {dll} cạnh Python của parxl ({folder}), nên add-in chưa chạy được.\n\n"
        "Hãy đóng Excel rồi chạy lại cai_dat.bat trong bộ cài parxl. Nếu phần mềm diệt virus đã xóa hoặc "
        "chặn tệp này, hãy nhờ người hỗ trợ cho phép thư mục parxl-env (xem addin/README.md)."),
}

_CHECK_CODE = """
Public Sub ParxlSay(ByVal message As String)
    ' A warning box owned by Excel's window, in Unicode.
    MessageBoxW Application.Hwnd, StrPtr(message), StrPtr(ParxlText("title")), &H30
End Sub

Public Function ParxlReady() As Boolean
    ' True when RunPython can start: a workbook is open, the configured python.exe exists, and the
    ' xlwings DLL of this add-in's version (32/64-bit like Office) is beside it or one folder up (a venv).
    Dim python As String, folder As String, dll As String
    If ActiveWorkbook Is Nothing Then
        ParxlSay ParxlText("no_workbook")
        Exit Function
    End If
    python = GetConfig("INTERPRETER_WIN", "")
    If python = "" Or python = "python" Or python = "pythonw" Then
        ParxlSay ParxlText("not_configured")
        Exit Function
    End If
    If Not PathExists(python) Then
        ParxlSay Replace(ParxlText("no_python"), "{path}", python)
        Exit Function
    End If
    folder = ParentFolder(python)
    #If Win64 Then
        dll = "xlwings64-" & XLWINGS_VERSION & ".dll"
    #Else
        dll = "xlwings32-" & XLWINGS_VERSION & ".dll"
    #End If
    If PathExists(folder & "\\" & dll) Or PathExists(ParentFolder(folder) & "\\" & dll) Then
        ParxlReady = True
    ElseIf PathExists(folder & "\\xlwings*.dll") Or PathExists(ParentFolder(folder) & "\\xlwings*.dll") Then
        ParxlSay Replace(Replace(ParxlText("version_mismatch"), "{version}", XLWINGS_VERSION), "{folder}", folder)
    Else
        ParxlSay Replace(Replace(ParxlText("no_dll"), "{dll}", dll), "{folder}", folder)
    End If
End Function

Private Function PathExists(ByVal path As String) As Boolean
    On Error Resume Next
    PathExists = (Dir(path) <> "")
End Function
"""


def check_module(messages: dict[str, str] | None = None) -> VbaModule:
    """``ParxlChecks``: ``ParxlReady()``, called by the ribbon before RunPython, and its Vietnamese texts
    (as ChrW expressions: VBA source is stored in a single-byte code page)."""
    messages = CHECK_MESSAGES if messages is None else messages
    lines = [
        f'Attribute VB_Name = "{CHECK_MODULE}"',
        "' Generated by \"parxl addin build\" (CHECK_MESSAGES in parxl/addin/build.py): do not edit, rebuild instead.",
        "Option Explicit",
        "",
        "' MsgBox shows only the system's ANSI code page (Vietnamese letters would become ?): MessageBoxW shows all.",
        "#If VBA7 Then",
        '    Private Declare PtrSafe Function MessageBoxW Lib "user32" (ByVal hWnd As LongPtr, ByVal lpText As '
        'LongPtr, _',
        "        ByVal lpCaption As LongPtr, ByVal uType As Long) As Long",
        "#Else",
        '    Private Declare Function MessageBoxW Lib "user32" (ByVal hWnd As Long, ByVal lpText As Long, _',
        "        ByVal lpCaption As Long, ByVal uType As Long) As Long",
        "#End If",
        "",
        "Public Function ParxlText(key As String) As String",
        "    Dim t As String",
        "    Select Case key",
    ]
    for key, text in messages.items():
        lines.append(f'    Case "{key}"')
        lines += ["    " + line for line in _assign("t", text)]
    lines += ["    End Select", "    ParxlText = t", "End Function"]
    return VbaModule(CHECK_MODULE, ModuleKind.STANDARD, crlf("\n".join(lines) + "\n" + _CHECK_CODE))


def document_modules() -> list[VbaModule]:
    workbook_code = (
        "Private Sub Workbook_Open()\n"
        f"    {UDF_MODULE}.RegisterParxlFunctions\n"
        "    ThisWorkbook.Saved = True\n"
        "End Sub\n"
    )
    return [document_module("ThisWorkbook", WORKBOOK_BASE, workbook_code),
            document_module("Sheet1", WORKSHEET_BASE)]


def all_modules() -> list[VbaModule]:
    return [*document_modules(), *xlwings_runtime(), ribbon_module(), check_module(), udf_module()]


# ------------------------------------------------------------------------------------- checks


def ribbon_buttons(xml: bytes) -> list[tuple[str, str]]:
    """(control id, onAction) of every control with an onAction in the ribbon XML."""
    root = etree.fromstring(xml)
    if etree.QName(root).namespace != CUSTOMUI_NS:
        raise BuildError("customUI.xml phải dùng namespace " + CUSTOMUI_NS)
    return [(el.get("id", ""), el.get("onAction", "")) for el in root.iter() if el.get("onAction")]


_SUB = re.compile(r"^\s*(?:Public\s+)?Sub\s+(\w+)\s*\(([^)]*)\)", re.IGNORECASE | re.MULTILINE)


def public_subs(module: VbaModule) -> dict[str, str]:
    """Sub name -> parameter list, for the Subs a ribbon can call (not Private)."""
    return {m.group(1): m.group(2).strip() for m in _SUB.finditer(module.source)}


def check_ribbon(xml: bytes, modules: list[VbaModule], button_ids: Iterable[str]) -> None:
    """Every onAction names an existing one-argument Sub, and every button has a Python handler."""
    by_name = {m.name: m for m in modules}
    known = set(button_ids)
    for control_id, action in ribbon_buttons(xml):
        module_name, _, sub = action.rpartition(".")
        module = by_name.get(module_name)
        if module is None or sub not in public_subs(module) or not public_subs(module)[sub]:
            raise BuildError(f"Nút “{control_id}” gọi “{action}”, nhưng không có Sub đó trong mã VBA.")
        if control_id not in known:
            raise BuildError(f"Nút “{control_id}” chưa có xử lý trong parxl.addin.dispatch.BUTTONS.")


# -------------------------------------------------------------------------------------- package


def _xml(text: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text).encode("utf-8")


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _content_types(workbook_type: str) -> bytes:
    return _xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{workbook_type}"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        "</Types>"
    )


def _sheet_xml(settings: list[tuple[str, str]], code_name: str = "Sheet1") -> bytes:
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{escape(k)}</t></is></c>'
        f'<c r="B{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c></row>'
        for r, (k, v) in enumerate(settings, 1)
    )
    return _xml(f'<worksheet xmlns="{_MAIN}"><sheetPr '
                f'codeName="{code_name}"/><sheetData>{rows}</sheetData></worksheet>')


_STYLES = _xml(
    f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def config_settings(interpreter: str | None) -> list[tuple[str, str]]:
    """What goes in the add-in's own "parxl.conf" sheet (xlwings reads it before any config file)."""
    if not interpreter:
        return []
    # The workbook's folder on sys.path would let any "typer.py" lying next to a workbook shadow a library.
    return [("INTERPRETER_WIN", interpreter), ("ADD_WORKBOOK_TO_PYTHONPATH", "false")]


def package(modules: list[VbaModule], customui: bytes, settings: list[tuple[str, str]],
            workbook_type: str = CT_ADDIN) -> bytes:
    """The .xlam package: one hidden worksheet (the config sheet), the ribbon, the VBA project."""
    sheet_name = CONF_SHEET if settings else PROJECT_NAME
    parts = {
        "[Content_Types].xml": _content_types(workbook_type),
        "_rels/.rels": _xml(
            f'<Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2006/relationships/ui/extensibility" '
            'Target="customUI/customUI.xml"/>'
            "</Relationships>"
        ),
        "customUI/customUI.xml": customui,
        "xl/workbook.xml": _xml(
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr codeName="ThisWorkbook"/>'
            '<bookViews><workbookView visibility="hidden"/></bookViews>'
            f'<sheets><sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": _xml(
            f'<Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
            'Target="vbaProject.bin"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": _sheet_xml(settings),
        "xl/styles.xml": _STYLES,
        "xl/vbaProject.bin": build_vba_project(modules, name=PROJECT_NAME),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, _ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


def as_macro_workbook(xlam: bytes) -> bytes:
    """A copy whose workbook part is marked as an ordinary macro-enabled workbook (.xlsm), for readers
    such as LibreOffice that do not open add-ins as documents."""
    src = zipfile.ZipFile(io.BytesIO(xlam))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(CT_ADDIN.encode(), CT_MACRO_WORKBOOK.encode())
            out.writestr(info, data)
    return buf.getvalue()


def build_addin(output: Path, interpreter: str | None = None) -> BuildResult:
    """Write the add-in to ``output``; ``interpreter`` (python.exe) goes into its config sheet."""
    from parxl.addin.dispatch import BUTTONS

    modules = all_modules()
    customui = customui_xml()
    check_ribbon(customui, modules, BUTTONS)
    data = package(modules, customui, config_settings(interpreter))
    _save(output, data)
    return BuildResult(output, modules, xlwings_version(), interpreter)


def _save(output: Path, data: bytes) -> None:
    """Through parxl's safe save: whatever ``output`` held before (an officer's workbook?) is kept as a backup."""
    from parxl.errors import from_os_error
    from parxl.safe_save import save_bytes

    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise from_os_error(err, output.parent) from err
    save_bytes(output, data)


# ------------------------------------------------------------------------------------- plan B

FALLBACK_FILE = "parxl.addin.xlam"
FALLBACK_TEMPLATE = "quickstart_addin_ribbon.xlam"
FALLBACK_PROJECT = "myaddin"  # PROJECT_NAME inside xlwings' template: its settings sheet is "myaddin.conf"


def fallback_customui() -> bytes:
    """One "Tính điểm" button on the "Chỉ số CCHC" tab, calling the template's own ribbon macro."""
    return (
        f'<customUI xmlns="{CUSTOMUI_NS}"><ribbon><tabs><tab id="parxlTab" label="Chỉ số CCHC">'
        '<group id="parxlScoreGroup" label="Chấm điểm">'
        '<button id="parxl_score" label="Tính điểm" size="large" imageMso="CalculateNow" '
        'onAction="RibbonMyAddin.RunMain" screentip="Tính điểm" supertip="Kiểm tra, tính điểm và ghi 5 trang '
        'Kiểm tra, Kết quả, Phụ lục trừ điểm, Tổng hợp lĩnh vực, Phân công nhiệm vụ vào bảng tính đang mở."/>'
        "</group></tab></tabs></ribbon></customUI>"
    ).encode()


def fallback_package(interpreter: str | None = None, extra_settings: list[tuple[str, str]] | None = None) -> bytes:
    """Plan B, should Excel refuse the VBA project written from source: xlwings' own custom add-in
    template, its VBA untouched, with a "Chỉ số CCHC" tab of one "Tính điểm" button.

    The template's macro runs ``import <file name without .xlam>; <that>.main()``: named
    ``parxl.addin.xlam``, the button runs ``parxl.addin.main()``, the whole scoring pipeline.
    """
    template = xlwings_dir() / FALLBACK_TEMPLATE
    try:
        src = zipfile.ZipFile(template)
    except OSError as exc:
        raise BuildError(f"Gói xlwings đang cài thiếu mẫu add-in {FALLBACK_TEMPLATE}; hãy cài lại xlwings.") from exc
    settings = config_settings(interpreter) + list(extra_settings or [])
    conf = f"{FALLBACK_PROJECT}.conf"
    buf = io.BytesIO()
    with src, zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "customUI/customUI.xml":
                data = fallback_customui()
            elif settings and info.filename == "xl/workbook.xml":
                # The template ships its settings sheet disabled ("_myaddin.conf"); enable it with ours.
                data = data.replace(f'name="_{conf}"'.encode(), f'name="{conf}"'.encode())
            elif settings and info.filename == "xl/worksheets/sheet1.xml":
                code_name = re.search(rb'codeName="(\w+)"', data)
                data = _sheet_xml(settings, code_name.group(1).decode() if code_name else "Sheet1")
            out.writestr(info, data)
    return buf.getvalue()


FALLBACK_MODULE = FALLBACK_FILE.rsplit(".", 1)[0]


def fallback_shim(module: str) -> str:
    """The module a plan-B add-in named ``<module>.xlam`` imports: it hands over to parxl."""
    return f'"""Imported by the plan-B add-in {module}.xlam (its button runs {module}.main())."""\n\n' \
        "from parxl.addin import main\n\n__all__ = [\"main\"]\n"


def build_fallback(output: Path, interpreter: str | None = None) -> BuildResult:
    """Write plan B's add-in to ``output``. Under a name other than ``parxl.addin.xlam`` the button imports
    a module named like the file, so a two-line ``<name>.py`` handing over to parxl is written beside it and
    that folder goes into the add-in's PYTHONPATH setting (keep the two files together)."""
    module = output.name[: -len(output.suffix)] if output.suffix else output.name
    extra: list[tuple[str, str]] = []
    if module != FALLBACK_MODULE:
        if not module.isidentifier() or keyword.iskeyword(module) or importlib.util.find_spec(module) is not None:
            raise BuildError(f"Tên tệp add-in dự phòng “{output.name}” phải là chữ không dấu, số hoặc “_” và không "
                             f"trùng tên một thư viện Python (ví dụ parxl_du_phong.xlam), vì nút bấm nạp mô-đun Python "
                             f"cùng tên; hoặc để {FALLBACK_FILE}.")
        extra.append(("PYTHONPATH", str(output.resolve().parent)))
    data = fallback_package(interpreter, extra)
    _save(output, data)
    if extra:
        _save(output.with_suffix(".py"), fallback_shim(module).encode("utf-8"))
    return BuildResult(output, [], xlwings_version(), interpreter)
