"""Plans for generate, regenerate and reroll: everything a job needs, decided up front on the
main thread: the spec, the world and parent version, which assets the new version shares with
the parent, and the recipe step the new version records. ``generate.run`` runs a plan (headless
callers block, the UI steps it from a timer) and imports its result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import bpy
import numpy as np

from ..core.spec import box_from_blender_corners, build_spec, derive_spec, random_seed
from ..core.errors import InvalidInput
from ..scene import records, store


@dataclass
class Plan:
    op: str                                   # generate | regenerate | reroll
    spec: dict[str, Any]
    scene_name: str
    world_name: str = ""                      # "" -> new world (or the one with the result's id)
    parent_id: str = ""
    branch: str = "main"
    shared_assets: list[str] = field(default_factory=list)   # asset ids linked from the parent
    share_non_assets: bool = False            # reroll: cameras and lights from the parent too
    take_assets: list[str] | None = None      # reroll: only these asset ids from the result
    recipe: list[dict[str, Any]] = field(default_factory=list)   # steps inherited from the parent
    step: dict[str, Any] = field(default_factory=dict)           # this operation's recipe step
    notes: list[str] = field(default_factory=list)
    beside_content: bool = False              # a new world goes beside the scene's content


def plan_generate(prompt: str, *, seed: int = 0, theme: str | None = None, generator: str = "procedural",
                  max_assets: int | None = None, texture_size: int = 512, world: Any = None,
                  scene: bpy.types.Scene | None = None, beside_content: bool = False) -> Plan:
    world_coll = store.world_collection(world) if world is not None else None
    world_id = world_coll[store.WORLD_KEY]["world_id"] if world_coll else None
    spec = build_spec(prompt, seed=seed, theme=theme, generator=generator, max_assets=max_assets,
                      texture_size=texture_size, world_id=world_id)
    parent = store.active_version(world_coll) if world_coll else None
    return Plan(op="generate", spec=spec, scene_name=(scene or bpy.context.scene).name,
                world_name=world_coll.name if world_coll else "", parent_id=parent.id if parent else "",
                step=records.step("generate", spec=spec), beside_content=beside_content)


def plan_regenerate(version: Any, *, seed: int | None = None, keep: Iterable[Any] | None = None) -> Plan:
    parent = store.get_version(version)
    assets = parent.assets()
    kept = ([aid for aid, obj in assets.items() if obj.get("locked")] if keep is None
            else [_asset_id(k, assets) for k in keep])
    seed = random_seed() if seed is None else seed
    hierarchy = store.Hierarchy(parent.collection.all_objects)
    spec = derive_spec(parent.get("spec", {}), seed=seed, world_id=parent.world_id,
                       keep=[keep_entry(assets[aid], hierarchy, store.world_origin(parent.world_collection))
                             for aid in kept])
    step = records.step("regenerate", seed=seed, kept=kept)
    return _derived_plan("regenerate", parent, spec, kept, step)


def plan_reroll(version: Any, asset_ids: Iterable[Any], *, seed: int | None = None,
                generator: str | None = None) -> Plan:
    """Only ``asset_ids`` come from the backend (with a new sub-seed, and from ``generator`` when
    given); every other asset is shared with the parent."""
    parent = store.get_version(version)
    records.ensure_editable(parent)  # rerolling edits the version's content: approved ones are frozen
    assets = parent.assets()
    targets = [_asset_id(a, assets) for a in asset_ids]
    if not targets:
        raise InvalidInput("reroll needs at least one asset (an object or an asset id)")
    others = [aid for aid in assets if aid not in targets]
    reroll_seed = random_seed() if seed is None else seed
    hierarchy = store.Hierarchy(parent.collection.all_objects)
    changes = {"generator": generator} if generator else {}
    spec = derive_spec(parent.get("spec", {}), seed=parent.seed, world_id=parent.world_id, reroll=targets,
                       reroll_seed=reroll_seed,
                       keep=[keep_entry(assets[aid], hierarchy, store.world_origin(parent.world_collection))
                             for aid in others],
                       **changes)
    # A reroll from the diffusion mesh generator is a change of the assets' source: the recipe
    # graph (core.recipe) replays it as a shap-e reroll job.
    step = (records.step("reroll", assets=targets, reroll_seed=reroll_seed, source="diffusion") if generator
            else records.step("reroll", assets=targets, reroll_seed=reroll_seed))
    plan = _derived_plan("reroll", parent, spec, others, step)
    plan.share_non_assets, plan.take_assets = True, targets
    return plan


def plan_fill_proxies(version: Any, asset_ids: Iterable[Any] | None = None, *, generator: str = "shap-e",
                      seed: int | None = None) -> Plan:
    """A new version where proxies (all of them, or ``asset_ids``) get shapes from ``generator``
    (the diffusion mesh generator by default), asked for each proxy's noun; the rest is shared."""
    parent = store.get_version(version)
    proxies = parent.proxies()
    targets = list(proxies) if asset_ids is None else [_asset_id(a, parent.assets()) for a in asset_ids]
    if not targets:
        raise InvalidInput(f"{parent.collection.name} has no proxies to fill: every named thing already has a shape")
    not_proxies = [aid for aid in targets if aid not in proxies]
    if not_proxies:
        raise InvalidInput(f"{', '.join(not_proxies)} {'is' if len(not_proxies) == 1 else 'are'} not a proxy; "
                           "reroll real assets instead")
    return plan_reroll(parent, targets, seed=seed, generator=generator)


def _derived_plan(op: str, parent: store.Version, spec: dict, shared: list[str], step: dict) -> Plan:
    scene = next((s for s in bpy.data.scenes if parent.world_collection.name in s.collection.children_recursive), None)
    return Plan(op=op, spec=spec, scene_name=(scene or bpy.context.scene).name,
                world_name=parent.world_collection.name, parent_id=parent.id, branch=parent.branch,
                shared_assets=shared, recipe=list(parent.get("recipe", [])), step=step)


def _asset_id(target: Any, assets: dict[str, bpy.types.Object]) -> str:
    aid = target.get("asset_id") if isinstance(target, bpy.types.Object) else target
    if aid not in assets:
        raise InvalidInput(f"{target!r} is not an asset of this version; known ids: {', '.join(sorted(assets)[:8])}…")
    return aid


def keep_entry(root: bpy.types.Object, hierarchy: store.Hierarchy | None = None,
               origin: tuple[float, float, float] = (0.0, 0.0, 0.0)) -> dict[str, Any]:
    """The asset's box (root and parts) relative to the world's ``origin``, in glTF space, for
    the spec's ``keep``."""
    parts = hierarchy.descendants(root) if hierarchy is not None else root.children_recursive
    # numpy, not a Vector per corner: a reroll computes this for every other asset of the world.
    points = [np.asarray(obj.bound_box) @ np.asarray(obj.matrix_world)[:3, :3].T + np.asarray(obj.matrix_world)[:3, 3]
              for obj in (root, *parts) if obj.type == "MESH"]
    corners = (np.concatenate(points) if points else np.asarray([root.matrix_world.translation])) - np.asarray(origin)
    # Each glTF axis depends on one Blender axis, so the Blender AABB's two corners are enough.
    return {"asset_id": root["asset_id"], "box": box_from_blender_corners([corners.min(0), corners.max(0)])}


