"""Numpy PBR texture synthesis (base colour, tangent-space normal, ORM) and a PNG encoder."""

from .library import COLOURS, METALS, VARIANTS, TextureSet, clear_caches, texture_set, texture_sets
from .from_prompt import parse_material_prompt, texture_from_prompt
from .png import encode_png
from .recipes import RECIPES

__all__ = ["COLOURS", "METALS", "RECIPES", "VARIANTS", "TextureSet", "clear_caches", "encode_png", "texture_set",
           "texture_sets",
           "parse_material_prompt", "texture_from_prompt"]
