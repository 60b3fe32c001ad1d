"""Job bundles for the current world: a variant sweep of a version's prompt and settings, or an
export of the saved .blend's version with presets. The templates are ``core.farm``'s; this module
reads what the world says (its version record) and where things are (the saved .blend)."""

from __future__ import annotations

import json
import os
from typing import Any, Iterable

import bpy

from ..core import farm, farm_recipe
from ..recipes import graph
from ..scene import store


def _paths(output_root: str, worldsmith_root: str | None) -> tuple[str, str]:
    # Relative paths ("//farm") are relative to the .blend, as everywhere in Blender.
    root = worldsmith_root if worldsmith_root is not None else os.environ.get("WORLDSMITH_ROOT", "")
    return (bpy.path.abspath(output_root) if output_root else "",
            bpy.path.abspath(root) if root else "")


def sweep_bundle(version: Any, folder: str, *, seeds: str | Iterable[int], output_root: str,
                 preset: str = "gltf", render_size: tuple[int, int] = (512, 288),
                 worldsmith_root: str | None = None, blender: str = "blender", name: str = "",
                 overwrite: bool = False) -> str:
    """Write a sweep bundle over ``seeds`` with the prompt, theme, generator and budgets the
    version was generated with; returns the template's path."""
    version = store.get_version(version)
    spec = version.get("spec") or {}
    budget = spec.get("asset_budget") or {}
    out, root = _paths(output_root, worldsmith_root)
    bundle = farm.sweep_bundle(farm.Sweep(
        prompt=str(spec.get("prompt") or ""), output_root=out, seeds=seeds, theme=spec.get("theme"),
        generator=str(spec.get("generator") or version.get("generator") or "procedural"), preset=preset,
        texture_size=int(budget.get("texture_size", 512)), max_assets=spec.get("max_assets"),
        render_size=tuple(render_size), worldsmith_root=root, blender=blender, name=name))
    return farm.write_bundle(bpy.path.abspath(folder), bundle, overwrite=overwrite)


def export_bundle(folder: str, *, presets: Iterable[str], output_root: str, version: str = "latest",
                  blend: str | None = None, worldsmith_root: str | None = None, blender: str = "blender",
                  name: str = "", overwrite: bool = False) -> str:
    """Write a bundle that exports ``version`` (latest, published, approved or an id) of the world saved in
    ``blend`` (default: this file, which must be saved) with each preset."""
    blend = bpy.path.abspath(blend) if blend else bpy.data.filepath
    if not blend:
        raise farm.FarmBundleError("save the .blend first: farm workers export the saved file")
    out, root = _paths(output_root, worldsmith_root)
    bundle = farm.export_bundle(farm.SavedExport(
        blend=blend, output_root=out, presets=tuple(presets), version=version, worldsmith_root=root,
        blender=blender, name=name))
    return farm.write_bundle(bpy.path.abspath(folder), bundle, overwrite=overwrite)


def recipe_sweep_bundle(recipe: Any, folder: str, *, node: str, param: str, values: Any, output_root: str,
                        preset: str = "gltf", render_size: tuple[int, int] = (512, 288),
                        worldsmith_root: str | None = None, blender: str = "blender", name: str = "",
                        overwrite: bool = False) -> str:
    """Write a recipe sweep bundle: ``recipe`` is a recipe file, or a version (its recipe is written
    into the bundle folder as ``recipe.json``); one task per value of ``node``'s ``param``."""
    folder = bpy.path.abspath(folder)
    if isinstance(recipe, str):
        path = bpy.path.abspath(recipe)
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError) as exc:
            raise farm.FarmBundleError(f"recipe file {path}: cannot read it as JSON ({exc})") from None
    else:
        data, path = graph.recipe_of(recipe).to_dict(), os.path.join(folder, "recipe.json")
    params = {str(n.get("id")): n.get("params") or {} for n in data.get("nodes") or []}
    if node not in params:
        raise farm.FarmBundleError(f"node {node!r} is not in the recipe; its nodes are {', '.join(params)}")
    target: Any = params[node]
    for part in param.split("."):
        if not isinstance(target, dict) or part not in target:
            raise farm.FarmBundleError(f"node {node!r} has no parameter {param!r}; it has {', '.join(params[node])}")
        target = target[part]
    out, root = _paths(output_root, worldsmith_root)
    bundle = farm_recipe.recipe_sweep_bundle(farm_recipe.RecipeSweep(
        recipe=path, node=node, param=param, values=values, output_root=out, preset=preset,
        render_size=tuple(render_size), worldsmith_root=root, blender=blender, name=name))
    template = farm.write_bundle(folder, bundle, overwrite=overwrite)
    if not isinstance(recipe, str):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2)
    return template
