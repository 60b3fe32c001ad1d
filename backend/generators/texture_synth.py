"""Adapter from a TexturePlan to PBR maps, on top of backend/textures (recipes, noise, PNG).

backend/textures builds texture sets for worlds: seeded by (material, variant, size) only, one
variant per set, cached in-process. A retexture needs other things: the job's seed must change
the pixels, several modifiers must stack ("warm mossy red stone"), and the three maps must be
separate steps so a job can be cancelled between them. So this module calls the recipes
directly with its own RNG and applies its own modifiers; it uses only the public names of
backend/textures.

Every function is deterministic in its arguments: RNGs are seeded from a hash of
(purpose, base material, seed, size, ...), never from global state.
"""

from __future__ import annotations

import hashlib
from typing import Callable

import numpy as np

from ..textures import COLOURS, RECIPES, encode_png
from ..textures.noise import fbm, normal_from_height

Fields = dict[str, np.ndarray]
Modifier = Callable[[Fields, np.random.Generator, int], None]


def rng_for(*parts: object) -> np.random.Generator:
    digest = hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def synthesize_fields(base: str, seed: int, size: int) -> tuple[Fields, bool]:
    """The recipe's float fields (albedo, height, rough, metal) and whether it glows."""
    recipe = RECIPES[base][0]
    raw = recipe(rng_for("retexture", base, seed, size), size)
    emissive = bool(raw.get("emissive", False))
    fields = {k: np.array(raw[k], dtype=np.float32) for k in ("albedo", "height", "rough", "metal")}
    return fields, emissive


# ---- modifiers ------------------------------------------------------------------------------
# Each edits the fields in place. Masks come from band-limited noise so patches (moss, rust)
# have a size that reads the same at 64 and at 4096 pixels.

def _patches(rng: np.random.Generator, size: int, threshold: float) -> np.ndarray:
    return np.clip((fbm(rng, size, 2.1) - threshold) * 3.2, 0.0, 1.0)


def _overlay(f: Fields, mask: np.ndarray, colour: tuple[float, float, float],
             variation: np.ndarray, rough: float) -> None:
    m = mask[..., None]
    layer = np.asarray(colour, np.float32) * (0.75 + 0.5 * variation)[..., None]
    f["albedo"] = f["albedo"] * (1.0 - m) + layer * m
    f["rough"] = f["rough"] * (1.0 - mask) + rough * mask


def _mossy(f: Fields, rng: np.random.Generator, size: int) -> None:
    mask = _patches(rng, size, 0.5)
    _overlay(f, mask, (0.15, 0.29, 0.07), fbm(rng, size, 1.0, low=10), 0.95)
    f["metal"] = f["metal"] * (1.0 - mask)
    f["height"] = f["height"] + 0.25 * mask  # moss sits on top of the surface


def _rusty(f: Fields, rng: np.random.Generator, size: int) -> None:
    mask = _patches(rng, size, 0.42)
    _overlay(f, mask, (0.44, 0.19, 0.07), fbm(rng, size, 1.0, low=8), 0.9)
    f["metal"] = f["metal"] * (1.0 - 0.85 * mask)  # rust is an oxide, not bare metal
    f["height"] = f["height"] + 0.15 * mask


def _weathered(f: Fields, rng: np.random.Generator, size: int) -> None:
    grey = f["albedo"].mean(-1, keepdims=True)
    grime = fbm(rng, size, 1.8)[..., None]
    f["albedo"] = (f["albedo"] * 0.6 + grey * 0.4) * (0.72 + 0.36 * grime)
    f["rough"] = np.clip(f["rough"] + 0.12, 0.0, 1.0)


def _scale_colour(factor: tuple[float, float, float]) -> Modifier:
    def apply(f: Fields, rng: np.random.Generator, size: int) -> None:
        f["albedo"] = f["albedo"] * np.asarray(factor, np.float32)
    return apply


def _dark(f: Fields, rng: np.random.Generator, size: int) -> None:
    f["albedo"] = f["albedo"] * 0.45


def _light(f: Fields, rng: np.random.Generator, size: int) -> None:
    f["albedo"] = f["albedo"] * 0.6 + 0.4


def _polished(f: Fields, rng: np.random.Generator, size: int) -> None:
    f["rough"] = f["rough"] * 0.35


def _rough(f: Fields, rng: np.random.Generator, size: int) -> None:
    f["rough"] = 0.55 + 0.45 * f["rough"]


def _glowing(f: Fields, rng: np.random.Generator, size: int) -> None:
    # Emission uses the base colour as its colour (glTF emissiveTexture = base colour here), so
    # a glowing surface is brightened towards full intensity; the flag is set by the caller.
    f["albedo"] = 0.35 + 0.65 * f["albedo"]


def _tint(colour: tuple[float, float, float]) -> Modifier:
    def apply(f: Fields, rng: np.random.Generator, size: int) -> None:
        # Keep the pattern (relative luminance), replace most of the hue: "red stone" should
        # still look like stone.
        lum = f["albedo"].mean(-1, keepdims=True)
        rel = lum / max(float(lum.mean()), 1e-3)
        tinted = np.asarray(colour, np.float32) * (0.7 + 0.3 * rel)
        f["albedo"] = f["albedo"] * 0.3 + tinted * 0.7
    return apply


MODIFIERS: dict[str, Modifier] = {
    "mossy": _mossy,
    "rusty": _rusty,
    "weathered": _weathered,
    "warm": _scale_colour((1.12, 1.0, 0.8)),
    "cool": _scale_colour((0.85, 0.97, 1.12)),
    "dark": _dark,
    "light": _light,
    "polished": _polished,
    "rough": _rough,
    "glowing": _glowing,
    **{f"tint_{name}": _tint(rgb) for name, rgb in COLOURS.items()},
}
EMISSIVE_MODIFIERS = frozenset({"glowing"})


def _layer(name: str) -> tuple[int, str]:
    """Colour first (it describes the material itself), then what forms or grows on the
    surface, then the finish, then glow: "mossy red stone" keeps green moss on red stone. Ties
    sort by name, so the order of words in a prompt never changes the maps."""
    if name.startswith("tint_"):
        return 0, name
    order = ("warm", "cool", "dark", "light", "weathered", "rusty", "mossy", "polished", "rough",
             "glowing")
    return 1 + order.index(name), name


def apply_modifiers(fields: Fields, base: str, modifiers: tuple[str, ...], seed: int,
                    size: int) -> None:
    """Apply modifiers in layer order. Each has its own RNG, so adding one never reshuffles
    the noise of another."""
    for name in sorted(modifiers, key=_layer):
        MODIFIERS[name](fields, rng_for("modifier", base, name, seed, size), size)


# ---- maps -----------------------------------------------------------------------------------

def _to_u8(a: np.ndarray) -> np.ndarray:
    return (np.clip(a, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def basecolor_png(fields: Fields) -> bytes:
    return encode_png(_to_u8(fields["albedo"]))


def normal_png(fields: Fields, base: str) -> bytes:
    strength = RECIPES[base][1]
    return encode_png(normal_from_height(np.ascontiguousarray(fields["height"]), strength))


def _occlusion(height: np.ndarray) -> np.ndarray:
    """Cavity occlusion: a pixel below the mean of its ring of neighbours is in a crevice.
    The ring radius scales with the size, so a map looks alike at every resolution."""
    r = max(1, height.shape[0] // 128)
    ring = sum(np.roll(np.roll(height, dy * r, 0), dx * r, 1)
               for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx) / 8.0
    return np.clip(1.0 - np.maximum(ring - height, 0.0) * 2.5, 0.3, 1.0)


def orm_png(fields: Fields) -> bytes:
    """glTF packing: R occlusion, G roughness, B metallic."""
    orm = np.stack([_occlusion(fields["height"]), fields["rough"], fields["metal"]], -1)
    return encode_png(_to_u8(orm))
