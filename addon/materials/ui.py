"""The Materials panel: the active object's slots, per-slot actions, and the world's library.

State lives in one property group (``Scene.worldsmith_materials``); the panel changes nothing
itself: every button is a worldsmith.material_* operator (undoable, recorded on the version).
"""

import bpy

from ..core import materials as rules
from ..scene.assets import version_of
from ..scene.ui_base import WorldsmithSidebarPanel
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
        row.label(text=mat.name if mat else "(empty)", icon_value=materials.ensure_preview(mat) if mat else 0)
        if item.link == "OBJECT":
            row.label(text="", icon="OBJECT_DATA")


class WORLDSMITH_UL_library(bpy.types.UIList):
    """The world's materials (of the active object's world); the filter box searches names, ids
    and tags."""

    def draw_item(self, context, layout, data, item, icon, active_data, active_propname, index=0):
        row = layout.row(align=True)
        row.label(text=item.name, icon_value=materials.ensure_preview(item))
        tags = rules.tags_of(item.get("tags"))
        if tags:
            row.label(text=", ".join(tags[:3]))

    def filter_items(self, context, data, propname):
        mats = getattr(data, propname)
        version = _version_of(context.active_object)
        if version is None:
            return [0] * len(mats), []
        found = materials.library(version.world_collection, self.filter_name, previews=False)
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
        layout.label(text=f"{obj.name} in {version.collection.name}", icon="OBJECT_DATA")
        if not obj.material_slots:
            layout.label(text="This object has no material slots", icon="INFO")
            return
        layout.template_list("WORLDSMITH_UL_slots", "", obj, "material_slots", obj, "active_material_index", rows=3)
        frozen = version.review_state == "approved"
        if frozen:
            layout.label(text="Approved: branch it first to change materials", icon="LOCKED")
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
            box.label(text="Pick a material above to assign or replace with it")
            return
        col = box.column(align=True)
        col.enabled = not frozen
        op = col.operator("worldsmith.material_reassign", text=f"Assign {chosen.name} to Slot", icon="CHECKMARK")
        op.object_name, op.slot_index, op.material = obj.name, obj.active_material_index, chosen.name
        if current is not None and current != chosen:
            op = col.operator("worldsmith.material_replace", text="Replace Everywhere in Version", icon="FILE_REFRESH")
            op.old, op.new = current.name, chosen.name
        op = box.operator("worldsmith.material_copy", text="New Variant", icon="DUPLICATE")
        op.material = chosen.name


CLASSES = (WORLDSMITH_UL_slots, WORLDSMITH_UL_library, WORLDSMITH_PT_materials)

# Registers CLASSES in order and unregisters them in reverse.
register, unregister = bpy.utils.register_classes_factory(CLASSES)
