"""The Farm sub-panel of Export: a job bundle for the current world, ready to submit."""

from __future__ import annotations

import bpy

from ..scene.ui_base import WorldsmithSidebarPanel
from ..versions.props import shown_version


class WORLDSMITH_PT_farm(WorldsmithSidebarPanel, bpy.types.Panel):
    bl_idname = "WORLDSMITH_PT_farm"
    bl_label = "Farm"
    bl_parent_id = "WORLDSMITH_PT_export"
    bl_options = {"DEFAULT_CLOSED"}

    def draw(self, context):
        layout = self.layout
        version = shown_version(context)
        if version is None:
            layout.label(text="Generate a world to send it to a farm", icon="NETWORK_DRIVE")
            return
        s = context.scene.worldsmith_farm
        layout.prop(s, "kind", expand=True)
        if s.kind == "SWEEP":
            layout.prop(s, "seeds")
        else:
            layout.prop(s, "version")
            layout.prop(s, "presets")
            if not bpy.data.filepath:
                layout.label(text="Save the .blend first", icon="ERROR")
            elif bpy.data.is_dirty:
                layout.label(text="Workers read the saved file: save your changes", icon="INFO")
        layout.prop(s, "output_root")
        layout.prop(s, "bundle_dir")
        col = layout.column(align=True)
        col.prop(s, "worldsmith_root")
        col.prop(s, "blender")
        col.prop(s, "overwrite")
        layout.operator("worldsmith.farm_write_bundle", icon="NETWORK_DRIVE").version_id = version.id
        if s.last_bundle:
            layout.label(text=s.last_bundle, icon="FILE")


CLASSES = (WORLDSMITH_PT_farm,)

register, unregister = bpy.utils.register_classes_factory(CLASSES)
