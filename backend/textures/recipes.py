"""Material recipes: each turns a seeded RNG and a size into albedo, height, roughness and
metallic fields (float32, [0, 1]). Colours are linear-ish sRGB triples chosen by eye."""

from __future__ import annotations

from typing import Callable

import numpy as np

from .noise import cells, fbm

Fields = dict[str, np.ndarray]


def _mix(c0, c1, t: np.ndarray) -> np.ndarray:
    c0, c1 = np.asarray(c0, np.float32), np.asarray(c1, np.float32)
    return c0 + (c1 - c0) * t[..., None]


def _full(size: int, v: float) -> np.ndarray:
    return np.full((size, size), v, np.float32)


def _coords(size: int) -> tuple[np.ndarray, np.ndarray]:
    # Pixel centres, so patterns that line up with the tile edge (seams, mortar) fall symmetrically
    # on the first and last pixel and the tile wraps without a one-sided line.
    g = (np.arange(size, dtype=np.float32) + 0.5) / size
    return np.meshgrid(g, g, indexing="ij")  # (v, u) in (0, 1)


def stone(rng, size) -> Fields:
    v, u = _coords(size)
    rows = 4
    row = np.floor(v * rows)
    shift = (row % 2) * 0.25
    uu = (u * 2 + shift) % 1.0  # 2 blocks per row; period divides the tile so it wraps
    fv, fu = (v * rows) % 1.0, (uu * 2) % 1.0
    mortar = np.minimum(np.minimum(fv, 1 - fv) * 4, np.minimum(fu, 1 - fu) * 8).clip(0, 1)
    n = fbm(rng, size, 1.8)
    fine = fbm(rng, size, 1.0, low=8)
    h = mortar ** 0.5 * 0.7 + n * 0.2 + fine * 0.1
    alb = _mix((0.28, 0.27, 0.25), (0.55, 0.53, 0.49), n * 0.7 + fine * 0.3) * (0.6 + 0.4 * mortar)[..., None]
    return {"albedo": alb, "height": h, "rough": 0.8 + 0.15 * fine, "metal": _full(size, 0.0)}


def cobble(rng, size) -> Fields:
    edge, cid = cells(rng, size, 36)
    e = np.clip(edge / (size * 0.03), 0, 1)
    tint = rng.random(64).astype(np.float32)[cid % 64]
    fine = fbm(rng, size, 1.2, low=6)
    h = e ** 0.6 * 0.8 + fine * 0.2
    alb = _mix((0.22, 0.21, 0.2), (0.5, 0.47, 0.43), 0.5 * tint + 0.3 * fine + 0.2) * (0.45 + 0.55 * e)[..., None]
    return {"albedo": alb, "height": h, "rough": 0.75 + 0.2 * (1 - e), "metal": _full(size, 0.0)}


def wood(rng, size) -> Fields:
    v, u = _coords(size)
    warp = fbm(rng, size, 2.2)
    rings = np.sin((u * 12 + warp * 3) * 2 * np.pi) * 0.5 + 0.5  # grain runs along V
    fine = fbm(rng, size, 1.0, low=16)
    g = rings * 0.6 + fine * 0.4
    alb = _mix((0.25, 0.14, 0.07), (0.52, 0.34, 0.18), g)
    return {"albedo": alb, "height": g * 0.5, "rough": 0.6 + 0.25 * fine, "metal": _full(size, 0.0)}


def planks(rng, size) -> Fields:
    f = wood(rng, size)
    v, u = _coords(size)
    board = np.floor(u * 6)
    fu = (u * 6) % 1.0
    gap = np.clip(np.minimum(fu, 1 - fu) * 30, 0, 1)
    tint = (rng.random(6).astype(np.float32)[board.astype(int)] * 0.3 + 0.85)
    f["albedo"] = f["albedo"] * (tint * (0.5 + 0.5 * gap))[..., None]
    f["height"] = f["height"] * 0.4 + gap * 0.6
    return f


def cloth(rng, size) -> Fields:
    v, u = _coords(size)
    k = 64  # threads per tile
    wu = np.sin(u * k * 2 * np.pi) * 0.5 + 0.5
    wv = np.sin(v * k * 2 * np.pi) * 0.5 + 0.5
    weave = np.where(np.sin(u * k * np.pi) * np.sin(v * k * np.pi) > 0, wu, wv)
    n = fbm(rng, size, 1.6)
    alb = _mix((0.62, 0.58, 0.5), (0.78, 0.74, 0.66), n) * (0.85 + 0.15 * weave)[..., None]
    return {"albedo": alb, "height": weave * 0.6 + n * 0.2, "rough": _full(size, 0.9), "metal": _full(size, 0.0)}


def metal(rng, size) -> Fields:
    v, u = _coords(size)
    streak = fbm(rng, size, 1.0, low=2)
    streak = 0.5 * streak + 0.5 * np.roll(streak, size // 3, 1)
    n = fbm(rng, size, 2.0)
    alb = _mix((0.55, 0.56, 0.58), (0.72, 0.72, 0.74), 0.6 * streak + 0.4 * n)
    return {"albedo": alb, "height": streak * 0.15, "rough": 0.3 + 0.2 * streak, "metal": _full(size, 1.0)}


def rusty_metal(rng, size) -> Fields:
    f = metal(rng, size)
    rust = np.clip((fbm(rng, size, 2.0) - 0.45) * 4, 0, 1)
    f["albedo"] = f["albedo"] * (1 - rust[..., None]) + _mix((0.35, 0.15, 0.06), (0.55, 0.27, 0.1), fbm(rng, size, 1.0, low=8)) * rust[..., None]
    f["rough"] = f["rough"] * (1 - rust) + 0.9 * rust
    f["metal"] = 1.0 - 0.85 * rust
    f["height"] = f["height"] + rust * 0.3
    return f


def painted_metal(rng, size) -> Fields:
    v, u = _coords(size)
    fu, fv = (u * 2) % 1.0, (v * 2) % 1.0
    seam = np.clip(np.minimum(np.minimum(fu, 1 - fu), np.minimum(fv, 1 - fv)) * 80, 0, 1)
    n = fbm(rng, size, 1.5)
    alb = _mix((0.32, 0.35, 0.38), (0.42, 0.45, 0.48), n) * (0.7 + 0.3 * seam)[..., None]
    return {"albedo": alb, "height": seam * 0.7 + n * 0.05, "rough": 0.45 + 0.2 * n, "metal": _full(size, 0.6)}


def plaster(rng, size) -> Fields:
    n = fbm(rng, size, 2.0)
    fine = fbm(rng, size, 1.0, low=12)
    alb = _mix((0.78, 0.75, 0.7), (0.88, 0.86, 0.82), n * 0.7 + fine * 0.3)
    return {"albedo": alb, "height": n * 0.3 + fine * 0.1, "rough": 0.85 + 0.1 * fine, "metal": _full(size, 0.0)}


def bark(rng, size) -> Fields:
    v, u = _coords(size)
    warp = fbm(rng, size, 2.0)
    ridges = np.abs(np.sin((u * 10 + warp * 2.5) * np.pi)) ** 0.5
    fine = fbm(rng, size, 1.0, low=10)
    h = ridges * 0.7 + fine * 0.3
    alb = _mix((0.12, 0.08, 0.05), (0.36, 0.27, 0.19), h)
    return {"albedo": alb, "height": h, "rough": 0.9 + 0.08 * fine, "metal": _full(size, 0.0)}


def foliage(rng, size) -> Fields:
    edge, cid = cells(rng, size, 80)
    e = np.clip(edge / (size * 0.015), 0, 1)
    tint = rng.random(64).astype(np.float32)[cid % 64]
    alb = _mix((0.08, 0.2, 0.05), (0.25, 0.45, 0.1), tint) * (0.5 + 0.5 * e)[..., None]
    return {"albedo": alb, "height": e * 0.6 + tint * 0.2, "rough": 0.7 + 0.2 * tint, "metal": _full(size, 0.0)}


def grass(rng, size) -> Fields:
    n = fbm(rng, size, 1.7)
    blades = fbm(rng, size, 0.6, low=24)
    dirt = np.clip((fbm(rng, size, 2.4) - 0.6) * 4, 0, 1)
    alb = _mix((0.13, 0.25, 0.06), (0.3, 0.45, 0.12), n * 0.5 + blades * 0.5)
    alb = alb * (1 - dirt[..., None]) + _mix((0.25, 0.18, 0.1), (0.38, 0.28, 0.17), n) * dirt[..., None]
    return {"albedo": alb, "height": blades * 0.6 + n * 0.2, "rough": _full(size, 0.92), "metal": _full(size, 0.0)}


def leather(rng, size) -> Fields:
    edge, _ = cells(rng, size, 200)
    e = np.clip(edge / (size * 0.01), 0, 1)
    n = fbm(rng, size, 2.0)
    alb = _mix((0.22, 0.12, 0.06), (0.4, 0.24, 0.13), n) * (0.85 + 0.15 * e)[..., None]
    return {"albedo": alb, "height": e * 0.4, "rough": 0.55 + 0.2 * e, "metal": _full(size, 0.0)}


def plastic(rng, size) -> Fields:
    n = fbm(rng, size, 1.0, low=24)
    alb = _mix((0.82, 0.82, 0.8), (0.86, 0.86, 0.84), n)
    return {"albedo": alb, "height": n * 0.05, "rough": 0.35 + 0.1 * n, "metal": _full(size, 0.0)}


def glass(rng, size) -> Fields:
    n = fbm(rng, size, 2.0)
    alb = _mix((0.7, 0.85, 0.82), (0.8, 0.92, 0.9), n)
    return {"albedo": alb, "height": n * 0.02, "rough": 0.05 + 0.05 * n, "metal": _full(size, 0.0)}


def flame(rng, size) -> Fields:
    v, u = _coords(size)
    n = fbm(rng, size, 1.5)
    t = np.clip(0.5 + 0.5 * np.sin(v * 2 * np.pi) * 0.5 + n * 0.5, 0, 1)
    alb = _mix((1.0, 0.35, 0.05), (1.0, 0.85, 0.4), t)
    return {"albedo": alb, "height": n * 0.1, "rough": _full(size, 1.0), "metal": _full(size, 0.0), "emissive": True}


def screen(rng, size) -> Fields:
    v, u = _coords(size)
    lines = (np.sin(v * size * np.pi / 2) > 0).astype(np.float32)
    glyph = (fbm(rng, size, 0.5, low=20) > 0.55).astype(np.float32)
    alb = _mix((0.02, 0.1, 0.14), (0.2, 0.85, 1.0), glyph * (0.6 + 0.4 * lines))
    return {"albedo": alb, "height": _full(size, 0.5), "rough": _full(size, 0.15), "metal": _full(size, 0.0), "emissive": True}


def lamp_shade(rng, size) -> Fields:
    f = cloth(rng, size)
    f["albedo"] = np.clip(f["albedo"] * np.array([1.25, 1.05, 0.75], np.float32), 0, 1)
    f["emissive"] = True
    return f


def straw(rng, size) -> Fields:
    v, u = _coords(size)
    warp = fbm(rng, size, 1.8)
    fib = np.sin((u * 60 + warp * 6) * 2 * np.pi) * 0.5 + 0.5
    alb = _mix((0.55, 0.45, 0.2), (0.85, 0.75, 0.4), fib * 0.6 + warp * 0.4)
    return {"albedo": alb, "height": fib * 0.5, "rough": _full(size, 0.9), "metal": _full(size, 0.0)}


def soil(rng, size) -> Fields:
    n = fbm(rng, size, 2.0)
    fine = fbm(rng, size, 0.8, low=16)
    alb = _mix((0.2, 0.14, 0.09), (0.38, 0.28, 0.18), n * 0.6 + fine * 0.4)
    return {"albedo": alb, "height": n * 0.4 + fine * 0.3, "rough": _full(size, 0.95), "metal": _full(size, 0.0)}


def matte_paint(rng, size) -> Fields:
    n = fbm(rng, size, 1.0, low=32)
    alb = _mix((0.86, 0.86, 0.86), (0.9, 0.9, 0.9), n)
    return {"albedo": alb, "height": n * 0.02, "rough": _full(size, 0.7), "metal": _full(size, 0.0)}


RECIPES: dict[str, tuple[Callable[[np.random.Generator, int], Fields], float, tuple[str, ...]]] = {
    # kind: (recipe, normal strength, tags)
    "stone": (stone, 6.0, ("stone", "masonry")),
    "cobble": (cobble, 6.0, ("stone", "ground")),
    "wood": (wood, 2.0, ("wood",)),
    "planks": (planks, 3.0, ("wood", "floor")),
    "cloth": (cloth, 2.0, ("fabric",)),
    "metal": (metal, 1.0, ("metal",)),
    "rusty_metal": (rusty_metal, 2.0, ("metal", "rust")),
    "painted_metal": (painted_metal, 3.0, ("metal", "painted")),
    "plaster": (plaster, 2.0, ("plaster", "wall")),
    "bark": (bark, 6.0, ("wood", "bark")),
    "foliage": (foliage, 4.0, ("plant", "foliage")),
    "grass": (grass, 3.0, ("plant", "ground")),
    "leather": (leather, 2.0, ("leather",)),
    "plastic": (plastic, 0.5, ("plastic",)),
    "glass": (glass, 0.3, ("glass",)),
    "flame": (flame, 0.5, ("emissive", "fire")),
    "screen": (screen, 0.2, ("emissive", "screen")),
    "lamp_shade": (lamp_shade, 1.0, ("fabric", "emissive")),
    "straw": (straw, 3.0, ("plant", "straw")),
    "soil": (soil, 4.0, ("ground", "soil")),
    "matte_paint": (matte_paint, 0.3, ("paint",)),
}
