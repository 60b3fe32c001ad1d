"""The "shap-e" world generator: the procedural planner decides what goes where; each prop's
mesh comes from Shap-E (text -> 3D latent -> signed distance -> marching cubes).

Components (diffusers ShapEPipeline, loaded by diffusion_models.ModelManager): prior
(PriorTransformer), text_encoder + tokenizer (CLIP), scheduler (Heun), shap_e_renderer.

Per world: plan and layout exactly as the procedural generator (same ids, boxes, cameras,
lights). Props that share an archetype, shape variant and look share one generated mesh, as
they share one procedural mesh (glTF mesh reuse, one Blender mesh). Their prompts go through the
prior in batches of ``batch_size``; each latent is decoded, cleaned (degenerate faces),
simplified to the triangle budget, fitted into the slot's box (pivot at the base centre),
unwrapped, and its vertex colours baked into a base-colour texture. Structural pieces (ground,
walls, gate) stay procedural: the model makes objects, not 40 m of tiling wall.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from typing import Any, Callable

import numpy as np

from ..textures import METALS, TextureSet, encode_png, texture_sets
from ..worldgen.archetypes import REGISTRY
from ..worldgen.layout import Placed, layout
from ..worldgen.mesh import Geo
from ..worldgen.plan import make_plan
from ..worldgen.templates import Template
from . import diffusion_models as dm
from . import mesh_ops
from .base import InvalidSpec, Progress
from .procedural import ProceduralGenerator, canonical_spec

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {"steps": 64, "guidance_scale": 15.0, "grid_size": 128}
DEFAULT_BATCH = {"cuda": 8, "cpu": 4}
SLOT = "shap_e"  # the material slot (and texture kind) of a generated mesh
KIND_WORDS = {"wood": "wooden", "planks": "wooden", "bark": "wooden", "stone": "stone",
              "cobble": "stone", "metal": "metal", "rusty_metal": "rusty metal",
              "painted_metal": "painted metal", "cloth": "cloth", "leather": "leather",
              "plastic": "plastic", "glass": "glass", "straw": "straw", "plaster": "plaster"}
PROMPT_CONTEXT_WORDS = 12


def asset_prompt(archetype: str, variant: str, user_prompt: str, display: str | None = None) -> str:
    """"a weathered wooden market stall, in a medieval courtyard with a well". ``display`` names
    a proxy's noun ("lobster trap"): the model is asked for the thing, not for a blockout."""
    a = REGISTRY[archetype]
    kind = next(iter(a.slots.values()), "") if display is None else ""
    name = (display or a.display).lower()
    words = []
    if variant not in ("default", ""):
        words.append(variant.replace("painted_", "").replace("_", " "))
    if kind in KIND_WORDS and KIND_WORDS[kind] not in name:
        words.append(KIND_WORDS[kind])
    core = " ".join(["a", *words, name])
    context = " ".join(user_prompt.split()[:PROMPT_CONTEXT_WORDS])
    return f"{core}, in {context}" if context else core


def _proxy_display(p: Placed) -> str | None:
    from ..worldgen.assemble import display_name  # noqa: PLC0415 - keeps import light

    return display_name(p.slot.noun, p.slot.archetype) if p.slot.archetype != p.slot.noun else None


class ShapEGenerator(dm.ModelBackedGenerator):
    name = "shap-e"
    version = "0.1.0"
    device = "gpu"  # one shared worker: the pipelines live on one device
    model_key = "shap-e"
    DEFAULTS = DEFAULTS
    DEFAULT_BATCH = DEFAULT_BATCH

    def __init__(self, manager: dm.ModelManager, batch_size: int | None = None,
                 texture_source: Any = None):
        super().__init__(manager, batch_size)
        self.texture_source = texture_source  # the sd-texture generator, for texture_generator
        self._procedural = ProceduralGenerator()

    # ---- interface -------------------------------------------------------------------------

    def capabilities(self) -> dict[str, Any]:
        ok, reason = self.availability()
        caps = self._procedural.capabilities()
        caps.update({
            "name": self.name, "version": self.version, "device": self.device,
            "weights_present": ok, "reason": reason,
            "model": self.model_info(),
            "batch_size": self.batch_size,
        })
        caps["parameters"] = caps["parameters"] + ["texture_generator"]
        return caps

    def check_inputs(self, spec: dict[str, Any]) -> None:
        self.require_weights()
        check_texture_generator(spec, self.texture_source)
        # Structural pieces stay procedural, so the procedural limits apply to the world.
        self._procedural.check_inputs({**spec, "texture_generator": None})

    def generate(self, spec: dict[str, Any], progress: Progress) -> bytes:
        s = canonical_spec(spec)
        opts = self.options()
        progress.update("plan", 0, 1)
        plan = make_plan(s)
        placed, bounds = layout(plan, s)
        progress.update("plan", 1, 1)
        progress.check_cancel()
        groups = self._groups(placed)
        prompts = [asset_prompt(g[0].slot.archetype, g[0].materials[next(iter(g[0].materials))][1],
                                s["prompt"], _proxy_display(g[0])) for g in groups]
        seeds = [_seed(s, plan.world_id, g[0]) for g in groups]
        size = int(s["asset_budget"]["texture_size"])
        max_tris = int(s["asset_budget"]["max_triangles"])
        with AssetBuilder() as builder:
            # Each mesh is cleaned, unwrapped and baked on the CPU while the model decodes the next.
            def built_later(gi: int, mesh: Any) -> None:
                first = groups[gi][0]
                builder.submit(gi, mesh, first.template, max_tris, size, first.slot.archetype)

            self._run_model(prompts, seeds, opts, progress, built_later)

            def meshes_step(done: int, total: int) -> None:
                progress.update("meshes", done, total)
                progress.check_cancel()

            built_all = builder.results(meshes_step)
        new_placed: dict[int, Placed] = {}
        generated: dict[tuple[str, str], TextureSet] = {}
        fallback, uv_methods = [], set()
        for gi, group in enumerate(groups):
            built = built_all[gi]
            if built is None:  # an empty surface: keep the procedural mesh for these slots
                fallback += [p.slot.asset_id for p in group]
                continue
            template, texture, method = built
            uv_methods.add(method)
            generated[(SLOT, texture.variant)] = texture
            for p in group:
                new_placed[id(p)] = dataclasses.replace(
                    p, template=template, materials={SLOT: (SLOT, texture.variant)}, source=self.name)
        final = [new_placed.get(id(p), p) for p in placed]
        keys = sorted({m for p in final for m in p.materials.values() if m[0] != SLOT})
        textures = dict(world_textures(s, keys, size, progress, self.texture_source))
        textures.update(generated)
        extras = self._procedural.scene_extras(s, plan, bounds)
        extras.update({"generator": self.name, "generator_version": self.version})
        extras["diffusion"] = {
            "model": dm.MODELS[self.model_key].repo_id, "steps": int(opts["steps"]),
            "guidance_scale": float(opts["guidance_scale"]), "grid_size": int(opts["grid_size"]),
            "batch_size": self.batch_size, "dtype": self.manager.dtype_name,
            "prompts": {p.slot.asset_id: prompts[gi] for gi, g in enumerate(groups) for p in g},
            "generated_meshes": len(groups), "fallback": sorted(fallback), "uv": sorted(uv_methods)}
        from ..worldgen.assemble import build_glb  # noqa: PLC0415 - keeps import light

        def asset_step(done: int, total: int) -> None:
            progress.update("pack", done, total)
            progress.check_cancel()

        return build_glb(plan, final, bounds, textures, extras, asset_step)

    # ---- steps -----------------------------------------------------------------------------

    def _groups(self, placed: list[Placed]) -> list[list[Placed]]:
        """Props that would share a procedural mesh share a generated one."""
        groups: dict[tuple, list[Placed]] = {}
        for p in placed:
            if p.slot.structural:
                continue
            key = (p.slot.noun, p.template.variant, tuple(sorted(p.materials.items())))
            groups.setdefault(key, []).append(p)
        return [groups[k] for k in sorted(groups, key=lambda k: (k[0], k[1], str(k[2])))]

    def _run_model(self, prompts: list[str], seeds: list[int], opts: dict[str, Any],
                   progress: Progress, on_mesh: Callable[[int, Any], None]) -> None:
        """Denoise the prompts in batches, then decode each latent and hand it to ``on_mesh``
        (index, mesh) as soon as it is decoded."""
        if not prompts:
            return
        from . import diffusion_run as run  # noqa: PLC0415 - imports torch

        steps, bs = int(opts["steps"]), self.batch_size
        batches = [(prompts[i:i + bs], seeds[i:i + bs]) for i in range(0, len(prompts), bs)]
        with self.manager.use(self.model_key) as pipe:
            per_call = run.timesteps_per_call(pipe.scheduler, steps)
            total, done = per_call * len(batches), [0]

            def after_step() -> None:
                done[0] += 1
                progress.update("denoise", done[0], total)
                progress.check_cancel()

            progress.update("denoise", 0, total)
            latents = []
            for batch_prompts, batch_seeds in batches:
                latents += list(run.shap_e_latents(pipe, batch_prompts, batch_seeds, steps,
                                                   float(opts["guidance_scale"]), after_step))
            for i, latent in enumerate(latents):
                progress.update("decode", i, len(latents))
                progress.check_cancel()
                on_mesh(i, run.decode_mesh(pipe.shap_e_renderer, latent, int(opts["grid_size"])))
            progress.update("decode", len(latents), len(latents))


def _seed(spec: dict[str, Any], world_id: str, p: Placed) -> int:
    from .diffusion_run import seed_for  # noqa: PLC0415

    return seed_for("shap-e", spec["seed"], world_id, p.slot.archetype, p.template.variant,
                    sorted(p.materials.items()))


#: Post-processing threads: numpy's sorts, reductions and einsum release the GIL, so threads
#: scale on a multi-core machine without copying meshes between processes.
MAX_BUILD_WORKERS = 8


def build_workers() -> int:
    return max(1, min(MAX_BUILD_WORKERS, os.cpu_count() or 1))


class AssetBuilder:
    """Runs build_asset for many meshes on a thread pool.

    ``submit`` as meshes arrive; ``results`` waits for all of them, calling ``step(done, total)``
    after each (a progress update that may raise JobCancelled). Leaving the ``with`` block,
    normally or by an exception, cancels what has not started and waits for what has, so no
    thread outlives the job.
    """

    def __init__(self, workers: int | None = None):
        self._pool = ThreadPoolExecutor(workers or build_workers(), thread_name_prefix="worldsmith-mesh")
        self._futures: dict[int, Future] = {}

    def __enter__(self) -> "AssetBuilder":
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, index: int, mesh: Any, like: Template, max_tris: int, size: int,
               archetype: str) -> None:
        self._futures[index] = self._pool.submit(build_asset, mesh, like, max_tris, size, index, archetype)

    def results(self, step: Callable[[int, int], None] | None = None) -> dict[int, Any]:
        total = len(self._futures)
        if step:
            step(0, total)
        for done, _ in enumerate(as_completed(self._futures.values()), 1):
            if step:
                step(done, total)
        return {i: f.result() for i, f in self._futures.items()}


def build_asset(mesh: Any, like: Template, max_tris: int, size: int, index: int,
                archetype: str) -> tuple[Template, TextureSet, str] | None:
    """A generated mesh as a Template in ``like``'s box, with its baked texture set."""
    if len(mesh.faces) == 0:
        return None
    # Shap-E is z-up; glTF is y-up with +Z to the front: (x, y, z) -> (x, z, -y).
    pos = np.stack([mesh.pos[:, 0], mesh.pos[:, 2], -mesh.pos[:, 1]], 1)
    pos, faces, used = mesh_ops.remove_degenerate(pos, mesh.faces)
    colour = mesh.colour[used]
    pos, faces, colour = mesh_ops.simplify(pos, faces, max_tris, colour)
    if len(faces) == 0:
        return None
    pos = mesh_ops.fit_into_box(pos, like.box_min, like.box_max)
    nrm = mesh_ops.vertex_normals(pos, faces)
    vmap, uv_faces, uv, method = mesh_ops.unwrap(pos, faces)
    base = mesh_ops.bake_vertex_colours(uv, uv_faces, colour[vmap], size)
    geo = Geo(pos[vmap], nrm[vmap], uv, uv_faces)
    variant = f"{archetype}_{index:03d}"
    template = Template(archetype, 1000 + index, like.detail, {SLOT: geo}, (), like.lights,
                        like.box_min, like.box_max, int(len(uv_faces)))
    return template, baked_texture_set(variant, base, archetype, size), method


def baked_texture_set(variant: str, base_linear: np.ndarray, archetype: str, size: int) -> TextureSet:
    """Base colour from the bake; a flat normal map; ORM with PBR defaults for the material the
    archetype is made of (metal props metallic, everything else dielectric)."""
    srgb = mesh_ops.linear_to_srgb(base_linear)
    base = (srgb * 255.0 + 0.5).astype(np.uint8)
    flat = np.empty((size, size, 3), np.uint8)
    flat[...] = (128, 128, 255)
    kind = next(iter(REGISTRY[archetype].slots.values()), "")
    metal = 1.0 if kind in METALS else 0.0
    rough = 0.45 if metal else 0.8
    orm = np.empty((size, size, 3), np.uint8)
    orm[...] = (255, int(rough * 255 + 0.5), int(metal * 255 + 0.5))
    return TextureSet(SLOT, variant, size, encode_png(base), encode_png(flat), encode_png(orm),
                      False, ("generated", "shap-e"), metal, False)


TEXTURE_GENERATORS = ("procedural", "sd-texture")


def check_texture_generator(spec: dict[str, Any], sd: Any) -> None:
    name = spec.get("texture_generator")
    if name in (None, "procedural"):
        return
    if sd is None:
        raise InvalidSpec("texture_generator", "sd-texture is not part of this backend")
    sd.require_weights("texture_generator")


def world_textures(spec: dict[str, Any], keys: list[tuple[str, str]], size: int,
                   progress: Progress, sd: Any) -> dict[tuple[str, str], TextureSet]:
    """The world's material texture sets: procedural, or Stable Diffusion when the spec's
    ``texture_generator`` asks for it."""
    if spec.get("texture_generator") == "sd-texture" and sd is not None:
        return sd.texture_sets(keys, size, int(spec.get("seed", 0)), progress)

    def tex_step(done: int, total: int) -> None:
        progress.update("textures", done, total)
        progress.check_cancel()

    return texture_sets(keys, size, between=tex_step)


__all__ = ["AssetBuilder", "ShapEGenerator", "asset_prompt", "build_asset", "world_textures"]
