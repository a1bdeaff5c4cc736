"""``parxl addin bundle`` and the installer step it carries (``cai_dat.py``): the step run from an unpacked
bundle installs offline into a real virtual environment, builds the add-in with that environment's Python
in (a fake) XLSTART, updates when run again, and ``--go`` removes it; every wheel must resolve for every
Windows target before a bundle is written."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path
from types import ModuleType

import pip
import pytest

from parxl.addin import bundle as bundle_mod
from parxl.addin.bundle import (
    WINDOWS_TARGETS,
    BundleError,
    Target,
    build_own_wheel,
    check_wheels,
    make_bundle,
)
from tests.support.wheelhouse import local_wheelhouse

REPO = Path(__file__).resolve().parents[1]
HOST = Target("host", (sys.version_info[0], sys.version_info[1]))


# --------------------------------------------------------------- resolution against Windows targets


def fake_wheel(folder: Path, filename: str, requires: list[str] = ()) -> None:  # type: ignore[assignment]
    name, version = filename.split("-")[:2]
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + "".join(
        f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(folder / filename, "w") as zf:
        zf.writestr(f"{name}-{version}.dist-info/METADATA", meta)


def windows_wheelhouse(folder: Path, skip: set[str] = frozenset()) -> Path:  # type: ignore[assignment]
    """parxl -> lxml (binary, per Python and platform), xlwings -> pywin32 on Windows only, psutil on macOS."""
    folder.mkdir(parents=True, exist_ok=True)
    fake_wheel(folder, "parxl-0.1.0-py3-none-any.whl", ["lxml>=5.0", 'xlwings>=0.37.8; extra == "excel"'])
    fake_wheel(folder, "xlwings-0.37.8-py3-none-any.whl",
               ["pywin32>=224 ; platform_system == 'Windows'", "psutil>=2.0.0 ; platform_system == 'Darwin'",
                "pandas ; extra == 'all'"])
    for plat in ("win_amd64", "win32"):
        for py in ("311", "312", "313"):
            for name in (f"lxml-5.3.0-cp{py}-cp{py}-{plat}.whl", f"pywin32-308-cp{py}-cp{py}-{plat}.whl"):
                if name not in skip:
                    fake_wheel(folder, name)
    return folder


def test_a_complete_windows_wheelhouse_resolves_for_all_six_targets(tmp_path: Path) -> None:
    assert len(WINDOWS_TARGETS) == 6
    assert check_wheels(windows_wheelhouse(tmp_path), WINDOWS_TARGETS) == []


def test_a_missing_32_bit_wheel_is_named_with_its_target(tmp_path: Path) -> None:
    folder = windows_wheelhouse(tmp_path, {"lxml-5.3.0-cp312-cp312-win32.whl"})
    missing = check_wheels(folder, WINDOWS_TARGETS)
    assert [(m.target.platform, m.target.python, m.requirement, m.wanted_by) for m in missing] == [
        ("win32", (3, 12), "lxml>=5.0", "parxl")]


def test_windows_only_dependencies_follow_the_targets_markers(tmp_path: Path) -> None:
    folder = windows_wheelhouse(tmp_path, {f"pywin32-308-cp{py}-cp{py}-{plat}.whl"
                                           for plat in ("win_amd64", "win32") for py in ("311", "312", "313")})
    missing = check_wheels(folder, WINDOWS_TARGETS)
    # pywin32 is wanted by xlwings on every Windows target (pip on Linux would skip it); psutil never.
    assert sorted((m.target.platform, m.target.python, m.wanted_by) for m in missing) == sorted(
        (t.platform, t.python, "xlwings") for t in WINDOWS_TARGETS)
    assert {m.requirement for m in missing} == {"pywin32>=224"}


def test_a_wheel_for_another_platform_does_not_count(tmp_path: Path) -> None:
    folder = windows_wheelhouse(tmp_path, {"lxml-5.3.0-cp311-cp311-win_amd64.whl"})
    fake_wheel(folder, "lxml-5.3.0-cp311-cp311-manylinux_2_17_x86_64.whl")
    missing = check_wheels(folder, WINDOWS_TARGETS)
    assert [(m.target.platform, m.target.python) for m in missing] == [("win_amd64", (3, 11))]


def test_cli_bundle_from_a_wheelhouse_and_its_refusal(tmp_path: Path, capsys) -> None:
    from tests.test_cli import run

    complete = windows_wheelhouse(tmp_path / "wh")
    code, out, _ = run(["addin", "bundle", "--wheelhouse", complete, "--output", tmp_path / "usb"], capsys)
    assert code == 0, out
    assert {p.name for p in (tmp_path / "usb").iterdir()} >= {"cai_dat.bat", "go_cai_dat.bat", "cai_dat.py",
                                                               "HUONG_DAN.txt", "bundle.json", "wheels", "python"}
    assert len(list((tmp_path / "usb" / "wheels").glob("*.whl"))) == len(list(complete.glob("*.whl")))
    partial = windows_wheelhouse(tmp_path / "wh2", {"pywin32-308-cp313-cp313-win32.whl"})
    code, _, err = run(["addin", "bundle", "--wheelhouse", partial, "--output", tmp_path / "usb2"], capsys)
    assert code == 2 and "pywin32" in err and "Traceback" not in err
    assert not (tmp_path / "usb2").exists()


def test_installer_remakes_an_environment_whose_python_is_gone(tmp_path: Path) -> None:
    from parxl.addin import setup_step

    machine = FakeMachine(tmp_path / "home")
    python = machine.env_python(machine.env_dir())
    python.parent.mkdir(parents=True)
    python.write_text("#!/bin/sh\nexit 3\n")  # a stale launcher whose base Python was uninstalled
    python.chmod(0o755)
    remade: list[Path] = []
    machine.make_env = lambda env: remade.append(env)  # type: ignore[method-assign]
    bundle = tmp_path / "b"
    (bundle / "wheels").mkdir(parents=True)
    (bundle / "bundle.json").write_text("{}", encoding="utf-8")
    outcome = setup_step.install(bundle, machine)
    assert remade == [machine.env_dir()] and not python.exists()
    assert outcome.code == setup_step.PIP_FAILED  # nothing to install from in this empty bundle


# ------------------------------------------------------------------- the installer step, end to end


class FakeMachine:
    """The Windows side of the installer in a temporary folder: a real venv, fake XLSTART."""

    def __init__(self, root: Path, excel: bool = False) -> None:
        self.root, self.excel = root, excel

    def env_dir(self) -> Path:
        return self.root / "parxl-env"

    def xlstart_dir(self) -> Path:
        return self.root / "AppData" / "Roaming" / "Microsoft" / "Excel" / "XLSTART"

    def settings_dir(self) -> Path:
        return self.root / ".parxl"

    def env_python(self, env: Path) -> Path:
        return env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")

    def make_env(self, env: Path) -> None:
        # A real venv; pip is copied from the running environment rather than bootstrapped by ensurepip (same
        # pip, ten seconds faster): on the PC, "python -m venv" brings the pip of the Python that made it.
        venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(env)
        site = next((env / "lib").glob("python3*/site-packages")) if os.name != "nt" else env / "Lib" / "site-packages"
        shutil.copytree(Path(pip.__file__).parent, site / "pip")

    def excel_running(self) -> bool:
        return self.excel


def runtime_requirements() -> list[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return list(project["dependencies"]) + list(project["optional-dependencies"]["excel"])


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheelhouse")
    local_wheelhouse(folder, runtime_requirements())
    build_own_wheel(REPO, folder)
    return folder


def unpack(zip_path: Path, dest: Path) -> Path:
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(dest)
    (folder,) = [p for p in dest.iterdir() if p.is_dir()]
    return folder


def step_module(bundle_dir: Path) -> ModuleType:
    """The bundle's own cai_dat.py, imported from the unpacked bundle (not from the package)."""
    spec = importlib.util.spec_from_file_location("cai_dat_under_test", bundle_dir / "cai_dat.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def env_parxl_version(python: Path) -> str:
    out = subprocess.run([str(python), "-c", "import importlib.metadata as m; print(m.version('parxl'))"],
                         capture_output=True, text=True, check=True, env={"PATH": os.environ.get("PATH", "")})
    return out.stdout.strip()


def conf_sheet_settings(xlam: Path) -> dict[str, str]:
    from openpyxl import load_workbook

    zf = zipfile.ZipFile(xlam)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:  # openpyxl refuses the add-in content type; read it as a workbook
        for info in zf.infolist():
            data = zf.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"addin.macroEnabled", b"sheet.macroEnabled")
            out.writestr(info, data)
    ws = load_workbook(io.BytesIO(buf.getvalue())).worksheets[0]
    return {str(a.value): str(b.value) for a, b in ws.iter_rows(max_col=2)}


def test_bundle_installs_updates_and_removes_offline(wheelhouse: Path, tmp_path: Path) -> None:
    out, wheels = make_bundle(tmp_path / "parxl_cai_dat.zip", wheelhouse, [HOST])
    bundle_dir = unpack(out, tmp_path / "usb")
    for name in ("cai_dat.bat", "go_cai_dat.bat", "cai_dat.py", "HUONG_DAN.txt", "bundle.json"):
        assert (bundle_dir / name).is_file(), name
    bat = (bundle_dir / "cai_dat.bat").read_bytes()
    assert b"\r\n" in bat and b"\n" not in bat.replace(b"\r\n", b"")  # cmd.exe wants CRLF
    assert b'cai_dat.py" %*' in bat and b"--go" in (bundle_dir / "go_cai_dat.bat").read_bytes()
    manifest = json.loads((bundle_dir / "bundle.json").read_text(encoding="utf-8"))
    assert manifest["version"] == "0.1.0" and "parxl-0.1.0-py3-none-any.whl" in manifest["wheels"]
    assert len(manifest["wheels"]) == len(wheels)

    step = step_module(bundle_dir)
    machine = FakeMachine(tmp_path / "home")
    first = step.install(bundle_dir, machine)
    assert (first.code, first.updated) == (step.OK, False), first.lines
    python = machine.env_python(machine.env_dir())
    xlam = machine.xlstart_dir() / "parxl.xlam"
    assert xlam.is_file() and not (machine.xlstart_dir() / "parxl.xlam.moi").exists()
    assert conf_sheet_settings(xlam)["INTERPRETER_WIN"] == str(python)
    conf = (machine.settings_dir() / "parxl.conf").read_text(encoding="cp1252")
    assert f'"INTERPRETER_WIN","{python}"' in conf
    assert env_parxl_version(python) == "0.1.0"
    # The installed command works in the fresh environment, templates included (what the README's quick start runs).
    script = python.parent / ("parxl.exe" if os.name == "nt" else "parxl")
    demo = subprocess.run([str(script), "demo", str(tmp_path / "parxl_demo")], capture_output=True, text=True,
                          check=False, env={"PATH": os.environ.get("PATH", "")})
    assert demo.returncode == 0, demo.stderr[-500:]
    assert (tmp_path / "parxl_demo" / "bang_diem_vi_du.xlsx").is_file()

    # A newer bundle run on the same PC updates parxl in place and rebuilds the add-in.
    newer = tmp_path / "newer"
    newer.mkdir()
    for wheel in wheelhouse.glob("*.whl"):
        if not wheel.name.startswith("parxl-"):
            (newer / wheel.name).write_bytes(wheel.read_bytes())
    build_own_wheel(REPO, newer, version="0.1.1")
    xlam.write_bytes(b"old add-in")
    out2, _ = make_bundle(tmp_path / "parxl_cai_dat_moi", newer, [HOST])
    second = step_module(out2).install(out2, machine)
    assert (second.code, second.updated) == (step.OK, True), second.lines
    assert env_parxl_version(python) == "0.1.1"
    assert zipfile.is_zipfile(xlam)

    gone = step.remove(machine)
    assert gone.code == step.OK
    assert not xlam.exists() and not machine.settings_dir().exists() and not machine.env_dir().exists()


def test_installer_stops_before_changing_anything(wheelhouse: Path, tmp_path: Path) -> None:
    out, _ = make_bundle(tmp_path / "b", wheelhouse, [HOST])
    step = step_module(out)
    busy = FakeMachine(tmp_path / "busy", excel=True)
    assert step.install(out, busy).code == step.EXCEL_OPEN
    assert step.remove(busy).code == step.EXCEL_OPEN
    old = FakeMachine(tmp_path / "old")
    assert step.install(out, old, python_version=(3, 10)).code == step.OLD_PYTHON
    (out / "wheels").rename(out / "moved")
    assert step.install(out, old).code == step.NO_WHEELS
    for machine in (busy, old):
        assert not machine.env_dir().exists() and not machine.xlstart_dir().exists()


def test_a_bundle_with_a_missing_library_is_refused(wheelhouse: Path, tmp_path: Path) -> None:
    partial = tmp_path / "partial"
    partial.mkdir()
    for wheel in wheelhouse.glob("*.whl"):
        if not wheel.name.startswith("rich-"):
            (partial / wheel.name).write_bytes(wheel.read_bytes())
    with pytest.raises(BundleError) as err:
        make_bundle(tmp_path / "b", partial, [HOST])
    assert err.value.code == "addin_bundle" and "rich" in str(err.value)
    assert not (tmp_path / "b").exists()


def test_own_wheel_carries_the_add_in_sources_and_metadata(tmp_path: Path) -> None:
    wheel = build_own_wheel(REPO, tmp_path, version="9.9.9")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"parxl/_addin/customUI.xml", "parxl/_addin/parxl_ribbon.bas", "parxl/_templates/demo.xlsx",
            "parxl/addin/setup_step.py", "parxl-9.9.9.dist-info/RECORD"} <= names
    meta = zipfile.ZipFile(wheel).read("parxl-9.9.9.dist-info/METADATA").decode()
    assert 'Requires-Dist: xlwings>=0.37.8; extra == "excel"' in meta


# --------------------------------------------------------------------- real download (opt-in)


def _pypi_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=3).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(os.environ.get("PARXL_TEST_DOWNLOAD") != "1", reason="set PARXL_TEST_DOWNLOAD=1 to download")
def test_downloaded_bundle_resolves_with_pip_for_both_windows_platforms(tmp_path: Path) -> None:
    if not _pypi_reachable():
        pytest.skip("pypi.org is not reachable")
    out, wheels = make_bundle(tmp_path / "parxl_cai_dat", None)
    assert check_wheels(out / "wheels", WINDOWS_TARGETS) == []
    for target in WINDOWS_TARGETS:
        cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-index",
               "--find-links", str(out / "wheels"), "--only-binary=:all:", "--platform", target.platform,
               "--python-version", f"{target.python[0]}.{target.python[1]}", "--implementation", "cp",
               "--target", str(tmp_path / "t"), "parxl[excel]", "pywin32"]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        assert proc.returncode == 0, (target, proc.stderr[-600:])
    xlwings = [w for w in wheels if w.name.startswith("xlwings-") and "win_amd64" in w.name]
    names = zipfile.ZipFile(xlwings[0]).namelist()
    assert any(n.endswith(".dll") and "xlwings32" in n for n in names)
    assert any(n.endswith(".dll") and "xlwings64" in n for n in names)
    assert bundle_mod.check_wheels(out / "wheels", WINDOWS_TARGETS) == []


def test_the_bundle_never_deletes_what_parxl_did_not_make(wheelhouse: Path, tmp_path: Path) -> None:
    mine = tmp_path / "tai_lieu"
    mine.mkdir()
    (mine / "bao_cao.docx").write_bytes(b"officer's report")
    with pytest.raises(BundleError) as err:
        make_bundle(mine, wheelhouse, [HOST])
    assert err.value.code == "addin_bundle" and (mine / "bao_cao.docx").read_bytes() == b"officer's report"
    out, _ = make_bundle(tmp_path / "b", wheelhouse, [HOST])
    again, _ = make_bundle(out, wheelhouse, [HOST])  # an earlier bundle is replaced
    assert (again / "bundle.json").is_file()
    archive = tmp_path / "cai_dat.zip"
    archive.write_bytes(b"something else")
    make_bundle(archive, wheelhouse, [HOST])
    assert zipfile.is_zipfile(archive)
    assert [p.read_bytes() for p in (tmp_path / "parxl_sao_luu").iterdir()] == [b"something else"]
