"""Candidate poses for one slot: where a relation or a placement says a thing goes.

Each strategy returns ``(positions (n, 3), yaws (n,))`` for the layout to test against occupied
space, or None when it does not apply (no walls for a wall-mounted thing, no target box). The
layout tries the slot's strategies in order: its relation ("on the table", "around the fire"),
then its placement from the vocabulary, then anywhere on the floor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .archetypes import REGISTRY
from .plan import Slot, WorldPlan
from .setting_pieces import PIECES
from .templates import Template
from .vocabulary import entry

NATURAL_CATEGORIES = frozenset({"plant", "rock", "animal", "figure", "small", "food", "product"})
NATURAL = frozenset({"tree", "pine_tree", "rock", "bush", "log", "stump", "mushroom", "campfire", "tent",
                     "product_bottle", "product_box", "product_sneaker"})
FACE_CENTRE = frozenset({"studio_light", "sofa", "bench"})
WALL_HEIGHTS = {"torch": (1.7, 2.0), "console": (0.0, 0.0), "pipe_run": (1.0, 2.2)}
WATER_Y = -0.1

Strategy = Callable[[Slot, Template, np.random.Generator, "Context", int, int], "tuple[np.ndarray, np.ndarray] | None"]


@dataclass
class Context:
    plan: WorldPlan
    boxes: dict[str, tuple[np.ndarray, np.ndarray]]
    occ: object
    groups: dict[str, tuple[int, int]]  # asset id -> (index, size) among slots sharing noun and target
    noted: dict[str, bool] = field(default_factory=dict)
    _faces: list | None = None

    def faces(self) -> list[tuple[int, float, float, float, float]]:
        if self._faces is None:
            self._faces = _faces(self.plan, self.boxes)
        return self._faces

    def wall_height(self) -> float:
        wall = self.plan.setting.wall
        return PIECES[wall][1] if wall in PIECES else 3.0


def group_index(slots: list[Slot]) -> dict[str, tuple[int, int]]:
    groups: dict[tuple, list[str]] = {}
    for s in slots:
        groups.setdefault((s.noun, s.target, s.relation), []).append(s.asset_id)
    return {a: (i, len(ids)) for ids in groups.values() for i, a in enumerate(ids)}


def natural(slot: Slot) -> bool:
    return slot.noun in NATURAL or entry(slot.noun).category in NATURAL_CATEGORIES


def _radius(t: Template) -> float:
    return float(np.hypot(t.box_max[0] - t.box_min[0], t.box_max[2] - t.box_min[2])) / 2


def _yaws(slot: Slot, rng: np.random.Generator, n: int) -> np.ndarray:
    if natural(slot):
        return rng.uniform(0, 2 * np.pi, n)
    return rng.integers(0, 4, n) * (np.pi / 2)


def _half(ctx: Context, r: float) -> tuple[float, float]:
    lx, lz = ctx.plan.size
    margin = ctx.plan.setting.wall_t + 0.15
    return max(lx / 2 - margin - r, 0.0), max(lz / 2 - margin - r, 0.0)


def _facing_centre(x: np.ndarray, z: np.ndarray, cx: float = 0.0, cz: float = 0.0) -> np.ndarray:
    return np.arctan2(cx - x, cz - z)  # local +Z (the front) towards (cx, cz)


def _floor_y(slot: Slot) -> float:
    return WATER_Y if slot.water else 0.0


def floor(slot, t, rng, ctx, n, rnd):
    yaw = _yaws(slot, rng, n)
    if slot.hero and rnd == 0:
        return np.zeros((1, 3)), yaw[:1]
    hx, hz = _half(ctx, _radius(t))
    x, z = rng.uniform(-hx, hx, n), rng.uniform(-hz, hz, n)
    if slot.noun in FACE_CENTRE:
        yaw = _facing_centre(x, z)
    return np.stack([x, np.zeros(n), z], 1), yaw


def back(slot, t, rng, ctx, n, rnd):
    """Against the middle of the back wall, the front to the entrance and the main camera (a
    throne, an altar, a bed): the hero of a room, where it is seen."""
    if ctx.plan.setting.shape != "walled" or not ctx.plan.setting.wall:
        return None
    lx, lz = ctx.plan.size
    hx = _half(ctx, _radius(t))[0]
    x = np.zeros(1) if rnd == 0 else np.clip(rng.normal(0, 0.6 + 0.8 * rnd, n), -hx, hx)
    z = -lz / 2 + ctx.plan.setting.wall_t + 0.05 - float(t.box_min[2]) + (0.0 if rnd == 0 else 0.3 * rnd)
    return np.stack([x, np.zeros_like(x), np.full_like(x, z)], 1), np.zeros_like(x)


def centre(slot, t, rng, ctx, n, rnd):
    yaw = _yaws(slot, rng, n)
    if rnd == 0 and (slot.hero or slot.relation == "centre"):
        return np.zeros((1, 3)), yaw[:1]
    hx, hz = _half(ctx, _radius(t))
    spread = 0.2 + 0.15 * rnd
    x = np.clip(rng.normal(0, hx * spread, n), -hx, hx)
    z = np.clip(rng.normal(0, hz * spread, n), -hz, hz)
    return np.stack([x, np.zeros(n), z], 1), yaw


def edge(slot, t, rng, ctx, n, rnd):
    """A ring near the boundary (a clearing's trees, boats along a shore, lights round a studio)."""
    hx, hz = _half(ctx, _radius(t))
    ang = rng.uniform(0, 2 * np.pi, n)
    rad = rng.uniform(0.6, 1.0, n)
    x, z = np.cos(ang) * rad * hx, np.sin(ang) * rad * hz
    yaw = _yaws(slot, rng, n) if natural(slot) else _facing_centre(x, z)
    return np.stack([x, np.full(n, _floor_y(slot)), z], 1), yaw


def water(slot, t, rng, ctx, n, rnd):
    w = ctx.plan.water
    if w is None:
        return None
    r = _radius(t)
    lo, hi = np.array(w[0]), np.array(w[1])
    x = rng.uniform(lo[0] + r + 0.3, max(hi[0] - r - 0.3, lo[0] + r + 0.3), n)
    z = rng.uniform(lo[2] + r + 0.3, max(hi[2] - r - 0.3, lo[2] + r + 0.3), n)
    return np.stack([x, np.full(n, WATER_Y), z], 1), rng.uniform(0, 2 * np.pi, n)


def waterside(slot, t, rng, ctx, n, rnd):
    """Along the water's edge, on land (bollards on a quay, a boathouse on a shore)."""
    w = ctx.plan.water
    if w is None:
        return None
    r = _radius(t)
    hx = _half(ctx, r)[0]
    x = rng.uniform(-hx, hx, n)
    z = w[1][2] + r * 0.75 + rng.uniform(0.05, 0.4 + 0.6 * rnd, n)
    return np.stack([x, np.zeros(n), z], 1), np.full(n, np.pi)  # the front faces the water


def corner(slot, t, rng, ctx, n, rnd):
    hx, hz = _half(ctx, _radius(t))
    k = rng.integers(0, 4, n)
    sx, sz = np.where(k % 2, 1.0, -1.0), np.where(k // 2, 1.0, -1.0)
    jit = 0.3 + 0.5 * rnd
    x = sx * (hx - rng.uniform(0, jit, n))
    z = sz * (hz - rng.uniform(0, jit, n))
    return np.stack([x, np.zeros(n), z], 1), _facing_centre(x, z)


def ceiling(slot, t, rng, ctx, n, rnd):
    hx, hz = _half(ctx, _radius(t))
    h = float(t.box_max[1] - t.box_min[1])
    y = max(ctx.wall_height() - h - 0.05, 0.0)
    x, z = rng.uniform(-hx * 0.7, hx * 0.7, n), rng.uniform(-hz * 0.7, hz * 0.7, n)
    return np.stack([x, np.full(n, y), z], 1), _yaws(slot, rng, n)


def path(slot, t, rng, ctx, n, rnd):
    """Beside the way through: street lamps along a street, lanterns by a path."""
    plo, phi = ctx.plan.path
    r = _radius(t)
    side = np.where(rng.integers(0, 2, n) == 1, 1.0, -1.0)
    x = side * (phi[0] + r + 0.2 + rng.uniform(0, 0.4 + 0.5 * rnd, n))
    hz = _half(ctx, r)[1]
    z0, z1 = max(plo[2], -hz), min(phi[2], hz)
    if z1 < z0:  # a small room: no length of path beside which it fits
        return None
    z = rng.uniform(z0, z1, n)
    return np.stack([x, np.zeros(n), z], 1), np.where(side > 0, -np.pi / 2, np.pi / 2)


def entrance(slot, t, rng, ctx, n, rnd):
    lz = ctx.plan.size[1]
    r = _radius(t)
    w = ctx.plan.setting.entrance_w / 2
    side = np.where(rng.integers(0, 2, n) == 1, 1.0, -1.0)
    x = side * (w + r + rng.uniform(0.1, 1.5 + rnd, n))
    z = lz / 2 - ctx.plan.setting.wall_t - r - rng.uniform(0.2, 2.0 + rnd, n)
    return np.stack([x, np.zeros(n), z], 1), _facing_centre(x, z)


def walls(slot, t, rng, ctx, n, rnd):
    """Against or on a wall face, the front turned to the room: pose from the rotated box so any
    pivot works (wall archetypes have their back at z = 0, floor ones are centred)."""
    faces = ctx.faces()
    if not faces:
        return None
    mounted = slot.placement == "wall_mounted" or REGISTRY[slot.archetype].placement == "wall"
    h = float(t.box_max[1] - t.box_min[1])
    h0, h1 = WALL_HEIGHTS.get(slot.noun, (1.5, 2.0) if mounted else (0.0, 0.0))
    top = max(ctx.wall_height() - h - 0.05, 0.0)
    y = np.minimum(rng.uniform(h0, h1, n), top)
    f = np.array(faces, float)  # (m, 5): normal axis, face coordinate, inward sign, span lo, span hi
    on_z = f[:, 0] == 2
    face_yaw = np.where(on_z, np.where(f[:, 2] > 0, 0.0, math.pi), np.where(f[:, 2] > 0, math.pi / 2, -math.pi / 2))
    lo, hi = _rotated(t, face_yaw)  # the box each face's turn gives, (m, 3)
    idx = rng.integers(0, len(faces), n)
    along = np.where(on_z, 0, 2)[idx]
    normal = np.where(on_z, 2, 0)[idx]
    rows = np.arange(n)
    u0 = f[idx, 3] - lo[idx][rows, along] + 0.05
    u1 = np.maximum(f[idx, 4] - hi[idx][rows, along] - 0.05, u0)
    u = u0 + rng.random(n) * (u1 - u0)
    back = f[idx, 1] - np.where(f[idx, 2] > 0, lo[idx][rows, normal], hi[idx][rows, normal])
    pos = np.zeros((n, 3))
    pos[rows, along] = u
    pos[rows, normal] = back
    pos[:, 1] = y
    return pos, face_yaw[idx]


def _rotated(t: Template, yaw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from .layout import rotated_boxes  # noqa: PLC0415 - layout imports this module

    return rotated_boxes(t, yaw)


def _target_box(slot: Slot, ctx: Context):
    return ctx.boxes.get(slot.target) if slot.target else None


def on(slot, t, rng, ctx, n, rnd):
    tb = _target_box(slot, ctx)
    if tb is None:
        return None
    lo, hi = tb
    w, d = float(t.box_max[0] - t.box_min[0]), float(t.box_max[2] - t.box_min[2])
    top_w, top_d = float(hi[0] - lo[0]), float(hi[2] - lo[2])
    straight = w <= top_w + 1e-6 and d <= top_d + 1e-6
    turned = d <= top_w + 1e-6 and w <= top_d + 1e-6
    if not (straight or turned):
        return None  # too big for that surface
    cx, cz = (lo[0] + hi[0]) / 2, (lo[2] + hi[2]) / 2
    if slot.target.startswith("plinth.") and rnd == 0:
        return np.array([[cx, hi[1], cz]]), rng.uniform(0, 2 * np.pi, 1)
    quarter = rng.integers(0, 4, n)
    if not turned:  # only the way it is built fits: 0 or 180 degrees
        quarter = quarter - quarter % 2
    elif not straight:  # only turned: 90 or 270 degrees
        quarter = quarter - quarter % 2 + 1
    yaw = quarter * (np.pi / 2)
    ext = np.where((yaw / (np.pi / 2)).round() % 2 == 1, d, w) / 2
    ezt = np.where((yaw / (np.pi / 2)).round() % 2 == 1, w, d) / 2
    x = cx + rng.uniform(-1, 1, n) * np.maximum(top_w / 2 - ext, 0)
    z = cz + rng.uniform(-1, 1, n) * np.maximum(top_d / 2 - ezt, 0)
    return np.stack([x, np.full(n, hi[1]), z], 1), yaw


def near(slot, t, rng, ctx, n, rnd):
    tb = _target_box(slot, ctx)
    if tb is None:
        return None
    lo, hi = tb
    cx, cz = (lo[0] + hi[0]) / 2, (lo[2] + hi[2]) / 2
    rt = float(np.hypot(hi[0] - lo[0], hi[2] - lo[2])) / 2
    ang = rng.uniform(0, 2 * np.pi, n)
    rad = rt + _radius(t) * 0.8 + rng.uniform(0.05, 0.6 + 0.6 * rnd, n)
    x, z = cx + np.cos(ang) * rad, cz + np.sin(ang) * rad
    yaw = _yaws(slot, rng, n) if natural(slot) else _facing_centre(x, z, cx, cz)
    return np.stack([x, np.zeros(n), z], 1), yaw


def around(slot, t, rng, ctx, n, rnd):
    """Evenly round the target (tents around the fire, chairs around the table), facing it."""
    tb = _target_box(slot, ctx)
    if tb is None:
        return None
    lo, hi = tb
    k, size = ctx.groups.get(slot.asset_id, (0, 1))
    cx, cz = (lo[0] + hi[0]) / 2, (lo[2] + hi[2]) / 2
    rt = float(np.hypot(hi[0] - lo[0], hi[2] - lo[2])) / 2
    r = _radius(t)
    # Far enough that neighbours on the ring do not touch.
    ring = max(rt + r + 0.3, (2 * r + 0.2) * size / (2 * np.pi))
    base = 2 * np.pi * k / max(size, 1) + np.pi / 4  # off the axes, so none lands on the entrance path
    ang = base + rng.normal(0, 0.08, n) if rnd < 2 else rng.uniform(0, 2 * np.pi, n)  # crowded: anywhere round
    rad = ring + rng.uniform(0, 0.3 + 0.5 * rnd, n)
    x, z = cx + np.cos(ang) * rad, cz + np.sin(ang) * rad
    return np.stack([x, np.zeros(n), z], 1), _facing_centre(x, z, cx, cz)


def cluster(slot, t, rng, ctx, n, rnd):
    """Near the first of its kind already placed (barrels in a group), else anywhere."""
    first = ctx.boxes.get(f"{slot.noun}.001")
    if first is None or slot.asset_id.endswith(".001"):
        return floor(slot, t, rng, ctx, n, rnd)
    lo, hi = first
    cx, cz = (lo[0] + hi[0]) / 2, (lo[2] + hi[2]) / 2
    k = ctx.groups.get(slot.asset_id, (0, 1))[0]
    # The group grows outwards: room for k things of this size within the spread.
    spread = (1.0 + rnd * 1.5) + (_radius(t) * 2 + 0.3) * math.sqrt(k + 1) * 0.6
    x, z = cx + rng.normal(0, spread, n), cz + rng.normal(0, spread, n)
    return np.stack([x, np.full(n, _floor_y(slot)), z], 1), _yaws(slot, rng, n)


RELATIONS: dict[str, Strategy] = {"on": on, "near": near, "around": around, "walls": walls, "corner": corner,
                                  "centre": centre, "edge": edge, "ceiling": ceiling, "water": water,
                                  "entrance": entrance, "path": path, "floor": floor, "waterside": waterside}
PLACEMENTS: dict[str, Strategy] = {"floor": floor, "against_wall": walls, "wall_mounted": walls, "ceiling": ceiling,
                                   "on_surface": floor, "edge": edge, "centre": centre, "clustered": cluster,
                                   "path": path}


def strategies(slot: Slot, ctx: Context) -> list[Strategy]:
    out: list[Strategy] = []
    if slot.relation in RELATIONS:
        out.append(RELATIONS[slot.relation])
    if slot.noun in ctx.plan.setting.ring and not slot.relation:
        out.append(edge)
    if slot.water and not slot.relation:
        out.append(water)
    elif (ctx.plan.water is not None and not slot.relation and slot.placement == "edge"
          and {"dock", "shore", "beach"} & set(entry(slot.noun).settings)):
        out.append(waterside)
    if REGISTRY[slot.archetype].placement == "wall":
        out.append(walls)
    if slot.hero and (ctx.plan.setting.hero_back or slot.placement == "against_wall"):
        out.append(back)
    if slot.hero:
        out.append(centre)
    out.append(PLACEMENTS.get(slot.placement, floor))
    if slot.relation in ("on", "around"):
        out.insert(1, near)  # too big for the table, the table is full, the ring is crowded: beside it
    out.append(floor)
    seen: list[Strategy] = []
    for s in out:
        if s not in seen:
            seen.append(s)
    return seen


def _faces(plan: WorldPlan, boxes: dict[str, tuple[np.ndarray, np.ndarray]]) -> list[tuple[int, float, float, float, float]]:
    """Inner faces of the setting's wall segments (placed or kept): (normal axis, face coordinate,
    inward sign, span lo, span hi)."""
    out = []
    wall = plan.setting.wall
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
