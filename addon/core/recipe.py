"""Recipes: how a version was made, as a graph of nodes with content keys (pure, no bpy).

A version stores its recipe as a list of steps (``scene.records.add_step``). ``from_steps`` turns
those steps into a graph: ``layout`` (prompt, theme, generator and its version, seed, budgets,
later regenerations) -> one ``asset`` node per asset (source, reroll seed, locked) -> ``material``
nodes (reassign, take, replace, edit, retexture) -> ``gameprep`` (LODs, collision) -> ``export``;
``manual_edit`` nodes stand for hand edits the steps cannot explain. Each node's key hashes its
type, code version, parameters (seeds included) and its inputs' keys, so an edit changes the key
of the edited node and of everything downstream: ``stale`` is the set of changed keys.

Recipe files are the JSON of ``to_dict`` (schema ``SCHEMA``)::

    {"schema": 1, "kind": "worldsmith-recipe", "world_id": "...", "version": "<source id>",
     "nodes": [{"id": "layout", "type": "layout", "params": {...}, "inputs": [], "key": "..."}, ...],
     "notes": ["what could not be reconstructed"], "origin": {"branch": "main", "number": 3}}

``validate`` checks one before anything runs and raises ``RecipeError`` naming the node.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .errors import InvalidInput

SCHEMA = 1
KIND = "worldsmith-recipe"
# Bump a type's code version whenever what its execution produces changes: its keys change too.
CODE_VERSIONS = {"layout": 1, "asset": 1, "material": 1, "gameprep": 1, "export": 1, "manual_edit": 1}
REQUIRED = {
    "layout": ("prompt", "seed", "generator"),
    "asset": ("asset_id", "source"),
    "material": ("op",),
    "gameprep": ("op",),
    "export": ("preset",),
    "manual_edit": ("asset_id", "what"),
}
SOURCES = ("archetype", "proxy", "library", "diffusion")
BACKEND_SOURCES = ("archetype", "diffusion")  # a reroll job; proxy and library are made in Blender
MATERIAL_OPS = ("material_reassign", "material_take", "material_replace", "material_edit", "material_retexture")
GAMEPREP_OPS = ("make_lods", "make_collision")
PROVENANCE_OPS = ("branch", "recipe_run")  # say where a version came from; change nothing
VOLATILE = ("at", "object")  # when a step ran and Blender's (suffixed) object name are not inputs


class RecipeError(InvalidInput):
    """A recipe that cannot run; ``node`` names the offending node ("" for the whole file)."""

    def __init__(self, node: str, message: str):
        self.node = node
        super().__init__(f"recipe{f' node {node!r}' if node else ''}: {message}; nothing was created")


@dataclass
class Node:
    id: str
    type: str
    params: dict[str, Any] = field(default_factory=dict)
    inputs: list[str] = field(default_factory=list)
    order: float = 0.0          # when its step ran, for replay (rerolls and materials interleave)
    key: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "params": copy.deepcopy(self.params),
                "inputs": list(self.inputs), "order": self.order, "key": self.key}


@dataclass
class Recipe:
    nodes: dict[str, Node] = field(default_factory=dict)   # insertion order is topological
    world_id: str = ""
    version: str = ""
    notes: list[str] = field(default_factory=list)
    origin: dict[str, Any] = field(default_factory=dict)  # the source's {branch, number}: a replay takes them

    def add(self, node: Node) -> Node:
        self.nodes[node.id] = node
        return node

    def of_type(self, kind: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.type == kind]

    def to_dict(self) -> dict[str, Any]:
        rekey(self)
        return {"schema": SCHEMA, "kind": KIND, "world_id": self.world_id, "version": self.version,
                "nodes": [n.to_dict() for n in self.nodes.values()], "notes": list(self.notes),
                **({"origin": dict(self.origin)} if self.origin else {})}


def node_key(node: Node, input_keys: Iterable[str]) -> str:
    params = {k: v for k, v in node.params.items() if k not in VOLATILE}
    body = {"type": node.type, "code": CODE_VERSIONS.get(node.type, 0), "params": params, "inputs": list(input_keys)}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def topological(recipe: Recipe) -> list[Node]:
    """The nodes, inputs first; ``RecipeError`` naming a node on a cycle or a missing input."""
    state: dict[str, int] = {}
    out: list[Node] = []

    def visit(node_id: str, path: tuple[str, ...]) -> None:
        if state.get(node_id) == 2:
            return
        if state.get(node_id) == 1:
            loop = " -> ".join([*path[path.index(node_id):], node_id])
            raise RecipeError(node_id, f"is part of a cycle ({loop}); a recipe must flow one way")
        state[node_id] = 1
        node = recipe.nodes[node_id]
        for src in node.inputs:
            if src not in recipe.nodes:
                raise RecipeError(node_id, f"its input {src!r} is not a node of this recipe")
            visit(src, (*path, node_id))
        state[node_id] = 2
        out.append(node)

    for node_id in recipe.nodes:
        visit(node_id, ())
    return out


def rekey(recipe: Recipe) -> Recipe:  # every node's key from its own params and its inputs' keys
    for node in topological(recipe):
        node.key = node_key(node, [recipe.nodes[i].key for i in node.inputs])
    return recipe


# ---- from a version's stored steps ------------------------------------------------------------

def _asset_of(key: str) -> str:
    return str(key).split("/", 1)[0]


def _step_assets(step: Mapping[str, Any]) -> list[str]:
    ids = [step["asset_id"]] if step.get("asset_id") else []
    ids += [entry[0] for entry in step.get("slots") or [] if entry]
    return sorted({_asset_of(a) for a in ids})


def _step_materials(step: Mapping[str, Any]) -> set[str]:
    return {str(step[k]) for k in ("from", "to", "material", "copied_from") if step.get(k)}


def from_steps(steps: list[Mapping[str, Any]], *, assets: Mapping[str, Mapping[str, Any]] | None = None,
               spec: Mapping[str, Any] | None = None, generator_version: str = "", world_id: str = "",
               version_id: str = "", manual_edits: Mapping[str, Mapping[str, Any]] | None = None) -> Recipe:
    """The graph of a version from its stored ``steps`` (oldest first). ``assets``: the version's
    asset ids -> ``{"locked": bool, "source": ...}``; ``spec``: the version's spec (used when the
    steps lack a generate step); ``manual_edits``: asset id -> what differs from the recorded
    fingerprint. Steps that cannot be placed are named in ``notes``."""
    recipe = Recipe(world_id=world_id, version=version_id)
    steps = [dict(s) for s in steps if isinstance(s, Mapping)]
    first = next((i for i, s in enumerate(steps) if s.get("op") == "generate"), None)
    base = dict(steps[first]["spec"]) if first is not None and isinstance(steps[first].get("spec"), Mapping) else None
    if base is None:
        base = dict(spec or {})
        recipe.notes.append("no generate step was recorded: the layout node comes from the version's spec; "
                            "a full re-run may not give the same assets")
    layout = recipe.add(Node("layout", "layout", _layout_params(base, generator_version), order=0))
    known = dict(assets or {})
    for s in steps:  # assets named only by steps (a version without object info)
        for aid in [*map(_asset_of, s.get("assets") or []), *_step_assets(s)]:
            known.setdefault(aid, {})
    source = default_source_for(base.get("generator", "procedural"))
    for aid in sorted(known):
        info = known[aid]
        recipe.add(Node(f"asset:{aid}", "asset", {
            "asset_id": aid, "source": info.get("source") or source,
            "reroll_seed": None, "locked": bool(info.get("locked", False))}, [layout.id], order=0.5))
    last_on_asset: dict[str, str] = {}
    last_on_material: dict[str, str] = {}
    n_material = 0
    for index, s in enumerate(steps):
        op = s.get("op")
        if index == first or op in PROVENANCE_OPS:
            continue
        if op == "generate":  # a later generate in the same version: a new layout, as regenerate
            layout.params["regenerations"].append({"seed": int(s.get("spec", {}).get("seed", 0)), "kept": []})
        elif op == "regenerate":
            layout.params["regenerations"].append({"seed": s.get("seed"), "kept": list(s.get("kept") or [])})
        elif op == "reroll":
            for aid in s.get("assets") or []:
                node = recipe.nodes[f"asset:{_asset_of(aid)}"]
                node.params["reroll_seed"], node.order = s.get("reroll_seed"), float(index)
                node.params["source"] = s.get("source") or node.params["source"]
        elif op == "asset_source":
            node = recipe.nodes[f"asset:{_asset_of(s['asset_id'])}"]
            node.params.update(source=s["source"], library_asset=s.get("library_asset"))
        elif op in MATERIAL_OPS:
            n_material += 1
            touched = _step_assets(s)
            inputs = [f"asset:{a}" for a in touched]
            inputs += [last_on_asset[a] for a in touched if a in last_on_asset]
            inputs += [last_on_material[m] for m in sorted(_step_materials(s)) if m in last_on_material]
            params = {k: v for k, v in s.items() if k != "at"}
            inputs = list(dict.fromkeys(inputs))  # each once, in order
            node = recipe.add(Node(f"material.{n_material}", "material", params, inputs, float(index)))
            for a in touched:
                last_on_asset[a] = node.id
            for m in _step_materials(s):
                last_on_material[m] = node.id
        elif op in GAMEPREP_OPS:
            params = {k: v for k, v in s.items() if k != "at"}
            node_id = f"gameprep.{op.split('_', 1)[1]}"  # the latest replaces the earlier ones
            recipe.nodes.pop(node_id, None)
            inputs = [n.id for n in recipe.of_type("asset")]  # LODs and hulls follow geometry only
            recipe.add(Node(node_id, "gameprep", params, inputs, float(index)))
        elif op == "export":
            params = {k: v for k, v in s.items() if k != "at"}
            inputs = [n.id for n in recipe.nodes.values() if n.type in ("asset", "material", "gameprep")]
            recipe.nodes.pop("export", None)
            recipe.add(Node("export", "export", params, inputs, float(index)))
        else:
            recipe.notes.append(f"step {index + 1} ({op!r}) cannot be reconstructed as a node; it is left out")
    for aid, what in sorted((manual_edits or {}).items()):
        if f"asset:{aid}" not in recipe.nodes:
            continue
        inputs = [f"asset:{aid}", *([last_on_asset[aid]] if aid in last_on_asset else [])]
        recipe.add(Node(f"manual_edit:{aid}", "manual_edit", {"asset_id": aid, **dict(what)}, inputs,
                        float(len(steps))))
    _move_exports_last(recipe)
    return rekey(recipe)


def default_source_for(generator: str) -> str:
    """Where a world generator's assets come from when nothing else is said."""
    return "diffusion" if generator == "shap-e" else "archetype"


def _layout_params(spec: Mapping[str, Any], generator_version: str) -> dict[str, Any]:
    budget = spec.get("asset_budget") or {}
    return {"prompt": spec.get("prompt", ""), "theme": spec.get("theme"), "max_assets": spec.get("max_assets"),
            "generator": spec.get("generator", "procedural"), "generator_version": str(generator_version or ""),
            "seed": int(spec.get("seed", 0) or 0), "regenerations": [],
            "texture_size": int(budget.get("texture_size", spec.get("texture_size", 512)) or 512)}


def _move_exports_last(recipe: Recipe) -> None:
    for kind in ("gameprep", "export"):
        for node in recipe.of_type(kind):
            recipe.nodes[node.id] = recipe.nodes.pop(node.id)


# ---- files: to_dict / from_dict / validate --------------------------------------------------

def from_dict(data: Any) -> Recipe:
    """A checked ``Recipe`` from its JSON form; ``RecipeError`` naming the node otherwise."""
    if not isinstance(data, Mapping):
        raise RecipeError("", f"expected a JSON object, got {type(data).__name__}")
    schema = data.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise RecipeError("", f"'schema' must be a whole number from 1, not {schema!r}")
    if schema > SCHEMA:
        raise RecipeError("", f"schema {schema} is newer than this Worldsmith understands ({SCHEMA}); "
                              "update the add-on to run it")
    nodes = data.get("nodes")
    if not isinstance(nodes, list) or not nodes:
        raise RecipeError("", "'nodes' must be a non-empty list")
    recipe = Recipe(world_id=str(data.get("world_id") or ""), version=str(data.get("version") or ""),
                    notes=[str(n) for n in data.get("notes") or []],
                    origin=dict(data["origin"]) if isinstance(data.get("origin"), Mapping) else {})
    for raw in nodes:
        if not isinstance(raw, Mapping) or not isinstance(raw.get("id"), str) or not raw["id"]:
            raise RecipeError("", f"every node needs a string 'id'; got {raw!r:.80}")
        node_id, kind = raw["id"], raw.get("type")
        if node_id in recipe.nodes:
            raise RecipeError(node_id, "appears twice")
        if kind not in CODE_VERSIONS:
            raise RecipeError(node_id, f"has unknown type {kind!r}; known: {', '.join(CODE_VERSIONS)}")
        params, inputs = raw.get("params", {}), raw.get("inputs", [])
        if not isinstance(params, Mapping) or not isinstance(inputs, list):
            raise RecipeError(node_id, "'params' must be an object and 'inputs' a list")
        missing = [p for p in REQUIRED[kind] if p not in params]
        if missing:
            raise RecipeError(node_id, f"lacks the parameter(s) {', '.join(missing)}")
        recipe.add(Node(node_id, kind, copy.deepcopy(dict(params)), [str(i) for i in inputs],
                        float(raw.get("order", 0) or 0)))
    validate(recipe)
    return rekey(recipe)


def validate(recipe: Recipe) -> Recipe:
    """Structure and values a run needs; ``RecipeError`` naming the first bad node."""
    topological(recipe)  # cycles and missing inputs
    layouts = recipe.of_type("layout")
    if len(layouts) != 1:
        raise RecipeError(layouts[1].id if layouts else "", "a recipe needs exactly one layout node")
    for node in recipe.nodes.values():
        p = node.params
        if node.type == "layout":
            if not isinstance(p["prompt"], str) or not p["prompt"].strip():
                raise RecipeError(node.id, "the prompt is empty")
            _check_seed(node, "seed", p["seed"])
        elif node.type == "asset":
            if p["source"] not in SOURCES:
                raise RecipeError(node.id, f"source {p['source']!r} is unknown; use one of {', '.join(SOURCES)}")
            if p.get("reroll_seed") is not None:
                _check_seed(node, "reroll_seed", p["reroll_seed"])
            if p["source"] == "library" and not p.get("library_asset"):
                raise RecipeError(node.id, "source 'library' needs library_asset: the object or asset id to use")
        elif node.type == "material":
            if p["op"] not in MATERIAL_OPS:
                raise RecipeError(node.id, f"material op {p['op']!r} is unknown; use one of {', '.join(MATERIAL_OPS)}")
            if p["op"] == "material_retexture":
                request = p.get("request")
                if not isinstance(request, Mapping) or not str(request.get("prompt", "")).strip():
                    raise RecipeError(node.id, "a retexture needs a request with a prompt")
                _check_seed(node, "seed", request.get("seed", 0))
        elif node.type == "gameprep" and p["op"] not in GAMEPREP_OPS:
            raise RecipeError(node.id, f"game prep op {p['op']!r} is unknown; use one of {', '.join(GAMEPREP_OPS)}")
    return recipe


def _check_seed(node: Node, name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 2**32 - 1:
        raise RecipeError(node.id, f"{name} must be a whole number 0..4294967295, not {value!r}")


# ---- editing, staleness, comparison, sweeps -------------------------------------------------

def set_param(recipe: Recipe, node_id: str, path: str, value: Any) -> Recipe:
    """A copy of ``recipe`` with ``params[path]`` (dots go into dicts: "request.prompt") of
    ``node_id`` set to ``value``, keys recomputed."""
    new = from_dict(recipe.to_dict())
    if node_id not in new.nodes:
        raise RecipeError(node_id, "is not a node of this recipe")
    target = new.nodes[node_id].params
    *head, last = path.split(".")
    for part in head:
        target = target.setdefault(part, {})
    target[last] = value
    validate(new)
    return rekey(new)


def stale(old: Recipe, new: Recipe) -> list[str]:
    """Nodes of ``new`` to run again: new nodes and those whose key changed (their own
    parameters, or anything upstream), in topological order."""
    rekey(old), rekey(new)
    return [n.id for n in topological(new) if n.id not in old.nodes or old.nodes[n.id].key != n.key]


def compare_recipes(a: Recipe, b: Recipe) -> dict[str, Any]:
    """The nodes that differ from ``a`` to ``b``: ``changed`` (own parameters, with both values),
    ``added``, ``removed``, and ``stale`` (changed plus everything downstream)."""
    rekey(a), rekey(b)
    changed = []
    for node_id, nb in b.nodes.items():
        na = a.nodes.get(node_id)
        if na is None:
            continue
        pa = {k: v for k, v in na.params.items() if k not in VOLATILE}
        pb = {k: v for k, v in nb.params.items() if k not in VOLATILE}
        if pa != pb or na.type != nb.type:
            diffs = {k: [pa.get(k), pb.get(k)] for k in sorted(set(pa) | set(pb)) if pa.get(k) != pb.get(k)}
            changed.append({"id": node_id, "type": nb.type, "params": diffs})
    return {"changed": changed, "added": [i for i in b.nodes if i not in a.nodes],
            "removed": [i for i in a.nodes if i not in b.nodes], "stale": stale(a, b),
            "same": sum(1 for i, n in b.nodes.items() if i in a.nodes and a.nodes[i].key == n.key)}


def sweep(recipe: Recipe, node_id: str, path: str, values: Iterable[Any]) -> list[Recipe]:
    """One recipe per value of ``node_id``'s ``path`` (see ``set_param``)."""
    values = list(values)
    if not values:
        raise RecipeError(node_id, "a sweep needs at least one value")
    return [set_param(recipe, node_id, path, v) for v in values]


def to_steps(recipe: Recipe) -> list[dict[str, Any]]:
    """The steps a run replays, oldest first: generate, regenerations, rerolls (grouped by seed
    at the time they ran), material steps, game prep and export, in recorded order."""
    layout = recipe.of_type("layout")[0].params
    spec = {"prompt": layout["prompt"], "seed": layout["seed"], "generator": layout["generator"],
            "theme": layout.get("theme"), "max_assets": layout.get("max_assets"),
            "texture_size": layout.get("texture_size", 512)}
    steps: list[tuple[float, dict[str, Any]]] = [(0.0, {"op": "generate", "spec": spec})]
    for i, regen in enumerate(layout.get("regenerations") or []):
        steps.append((0.1 + i * 1e-3, {"op": "regenerate", "seed": regen["seed"], "kept": list(regen["kept"])}))
    rerolls: dict[tuple[float, int, str], list[str]] = {}
    default_source = default_source_for(layout["generator"])
    for node in recipe.of_type("asset"):
        p = node.params
        if p["source"] not in BACKEND_SOURCES:  # made in Blender after the jobs
            steps.append((node.order + 0.01, {"op": "asset_source", "asset_id": p["asset_id"], "source": p["source"],
                                              "library_asset": p.get("library_asset")}))
        elif p.get("reroll_seed") is not None or p["source"] != default_source:
            group = (node.order, int(p.get("reroll_seed") or 0), p["source"])
            rerolls.setdefault(group, []).append(p["asset_id"])
    for (order, seed, source), ids in rerolls.items():
        steps.append((order, {"op": "reroll", "assets": sorted(ids), "reroll_seed": seed, "source": source}))
    for node in recipe.nodes.values():
        if node.type in ("material", "gameprep", "export"):
            steps.append((node.order, {"op": node.params.get("op", node.type), **node.params}))
    steps.sort(key=lambda pair: pair[0])
    return [s for _, s in steps]
