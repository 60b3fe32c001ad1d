"""The Export panel: preset, path and options, validation results, prepare and export buttons."""

from __future__ import annotations

import json

import bpy

from ..core import presets
from ..core.errors import InvalidInput
from ..scene.ui_base import WorldsmithSidebarPanel, wrapped
from ..versions.props import shown_version

ISSUES_SHOWN = 6


def preset_label(name) -> str:
    """The preset's label for people ("glTF 2.0 (GLB)"), not its internal name ("gltf")."""
    try:
        return presets.get(name).label
    except InvalidInput:  # a report from an older file may name a preset that is gone
        return str(name)


class WORLDSMITH_PT_export(WorldsmithSidebarPanel, bpy.types.Panel):
    bl_idname = "WORLDSMITH_PT_export"
    bl_label = "Export"
    bl_options = {"DEFAULT_CLOSED"}

    def draw(self, context):
        layout = self.layout
        version = shown_version(context)
        if version is None:
            layout.label(text="Generate a world to export it", icon="EXPORT")
            return
        s = context.scene.worldsmith_export
        layout.label(text=version.collection.name, icon="OUTLINER_COLLECTION")
        layout.prop(s, "preset")
        layout.prop(s, "filepath", text="")
        if not s.filepath:
            where = "export/ next to the .blend" if bpy.data.filepath else "~/Worldsmith/export"
            wrapped(layout, f"Empty: exports to {where}", icon="FILE_FOLDER", context=context)
        flow = layout.grid_flow(columns=2, align=True)
        flow.prop(s, "per_asset", text="Per Asset")
        flow.prop(s, "selected_only", text="Selected")
        flow.prop(s, "overwrite", text="Overwrite")
        flow.prop(s, "force", text="Force")
        row = layout.row(align=True)
        row.prop(s, "lod_ratios", text="LODs")
        row.operator("worldsmith.export_prepare", text="", icon="MOD_DECIM").version_id = version.id
        self.draw_report(layout, s.last_report, context)
        row = layout.row(align=True)
        row.operator("worldsmith.export_validate", text="Validate", icon="CHECKMARK").version_id = version.id
        row.operator("worldsmith.export_run", text="Export", icon="EXPORT").version_id = version.id

    @staticmethod
    def draw_report(layout, raw: str, context=None) -> None:
        if not raw:
            return
        try:
            report = json.loads(raw)
        except ValueError:
            return
        issues = report.get("issues", [])
        box = layout.box()
        errors = [i for i in issues if i["severity"] == "error"]
        box.label(text=f"{preset_label(report.get('preset'))}: {len(errors)} errors, "
                       f"{len(issues) - len(errors)} warnings", icon="ERROR" if errors else "CHECKMARK")
        for issue in (errors + [i for i in issues if i["severity"] != "error"])[:ISSUES_SHOWN]:
            where = issue["name"] or issue["asset_id"] or "version"
            wrapped(box, f"{where}: {issue['rule']}", icon="CANCEL" if issue["severity"] == "error" else "INFO",
                    context=context)


CLASSES = (WORLDSMITH_PT_export,)

# Registers CLASSES in order and unregisters them in reverse.
register, unregister = bpy.utils.register_classes_factory(CLASSES)
