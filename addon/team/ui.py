"""The Team panel: the team folder's status and who you are, Publish and Sync, who published what
with review states (siblings marked), and review and Take for the selected version."""

from __future__ import annotations

import json

import bpy

from ..core import review
from ..core.errors import WorldsmithError
from ..scene import store
from ..scene.ui_base import WorldsmithSidebarPanel
from .folder import team_info

PROBLEMS_SHOWN = 5


def _selected(context) -> store.Version | None:
    wanted = context.scene.worldsmith_versions.selected
    try:
        return store.get_version(wanted) if wanted else None
    except (WorldsmithError, ReferenceError):
        return None


class WORLDSMITH_PT_team(WorldsmithSidebarPanel, bpy.types.Panel):
    bl_idname = "WORLDSMITH_PT_team"
    bl_label = "Team"
    bl_options = {"DEFAULT_CLOSED"}

    def draw(self, context):
        layout = self.layout
        settings = context.scene.worldsmith_team
        status = json.loads(settings.status or "{}")
        if not status:
            layout.label(text="Team folder not read yet", icon="INFO")
        elif status.get("problem"):
            box = layout.box()
            box.alert = True
            box.label(text=status["problem"], icon="ERROR")
        if status.get("path"):
            layout.label(text=status["path"], icon="FILE_FOLDER")
        if status.get("who"):
            role = "lead" if status.get("lead") else "artist"
            layout.label(text=f"You: {status['who']} ({role})", icon="USER")
        row = layout.row(align=True)
        row.operator("worldsmith.team_refresh", icon="FILE_REFRESH")
        row.operator("worldsmith.team_sync", icon="IMPORT")
        row.operator("worldsmith.team_publish", icon="EXPORT")
        self.draw_rows(layout, json.loads(settings.rows or "[]"), context)
        self.draw_selected(layout, context, status)
        problems = json.loads(settings.problems or "[]")
        if problems:
            box = layout.box()
            box.label(text=f"{len(problems)} files skipped", icon="ERROR")
            for line in problems[:PROBLEMS_SHOWN]:
                box.label(text=line)

    def draw_rows(self, layout, rows: list, context) -> None:
        if not rows:
            layout.label(text="Nothing published for this world yet")
            return
        column = layout.column(align=True)
        selected = context.scene.worldsmith_versions.selected
        for row in rows:
            line = column.row(align=True)
            text = f"#{row['number']} {row['branch']}  {row['author']}"
            op = line.operator("worldsmith.version_select", text=text, icon=review.ICONS.get(row["state"], "QUESTION"),
                               depress=row["id"] == selected)
            op.version_id = row["id"]
            line.label(text=review.LABELS.get(row["state"], row["state"]))
            if row.get("sibling_of"):
                line.label(text=f"sibling of {row['sibling_of']}", icon="LINKED")

    def draw_selected(self, layout, context, status: dict) -> None:
        version = _selected(context)
        if version is None:
            return
        box = layout.box()
        info = team_info(version.collection)
        state = version.review_state
        box.label(text=f"{version.collection.name}: {review.LABELS.get(state, state)}",
                  icon=review.ICONS.get(state, "QUESTION"))
        if info.get("origin") == "store":
            box.label(text=f"Published by {info.get('author', '?')} (read-only, linked)", icon="LIBRARY_DATA_DIRECT")
            row = box.row(align=True)
            row.prop(context.scene.worldsmith_team, "branch")
            row.operator("worldsmith.team_take", icon="DUPLICATE").version_id = version.id
        elif not info:
            box.label(text="Not published yet", icon="INFO")
            return
        if review.is_frozen(state):
            box.label(text="Approved: frozen for everyone. Take or branch it to change it.", icon="LOCKED")
            return
        box.prop(context.scene.worldsmith_team, "note")
        row = box.row(align=True)
        for target in review.allowed(state):
            sub = row.row(align=True)
            sub.enabled = target not in (review.APPROVED, review.REJECTED) or bool(status.get("lead"))
            op = sub.operator("worldsmith.team_review", text=review.LABELS[target], icon=review.ICONS[target])
            op.version_id, op.state = version.id, target
        row.operator("worldsmith.team_review", text="Note", icon="TEXT").state = "NOTE"
        if not status.get("lead"):
            leads = ", ".join(status.get("leads") or []) or "nobody yet"
            box.label(text=f"Only leads approve or reject ({leads}; roles.json)", icon="LOCKED")


CLASSES = (WORLDSMITH_PT_team,)

register, unregister = bpy.utils.register_classes_factory(CLASSES)
