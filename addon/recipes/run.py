"""Running a recipe: re-run only the stale nodes and make a new version (the base stays as it was).

With the recipe's source version in this file (the base), the stale nodes (changed keys) decide
what runs: a changed layout replays everything into the base's world; changed asset nodes
(reroll seed, source) become reroll jobs around the other assets; otherwise the new version is a
branch of the base, sharing its meshes and materials. Stale material, game prep and export nodes
are then applied in recorded order; clean ones never run, so they never call the backend (and a
retexture whose request was made before reuses that material: ``materials.retexture``). Without
the base (a fresh process, another file) every step replays from a new generation.

>>> run_recipe(edited_recipe_dict)            # a new version, one texture job
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Iterable

from ..core import recipe as rules
from ..core.errors import InvalidInput
from ..export import files as export_files
from ..export import gameprep
from ..generate import plans
from ..generate.run import run_blocking
from ..materials import library as materials
from ..materials import retexture as retexturing
from ..scene import records, store
from ..scene.assets import asset_key
from ..scene.transaction import Transaction
from ..versions import tree
from ..versions.compare import record_fingerprint, stored_fingerprint
from .graph import find_version, recipe_of
from .sources import LOCAL_SOURCES, apply_source

Fetch = Callable[[dict[str, Any]], bytes]


def load(recipe: Any) -> rules.Recipe:
    """A checked recipe from a dict, JSON text or ``Recipe``; ``RecipeError`` names the bad node."""
    if isinstance(recipe, rules.Recipe):
        return rules.from_dict(recipe.to_dict())
    if isinstance(recipe, (str, bytes)):
        try:
            recipe = json.loads(recipe)
        except ValueError as exc:
            raise rules.RecipeError("", f"not JSON ({exc})") from None
    return rules.from_dict(recipe)


def run_recipe(recipe: Any, *, world: Any = None, base: Any = None, name: str | None = None,
               fetch: Fetch | None = None, discard_manual_edits: bool = False) -> store.Version:
    """Make a new version from ``recipe``; only stale nodes run when its base version is here."""
    new = load(recipe)
    world_coll = store.world_collection(world) if world is not None else store.find_world(new.world_id)
    if base is not None:
        base = records.handle(base)
    elif world_coll is not None:
        base = find_version(new.version, world_coll)
    if base is None:
        return _replay(new, world_coll, fetch)
    records.ensure_editable(base)  # approved versions are frozen: "branch it first"
    old = recipe_of(base)
    stale = rules.stale(old, new)
    if "layout" in stale:
        _check_manual(old, set(old.nodes), discard_manual_edits)
        version = _replay(new, store.world_collection(base), fetch, parent=base)
        return version
    regen = [n for n in new.of_type("asset") if n.id in stale and _regenerated(old, n)]
    _check_manual(old, {n.id for n in regen}, discard_manual_edits)
    jobs = [n for n in regen if n.params["source"] in rules.BACKEND_SOURCES]
    with Transaction():
        version = _rerolls(base, jobs, new) if jobs else tree.branch(base, _name(name, base))
        for node in regen:
            if node.params["source"] in LOCAL_SOURCES:
                apply_source(version, node.params)
        _apply_locks(version, new)
        for node in new.nodes.values():
            if node.type == "export" and _same_target(old, node):
                continue  # an export to the same file would overwrite the base's: only a new path runs
            if node.id in stale and node.type in ("material", "gameprep", "export"):
                node.params = _apply(version, node.params, fetch)
        kept = {a: e for a, e in (stored_fingerprint(base) or {}).items()
                if f"asset:{a}" not in {n.id for n in regen}}
        _finish(version, new, base.id, stale, kept)
    return version


def sweep(version: Any, node_id: str, path: str, values: Iterable[Any], *, fetch: Fetch | None = None
          ) -> list[store.Version]:
    """One new version (a branch of ``version``) per value of ``node_id``'s parameter ``path``
    ("request.seed", "reroll_seed", "source"); only that node and what depends on it run."""
    version, values = records.handle(version), list(values)
    recipes = rules.sweep(recipe_of(version), node_id, path, values)
    return [run_recipe(r, base=version, name=_sweep_name(node_id, path, v), fetch=fetch)
            for r, v in zip(recipes, values)]


def _sweep_name(node_id: str, path: str, value: Any) -> str:
    text = f"{node_id.split(':')[-1]} {path.split('.')[-1]} {value}"
    return re.sub(r"[^\w .-]+", "_", text)[:60].strip() or "sweep"


# ---- pieces ---------------------------------------------------------------------------------

def _name(name: str | None, base: store.Version) -> str:
    return name or f"{base.branch} run"


def _same_target(old: rules.Recipe, node: rules.Node) -> bool:
    before = old.nodes.get(node.id)
    return before is not None and before.params.get("path") == node.params.get("path")


def _regenerated(old: rules.Recipe, node: rules.Node) -> bool:
    before = old.nodes.get(node.id)
    if before is None:
        return True
    strip = lambda p: {k: v for k, v in p.items() if k != "locked"}  # noqa: E731  a lock needs no job
    return strip(before.params) != strip(node.params)


def _check_manual(old: rules.Recipe, regenerated: set[str], discard: bool) -> None:
    lost = [n for n in old.of_type("manual_edit") if f"asset:{n.params['asset_id']}" in regenerated]
    if lost and not discard:
        names = ", ".join(f"{n.id} ({'/'.join(n.params.get('what') or [])})" for n in lost)
        raise InvalidInput(f"re-running would lose hand edits the recipe cannot redo: {names}; lock those "
                           "assets, or run again with discard_manual_edits=True; nothing was created")


def _rerolls(base: store.Version, nodes: list[rules.Node], recipe: rules.Recipe) -> store.Version:
    """Backend jobs for changed asset nodes, grouped by (reroll seed, source); ``None`` as the seed
    brings the asset back as the layout placed it (a regenerate around all the others)."""
    default = rules.default_source_for(recipe.of_type("layout")[0].params["generator"])
    groups: dict[tuple[int | None, str], list[str]] = {}
    for node in nodes:
        seed = node.params.get("reroll_seed")
        groups.setdefault((None if seed is None else int(seed), node.params["source"]), []).append(
            node.params["asset_id"])
    version = base
    for (seed, source), ids in groups.items():
        if seed is None:
            others = [a for a in version.assets() if a not in ids]
            plan = plans.plan_regenerate(version, seed=version.seed, keep=others)
        else:
            plan = plans.plan_reroll(version, ids, seed=seed)
        if source != default:
            plan.spec["generator"] = "shap-e" if source == "diffusion" else "procedural"
        plan.step["source"] = source
        made = run_blocking(plan).version
        if version is not base:
            made.set("parent", base.id)
            _drop(version)
        version = made
    return version


def _drop(version: store.Version) -> None:
    """Remove an intermediate version made inside one run (its objects; data others use stays)."""
    import bpy

    coll = version.collection
    bpy.data.batch_remove(list(coll.all_objects))
    bpy.data.collections.remove(coll)


def _apply_locks(version: store.Version, recipe: rules.Recipe) -> None:
    """Locked (pinned) as the asset nodes say: a lock is a flag, no job."""
    roots = version.assets()
    for node in recipe.of_type("asset"):
        obj = roots.get(node.params["asset_id"])
        if obj is not None and bool(obj.get("locked", False)) != bool(node.params.get("locked")):
            obj["locked"] = bool(node.params.get("locked"))


def _base_name(name: str) -> str:
    return re.sub(r"\.\d{3,}$", "", name)  # copies and re-imports get ".001" suffixes


def _object(version: store.Version, key: str, step: dict[str, Any]) -> Any:
    """The object a step names: by its asset key, then (parts share their asset's id) by its
    name without Blender's suffix, then by the material the slot held."""
    found = [o for o in version.collection.all_objects if o.get("role") in ("asset", "part") and asset_key(o) == key]
    if len(found) > 1 and step.get("object"):
        found = [o for o in found if _base_name(o.name) == _base_name(str(step["object"]))] or found
    slot = int(step.get("slot") or 0)
    if len(found) > 1:
        found = [o for o in found if len(o.material_slots) > slot] or found
    if len(found) > 1 and step.get("from"):
        found = [o for o in found if o.material_slots[slot].material is not None
                 and o.material_slots[slot].material.get("material_id") == step["from"]] or found
    if not found:
        raise InvalidInput(f"the recipe names {key!r}, which {version.collection.name} does not have")
    return found[0]


def _apply(version: store.Version, step: dict[str, Any], fetch: Fetch | None) -> dict[str, Any]:
    """Run one material, game prep or export step on ``version``; returns the step as recorded."""
    op, before = step["op"], len(version.get("recipe") or [])
    if step.get("make") and op in ("material_reassign", "material_take", "material_replace"):
        _made(version, step)
    if op in ("material_reassign", "material_take"):
        materials.reassign(_object(version, step["asset_id"], step), step["slot"], step["to"], op=op,
                           source=step.get("source"))
    elif op == "material_replace":
        materials.replace(version, step["from"], step["to"])
    elif op == "material_edit":
        materials.edit(_object(version, step["asset_id"], step), step["slot"], **dict(step.get("changes") or {}))
    elif op == "material_retexture":
        req = step["request"]
        retexturing.retexture(_object(version, step["asset_id"], step), step["slot"], req["prompt"],
                              seed=int(req.get("seed", 0)), size=req.get("size"), fetch=fetch)
    elif op == "make_lods":
        gameprep.make_lods(version, ratios=step.get("ratios"), triangle_targets=step.get("triangle_targets"))
    elif op == "make_collision":
        gameprep.make_collision(version, method=step.get("method", "hull"))
    elif op == "export":
        export_files.export(version, step["path"], preset=step.get("preset", "gltf"))
        records.add_step(version, records.step("export", preset=step.get("preset", "gltf"), path=step["path"]))
    else:
        raise rules.RecipeError(op, "cannot be run")
    recorded = (version.get("recipe") or [])[before:]
    if not recorded:
        return dict(step)
    out = {k: v for k, v in recorded[-1].items() if k != "at"}
    if "from" in step:  # what the recipe started from, not what the branch held before the re-run
        out["from"] = step["from"]
    return out


def _made(version: store.Version, step: dict[str, Any]) -> None:
    """The material a step assigns, made again from its record when this file lacks it (a copy
    with quick edits, made in another process)."""
    try:
        materials.resolve_material(step["to"], version.world_collection)
    except InvalidInput:
        made = materials.remake(step["make"], version.world_collection)
        if made.get("material_id") != step["to"]:
            made["material_id"] = step["to"]


def _finish(version: store.Version, recipe: rules.Recipe, base_id: str, stale: list[str],
            kept: dict[str, dict]) -> None:
    """The new version's recipe says exactly what it is (the run's steps), and where it came from."""
    now = store.now_iso()
    steps = [{**s, "at": now} for s in rules.to_steps(rules.rekey(recipe))]
    steps.append(records.step("recipe_run", **{"from": base_id, "stale": list(stale)}))
    version.set("recipe", steps)
    if base_id:
        version.set("parent", base_id)
    record_fingerprint(version, kept)


def _replay(recipe: rules.Recipe, world: Any, fetch: Fetch | None, *, parent: store.Version | None = None
            ) -> store.Version:
    """Every step from a new generation (into ``world`` when given); intermediate versions of one
    run are removed, so the run leaves one new version."""
    steps = rules.to_steps(recipe)
    spec = steps[0]["spec"]
    with Transaction():
        plan = plans.plan_generate(spec["prompt"], seed=int(spec["seed"]), theme=spec.get("theme"),
                                   generator=spec["generator"], max_assets=spec.get("max_assets"),
                                   texture_size=int(spec.get("texture_size") or 512), world=world)
        if parent is not None:
            plan.parent_id, plan.branch = parent.id, f"{parent.branch} run"
        version = run_blocking(plan).version
        origin, branch = str(version.get("parent") or ""), version.branch
        for step in steps[1:]:
            if step["op"] == "regenerate":
                made = run_blocking(plans.plan_regenerate(version, seed=step["seed"], keep=step["kept"])).version
            elif step["op"] == "reroll":
                made = _rerolls(version, [_as_node(step, a) for a in step["assets"]], recipe)
            elif step["op"] == "asset_source":
                apply_source(version, step)
                continue
            elif step["op"] != "export":  # a replay never overwrites the files the original wrote
                _apply(version, step, fetch)
                continue
            else:
                continue
            made.set("parent", origin)
            made.set("branch", branch)
            _drop(version)
            version = made
        _apply_locks(version, recipe)
        _finish(version, recipe, origin, list(recipe.nodes), {})
        if parent is None:
            _take_origin(version, recipe.origin)
    return store.switch(version)


def _take_origin(version: store.Version, origin: dict[str, Any]) -> None:
    """A replay into a fresh file reads like the version it reproduces: the same branch name, and
    the same number when no other version of the world has it."""
    branch, number = origin.get("branch"), origin.get("number")
    if isinstance(number, int) and number != version.number and not any(
            v.number == number for v in store.versions(version.world_collection) if v.id != version.id):
        version.set("number", number)
    tree.rename_branch(version, branch if isinstance(branch, str) and branch else version.branch)  # and the name


def _as_node(step: dict[str, Any], asset_id: str) -> rules.Node:
    return rules.Node(f"asset:{asset_id}", "asset", {"asset_id": asset_id, "source": step.get("source", "archetype"),
                                                     "reroll_seed": step["reroll_seed"]})
