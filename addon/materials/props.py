"""The Materials panel's per-scene state (``Scene.worldsmith_materials``)."""

from __future__ import annotations

import bpy

from ..scene.ui_base import scene_property_group


class WORLDSMITH_PG_materials(bpy.types.PropertyGroup):
    library_index: bpy.props.IntProperty(name="Library Material", default=-1)
    library_filter: bpy.props.StringProperty(name="Search", description="Words in the name, id or tags",
                                             options={"TEXTEDIT_UPDATE"})
    library_all: bpy.props.BoolProperty(name="All Versions",
                                        description="List every version's materials, not only the active object's")


register, unregister = scene_property_group("worldsmith_materials", WORLDSMITH_PG_materials)
