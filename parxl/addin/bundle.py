"""``parxl addin bundle``: one folder (or zip) to carry on a USB stick and install parxl's add-in on a ward
PC with no Internet.

Made on any machine that reaches the package registries, it holds:
- ``wheels/``: parxl (built here from the source tree) and every library it needs with xlwings, for
  Windows 64-bit and 32-bit Python 3.11, 3.12 and 3.13 (binary wheels only: nothing is compiled on the PC);
- ``cai_dat.bat``: finds a Python 3.11+ and hands over to ``cai_dat.py`` (``parxl.addin.setup_step``),
  which installs offline and builds the add-in on the PC; ``go_cai_dat.bat`` removes it;
- ``HUONG_DAN.txt``: what the officer does, and where to get Python offline;
- ``bundle.json``: what the bundle holds (parxl version, targets, wheels).

Before anything is written, ``check_wheels`` walks the dependency tree from the wheels' own metadata,
with each target's environment markers, and refuses a bundle in which any requirement has no wheel.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags, sys_tags
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

from parxl.errors import ParxlError

ROOT = "parxl[excel]"
PYTHONS = ((3, 11), (3, 12), (3, 13))
WINDOWS_PLATFORMS = ("win_amd64", "win32")
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class BundleError(ParxlError):
    """The bundle cannot be made (no source tree, a download failed, a wheel is missing)."""

    code = "addin_bundle"


@dataclass(frozen=True)
class Target:
    """A Python the bundle must install on: a wheel platform tag and a version (``platform="host"``:
    the Python running this, for tests)."""

    platform: str
    python: tuple[int, int]

    @property
    def label(self) -> str:
        bits = {"win_amd64": "Windows 64-bit", "win32": "Windows 32-bit"}.get(self.platform, self.platform)
        return f"Python {self.python[0]}.{self.python[1]} {bits}"

    def tags(self) -> set[Tag]:
        if self.platform == "host":
            return set(sys_tags())
        return set(cpython_tags(self.python, platforms=[self.platform])) | set(
            compatible_tags(self.python, f"cp{self.python[0]}{self.python[1]}", [self.platform]))

    def markers(self, extra: str = "") -> dict[str, str]:
        env: dict[str, str] = {k: str(v) for k, v in default_environment().items()}
        if self.platform != "host":
            machine = {"win_amd64": "AMD64", "win32": "x86"}.get(self.platform, "")
            version = f"{self.python[0]}.{self.python[1]}"
            env.update(sys_platform="win32", platform_system="Windows", os_name="nt", platform_machine=machine,
                       python_version=version, python_full_version=version + ".0",
                       implementation_name="cpython", platform_python_implementation="CPython")
        env["extra"] = extra
        return env


WINDOWS_TARGETS = tuple(Target(p, v) for p in WINDOWS_PLATFORMS for v in PYTHONS)


@dataclass(frozen=True)
class Missing:
    target: Target
    requirement: str
    wanted_by: str


# --------------------------------------------------------------------------------- checking wheels


@dataclass(frozen=True)
class _Wheel:
    path: Path
    name: str
    version: Version
    tags: frozenset[Tag]

    def requires(self) -> list[Requirement]:
        with zipfile.ZipFile(self.path) as zf:
            meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
            text = zf.read(meta).decode("utf-8")
        head = text.split("\n\n", 1)[0]
        return [Requirement(line.split(":", 1)[1].strip()) for line in head.splitlines()
                if line.startswith("Requires-Dist:")]


def _wheels(folder: Path) -> list[_Wheel]:
    found = []
    for path in sorted(folder.glob("*.whl")):
        name, version, _, tags = parse_wheel_filename(path.name)
        found.append(_Wheel(path, canonicalize_name(name), version, frozenset(tags)))
    return found


def check_wheels(folder: Path, targets: Iterable[Target], root: str = ROOT) -> list[Missing]:
    """Every requirement reachable from ``root`` for each target, with no wheel in ``folder`` to satisfy
    it (name, version range and tags); empty when pip would install offline on all of them."""
    wheels = _wheels(folder)
    missing: list[Missing] = []
    for target in targets:
        tags = target.tags()
        queue: list[tuple[Requirement, str]] = [(Requirement(root), "")]
        seen: set[tuple[str, frozenset[str]]] = set()
        while queue:
            req, parent = queue.pop(0)
            key = (canonicalize_name(req.name), frozenset(req.extras))
            if key in seen:
                continue
            seen.add(key)
            fits = [w for w in wheels if w.name == key[0] and req.specifier.contains(w.version, prereleases=True)
                    and w.tags & tags]
            if not fits:
                missing.append(Missing(target, str(req), parent))
                continue
            best = max(fits, key=lambda w: w.version)
            for dep in best.requires():
                extras = req.extras or {""}
                if dep.marker is None or any(dep.marker.evaluate(target.markers(e)) for e in extras):
                    queue.append((Requirement(re.sub(r";.*", "", str(dep))), best.name))
    return missing


# ------------------------------------------------------------------------------- parxl's own wheel


def source_tree() -> Path | None:
    """parxl's source tree: the one this parxl runs from (an editable install), else the current folder
    (``pip install .`` copies the package away from its pyproject.toml)."""
    for root in (Path(__file__).resolve().parents[2], Path.cwd()):
        try:
            project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8")).get("project", {})
        except (OSError, tomllib.TOMLDecodeError):
            continue
        if project.get("name") == "parxl" and (root / "parxl").is_dir():
            return root
    return None


def _record_line(name: str, data: bytes) -> list[str]:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return [name, f"sha256={digest}", str(len(data))]


def build_own_wheel(source: Path, out_dir: Path, version: str | None = None) -> Path:
    """parxl's wheel from ``source`` (pyproject.toml's metadata, the package and its force-included files),
    built here so that bundling needs no build backend. ``version`` overrides the project's version."""
    project_file = tomllib.loads((source / "pyproject.toml").read_text(encoding="utf-8"))
    project = project_file["project"]
    name, version = project["name"], version or project["version"]
    dist_info = f"{name}-{version}.dist-info"
    files: dict[str, bytes] = {}
    for path in sorted((source / name).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            files[path.relative_to(source).as_posix()] = path.read_bytes()
    include = project_file.get("tool", {}).get("hatch", {}).get("build", {}).get("targets", {}).get(
        "wheel", {}).get("force-include", {})
    for src, dest in include.items():
        files[dest] = (source / src).read_bytes()
    meta = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
            f"Summary: {project.get('description', '')}", f"Requires-Python: {project.get('requires-python', '')}"]
    meta += [f"Requires-Dist: {dep}" for dep in project.get("dependencies", [])]
    for extra, deps in project.get("optional-dependencies", {}).items():
        meta.append(f"Provides-Extra: {extra}")
        meta += [f'Requires-Dist: {dep}; extra == "{extra}"' for dep in deps]
    files[f"{dist_info}/METADATA"] = ("\n".join(meta) + "\n").encode("utf-8")
    files[f"{dist_info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: parxl-bundle\nRoot-Is-Purelib: true\n"
                                   b"Tag: py3-none-any\n")
    scripts = project.get("scripts", {})
    if scripts:
        files[f"{dist_info}/entry_points.txt"] = (
            "[console_scripts]\n" + "".join(f"{k} = {v}\n" for k, v in scripts.items())).encode("utf-8")
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for file_name, data in files.items():
        writer.writerow(_record_line(file_name, data))
    writer.writerow([f"{dist_info}/RECORD", "", ""])
    files[f"{dist_info}/RECORD"] = record.getvalue().encode("utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    wheel = out_dir / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for file_name, data in files.items():
            zf.writestr(zipfile.ZipInfo(file_name, _ZIP_DATE), data, zipfile.ZIP_DEFLATED)
    return wheel


# ------------------------------------------------------------------------------------ downloading


def _pip_download(folder: Path, target: Target, requirements: list[str]) -> None:
    cmd = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--quiet", "--no-deps",
           "--only-binary=:all:", "--platform", target.platform, "--implementation", "cp",
           "--python-version", f"{target.python[0]}.{target.python[1]}", "-d", str(folder), *requirements]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise BundleError(f"Không tải được thư viện cho {target.label} ({', '.join(requirements)}): "
                          + " / ".join(detail))


def download(folder: Path, targets: Iterable[Target], root: str = ROOT, rounds: int = 12) -> None:
    """Fill ``folder`` with wheels until ``check_wheels`` finds nothing missing. Each round downloads
    (without dependencies) what is missing, so requirements are followed with the *target's* markers
    (pip would evaluate them for this machine: pywin32 would be skipped on Linux)."""
    targets = list(targets)
    for _ in range(rounds):
        missing = [m for m in check_wheels(folder, targets, root) if canonicalize_name(
            Requirement(m.requirement).name) != "parxl"]
        if not missing:
            return
        by_target: dict[Target, set[str]] = {}
        for item in missing:
            req = Requirement(item.requirement)
            by_target.setdefault(item.target, set()).add(f"{req.name}{req.specifier}")
        for target, reqs in by_target.items():
            _pip_download(folder, target, sorted(reqs))
    raise BundleError("Không tải đủ thư viện sau nhiều lượt; hãy thử lại.")


# ----------------------------------------------------------------------------------------- bundle

# The usual install folders of Python 3.11+ for one user, for all users and 32-bit, newest first; kept
# apart from the installer's text so each stays readable.
_PYTHON_DIRS = " ".join([
    *(rf'"%LOCALAPPDATA%\Programs\Python\Python{v}"' for v in ("313", "312", "311")),
    *(rf'"%LOCALAPPDATA%\Programs\Python\Python{v}-32"' for v in ("313", "312", "311")),
    *(rf'"%ProgramFiles%\Python{v}"' for v in ("313", "312", "311")),
    *(rf'"%ProgramFiles(x86)%\Python{v}-32"' for v in ("313", "312", "311")),
])

CAI_DAT_BAT = r"""@echo off
rem parxl offline installer: find Python 3.11+ and hand over to cai_dat.py (all the work is there).
chcp 65001 >nul
setlocal EnableExtensions
cd /d "%~dp0"
set "PYEXE="
for %%V in (3.13 3.12 3.11) do if not defined PYEXE (
    py -%%V -c "import sys" >nul 2>&1 && set "PYEXE=py -%%V"
)
if not defined PYEXE (
    python -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)" >nul 2>&1 && set "PYEXE=python"
)
for %%D in (@PYTHON_DIRS@) do if not defined PYEXE (
    if exist "%%~D\python.exe" set "PYEXE="%%~D\python.exe""
)
if not defined PYEXE goto nopython
%PYEXE% "%~dp0cai_dat.py" %*
set "RC=%ERRORLEVEL%"
echo.
if "%RC%"=="0" (echo Xong.) else (echo Chưa cài xong, xem thông báo ở trên.)
pause
exit /b %RC%

:nopython
echo.
echo Máy này chưa có Python 3.11 trở lên, nên chưa cài được parxl.
if exist "%~dp0python\*.exe" (
    echo Hãy chạy bộ cài Python trong thư mục "python" của USB này, chọn "Install Now"
    echo và đánh dấu "Add python.exe to PATH", rồi chạy lại cai_dat.bat.
    start "" "%~dp0python"
) else (
    echo Hãy cài Python 3.11 cho Windows, ví dụ tệp python-3.11.9-amd64.exe, chọn "Install Now"
    echo và đánh dấu "Add python.exe to PATH", rồi chạy lại cai_dat.bat.
    echo Xem tệp HUONG_DAN.txt: nơi tải bộ cài Python để chép sang máy không có Internet.
)
pause
exit /b 9
""".replace("@PYTHON_DIRS@", _PYTHON_DIRS)

GO_CAI_DAT_BAT = r"""@echo off
rem parxl: remove the add-in, its settings and parxl's Python environment (cai_dat.py --go).
chcp 65001 >nul
setlocal EnableExtensions
cd /d "%~dp0"
set "PYEXE="
if exist "%USERPROFILE%\parxl-env\Scripts\python.exe" set "PYEXE="%USERPROFILE%\parxl-env\Scripts\python.exe""
if not defined PYEXE py -3 -c "import sys" >nul 2>&1 && set "PYEXE=py -3"
if not defined PYEXE python -c "import sys" >nul 2>&1 && set "PYEXE=python"
if not defined PYEXE (
    echo Không tìm thấy Python. Để gỡ add-in, hãy đóng Excel rồi xóa tệp
    echo "%APPDATA%\Microsoft\Excel\XLSTART\parxl.xlam" và thư mục "%USERPROFILE%\.parxl".
    pause
    exit /b 9
)
%PYEXE% "%~dp0cai_dat.py" --go
set "RC=%ERRORLEVEL%"
pause
exit /b %RC%
"""

HUONG_DAN = """BỘ CÀI PARXL — ADD-IN EXCEL “CHỈ SỐ CCHC” (KHÔNG CẦN INTERNET)

Cài đặt hoặc cập nhật
1. Chép cả thư mục này từ USB vào máy (ví dụ vào Tài liệu).
2. Đóng hết Excel.
3. Bấm đúp cai_dat.bat. Chờ đến khi cửa sổ báo “Xong.” rồi bấm phím bất kỳ.
4. Mở Excel: thẻ “Chỉ số CCHC” xuất hiện.
Khi có bộ cài mới hơn, làm lại đúng các bước trên: parxl và add-in được cập nhật, bảng điểm không bị động tới.

Gỡ bỏ: đóng Excel, bấm đúp go_cai_dat.bat.

Nếu cai_dat.bat báo “Máy này chưa có Python”
- Máy cần Python 3.11 trở lên cho Windows. Bộ cài Python (một tệp .exe) tải miễn phí tại
  https://www.python.org/downloads/windows/ — chọn “Windows installer (64-bit)”, ví dụ
  python-3.11.9-amd64.exe (máy Windows 32-bit: “Windows installer (32-bit)”).
- Tải trên một máy có Internet, chép tệp .exe vào thư mục “python” của bộ cài này, mang sang máy của
  phường, chạy tệp đó, chọn “Install Now” và đánh dấu “Add python.exe to PATH” (không cần quyền quản trị),
  rồi chạy lại cai_dat.bat.

Bộ cài này có thư viện cho Python {pythons}, Windows 64-bit và 32-bit; Excel 32-bit hay 64-bit đều dùng được.
Phiên bản parxl: {version}.
"""


def _write_text(path: Path, text: str, crlf: bool = False) -> None:
    data = text.replace("\r\n", "\n")
    path.write_bytes((data.replace("\n", "\r\n") if crlf else data).encode("utf-8"))


def make_bundle(output: Path, wheelhouse: Path | None = None, targets: Iterable[Target] = WINDOWS_TARGETS,
                source: Path | None = None) -> tuple[Path, list[Path]]:
    """Write the bundle to ``output`` (a folder, or a .zip). Wheels come from ``wheelhouse`` when given
    (no network), else parxl is built from ``source`` and the rest downloaded. Returns (output, wheels)."""
    targets = list(targets)
    with tempfile.TemporaryDirectory(prefix="parxl-bundle-") as tmp:
        folder = Path(tmp) / (output.stem if output.suffix.lower() == ".zip" else output.name)
        wheels = folder / "wheels"
        wheels.mkdir(parents=True)
        if wheelhouse is not None:
            for wheel in sorted(Path(wheelhouse).glob("*.whl")):
                shutil.copy2(wheel, wheels / wheel.name)
        if not any(w.name == "parxl" for w in _wheels(wheels)):
            src = source or source_tree()
            if src is None:
                raise BundleError("Cần chạy “parxl addin bundle” từ thư mục mã nguồn parxl (có pyproject.toml), "
                                  "hoặc đưa wheel của parxl vào thư mục --wheelhouse.")
            build_own_wheel(src, wheels)
        if wheelhouse is None:
            download(wheels, targets)
        missing = check_wheels(wheels, targets)
        if missing:
            raise BundleError("Bộ cài thiếu thư viện: " + "; ".join(
                f"{m.requirement} cho {m.target.label} (cần cho {m.wanted_by or 'parxl'})" for m in missing[:8]))
        parxl_wheel = next(w for w in _wheels(wheels) if w.name == "parxl")
        pythons = sorted({t.python for t in targets})
        _write_text(folder / "cai_dat.bat", CAI_DAT_BAT, crlf=True)
        _write_text(folder / "go_cai_dat.bat", GO_CAI_DAT_BAT, crlf=True)
        _write_text(folder / "cai_dat.py", (Path(__file__).with_name("setup_step.py")).read_text(encoding="utf-8"))
        _write_text(folder / "HUONG_DAN.txt", HUONG_DAN.format(
            pythons=", ".join(f"{a}.{b}" for a, b in pythons), version=parxl_wheel.version), crlf=True)
        (folder / "python").mkdir()
        _write_text(folder / "python" / "CHEP_BO_CAI_PYTHON_VAO_DAY.txt",
                    "Chép bộ cài Python cho Windows (ví dụ python-3.11.9-amd64.exe) vào thư mục này; "
                    "xem HUONG_DAN.txt.\n", crlf=True)
        manifest = {"version": str(parxl_wheel.version), "xlwings": _xlwings_in(wheels),
                    "targets": [[t.platform, f"{t.python[0]}.{t.python[1]}"] for t in targets],
                    "wheels": sorted(p.name for p in wheels.glob("*.whl"))}
        (folder / "bundle.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
        output = Path(output)
        if output.suffix.lower() == ".zip":
            packed = Path(tmp) / "bundle.zip"
            with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as zf:
                for path in sorted(folder.rglob("*")):
                    # Wheels are zip files already: stored as they are, not compressed a second time.
                    method = zipfile.ZIP_STORED if path.suffix == ".whl" else zipfile.ZIP_DEFLATED
                    zf.write(path, path.relative_to(folder.parent).as_posix(), compress_type=method)
            from parxl.errors import from_os_error
            from parxl.safe_save import save_bytes

            try:
                output.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise from_os_error(err, output.parent) from err
            save_bytes(output, packed.read_bytes())  # a file already there is kept as a backup
        else:
            _replace_bundle_folder(folder, output)
        return output, sorted(output.glob("wheels/*.whl")) if output.is_dir() else sorted(wheels.glob("*.whl"))


def _replace_bundle_folder(folder: Path, output: Path) -> None:
    """Put the bundle at ``output``. Only an earlier bundle (it has bundle.json) is replaced: any other folder
    or file there may be the officer's, and parxl does not delete it."""
    if output.is_symlink() or (output.exists() and not (output.is_dir() and (output / "bundle.json").is_file())):
        raise BundleError(f"“{output}” đã có và không phải một bộ cài parxl; parxl không xoá nó. Hãy chọn tên thư "
                          "mục khác cho bộ cài.")
    if output.exists():
        shutil.rmtree(output)
    shutil.copytree(folder, output)


def _xlwings_in(folder: Path) -> str:
    versions = [str(w.version) for w in _wheels(folder) if w.name == "xlwings"]
    return versions[-1] if versions else ""

