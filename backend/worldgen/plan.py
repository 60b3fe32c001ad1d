"""World plan: which assets exist (slots with stable ids) and how big the world is.

Nothing here depends on the seed: slots, ids and the world's size come from the prompt, the
theme and max_assets only, so the same world keeps its asset ids across seeds.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any

from .archetypes import REGISTRY
from .prompt import ParsedPrompt, parse, resolve, resolved_count, tokenize
from .themes import CORRIDOR_WIDTH, THEMES, Theme

SEG = 4.0  # wall segment length (all walled themes)
MAX_PER_KIND = 400


@dataclass
class Slot:
    asset_id: str
    archetype: str
    order: int  # placement priority (lower first)
    structural: bool = False
    material_variant: str | None = None  # from an adjective in the prompt
    fixed: dict[str, Any] | None = None  # structural pose: {pos, yaw, variant}
    hero: bool = False
    on: str | None = None  # asset id of the plinth a product stands on
    seq: int = 0  # creation order, the tie-break when sorting by priority


@dataclass
class WorldPlan:
    theme: Theme
    world_id: str
    size: tuple[float, float]  # (x, z) extent of the ground in metres
    slots: list[Slot]
    global_variant: str | None
    ignored: list[str]
    path: tuple[list[float], list[float]]  # clear box from the entrance towards the centre


def default_world_id(prompt: str, theme: str | None) -> str:
    norm = " ".join(tokenize(prompt))
    return "w-" + hashlib.sha256(f"{norm}|{theme or ''}".encode()).hexdigest()[:16]


def _requested(parsed: ParsedPrompt, theme: Theme) -> tuple[list[tuple[str, int, str | None]], dict[str, str]]:
    """Props to make (archetype, count, variant) and material variants for structural pieces."""
    props: dict[str, list] = {}
    structural_variants: dict[str, str] = {}
    for m in resolve(parsed, theme.name):
        a = REGISTRY[m.archetype]
        if a.placement == "structural":
            if m.variant:
                structural_variants[a.name] = m.variant
            continue
        if m.archetype in parsed.excluded:
            continue
        entry = props.setdefault(m.archetype, [0, m.variant])
        entry[0] += resolved_count(m)
        entry[1] = entry[1] or m.variant
    if not props:  # a vague prompt: the theme's default mix
        for name, n in theme.defaults:
            if name not in parsed.excluded:
                props[name] = [n, None]
    for name, n in theme.companions:  # e.g. a studio always has its lights
        if name not in parsed.excluded and name not in props:
            props[name] = [n, None]
    if theme.name == "product_studio":
        products = sum(n for k, (n, _) in props.items() if REGISTRY[k].placement == "on_plinth")
        if products and "plinth" not in parsed.excluded:
            plinths = props.setdefault("plinth", [0, None])
            plinths[0] = max(plinths[0], products)
    return [(k, min(n, MAX_PER_KIND), v) for k, (n, v) in props.items() if n > 0], structural_variants


def _size(theme: Theme, props: list[tuple[str, int, str | None]]) -> tuple[float, float]:
    floor_props = [(REGISTRY[k], n) for k, n, _ in props if REGISTRY[k].placement in ("floor",)]
    area = sum((a.footprint[0] + 0.6) * (a.footprint[1] + 0.6) * n for a, n in floor_props)
    need = area * 2.6  # free space so random placement finds room quickly
    if theme.shape == "corridor":
        walls = sum(n for k, n, _ in props if REGISTRY[k].placement == "wall")
        usable = CORRIDOR_WIDTH - 2 * theme.wall_t - 2.4
        length = max(theme.min_side, need * 1.5 / usable, walls * 2.2)
        return CORRIDOR_WIDTH, SEG * math.ceil(length / SEG)
    if theme.name == "interior":  # rooms are furnished more densely than squares and clearings
        need *= 0.75
    side = max(theme.min_side, math.sqrt(need) + 2 * theme.wall_t + theme.entrance_w)
    if theme.shape == "walled":
        walls = sum(n for k, n, _ in props if REGISTRY[k].placement == "wall")
        side = max(side, walls * 1.2 / 4 + 2 * theme.wall_t)
        k = math.ceil(side / SEG)
        k += 1 - k % 2  # odd, so the entrance sits in the middle of the front wall
        return SEG * k, SEG * k
    k = math.ceil(side / SEG)
    return SEG * k, SEG * k


def make_plan(spec: dict[str, Any]) -> WorldPlan:
    parsed = parse(spec["prompt"])
    theme_name = spec.get("theme") or parsed.theme or "courtyard"
    theme = THEMES[theme_name]
    world_id = spec.get("world_id") or default_world_id(spec["prompt"], spec.get("theme"))
    props, structural_variants = _requested(parsed, theme)
    lx, lz = _size(theme, props)
    counters: dict[str, int] = {}
    slots: list[Slot] = []

    def new(arch: str, order: int, **kw: Any) -> Slot:
        counters[arch] = counters.get(arch, 0) + 1
        s = Slot(f"{arch}.{counters[arch]:03d}", arch, order, seq=len(slots), **kw)
        slots.append(s)
        return s

    from .structure import structural_slots  # local import: structure uses Slot from here

    g = parsed.global_variant
    for arch, pose in structural_slots(theme, lx, lz):
        pri = 0 if arch == theme.ground else (1 if arch == theme.entrance else 3)
        new(arch, pri, structural=True, fixed=pose, material_variant=structural_variants.get(arch, g))
    # Named props, round-robin across kinds so a cap keeps at least one of each.
    plinth_ids: list[str] = []
    queues = [[k, n, v] for k, n, v in props]
    hero_done = False
    rank = 0
    while any(q[1] > 0 for q in queues):
        for q in queues:
            if q[1] <= 0:
                continue
            q[1] -= 1
            hero = not hero_done and q[0] in theme.hero
            hero_done |= hero
            s = new(q[0], 2, material_variant=q[2] or g, hero=hero)
            s.order = 2 + rank * 0.001 if not hero else 1.5
            rank += 1
            if q[0] == "plinth":
                plinth_ids.append(s.asset_id)
    products = [s for s in slots if REGISTRY[s.archetype].placement == "on_plinth"]
    for s, p in zip(products, plinth_ids):
        s.on = p
    # Priority when max_assets trims the list: ground, entrance, hero, named props, then walls.
    slots.sort(key=lambda s: (s.order, s.seq))
    cap = spec.get("max_assets")
    if cap is not None:
        slots = slots[: int(cap)]
    from .structure import entrance_path

    return WorldPlan(theme, world_id, (lx, lz), slots, g, parsed.ignored, entrance_path(theme, lx, lz))
