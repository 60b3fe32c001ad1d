"""Running diffusers pipelines the way jobs need: per-step progress, cancel between steps,
batched prompts, and Shap-E latents decoded to coloured meshes. Imports torch; only the
diffusion generators import this module, and only inside generate().
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

import numpy as np
import torch

StepHook = Callable[[], None]


def seed_for(*parts: object) -> int:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "little") & (2**63 - 1)


def generators(seeds: Sequence[int]) -> list[torch.Generator]:
    # CPU generators on every device: the same seed draws the same noise on a GPU machine and
    # in the tests, and one generator per prompt makes a result independent of its batch.
    return [torch.Generator("cpu").manual_seed(int(s)) for s in seeds]


@contextmanager
def scheduler_step_hook(scheduler: Any, after_step: StepHook) -> Iterator[None]:
    """Call ``after_step`` after every ``scheduler.step``.

    ShapEPipeline has no step callback; every denoising iteration calls scheduler.step once,
    so shadowing the bound method on this instance is the narrowest hook. ``after_step`` may
    raise (JobCancelled) to stop the pipeline between steps; the hook is removed either way.
    """
    original = scheduler.step

    def step(*args: Any, **kwargs: Any) -> Any:
        out = original(*args, **kwargs)
        after_step()
        return out

    scheduler.step = step
    try:
        yield
    finally:
        del scheduler.step  # the class method shows through again


def timesteps_per_call(scheduler: Any, steps: int) -> int:
    """How many scheduler.step calls one pipeline call makes (Heun: 2 * steps - 1)."""
    scheduler.set_timesteps(steps)
    return int(len(scheduler.timesteps))


def shap_e_latents(pipe: Any, prompts: list[str], seeds: list[int], steps: int, guidance: float,
                   after_step: StepHook) -> torch.Tensor:
    """(B, num_embeddings, embedding_dim) latents for a batch of prompts."""
    with scheduler_step_hook(pipe.scheduler, after_step):
        out = pipe(prompt=list(prompts), num_inference_steps=steps, guidance_scale=guidance,
                   generator=generators(seeds), output_type="latent")
    return out.images


@dataclass
class DecodedMesh:
    pos: np.ndarray     # (N, 3) float64, Shap-E space: [-1, 1]^3, z up
    faces: np.ndarray   # (M, 3) int64
    colour: np.ndarray  # (N, 3) float64, linear RGB


@torch.no_grad()
def decode_mesh(renderer: Any, latent: torch.Tensor, grid_size: int,
                query_batch: int = 65536) -> DecodedMesh:
    """Shap-E's STF decoding (signed distance on a grid -> marching cubes -> colour per vertex).

    Follows ShapERenderer.decode_to_mesh but returns an empty mesh instead of failing when the
    surface is empty, takes the grid size from the caller, and queries in larger batches.
    """
    from diffusers.pipelines.shap_e.renderer import volume_query_points  # noqa: PLC0415

    device = latent.device
    mlp = renderer.mlp
    params = renderer.params_proj(latent[None])
    # The latent is a set of MLP weights: write them into the renderer's MLP (this is why
    # decoding one latent at a time is required, and why jobs hold the model lock).
    for name, param in mlp.state_dict().items():
        key = f"nerstf.{name}"
        if key in params:
            param.copy_(params[key].squeeze(0))
    points = volume_query_points(renderer.volume, grid_size).to(device=device, dtype=mlp.dtype)[None]
    sdf = []
    for i in range(0, points.shape[1], query_batch):
        out = mlp(position=points[:, i:i + query_batch], direction=None, ts=None,
                  nerf_level="fine", rendering_mode="stf")
        sdf.append(out.signed_distance)
    field = torch.cat(sdf, 1).float().reshape(grid_size, grid_size, grid_size)
    # A negative (outside) border closes every surface that touches the grid's edge.
    full = torch.full((grid_size + 2,) * 3, -1.0, device=field.device, dtype=field.dtype)
    full[1:-1, 1:-1, 1:-1] = field
    vol = renderer.volume
    raw = renderer.mesh_decoder(full, vol.bbox_min, vol.bbox_max - vol.bbox_min)
    verts = raw.verts
    if verts.shape[0] == 0 or raw.faces.shape[0] == 0:
        return DecodedMesh(np.zeros((0, 3)), np.zeros((0, 3), np.int64), np.zeros((0, 3)))
    cols = []
    vq = verts.to(device=device, dtype=mlp.dtype)[None]
    for i in range(0, vq.shape[1], query_batch):
        out = mlp(position=vq[:, i:i + query_batch], direction=None, ts=None,
                  nerf_level="fine", rendering_mode="stf")
        cols.append(out.channels)
    srgb = torch.cat(cols, 1)[0].float()
    linear = torch.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    return DecodedMesh(verts.double().cpu().numpy(), raw.faces.long().cpu().numpy(),
                       linear.double().cpu().numpy())
