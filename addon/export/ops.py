"""worldsmith.export_* operators (the Export panel's settings are in ``export.props``).

Operators take an explicit ``version_id`` (empty: the Versions panel's selection, else the visible
version) so scripts can call them headless, then call ``api`` and report.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import bpy

from .. import api
from ..core import naming, presets
from ..scene.ui_base import ReportingOperator
from ..versions.props import selected_version
from .props import WORLDSMITH_PG_export

def _settings(context) -> WORLDSMITH_PG_export:
    return context.scene.worldsmith_export


def default_path(version, preset: str, per_asset: bool) -> str:
    """Where an export goes when the Path is empty: ``export/`` next to the saved .blend, or
    ``~/Worldsmith/export`` while the file is unsaved (never the working folder). The folder is
    made when missing; the name is the version's ("Courtyard_v2_main.glb")."""
    base = Path(bpy.path.abspath("//")) if bpy.data.filepath else Path.home() / "Worldsmith"
    folder = base / "export"
    stem = naming.file_stem(version.collection.name)
    target = folder / stem if per_asset else folder / f"{stem}{presets.get(preset).extensions[0]}"
    os.makedirs(target if per_asset else folder, exist_ok=True)
    return str(target)


class _ExportOperator(ReportingOperator):
    bl_options = {"REGISTER"}
    version_id: bpy.props.StringProperty(name="Version", description="Version id; empty means the selected one",
                                         options={"HIDDEN", "SKIP_SAVE"})

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
        path = s.filepath or default_path(version, s.preset, s.per_asset)
        # The default file is this version's own: exporting it again replaces it.
        files = api.export(version, path, preset=s.preset, overwrite=s.overwrite or not s.filepath, force=s.force,
                           selection=chosen, per_asset=s.per_asset)
        where = files[0] if len(files) == 1 else os.path.dirname(files[0])
        return f"Exported {len(files)} file(s) to {where}"


class WORLDSMITH_OT_export_prepare(_ExportOperator, bpy.types.Operator):
    """Add LODs and collision proxies to the version for the preset's engine"""

    bl_idname = "worldsmith.export_prepare"
    bl_label = "Prepare for Engine"
    bl_options = {"REGISTER", "UNDO"}

    def export(self, context, version, s):
        ratios = [float(x) for x in s.lod_ratios.replace(";", ",").split(",") if x.strip()]
        done = api.prepare_for_engine(version, s.preset, lod_ratios=ratios)
        return f"Added {done['lods']} LODs and {done['collision']} collision proxies"


CLASSES = (WORLDSMITH_OT_export_validate, WORLDSMITH_OT_export_run, WORLDSMITH_OT_export_prepare)

# Registers CLASSES in order and unregisters them in reverse.
register, unregister = bpy.utils.register_classes_factory(CLASSES)
