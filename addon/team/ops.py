"""worldsmith.team_* operators: refresh, publish, sync, take, review. Each takes an explicit
``version_id`` (empty: the Versions panel's selection), calls ``api``, then refreshes the panel's
copy of the team folder's state."""

from __future__ import annotations

import json

import bpy

from .. import api
from ..core import review
from ..core.errors import WorldsmithError
from ..scene import store
from ..scene.ui_base import ReportingOperator
from ..versions.props import selected_version
from ..versions.ui import active_world


def refresh(context) -> None:
    """Read the folder's status and the active world's published versions into the panel state."""
    settings = context.scene.worldsmith_team
    status = api.team_status()
    settings.status = json.dumps(status)
    world = active_world(context)
    rows, problems = [], []
    if world is not None and status["ok"]:
        settings.world_id = str(world[store.WORLD_KEY]["world_id"])
        try:
            found = api.published(world)
            rows, problems = found["rows"], found["problems"]
        except WorldsmithError as exc:
            problems = [str(exc)]
    settings.rows, settings.problems = json.dumps(rows), json.dumps(problems)


class _TeamOperator(ReportingOperator):
    bl_options = {"REGISTER", "UNDO"}
    version_id: bpy.props.StringProperty(name="Version", description="Version id; empty means the selected one")

    def execute(self, context):
        result = super().execute(context)
        try:
            refresh(context)
        except WorldsmithError:
            pass
        return result


class WORLDSMITH_OT_team_refresh(_TeamOperator, bpy.types.Operator):
    """Read the team folder again: its status, who may approve, and the published versions"""

    bl_idname = "worldsmith.team_refresh"
    bl_label = "Refresh"
    bl_options = {"REGISTER"}

    def run(self, context):
        return None


class WORLDSMITH_OT_team_publish(_TeamOperator, bpy.types.Operator):
    """Publish the selected version to the team folder (.blend library, GLB, preview, record)"""

    bl_idname = "worldsmith.team_publish"
    bl_label = "Publish"

    def run(self, context):
        done = api.publish(selected_version(context, self.version_id))
        sibling = " (a sibling: someone published on the same head first)" if done["sibling_of"] else ""
        return f"Published as #{done['number']}{sibling}"


class WORLDSMITH_OT_team_sync(_TeamOperator, bpy.types.Operator):
    """Bring everyone's published versions of this world (every world when the file has none)"""

    bl_idname = "worldsmith.team_sync"
    bl_label = "Sync"

    def run(self, context):
        world = active_world(context)
        report = api.sync(world)
        text = f"Synced: {len(report['added'])} new, {len(report['updated'])} updated"
        if report["problems"]:
            return "WARNING", f"{text}; {len(report['problems'])} files skipped (see the Team panel)"
        return text


class WORLDSMITH_OT_team_take(_TeamOperator, bpy.types.Operator):
    """Make a local, editable copy of this published version: the start of your own branch"""

    bl_idname = "worldsmith.team_take"
    bl_label = "Take"

    def run(self, context):
        mine = api.take(selected_version(context, self.version_id), context.scene.worldsmith_team.branch or None)
        context.scene.worldsmith_versions.selected = mine.id
        return f"Took it as {mine.collection.name}"


REVIEW_ITEMS = [(s, review.LABELS[s], "") for s in review.STATES] + [("NOTE", "Note", "Only the note")]


class WORLDSMITH_OT_team_review(_TeamOperator, bpy.types.Operator):
    """Record a review move (or a note) for this version in the team folder, with your name and the time"""

    bl_idname = "worldsmith.team_review"
    bl_label = "Review in Team Folder"
    state: bpy.props.EnumProperty(name="State", items=REVIEW_ITEMS, default="in_review")

    def run(self, context):
        settings = context.scene.worldsmith_team
        state = None if self.state == "NOTE" else self.state
        api.review_store(selected_version(context, self.version_id), state, settings.note or None)
        settings.note = ""
        return "Note recorded" if state is None else f"Recorded: {review.LABELS[state]}"


CLASSES = (WORLDSMITH_OT_team_refresh, WORLDSMITH_OT_team_publish, WORLDSMITH_OT_team_sync,
           WORLDSMITH_OT_team_take, WORLDSMITH_OT_team_review)

register, unregister = bpy.utils.register_classes_factory(CLASSES)
