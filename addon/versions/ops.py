"""worldsmith.version_* operators: read properties, call ``api``, report (the Versions panel's
state is in ``versions.props``).

Operators take an explicit ``version_id`` and fall back to the panel's selection, so scripts can
call them headless: ``bpy.ops.worldsmith.version_branch(version_id=v.id, name="lighting")``.
"""

from __future__ import annotations

import json
import os
import tempfile

import bpy

from .. import api
from ..core import review
from ..core.errors import InvalidInput, WorldsmithError
from ..scene import store
from ..scene.ui_base import ReportingOperator
from . import overlay
from .props import selected_version


REVIEW_ITEMS = [(s, review.LABELS[s], "") for s in review.STATES]


def _pair(context) -> tuple[store.Version, store.Version]:
    settings = context.scene.worldsmith_versions
    if not (settings.compare_a and settings.compare_b):
        raise InvalidInput("pick version A and version B first (the A and B buttons in the list)")
    return store.get_version(settings.compare_a), store.get_version(settings.compare_b)


class _VersionOperator(ReportingOperator):
    """Shared: a ``version_id`` argument (errors become reports through ReportingOperator)."""

    bl_options = {"REGISTER", "UNDO"}
    # Hidden: dialogs (Branch, Add Note, review) must not show an editable internal id.
    version_id: bpy.props.StringProperty(name="Version", description="Version id; empty means the selected one",
                                         options={"HIDDEN", "SKIP_SAVE"})

    def target(self, context) -> store.Version:
        return selected_version(context, self.version_id)


class WORLDSMITH_OT_version_select(_VersionOperator, bpy.types.Operator):
    """Select this version: the actions below apply to it"""

    bl_idname = "worldsmith.version_select"
    bl_label = "Select Version"

    @classmethod
    def description(cls, context, properties):
        """The tooltip: who made the version and when (the row has no room for them)."""
        try:
            version = store.get_version(properties.version_id)
            rec = version.record()
        except (WorldsmithError, ReferenceError):
            return "Select this version: the actions below apply to it"
        when = str(rec.get("created", "")).replace("T", " ")[:16]
        return f"{version.collection.name}, by {rec.get('author') or 'unknown'}, {when} UTC. Click to select it"

    def run(self, context):
        context.scene.worldsmith_versions.selected = self.target(context).id


class WORLDSMITH_OT_version_branch(_VersionOperator, bpy.types.Operator):
    """Start a branch from this version: new objects sharing its meshes until edited"""

    bl_idname = "worldsmith.version_branch"
    bl_label = "Branch Version"
    name: bpy.props.StringProperty(name="Branch Name", default="branch")

    def invoke(self, context, event):
        return context.window_manager.invoke_props_dialog(self)

    def run(self, context):
        new = api.branch(self.target(context), self.name)
        context.scene.worldsmith_versions.selected = new.id
        return f"Branched {new.collection.name}"


class WORLDSMITH_OT_version_switch(_VersionOperator, bpy.types.Operator):
    """Make this version the visible one (the others stay in the file, excluded from the view layer)"""

    bl_idname = "worldsmith.version_switch"
    bl_label = "Switch to Version"

    def run(self, context):
        return f"Showing {api.switch(self.target(context)).collection.name}"


class WORLDSMITH_OT_version_rename(_VersionOperator, bpy.types.Operator):
    """Rename this version's branch"""

    bl_idname = "worldsmith.version_rename"
    bl_label = "Rename Branch"
    name: bpy.props.StringProperty(name="Branch Name")

    def invoke(self, context, event):
        try:
            self.name = self.target(context).branch
        except WorldsmithError:
            pass
        return context.window_manager.invoke_props_dialog(self)

    def run(self, context):
        return f"Renamed to {api.rename_branch(self.target(context), self.name).collection.name}"


class WORLDSMITH_OT_version_delete(_VersionOperator, bpy.types.Operator):
    """Delete this version and its objects (not approved ones, not ones with child versions)"""

    bl_idname = "worldsmith.version_delete"
    bl_label = "Delete Version"

    def invoke(self, context, event):
        return context.window_manager.invoke_confirm(self, event, message="Delete this version and its objects?")

    def run(self, context):
        version = self.target(context)
        name = version.collection.name
        api.delete_version(version)
        context.scene.worldsmith_versions.selected = ""
        return f"Deleted {name}"


class WORLDSMITH_OT_version_note(_VersionOperator, bpy.types.Operator):
    """Add a note to this version (your name and the time are recorded)"""

    bl_idname = "worldsmith.version_note"
    bl_label = "Add Note"
    text: bpy.props.StringProperty(name="Note")

    def invoke(self, context, event):
        return context.window_manager.invoke_props_dialog(self)

    def run(self, context):
        api.add_note(self.target(context), self.text)
        return "Note added"


class WORLDSMITH_OT_version_review(_VersionOperator, bpy.types.Operator):
    """Change this version's review state; approving freezes it"""

    bl_idname = "worldsmith.version_review"
    bl_label = "Set Review State"
    state: bpy.props.EnumProperty(name="State", items=REVIEW_ITEMS)
    note: bpy.props.StringProperty(name="Note", description="Optional: why")

    def invoke(self, context, event):
        return context.window_manager.invoke_props_dialog(self)

    def run(self, context):
        version = self.target(context)
        api.set_review(version, self.state, self.note or None)
        return f"{version.collection.name}: {review.LABELS[self.state]}"


class WORLDSMITH_OT_version_pick(_VersionOperator, bpy.types.Operator):
    """Use this version as A (left) or B (right) of the comparison"""

    bl_idname = "worldsmith.version_pick"
    bl_label = "Pick for Compare"
    side: bpy.props.EnumProperty(name="Side", items=[("A", "A", "Left"), ("B", "B", "Right")])

    def run(self, context):
        settings = context.scene.worldsmith_versions
        setattr(settings, f"compare_{self.side.lower()}", self.target(context).id)
        settings.diff_lines = ""  # the last diff was for another pair


class WORLDSMITH_OT_version_integrity(_VersionOperator, bpy.types.Operator):
    """Check whether an approved version was changed by hand since approval"""

    bl_idname = "worldsmith.version_integrity"
    bl_label = "Check Approved Version"

    def run(self, context):
        found = api.check_approved_integrity(self.target(context))
        if found:
            raise InvalidInput(f"changed since approval: {'; '.join(found[:5])}")
        return "Unchanged since approval"


class WORLDSMITH_OT_versions_compare(_VersionOperator, bpy.types.Operator):
    """Show A and B side by side with their differences, or end the comparison"""

    bl_idname = "worldsmith.versions_compare"
    bl_label = "Compare Versions"
    on: bpy.props.BoolProperty(name="On", default=True)

    def run(self, context):
        settings = context.scene.worldsmith_versions
        if not self.on:
            api.compare_view(None, None, on=False)
            settings.compare_a = settings.compare_b = settings.diff_lines = ""
            return "Compare ended"
        a, b = _pair(context)
        settings.diff_lines = json.dumps(api.compare(a, b).summary() or ["no differences"])
        api.compare_view(a, b)
        overlay.frame(context, (a, b))
        return f"Comparing A v{a.number} (left) with B v{b.number} (right)"


def _default_path(name: str) -> str:
    base = bpy.path.abspath("//") if bpy.data.filepath else tempfile.gettempdir()
    return os.path.join(base, name)


class WORLDSMITH_OT_versions_render(_VersionOperator, bpy.types.Operator):
    """Render A and B from the same camera into one side-by-side PNG"""

    bl_idname = "worldsmith.versions_render"
    bl_label = "Render Side by Side"
    filepath: bpy.props.StringProperty(name="File", subtype="FILE_PATH", description="Empty: next to the .blend")
    size: bpy.props.IntVectorProperty(name="Size", size=2, default=(1024, 512), min=16, max=8192)

    def run(self, context):
        a, b = _pair(context)
        path = bpy.path.abspath(self.filepath) if self.filepath else _default_path(f"compare_v{a.number}_v{b.number}.png")
        return f"Wrote {api.render_compare(a, b, path, size=tuple(self.size))}"


class WORLDSMITH_OT_versions_export_review(_VersionOperator, bpy.types.Operator):
    """Write a review folder: both versions as GLB, the side-by-side PNG, the diff and the notes"""

    bl_idname = "worldsmith.versions_export_review"
    bl_label = "Export Review Package"
    directory: bpy.props.StringProperty(name="Folder", subtype="DIR_PATH", description="Empty: next to the .blend")
    size: bpy.props.IntVectorProperty(name="Image Size", size=2, default=(1024, 512), min=16, max=8192)

    def run(self, context):
        a, b = _pair(context)
        folder = bpy.path.abspath(self.directory) if self.directory else _default_path(f"review_v{a.number}_v{b.number}")
        api.export_review_package(a, b, folder, size=tuple(self.size))
        return f"Wrote {folder}"


class WORLDSMITH_OT_versions_repair(_VersionOperator, bpy.types.Operator):
    """Fix Worldsmith properties that hand edits broke; assets are kept"""

    bl_idname = "worldsmith.versions_repair"
    bl_label = "Repair Versions"
    world: bpy.props.StringProperty(name="World", description="World collection name; empty means every world")

    def run(self, context):
        names = [self.world] if self.world else [w.name for w in store.worlds()]
        fixes = [fix for name in names for fix in api.repair(name)]
        return f"Repaired: {'; '.join(fixes[:5])}" if fixes else "Nothing needed repair"


CLASSES = (
    WORLDSMITH_OT_version_select,
    WORLDSMITH_OT_version_branch,
    WORLDSMITH_OT_version_switch,
    WORLDSMITH_OT_version_rename,
    WORLDSMITH_OT_version_delete,
    WORLDSMITH_OT_version_note,
    WORLDSMITH_OT_version_review,
    WORLDSMITH_OT_version_pick,
    WORLDSMITH_OT_version_integrity,
    WORLDSMITH_OT_versions_compare,
    WORLDSMITH_OT_versions_render,
    WORLDSMITH_OT_versions_export_review,
    WORLDSMITH_OT_versions_repair,
)


# Registers CLASSES in order and unregisters them in reverse.
register, unregister = bpy.utils.register_classes_factory(CLASSES)
