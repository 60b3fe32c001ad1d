"""The "sd-texture" texture generator: Stable Diffusion base colour that tiles, with normal and
ORM maps derived from it. Serves Retexture (job kind "texture") and worlds whose spec asks for
``texture_generator: "sd-texture"``.

Components (diffusers StableDiffusionPipeline, loaded by diffusion_models.ModelManager): unet,
vae, text_encoder + tokenizer (CLIP), scheduler. Tileability: every Conv2d of the UNet and VAE
pads circularly while we sample (sd_tiling.circular_padding), so the image wraps around
seamlessly: the left edge continues the right one, the top the bottom.

The ZIP is the procedural texture generator's (basecolor.png, normal.png, orm.png,
material.json), so the add-on's Retexture imports either without knowing which made it.
"""

from __future__ import annotations

import json
from typing import Any, Callable

import numpy as np

from ..schema import PROMPT_MAX_CHARS, TEXTURE_SIZES
from ..textures import METALS, RECIPES, TextureSet, encode_png
from ..textures.noise import normal_from_height, upsample
from . import diffusion_models as dm
from .base import InvalidSpec, Progress
from .texture import ZIP_MEMBERS, pack_zip
from .texture_words import material_names, plan_texture, resolve_material

DEFAULTS: dict[str, Any] = {"steps": 25, "guidance_scale": 7.5, "max_sample_size": 1024}
DEFAULT_BATCH = {"cuda": 4, "cpu": 2}
#: Typical roughness of each base material (ORM green) when the image says nothing about it.
ROUGHNESS = {"metal": 0.35, "painted_metal": 0.5, "rusty_metal": 0.8, "glass": 0.05,
             "plastic": 0.45, "leather": 0.6}
PROMPT_SUFFIX = ", seamless tileable texture, flat lighting, top-down photo"


class SdTextureGenerator(dm.ModelBackedGenerator):
    name = "sd-texture"
    version = "0.1.0"
    device = "gpu"
    kind = "texture"
    model_key = "stable-diffusion"
    DEFAULTS = DEFAULTS
    DEFAULT_BATCH = DEFAULT_BATCH

    def capabilities(self) -> dict[str, Any]:
        ok, reason = self.availability()
        return {
            "name": self.name, "kind": self.kind, "version": self.version, "device": self.device,
            "weights_present": ok, "reason": reason,
            "parameters": ["prompt", "seed", "size", "material"],
            "limits": {"size": [min(TEXTURE_SIZES), max(TEXTURE_SIZES)], "sizes": list(TEXTURE_SIZES),
                       "prompt_chars": PROMPT_MAX_CHARS,
                       "sample_size_max": int(self.options()["max_sample_size"])},
            "base_materials": material_names(),
            "tileable": True,
            "model": self.model_info(),
            "result": {"media_type": "application/zip", "members": list(ZIP_MEMBERS)},
        }

    def check_inputs(self, spec: dict[str, Any]) -> None:
        self.require_weights()
        hint = spec.get("material")
        if hint is not None and resolve_material(hint) is None:
            raise InvalidSpec("material", f"unknown base material {hint!r}; use one of "
                              f"{', '.join(material_names())} or null")
        if int(spec.get("size", 0)) not in TEXTURE_SIZES:
            raise InvalidSpec("size", "must be a power of two from 64 to 4096")

    # ---- texture job ----------------------------------------------------------------------

    def generate(self, spec: dict[str, Any], progress: Progress) -> bytes:
        plan = plan_texture(spec["prompt"], spec.get("material"))
        size, seed = int(spec["size"]), int(spec["seed"])
        image = self.images([spec["prompt"]], [seed], size, progress)[0]
        progress.update("maps", 0, 1)
        progress.check_cancel()
        maps = derive_maps(image, plan.base_material)
        meta = {"prompt": spec["prompt"], "seed": seed, "size": size,
                "material": spec.get("material"), "base_material": plan.base_material,
                "modifiers": list(plan.modifiers), "words_used": list(plan.words_used),
                "ignored": list(plan.ignored), "emissive": False,
                "tags": list(RECIPES[plan.base_material][2]) + ["generated"],
                "generator": self.name, "generator_version": self.version, "tileable": True}
        maps["material.json"] = (json.dumps(meta, sort_keys=True, indent=2) + "\n").encode()
        progress.update("pack", 1, 1)
        return pack_zip(maps)

    # ---- worlds ---------------------------------------------------------------------------

    def texture_sets(self, keys: list[tuple[str, str]], size: int, seed: int,
                     progress: Progress) -> dict[tuple[str, str], TextureSet]:
        """One tileable set per (kind, variant) material of a world, batched."""
        prompts = [material_prompt(kind, variant) for kind, variant in keys]
        from .diffusion_run import seed_for  # noqa: PLC0415 - imports torch

        seeds = [seed_for("sd-texture", seed, kind, variant) for kind, variant in keys]
        images = self.images(prompts, seeds, size, progress)
        out = {}
        for (kind, variant), img in zip(keys, images):
            base = kind if kind in RECIPES else "matte_paint"
            maps = derive_maps(img, base)
            metal = 1.0 if kind in METALS else 0.0
            tags = tuple(RECIPES[base][2]) + ("generated",) + (() if variant == "default" else (variant,))
            out[(kind, variant)] = TextureSet(kind, variant, size, maps["basecolor.png"], maps["normal.png"],
                                              maps["orm.png"], kind in ("flame", "screen"), tags, metal,
                                              kind == "glass")
        return out

    # ---- sampling -------------------------------------------------------------------------

    def images(self, prompts: list[str], seeds: list[int], size: int,
               progress: Progress) -> list[np.ndarray]:
        """Tileable (size, size, 3) float images in [0, 1], sRGB. Sampled at up to
        max_sample_size and upsampled with wrap-around, so larger maps still tile."""
        from . import diffusion_run as run  # noqa: PLC0415 - imports torch
        from .sd_tiling import circular_padding  # noqa: PLC0415

        opts = self.options()
        sample = min(size, int(opts["max_sample_size"]))
        steps, bs = int(opts["steps"]), self.batch_size
        batches = [(prompts[i:i + bs], seeds[i:i + bs]) for i in range(0, len(prompts), bs)]
        out: list[np.ndarray] = []
        with self.manager.use(self.model_key) as pipe, circular_padding(pipe):
            total = steps * len(batches)
            progress.update("denoise", 0, total)
            for b, (bp, bseeds) in enumerate(batches):
                callback = _step_callback(progress, b * steps, total)
                result = pipe(prompt=[p + PROMPT_SUFFIX for p in bp], height=sample, width=sample,
                              num_inference_steps=steps, guidance_scale=float(opts["guidance_scale"]),
                              generator=run.generators(bseeds), output_type="np",
                              callback_on_step_end=callback)
                out += [np.asarray(img, np.float32) for img in result.images]
        if sample != size:
            k = size // sample
            out = [np.clip(np.stack([upsample(img[..., c], k) for c in range(3)], -1), 0.0, 1.0)
                   for img in out]
        return out


def _step_callback(progress: Progress, offset: int, total: int) -> Callable[..., dict]:
    def callback(pipe: Any, i: int, t: Any, kwargs: dict) -> dict:
        progress.update("denoise", offset + i + 1, total)
        progress.check_cancel()  # raising here stops the pipeline between steps
        return kwargs
    return callback


def material_prompt(kind: str, variant: str) -> str:
    words = [] if variant == "default" else [variant.replace("painted_", "painted ").replace("_", " ")]
    return " ".join(words + [kind.replace("_", " ")])


def derive_maps(image: np.ndarray, base_material: str) -> dict[str, bytes]:
    """basecolor, normal (from luminance as height) and ORM PNGs. np.roll everywhere wraps
    around, so derived maps tile exactly like the base colour."""
    rgb = np.clip(image, 0.0, 1.0).astype(np.float32)
    lum = rgb @ np.array([0.2126, 0.7152, 0.0722], np.float32)
    height = lum
    for _ in range(2):  # soften pixel noise so the normal map shows forms, not grain
        height = (height + np.roll(height, 1, 0) + np.roll(height, -1, 0)
                  + np.roll(height, 1, 1) + np.roll(height, -1, 1)) / 5
    strength = RECIPES[base_material][1] if base_material in RECIPES else 2.0
    normal = normal_from_height(np.ascontiguousarray(height), strength)
    r = max(1, height.shape[0] // 128)
    ring = sum(np.roll(np.roll(height, dy * r, 0), dx * r, 1)
               for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx) / 8.0
    occlusion = np.clip(1.0 - np.maximum(ring - height, 0.0) * 2.5, 0.3, 1.0)
    rough0 = ROUGHNESS.get(base_material, 0.75)
    rough = np.clip(rough0 + 0.2 * (0.5 - lum), 0.02, 1.0)  # darker crevices read rougher
    metal = np.full_like(lum, 1.0 if base_material in METALS else 0.0)
    orm = np.stack([occlusion, rough, metal], -1)

    def u8(a: np.ndarray) -> np.ndarray:
        return (np.clip(a, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)

    return {"basecolor.png": encode_png(u8(rgb)), "normal.png": encode_png(normal),
            "orm.png": encode_png(u8(orm))}
