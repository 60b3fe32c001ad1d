"""Benchmarks for versions: branch a 1,000-asset version (time, and memory against a full copy),
diff two 1,000-asset versions, and the side-by-side render at 1024x512.

    scripts/bench.py versions
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from .. import ROOT, SCRIPTS
from ..bench import bpy_ready, case, median_time, row
from ..blender import EXTENSION_MODULE, extension_module
from ..worlds import clear, courtyard, grid_world

N_ASSETS = 1000
CUTS = 13  # ~2,000 triangles per asset, a typical generated prop (boxes would measure objects only)

# Memory is measured in fresh processes: Blender's allocator keeps freed pages, so in one process
# the second measurement would reuse what the first freed and look cheaper than it is.
_MEMORY_SCRIPT = """
import bpy, importlib, json, sys
sys.path.insert(0, {scripts!r})
from wslib.bench_cases.versions import full_copy
from wslib.worlds import grid_world
bpy.ops.preferences.addon_enable(module={module!r})
api = importlib.import_module({module!r} + ".api")
_, coll = grid_world(bpy, {n}, cuts={cuts})
version = api.versions()[0]
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) * 1024
before = rss()
if {how!r} == "branch":
    api.branch(version, "bench")
else:
    full_copy(bpy, coll, deep={how!r} == "deep")
print("RESULT", json.dumps(rss() - before))
"""


def full_copy(bpy, coll, *, deep: bool = False) -> object:
    """The reference: what a branch would cost without sharing, objects and meshes copied.

    ``Mesh.copy()`` in Blender 4+ shares the attribute arrays until one side is edited (implicit
    sharing), so it costs little memory by itself; ``deep`` rebuilds each copy's arrays through
    bmesh, which is what every copied mesh costs once it is edited."""
    import bmesh

    target = bpy.data.collections.new(coll.name + " copy")
    bpy.context.scene.collection.children.link(target)
    for obj in coll.all_objects:
        new = obj.copy()
        if new.data is not None:
            new.data = obj.data.copy()
            if deep and obj.type == "MESH":
                bm = bmesh.new()
                bm.from_mesh(obj.data)
                bm.to_mesh(new.data)
                bm.free()
        target.objects.link(new)
    return target


def _memory(how: str) -> int:
    script = _MEMORY_SCRIPT.format(scripts=str(SCRIPTS), module=EXTENSION_MODULE, n=N_ASSETS, how=how, cuts=CUTS)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SCRIPTS), str(ROOT)]))
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], env=env, capture_output=True,
                          text=True, timeout=600)
    if "RESULT" not in proc.stdout:
        raise RuntimeError(proc.stdout[-2000:] + proc.stderr[-2000:])
    return int(json.loads(proc.stdout.split("RESULT", 1)[1].split()[0]))


@case("versions.branch_1000")
def branch_1000(args) -> list[dict]:
    api = bpy_ready(args)
    import bpy

    clear(bpy)
    _, coll = grid_world(bpy, N_ASSETS, cuts=CUTS)
    version = api.versions()[0]
    made: list = []

    def undo_branch() -> None:
        for v in made:
            api.delete_version(v)
        made.clear()

    ours = median_time(lambda: made.append(api.branch(version, "bench")), args.repeat, setup=undo_branch)
    undo_branch()
    copies: list = []

    def undo_copy() -> None:
        for target in copies:
            for obj in list(target.objects):
                mesh = obj.data
                bpy.data.objects.remove(obj)
                if mesh is not None and mesh.users == 0:
                    bpy.data.meshes.remove(mesh)
            bpy.data.collections.remove(target)
        copies.clear()

    reference = median_time(lambda: copies.append(full_copy(bpy, coll)), args.repeat, setup=undo_copy)
    undo_copy()
    clear(bpy)
    rows = [row(f"branch a {N_ASSETS}-asset version", ours, reference=reference, target="<= 0.5 s",
                      note="reference: full copy (objects and meshes)")]
    branch_bytes, copy_bytes, deep_bytes = _memory("branch"), _memory("copy"), _memory("deep")
    rows.append(row("branch memory growth vs deep copy", branch_bytes / 2**20, "MiB",
                          reference=deep_bytes / 2**20, target="ratio <= 0.1",
                          note=f"process RSS growth, fresh process each; ~{12 * CUTS ** 2} triangles per asset"))
    rows.append(row("branch memory growth vs Mesh.copy()", branch_bytes / 2**20, "MiB",
                          reference=copy_bytes / 2**20,
                          note="Blender's implicit sharing: copied arrays stay shared until edited"))
    return rows


@case("versions.diff_1000")
def diff_1000(args) -> list[dict]:
    api = bpy_ready(args)
    import bpy
    import numpy as np

    clear(bpy)
    grid_world(bpy, N_ASSETS, cuts=CUTS)
    a = api.versions()[0]
    b = api.branch(a, "edits")
    cow = extension_module(api, "scene.cow")
    for i, (aid, obj) in enumerate(sorted(b.assets().items())):
        if i % 10 == 0:  # a tenth of the assets change: moves and geometry edits
            obj.location.x += 1.0
            cow.ensure_single_user(obj)
            obj.data.vertices[0].co.z += 0.1
    diffs: list = []
    ours = median_time(lambda: diffs.append(api.compare(a, b)), args.repeat)
    assert len(diffs[-1].moved) == len(diffs[-1].geometry) == N_ASSETS // 10

    def read_positions() -> None:  # the bare read every diff needs: positions of both versions
        for version in (a, b):
            for obj in version.collection.all_objects:
                co = np.empty(len(obj.data.vertices) * 3, dtype=np.float32)
                obj.data.vertices.foreach_get("co", co)

    reference = median_time(read_positions, args.repeat)
    clear(bpy)
    return [row(f"diff two {N_ASSETS}-asset versions", ours, reference=reference, target="<= 0.3 s",
                      note="reference: reading every vertex position of both")]


@case("versions.render_1024x512")
def render_1024(args) -> list[dict]:
    api = bpy_ready(args)
    import bpy

    clear(bpy)
    courtyard(bpy)
    a = api.versions()[0]
    b = api.branch(a, "render")
    repeat = max(1, min(args.repeat, 3))  # each run is two Cycles renders
    out = Path(tempfile.mkdtemp(prefix="worldsmith-bench-render-"))
    ours = median_time(lambda: api.render_compare(a, b, str(out / "cmp.png"), size=(1024, 512)), repeat)
    render = extension_module(api, "versions.render")
    scene = bpy.context.scene
    scene.render.engine = "CYCLES"
    scene.cycles.samples, scene.cycles.max_bounces, scene.cycles.device = render.SAMPLES, render.BOUNCES, "CPU"
    scene.cycles.use_denoising = scene.cycles.use_adaptive_sampling = False
    scene.render.resolution_x, scene.render.resolution_y, scene.render.resolution_percentage = 512, 512, 100
    scene.camera = next(o for o in b.collection.all_objects if o.type == "CAMERA")  # b is the visible one

    def two_bare_renders() -> None:
        for _ in range(2):
            bpy.ops.render.render()

    reference = median_time(two_bare_renders, repeat)
    clear(bpy)
    return [row("side-by-side render 1024x512", ours, reference=reference, target="",
                      note=f"Cycles CPU {render.SAMPLES} samples; reference: two bare 512x512 renders")]

