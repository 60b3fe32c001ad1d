#!/usr/bin/env python3
"""Build dist/worldsmith-<version>.zip, the Blender extension.

Zip layout (what Blender's "Install from Disk" expects):
    blender_manifest.toml        at the root
    __init__.py, core/, ...      the add-on package (from addon/)
    worldsmith_backend/          the backend package (from backend/), so the extension can
                                 start its own backend with Blender's bundled Python
    wheels/*.whl                 exactly the wheels the manifest names

Wheels missing from wheels/ are fetched with ``pip download`` (binary only, no dependencies:
the manifest must name every wheel). The zip is reproducible: sorted entries, fixed timestamps.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXCLUDED_DIRS = {"__pycache__", ".pytest_cache", ".hypothesis", "tests"}
EXCLUDED_SUFFIXES = {".pyc", ".pyo", ".orig", ".rej", ".swp"}
FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def read_manifest() -> dict:
    with open(ROOT / "blender_manifest.toml", "rb") as f:
        return tomllib.load(f)


def ensure_wheels(manifest: dict) -> list[Path]:
    """Return the manifest's wheels as local paths, downloading the missing ones."""
    paths = []
    for rel in manifest.get("wheels", []):
        path = (ROOT / rel).resolve()
        if not path.exists():
            name, version = path.name.split("-")[:2]
            path.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                 "--only-binary=:all:", "-d", str(path.parent), f"{name}=={version}"],
                check=True,
            )
            if not path.exists():
                raise SystemExit(f"pip did not produce {path.name}; fix the wheels list in the manifest")
        paths.append(path)
    return paths


def package_files(source: Path) -> list[Path]:
    files = []
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(source)
        if any(part in EXCLUDED_DIRS for part in rel.parts) or path.suffix in EXCLUDED_SUFFIXES:
            continue
        files.append(path)
    return files


def _add(zf: zipfile.ZipFile, arcname: str, data: bytes) -> None:
    info = zipfile.ZipInfo(arcname, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


def build(out_dir: Path | None = None) -> Path:
    manifest = read_manifest()
    wheels = ensure_wheels(manifest)
    out_dir = out_dir or ROOT / "dist"
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{manifest['id']}-{manifest['version']}.zip"
    tmp = target.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        _add(zf, "blender_manifest.toml", (ROOT / "blender_manifest.toml").read_bytes())
        for path in package_files(ROOT / "addon"):
            _add(zf, path.relative_to(ROOT / "addon").as_posix(), path.read_bytes())
        for path in package_files(ROOT / "backend"):
            _add(zf, "worldsmith_backend/" + path.relative_to(ROOT / "backend").as_posix(), path.read_bytes())
        for path in wheels:
            _add(zf, f"wheels/{path.name}", path.read_bytes())
    tmp.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="output folder (default dist/)")
    args = parser.parse_args(argv)
    print(build(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
