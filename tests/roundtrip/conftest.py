"""The round-trip tier: the demo world (generate, lock the well, regenerate, branch, warm flames)
exported with every preset, plain and engine-prepared, then read back by Blender's importers in a
fresh process and by readers nobody here wrote (tests/roundtrip/readers.py).

Everything is built once per session: the world in this process (the procedural generator runs
in-process, as tests/blender/export_fixtures.py does), the exports each in a folder of their own,
the saved .blend, and the facts every reader reports.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from tests.conftest import EXTENSION_MODULE
from tests.helpers.fresh_process import explain, fresh_env, result_lines, run_script

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


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/roundtrip" in item.nodeid:
            item.add_marker(pytest.mark.blender)


def mod(name: str):
    import importlib

    return importlib.import_module(f"{EXTENSION_MODULE}.{name}")


def _generate_module():
    """plan_generate / plan_regenerate (generate.plans) and finish (generate.run) as one namespace."""
    plans, run = mod("generate.plans"), mod("generate.run")
    return types.SimpleNamespace(plan_generate=plans.plan_generate, plan_regenerate=plans.plan_regenerate,
                                 finish=run.finish)


def _run(gen, plan):
    from worldsmith_backend.generators.base import NullProgress
    from worldsmith_backend.generators.procedural import ProceduralGenerator

    data = ProceduralGenerator().generate(plan.spec, NullProgress())
    return gen.finish(plan, data, {}).version, data


def build_demo(api, *, texture_size: int = TEXTURE_SIZE, seed: int = SEED):
    """scripts/demo.py's world, in-process: returns (v1, v2, branch, the v1 GLB bytes)."""
    gen = _generate_module()
    v1, glb = _run(gen, gen.plan_generate(PROMPT, seed=seed, texture_size=texture_size))
    well = next(aid for aid, o in sorted(v1.assets().items()) if o.get("archetype") == "well")
    api.lock([well])
    v2, _ = _run(gen, gen.plan_regenerate(v1, seed=seed + 1))
    branch = api.branch(v2, "warm-torches")
    flames = [o for o in branch.objects() if o.get("part") == "flame"]
    assert flames, "the demo world has no torch flames"
    warm = api.copy_material(flames[0].material_slots[0].material, "Flame Warm", world=branch,
                             emission_color=(1.0, 0.38, 0.08), emission_strength=8.0)
    for flame in flames:
        api.reassign_material(flame, 0, warm)
    return v1, v2, branch, glb


@pytest.fixture(scope="session")
def demo(ws, extension_zip, tmp_path_factory):
    """The demo world, its exports (one folder each) and the saved .blend."""
    import importlib

    import bpy

    api = importlib.import_module(EXTENSION_MODULE + ".api")
    bpy.ops.wm.read_homefile(use_empty=True)
    out = tmp_path_factory.mktemp("roundtrip")
    v1, v2, branch, glb = build_demo(api)
    prepared = {}
    for engine in sorted({e for _, _, e in EXPORTS.values() if e}):
        prepared[engine] = api.branch(branch, f"{engine}-prepared")
        api.prepare_for_engine(prepared[engine], engine)
    api.switch(branch)
    files, versions = {}, {}
    for export_id, (preset, name, engine) in EXPORTS.items():
        version = prepared[engine] if engine else branch
        folder = out / export_id
        folder.mkdir()
        files[export_id] = api.export(version, str(folder / name), preset=preset)
        versions[export_id] = version
    blend = out / "demo.blend"
    bpy.ops.wm.save_as_mainfile(filepath=str(blend), copy=True)
    return types.SimpleNamespace(api=api, bpy=bpy, out=out, v1=v1, v2=v2, branch=branch, prepared=prepared,
                                 files=files, versions=versions, blend=blend, backend_glb=glb,
                                 zip=extension_zip)


@pytest.fixture(scope="session")
def blender_read(demo, tmp_path_factory):
    """Facts of every export as Blender's importers read them in a fresh process."""
    paths = [f for files in demo.files.values() for f in files]
    baked = {f: {"bake_space_transform": True} for export_id, files in demo.files.items() for f in files
             if mod("core.presets").get(EXPORTS[export_id][0]).fbx_bake_space_transform}
    code = ("sys.path.insert(0, %r)\nfrom tests.roundtrip import blender_facts\n"
            "print('RESULT ' + __import__('json').dumps(blender_facts.read_files(bpy, %r, %r)))\n"
            % (str(ROOT), paths, baked))
    proc = run_script(code, fresh_env(tmp_path_factory.mktemp("fresh-import"), demo.zip), timeout=900)
    assert proc.returncode == 0, explain(proc)
    return result_lines(proc)[0]


@pytest.fixture(scope="session")
def independent_read(demo):
    """Facts of every export as trimesh/pygltflib, assimp and usd-core read them."""
    args = []
    for export_id, files in demo.files.items():
        baked = mod("core.presets").get(EXPORTS[export_id][0]).fbx_bake_space_transform
        for f in files:
            args += (["--baked"] if baked and f.endswith(".fbx") else []) + [f]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "tests.roundtrip.readers", *args], capture_output=True,
                          text=True, env=env, cwd=str(ROOT), timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout)
