"""Tileable Stable Diffusion textures: circular padding makes opposite edges continue each other.

The pipeline is a tiny random-weight one loaded through the backend's ModelManager. The
measure: the jump across the wrap-around seam (last column -> first column, last row -> first
row) compared with the typical jump between neighbouring pixels inside the image. With circular
padding the seam is like any other pixel step; without it (zero padding) the borders are
unrelated and the seam is a visible edge.
"""

from __future__ import annotations


import numpy as np
import pytest

from tests.helpers.tiny_models import needs_stack

pytestmark = [needs_stack, pytest.mark.slow]


@pytest.fixture(scope="module")
def sd(tiny_models):
    from backend.generators.diffusion_models import ModelManager
    from backend.generators.sd_texture import SdTextureGenerator

    return SdTextureGenerator(ModelManager("cpu", tiny_models))


class Recorder:
    def __init__(self):
        self.steps = []

    def update(self, phase, step, total):
        self.steps.append((phase, step, total))

    def check_cancel(self):
        pass


def seam_ratio(img: np.ndarray) -> float:
    inner_x = np.abs(np.diff(img, axis=1)).mean()
    inner_y = np.abs(np.diff(img, axis=0)).mean()
    seam_x = np.abs(img[:, 0] - img[:, -1]).mean()
    seam_y = np.abs(img[0] - img[-1]).mean()
    return float((seam_x + seam_y) / (inner_x + inner_y))


def _sample(sd, circular: bool, latents) -> np.ndarray:
    from backend.generators.sd_tiling import circular_padding

    with sd.manager.use("stable-diffusion") as pipe, circular_padding(pipe, enabled=circular):
        out = pipe(prompt=["mossy stone"], height=64, width=64, num_inference_steps=3, guidance_scale=3.0,
                   latents=latents.clone(), output_type="np")
    return np.asarray(out.images[0], np.float64)


def test_circular_padding_makes_edges_match_and_zero_padding_does_not(sd):
    """Roll the starting noise by half a tile: the wrap-around seam moves to the middle of the
    picture. With circular padding the model is the same everywhere on the torus, so the new
    picture is exactly the old one rolled: the pixels across the seam continue each other as
    interior pixels do. With zero padding the borders were made differently, and the middle of
    the rolled run shows it."""
    import torch

    errors = {}
    for circular in (True, False):
        errs = []
        for seed in (0,):
            latents = torch.randn(1, 4, 32, 32, generator=torch.Generator("cpu").manual_seed(seed))
            a = _sample(sd, circular, latents)
            b = _sample(sd, circular, torch.roll(latents, (16, 16), (2, 3)))
            errs.append(float(np.abs(np.roll(a, (32, 32), (0, 1)) - b)[24:40].mean()))
            if circular:
                assert seam_ratio(a) < 1.6, "the seam is an ordinary pixel step"
        errors[circular] = max(errs) if circular else min(errs)
    assert errors[True] < 1e-3, f"circular: the rolled run matches the rolled picture ({errors[True]})"
    assert errors[False] > 50 * max(errors[True], 1e-4), f"zero padding: the seam shows ({errors})"


def test_padding_modes_are_restored(sd):
    import torch

    from backend.generators.sd_tiling import circular_padding

    with sd.manager.use("stable-diffusion") as pipe:
        before = [m.padding_mode for m in pipe.unet.modules() if isinstance(m, torch.nn.Conv2d)]
        with circular_padding(pipe) as switched:
            assert switched > 0
            assert all(m.padding_mode == "circular" for m in pipe.vae.modules() if isinstance(m, torch.nn.Conv2d))
        after = [m.padding_mode for m in pipe.unet.modules() if isinstance(m, torch.nn.Conv2d)]
    assert before == after == ["zeros"] * len(before)


def test_generator_output_tiles_including_derived_maps_and_reports_steps(sd):
    rec = Recorder()
    img = sd.images(["weathered planks"], [4], 128, rec)[0]  # sampled at 64, upsampled with wrap
    assert img.shape == (128, 128, 3) and seam_ratio(img) < 1.6
    denoise = [s for p, s, _ in rec.steps if p == "denoise"]
    assert denoise == sorted(denoise) and denoise[-1] == 3
