"""Placement: turn a plan's slots into posed assets with world-space boxes.

Overlap rule (tested): two boxes overlap when their intersection is thicker than ``TOL`` on all
three axes. Touching is allowed, which is how props rest on the ground (box min y = 0 = ground
top), wall-mounted assets sit on a wall face and things stand on tables and plinths. Keep boxes
and the entrance path are occupied space: no placed asset overlaps them (structural pieces are
exempt from the path only, which they border). Water is occupied space for everything but the
things that float.

Where a thing goes comes from its relation ("on the table", "around the fire", "in the corner",
"along the walls") or else its placement in the vocabulary (against a wall, wall-mounted, centre,
edge, clustered, ceiling, path). A relation that cannot be met falls back to the thing's usual
placement and is reported in the plan's notes.

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
from . import placement as cand
from .archetypes import REGISTRY
from .plan import Slot, WorldPlan
from .templates import Template, fitted_template
from .vocabulary import entry

TOL = 1e-3
NO_VARIANT = frozenset({"flame", "screen", "glass", "lamp_shade"})
ALL_SLOT_VARIANTS = frozenset({"mossy", "weathered", "worn", "dark", "light", "warm", "cool", "polished"})
CANDIDATES = 48
ROUNDS = 4
WATER_Y = -0.1  # floating things rest just above the water, which lies below the ground


@dataclass
class Placed:
    slot: Slot
    template: Template
    pos: np.ndarray
    yaw: float
    box_min: np.ndarray
    box_max: np.ndarray
    materials: dict[str, tuple[str, str]]  # mesh slot -> (texture kind, variant)
    source: str = ""  # the generator that made this shape when not the archetype (e.g. "shap-e")


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


def _depths(slots: list[Slot]) -> dict[str, int]:
    """How many relations deep a slot is (a candle on a table next to the well: 2), so targets are
    placed before what relates to them."""
    by_id = {s.asset_id: s for s in slots}
    out: dict[str, int] = {}
    for s in slots:
        d, cur, seen = 0, s, set()
        while cur.target and cur.target in by_id and cur.asset_id not in seen:
            seen.add(cur.asset_id)
            d += 1
            cur = by_id[cur.target]
        out[s.asset_id] = d
    return out


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
    boxes: dict[str, tuple[np.ndarray, np.ndarray]] = dict(keep)
    placed: list[Placed] = []
    depth = _depths(plan.slots)
    groups = cand.group_index(plan.slots)
    ctx = cand.Context(plan, boxes, occ, groups)
    # Structure first, then props (targets before what relates to them).
    order = sorted(plan.slots, key=lambda s: (not s.structural, depth[s.asset_id], s.order, s.seq))
    for slot in order:
        if slot.asset_id in keep or (reroll and slot.asset_id not in reroll):
            continue
        a = REGISTRY[slot.archetype]
        extra = (reroll_seed,) if slot.asset_id in reroll else ()
        rng = slot_rng("slot", seed, plan.world_id, slot.asset_id, *extra)
        # The look (geometry variant and materials) is drawn per archetype, not per slot, so the
        # same stall in four places is one mesh in the GLB; a rerolled asset draws its own look.
        look = slot_rng("look", seed, plan.world_id, slot.noun, *((slot.asset_id,) + extra if extra else ()))
        if slot.structural:
            variant = slot.fixed["variant"]
            t = fitted_template(slot.archetype, variant, max_tris)
            pos, yaw = np.array(slot.fixed["pos"], float), float(slot.fixed["yaw"])
            blo, bhi = rotated_box(t, yaw)
            lo, hi = pos + blo, pos + bhi
            if overlaps(lo[None], hi[None], keep_occ.lo, keep_occ.hi)[0]:
                continue
        else:
            variant = slot.variant if slot.variant is not None else int(look.integers(a.variants))
            t = fitted_template(slot.archetype, variant, max_tris)
            pose = _place(slot, t, rng, ctx)
            if pose is None:
                plan.notes.append(f"{slot.asset_id}: no room left for it in a {lx:g} x {lz:g} m "
                                  f"{plan.setting.display.lower()}; left out")
                continue
            pos, yaw, lo, hi = pose
        materials = _materials(slot, look)
        occ.add(lo, hi)
        boxes[slot.asset_id] = (lo, hi)
        placed.append(Placed(slot, t, pos, yaw, lo, hi, materials))
    top = max([float(p.box_max[1]) for p in placed] + [1.0])
    bottom = min([float(p.box_min[1]) for p in placed] + [-0.1])
    bounds = {"min": [-lx / 2, math.floor(bottom * 100) / 100, -lz / 2], "max": [lx / 2, math.ceil(top * 10) / 10, lz / 2]}
    placed.sort(key=lambda p: p.slot.seq)
    return placed, bounds


def _place(slot: Slot, t: Template, rng: np.random.Generator, ctx: "cand.Context"):
    """The first free pose among the candidates for the slot's relation, then for its usual
    placement; None when neither finds room."""
    plan = ctx.plan
    # Vehicles in a street may stand on the road; everything else keeps the way through clear.
    keep_path = not (plan.setting.shape == "street" and entry(slot.noun).category == "vehicle")
    pose = _search(slot, t, rng, ctx, cand.strategies(slot, ctx), keep_path)
    if pose is None and keep_path:
        # Nowhere beside the way through: in it, rather than not at all (and say so).
        pose = _search(slot, t, rng, ctx, [cand.floor], False)
        if pose is not None:
            plan.notes.append(f"{slot.asset_id}: no room beside the way through; it stands in it")
    return pose


def _search(slot: Slot, t: Template, rng: np.random.Generator, ctx: "cand.Context", strategies: list,
            keep_path: bool):
    plan = ctx.plan
    lx, lz = plan.size
    blockers = [ctx.occ.lo], [ctx.occ.hi]
    path = plan.path
    if keep_path:
        blockers[0].append(np.array(path[0], float)[None])
        blockers[1].append(np.array(path[1], float)[None])
    if plan.water is not None and not slot.water:
        blockers[0].append(np.array(plan.water[0], float)[None])
        blockers[1].append(np.array(plan.water[1], float)[None])
    block_lo, block_hi = np.vstack(blockers[0]), np.vstack(blockers[1])
    for si, strategy in enumerate(strategies):
        for rnd in range(ROUNDS if si < len(strategies) - 1 else ROUNDS + 2):
            got = strategy(slot, t, rng, ctx, CANDIDATES, rnd)
            if got is None:
                break
            pos, yaw = got
            yaw = np.asarray(yaw, float)
            blo, bhi = rotated_boxes(t, yaw)
            lo, hi = pos + blo, pos + bhi
            inside = ((lo[:, 0] >= -lx / 2 - 1e-9) & (hi[:, 0] <= lx / 2 + 1e-9) &
                      (lo[:, 2] >= -lz / 2 - 1e-9) & (hi[:, 2] <= lz / 2 + 1e-9))
            ok = inside & ~overlaps(lo, hi, block_lo, block_hi)
            if ok.any():
                i = int(np.argmax(ok))
                if si > 0 and slot.relation and not ctx.noted.get(slot.noun + str(slot.relation)):
                    ctx.noted[slot.noun + str(slot.relation)] = True
                    what = slot.relation + (f" {slot.target}" if slot.target else "")
                    plan.notes.append(f"{slot.noun.replace('_', ' ')}: no room {what}; placed nearby instead")
                return pos[i], float(yaw[i]), lo[i], hi[i]
    return None


__all__ = ["Placed", "layout", "overlaps", "rotated_box", "rotated_boxes", "slot_rng", "TOL", "entry", "WATER_Y"]
