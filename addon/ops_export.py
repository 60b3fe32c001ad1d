"""worldsmith.export_* operators and the Export panel's settings (``Scene.worldsmith_export``).

Operators take an explicit ``version_id`` (empty: the Versions panel's selection, else the visible
version) so scripts can call them headless, then call ``api`` and report.
"""

from __future__ import annotations

import json

import bpy

from . import api
from .core import presets
from .ops_common import ReportingOperator
from .ops_versions import selected_version

PRESET_ITEMS = [(p.name, p.label, p.description) for p in presets.PRESETS.values()]


class WORLDSMITH_PG_export(bpy.types.PropertyGroup):
    preset: bpy.props.EnumProperty(name="Preset", items=PRESET_ITEMS, default="gltf")
    filepath: bpy.props.StringProperty(name="Path", subtype="FILE_PATH", default="//export/world.glb",
                                       description="File to write (a folder for one file per asset)")
    overwrite: bpy.props.BoolProperty(name="Overwrite", description="Replace existing files")
    force: bpy.props.BoolProperty(name="Export Despite Errors",
                                  description="Write even if validation finds errors")
    per_asset: bpy.props.BoolProperty(name="One File per Asset",
                                      description="Asset library: the path is a folder, each asset at the origin")
    selected_only: bpy.props.BoolProperty(name="Selected Assets Only")
    lod_ratios: bpy.props.StringProperty(name="LOD Ratios", default="0.5, 0.25",
                                         description="Triangle ratio of LOD1, LOD2...")
    last_report: bpy.props.StringProperty(name="Last Report", description="JSON of the last validation")


def _settings(context) -> WORLDSMITH_PG_export:
    return context.scene.worldsmith_export


class _ExportOperator(ReportingOperator):
    bl_options = {"REGISTER"}
    version_id: bpy.props.StringProperty(name="Version", description="Version id; empty means the selected one")

    def run(self, context):
        return self.export(context, selected_version(context, self.version_id), _settings(context))

    def on_error(self, context, exc):
        report = getattr(exc, "report", None)  # a refused export keeps its report for the panel
        if report is not None:
            _settings(context).last_report = json.dumps(report.to_dict())


class WORLDSMITH_OT_export_validate(_ExportOperator, bpy.types.Operator):
    """Check the version against the preset's rules (budgets, textures, names, materials, UVs)"""

    bl_idname = "worldsmith.export_validate"
    bl_label = "Validate"

    def export(self, context, version, settings):
        report = api.validate(version, settings.preset)
        settings.last_report = json.dumps(report.to_dict())
        return f"{len(report.errors)} errors, {len(report.warnings)} warnings"


class WORLDSMITH_OT_export_run(_ExportOperator, bpy.types.Operator):
    """Export the version with Blender's exporter for the preset"""

    bl_idname = "worldsmith.export_run"
    bl_label = "Export"

    def export(self, context, version, s):
        chosen = [o for o in context.selected_objects if o.get("asset_id") in version.assets()] \
            if s.selected_only else None
        files = api.export(version, s.filepath, preset=s.preset, overwrite=s.overwrite, force=s.force,
                           selection=chosen, per_asset=s.per_asset)
        return f"Exported {len(files)} file(s): {files[0] if len(files) == 1 else files[0] + ' ...'}"


class WORLDSMITH_OT_export_prepare(_ExportOperator, bpy.types.Operator):
    """Add LODs and collision proxies to the version for the preset's engine"""

    bl_idname = "worldsmith.export_prepare"
    bl_label = "Prepare for Engine"
    bl_options = {"REGISTER", "UNDO"}

    def export(self, context, version, s):
        ratios = [float(x) for x in s.lod_ratios.replace(";", ",").split(",") if x.strip()]
        done = api.prepare_for_engine(version, s.preset, lod_ratios=ratios)
        return f"Added {done['lods']} LODs and {done['collision']} collision proxies"


CLASSES = (WORLDSMITH_PG_export, WORLDSMITH_OT_export_validate, WORLDSMITH_OT_export_run,
           WORLDSMITH_OT_export_prepare)


def register() -> None:
    for cls in CLASSES:
        bpy.utils.register_class(cls)
    bpy.types.Scene.worldsmith_export = bpy.props.PointerProperty(type=WORLDSMITH_PG_export)


def unregister() -> None:
    del bpy.types.Scene.worldsmith_export
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
