"""The Versions panel: the active world's version tree, actions on the selected version, review,
notes, and compare (A | B, diff summary, render, review package)."""

from __future__ import annotations

import json

import bpy

from ..core import review
from ..core import versions as tree_rules
from ..core.errors import WorldsmithError
from ..scene import records, store
from ..scene.ui_base import WorldsmithSidebarPanel, wrapped
from ..scene.visibility import compare_state

NOTES_SHOWN = 3  # per version in the list; the review package has them all


def active_world(context) -> bpy.types.Collection | None:
    """The world of the selected version, else the first world in the scene."""
    selected = context.scene.worldsmith_versions.selected
    if selected:
        try:
            return records.world_of(store.get_version(selected))
        except (WorldsmithError, ReferenceError):
            pass
    in_scene = set(context.scene.collection.children_recursive)
    return next((w for w in store.worlds() if w in in_scene), None)


def _when(iso: str) -> str:
    return iso.replace("T", " ")[:16] if iso else ""


class WORLDSMITH_PT_versions(WorldsmithSidebarPanel, bpy.types.Panel):
    bl_idname = "WORLDSMITH_PT_versions"
    bl_label = "Versions"
    bl_options = {"DEFAULT_CLOSED"}

    def draw(self, context):
        layout = self.layout
        world = active_world(context)
        if world is None:
            layout.label(text="Generate a world to start its version history", icon="INFO")
            return
        settings = context.scene.worldsmith_versions
        pairs = records.world_records(world)
        sound = [rec for _, rec in pairs if rec is not None]
        active_id = world[store.WORLD_KEY].get("active_version", "")
        layout.label(text=world.name, icon="OUTLINER_COLLECTION")
        listing = layout.column(align=True)
        for row in tree_rules.tree(sound):
            self.draw_version(listing, row, settings, active_id)
        broken = [coll.name for coll, rec in pairs if rec is None]
        if broken:
            box = layout.box()
            box.alert = True
            for name in broken:
                box.label(text=f"{name}: properties malformed", icon="ERROR")
            box.operator("worldsmith.versions_repair", icon="TOOL_SETTINGS").world = world.name
        selected = next((rec for rec in sound if rec["id"] == settings.selected), None)
        if selected is not None:
            self.draw_actions(layout, selected)
        self.draw_compare(layout, settings, {rec["id"]: rec for rec in sound}, world)

    def draw_version(self, layout, row, settings, active_id: str) -> None:
        rec = row.record
        line = layout.row(align=True)
        for _ in range(row.depth):
            line.label(text="", icon="BLANK1")
        state = rec.get("review_state", review.DRAFT)
        # Who made it and when are in the button's tooltip (version_select.description): the
        # default sidebar has room for the name, the visible eye and the A/B picks only.
        op = line.operator("worldsmith.version_select", text=f"v{rec['number']} {rec['branch']}",
                           icon=review.ICONS.get(state, "QUESTION"), depress=rec["id"] == settings.selected)
        op.version_id = rec["id"]
        line.label(text="", icon="HIDE_OFF" if rec["id"] == active_id else "BLANK1")
        picks = line.row(align=True)
        picks.ui_units_x = 2.6  # two narrow buttons: the name keeps the room
        for side in ("A", "B"):
            op = picks.operator("worldsmith.version_pick", text=side,
                               depress=getattr(settings, f"compare_{side.lower()}") == rec["id"])
            op.version_id, op.side = rec["id"], side
        notes = json.loads(rec.get("notes", "[]"))
        for note in notes[-NOTES_SHOWN:]:
            wrapped(layout, f"{note.get('author', '')}: {note.get('text', '')}", icon="TEXT", context=bpy.context)
        if len(notes) > NOTES_SHOWN:
            layout.label(text=f"    {len(notes) - NOTES_SHOWN} earlier notes")

    def draw_actions(self, layout, rec: dict) -> None:
        box = layout.box()
        state = rec.get("review_state", review.DRAFT)
        box.label(text=f"v{rec['number']} {rec['branch']}: {review.LABELS.get(state, state)}",
                  icon=review.ICONS.get(state, "QUESTION"))
        if rec.get("author") or rec.get("created"):
            box.label(text=f"{rec.get('author', '')} · {_when(rec.get('created', ''))}".strip(" ·"), icon="USER")
        grid = box.grid_flow(columns=3, align=True)
        for idname, text, icon in (("worldsmith.version_switch", "Switch", "HIDE_OFF"),
                                   ("worldsmith.version_branch", "Branch", "PLUS"),
                                   ("worldsmith.version_rename", "Rename", "SORTALPHA"),
                                   ("worldsmith.version_note", "Note", "TEXT"),
                                   ("worldsmith.version_delete", "Delete", "TRASH")):
            grid.operator(idname, text=text, icon=icon).version_id = rec["id"]
        if review.is_frozen(state):
            wrapped(box, "Approved: frozen. Branch it to make changes.", icon="LOCKED", context=bpy.context)
            box.operator("worldsmith.version_integrity", icon="VIEWZOOM").version_id = rec["id"]
        row = box.row(align=True)
        for target in review.allowed(state):
            op = row.operator("worldsmith.version_review", text=review.LABELS[target], icon=review.ICONS[target])
            op.version_id, op.state = rec["id"], target

    def draw_compare(self, layout, settings, by_id: dict, world) -> None:
        box = layout.box()
        state = _compare_on(world)
        names = [by_id.get(getattr(settings, f"compare_{s}")) for s in ("a", "b")]
        if state:
            shown = [by_id.get(state.get(s)) for s in ("a", "b")]
            box.label(text="Compare view is on", icon="SPLIT_HORIZONTAL")
            for side, rec in zip("AB", shown):
                box.label(text=f"{side}: v{rec['number']} {rec['branch']}" if rec else f"{side}: ?",
                          icon="TRIA_LEFT" if side == "A" else "TRIA_RIGHT")
        else:
            text = "  ".join(f"{side}: v{r['number']}" if r else f"{side}: –" for side, r in zip("AB", names))
            box.label(text=f"Compare  {text}", icon="SPLIT_HORIZONTAL")
            if not all(names):
                box.label(text="Pick A and B in the list", icon="INFO")
                return
        row = box.row(align=True)
        if state:
            row.operator("worldsmith.versions_compare", text="End", icon="X").on = False
        else:
            row.operator("worldsmith.versions_compare", text="Compare", icon="VIEWZOOM").on = True
        if all(names):
            row.operator("worldsmith.versions_render", text="Render", icon="RENDER_STILL")
            row.operator("worldsmith.versions_export_review", text="Package", icon="EXPORT")
        for line in json.loads(settings.diff_lines or "[]")[:40]:
            wrapped(box, line, context=bpy.context)


def _compare_on(world) -> dict | None:
    try:
        return compare_state(world)
    except WorldsmithError:
        return None


CLASSES = (WORLDSMITH_PT_versions,)

# Registers CLASSES in order and unregisters them in reverse.
register, unregister = bpy.utils.register_classes_factory(CLASSES)
