"""The round-trip tier: the demo world (generate, lock the well, regenerate, branch, warm flames)
exported with every preset, plain and engine-prepared, then read back by Blender's importers in a
fresh process and by readers nobody here wrote (tests/roundtrip/readers.py).

Everything is built once per session: the world in this process (the procedural generator runs
in-process, as tests/helpers/export_world.py does), the exports each in a folder of their own,
the saved .blend, and the facts every reader reports.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from tests.helpers.fresh_process import explain, fresh_env, result_lines, run_script
from tests.roundtrip.demo import EXPORTS, ROOT, build_demo, mod
from wslib import blender


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/roundtrip" in item.nodeid:
            item.add_marker(pytest.mark.blender)


@pytest.fixture(scope="session")
def ws(extension_zip):
    """The installed and enabled extension module, as in tests/blender/conftest.py."""
    import bpy

    module = importlib.import_module(blender.install_extension(extension_zip))
    yield module
    if blender.EXTENSION_MODULE in bpy.context.preferences.addons:
        bpy.ops.preferences.addon_disable(module=blender.EXTENSION_MODULE)



@pytest.fixture(scope="session")
def demo(ws, extension_zip, tmp_path_factory):
    """The demo world, its exports (one folder each) and the saved .blend."""
    import bpy

    api = mod("api")
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
