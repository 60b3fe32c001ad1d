"""Builds the generators available in this process (the composition root for generators)."""

from __future__ import annotations

from pathlib import Path

from .base import Generator


def build_generators(device: str, models_dir: Path | None = None) -> dict[str, Generator]:
    """Generators by name. ``device`` is the resolved device ("cuda" or "cpu").

    Only the procedural generator exists today. Weight-backed generators will be added here,
    registered only when ``device`` is "cuda" and their weights are found in ``models_dir`` or
    the local Hugging Face cache; imports stay inside this function so a CPU-only backend never
    pays for them.
    """
    del models_dir  # reserved for weight-backed generators
    from .procedural import ProceduralGenerator

    generators: list[Generator] = [ProceduralGenerator()]
    for gen in generators:
        if getattr(gen, "device", "cpu") == "gpu" and device != "cuda":
            raise RuntimeError(f"generator {gen.name} needs a GPU but the device is {device}")
    return {gen.name: gen for gen in generators}


def build_texture_generators(device: str, models_dir: Path | None = None) -> dict[str, Generator]:
    """Texture generators (job kind "texture") by name. Names are per kind: the procedural
    texture generator is "procedural" like the procedural world generator."""
    del device, models_dir  # reserved for a diffusion texture generator
    from .texture import TextureGenerator

    generators: list[Generator] = [TextureGenerator()]
    return {gen.name: gen for gen in generators}
