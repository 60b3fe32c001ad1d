"""Worldsmith: the workflow layer for generated 3D worlds, inside Blender.

One package per feature (generate, materials, versions, export, farm), each with its bpy logic, its
property group (``props``), operators (``ops``) and panel (``ui``); below them ``scene`` (what
every feature shares) and ``service`` (the backend, no bpy); ``core`` is pure logic; ``api`` is
the facade for TDs. Registration walks one ordered list of modules (``MODULES``), the second
time in reverse. bpy is imported only by those modules, so ``addon.core`` and ``addon.service``
import in plain Python for tests.
"""

from __future__ import annotations

import importlib

# Order matters: properties before the operators and panels that use them, and panels register
# in the order the sidebar shows them (Generate, Materials, Versions, Export, Team).
MODULES = (
    "preferences.prefs",
    "preferences.ops",
    "generate.props",
    "generate.ops",
    "generate.selection",
    "generate.ui",
    "materials.props",
    "materials.previews",
    "materials.ops",
    "materials.ui",
    "versions.props",
    "versions.ops",
    "versions.overlay",
    "versions.ui",
    "export.props",
    "export.usd_hook",
    "export.ops",
    "export.ui",
    "team.props",
    "team.ops",
    "team.ui",
    "farm.props",
    "farm.ops",
    "farm.ui",
    "recipes.tree",
    "recipes.ops",
    "recipes.ui",
)


NUMPY_MISSING = (
    "Worldsmith needs numpy, which this Blender's Python does not have (Blender from blender.org "
    "ships it; some Linux packages do not). Install it, then enable Worldsmith again: on Debian or "
    "Ubuntu 'sudo apt install python3-numpy'; elsewhere '{python} -m pip install numpy'."
)


def check_requirements() -> None:
    """Refuse to enable, with what to install, when a module the add-on needs is missing."""
    import sys

    try:
        import numpy  # noqa: F401
    except ImportError:
        raise ImportError(NUMPY_MISSING.format(python=sys.executable)) from None


def _modules():
    return [importlib.import_module(f".{name}", __package__) for name in MODULES]


def register() -> None:
    check_requirements()
    done = []
    try:
        for module in _modules():
            module.register()
            done.append(module)
    except Exception:
        # A half-registered extension is worse than none: undo what did register.
        for module in reversed(done):
            module.unregister()
        raise


def unregister() -> None:
    for module in reversed(_modules()):
        module.unregister()
