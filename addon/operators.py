"""worldsmith.* operators: read properties, call ``api``, report. No logic of their own."""

from __future__ import annotations

import bpy


# worldsmith.seed_randomize and the generation operators live in ops_generate.py.
CLASSES: tuple = ()


def register() -> None:
    for cls in CLASSES:
        bpy.utils.register_class(cls)


def unregister() -> None:
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
