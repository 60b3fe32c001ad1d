"""Benchmarks for the procedural generator (backend) and for generating inside Blender.

    scripts/bench.py generator     # 25 / 100 / 400 assets cold, warm ratio, HTTP request -> GLB
    scripts/bench.py blender       # prompt -> 100-asset world in Blender, import ratio, reroll ratio
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

from .. import backend
from ..bench import bpy_ready, case, median_time, paired_medians, row
from ..blender import extension_module


class _Server:
    """A fresh backend process (cold texture cache), started untimed."""

    def __init__(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="worldsmith-bench-backend-")
        self.backend = backend.start(self.dir, f"{self.dir}/token")
        self.base = self.backend.base + "/v1"
        self.token = self.backend.token

    def _call(self, method: str, path: str, body: dict | None = None) -> bytes:
        req = urllib.request.Request(self.base + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"Bearer {self.token}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=120) as reply:
            return reply.read()

    def request_to_glb(self, spec: dict) -> bytes:
        job = json.loads(self._call("POST", "/jobs", spec))
        while json.loads(self._call("GET", f"/jobs/{job['id']}"))["state"] not in ("done", "failed", "cancelled"):
            time.sleep(0.01)
        return self._call("GET", f"/jobs/{job['id']}/result")

    def stop(self) -> None:
        self.backend.proc.terminate()
        self.backend.proc.wait(timeout=30)


@case("generator.procedural")
def generator(args) -> list[dict]:
    from worldsmith_backend.generators.base import NullProgress
    from worldsmith_backend.generators.procedural import ProceduralGenerator, bench_spec, clear_caches

    gen = ProceduralGenerator()
    rows = []
    cold_100 = None
    for n in (25, 100, 400):
        spec = bench_spec(n)
        cold = median_time(lambda: gen.generate(spec, NullProgress()), args.repeat, setup=clear_caches)
        seeds = itertools.count(1)
        gen.generate(spec, NullProgress())  # fill the caches
        warm = median_time(lambda: gen.generate(dict(spec, seed=next(seeds)), NullProgress()), args.repeat)
        rows.append(row(f"{n} assets, 512² textures, cold texture cache", cold,
                        target="<= 1.5 s" if n == 100 else "", note=f"{cold / n * 1000:.1f} ms per asset"))
        rows.append(row(f"{n} assets, warm cache (same materials, new seed)", warm, reference=cold,
                        note="ratio to cold"))
        if n == 100:
            cold_100 = cold
    servers: list[_Server] = []

    def fresh_server() -> None:
        while servers:
            servers.pop().stop()
        servers.append(_Server())

    spec = bench_spec(100)
    http = median_time(lambda: servers[0].request_to_glb(spec), args.repeat, setup=fresh_server)
    for server in servers:
        server.stop()
    rows.append(row("100 assets over HTTP, request to GLB bytes, fresh server", http, reference=cold_100,
                    target="<= 1.5 s", note="reference: the generator called in-process"))
    return rows


@case("generator.shap-e-post")
def shap_e_post(args) -> list[dict]:
    """Shap-E mesh post-processing (clean-up, simplify, unwrap, bake) of an 8-asset world on
    AssetBuilder's thread pool vs one thread, on a prop surface from a 128³ grid."""
    import importlib.util

    if importlib.util.find_spec("torch") is None or importlib.util.find_spec("diffusers") is None:
        return [row("shap-e post-processing", 0.0, note="skipped: torch/diffusers not installed")]
    from .. import gpu_bench, model_configs
    from worldsmith_backend.generators.shape import AssetBuilder, build_asset, build_workers
    from worldsmith_backend.worldgen.templates import fitted_template

    with tempfile.TemporaryDirectory() as tmp:
        pipe = model_configs.shap_e_pipeline(model_configs.SHAP_E_TINY, model_configs.clip_tokenizer(Path(tmp)))
    surface = gpu_bench.reference_surface(pipe.shap_e_renderer, 128)
    like = fitted_template("barrel", 0, 20000)
    n = 8

    def pool() -> None:
        with AssetBuilder() as builder:
            for i in range(n):
                builder.submit(i, surface, like, 20000, 512, "barrel")
            builder.results()

    def one_thread() -> None:
        for i in range(n):
            build_asset(surface, like, 20000, 512, i, "barrel")

    ours, ref = paired_medians(pool, one_thread, max(2, args.repeat // 2))
    return [row(f"shap-e post-processing, {n} assets, {len(surface.faces)} triangles each", ours,
                reference=ref, target="< 1 with 2+ cores",
                note=f"reference: one thread; pool of {build_workers()} threads")]


@case("blender.generate")
def blender_generate(args) -> list[dict]:
    api = bpy_ready(args)
    import bpy

    from worldsmith_backend.generators.procedural import bench_spec

    plans = extension_module(api, "generate.plans")
    run = extension_module(api, "generate.run")
    settings = extension_module(api, "scene.settings")
    prompt = bench_spec(100)["prompt"]
    seeds = itertools.count(100)
    # The reference is the *first* generate + import of a world: a backend whose
    # texture cache is cold. Restart the backend (untimed) before each of these runs.
    firsts = []
    for seed in range(90, 90 + max(3, args.repeat // 2)):
        settings.MANAGER.stop()
        settings.client()
        started = time.perf_counter()
        api.generate(prompt, seed=seed, max_assets=100)
        firsts.append(time.perf_counter() - started)
    first = statistics.median(firsts)
    versions: list = []
    full = median_time(lambda: versions.append(api.generate(prompt, seed=next(seeds), max_assets=100)),
                       args.repeat)
    last = versions[-1]
    asset_count = len(last.assets())

    target = next(a for a in sorted(last.assets()) if not a.startswith(("wall", "cobblestone", "gate")))
    reroll_seeds = itertools.count(1)
    current = [last]  # each reroll builds on the version the previous one made

    def reroll_once() -> None:
        current[0] = api.reroll(current[0], [target], seed=next(reroll_seeds))

    reroll = median_time(reroll_once, args.repeat)

    # Import alone: our staged, checked import vs Blender's glTF importer on the same bytes.
    plan = plans.plan_generate(prompt, seed=12345, max_assets=100)
    client = settings.client()
    job = client.submit(plan.spec)
    while client.job(job["id"])["state"] not in ("done", "failed", "cancelled"):
        time.sleep(0.02)
    data = client.result(job["id"])
    ours = median_time(lambda: run.finish(plans.plan_generate(prompt, seed=12345, max_assets=100), data, {}),
                       args.repeat)
    path = os.path.join(tempfile.mkdtemp(), "world.glb")
    Path(path).write_bytes(data)

    def plain_import() -> None:
        scene = bpy.data.scenes.new("bench import")
        with bpy.context.temp_override(scene=scene, view_layer=scene.view_layers[0]):
            bpy.ops.import_scene.gltf(filepath=path)

    def remove_last_import() -> None:  # untimed: each run starts from the same file
        for scene in [s for s in bpy.data.scenes if s.name.startswith("bench import")]:
            bpy.data.batch_remove(list(scene.collection.all_objects))
            bpy.data.scenes.remove(scene)
        bpy.data.orphans_purge(do_recursive=True)

    reference = median_time(plain_import, args.repeat, setup=remove_last_import)
    return [
        row(f"prompt to a {asset_count}-asset world in Blender (import included)", full, target="<= 3 s",
            note="backend texture cache warm, new seed each run"),
        row("first generate + import (cold texture cache)", first,
            note=f"median of {len(firsts)}, backend restarted before each"),
        row("reroll one asset of that world", reroll, reference=first, target="ratio <= 0.2",
            note="ratio to the first generate + import"),
        row("reroll one asset, vs a warm generate + import", reroll, reference=full,
            note="stricter: textures already cached"),
        row("import of the same GLB: ours (staged, checked, versioned)", ours, reference=reference,
            note="reference: bpy.ops.import_scene.gltf alone"),
    ]
