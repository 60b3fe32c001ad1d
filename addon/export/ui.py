"""The Export panel: preset, path and options, validation results, prepare and export buttons."""

from __future__ import annotations

import json

import bpy

from ..scene.ui_base import WorldsmithSidebarPanel
from ..versions.props import shown_version

ISSUES_SHOWN = 6


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
        layout.prop(s, "filepath")
        col = layout.column(align=True)
        col.prop(s, "per_asset")
        col.prop(s, "selected_only")
        col.prop(s, "overwrite")
        col.prop(s, "force")
        box = layout.box()
        box.prop(s, "lod_ratios")
        box.operator("worldsmith.export_prepare", icon="MOD_DECIM").version_id = version.id
        self.draw_report(layout, s.last_report)
        row = layout.row(align=True)
        row.operator("worldsmith.export_validate", icon="CHECKMARK").version_id = version.id
        row.operator("worldsmith.export_run", icon="EXPORT").version_id = version.id

    @staticmethod
    def draw_report(layout, raw: str) -> None:
        if not raw:
            return
        try:
            report = json.loads(raw)
        except ValueError:
            return
        issues = report.get("issues", [])
        box = layout.box()
        errors = [i for i in issues if i["severity"] == "error"]
        box.label(text=f"{report.get('preset')}: {len(errors)} errors, {len(issues) - len(errors)} warnings",
                  icon="ERROR" if errors else "CHECKMARK")
        for issue in (errors + [i for i in issues if i["severity"] != "error"])[:ISSUES_SHOWN]:
            where = issue["name"] or issue["asset_id"] or "version"
            box.label(text=f"{where}: {issue['rule']}", icon="CANCEL" if issue["severity"] == "error" else "INFO")


CLASSES = (WORLDSMITH_PT_export,)

# Registers CLASSES in order and unregisters them in reverse.
register, unregister = bpy.utils.register_classes_factory(CLASSES)
