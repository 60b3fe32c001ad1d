"""The Materials panel: the active object's slots, per-slot actions, and the world's library.

State lives in one property group (``Scene.worldsmith_materials``); the panel changes nothing
itself: every button is a worldsmith.material_* operator (undoable, recorded on the version).
"""

import time

import bpy

from ..scene.assets import version_of
from ..scene.ui_base import WorldsmithSidebarPanel, wrapped
from . import library as materials


def _version_of(obj):
    return version_of(obj) if obj is not None else None


class WORLDSMITH_UL_slots(bpy.types.UIList):
    """Material slots of an object: index, preview, material, and whether the object overrides
    the mesh's material (link Object)."""

    def draw_item(self, context, layout, data, item, icon, active_data, active_propname, index=0):
        mat = item.material
        row = layout.row(align=True)
        row.label(text=str(index))
        _material_label(row, mat.name if mat else "(empty)", mat)
        if item.link == "OBJECT":
            row.label(text="", icon="OBJECT_DATA")


def _material_label(layout, text: str, mat) -> None:
    icon = materials.ensure_preview(mat) if mat is not None else 0
    if icon:
        layout.label(text=text, icon_value=icon)
    else:  # no preview yet (previews come one at a time) or none possible: a plain icon
        layout.label(text=text, icon="MATERIAL")


def _version_tag(numbers: list[int]) -> str:
    if not numbers:
        return "new"
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"v{numbers[0]}–{numbers[-1]}"
    return " ".join(f"v{n}" for n in numbers)


_USING_CACHE: dict = {"at": 0.0, "world": "", "using": {}}


def _using(world) -> dict:
    """``versions_using`` once per redraw, not once per row."""
    now = time.monotonic()
    if _USING_CACHE["world"] != world.name or now - _USING_CACHE["at"] > 0.5:
        _USING_CACHE.update(at=now, world=world.name, using=materials.versions_using(world))
    return _USING_CACHE["using"]


class WORLDSMITH_UL_library(bpy.types.UIList):
    """The world's materials, grouped by the versions that use them (the tag on the right says
    which: "v1", "v2 v3", "new" for copies not used yet). By default only the active object's
    version and new materials show, so earlier versions' copies (cloth.001...) do not crowd the
    list; "All Versions" shows them all. The filter box searches names, ids and tags."""

    show_all: bpy.props.BoolProperty(name="All Versions", description="List every version's materials")

    def draw_item(self, context, layout, data, item, icon, active_data, active_propname, index=0):
        row = layout.row(align=True)
        _material_label(row, item.name, item)
        version = _version_of(context.active_object)
        using = _using(version.world_collection).get(item, []) if version else []
        row.label(text=_version_tag(using))

    def draw_filter(self, context, layout):
        row = layout.row(align=True)
        row.prop(self, "filter_name", text="")
        row.prop(self, "show_all", text="", icon="DOCUMENTS")

    def filter_items(self, context, data, propname):
        mats = getattr(data, propname)
        version = _version_of(context.active_object)
        if version is None:
            return [0] * len(mats), []
        found = materials.library(version.world_collection, self.filter_name, previews=False)
        using = _using(version.world_collection)
        if not getattr(self, "show_all", False):
            found = [m for m in found if not using.get(m) or version.number in using[m]]
        found.sort(key=lambda m: (-(using.get(m) or [10**6])[-1], m.name))  # newest version first
        rank = {m.name: i for i, m in enumerate(found)}
        flags = [self.bitflag_filter_item if m.name in rank else 0 for m in mats]
        order = [rank.get(m.name, len(rank) + i) for i, m in enumerate(mats)]
        return flags, order


def library_selection(context) -> bpy.types.Material | None:
    index = context.scene.worldsmith_materials.library_index
    mats = bpy.data.materials
    return mats[index] if 0 <= index < len(mats) else None


class WORLDSMITH_PT_materials(WorldsmithSidebarPanel, bpy.types.Panel):
    bl_idname = "WORLDSMITH_PT_materials"
    bl_label = "Materials"
    bl_options = {"DEFAULT_CLOSED"}

    def draw(self, context):
        layout = self.layout
        obj = context.active_object
        version = _version_of(obj)
        if version is None:
            layout.label(text="Select an object of a generated world", icon="MATERIAL")
            return
        layout.label(text=obj.name, icon="OBJECT_DATA")
        layout.label(text=version.collection.name, icon="OUTLINER_COLLECTION")
        if not obj.material_slots:
            layout.label(text="This object has no material slots", icon="INFO")
            return
        layout.template_list("WORLDSMITH_UL_slots", "", obj, "material_slots", obj, "active_material_index", rows=3)
        frozen = version.review_state == "approved"
        if frozen:
            wrapped(layout, "Approved: branch it first to change materials", icon="LOCKED", context=context)
        self.draw_slot_actions(layout, obj, frozen)
        self.draw_library(layout, context, obj, frozen)

    def draw_slot_actions(self, layout, obj, frozen: bool) -> None:
        index = obj.active_material_index
        col = layout.column(align=True)
        col.enabled = not frozen
        row = col.row(align=True)
        for idname, text, icon in (("worldsmith.material_reassign", "Reassign", "MATERIAL"),
                                   ("worldsmith.material_take", "Take", "EYEDROPPER")):
            op = row.operator(idname, text=text, icon=icon)
            op.object_name, op.slot_index = obj.name, index
        row = col.row(align=True)
        for idname, text, icon in (("worldsmith.material_retexture", "Retexture", "TEXTURE"),
                                   ("worldsmith.material_edit", "Edit", "SHADING_TEXTURE")):
            op = row.operator(idname, text=text, icon=icon)
            op.object_name, op.slot_index = obj.name, index

    def draw_library(self, layout, context, obj, frozen: bool) -> None:
        box = layout.box()
        box.label(text="World Library", icon="ASSET_MANAGER")
        box.template_list("WORLDSMITH_UL_library", "", bpy.data, "materials",
                          context.scene.worldsmith_materials, "library_index", rows=4)
        chosen = library_selection(context)
        current = obj.material_slots[obj.active_material_index].material if obj.material_slots else None
        if chosen is None:
            wrapped(box, "Pick a material above to assign or replace with it", icon="INFO", context=context)
            return
        col = box.column(align=True)
        col.enabled = not frozen
        op = col.operator("worldsmith.material_reassign", text="Assign to Slot", icon="CHECKMARK")
        op.object_name, op.slot_index, op.material = obj.name, obj.active_material_index, chosen.name
        if current is not None and current != chosen:
            op = col.operator("worldsmith.material_replace", text="Replace in Version", icon="FILE_REFRESH")
            op.old, op.new = current.name, chosen.name
        op = box.operator("worldsmith.material_copy", text="New Variant", icon="DUPLICATE")
        op.material = chosen.name


CLASSES = (WORLDSMITH_UL_slots, WORLDSMITH_UL_library, WORLDSMITH_PT_materials)

# Registers CLASSES in order and unregisters them in reverse.
register, unregister = bpy.utils.register_classes_factory(CLASSES)
