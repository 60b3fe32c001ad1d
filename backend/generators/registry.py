"""Builds the generators available in this process (the composition root for generators)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .base import Generator


@lru_cache(maxsize=None)
def model_manager(device: str, models_dir: Path | None) -> "ModelManager":  # noqa: F821
    """The one ModelManager of this process: world and texture generators share loaded
    pipelines, and POST /v1/models/unload frees them all."""
    from .diffusion_models import ModelManager

    return ModelManager(device, models_dir)


def build_generators(device: str, models_dir: Path | None = None,
                     batch_size: int | None = None) -> dict[str, Generator]:
    """World generators by name. ``device`` is the resolved device ("cuda" or "cpu").

    The diffusion generators are always listed, so /v1/capabilities can say why one is
    unusable (stack not installed, weights missing); their check_inputs refuses jobs then.
    Nothing here imports torch: they import it on first use. On "cpu" they run in float32
    (slowly with real weights; the tests use tiny ones).
    """
    from .procedural import ProceduralGenerator
    from .sd_texture import SdTextureGenerator
    from .shape import ShapEGenerator

    manager = model_manager(device, models_dir)
    sd = SdTextureGenerator(manager, batch_size)
    generators: list[Generator] = [ProceduralGenerator(texture_source=sd),
                                   ShapEGenerator(manager, batch_size, texture_source=sd)]
    return {gen.name: gen for gen in generators}


def build_texture_generators(device: str, models_dir: Path | None = None,
                             batch_size: int | None = None) -> dict[str, Generator]:
    """Texture generators (job kind "texture") by name. Names are per kind: the procedural
    texture generator is "procedural" like the procedural world generator."""
    from .sd_texture import SdTextureGenerator
    from .texture import TextureGenerator

    generators: list[Generator] = [TextureGenerator(),
                                   SdTextureGenerator(model_manager(device, models_dir), batch_size)]
    return {gen.name: gen for gen in generators}
