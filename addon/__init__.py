"""Worldsmith: the workflow layer for generated 3D worlds, inside Blender.

Registration walks one ordered list of modules (``MODULES``), the second time in reverse.
bpy is imported only by those modules, so ``addon.core`` imports in plain Python for tests.
"""

from __future__ import annotations

import importlib

# Order matters: properties before the operators and panels that use them, and panels register
# in the order the sidebar shows them (Generate, Materials, Versions, Export).
MODULES = (
    "prefs",
    "ops_gpu_install",
    "props",
    "ops_generate",
    "ui_generate",
    "ops_materials",
    "ui_materials",
    "ops_versions",
    "ui_versions",
    "ops_export",
    "ui_export",
)


def _modules():
    return [importlib.import_module(f".{name}", __package__) for name in MODULES]


def register() -> None:
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
