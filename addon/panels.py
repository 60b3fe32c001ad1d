"""The sidebar tab "Worldsmith" in the 3D viewport: Generate, Materials, Versions, Export."""

from __future__ import annotations

import bpy


class _WorldsmithPanel:
    bl_space_type = "VIEW_3D"
    bl_region_type = "UI"
    bl_category = "Worldsmith"


class WORLDSMITH_PT_generate(_WorldsmithPanel, bpy.types.Panel):
    bl_idname = "WORLDSMITH_PT_generate"
    bl_label = "Generate"

    def draw(self, context):
        layout = self.layout
        settings = context.scene.worldsmith
        layout.prop(settings, "prompt", text="")
        layout.prop(settings, "theme")
        row = layout.row(align=True)
        row.prop(settings, "seed")
        row.operator("worldsmith.seed_randomize", text="", icon="FILE_REFRESH")
        layout.prop(settings, "max_assets")
        layout.prop(settings, "texture_size")


class WORLDSMITH_PT_materials(_WorldsmithPanel, bpy.types.Panel):
    bl_idname = "WORLDSMITH_PT_materials"
    bl_label = "Materials"
    bl_options = {"DEFAULT_CLOSED"}

    def draw(self, context):
        self.layout.label(text="Select an asset of a generated world", icon="MATERIAL")


class WORLDSMITH_PT_versions(_WorldsmithPanel, bpy.types.Panel):
    bl_idname = "WORLDSMITH_PT_versions"
    bl_label = "Versions"
    bl_options = {"DEFAULT_CLOSED"}

    def draw(self, context):
        self.layout.label(text="Generate a world to start its version history", icon="INFO")


class WORLDSMITH_PT_export(_WorldsmithPanel, bpy.types.Panel):
    bl_idname = "WORLDSMITH_PT_export"
    bl_label = "Export"
    bl_options = {"DEFAULT_CLOSED"}

    def draw(self, context):
        self.layout.label(text="Generate a world to export it", icon="EXPORT")


CLASSES = (
    WORLDSMITH_PT_generate,
    WORLDSMITH_PT_materials,
    WORLDSMITH_PT_versions,
    WORLDSMITH_PT_export,
)


def register() -> None:
    for cls in CLASSES:
        bpy.utils.register_class(cls)


def unregister() -> None:
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
