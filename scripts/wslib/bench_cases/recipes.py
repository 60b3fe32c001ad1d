"""Benchmarks for recipes: re-running one edited retexture node on a 100-asset world against
re-running the whole recipe (side by side, counted backend jobs); a sweep of 8 seeds on one node
against one full run; and the .blend's size with 50 versions of a world against 5.

    scripts/bench.py recipes
"""

from __future__ import annotations

import copy
import itertools
import os
import tempfile
import time

from ..bench import bpy_ready, case, row
from ..worlds import clear

PROMPT_100 = "a huge medieval courtyard with 40 crates, 30 barrels, 20 torches and 10 market stalls"
TEXTURE = 512  # the add-on's default texture size
PROMPT_COURTYARD = "a medieval courtyard with a well, a market stall, crates, barrels and torches"


def _counting(api):
    """Count the backend jobs the add-on submits, by kind (world | texture)."""
    import importlib

    jobs = importlib.import_module(api.__name__.rsplit(".", 1)[0] + ".service.jobs").JobRun
    seen: list[str] = []
    original = jobs.submit.__func__

    def submit(cls, client, spec, **kw):
        seen.append(spec.get("kind", "world"))
        return original(cls, client, spec, **kw)

    jobs.submit = classmethod(submit)
    return seen, lambda: setattr(jobs, "submit", classmethod(original))


def _cold_backend(api) -> None:
    """Restart the backend (untimed): its in-memory texture cache starts empty, as a recipe run
    elsewhere (another machine, a fresh process) would find it."""
    import importlib

    package = api.__name__.rsplit(".", 1)[0]
    importlib.import_module(package + ".service.process").MANAGER.stop()
    importlib.import_module(package + ".scene.settings").client()  # starts it again


def _flame(version):
    return next((o, i) for o in sorted(version.collection.all_objects, key=lambda o: o.name)
                for i, s in enumerate(o.material_slots)
                if s.material and "flame" in str(s.material.get("material_id", "")))


def _retexture_node(recipe):
    return next(n for n in recipe["nodes"] if n["params"].get("op") == "material_retexture")


@case("recipes.rerun_one_retexture_100_assets")
def rerun_one_node(args) -> list[dict]:
    api = bpy_ready(args)
    import bpy

    clear(bpy)
    v1 = api.generate(PROMPT_100, seed=1, texture_size=TEXTURE, max_assets=100)
    obj, slot = _flame(v1)
    api.retexture(obj, slot, "blue fire", seed=1, size=TEXTURE)
    base = api.recipe(v1)
    seen, restore = _counting(api)
    fresh = itertools.count(1)
    ours_t, full_t, ours_jobs, full_jobs = [], [], [], []
    try:
        for _ in range(args.repeat):
            n = next(fresh)
            edited = copy.deepcopy(base)
            _retexture_node(edited)["params"]["request"]["prompt"] = f"green fire {n}"
            seen.clear()
            started = time.perf_counter()
            api.run_recipe(edited)
            ours_t.append(time.perf_counter() - started)
            ours_jobs.append(list(seen))
            # the whole recipe again, as a fresh process would run it: every node stale (a new layout
            # seed, nothing in the backend's result cache) on a backend with a cold texture cache
            whole = copy.deepcopy(edited)
            whole["nodes"][0]["params"]["seed"] = 1000 + n
            _retexture_node(whole)["params"]["request"]["prompt"] = f"red fire {n}"  # no cached material
            _cold_backend(api)
            seen.clear()
            started = time.perf_counter()
            api.run_recipe(whole)
            full_t.append(time.perf_counter() - started)
            full_jobs.append(list(seen))
    finally:
        restore()
    side = api.branch(v1, "texture job alone")  # what the one stale node costs by itself
    import importlib

    asset_key = importlib.import_module(api.__name__.rsplit(".", 1)[0] + ".scene.assets").asset_key
    target = next(o for o in side.collection.all_objects if o.get("role") in ("asset", "part")
                  and asset_key(o) == _retexture_node(base)["params"]["asset_id"])
    alone = []
    for n in range(args.repeat):
        started = time.perf_counter()
        api.retexture(target, _retexture_node(base)["params"]["slot"], f"violet fire {n}", seed=1, size=TEXTURE)
        alone.append(time.perf_counter() - started)
    assert all(j == ["texture"] for j in ours_jobs), ours_jobs
    assert all(j == ["world", "texture"] for j in full_jobs), full_jobs
    ours, full = sorted(ours_t)[len(ours_t) // 2], sorted(full_t)[len(full_t) // 2]
    assets = len(v1.assets())
    clear(bpy)
    return [row(f"edit one retexture prompt, Run ({assets} assets)", ours, reference=full, target="ratio <= 0.1",
                note="jobs per run: 1 texture; reference: the whole recipe (world + texture jobs, import), cold backend"),
            row("  the same retexture alone (api.retexture)", sorted(alone)[len(alone) // 2], reference=ours,
                note="reference: the Run above; the rest of the Run is the recipe diff, branch, fingerprints")]


@case("recipes.sweep_8_seeds")
def sweep_8(args) -> list[dict]:
    api = bpy_ready(args)
    import bpy

    clear(bpy)
    v1 = api.generate(PROMPT_100, seed=2, texture_size=TEXTURE, max_assets=100)
    obj, slot = _flame(v1)
    api.retexture(obj, slot, "blue fire", seed=1, size=TEXTURE)
    node = _retexture_node(api.recipe(v1))["id"]
    seeds = itertools.count(100)
    sweeps, fulls = [], []
    for _ in range(max(1, args.repeat // 2)):
        values = [next(seeds) for _ in range(8)]
        started = time.perf_counter()
        made = api.sweep(v1, node, "request.seed", values)
        sweeps.append(time.perf_counter() - started)
        assert len(made) == 8
        whole = api.recipe(v1)  # one full run: a new layout seed makes every node stale
        whole["nodes"][0]["params"]["seed"] = next(seeds)
        _retexture_node(whole)["params"]["request"]["seed"] = next(seeds)  # a real texture job too
        _cold_backend(api)
        started = time.perf_counter()
        api.run_recipe(whole)
        fulls.append(time.perf_counter() - started)
    ours, full = sorted(sweeps)[len(sweeps) // 2], sorted(fulls)[len(fulls) // 2]
    assets = len(v1.assets())
    clear(bpy)
    return [row(f"sweep 8 seeds on one retexture node ({assets} assets)", ours, reference=full,
                target="ratio <= 2", note="8 branches; reference: one full run of the recipe, cold backend")]


def _blend_size(bpy, folder: str, name: str) -> int:
    path = os.path.join(folder, name)
    bpy.ops.wm.save_as_mainfile(filepath=path, copy=True, compress=False)
    return os.path.getsize(path)


@case("recipes.blend_size_50_versions")
def blend_size(args) -> list[dict]:
    api = bpy_ready(args)
    import bpy

    clear(bpy)
    folder = tempfile.mkdtemp(prefix="worldsmith-bench-blend-")
    version = api.generate(PROMPT_COURTYARD, seed=1, texture_size=512)
    sizes = {}
    for seed in range(2, 51):
        version = api.regenerate(version, seed=seed, keep=[])
        if seed in (5, 50):
            sizes[seed] = _blend_size(bpy, folder, f"v{seed}.blend")
    counts = {"images": len(bpy.data.images), "materials": len(bpy.data.materials), "meshes": len(bpy.data.meshes)}
    clear(bpy)
    unshared = _without_sharing(api, bpy, folder)
    mb = 1024 * 1024
    return [row("courtyard .blend, 50 versions vs 5", sizes[50] / mb, "MB", reference=sizes[5] / mb,
                target="ratio <= 2", note=f"regenerate with new seeds, 512 px; after 50: {counts}"),
            row("  5 versions without content sharing (as before)", unshared / mb, "MB", reference=sizes[5] / mb,
                note="the importer's sharing switched off for this row")]


def _without_sharing(api, bpy, folder: str) -> int:
    import importlib

    importer = importlib.import_module(api.__name__.rsplit(".", 1)[0] + ".generate.importer")
    saved = importer.share_content, importer.share_meshes
    importer.share_content, importer.share_meshes = (lambda materials: {}), (lambda objects: 0)
    try:
        version = api.generate(PROMPT_COURTYARD, seed=1, texture_size=512)
        for seed in range(2, 6):
            version = api.regenerate(version, seed=seed, keep=[])
        return _blend_size(bpy, folder, "unshared.blend")
    finally:
        importer.share_content, importer.share_meshes = saved
        clear(bpy)
