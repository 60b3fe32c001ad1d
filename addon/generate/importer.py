"""Atomic import of a result GLB: stage, check, then move into place — or leave no trace.

Blender's glTF importer writes into ``context.scene``: scene extras become scene custom
properties (our ``scene.worldsmith`` settings would be overwritten), it may switch the render
engine, and it changes selection and the active object. So it runs against a throwaway staging
scene; objects move into the version collection only after the checks pass. Every datablock
created during a ``Transaction`` is found by diffing ``bpy.data`` and removed on failure.
"""

from __future__ import annotations

import os
import struct
import tempfile
from dataclasses import dataclass, field
from typing import Any

import bpy

from ..core.errors import GenerationFailed
from ..core.spec import world_title
from ..materials.library import tag_imported_materials
from ..scene import records, store

# bpy.data collections an import (or our own version building) can add to.
ID_COLLECTIONS = (
    "objects", "meshes", "materials", "images", "textures", "node_groups", "collections",
    "cameras", "lights", "actions", "scenes", "worlds", "curves", "armatures",
)
STAGING_SCENE = "Worldsmith Staging"


def _ids(name: str) -> Any:
    return getattr(bpy.data, name, None) or ()


def snapshot() -> dict[str, set[int]]:
    return {name: {i.as_pointer() for i in _ids(name)} for name in ID_COLLECTIONS}


def counts() -> dict[str, int]:
    """How many datablocks of each kind exist (tests compare before/after)."""
    return {name: len(_ids(name)) for name in ID_COLLECTIONS}


class Transaction:
    """``with Transaction():`` — on an exception, every datablock created inside is removed and
    the view layer's active collection, active object and selection are put back."""

    def __enter__(self) -> "Transaction":
        self.before = snapshot()
        view_layer = bpy.context.view_layer
        self.view_layer = view_layer
        self.active_object = view_layer.objects.active.name if view_layer and view_layer.objects.active else None
        self.selected = [o.name for o in view_layer.objects if o.select_get()] if view_layer else []
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None:
            self.rollback()
        return False

    def rollback(self) -> None:
        doomed = [i for name in ID_COLLECTIONS for i in _ids(name) if i.as_pointer() not in self.before[name]]
        if doomed:
            bpy.data.batch_remove(doomed)
        self._restore_view_layer()

    def purge_new_orphans(self) -> None:
        """Remove datablocks created in this transaction that nothing uses (e.g. the mesh of a
        staged object that was discarded). Repeats: freeing a material frees its images."""
        for _ in range(6):
            orphans = [i for name in ID_COLLECTIONS if name != "scenes" for i in _ids(name)
                       if i.as_pointer() not in self.before[name] and i.users == 0]
            if not orphans:
                return
            bpy.data.batch_remove(orphans)

    def _restore_view_layer(self) -> None:
        view_layer = self.view_layer
        if view_layer is None:
            return
        try:
            for obj in view_layer.objects:
                obj.select_set(obj.name in self.selected)
            view_layer.objects.active = bpy.data.objects.get(self.active_object) if self.active_object else None
        except (ReferenceError, RuntimeError):
            pass


@dataclass
class Staged:
    """A GLB imported into the staging scene and checked."""

    scene: bpy.types.Scene
    extras: dict[str, Any]
    objects: list[bpy.types.Object] = field(default_factory=list)
    _hierarchy: Any = field(default=None, repr=False)

    def assets(self) -> dict[str, bpy.types.Object]:
        return {o["asset_id"]: o for o in self.objects if o.get("role") == "asset"}

    def subtree(self, root: bpy.types.Object) -> list[bpy.types.Object]:
        if self._hierarchy is None:
            self._hierarchy = store.Hierarchy(self.objects)
        return [root, *self._hierarchy.descendants(root)]

    def dispose(self, keep: set[str]) -> None:
        """Remove the staging scene and the staged objects not named in ``keep``; their data
        goes with ``Transaction.purge_new_orphans``."""
        unwanted = [o for o in self.objects if o.name not in keep]
        for obj in self.objects:
            if self.scene.collection.objects.get(obj.name) is obj:
                self.scene.collection.objects.unlink(obj)
        if unwanted:
            bpy.data.batch_remove(unwanted)
        bpy.data.scenes.remove(self.scene)


def check_glb_bytes(data: bytes) -> None:
    """The GLB header is intact and its length matches: catches truncated downloads early."""
    if len(data) < 20 or data[:4] != b"glTF":
        raise GenerationFailed("the result is not a GLB file (bad header); nothing was imported")
    version, length = struct.unpack_from("<II", data, 4)
    if version != 2 or length != len(data):
        raise GenerationFailed(
            f"the result GLB is truncated or damaged ({len(data)} of {length} bytes); nothing was imported"
        )


def stage(data: bytes) -> Staged:
    """Import GLB bytes into a new staging scene and check the result against the contract.

    Call inside a ``Transaction``: on failure the caller's rollback removes the staged data.
    """
    check_glb_bytes(data)
    scene = bpy.data.scenes.new(STAGING_SCENE)
    fd, path = tempfile.mkstemp(suffix=".glb", prefix="worldsmith-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        with bpy.context.temp_override(scene=scene, view_layer=scene.view_layers[0]):
            try:
                result = bpy.ops.import_scene.gltf(filepath=path)
            except Exception as exc:  # the importer raises RuntimeError with its traceback text
                raise GenerationFailed(f"Blender's glTF importer could not read the result: {_first_line(exc)}") from None
        if result != {"FINISHED"}:
            raise GenerationFailed(f"Blender's glTF importer did not finish ({result}); nothing was imported")
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass
    staged = Staged(scene=scene, extras=_scene_extras(scene), objects=list(scene.collection.all_objects))
    _check(staged)
    for obj in staged.objects:
        if "box" in obj:
            del obj["box"]  # a generation-time box goes stale as soon as the asset moves
    return staged


def _scene_extras(scene: bpy.types.Scene) -> dict[str, Any]:
    raw = scene.get("worldsmith")
    extras = raw.to_dict() if hasattr(raw, "to_dict") else raw
    if not isinstance(extras, dict) or extras.get("schema") != 1 or not extras.get("world_id"):
        raise GenerationFailed(
            "the result has no Worldsmith scene extras (scenes[0].extras.worldsmith with schema 1 and "
            "world_id); it was not made by a Worldsmith generator; nothing was imported"
        )
    return extras


def _check(staged: Staged) -> None:
    seen: dict[str, str] = {}
    for obj in staged.objects:
        if obj.get("role") == "asset":
            asset_id = obj.get("asset_id")
            if not asset_id:
                raise GenerationFailed(f"asset object {obj.name!r} has no asset_id; nothing was imported")
            if asset_id in seen:
                raise GenerationFailed(f"asset id {asset_id!r} appears twice ({seen[asset_id]}, {obj.name}); nothing was imported")
            seen[asset_id] = obj.name
        if obj.type == "MESH" and (obj.data is None or len(obj.data.vertices) == 0 or len(obj.data.polygons) == 0):
            raise GenerationFailed(f"object {obj.name!r} has an empty mesh; nothing was imported")


def _first_line(exc: BaseException) -> str:
    lines = [line for line in str(exc).strip().splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__


# ---- moving into place ----------------------------------------------------------------------

def build_version(plan: Any, staged: Staged, tx: Transaction, *, backend_version: str = "") -> Any:
    """Make the version collection for ``plan`` (a ``generate.plans.Plan``): staged objects it
    takes, plus objects sharing data with the parent's kept assets. Runs inside ``tx``."""
    extras = staged.extras
    scene = bpy.data.scenes.get(plan.scene_name) or bpy.context.scene
    world = bpy.data.collections.get(plan.world_name) if plan.world_name else store.find_world(extras["world_id"])
    parent_id = plan.parent_id
    if world is None:
        title = world_title(extras.get("theme"), plan.spec["prompt"])
        world = store.create_world(scene, extras["world_id"], title, plan.spec["prompt"])
    elif not parent_id:
        active = store.active_version(world)  # same prompt again: a new version of that world
        parent_id = active.id if active else ""
    seed = int(plan.spec.get("seed", 0))
    version = store.create_version(world, {
        "id": records.new_version_id(), "number": store.next_number(world), "parent": parent_id,
        "branch": plan.branch, "author": records.who(), "world_id": extras["world_id"],
        "spec": extras.get("spec") or plan.spec, "seed": seed if seed < 2**31 else str(seed),
        "generator": str(extras.get("generator") or plan.spec["generator"]),
        "generator_version": str(extras.get("generator_version") or ""),
        "backend_version": backend_version, "theme": str(extras.get("theme") or ""),
        "recipe": plan.recipe, "ignored": list(extras.get("ignored") or []),
    })
    records.add_step(version, plan.step)
    # Record material ids and channels while the imported materials are still only ours.
    tag_imported_materials(
        slot.material for obj in staged.objects for slot in obj.material_slots if slot.material is not None
    )
    taken: set[str] = set()
    returned: set[str] = set()
    for root in [o for o in staged.objects if o.parent is None]:
        role, asset_id = root.get("role"), root.get("asset_id")
        if role == "asset":
            returned.add(asset_id)
        if plan.take_assets is not None and (role != "asset" or asset_id not in plan.take_assets):
            continue  # reroll: only the rerolled assets come from the result
        if role == "asset" and asset_id in plan.shared_assets:
            continue  # kept assets come from the parent, never from the result
        for obj in staged.subtree(root):
            version.collection.objects.link(obj)
            taken.add(obj.name)
    missing = [a for a in (plan.take_assets or []) if a not in returned]
    if missing:
        plan.notes.append(f"The backend returned no new {', '.join(missing)}; they were left out.")
    if plan.shared_assets or plan.share_non_assets:
        share_from(store.get_version(plan.parent_id), plan.shared_assets, plan.share_non_assets, version.collection)
    staged.dispose(taken)
    tx.purge_new_orphans()
    return version


def share_from(parent: Any, asset_ids: list[str], non_assets: bool, target: bpy.types.Collection) -> None:
    """New objects in ``target`` that link the parent's mesh data and materials (not copies)."""
    assets = parent.assets()
    roots = [assets[a] for a in asset_ids if a in assets]
    if non_assets:
        roots += [o for o in parent.collection.all_objects
                  if o.parent is None and o.get("role") in ("camera", "light")]
    hierarchy = store.Hierarchy(parent.collection.all_objects)
    for root in roots:
        _copy_subtree(root, target, None, hierarchy)


def _copy_subtree(obj: bpy.types.Object, target: bpy.types.Collection, parent: bpy.types.Object | None,
                  hierarchy: Any) -> None:
    new = obj.copy()  # Object.copy() shares obj.data; material slots live on the shared data
    if new.asset_data is not None:
        new.asset_clear()  # one Asset Browser entry per asset, not one per version
    target.objects.link(new)
    if parent is not None:
        new.parent = parent  # the copied parent inverse keeps the world transform unchanged
    for child in hierarchy.children(obj):
        _copy_subtree(child, target, new, hierarchy)
