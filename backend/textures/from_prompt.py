"""A texture set from a short material prompt ("mossy stone", "painted red planks"), for
retexturing one material slot. Words pick the recipe and the variant; the seed varies the noise."""

from __future__ import annotations

import re

from .library import COLOURS, TextureSet, texture_set

KIND_WORDS: dict[str, str] = {
    "stone": "stone", "stones": "stone", "brick": "stone", "bricks": "stone", "masonry": "stone", "rock": "stone",
    "cobble": "cobble", "cobbles": "cobble", "cobblestone": "cobble", "cobblestones": "cobble", "paving": "cobble",
    "wood": "wood", "wooden": "wood", "timber": "wood", "oak": "wood", "planks": "planks", "plank": "planks",
    "floorboards": "planks", "boards": "planks", "parquet": "planks", "cloth": "cloth", "fabric": "cloth",
    "canvas": "cloth", "linen": "cloth", "wool": "cloth", "carpet": "cloth", "metal": "metal", "steel": "metal",
    "iron": "metal", "aluminium": "metal", "aluminum": "metal", "chrome": "metal", "rust": "rusty_metal",
    "panel": "painted_metal", "panels": "painted_metal", "hull": "painted_metal", "plaster": "plaster",
    "stucco": "plaster", "wall": "plaster", "bark": "bark", "leaves": "foliage", "foliage": "foliage",
    "leaf": "foliage", "ivy": "foliage", "grass": "grass", "lawn": "grass", "leather": "leather",
    "plastic": "plastic", "rubber": "plastic", "glass": "glass", "fire": "flame", "flame": "flame",
    "lava": "flame", "screen": "screen", "display": "screen", "hologram": "screen", "straw": "straw",
    "hay": "straw", "thatch": "straw", "soil": "soil", "dirt": "soil", "mud": "soil", "earth": "soil",
    "paint": "matte_paint", "concrete": "matte_paint", "ceramic": "plaster", "lampshade": "lamp_shade",
}
VARIANT_WORDS: dict[str, str] = {
    "mossy": "mossy", "moss": "mossy", "overgrown": "mossy", "weathered": "weathered", "old": "weathered",
    "aged": "weathered", "worn": "worn", "rusty": "rusty", "rusted": "rusty", "warm": "warm", "cool": "cool",
    "dark": "dark", "light": "light", "polished": "polished", "shiny": "polished", "glossy": "polished",
}


def parse_material_prompt(prompt: str) -> tuple[str, str]:
    """(kind, variant) for a prompt; unknown words are ignored, stone is the fallback kind."""
    words = re.findall(r"[a-z]+", prompt.lower())
    kind = next((KIND_WORDS[w] for w in words if w in KIND_WORDS), "stone")
    variant = "default"
    for i, w in enumerate(words):
        if w in COLOURS:
            variant = f"painted_{w}"
        elif w in VARIANT_WORDS:
            variant = VARIANT_WORDS[w]
            if variant == "rusty" and kind == "metal":
                kind, variant = "rusty_metal", "default"
    return kind, variant


def texture_from_prompt(prompt: str, seed: int, size: int) -> TextureSet:
    kind, variant = parse_material_prompt(prompt)
    return texture_set(kind, variant, size, seed)
