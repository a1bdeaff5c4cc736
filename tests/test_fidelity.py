"""Fidelity: patching parxl's sheets into real workbooks keeps everything else.

Runs over the shared corpus (``<repo>/../shared/fixtures/fidelity`` and ``real/``, skipped when
absent) and over workbooks this test builds with openpyxl. Every check reads the result with code
independent of the writer: zipfile, lxml, openpyxl, pandas and LibreOffice.
"""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
import zipfile
from functools import cache, lru_cache
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from lxml import etree

from parxl.sheetspec import Cell, SheetSpec, Style
from parxl.xlsxpkg import patch_workbook, read_owned_sheet_names
from tests.support import FIDELITY_DIR, REPO, built_workbooks, canon, children, corpus_files, raw_entry
from tests.support.libreoffice import needs_libreoffice, recalc_copies

MAIN, DETAIL = "Kết quả parxl", "Chi tiết parxl"
OWNED = [MAIN, DETAIL]
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SCORES = [1.5, 2, 0.75, 3.25, 2.5]  # binary fractions: every program sums them exactly


# ------------------------------------------------------------------------------------ cases ----


@lru_cache(maxsize=1)
def _built() -> dict[str, bytes]:
    return built_workbooks()


def _cases() -> list:
    files = corpus_files()
    if files:
        corpus = [pytest.param(f, id=str(f.relative_to(FIDELITY_DIR))) for f in files]
    else:
        corpus = [pytest.param(None, id="corpus", marks=pytest.mark.skip(
            reason=f"fidelity corpus not found at {FIDELITY_DIR} (needs ../shared next to the repo)"))]
    return corpus + [pytest.param(name, id=name) for name in sorted(_built_names())]


def _built_names() -> list[str]:
    return ["built_chart", "built_validation", "built_condfmt", "built_comments", "built_names",
            "built_merged", "built_macro"]


def _source(case: Path | str) -> bytes:
    return case.read_bytes() if isinstance(case, Path) else _built()[case]


# ------------------------------------------------------------------------------ what we write ----


def _sheet_names(src: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(src)) as zf:
        wb = etree.fromstring(zf.read(_main_part(zf)))
    return [s.get("name") for s in wb.iter(f"{{{NS_MAIN}}}sheet")]


def _first_sheet(src: bytes) -> str:
    return _sheet_names(src)[0]


def make_specs(first_sheet: str) -> tuple[list[SheetSpec], dict[tuple[str, str], object]]:
    """Two sheets (formulas with cached values, a link to the user's first sheet, merges, print
    titles, layout) and the cached value of every formula cell, keyed by (sheet, cell)."""
    head = Style(bold=True, fill="DDEBF7", border=True, h_align="center", wrap=True)
    num = Style(border=True, num_fmt="0.00")
    pct = Style(border=True, num_fmt='0.0"%"')
    link = Style(color="0563C1", underline=True)
    quoted = "'" + first_sheet.replace("'", "''") + "'"
    rows: list[list[Cell | None]] = [
        [Cell("KẾT QUẢ CHẤM ĐIỂM CCHC – PHƯỜNG BẾN NGHÉ", style=Style(bold=True, size=14, h_align="center"))],
        [Cell(h, style=head) for h in ("STT", "Tiêu chí", "Điểm", "Tỷ lệ (%)")],
    ]
    expected: dict[tuple[str, str], object] = {}
    for i, score in enumerate(SCORES, 1):
        r = i + 2
        rows.append([Cell(i, style=num), Cell(f"Tiêu chí {i}: công khai & minh bạch <{i}>", style=head),
                     Cell(score, style=num), Cell(score * 10, formula=f"C{r}/10*100", style=pct)])
        expected[(MAIN, f"D{r}")] = score * 10
    total = sum(SCORES)
    rows.append([None, Cell("Tổng", style=head), Cell(total, formula="SUM(C3:C7)", style=num),
                 Cell(total * 10 / 5, formula="AVERAGE(D3:D7)", style=pct)])
    rows.append([Cell("Về trang đầu", link=f"{quoted}!A1", style=link),
                 Cell("Đạt", formula='IF(C8>=10,"Đạt","Chưa đạt")'), Cell(True, formula="C8>5"),
                 Cell("=SUM(1,2) là văn bản")])
    expected.update({(MAIN, "C8"): total, (MAIN, "D8"): total * 2, (MAIN, "B9"): "Đạt", (MAIN, "C9"): True})
    main = SheetSpec(
        name=MAIN, rows=rows, col_widths={1: 6, 2: 48, 3: 10, 4: 12}, row_heights={1: 28},
        merges=["A1:D1"], freeze="A3", print_title_rows=(2, 2), landscape=True, tab_color="00B050",
        hidden_gridlines=True,
    )
    detail_rows: list[list[Cell | None]] = [[Cell("Số", style=head), Cell("Nửa", style=head),
                                             Cell("Từ trang chính", style=head), Cell("Cộng", style=head)]]
    for i in range(1, 13):
        r = i + 1
        detail_rows.append([Cell(i), Cell(i * 0.5), Cell(total * i, formula=f"'{MAIN}'!C8*{i}"),
                            Cell(i * 1.5, formula=f"A{r}+B{r}")])
        expected[(DETAIL, f"C{r}")] = total * i
        expected[(DETAIL, f"D{r}")] = i * 1.5
    detail = SheetSpec(name=DETAIL, rows=detail_rows, merges=["F1:G2"], print_title_rows=(1, 1),
                       freeze="B2", col_widths={3: 16})
    return [main, detail], expected


@cache
def patched(case: Path | str) -> bytes:
    src = _source(case)
    specs, _ = make_specs(_first_sheet(src))
    return patch_workbook(src, specs, owned_names=OWNED)


# ----------------------------------------------------------------- independent package reading ----


def _rels_of(part: str) -> str:
    folder, base = part.rsplit("/", 1) if "/" in part else ("", part)
    return f"{folder}/_rels/{base}.rels".lstrip("/")


def _resolve(base: str, target: str) -> str:
    import posixpath

    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _lookup(zf: zipfile.ZipFile, name: str) -> str | None:
    return {n.lower(): n for n in zf.namelist()}.get(name.lower())


def _main_part(zf: zipfile.ZipFile) -> str:
    rels = etree.fromstring(zf.read("_rels/.rels"))
    target = next(r.get("Target") for r in rels if r.get("Type", "").endswith("/officeDocument"))
    return _lookup(zf, _resolve("", target))


def _workbook_rels(zf: zipfile.ZipFile) -> tuple[str, str, list[etree._Element]]:
    main = _main_part(zf)
    rels_part = _lookup(zf, _rels_of(main))
    return main, rels_part, children(etree.fromstring(zf.read(rels_part)))


def _parts_by_type(zf: zipfile.ZipFile, rel_type: str) -> list[str]:
    main, _, rels = _workbook_rels(zf)
    return [_lookup(zf, _resolve(main, r.get("Target"))) or _resolve(main, r.get("Target"))
            for r in rels if r.get("Type") == REL + rel_type]


def _assert_prefix(old: list[etree._Element], new: list[etree._Element], what: str) -> None:
    assert len(new) >= len(old), what
    for i, (a, b) in enumerate(zip(old, new)):
        assert canon(a) == canon(b), f"{what}: original child {i} changed"


def _assert_grew(old: etree._Element, new: etree._Element, grow: set[str], may_add: set[str],
                 what: str) -> None:
    """``new`` keeps ``old``'s root attributes and its children in order: collections named in
    ``grow`` only gained children at the end; elements named in ``may_add`` may be new."""
    assert old.tag == new.tag and dict(old.attrib) == dict(new.attrib), f"{what}: root changed"
    new_kids = children(new)
    matched: set[int] = set()
    j = 0
    for kid in children(old):
        while j < len(new_kids) and new_kids[j].tag != kid.tag:
            j += 1
        assert j < len(new_kids), f"{what}: <{etree.QName(kid).localname}> lost"
        twin = new_kids[j]
        name = etree.QName(kid).localname
        if name in grow:
            a = {k: v for k, v in kid.attrib.items() if k != "count"}
            b = {k: v for k, v in twin.attrib.items() if k != "count"}
            assert a == b, f"{what}: attributes of <{name}> changed"
            _assert_prefix(children(kid), children(twin), f"{what}/{name}")
            if "count" in twin.attrib:
                assert int(twin.get("count")) == len(children(twin)), f"{what}/{name}: count"
        else:
            assert canon(kid) == canon(twin), f"{what}: <{name}> changed"
        matched.add(j)
        j += 1
    extra = {etree.QName(k).localname for i, k in enumerate(new_kids) if i not in matched}
    assert extra <= may_add, f"{what}: unexpected new elements {extra - may_add}"


def check_fidelity(src: bytes, out: bytes) -> None:
    a, b = zipfile.ZipFile(io.BytesIO(src)), zipfile.ZipFile(io.BytesIO(out))
    assert b.testzip() is None
    main, rels_part, _ = _workbook_rels(a)
    styles = _parts_by_type(a, "styles")
    chains = [p for p in _parts_by_type(a, "calcChain") if _lookup(a, p)]
    editable = {main, rels_part, "[Content_Types].xml", *styles}

    # Same order; removed parts are only the calculation chain; new parts are only our sheets.
    kept = [n for n in a.namelist() if n not in chains]
    assert b.namelist()[: len(kept)] == kept
    added = b.namelist()[len(kept):]
    ours = set()
    wb_new = etree.fromstring(b.read(main))
    new_rels = {r.get("Id"): r for r in children(etree.fromstring(b.read(rels_part)))}
    for sheet in wb_new.iter(f"{{{NS_MAIN}}}sheet"):
        if sheet.get("name") in OWNED:
            ours.add(_lookup(b, _resolve(main, new_rels[sheet.get(f"{{{NS_R}}}id")].get("Target"))))
    assert set(added) <= ours | set(p for p in styles if not _lookup(a, p))
    assert len({n.lower() for n in b.namelist()}) == len(b.namelist()), "part names collide"

    # Every other part: identical content, stored bytes, compression and timestamp.
    for info in a.infolist():
        if info.filename in chains or info.filename in editable:
            continue
        new = b.getinfo(info.filename)
        kept_meta = (info.compress_type, info.date_time, info.CRC)
        assert (new.compress_type, new.date_time, new.CRC) == kept_meta, info.filename
        assert raw_entry(out, new) == raw_entry(src, info), info.filename

    # Edited XML parts only grew.
    drop_chain = {"/" + c.lower() for c in chains}
    old_ct = etree.fromstring(a.read("[Content_Types].xml"))
    new_ct = etree.fromstring(b.read("[Content_Types].xml"))
    _assert_prefix([c for c in children(old_ct) if c.get("PartName", "").lower() not in drop_chain],
                   children(new_ct), "[Content_Types].xml")
    old_rels = [r for r in children(etree.fromstring(a.read(rels_part)))
                if r.get("Type") != REL + "calcChain"]
    _assert_prefix(old_rels, children(etree.fromstring(b.read(rels_part))), rels_part)
    _assert_grew(etree.fromstring(a.read(main)), wb_new, {"sheets", "definedNames"}, {"definedNames"}, main)
    for part in styles:
        if _lookup(a, part):
            _assert_grew(etree.fromstring(a.read(part)), etree.fromstring(b.read(part)),
                         {"numFmts", "fonts", "fills", "borders", "cellXfs"}, {"numFmts"}, part)

    # The main part keeps its content type (an .xlsm stays macro-enabled).
    def main_type(ct: etree._Element) -> str:
        return next(o.get("ContentType") for o in ct if o.get("PartName", "").lower() == "/" + main.lower())
    assert main_type(new_ct) == main_type(old_ct)


def _load(data: bytes, **kw) -> openpyxl.Workbook:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(io.BytesIO(data), **kw)


def check_values(data: bytes, expected: dict[tuple[str, str], object]) -> None:
    wb = _load(data, read_only=True, data_only=True)
    for (sheet, ref), value in expected.items():
        assert wb[sheet][ref].value == pytest.approx(value), (sheet, ref)
    wb.close()


# ----------------------------------------------------------------------------------- tests ----


@pytest.mark.parametrize("case", _cases())
def test_patch_keeps_everything_else(case):
    src = _source(case)
    out = patched(case)
    check_fidelity(src, out)
    assert patch_workbook(out, make_specs(_first_sheet(src))[0], owned_names=OWNED) == out  # idempotent
    assert read_owned_sheet_names(out) == set(OWNED)

    _, expected = make_specs(_first_sheet(src))
    wb = _load(out, keep_vba=True, data_only=True)  # a full load parses every part openpyxl knows
    for (sheet, ref), value in expected.items():
        assert wb[sheet][ref].value == pytest.approx(value), (sheet, ref)
    ws = wb[MAIN]
    assert wb.sheetnames == [*_sheet_names(src), MAIN, DETAIL]
    assert ws["A9"].hyperlink.location == f"'{_first_sheet(src).replace(chr(39), chr(39) * 2)}'!A1"
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:D1"]
    assert ws.print_title_rows == "$2:$2" and wb[DETAIL].print_title_rows == "$1:$1"
    assert ws.freeze_panes == "A3" and ws.page_setup.paperSize == 9
    assert ws["B3"].value.endswith("minh bạch <1>")

    frames = pd.read_excel(io.BytesIO(out), sheet_name=[MAIN, DETAIL], header=None)
    df = frames[MAIN]
    assert df.iloc[7, 2] == pytest.approx(sum(SCORES))  # C8, a formula's cached value
    assert df.iloc[8, 1] == "Đạt" and df.iloc[8, 3] == "=SUM(1,2) là văn bản"
    assert list(frames[DETAIL].iloc[1:, 2]) == pytest.approx([sum(SCORES) * i for i in range(1, 13)])


def test_checks_catch_damage():
    """The checks above are not vacuous: each kind of damage makes them fail."""
    from tests.support import rewrite_zip

    case = "built_names"
    src, out = _source(case), patched(case)
    check_fidelity(src, out)
    damages = {
        "other part edited": lambda n, c: c.replace(b"</Properties>", b"<!-- x --></Properties>")
        if n == "docProps/app.xml" else c,
        "user font changed": lambda n, c: c.replace(b'<sz val="11"/>', b'<sz val="12"/>', 1)
        if n == "xl/styles.xml" else c,
        "user name changed": lambda n, c: c.replace(b"DiemTong", b"DiemTong2")
        if n == "xl/workbook.xml" else c,
        "user sheet dropped": lambda n, c: None if n == "xl/worksheets/sheet1.xml" else c,
    }
    for what, edit in damages.items():
        damaged = rewrite_zip(out, edit)
        with pytest.raises(AssertionError):
            check_fidelity(src, damaged)
            pytest.fail(f"not detected: {what}")  # pragma: no cover
    _, expected = make_specs(_first_sheet(src))
    wrong = rewrite_zip(out, lambda n, c: c.replace(b"<v>10</v>", b"<v>11</v>", 1)
                        if b"SUM(C3:C7)" in c else c)
    with pytest.raises(AssertionError):
        check_values(wrong, expected)


def test_built_macro_package_keeps_vba():
    from tests.support import VBA_BYTES

    out = patched("built_macro")
    with zipfile.ZipFile(io.BytesIO(out)) as zf:
        assert zf.read("xl/vbaProject.bin") == VBA_BYTES


def _all_cases() -> list[Path | str]:
    return [*corpus_files(), *_built_names()]


@needs_libreoffice
def test_libreoffice_opens_and_recalculates(tmp_path):
    """LibreOffice, set to recalculate every formula on load, must open each result and compute
    the same values we cached (so our cached values are honest)."""
    inputs: list[Path] = []
    cases = _all_cases()
    for i, case in enumerate(cases):
        suffix = case.suffix if isinstance(case, Path) else (".xlsm" if case == "built_macro" else ".xlsx")
        stem = case.stem if isinstance(case, Path) else case
        path = tmp_path / "in" / f"{i:02d}_{stem}{suffix}"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(patched(case))
        inputs.append(path)
    # A control file whose cached value is wrong: LibreOffice must correct it, or the check
    # below would only read back our own numbers.
    control = tmp_path / "in" / "zz_control.xlsx"
    control.write_bytes(_stale_cache_workbook())
    outputs = recalc_copies([*inputs, control], tmp_path / "out")
    recalculated = _load(outputs[-1].read_bytes(), data_only=True).active["A3"].value
    assert recalculated == 5, "LibreOffice did not recalculate"
    failures = []
    for case, result in zip(cases, outputs):
        _, expected = make_specs(_first_sheet(_source(case)))
        data = result.read_bytes()
        try:
            check_values(data, expected)
            assert set(OWNED) <= read_owned_sheet_names(data), "owned mark lost"
        except AssertionError as err:
            failures.append(f"{case}: {err}")
    assert not failures, "\n".join(failures)


def _stale_cache_workbook() -> bytes:
    """A1=2, A2=3, A3 "=A1+A2" with a cached 99 instead of 5."""
    from tests.support import rewrite_zip

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"], ws["A3"] = 2, 3, "=A1+A2"
    buf = io.BytesIO()
    wb.save(buf)
    stale = rewrite_zip(buf.getvalue(), lambda n, c: c.replace(b"<v></v>", b"<v>99</v>")
                        if n == "xl/worksheets/sheet1.xml" else c)
    assert _load(stale, data_only=True).active["A3"].value == 99
    return stale


def test_nothing_needs_pillow(tmp_path):
    """Patch and re-open in a fresh interpreter where importing Pillow fails."""
    image_book = FIDELITY_DIR / "f08_image.xlsx"
    source = tmp_path / "src.xlsx"
    source.write_bytes(image_book.read_bytes() if image_book.exists() else _built()["built_chart"])
    script = f"""
import importlib.abc, io, sys, warnings, zipfile
class NoPillow(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "PIL" or name.startswith("PIL."):
            raise ImportError("Pillow is blocked in this test")
sys.meta_path.insert(0, NoPillow())
sys.path.insert(0, {str(REPO)!r})
from parxl.sheetspec import Cell, SheetSpec
from parxl.xlsxpkg import patch_workbook
src = open({str(source)!r}, "rb").read()
spec = SheetSpec(name="Kết quả", rows=[[Cell(1.5, formula="1+0.5")]])
out = patch_workbook(src, [spec], owned_names=["Kết quả"])
a, b = zipfile.ZipFile(io.BytesIO(src)), zipfile.ZipFile(io.BytesIO(out))
for n in a.namelist():
    if n.startswith("xl/media/") or n.startswith("xl/drawings/"):
        assert a.read(n) == b.read(n), n
warnings.simplefilter("ignore")
import openpyxl
wb = openpyxl.load_workbook(io.BytesIO(out), data_only=True)
assert wb["Kết quả"]["A1"].value == 1.5
assert "PIL" not in sys.modules
print("ok")
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr
