"""Placement: turn a plan's slots into posed assets with world-space boxes.

Overlap rule (tested): two boxes overlap when their intersection is thicker than ``TOL`` on all
three axes. Touching is allowed, which is how props rest on the ground (box min y = 0 = ground
top), wall-mounted assets sit on a wall face and products stand on plinths. Keep boxes and the
entrance path are occupied space: no placed asset overlaps them (structural pieces are exempt
from the path only, which they border).

Every slot draws from its own RNG seeded by sha256(seed, world id, asset id[, reroll seed]), so
an asset's pose does not depend on which other slots exist.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..textures import METALS
from .archetypes import REGISTRY
from .plan import Slot, WorldPlan
from .templates import Template, fitted_template

TOL = 1e-3
NATURAL = frozenset({"tree", "pine_tree", "rock", "bush", "log", "stump", "mushroom", "campfire", "tent",
                     "product_bottle", "product_box", "product_sneaker"})
NO_VARIANT = frozenset({"flame", "screen", "glass", "lamp_shade"})
ALL_SLOT_VARIANTS = frozenset({"mossy", "weathered", "worn", "dark", "light", "warm", "cool", "polished"})
FACE_CENTRE = frozenset({"studio_light", "sofa", "bench"})
WALL_HEIGHTS = {"torch": (1.7, 2.0), "console": (0.0, 0.0), "pipe_run": (1.0, 2.2)}
CANDIDATES = 48
ROUNDS = 4


@dataclass
class Placed:
    slot: Slot
    template: Template
    pos: np.ndarray
    yaw: float
    box_min: np.ndarray
    box_max: np.ndarray
    materials: dict[str, tuple[str, str]]  # mesh slot -> (texture kind, variant)


def slot_rng(*parts: Any) -> np.random.Generator:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:16], "little"))


def rotated_boxes(t: Template, yaw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Local box corners rotated about Y by each yaw: (n, 3) world AABB offsets, exact for
    multiples of 90° (rounded to 1e-9 because cos(pi/2) is 6e-17, not 0)."""
    lo, hi = t.box_min, t.box_max
    c, s = np.cos(yaw)[:, None], np.sin(yaw)[:, None]
    xs = np.array([lo[0], hi[0], lo[0], hi[0]])[None]
    zs = np.array([lo[2], lo[2], hi[2], hi[2]])[None]
    wx = c * xs + s * zs
    wz = -s * xs + c * zs
    n = yaw.shape[0]
    out_lo = np.stack([wx.min(1), np.full(n, lo[1]), wz.min(1)], 1)
    out_hi = np.stack([wx.max(1), np.full(n, hi[1]), wz.max(1)], 1)
    return np.round(out_lo, 9), np.round(out_hi, 9)


def rotated_box(t: Template, yaw: float) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = rotated_boxes(t, np.array([yaw]))
    return lo[0], hi[0]


def overlaps(lo: np.ndarray, hi: np.ndarray, olo: np.ndarray, ohi: np.ndarray) -> np.ndarray:
    """(C,) candidates vs (N,) occupied boxes -> (C,) bool: overlaps any of them."""
    if olo.shape[0] == 0:
        return np.zeros(lo.shape[0], bool)
    inter = np.minimum(hi[:, None, :], ohi[None]) - np.maximum(lo[:, None, :], olo[None])
    return (inter > TOL).all(-1).any(-1)


def _materials(slot: Slot, rng: np.random.Generator) -> dict[str, tuple[str, str]]:
    a = REGISTRY[slot.archetype]
    chosen = slot.material_variant
    random_pick = a.material_variants[int(rng.integers(len(a.material_variants)))]
    out = {k: (kind, "default") for k, kind in a.slots.items()}
    primary = next(iter(a.slots))
    if chosen is None:
        out[primary] = (a.slots[primary], random_pick)
    elif chosen in ALL_SLOT_VARIANTS:  # "mossy", "weathered": the whole object, not its flame or glass
        out = {k: (kind, "default" if kind in NO_VARIANT else chosen) for k, kind in a.slots.items()}
    elif chosen == "rusty":
        metal = [k for k, kind in a.slots.items() if kind in METALS]
        for k in metal or [primary]:
            out[k] = (a.slots[k], "rusty")
    else:
        out[primary] = (a.slots[primary], chosen)
    return out


class Occupancy:
    def __init__(self) -> None:
        self.lo = np.zeros((0, 3))
        self.hi = np.zeros((0, 3))

    def add(self, lo: np.ndarray, hi: np.ndarray) -> None:
        self.lo = np.vstack([self.lo, lo[None]])
        self.hi = np.vstack([self.hi, hi[None]])


def layout(plan: WorldPlan, spec: dict[str, Any]) -> tuple[list[Placed], dict[str, list[float]]]:
    seed = int(spec.get("seed", 0))
    max_tris = int((spec.get("asset_budget") or {}).get("max_triangles", 20000))
    keep = {k["asset_id"]: (np.array(k["box"]["min"], float), np.array(k["box"]["max"], float))
            for k in spec.get("keep") or []}
    reroll = set(spec.get("reroll") or [])
    reroll_seed = int(spec.get("reroll_seed", 0))
    lx, lz = plan.size
    keep_occ = Occupancy()
    for lo, hi in keep.values():
        keep_occ.add(lo, hi)
    occ = Occupancy()  # placed assets + keep boxes
    occ.lo, occ.hi = keep_occ.lo.copy(), keep_occ.hi.copy()
    path_lo, path_hi = (np.array(v, float) for v in plan.path)
    boxes: dict[str, tuple[np.ndarray, np.ndarray]] = dict(keep)
    placed: list[Placed] = []
    # Structure first, then props; products last so their plinths exist.
    order = sorted(plan.slots, key=lambda s: (not s.structural, REGISTRY[s.archetype].placement == "on_plinth",
                                             s.order, s.seq))
    for slot in order:
        if slot.asset_id in keep or (reroll and slot.asset_id not in reroll):
            continue
        a = REGISTRY[slot.archetype]
        extra = (reroll_seed,) if slot.asset_id in reroll else ()
        rng = slot_rng("slot", seed, plan.world_id, slot.asset_id, *extra)
        # The look (geometry variant and materials) is drawn per archetype, not per slot, so the
        # same stall in four places is one mesh in the GLB; a rerolled asset draws its own look.
        look = slot_rng("look", seed, plan.world_id, slot.archetype, *((slot.asset_id,) + extra if extra else ()))
        if slot.structural:
            variant = slot.fixed["variant"]
            t = fitted_template(slot.archetype, variant, max_tris)
            pos, yaw = np.array(slot.fixed["pos"], float), float(slot.fixed["yaw"])
            blo, bhi = rotated_box(t, yaw)
            lo, hi = pos + blo, pos + bhi
            if overlaps(lo[None], hi[None], keep_occ.lo, keep_occ.hi)[0]:
                continue
        else:
            variant = int(look.integers(a.variants))
            t = fitted_template(slot.archetype, variant, max_tris)
            pose = _place(slot, t, rng, plan, occ, boxes, (path_lo, path_hi))
            if pose is None:
                continue
            pos, yaw, lo, hi = pose
        materials = _materials(slot, look)
        occ.add(lo, hi)
        boxes[slot.asset_id] = (lo, hi)
        placed.append(Placed(slot, t, pos, yaw, lo, hi, materials))
    top = max([float(p.box_max[1]) for p in placed] + [1.0])
    bounds = {"min": [-lx / 2, -0.1, -lz / 2], "max": [lx / 2, math.ceil(top * 10) / 10, lz / 2]}
    placed.sort(key=lambda p: p.slot.seq)
    return placed, bounds


def _faces(plan: WorldPlan, boxes: dict[str, tuple[np.ndarray, np.ndarray]]) -> list[tuple[int, float, float, float, float]]:
    """Inner faces of the theme's wall segments (placed or kept): (normal axis, face coordinate,
    inward sign, span lo, span hi)."""
    out = []
    wall = plan.theme.wall
    for s in plan.slots:
        if s.archetype != wall or s.asset_id not in boxes:
            continue
        lo, hi = boxes[s.asset_id]
        ext = hi - lo
        if ext[0] >= ext[2]:  # runs along x: the normal is on z, pointing at the centre
            sign = 1.0 if lo[2] + hi[2] < 0 else -1.0
            out.append((2, float(hi[2] if sign > 0 else lo[2]), sign, float(lo[0]), float(hi[0])))
        else:
            sign = 1.0 if lo[0] + hi[0] < 0 else -1.0
            out.append((0, float(hi[0] if sign > 0 else lo[0]), sign, float(lo[2]), float(hi[2])))
    return out


def _place(slot: Slot, t: Template, rng: np.random.Generator, plan: WorldPlan, occ: Occupancy,
           boxes: dict, path: tuple[np.ndarray, np.ndarray]):
    a = REGISTRY[slot.archetype]
    lx, lz = plan.size
    margin = plan.theme.wall_t + 0.15
    block_lo = np.vstack([occ.lo, path[0][None]])
    block_hi = np.vstack([occ.hi, path[1][None]])
    for rnd in range(ROUNDS):
        n = CANDIDATES
        if a.placement == "wall":
            faces = _faces(plan, boxes)
            if faces:
                cand = _wall_candidates(slot, t, rng, faces, n)
            else:
                cand = _floor_candidates(slot, t, rng, plan, n, margin, hero=False)
        elif a.placement == "on_plinth" and slot.on in boxes:
            plo, phi = boxes[slot.on]
            yaw = rng.uniform(0, 2 * np.pi, 1)
            centre = np.array([[(plo[0] + phi[0]) / 2, phi[1], (plo[2] + phi[2]) / 2]])
            cand = (centre, yaw)
            n = 1
        else:
            cand = _floor_candidates(slot, t, rng, plan, n, margin, hero=slot.hero and rnd == 0)
        pos, yaw = cand
        blo, bhi = rotated_boxes(t, np.asarray(yaw, float))
        lo, hi = pos + blo, pos + bhi
        inside = ((lo[:, 0] >= -lx / 2 - 1e-9) & (hi[:, 0] <= lx / 2 + 1e-9) &
                  (lo[:, 2] >= -lz / 2 - 1e-9) & (hi[:, 2] <= lz / 2 + 1e-9))
        ok = inside & ~overlaps(lo, hi, block_lo, block_hi)
        if ok.any():
            i = int(np.argmax(ok))
            return pos[i], float(yaw[i]), lo[i], hi[i]
    return None


def _floor_candidates(slot, t, rng, plan, n, margin, hero):
    lx, lz = plan.size
    if slot.archetype in NATURAL:
        yaw = rng.uniform(0, 2 * np.pi, n)
    else:
        yaw = rng.integers(0, 4, n) * (np.pi / 2)
    if hero:
        return np.zeros((1, 3)), yaw[:1]
    r = float(np.hypot(t.box_max[0] - t.box_min[0], t.box_max[2] - t.box_min[2])) / 2
    hx, hz = max(lx / 2 - margin - r, 0.0), max(lz / 2 - margin - r, 0.0)
    x = rng.uniform(-hx, hx, n)
    z = rng.uniform(-hz, hz, n)
    if slot.archetype in plan.theme.ring:  # a clearing: trees stand around the edge
        ang = rng.uniform(0, 2 * np.pi, n)
        rad = rng.uniform(0.55, 1.0, n)
        x, z = np.cos(ang) * rad * hx, np.sin(ang) * rad * hz
    if slot.archetype in FACE_CENTRE:  # local +Z (the front) turned towards the centre
        yaw = np.arctan2(-x, -z)
    return np.stack([x, np.zeros(n), z], 1), yaw


def _wall_candidates(slot, t, rng, faces, n):
    idx = rng.integers(0, len(faces), n)
    h0, h1 = WALL_HEIGHTS.get(slot.archetype, (1.5, 2.0))
    y = rng.uniform(h0, h1, n)
    half = (t.box_max[0] - t.box_min[0]) / 2 + 0.05
    pos = np.zeros((n, 3))
    yaw = np.zeros(n)
    for i, fi in enumerate(idx):
        axis, coord, sign, s0, s1 = faces[fi]
        u = rng.uniform(s0 + half, max(s1 - half, s0 + half))
        if axis == 2:
            pos[i] = (u, y[i], coord)
            yaw[i] = 0.0 if sign > 0 else math.pi
        else:
            pos[i] = (coord, y[i], u)
            yaw[i] = math.pi / 2 if sign > 0 else -math.pi / 2
    return pos, yaw
