"""Atomic import of a result GLB: stage, check, then move into place — or leave no trace.

Blender's glTF importer writes into ``context.scene``: scene extras become scene custom
properties (our ``scene.worldsmith`` settings would be overwritten), it may switch the render
engine, and it changes selection and the active object. So it runs against a throwaway staging
scene; objects move into the version collection only after the checks pass. Every datablock
created during a ``Transaction`` is found by diffing ``bpy.data`` and removed on failure.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from typing import Any

import bpy
from mathutils import Vector

from ..core import contract
from ..core.errors import GenerationFailed
from ..core.spec import world_title
from ..materials.library import tag_imported_materials
from ..scene import records, store
from ..scene.transaction import Transaction
from .placement import origin_beside
from .share import share_content, share_meshes

STAGING_SCENE = "Worldsmith Staging"


@dataclass
class Staged:
    """A GLB imported into the staging scene and checked."""

    scene: bpy.types.Scene
    extras: dict[str, Any]
    objects: list[bpy.types.Object] = field(default_factory=list)
    _hierarchy: Any = field(default=None, repr=False)

    def assets(self) -> dict[str, bpy.types.Object]:
        return {o["asset_id"]: o for o in self.objects if o.get("role") in store.ASSET_ROLES}

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


def check_result(data: bytes) -> dict[str, Any]:
    """The result's scene extras, once its bytes meet the GLB contract (``core.contract``: glTF
    structure and Worldsmith extras); ``GenerationFailed`` naming the field otherwise. Runs before
    Blender's importer sees the file, so a bad result creates nothing at all."""
    try:
        return contract.check_glb(data)
    except contract.ContractError as exc:
        error = GenerationFailed(f"the result breaks the Worldsmith GLB contract at {exc.field}: {exc.message}; "
                                 "nothing was imported")
        error.field = exc.field  # type: ignore[attr-defined]
        raise error from None


def stage(data: bytes) -> Staged:
    """Import GLB bytes into a new staging scene and check the result against the contract.

    Call inside a ``Transaction``: on failure the caller's rollback removes the staged data.
    """
    extras = check_result(data)
    scene = bpy.data.scenes.new(STAGING_SCENE)
    fd, path = tempfile.mkstemp(suffix=".glb", prefix="worldsmith-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        with bpy.context.temp_override(scene=scene, view_layer=scene.view_layers[0]):
            try:
                result = bpy.ops.import_scene.gltf(filepath=path)
            except Exception as exc:  # the importer raises RuntimeError with its traceback text
                raise GenerationFailed(f"Blender's glTF importer could not read the result: {_cause(exc)}; "
                                       "nothing was imported") from None
        if result != {"FINISHED"}:
            raise GenerationFailed(f"Blender's glTF importer did not finish ({result}); nothing was imported")
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass
    staged = Staged(scene=scene, extras=extras, objects=list(scene.collection.all_objects))
    _check(staged)
    for obj in staged.objects:
        if "box" in obj:
            del obj["box"]  # a generation-time box goes stale as soon as the asset moves
    return staged


def _check(staged: Staged) -> None:
    seen: dict[str, str] = {}
    for obj in staged.objects:
        if obj.get("role") in store.ASSET_ROLES:
            asset_id = obj.get("asset_id")
            if not asset_id:
                raise GenerationFailed(f"asset object {obj.name!r} has no asset_id; nothing was imported")
            if asset_id in seen:
                raise GenerationFailed(f"asset id {asset_id!r} appears twice ({seen[asset_id]}, {obj.name}); nothing was imported")
            seen[asset_id] = obj.name
        if obj.type == "MESH" and (obj.data is None or len(obj.data.vertices) == 0 or len(obj.data.polygons) == 0):
            raise GenerationFailed(f"object {obj.name!r} has an empty mesh; nothing was imported")


def _cause(exc: BaseException) -> str:
    """The error line of the importer's traceback ("IndexError: list index out of range"), not
    the "Location: .../io_import_....py:123" line Blender appends after it."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    causes = [line for line in lines if not line.startswith(("Location:", "File ", "Traceback", "Error: Python:"))
              and ":" in line and line.split(":", 1)[0].replace(".", "").isidentifier()]
    return (causes or lines or [type(exc).__name__])[-1]


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
        if getattr(plan, "beside_content", False):
            store.set_world_origin(world, origin_beside(scene, staged.objects))
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
    # Tag (ids, channels, the ORM wiring) while the imported materials are still only ours, then
    # reuse identical images, materials and meshes already in the file: both sides are tagged
    # alike, so an unchanged material is found again.
    imported = [slot.material for obj in staged.objects for slot in obj.material_slots if slot.material is not None]
    tag_imported_materials(imported)
    share_content(imported)
    share_meshes(staged.objects)
    taken: set[str] = set()
    returned: set[str] = set()
    for root in [o for o in staged.objects if o.parent is None]:
        role, asset_id = root.get("role"), root.get("asset_id")
        is_asset = role in store.ASSET_ROLES
        if is_asset:
            returned.add(asset_id)
        if plan.take_assets is not None and (not is_asset or asset_id not in plan.take_assets):
            continue  # reroll: only the rerolled assets come from the result
        if is_asset and asset_id in plan.shared_assets:
            continue  # kept assets come from the parent, never from the result
        root.location += Vector(store.world_origin(world))  # the generator's origin is the world's
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
