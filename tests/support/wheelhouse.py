"""A wheelhouse for this machine made from the libraries already installed here (no network): each
installed distribution is packed back into a wheel from its RECORD, with the tag its WHEEL file names."""

from __future__ import annotations

import zipfile
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.tags import sys_tags
from packaging.utils import canonicalize_name


def repack(dist: metadata.Distribution, out_dir: Path) -> Path:
    files = [f for f in dist.files or [] if not str(f).startswith("..") and "__pycache__" not in str(f)]
    wheel_meta = next((f for f in files if str(f).endswith(".dist-info/WHEEL")), None)
    tag = "py3-none-any"
    if wheel_meta is not None:
        tags = [line.split(":", 1)[1].strip() for line in wheel_meta.read_text().splitlines()
                if line.startswith("Tag:")]
        usable = {str(t) for t in sys_tags()}
        tag = next((t for t in tags if t in usable), tag)
    name = canonicalize_name(dist.metadata["Name"]).replace("-", "_")
    wheel = out_dir / f"{name}-{dist.version}-{tag}.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_STORED) as zf:
        for f in files:
            path = Path(str(f.locate()))
            if path.is_file():
                zf.write(path, str(f))
    return wheel


def installed_closure(requirements: list[Requirement]) -> list[metadata.Distribution]:
    """The installed distributions that ``requirements`` need here, transitively."""
    env = dict(default_environment())
    found: dict[str, metadata.Distribution] = {}
    queue = [(r, "") for r in requirements]
    while queue:
        req, extra = queue.pop()
        if req.marker is not None and not req.marker.evaluate({**env, "extra": extra}):
            continue
        key = canonicalize_name(req.name)
        if key in found:
            continue
        dist = metadata.distribution(req.name)
        found[key] = dist
        for line in dist.requires or []:
            dep = Requirement(line)
            for e in req.extras or {""}:
                queue.append((dep, e))
    return list(found.values())


def local_wheelhouse(out_dir: Path, requirements: list[str]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    return [repack(d, out_dir) for d in installed_closure([Requirement(r) for r in requirements])]
