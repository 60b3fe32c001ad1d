"""The Farm sub-panel's per-scene settings (``Scene.worldsmith_farm``)."""

from __future__ import annotations

import bpy

from ..core import farm
from ..scene.ui_base import scene_property_group

KINDS = [("SWEEP", "Variant Sweep", "The selected version's prompt and settings over seeds, one task per seed"),
         ("EXPORT", "Export Saved", "Export a version of the saved .blend with presets, one task per preset")]
VERSIONS = [("approved", "Approved", "The newest approved version"),
            ("published", "Published", "The newest version published to (or taken from) the team folder"),
            ("latest", "Latest", "The newest version"),
            ("selected", "Selected", "The version selected in the Versions panel")]


class WORLDSMITH_PG_farm(bpy.types.PropertyGroup):
    kind: bpy.props.EnumProperty(name="Job", items=KINDS, default="SWEEP")
    bundle_dir: bpy.props.StringProperty(name="Bundle", subtype="DIR_PATH", default="//farm/bundle",
                                         description="Folder to write the job bundle into (template.json)")
    output_root: bpy.props.StringProperty(name="Output Root", subtype="DIR_PATH", default="//farm/out",
                                          description="Where the farm's tasks write (shared storage), "
                                                      "each job in its own subfolder")
    seeds: bpy.props.StringProperty(name="Seeds", default="1-16", description="One task per seed: 1-16, 1,3,5")
    presets: bpy.props.StringProperty(name="Presets", default="gltf",
                                      description=f"One task per preset, comma separated: {', '.join(farm.PRESETS)}")
    version: bpy.props.EnumProperty(name="Version", items=VERSIONS, default="approved")
    worldsmith_root: bpy.props.StringProperty(
        name="Worldsmith Folder", subtype="DIR_PATH",
        description="The Worldsmith checkout on the workers (holds scripts/batch.py); empty: $WORLDSMITH_ROOT")
    blender: bpy.props.StringProperty(name="Blender Command", default="blender",
                                      description="What the workers run: blender, or a path to it")
    overwrite: bpy.props.BoolProperty(name="Overwrite", description="Replace a bundle already in the folder")
    last_bundle: bpy.props.StringProperty(name="Last Bundle", description="The template last written")


register, unregister = scene_property_group("worldsmith_farm", WORLDSMITH_PG_farm)
