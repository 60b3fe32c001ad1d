"""The sidebar tab "Worldsmith" in the 3D viewport: Generate, Materials, Versions, Export."""

from __future__ import annotations

import bpy


class _WorldsmithPanel:
    bl_space_type = "VIEW_3D"
    bl_region_type = "UI"
    bl_category = "Worldsmith"


# The Versions panel (WORLDSMITH_PT_versions) lives in ui_versions.py.


# WORLDSMITH_PT_export lives in ui_export.py (registered after ops_export).


# WORLDSMITH_PT_generate lives in ui_generate.py (registered first, so it is on top).
# WORLDSMITH_PT_materials lives in ui_materials.py (registered before this module).
CLASSES = ()


def register() -> None:
    for cls in CLASSES:
        bpy.utils.register_class(cls)


def unregister() -> None:
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
