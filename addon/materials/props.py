"""The Materials panel's per-scene state (``Scene.worldsmith_materials``)."""

from __future__ import annotations

import bpy

from ..scene.ui_base import scene_property_group


class WORLDSMITH_PG_materials(bpy.types.PropertyGroup):
    library_index: bpy.props.IntProperty(name="Library Material", default=-1)


register, unregister = scene_property_group("worldsmith_materials", WORLDSMITH_PG_materials)
