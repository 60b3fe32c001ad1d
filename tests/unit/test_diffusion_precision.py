"""Pipelines load in the precision the manager asks for (fp16 on CUDA), also with a diffusers
that ignores ``from_pretrained(dtype=...)``, as versions before the ``torch_dtype`` rename do.
CPU runs float32; bfloat16 stands in for the GPU's half precision here."""

from __future__ import annotations

import pytest

from tests.helpers.tiny_models import needs_stack


pytestmark = [needs_stack, pytest.mark.slow]


@pytest.mark.parametrize("diffusers_reads_dtype", [True, False])
@pytest.mark.parametrize("key", ["shap-e", "stable-diffusion"])
def test_loaded_pipelines_have_the_managers_dtype(tiny_models, monkeypatch, key, diffusers_reads_dtype):
    import diffusers
    import torch

    from backend.generators import diffusion_models as dm

    cls = getattr(diffusers, dm.MODELS[key].pipeline)
    if not diffusers_reads_dtype:
        original = cls.from_pretrained.__func__

        def old_style(klass, path, **kwargs):
            kwargs.pop("dtype", None)  # an older diffusers loads float32 whatever it is told
            return original(klass, path, **kwargs)

        monkeypatch.setattr(cls, "from_pretrained", classmethod(old_style))
    monkeypatch.setattr(dm.ModelManager, "dtype_name", property(lambda self: "bfloat16"))
    manager = dm.ModelManager("cpu", tiny_models)
    with manager.use(key) as pipe:
        nets = [m for m in pipe.components.values() if isinstance(m, torch.nn.Module)]
        assert nets and all(next(m.parameters()).dtype == torch.bfloat16 for m in nets)


def test_a_half_precision_world_with_sd_textures_is_a_valid_glb(tiny_models, monkeypatch):
    """The fp16 path a GPU takes (latents, decoding, marching cubes, SD sampling with circular
    padding), run on the CPU: torch's CPU float16 kernels are slow but complete."""
    from backend.generators import diffusion_models as dm
    from backend.generators.base import NullProgress
    from backend.generators.sd_texture import SdTextureGenerator
    from backend.generators.shape import ShapEGenerator
    from wslib.glb import read_glb
    from tests.helpers.gltf_validator import assert_valid_glb

    monkeypatch.setattr(dm.ModelManager, "dtype_name", property(lambda self: "float16"))
    manager = dm.ModelManager("cpu", tiny_models)
    sd = SdTextureGenerator(manager)
    spec = {"prompt": "a medieval market with 3 barrels and a well", "seed": 1, "generator": "shap-e",
            "texture_generator": "sd-texture", "asset_budget": {"max_triangles": 2000, "texture_size": 64}}
    glb = ShapEGenerator(manager, texture_source=sd).generate(spec, NullProgress())
    assert_valid_glb(glb)
    extras = read_glb(glb)[0]["scenes"][0]["extras"]["worldsmith"]
    assert extras["diffusion"]["dtype"] == "float16" and extras["diffusion"]["prompts"]
