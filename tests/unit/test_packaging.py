"""pyproject.toml lists every backend subpackage (the folder and import names differ)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_backend_package_is_listed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert config["package-dir"] == {"worldsmith_backend": "backend"}
    on_disk = {
        "worldsmith_backend" + "".join("." + p for p in init.parent.relative_to(ROOT / "backend").parts)
        for init in (ROOT / "backend").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert set(config["packages"]) == on_disk


def test_console_script_points_at_the_cli():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["worldsmith-backend"] == "worldsmith_backend.cli:main"
