"""The extension as the tests see it: installed from the zip into an isolated user folder, so its
modules are ``bl_ext.user_default.worldsmith.<name>`` (never the checkout's ``addon`` package:
two copies would have two ``Version`` classes)."""

from __future__ import annotations

import importlib
from types import ModuleType

from wslib.blender import EXTENSION_MODULE  # noqa: F401  (re-exported: tests name the module by it)


def mod(name: str) -> ModuleType:
    """A module of the installed extension, e.g. ``mod("scene.store")``."""
    return importlib.import_module(f"{EXTENSION_MODULE}.{name}")
