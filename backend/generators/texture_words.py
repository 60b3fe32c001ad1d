"""Texture prompt understanding without a model: words -> a base material and modifiers.

A texture prompt describes one surface ("mossy red stone", "rusty corrugated iron"). The first
word that names a material picks the base recipe from backend/textures; adjectives add
modifiers (moss, rust, tints, ...) in the order they are written. Words that change nothing are
reported back as ``ignored`` so the user sees what the generator did not understand; filler
words ("a", "texture", "with") are neither used nor ignored.

The vocabulary is ours rather than worldgen.prompt's: texture prompts need material nouns, not
archetype nouns, and a retexture must not change meaning when the world parser is tuned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..textures import COLOURS, RECIPES

#: Used when neither the prompt nor the hint names a material: a plain surface that every
#: modifier (tints above all) reads well on.
DEFAULT_MATERIAL = "matte_paint"

# word -> recipe name in backend/textures/recipes.py
MATERIAL_WORDS: dict[str, str] = {
    **{w: "stone" for w in ("stone", "rock", "brick", "masonry", "granite", "slate", "marble",
                            "sandstone", "limestone", "boulder", "castle")},
    **{w: "cobble" for w in ("cobble", "cobblestone", "pavement", "paving", "flagstone",
                             "pebble", "gravel")},
    **{w: "wood" for w in ("wood", "wooden", "timber", "oak", "pine", "log", "lumber", "walnut",
                           "birch")},
    **{w: "planks" for w in ("plank", "floorboard", "board", "deck", "decking", "parquet",
                             "floor")},
    **{w: "cloth" for w in ("cloth", "fabric", "linen", "canvas", "cotton", "wool", "woollen",
                            "textile", "burlap", "sack", "carpet", "rug", "curtain")},
    **{w: "metal" for w in ("metal", "metallic", "steel", "iron", "aluminium", "aluminum",
                            "chrome", "silver", "tin", "copper", "bronze", "brass", "gold")},
    **{w: "painted_metal" for w in ("panel", "hull", "plating", "sheet", "corrugated",
                                    "machinery", "container")},
    **{w: "plaster" for w in ("plaster", "stucco", "concrete", "cement", "drywall", "wall")},
    "bark": "bark", "trunk": "bark",
    **{w: "foliage" for w in ("leaf", "leaves", "foliage", "hedge", "ivy", "vine", "bush")},
    **{w: "grass" for w in ("grass", "lawn", "turf", "meadow")},
    **{w: "leather" for w in ("leather", "hide", "suede", "skin")},
    **{w: "plastic" for w in ("plastic", "rubber", "vinyl", "acrylic")},
    **{w: "glass" for w in ("glass", "crystal", "ice", "window")},
    **{w: "flame" for w in ("flame", "fire", "lava", "magma", "ember", "inferno", "blaze")},
    **{w: "screen" for w in ("screen", "monitor", "display", "hologram", "terminal")},
    **{w: "lamp_shade" for w in ("lampshade", "lamp", "lantern", "shade")},
    **{w: "straw" for w in ("straw", "hay", "thatch", "wicker", "rattan")},
    **{w: "soil" for w in ("soil", "dirt", "mud", "earth", "ground", "clay", "sand")},
    **{w: "matte_paint" for w in ("paint", "matte", "primer")},
}

# word -> modifier name in texture_synth.MODIFIERS
MODIFIER_WORDS: dict[str, str] = {
    **{w: "mossy" for w in ("mossy", "moss", "overgrown", "lichen", "damp")},
    **{w: "rusty" for w in ("rusty", "rusted", "rust", "corroded", "oxidised", "oxidized")},
    **{w: "weathered" for w in ("weathered", "old", "aged", "ancient", "worn", "dirty", "grimy",
                                "dusty", "faded")},
    **{w: "warm" for w in ("warm", "cozy", "cosy", "sunny", "golden")},
    **{w: "cool" for w in ("cool", "cold", "icy", "frosty")},
    **{w: "dark" for w in ("dark", "burnt", "charred", "black")},
    **{w: "light" for w in ("light", "pale", "bleached", "bright", "white")},
    **{w: "polished" for w in ("polished", "shiny", "glossy", "smooth", "wet", "lacquered")},
    **{w: "rough" for w in ("rough", "coarse", "raw", "unfinished")},
    **{w: "glowing" for w in ("glowing", "glow", "emissive", "luminous", "neon", "lit", "hot")},
    # Colours tint the base colour; "black" and "white" read better as dark/light above.
    **{c: f"tint_{c}" for c in COLOURS if c not in ("black", "white")},
    "gray": "tint_grey",
    "crimson": "tint_red",
    "scarlet": "tint_red",
    "teal": "tint_blue",
}

FILLER = frozenset("""a an the of with and or in on at to for by from into onto some its it this
    that is are be as like look looking looks style styled made texture textures material
    materials surface surfaces pattern patterned tile tiled tileable seamless pbr very slightly
    quite bit lot lots more less kind sort type""".split())

_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class TexturePlan:
    """What the generator makes of a prompt (and the optional material hint)."""

    base_material: str
    modifiers: tuple[str, ...]
    words_used: tuple[str, ...]
    ignored: tuple[str, ...]


def _lookup(word: str, table: dict[str, str]) -> str | None:
    if word in table:
        return table[word]
    # Plurals ("bricks", "leaves" is listed) without a stemmer: drop one trailing s or es.
    for suffix in ("s", "es"):
        if word.endswith(suffix) and word[: -len(suffix)] in table:
            return table[word[: -len(suffix)]]
    return None


def resolve_material(name: str) -> str | None:
    """A material hint as a recipe name: the name itself ("rusty_metal") or a material word
    ("iron", "bricks"). None if it is neither."""
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    if key in RECIPES:
        return key
    return _lookup(key, MATERIAL_WORDS)


def material_names() -> list[str]:
    """Every base material a texture job can use, for capabilities and error messages."""
    return sorted(RECIPES)


def modifier_names() -> list[str]:
    return sorted(set(MODIFIER_WORDS.values()))


def plan_texture(prompt: str, material_hint: str | None = None) -> TexturePlan:
    """Read a prompt. ``material_hint`` (already checked with resolve_material) wins over
    material words in the prompt, which are then reported as ignored."""
    base = resolve_material(material_hint) if material_hint else None
    modifiers: list[str] = []
    used: list[str] = []
    ignored: list[str] = []
    for word in _WORD.findall(prompt.lower()):
        if word in FILLER:
            continue
        modifier = _lookup(word, MODIFIER_WORDS)
        material = None if modifier is not None else _lookup(word, MATERIAL_WORDS)
        if modifier is not None and modifier not in modifiers:
            modifiers.append(modifier)
            used.append(word)
        elif material is not None and base is None:
            base = material
            used.append(word)
        else:
            ignored.append(word)  # unknown, a second material, or a repeated modifier
    return TexturePlan(base or DEFAULT_MATERIAL, tuple(modifiers), tuple(used), tuple(ignored))
