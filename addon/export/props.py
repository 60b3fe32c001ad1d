"""The Export panel's per-scene settings (``Scene.worldsmith_export``)."""

from __future__ import annotations

import bpy

from ..core import presets
from ..scene.ui_base import scene_property_group

PRESET_ITEMS = [(p.name, p.label, p.description) for p in presets.PRESETS.values()]


class WORLDSMITH_PG_export(bpy.types.PropertyGroup):
    preset: bpy.props.EnumProperty(name="Preset", items=PRESET_ITEMS, default="gltf")
    filepath: bpy.props.StringProperty(
        name="Path", subtype="FILE_PATH", default="",
        description="File to write (a folder for one file per asset). Empty: export/<world> next to the "
                    ".blend, or in your home folder's Worldsmith/export while the file is unsaved")
    overwrite: bpy.props.BoolProperty(name="Overwrite", description="Replace existing files")
    force: bpy.props.BoolProperty(name="Export Despite Errors",
                                  description="Write even if validation finds errors")
    per_asset: bpy.props.BoolProperty(name="One File per Asset",
                                      description="Asset library: the path is a folder, each asset at the origin")
    selected_only: bpy.props.BoolProperty(name="Selected Assets Only")
    lod_ratios: bpy.props.StringProperty(name="LOD Ratios", default="0.5, 0.25",
                                         description="Triangle ratio of LOD1, LOD2...")
    last_report: bpy.props.StringProperty(name="Last Report", description="JSON of the last validation")



register, unregister = scene_property_group("worldsmith_export", WORLDSMITH_PG_export)
