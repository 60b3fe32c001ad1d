"""Materials of generated worlds: tagging, the world's library, slot reassignment, quick edits.

Design: a reassignment sets the slot's link to OBJECT and puts the material on the object. Repeated
assets share one mesh (and a branch shares its parent's meshes), so a mesh-level assignment would
reach every torch and every version; an object-level one reaches only that object, copies no mesh
(geometry and mesh hashes stay as they were), survives ``Object.copy`` into later branches, and is
what Blender's glTF exporter writes for that node. Material edits are copy-on-write: a material
used outside the version is copied first and the version's slots move to the copy.

Every change checks its arguments first (``InvalidInput``) and whether the version is editable
(``VersionFrozen``), then changes the scene and appends one recipe step to the version.

>>> reassign(bpy.data.objects["Torch.001 Flame"], 0, "Flame Warm")
>>> replace(version, "Flame", "Flame Warm")      # -> slots changed
"""

from __future__ import annotations

import json
from typing import Any, Iterable

import bpy

from ..core import materials as rules
from ..core.errors import InvalidInput
from ..scene import records, store
from ..scene.assets import asset_key, owner, resolve_object
from . import nodes, previews

WORLD_TAG = "ws_world"  # on materials Worldsmith made for a world (copies, retextures)
MADE_KEY = "ws_made"    # on copies: how to make them again (JSON), so a recipe can replay them


# ---- tagging ------------------------------------------------------------------------------------

def material_id(mat: bpy.types.Material) -> str:
    return str(mat.get("material_id") or rules.slug(mat.name))


def tag_material(mat: bpy.types.Material, *, world_id: str | None = None) -> bpy.types.Material:
    """Give ``mat`` a ``material_id`` (kept when present: it comes from the GLB extras), its
    ``ws_channels`` and, for materials made here, the world they belong to."""
    if not mat.get("material_id"):
        mat["material_id"] = rules.slug(mat.name)
    mat["ws_channels"] = nodes.channels_json(mat)
    if world_id:
        mat[WORLD_TAG] = world_id
    return mat


def tag_imported_materials(materials: Iterable[bpy.types.Material]) -> list[bpy.types.Material]:
    """Tag materials fresh from Blender's glTF importer (call after import, before moving the
    objects into the version). The importer already wires the PBR channels the way its exporter
    reads them back (tested); occlusion is moved onto the ORM node the other two channels use
    (``nodes.share_orm_node``), then ids and channels are recorded."""
    out = []
    for mat in materials:
        if mat is not None and mat not in out:
            nodes.share_orm_node(mat)
            out.append(tag_material(mat))
    return out


def channels(mat: bpy.types.Material) -> dict[str, str]:
    """Which image feeds which channel, as stored in ``mat["ws_channels"]``."""
    return rules.decode_channels(mat.get("ws_channels"))


# ---- ownership and lookups ------------------------------------------------------------------

def world_objects(world: Any) -> list[bpy.types.Object]:
    coll = store.world_collection(world)
    return [o for v in store.versions(coll) for o in v.collection.all_objects]


def _world_id(world: Any) -> str:
    return str(store.world_collection(world)[store.WORLD_KEY]["world_id"])


def library_materials(world: Any) -> dict[bpy.types.Material, int]:
    """Every material of ``world`` with how many slots use it: used by any object of any of its
    versions, or made for it here (copies, retextures)."""
    found: dict[bpy.types.Material, int] = {}
    for obj in world_objects(world):
        for slot in obj.material_slots:
            if slot.material is not None:
                found[slot.material] = found.get(slot.material, 0) + 1
    world_id = _world_id(world)
    for mat in bpy.data.materials:
        if mat.get(WORLD_TAG) == world_id:
            found.setdefault(mat, 0)
    return found


def entry(mat: bpy.types.Material, users: int = 0) -> rules.LibraryEntry:
    return rules.LibraryEntry(mat.name, material_id(mat), rules.tags_of(mat.get("tags")), users)


def library(world: Any, query: str = "", *, previews: bool = True) -> list[bpy.types.Material]:
    """The world's materials matching ``query`` (words in name, id or tags), best first.
    Previews are requested too (the UI list asks for its own); headless Blender may not render them."""
    mats = library_materials(world)
    by_name = {m.name: m for m in mats}
    found = [by_name[e.name] for e in rules.search((entry(m, n) for m, n in mats.items()), query)]
    if previews:
        for mat in found:
            ensure_preview(mat)
    return found


def ensure_preview(mat: bpy.types.Material) -> int:
    """The material's icon id for lists and menus (``materials.previews``: made from its base
    colour image, never a rendered preview, so it cannot block the UI); 0 for now where it waits
    its turn or where there is no UI."""
    return previews.icon(mat)


def versions_using(world: Any) -> dict[bpy.types.Material, list[int]]:
    """Each material of ``world`` with the numbers of the versions whose slots use it."""
    found: dict[bpy.types.Material, set[int]] = {}
    for version in store.versions(world):
        for obj in version.collection.all_objects:
            for slot in obj.material_slots:
                if slot.material is not None:
                    found.setdefault(slot.material, set()).add(version.number)
    return {mat: sorted(numbers) for mat, numbers in found.items()}


def resolve_material(material: Any, world: Any = None) -> bpy.types.Material:
    """A material from a Material, its name, or its ``material_id`` in ``world``'s library."""
    if isinstance(material, bpy.types.Material):
        return material
    if isinstance(material, str) and material:
        found = bpy.data.materials.get(material)
        if found is not None:
            return found
        pool = library_materials(world) if world is not None else bpy.data.materials
        for mat in pool:
            if mat.get("material_id") == material:
                return mat
    raise InvalidInput(f"unknown material {material!r}: pass a material, its name or its material_id "
                       "(api.library(world) lists them)")


def check_slot(obj: bpy.types.Object, slot_index: Any) -> int:
    return rules.check_slot_index(slot_index, len(obj.material_slots), f"object {obj.name!r}")


def id_or_none(mat: bpy.types.Material | None) -> str | None:
    return material_id(mat) if mat is not None else None


# ---- slot changes -------------------------------------------------------------------------------

def set_slot(obj: bpy.types.Object, index: int, mat: bpy.types.Material) -> None:
    """Object-level assignment (see the module docstring for why)."""
    slot = obj.material_slots[index]
    if slot.link != "OBJECT":
        slot.link = "OBJECT"
    slot.material = mat


def prepare(obj: Any, slot_index: Any) -> tuple[bpy.types.Object, store.Version, int]:
    """Resolve and check an object slot for a change; raises before anything changes."""
    obj = resolve_object(obj)
    version = owner(obj)
    records.ensure_editable(version)
    return obj, version, check_slot(obj, slot_index)


def reassign(obj: Any, slot_index: int, material: Any, *, op: str = "material_reassign",
             source: dict | None = None) -> bpy.types.Material:
    """Put ``material`` on slot ``slot_index`` of ``obj`` only; returns the material."""
    obj, version, index = prepare(obj, slot_index)
    mat = resolve_material(material, version.world_collection)
    old = obj.material_slots[index].material
    if not mat.get("material_id"):
        tag_material(mat)
    set_slot(obj, index, mat)
    records.add_step(version, _with_make(rules.reassign_step(store.now_iso(), obj.name, asset_key(obj), index,
                                                         id_or_none(old), material_id(mat), op=op, source=source),
                                        mat))
    return mat


def take(target: Any, slot_index: int, source: Any, source_slot: int) -> bpy.types.Material:
    """Give ``target``'s slot the material of ``source``'s slot (the eyedropper's work)."""
    src = resolve_object(source)
    index = check_slot(src, source_slot)
    mat = src.material_slots[index].material
    if mat is None:
        raise InvalidInput(f"slot {index} of {src.name!r} is empty; pick a slot with a material")
    return reassign(target, slot_index, mat, op="material_take",
                    source={"object": src.name, "slot": index})


def replace(version: Any, old: Any, new: Any) -> int:
    """Every slot of ``version`` using ``old`` now uses ``new``; returns how many changed."""
    version = store.get_version(version)
    records.ensure_editable(version)
    world = version.world_collection
    old_mat, new_mat = resolve_material(old, world), resolve_material(new, world)
    objects = {o.name: o for o in version.collection.all_objects if len(o.material_slots)}
    slots = {name: [s.material.name if s.material else None for s in o.material_slots]
             for name, o in objects.items()}
    changes = rules.plan_replace(slots, old_mat.name, new_mat.name)
    if not new_mat.get("material_id"):
        tag_material(new_mat)
    for change in changes:
        set_slot(objects[change.obj], change.slot, new_mat)
    if changes:
        keys = {c.obj: asset_key(objects[c.obj]) for c in changes}
        records.add_step(version, _with_make(rules.replace_step(store.now_iso(), material_id(old_mat),
                                                                material_id(new_mat), changes, keys), new_mat))
    return len(changes)


# ---- new materials and quick edits ----------------------------------------------------------

def copy_material(material: Any, name: str | None = None, *, world: Any = None, **edits: Any
                  ) -> bpy.types.Material:
    """A copy of ``material`` (sharing its images) in ``world``'s library, with quick edits
    (``tint``, ``roughness_scale``, ``metallic_scale``, ``emission_color``, ``emission_strength``,
    ``images``) applied. It is assigned nowhere: use ``reassign`` or ``replace``."""
    world_coll = store.world_collection(world) if world is not None else _world_of_material(material)
    src = resolve_material(material, world_coll)
    edit = rules.make_edit(**edits) if edits else None
    if edit:
        check_editable_material(src)
    images = _load_images(edit.images) if edit else {}
    new = src.copy()
    if name:
        new.name = name
    taken = {m.get("material_id") for m in bpy.data.materials if m is not new}
    new["material_id"] = rules.unique_id(rules.slug(name) if name else material_id(src), taken)
    if edit:
        apply_edit(new, edit, images)
    made = {"copy_of": material_id(src), "name": name or "", "edits": _replayable(edit),
            "source": made_from(src)}
    new[MADE_KEY] = json.dumps(made, sort_keys=True)
    return tag_material(new, world_id=_world_id(world_coll))


def _replayable(edit: rules.Edit | None) -> dict[str, Any]:
    """An edit as ``copy_material`` keywords again (images by name or path)."""
    if edit is None:
        return {}
    out = edit.record()
    if "images" in out:
        out["images"] = {ch: getattr(v, "name", str(v)) for ch, v in out["images"].items()}
    return out


def made_from(mat: bpy.types.Material) -> dict[str, Any] | None:
    """How ``copy_material`` made ``mat`` ({copy_of, name, edits, source}), None for others."""
    try:
        made = json.loads(mat.get(MADE_KEY) or "null")
    except (TypeError, ValueError):
        return None
    return made if isinstance(made, dict) else None


def remake(made: dict[str, Any], world: Any) -> bpy.types.Material:
    """Make a recorded copy again in ``world`` (its source first, when that was a copy too)."""
    world_coll = store.world_collection(world)
    try:
        resolve_material(made["copy_of"], world_coll)
    except InvalidInput:
        if not made.get("source"):
            raise
        remake(made["source"], world_coll)
    return copy_material(made["copy_of"], made.get("name") or None, world=world_coll, **(made.get("edits") or {}))


def _with_make(step: dict[str, Any], mat: bpy.types.Material) -> dict[str, Any]:
    made = made_from(mat)
    if made:
        step["make"] = made  # the recipe can make the material again in a fresh file
    return step


def _world_of_material(material: Any) -> bpy.types.Collection:
    for world in store.worlds():
        if resolve_material(material, world) in library_materials(world):
            return world
    raise InvalidInput(f"material {material!r} is not used in any Worldsmith world; pass world=")


def edit(obj: Any, slot_index: int, **changes: Any) -> bpy.types.Material:
    """Quick edits on the material of one slot (see ``copy_material`` for the keywords).

    Editing changes every slot of this version that uses the material, as in Blender; a material
    that other versions (or other worlds) use is copied first, so they never change.
    """
    obj, version, index = prepare(obj, slot_index)
    change = rules.make_edit(**changes)
    mat = obj.material_slots[index].material
    if mat is None:
        raise InvalidInput(f"slot {index} of {obj.name!r} is empty; assign a material first")
    check_editable_material(mat)
    images = _load_images(change.images)
    mine = {o.name for o in version.collection.all_objects}
    outside = any(o.name not in mine for o in bpy.data.objects
                  if any(s.material == mat for s in o.material_slots))
    target = mat
    if outside:
        target = mat.copy()
        taken = {m.get("material_id") for m in bpy.data.materials if m is not target}
        target["material_id"] = rules.unique_id(material_id(mat), taken)
        tag_material(target, world_id=version.world_id)
        for o in version.collection.all_objects:
            for i, slot in enumerate(o.material_slots):
                if slot.material == mat:
                    set_slot(o, i, target)
    apply_edit(target, change, images)
    step = rules.edit_step(store.now_iso(), material_id(target), change.record())
    step.update({"object": obj.name, "asset_id": asset_key(obj), "slot": index,
                 "copied_from": material_id(mat) if outside else None})
    records.add_step(version, step)
    return target


def check_editable_material(mat: bpy.types.Material) -> None:
    if nodes.principled(mat) is None:
        raise InvalidInput(f"material {mat.name!r} has no Principled BSDF node; quick edits need one")


def apply_edit(mat: bpy.types.Material, change: rules.Edit, images: dict[str, bpy.types.Image]) -> None:
    """Apply a checked edit (``check_editable_material`` ran before anything changed)."""
    for channel, image in images.items():
        nodes.wire_channel(mat, channel, image)
    if change.tint is not None:
        nodes.tint(mat, change.tint)
    if change.roughness_scale is not None:
        nodes.scale_scalar(mat, "Roughness", change.roughness_scale)
    if change.metallic_scale is not None:
        nodes.scale_scalar(mat, "Metallic", change.metallic_scale)
    if change.emission_color is not None or change.emission_strength is not None:
        nodes.set_emission(mat, change.emission_color, change.emission_strength)
    mat["ws_channels"] = nodes.channels_json(mat)


def _load_images(images: dict[str, Any]) -> dict[str, bpy.types.Image]:
    """Images for a channel swap: Image objects, image names, or file paths (loaded and packed so
    the .blend keeps them). A file that does not load raises ``InvalidInput`` and leaves no image."""
    out: dict[str, bpy.types.Image] = {}
    made: list[bpy.types.Image] = []
    try:
        for channel, value in images.items():
            if isinstance(value, bpy.types.Image):
                image = value
            elif isinstance(value, str) and value in bpy.data.images:
                image = bpy.data.images[value]
            else:
                image = load_image_file(str(value))
                made.append(image)
            if image.size[0] == 0 or image.size[1] == 0:
                raise InvalidInput(f"image {image.name!r} for {channel} has no pixels (it failed to load)")
            out[channel] = image
    except BaseException:
        for image in made:
            bpy.data.images.remove(image)
        raise
    return out


def load_image_file(path: str) -> bpy.types.Image:
    try:
        image = bpy.data.images.load(path, check_existing=False)
    except RuntimeError:
        raise InvalidInput(f"the image {path!r} could not be loaded; nothing was changed") from None
    if image.size[0] == 0 or image.size[1] == 0:
        bpy.data.images.remove(image)
        raise InvalidInput(f"the image {path!r} has no pixels or an unknown format; nothing was changed")
    image.pack()
    return image
