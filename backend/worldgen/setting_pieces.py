"""Structural pieces that settings are composed of, beyond the original themes' own: grounds (stone,
dirt, sand, boardwalk, water) and enclosure segments (fence, hedge, railing, masonry, cave rock,
street facades). Segments follow the walls' convention: variant 0 is a full 4 m segment, variant 1
the piece that fits between two corners (4 m less two thicknesses); each is centred on its line,
its box exactly the segment's length x height x thickness; variants 2 and 3 are the same for a half
(2 m) segment, so a walled setting can be any even number of metres deep and a multiple of 4 wide
(the cave's rock is too thick for a half corner piece: caves are a multiple of 4 m deep).
"""

from __future__ import annotations

import numpy as np

from .arch_courtyard import WALL_H, WALL_T
from .arch_interior import ROOM_WALL_H, ROOM_WALL_T
from .arch_scifi import BULK_H, BULK_T
from .archetype_base import Archetype, Built, ground_box, register, slots
from .mesh import box

SEG = 4.0

#: Enclosure archetype -> (thickness, height). Settings read their wall thickness from here.
PIECES: dict[str, tuple[float, float]] = {
    "wall": (WALL_T, WALL_H + 0.5),
    "room_wall": (ROOM_WALL_T, ROOM_WALL_H),
    "bulkhead": (BULK_T, BULK_H),
    "fence_segment": (0.12, 1.2),
    "hedge_segment": (0.8, 1.8),
    "railing_segment": (0.1, 1.6),
    "masonry_wall": (0.5, 3.4),
    "cave_wall": (1.2, 4.5),
    "facade": (0.6, 6.5),
}


def segment_length(name: str, variant: int) -> float:
    full = SEG if variant < 2 else SEG / 2
    return full if variant % 2 == 0 else full - 2 * PIECES[name][0]


def _fence(v: int, d: int) -> Built:
    t, h = PIECES["fence_segment"]
    n = segment_length("fence_segment", v)
    posts = [box(0.1, h, t, (x, h / 2, 0)) for x in (-n / 2 + 0.05, 0.0, n / 2 - 0.05)]
    rails = [box(n, 0.1, t * 0.6, (0, y, 0)) for y in (0.4, 0.95)]
    pickets = []
    if d >= 2:
        pickets = [box(0.08, h * 0.85, t * 0.4, (x, h * 0.425, 0)) for x in np.linspace(-n / 2 + 0.25, n / 2 - 0.25, 12)]
    return Built(slots(wood=posts + rails + pickets))


def _hedge(v: int, d: int) -> Built:
    t, h = PIECES["hedge_segment"]
    n = segment_length("hedge_segment", v)
    body = [box(n, h - 0.25, t, (0, (h - 0.25) / 2, 0))]
    lumps = 3 if d == 0 else 6
    for i, x in enumerate(np.linspace(-n / 2 + n / lumps / 2, n / 2 - n / lumps / 2, lumps)):
        body.append(box(n / lumps * 0.9, 0.25, t * (0.8 if i % 2 else 0.92), (x, h - 0.125, 0)))
    return Built(slots(foliage=body))


def _railing(v: int, d: int) -> Built:
    t, h = PIECES["railing_segment"]
    n = segment_length("railing_segment", v)
    posts = [box(0.1, h, t, (x, h / 2, 0)) for x in (-n / 2 + 0.05, n / 2 - 0.05)]
    rails = [box(n, 0.05, t * 0.6, (0, y, 0)) for y in (0.15, h - 0.1)]
    bars = [box(0.025, h - 0.2, 0.025, (x, h / 2, 0)) for x in np.linspace(-n / 2 + 0.2, n / 2 - 0.2, 6 + 6 * min(d, 2))]
    finials = [box(0.05, 0.12, 0.05, (x, h - 0.02, 0)) for x in np.linspace(-n / 2 + 0.2, n / 2 - 0.2, 6)] if d >= 2 else []
    return Built(slots(metal=posts + rails + bars + finials))


def _masonry(v: int, d: int) -> Built:
    t, h = PIECES["masonry_wall"]
    n = segment_length("masonry_wall", v)
    wall = [box(n, h - 0.3, t - 0.06, (0, 0.3 + (h - 0.3) / 2, -0.03)), box(n, 0.3, t, (0, 0.15, 0))]
    ribs = [box(0.4, h - 0.3, 0.06, (x, 0.3 + (h - 0.3) / 2, t / 2 - 0.03)) for x in (-n / 2 + 0.2, n / 2 - 0.2)]
    return Built(slots(stone=wall + ribs))


def _cave(v: int, d: int) -> Built:
    t, h = PIECES["cave_wall"]
    n = segment_length("cave_wall", v)
    rng = np.random.default_rng(17 + v)
    body = [box(n, h, t * 0.5, (0, h / 2, -t / 4))]
    rows, cols = (2, 2) if d == 0 else (4, 4)
    for r in range(rows):
        for c in range(cols):
            w = n / cols * rng.uniform(0.8, 1.0)
            hh = h / rows * rng.uniform(0.7, 1.0)
            dep = t * 0.5 * rng.uniform(0.4, 1.0)
            x = -n / 2 + n / cols * (c + 0.5)
            body.append(box(w, hh, dep, (x, h / rows * (r + 0.5), dep / 2)))
    return Built(slots(stone=body))


def _facade(v: int, d: int) -> Built:
    t, h = PIECES["facade"]
    n = segment_length("facade", v)
    wall = [box(n, h, t - 0.1, (0, h / 2, -0.05))]
    trim = [box(n, 0.25, t, (0, h - 0.125, 0)), box(n, 0.4, t, (0, 0.2, 0))]
    windows = []
    for y in (3.2, 5.0):
        for x in (-n / 4, n / 4):
            windows.append(box(0.9, 1.2, 0.06, (x, y, t / 2 - 0.08)))
    door = [box(1.1, 2.2, 0.06, (0 if v == 0 else n / 4, 1.1 + 0.4, t / 2 - 0.08))]
    return Built(slots(plaster=wall + trim, glass=windows), [("Door", slots(wood=door))])


TH = ("settings",)
for _name, _display, _kind in (("stone_floor", "Stone Floor", "stone"), ("dirt_ground", "Dirt Ground", "soil"),
                               ("sand_ground", "Sand", "plaster"), ("deck_ground", "Boardwalk", "planks"),
                               ("water_plane", "Water", "glass")):
    register(Archetype(_name, _display, TH, {"ground": _kind}, lambda v, d: ground_box(v), (0, 0),
                       placement="structural", words=()))
register(Archetype("fence_segment", "Fence", TH, {"wood": "wood"}, _fence, (SEG, 0.12), variants=4, placement="structural"))
register(Archetype("hedge_segment", "Hedge", TH, {"foliage": "foliage"}, _hedge, (SEG, 0.8), variants=4,
                   placement="structural"))
register(Archetype("railing_segment", "Railing", TH, {"metal": "metal"}, _railing, (SEG, 0.1), variants=4,
                   placement="structural"))
register(Archetype("masonry_wall", "Wall", TH, {"stone": "stone"}, _masonry, (SEG, 0.5), variants=4, placement="structural"))
register(Archetype("cave_wall", "Cave Wall", TH, {"stone": "stone"}, _cave, (SEG, 1.2), variants=3, placement="structural"))
register(Archetype("facade", "Facade", TH, {"plaster": "plaster", "glass": "glass", "wood": "wood"}, _facade, (SEG, 0.6),
                   variants=2, placement="structural"))
