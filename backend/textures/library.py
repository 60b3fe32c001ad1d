"""PBR texture sets: recipe + variant -> base colour, normal and ORM PNGs, cached in-process.

The RNG for a texture is seeded from (kind, variant) only, never the world seed, so the cache
serves every seed: a regeneration with a new seed re-encodes nothing.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np

from .memo import byte_cached, nbytes_of_arrays
from .noise import fbm, normal_from_height
from .png import encode_png
from .recipes import RECIPES, Fields

COLOURS: dict[str, tuple[float, float, float]] = {
    "red": (0.6, 0.08, 0.06), "blue": (0.08, 0.2, 0.6), "green": (0.12, 0.45, 0.12),
    "yellow": (0.85, 0.7, 0.1), "white": (0.9, 0.9, 0.88), "black": (0.05, 0.05, 0.05),
    "orange": (0.85, 0.35, 0.05), "purple": (0.35, 0.1, 0.5), "pink": (0.9, 0.45, 0.6),
    "grey": (0.45, 0.45, 0.45), "brown": (0.35, 0.2, 0.1),
}
VARIANTS = ("default", "mossy", "weathered", "rusty", "warm", "cool", "dark", "light", "polished",
            "worn") + tuple(f"painted_{c}" for c in COLOURS)
METALS = frozenset({"metal", "rusty_metal", "painted_metal"})


@dataclass(frozen=True)
class TextureSet:
    kind: str
    variant: str
    size: int
    base_png: bytes
    normal_png: bytes
    orm_png: bytes
    emissive: bool
    tags: tuple[str, ...]
    metallic: float  # mean metallic, for the material factor
    transparent: bool


def _seed(*parts: object) -> int:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "little")


def _apply_variant(kind: str, variant: str, f: Fields, rng: np.random.Generator, size: int) -> None:
    alb = f["albedo"]
    if variant == "default":
        return
    if variant == "mossy":
        m = np.clip((fbm(rng, size, 2.2) - 0.5) * 3.5, 0, 1)
        moss = np.array([0.16, 0.3, 0.07], np.float32) * (0.7 + 0.6 * fbm(rng, size, 1.0, low=12))[..., None]
        f["albedo"] = alb * (1 - m[..., None]) + moss * m[..., None]
        f["rough"] = f["rough"] * (1 - m) + 0.95 * m
        f["metal"] = f["metal"] * (1 - m)
        f["height"] = f["height"] + m * 0.3
    elif variant in ("weathered", "worn"):
        grey = alb.mean(-1, keepdims=True)
        grime = fbm(rng, size, 1.8)[..., None]
        f["albedo"] = (alb * 0.55 + grey * 0.45) * (0.75 + 0.35 * grime)
        f["rough"] = np.clip(f["rough"] + 0.12, 0, 1)
    elif variant == "rusty":
        r = np.clip((fbm(rng, size, 2.0) - 0.4) * 3.0, 0, 1)
        rust = np.array([0.45, 0.2, 0.07], np.float32) * (0.7 + 0.5 * fbm(rng, size, 1.0, low=8))[..., None]
        f["albedo"] = alb * (1 - r[..., None]) + rust * r[..., None]
        f["rough"] = f["rough"] * (1 - r) + 0.9 * r
        f["metal"] = f["metal"] * (1 - 0.85 * r)
    elif variant.startswith("painted_"):
        col = np.array(COLOURS[variant[8:]], np.float32)
        lum = alb.mean(-1, keepdims=True)
        f["albedo"] = col * (0.75 + 0.5 * lum / max(float(lum.mean()), 1e-3))
        f["rough"] = np.clip(f["rough"] * 0.6 + 0.15, 0, 1)
        f["metal"] = f["metal"] * 0.3
    elif variant == "warm":
        f["albedo"] = alb * np.array([1.12, 1.0, 0.8], np.float32)
    elif variant == "cool":
        f["albedo"] = alb * np.array([0.85, 0.97, 1.12], np.float32)
    elif variant == "dark":
        f["albedo"] = alb * 0.45
    elif variant == "light":
        f["albedo"] = alb * 0.6 + 0.4
    elif variant == "polished":
        f["rough"] = f["rough"] * 0.35
    else:
        raise ValueError(f"unknown material variant {variant!r}")


def _u8(a: np.ndarray) -> np.ndarray:
    # maximum/minimum rather than np.clip: several times faster on float32 in numpy 1.x.
    return (np.minimum(np.maximum(a, 0.0), 1.0) * 255.0 + 0.5).astype(np.uint8)


@byte_cached(nbytes_of_arrays)
def _base_fields(kind: str, size: int, seed: int = 0) -> Fields:
    """The recipe's fields before any variant: shared by "stone", "stone mossy", ..."""
    recipe = RECIPES[kind][0]
    parts = ("texture", kind, size) + ((seed,) if seed else ())  # seed 0: the world materials
    f = recipe(np.random.default_rng(_seed(*parts)), size)
    for a in f.values():
        if isinstance(a, np.ndarray):
            a.flags.writeable = False  # cached: variants must copy, never edit in place
    return f


def _texture_set_bytes(t: "TextureSet") -> int:
    return len(t.base_png) + len(t.normal_png) + len(t.orm_png) + 512


@byte_cached(_texture_set_bytes)
def texture_set(kind: str, variant: str, size: int, seed: int = 0) -> TextureSet:
    """Build (or fetch from the byte-bounded cache, memo.py) the texture set for one material. Worlds use seed 0
    so every world shares the cache; retexturing asks for other seeds."""
    if kind not in RECIPES:
        raise ValueError(f"unknown material kind {kind!r}")
    _, strength, tags = RECIPES[kind]
    f = dict(_base_fields(kind, size, seed))
    rng = np.random.default_rng(_seed("variant", kind, variant, size, *((seed,) if seed else ())))
    _apply_variant(kind, variant, f, rng, size)
    h = f["height"].astype(np.float32)
    # Occlusion from the height field: crevices (below their blurred surroundings) get darker.
    blur = (h + np.roll(h, 3, 0) + np.roll(h, -3, 0) + np.roll(h, 3, 1) + np.roll(h, -3, 1)) / 5
    ao = np.clip(1.0 - np.maximum(blur - h, 0) * 3.0, 0.3, 1.0)
    orm = np.stack([ao, f["rough"], f["metal"]], -1)
    metal = float(np.mean(f["metal"]))
    return TextureSet(
        kind, variant, size,
        encode_png(_u8(f["albedo"])),
        encode_png(normal_from_height(h, strength)),
        encode_png(_u8(orm)),
        bool(f.get("emissive", False)),
        tuple(tags) + (() if variant == "default" else (variant,)),
        metal,
        kind == "glass",
    )


def clear_caches() -> None:
    """Forget every cached texture (cold-cache benchmarks, tests)."""
    texture_set.cache_clear()
    _base_fields.cache_clear()


CHECK_S = 0.1  # how often texture_sets checks for a cancel while a set is being made


def texture_sets(keys: Iterable[tuple[str, str]], size: int,
                 between: Callable[[int, int], None] | None = None) -> dict[tuple[str, str], TextureSet]:
    """Build many texture sets on two threads (numpy FFTs and zlib release the GIL).
    ``between(done, total)`` runs on the calling thread after each one (progress, cancel) and
    every CHECK_S while one is being made, so a cancel (it raises) stops the job at once: the
    sets still being made finish on their threads, unwaited, and are dropped."""
    keys = sorted(set(keys))
    out: dict[tuple[str, str], TextureSet] = {}
    pool = ThreadPoolExecutor(max_workers=2)
    futures = [(k, pool.submit(texture_set, k[0], k[1], size)) for k in keys]
    try:
        for i, (k, fut) in enumerate(futures):
            while True:
                try:
                    out[k] = fut.result(timeout=CHECK_S)
                    break
                except FutureTimeout:
                    if between is not None:
                        between(i, len(keys))
            if between is not None:
                between(i + 1, len(keys))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return out
