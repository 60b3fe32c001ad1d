"""The extension zip: valid manifest, every imported file present, no test or cache files."""

from __future__ import annotations

import ast
import tomllib
import zipfile
from pathlib import PurePosixPath

REQUIRED_KEYS = {
    "schema_version": "1.0.0",
    "id": "worldsmith",
    "name": "Worldsmith",
    "type": "add-on",
    "blender_version_min": "4.2.0",
}


def _zip(extension_zip):
    return zipfile.ZipFile(extension_zip)


def test_manifest_is_valid_toml_with_required_keys(extension_zip):
    with _zip(extension_zip) as zf:
        manifest = tomllib.loads(zf.read("blender_manifest.toml").decode())
    for key, value in REQUIRED_KEYS.items():
        assert manifest[key] == value, key
    for key in ("version", "tagline", "maintainer", "license"):
        assert manifest[key], key
    assert len(manifest["tagline"]) <= 64 and manifest["tagline"][-1] not in ".!?"
    permissions = manifest["permissions"]
    assert set(permissions) == {"network", "files"}
    for reason in permissions.values():
        assert 0 < len(reason) <= 64 and reason[-1] not in ".!?"


def test_zip_named_for_the_manifest_version(extension_zip):
    with _zip(extension_zip) as zf:
        manifest = tomllib.loads(zf.read("blender_manifest.toml").decode())
    assert extension_zip.name == f"worldsmith-{manifest['version']}.zip"


def test_wheels_in_zip_are_exactly_the_manifest_list(extension_zip):
    with _zip(extension_zip) as zf:
        manifest = tomllib.loads(zf.read("blender_manifest.toml").decode())
        names = set(zf.namelist())
    listed = {str(PurePosixPath(w)).lstrip("./") for w in manifest["wheels"]}
    in_zip = {n for n in names if n.startswith("wheels/")}
    assert listed == in_zip


def test_no_tests_or_caches_in_zip(extension_zip):
    with _zip(extension_zip) as zf:
        names = zf.namelist()
    bad = [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".pyo")) or "/tests/" in n
           or n.startswith("tests/") or "/.pytest_cache" in n or ".hypothesis" in n]
    assert not bad, bad


def _relative_imports(source: str, module_path: PurePosixPath) -> set[PurePosixPath]:
    """Files that a module's relative imports need, as paths inside the zip."""
    needed = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = module_path.parent
            for _ in range(node.level - 1):
                base = base.parent
            parts = node.module.split(".") if node.module else []
            target = base.joinpath(*parts) if parts else base
            candidates = [target.with_suffix(".py") if parts else None, target / "__init__.py"]
            # `from . import x` may name submodules
            for alias in node.names:
                candidates.append(target / f"{alias.name}.py")
            needed.add(tuple(c for c in candidates if c is not None))
    return needed


def test_every_relative_import_resolves_inside_the_zip(extension_zip):
    with _zip(extension_zip) as zf:
        names = set(zf.namelist())
        missing = []
        for name in sorted(n for n in names if n.endswith(".py")):
            for candidates in _relative_imports(zf.read(name).decode(), PurePosixPath(name)):
                if not any(str(c) in names for c in candidates):
                    missing.append(f"{name}: {[str(c) for c in candidates]}")
    assert not missing, "\n".join(missing)


def test_registered_modules_are_in_zip(extension_zip):
    with _zip(extension_zip) as zf:
        init = zf.read("__init__.py").decode()
        names = set(zf.namelist())
    tree = ast.parse(init)
    modules = next(
        ast.literal_eval(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "MODULES"
    )
    assert modules
    for module in modules:
        path = module.replace(".", "/")
        assert f"{path}.py" in names or f"{path}/__init__.py" in names, module


def test_backend_package_is_shipped(extension_zip):
    with _zip(extension_zip) as zf:
        names = set(zf.namelist())
    assert "worldsmith_backend/__init__.py" in names
    assert "worldsmith_backend/__main__.py" in names
