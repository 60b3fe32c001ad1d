"""The demo world of scripts/demo.py built in-process (generate, lock the well, regenerate,
branch, warm flames) and the exports the round-trip tier makes of it."""

from __future__ import annotations

import types
from pathlib import Path

from tests.helpers.extension import EXTENSION_MODULE, mod  # noqa: F401  (tests use both)

ROOT = Path(__file__).resolve().parents[2]
PROMPT = "a medieval courtyard with cobblestones, a well, a market stall and torches on the walls"
SEED = 7
TEXTURE_SIZE = 512  # the demo's size: sizes and timings are measured on what users get

# export id -> (preset, file name, engine the version was prepared for or None)
EXPORTS = {
    "gltf-glb": ("gltf", "world.glb", None),
    "gltf-separate": ("gltf", "world.gltf", None),
    "godot": ("godot", "world_godot.glb", None),
    "unreal": ("unreal", "world_unreal.fbx", None),
    "unity": ("unity", "world_unity.fbx", None),
    "usd": ("usd", "world.usdc", None),
    "web": ("web", "world_web.glb", None),
    "godot-prepared": ("godot", "world_godot.glb", "godot"),
    "unreal-prepared": ("unreal", "world_unreal.fbx", "unreal"),
    "unity-prepared": ("unity", "world_unity.fbx", "unity"),
}


def generate_module():
    """plan_generate / plan_regenerate (generate.plans) and finish (generate.run) as one namespace."""
    plans, run = mod("generate.plans"), mod("generate.run")
    return types.SimpleNamespace(plan_generate=plans.plan_generate, plan_regenerate=plans.plan_regenerate,
                                 finish=run.finish)


def run_plan(gen, plan):
    from worldsmith_backend.generators.base import NullProgress
    from worldsmith_backend.generators.procedural import ProceduralGenerator

    data = ProceduralGenerator().generate(plan.spec, NullProgress())
    return gen.finish(plan, data, {}).version, data


def build_demo(api, *, texture_size: int = TEXTURE_SIZE, seed: int = SEED):
    """scripts/demo.py's world, in-process: returns (v1, v2, branch, the v1 GLB bytes)."""
    gen = generate_module()
    v1, glb = run_plan(gen, gen.plan_generate(PROMPT, seed=seed, texture_size=texture_size))
    well = next(aid for aid, o in sorted(v1.assets().items()) if o.get("archetype") == "well")
    api.lock([well])
    v2, _ = run_plan(gen, gen.plan_regenerate(v1, seed=seed + 1))
    branch = api.branch(v2, "warm-torches")
    flames = [o for o in branch.objects() if o.get("part") == "flame"]
    assert flames, "the demo world has no torch flames"
    warm = api.copy_material(flames[0].material_slots[0].material, "Flame Warm", world=branch,
                             emission_color=(1.0, 0.38, 0.08), emission_strength=8.0)
    for flame in flames:
        api.reassign_material(flame, 0, warm)
    return v1, v2, branch, glb
