"""worldsmith.farm_write_bundle: the Farm sub-panel's button (calls ``api``)."""

from __future__ import annotations

import os

import bpy

from .. import api
from ..scene.ui_base import ReportingOperator
from ..versions.props import selected_version


class WORLDSMITH_OT_farm_write_bundle(ReportingOperator, bpy.types.Operator):
    """Write an Open Job Description job bundle for a render farm (openjd run, deadline bundle submit)"""

    bl_idname = "worldsmith.farm_write_bundle"
    bl_label = "Write Farm Bundle"
    bl_options = {"REGISTER"}
    version_id: bpy.props.StringProperty(name="Version", description="Version id; empty means the selected one")

    def run(self, context):
        s = context.scene.worldsmith_farm
        common = {"output_root": s.output_root, "worldsmith_root": s.worldsmith_root or None,
                  "blender": s.blender, "overwrite": s.overwrite}
        if s.kind == "SWEEP":
            version = selected_version(context, self.version_id)
            path = api.write_farm_bundle(version, s.bundle_dir, seeds=s.seeds,
                                         preset=context.scene.worldsmith_export.preset, **common)
        else:
            which = selected_version(context, self.version_id).id if s.version == "selected" else s.version
            presets = [p.strip() for p in s.presets.split(",") if p.strip()]
            path = api.write_farm_export_bundle(s.bundle_dir, presets=presets, version=which, **common)
        s.last_bundle = path
        return f"Wrote {path}: submit with deadline bundle submit {os.path.dirname(path)}"


CLASSES = (WORLDSMITH_OT_farm_write_bundle,)

register, unregister = bpy.utils.register_classes_factory(CLASSES)
