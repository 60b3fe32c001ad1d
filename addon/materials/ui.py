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


def library_rows(version, query: str = "", every_version: bool = False) -> list[tuple]:
    """The library as the panel lists it: (material, version numbers using it), the active
    object's version and new materials only unless ``every_version`` (earlier versions' copies,
    cloth.001..., do not crowd the list), newest version first, then by search rank."""
    found = materials.library(version.world_collection, query, previews=False)
    using = _using(version.world_collection)
    if not every_version:
        found = [m for m in found if not using.get(m) or version.number in using[m]]
    found.sort(key=lambda m: -(using.get(m) or [10**6])[-1])  # stable: search rank within a version
    return [(m, using.get(m, [])) for m in found]


# Rows are drawn by hand, not with UIList: a UIList over materials (or material slots) asks
# Blender for each row's rendered material preview, and rendering ~30 of them under software
# OpenGL froze Blender for a minute. Our icons come from materials.previews.
SLOTS_SHOWN = 8
LIBRARY_SHOWN = 8


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
        col = layout.column(align=True)
        for index, slot in enumerate(obj.material_slots[:SLOTS_SHOWN]):
            row = col.row(align=True)
            mat = slot.material
            icon = materials.ensure_preview(mat) if mat is not None else 0
            text = f"{index}  {mat.name if mat else '(empty)'}" + ("  (object)" if slot.link == "OBJECT" else "")
            op = row.operator("wm.context_set_int", text=text, depress=index == obj.active_material_index,
                              **({"icon_value": icon} if icon else {"icon": "MATERIAL"}))
            op.data_path, op.value = "object.active_material_index", index
        if len(obj.material_slots) > SLOTS_SHOWN:
            col.label(text=f"{len(obj.material_slots) - SLOTS_SHOWN} more slots")
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
        settings = context.scene.worldsmith_materials
        row = box.row(align=True)
        row.prop(settings, "library_filter", text="", icon="VIEWZOOM")
        row.prop(settings, "library_all", text="", icon="DOCUMENTS")
        rows = library_rows(version_of(obj), settings.library_filter, settings.library_all)
        col = box.column(align=True)
        index_of = {m.name: i for i, m in enumerate(bpy.data.materials)}
        for mat, using in rows[:LIBRARY_SHOWN]:
            line = col.row(align=True)
            icon = materials.ensure_preview(mat)
            picked = index_of[mat.name] == settings.library_index
            op = line.operator("wm.context_set_int", text=mat.name, depress=picked,
                               **({"icon_value": icon} if icon else {"icon": "MATERIAL"}))
            op.data_path, op.value = "scene.worldsmith_materials.library_index", index_of[mat.name]
            tag = line.row(align=True)
            tag.ui_units_x = 3
            tag.label(text=_version_tag(using))
        if len(rows) > LIBRARY_SHOWN:
            col.label(text=f"{len(rows) - LIBRARY_SHOWN} more: search to narrow", icon="INFO")
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


CLASSES = (WORLDSMITH_PT_materials,)

# Registers CLASSES in order and unregisters them in reverse.
register, unregister = bpy.utils.register_classes_factory(CLASSES)
