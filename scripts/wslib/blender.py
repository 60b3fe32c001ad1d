"""Start Blender with the Worldsmith extension installed, and import its ``api``.

Used by every script that drives Blender (demo, batch, benchmarks, the README render, examples)
and by the tests. Two ways in: inside Blender (``blender --background --python script.py``: bpy
is preloaded and an enabled extension is what the user expects to run), or the ``bpy`` module
under plain Python, where the user folder must be isolated before bpy is imported and this
checkout's zip is installed there.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Mapping

from . import ROOT

EXTENSION_MODULE = "bl_ext.user_default.worldsmith"  # where package_install_files puts the zip
Log = Callable[[str], None]


def inside_blender(modules: Mapping[str, Any]) -> bool:
    """True when Blender runs this script (bpy is preloaded and knows its executable); the bpy
    module under plain Python has an empty ``binary_path``."""
    bpy = modules.get("bpy")
    return bool(bpy is not None and getattr(getattr(bpy, "app", None), "binary_path", ""))


def isolate_user_folder(base: str | os.PathLike) -> None:
    """Point Blender's user folder and cache under ``base`` unless the caller set them.

    Must happen before bpy is imported, or the bpy module writes into the home folder."""
    os.environ.setdefault("BLENDER_USER_RESOURCES", str(Path(base) / ".blender-user"))
    os.environ.setdefault("XDG_CACHE_HOME", str(Path(base) / ".cache"))


def build_zip(dist: str | os.PathLike | None = None) -> Path:
    """The extension zip built from this checkout into ``dist`` (a new temp folder if None)."""
    import build_extension  # scripts/build_extension.py: the one place the zip is made

    return build_extension.build(Path(dist) if dist is not None else
                                 Path(tempfile.mkdtemp(prefix="worldsmith-zip-")))


def install_extension(zip_path: str | os.PathLike | None = None, *, dist: str | os.PathLike | None = None,
                      log: Log | None = None) -> str:
    """Install and enable ``zip_path`` (or a zip built from this checkout into ``dist``) in the
    ``user_default`` repository; returns the extension's module name. RuntimeError if Blender
    refuses it."""
    import bpy

    if zip_path is None:
        zip_path = build_zip(dist)
    if log is not None:
        log(f"installing the extension from {zip_path}")
    result = bpy.ops.extensions.package_install_files(filepath=str(zip_path), repo="user_default",
                                                      enable_on_install=True)
    if result != {"FINISHED"}:
        raise RuntimeError(f"installing {zip_path} failed: {result}")
    return EXTENSION_MODULE


def find_enabled_extension() -> str | None:
    """The module name of an enabled Worldsmith extension in any repository, if one is."""
    import bpy

    for name in bpy.context.preferences.addons.keys():
        if name.startswith("bl_ext.") and name.rsplit(".", 1)[-1] == "worldsmith":
            return name
    return None


def installed_api(zip_path: str | os.PathLike | None = None, *, dist: str | os.PathLike | None = None,
                  log: Log | None = None) -> ModuleType:
    """Install the zip (see ``install_extension``) and return the extension's ``api`` module."""
    return importlib.import_module(install_extension(zip_path, dist=dist, log=log) + ".api")


def load_api(zip_path: str | None, in_blender: bool, log: Log | None = None) -> ModuleType:
    """In Blender the user's own enabled extension is what they expect to run; under the bpy
    module the isolated user folder may hold an older build, so this checkout's is installed."""
    module = find_enabled_extension() if in_blender and zip_path is None else None
    if module is None:
        module = install_extension(zip_path, log=log)
    return importlib.import_module(module + ".api")


def connect(zip_path: str | None = None, *, in_blender: bool | None = None, log: Log | None = None) -> ModuleType:
    """The Worldsmith ``api`` for a script: isolates the bpy module's user folder under out/
    (before bpy is imported), then finds or installs the extension."""
    if in_blender is None:
        in_blender = inside_blender(sys.modules)
    if "bpy" not in sys.modules:
        isolate_user_folder(ROOT / "out")
    return load_api(zip_path, in_blender, log)


def extension_module(api: ModuleType, name: str) -> ModuleType:
    """A module of the same installed extension as ``api`` (``name`` relative to the package,
    e.g. ``"core.labels"``): never the checkout's ``addon``, whose classes would be other classes."""
    return importlib.import_module(api.__name__.rsplit(".", 1)[0] + "." + name)
