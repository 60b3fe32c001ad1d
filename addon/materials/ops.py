"""worldsmith.material_* operators: read properties (falling back to the active object and slot),
call ``api``, report. Every one is undoable; scripts pass explicit names and indices."""

import bpy
from bpy.props import BoolProperty, EnumProperty, FloatProperty, FloatVectorProperty, IntProperty, StringProperty

from .. import api
from ..core.errors import InvalidInput, WorldsmithError
from ..core.materials import CHANNEL_LABELS, CHANNELS, TEXTURE_SIZES
from ..scene.assets import owner, resolve_object
from ..scene.ui_base import ReportingOperator
from . import library as materials

_ENUM_CACHE: list[tuple[str, str, str, int, int]] = []  # Blender needs enum strings kept alive


def _target(op, context) -> tuple[bpy.types.Object | str | None, int]:
    """The named object (its name when missing, so the API's error names it) or the active one."""
    obj = bpy.data.objects.get(op.object_name) if op.object_name else context.active_object
    index = op.slot_index if op.slot_index >= 0 else (obj.active_material_index if obj else 0)
    return obj or op.object_name or None, index


def _library_items(self, context):
    obj = context.active_object
    try:
        mats = api.library(owner(obj).world_collection) if obj else []
    except WorldsmithError:
        mats = []
    _ENUM_CACHE[:] = [(m.name, m.name, m.get("material_id", ""), materials.ensure_preview(m), i)
                      for i, m in enumerate(mats)]
    return _ENUM_CACHE or [("", "(no materials)", "", 0, 0)]


class _ObjectSlot:
    """The slot an operator works on; scripts name it, the panel leaves it to the active one."""

    object_name: StringProperty(name="Object", description="Target object; the active object when empty")
    slot_index: IntProperty(name="Slot", description="Slot index; -1 for the active slot", default=-1, min=-1)


def pick(context, mouse_x: int, mouse_y: int) -> tuple[str, int] | None:
    """The object and material slot under window pixel (mouse_x, mouse_y), in whichever 3D
    viewport is there (the button that started the eyedropper sits in the sidebar region)."""
    from bpy_extras import view3d_utils

    for area in context.screen.areas if context.screen else ():
        if area.type != "VIEW_3D":
            continue
        for region in area.regions:
            inside = region.x <= mouse_x < region.x + region.width and region.y <= mouse_y < region.y + region.height
            if region.type == "WINDOW" and inside:
                xy = (mouse_x - region.x, mouse_y - region.y)
                rv3d = area.spaces.active.region_3d
                origin = view3d_utils.region_2d_to_origin_3d(region, rv3d, xy)
                direction = view3d_utils.region_2d_to_vector_3d(region, rv3d, xy)
                return _hit_slot(context, origin, direction)
    return None


def _hit_slot(context, origin, direction) -> tuple[str, int] | None:
    depsgraph = context.evaluated_depsgraph_get()
    hit, _loc, _normal, face, obj, _matrix = context.scene.ray_cast(depsgraph, origin, direction)
    if not hit or obj is None or not obj.original.material_slots:
        return None
    original, evaluated = obj.original, obj.evaluated_get(depsgraph).data
    slot = evaluated.polygons[face].material_index if 0 <= face < len(evaluated.polygons) else 0
    return original.name, min(slot, len(original.material_slots) - 1)


class WORLDSMITH_OT_material_reassign(_ObjectSlot, ReportingOperator, bpy.types.Operator):
    """Put a material of the world's library on this slot only"""

    bl_idname = "worldsmith.material_reassign"
    bl_label = "Reassign Material"
    bl_options = {"REGISTER", "UNDO"}
    bl_property = "choice"

    material: StringProperty(name="Material", description="Material name or material_id")
    choice: EnumProperty(name="Material", items=_library_items)

    def invoke(self, context, event):
        if self.material:
            return self.execute(context)
        context.window_manager.invoke_search_popup(self)
        return {"RUNNING_MODAL"}

    def run(self, context):
        if not self.material and not self.properties.is_property_set("choice"):
            raise InvalidInput("Name the material to assign (material=...)")
        obj, index = _target(self, context)
        wanted = self.material or self.choice
        before = _slot_material(obj, index)
        api.reassign_material(obj, index, wanted)
        after = _slot_material(obj, index)
        return f"{obj.name if hasattr(obj, 'name') else obj} slot {index}: {before} → {after}"


def _slot_material(obj, index: int) -> str:
    slots = getattr(obj, "material_slots", ())
    mat = slots[index].material if 0 <= index < len(slots) else None
    return mat.name if mat is not None else "(empty)"


class WORLDSMITH_OT_material_take(_ObjectSlot, ReportingOperator, bpy.types.Operator):
    """Take the material of another object's slot: click a surface in the viewport, or pass
    source_object and source_slot"""

    bl_idname = "worldsmith.material_take"
    bl_label = "Take Material"
    bl_options = {"REGISTER", "UNDO"}

    source_object: StringProperty(name="Source Object")
    source_slot: IntProperty(name="Source Slot", default=0, min=0)

    def invoke(self, context, event):
        if self.source_object or context.area is None or context.area.type != "VIEW_3D":
            return self.execute(context)
        obj, index = _target(self, context)
        self.object_name, self.slot_index = (obj.name if obj else ""), index
        context.window.cursor_modal_set("EYEDROPPER")
        context.window_manager.modal_handler_add(self)
        return {"RUNNING_MODAL"}

    def modal(self, context, event):
        if event.type in {"RIGHTMOUSE", "ESC"}:
            context.window.cursor_modal_restore()
            return {"CANCELLED"}
        if event.type in {"MIDDLEMOUSE", "WHEELUPMOUSE", "WHEELDOWNMOUSE", "TRACKPADPAN", "TRACKPADZOOM"}:
            return {"PASS_THROUGH"}  # let the artist navigate while picking
        if event.type != "LEFTMOUSE" or event.value != "PRESS":
            return {"RUNNING_MODAL"}
        context.window.cursor_modal_restore()
        picked = pick(context, event.mouse_x, event.mouse_y)
        if picked is None:
            self.report({"WARNING"}, "No object with a material under the cursor")
            return {"CANCELLED"}
        self.source_object, self.source_slot = picked
        return self.execute(context)

    def run(self, context):
        obj, index = _target(self, context)
        api.take_material(obj, index, self.source_object, self.source_slot)


class WORLDSMITH_OT_material_replace(ReportingOperator, bpy.types.Operator):
    """Every slot of this version using one material now uses another"""

    bl_idname = "worldsmith.material_replace"
    bl_label = "Replace Everywhere in Version"
    bl_options = {"REGISTER", "UNDO"}

    version: StringProperty(name="Version", description="Version collection or id; the active object's when empty")
    old: StringProperty(name="Replace")
    new: StringProperty(name="With")

    def run(self, context):
        version = self.version or owner(resolve_object(context.active_object))
        return f"{api.replace_material(version, self.old, self.new)} slot(s) now use {self.new}"


class WORLDSMITH_OT_material_retexture(_ObjectSlot, ReportingOperator, bpy.types.Operator):
    """Make a new texture set for this slot from a prompt and seed (only this slot changes)"""

    bl_idname = "worldsmith.material_retexture"
    bl_label = "Retexture"
    bl_options = {"REGISTER", "UNDO"}

    prompt: StringProperty(name="Prompt", description="The material to make, e.g. 'mossy stone'")
    seed: IntProperty(name="Seed", default=0, min=0)
    size: EnumProperty(name="Size", items=[("0", "Same as now", "")] + [(str(s), f"{s} px", "") for s in TEXTURE_SIZES])

    def invoke(self, context, event):
        return context.window_manager.invoke_props_dialog(self)

    def run(self, context):
        obj, index = _target(self, context)
        api.retexture(obj, index, self.prompt, seed=self.seed, size=int(self.size) or None)


class WORLDSMITH_OT_material_edit(_ObjectSlot, ReportingOperator, bpy.types.Operator):
    """Quick edits of this slot's material: tint, roughness and metallic scale, emission, one
    channel's image. A material other versions use is copied first"""

    bl_idname = "worldsmith.material_edit"
    bl_label = "Edit Material"
    bl_options = {"REGISTER", "UNDO"}

    use_tint: BoolProperty(name="Tint")
    tint: FloatVectorProperty(name="Tint", subtype="COLOR", size=3, min=0.0, max=10.0, default=(1.0, 1.0, 1.0))
    roughness_scale: FloatProperty(name="Roughness Scale", default=1.0, min=0.0, max=10.0)
    metallic_scale: FloatProperty(name="Metallic Scale", default=1.0, min=0.0, max=10.0)
    use_emission: BoolProperty(name="Emission")
    emission_color: FloatVectorProperty(name="Emission Color", subtype="COLOR", size=3, min=0.0,
                                        default=(1.0, 0.6, 0.2))
    emission_strength: FloatProperty(name="Emission Strength", default=1.0, min=0.0)
    channel: EnumProperty(name="Channel", description="The channel whose image to swap",
                          items=[("NONE", "Keep images", "")] + [(c, CHANNEL_LABELS[c], "") for c in CHANNELS])
    image_path: StringProperty(name="Image", subtype="FILE_PATH")

    def invoke(self, context, event):
        return context.window_manager.invoke_props_dialog(self)

    def run(self, context):
        obj, index = _target(self, context)
        api.edit_material(obj, index, **_edit_changes(self))


def _edit_changes(op) -> dict:
    """The dialog's fields as ``edit_material`` keywords; untouched fields are left out."""
    image = bpy.path.abspath(op.image_path) if op.channel != "NONE" and op.image_path else None
    changes = {
        "tint": tuple(op.tint) if op.use_tint else None,
        "roughness_scale": op.roughness_scale if op.roughness_scale != 1.0 else None,
        "metallic_scale": op.metallic_scale if op.metallic_scale != 1.0 else None,
        "emission_color": tuple(op.emission_color) if op.use_emission else None,
        "emission_strength": op.emission_strength if op.use_emission else None,
        "images": {op.channel: image} if image else None,
    }
    return {k: v for k, v in changes.items() if v is not None}


class WORLDSMITH_OT_material_copy(ReportingOperator, bpy.types.Operator):
    """Add a copy of a material to the world's library (to edit, then assign)"""

    bl_idname = "worldsmith.material_copy"
    bl_label = "New Variant"
    bl_options = {"REGISTER", "UNDO"}

    material: StringProperty(name="Material")
    name: StringProperty(name="Name", description="Name of the copy; Blender picks one when empty")

    def run(self, context):
        return f"Added {api.copy_material(self.material, self.name or None).name} to the library"


CLASSES = (
    WORLDSMITH_OT_material_reassign,
    WORLDSMITH_OT_material_take,
    WORLDSMITH_OT_material_replace,
    WORLDSMITH_OT_material_retexture,
    WORLDSMITH_OT_material_edit,
    WORLDSMITH_OT_material_copy,
)

# Registers CLASSES in order and unregisters them in reverse.
register, unregister = bpy.utils.register_classes_factory(CLASSES)
