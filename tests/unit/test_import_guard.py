"""Invariant 1: addon/core, addon/service and backend never import bpy; addon/ never imports torch or
diffusers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

RULES = [
    (ROOT / "addon" / "core", {"bpy", "bmesh", "mathutils", "bpy_extras", "gpu"}),
    (ROOT / "addon" / "service", {"bpy", "bmesh", "mathutils", "bpy_extras", "gpu"}),
    (ROOT / "backend", {"bpy", "bmesh", "mathutils", "bpy_extras", "gpu"}),
    (ROOT / "addon", {"torch", "diffusers", "transformers"}),
]


def imported_top_level_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in {
            "import_module",
            "__import__",
        }:
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                names.add(node.args[0].value.split(".")[0])
    return names


@pytest.mark.parametrize("folder,forbidden", RULES, ids=["core-no-bpy", "service-no-bpy", "backend-no-bpy", "addon-no-torch"])
def test_forbidden_imports(folder, forbidden):
    offenders = []
    files = sorted(folder.rglob("*.py"))
    assert files, f"no Python files under {folder}"
    for path in files:
        tree = ast.parse(path.read_text(), filename=str(path))
        bad = imported_top_level_names(tree) & forbidden
        if bad:
            offenders.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
    assert not offenders, "forbidden imports:\n" + "\n".join(offenders)


def test_guard_catches_a_bpy_import():
    tree = ast.parse("import os\nif True:\n    from bpy.types import Operator\nimportlib.import_module('bmesh')")
    assert imported_top_level_names(tree) >= {"bpy", "bmesh"}
