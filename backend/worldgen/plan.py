"""World plan: the setting, which assets exist (slots with stable ids), what they relate to, how big
the world is, its looks and lights, and what came back as a proxy or could not be honoured.

Nothing here depends on the seed: slots, ids and the world's size come from the prompt, the
setting and max_assets only, so the same world keeps its asset ids across seeds. Whether a noun
is a real shape or a proxy is decided here, by looking its key up in the archetype registry.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from typing import Any

from .archetypes import REGISTRY
from .prompt import Mention, ParsedPrompt, parse, resolve, resolved_count
from .proxies import PROXY, pack
from .settings import LIGHTING, MOODS, SETTINGS, Setting, with_overrides
from .setting_pieces import PIECES, SEG, segment_length
from .vocabulary import entry, is_real

MAX_PER_KIND = 400
WATER_DEPTH = 8.0
#: Nouns that, named in a prompt, are the setting's enclosure rather than props along its edge.
ENCLOSURE_NOUNS = {"fence": "fence_segment", "iron_fence": "railing_segment", "wall": "wall",
                   "room_wall": "room_wall", "railing_segment": "railing_segment", "hedge_segment": "hedge_segment"}
LIGHT_CATEGORIES = frozenset({"light"})


@dataclass
class Slot:
    asset_id: str
    archetype: str  # the builder: the noun itself, or "proxy"
    order: float  # placement priority (lower first)
    structural: bool = False
    material_variant: str | None = None  # from an adjective in the prompt, or the mood
    fixed: dict[str, Any] | None = None  # structural pose: {pos, yaw, variant}
    hero: bool = False
    on: str | None = None  # asset id of the surface it stands on (a plinth, a table)
    seq: int = 0  # creation order, the tie-break when sorting by priority
    noun: str = ""  # canonical noun: the asset id's prefix (== archetype for real shapes)
    placement: str = "floor"  # from the vocabulary (floor, against_wall, wall_mounted, ...)
    relation: str | None = None  # near | around | on | walls | corner | centre | edge | ceiling | floor | water | entrance
    target: str | None = None  # asset id the relation points at
    variant: int | None = None  # a fixed shape variant (proxies pack their size here)
    proxy_reason: str | None = None
    water: bool = False

    def __post_init__(self) -> None:
        self.noun = self.noun or self.archetype


@dataclass
class WorldPlan:
    theme: Setting  # the setting (named "theme" where the original five themes are concerned)
    world_id: str
    size: tuple[float, float]  # (x, z) extent of the ground in metres
    slots: list[Slot]
    global_variant: str | None
    ignored: list[str]
    path: tuple[list[float], list[float]]  # clear box from the entrance towards the centre
    moods: list[str] = field(default_factory=list)
    lighting: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what could not be honoured, and why
    things: list[dict[str, Any]] = field(default_factory=list)  # each named thing and how it came back
    water: tuple[list[float], list[float]] | None = None  # the water's box, if the setting has some

    @property
    def setting(self) -> Setting:
        return self.theme


@dataclass
class Request:
    key: str
    count: int
    variant: str | None
    relation: str | None = None
    target: str | None = None  # key of the target
    words: str = ""
    known: bool = True
    named: bool = True  # the prompt named it (not a setting's essential or default)


def default_world_id(prompt: str, theme: str | None) -> str:
    # The words as generator 1.x split them, so a world keeps its id across the upgrade.
    norm = " ".join(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", prompt.lower()))
    return "w-" + hashlib.sha256(f"{norm}|{theme or ''}".encode()).hexdigest()[:16]


def family(key: str) -> str:
    """The kind a key belongs to for exclusions and essentials: its last word ("pine_tree" -> "tree")."""
    return key.rsplit("_", 1)[-1]


def _excluded(key: str, parsed: ParsedPrompt) -> bool:
    return key in parsed.excluded or family(key) in {family(k) for k in parsed.excluded}


def compose_setting(parsed: ParsedPrompt, name: str) -> tuple[Setting, list[str]]:
    """The setting with the prompt's own ground and enclosure ("a garden with a fence", "no walls")."""
    s = SETTINGS[name]
    notes: list[str] = []
    kw: dict[str, Any] = {}
    if parsed.ground and parsed.ground != s.ground:
        kw["ground"] = parsed.ground
    enclosure = next((ENCLOSURE_NOUNS[m.key] for m in parsed.mentions if m.key in ENCLOSURE_NOUNS and m.count is None),
                     None)
    if enclosure and s.shape in ("walled", "open") and enclosure != s.wall and enclosure in PIECES:
        entrance = {"wall": "gate", "room_wall": "door"}.get(enclosure)
        kw.update(shape="walled", wall=enclosure, entrance=entrance, wall_t=PIECES[enclosure][0])
    if parsed.near_water and not s.water and s.shape == "open":
        kw["water"] = True
    if parsed.no_enclosure and s.wall and s.shape == "walled":
        kw.update(shape="open", wall=None, entrance=None, wall_t=0.0)
        notes.append(f"no enclosure: the prompt says no {s.wall.replace('_', ' ')}s")
    return (with_overrides(s, **kw) if kw else s), notes


def _requests(parsed: ParsedPrompt, setting: Setting, notes: list[str]) -> list[Request]:
    mentions = resolve(parsed, setting.name)
    keys = {m.key for m in mentions if not m.implied}
    out: list[Request] = []
    by_sig: dict[tuple, Request] = {}
    for m in mentions:
        if m.key in ENCLOSURE_NOUNS and m.count is None and setting.wall == ENCLOSURE_NOUNS[m.key]:
            continue  # it is the enclosure
        if m.implied and m.key in keys:
            continue  # "a table ... candles on the table": the same table
        if _excluded(m.key, parsed):
            notes.append(f"{m.words or m.key}: named and excluded; left out")
            continue
        target = mentions[m.target].key if m.target is not None else None
        sig = (m.key, m.relation, target)
        n = resolved_count(m)
        if m.filler and m.count is None:  # "a pine forest": its essentials of that kind, made of these
            n = sum(c for k, c in setting.essentials if family(k) == family(m.key)) or n
        if m.relation == "on" and m.count is None and target is not None:
            t = mentions[m.target]
            n = max(n, resolved_count(t)) if t.plural else n  # "shelves of bread": some on each
        r = by_sig.get(sig)
        if r is None:
            r = by_sig[sig] = Request(m.key, 0, m.variant, m.relation, target, m.words, m.known)
            out.append(r)
        r.count += n
        r.variant = r.variant or m.variant
    named = bool(out) or parsed.empty
    named_families = {family(r.key) for r in out}
    if parsed.empty:
        named_families |= {family(k) for k, _ in setting.essentials}
    for key, n in setting.essentials:  # what makes the place itself: trees around a clearing
        if _excluded(key, parsed) or family(key) in named_families:
            continue
        out.append(Request(key, n, None, named=False))
    if not named:  # a vague prompt: the setting's default mix
        have = {r.key for r in out}
        for key, n in setting.defaults:
            if not _excluded(key, parsed) and key not in have:
                out.append(Request(key, n, None, named=False))
    for key, n in setting.companions:  # e.g. a studio always has its lights
        if not _excluded(key, parsed) and all(r.key != key for r in out):
            out.append(Request(key, n, None, named=False))
    if setting.shape == "studio":  # products stand on plinths
        products = sum(r.count for r in out if entry(r.key).place == "on_surface" and r.target is None)
        if products and not _excluded("plinth", parsed):
            plinth = next((r for r in out if r.key == "plinth" and r.relation is None), None)
            if plinth is None:
                plinth = Request("plinth", 0, None, named=False)
                out.append(plinth)
            plinth.count = max(plinth.count, products)
    for r in out:
        r.count = min(r.count, MAX_PER_KIND)
    return [r for r in out if r.count > 0]


def _footprint(key: str) -> tuple[float, float]:
    if is_real(key):
        return tuple(float(v) for v in REGISTRY[key].footprint)  # type: ignore[return-value]
    w, _, d = entry(key).size
    return w, d


def _size(setting: Setting, reqs: list[Request]) -> tuple[float, float]:
    floor = [r for r in reqs if entry(r.key).place not in ("on_surface", "wall_mounted", "ceiling")
             and not (is_real(r.key) and REGISTRY[r.key].placement in ("wall", "on_plinth")) and r.relation != "on"]
    area = sum((_footprint(r.key)[0] + 0.6) * (_footprint(r.key)[1] + 0.6) * r.count for r in floor)
    need = area * 2.6  # free space so random placement finds room quickly
    walls = sum(r.count for r in reqs if entry(r.key).place in ("wall_mounted", "against_wall") or r.relation == "walls")
    if setting.shape in ("corridor", "street"):
        usable = setting.width - 2 * setting.wall_t - 2.4
        length = max(setting.min_side, need * 1.5 / usable, walls * 2.2)
        return setting.width, SEG * math.ceil(length / SEG)
    if setting.indoor:  # rooms are furnished more densely than squares and clearings
        need *= 0.75
    side = max(setting.min_side, math.sqrt(need) + 2 * setting.wall_t + setting.entrance_w)
    if setting.shape == "walled":
        # Sized to what it holds: the width a multiple of 4 m (the entrance's segment in the middle
        # of the front wall), the depth of 2 m (half segments) or 4 m where the walls are too thick
        # for a half corner piece, the area about side x side.
        side = max(side, walls * 1.2 / 4 + 2 * setting.wall_t)
        lx = SEG * max(1, math.ceil(side / SEG - 0.15))
        step = SEG / 2 if setting.wall in PIECES and segment_length(setting.wall, 3) > 0.3 else SEG
        lz = step * math.ceil(max(side * side / lx, setting.min_side, 2 * setting.wall_t + 3.0) / step - 0.1)
        return lx, lz
    k = math.ceil(side / SEG)
    lz = SEG * k + (WATER_DEPTH if setting.water else 0.0)
    return SEG * k, lz


def _ceiling_lights(setting: Setting, kind: str, size: tuple[float, float]) -> list[dict[str, Any]]:
    """A room's walls shade it from the sun: warm lights under the ceiling, one per ~40 m2 on a
    grid (at most 3 x 3), dim at night, where torches and candles carry the scene."""
    if not (setting.indoor and setting.shape == "walled" and setting.wall in PIECES):
        return []
    lx, lz = size
    nx = max(1, min(3, round(lx / 7)))
    nz = max(1, min(3, round(lz / 7)))
    y = PIECES[setting.wall][1] - 0.3
    w = 40.0 if kind == "night" else 150.0
    return [{"pos": [round(lx * ((i + 0.5) / nx - 0.5), 3), y, round(lz * ((j + 0.5) / nz - 0.5), 3)],
             "color": [1.0, 0.84, 0.62], "w": w} for j in range(nz) for i in range(nx)]


def _lighting(setting: Setting, moods: list[str], size: tuple[float, float] = (12.0, 12.0)) -> dict[str, Any]:
    kind = setting.lighting
    for m in moods:
        kind = MOODS[m].lighting or kind
    base = LIGHTING[kind]
    key_c, fill_c = list(base.key_color), list(base.fill_color)
    key_w, fill_w, key_el = base.key_w, base.fill_w, base.key_el
    for name in moods:
        m = MOODS[name]
        key_c = [a * b for a, b in zip(key_c, m.key_tint)]
        fill_c = [a * b for a, b in zip(fill_c, m.fill_tint)]
        key_w *= m.key_scale
        key_el = m.key_el if m.key_el is not None else key_el
    top = max(max(key_c), max(fill_c), 1.0)
    return {"kind": kind, "key": {"color": [round(c / max(key_c + [1.0]), 4) for c in key_c], "w": round(key_w, 4),
                                  "elevation": key_el, "azimuth": base.key_az},
            "fill": {"color": [round(min(c, top) / max(fill_c + [1.0]), 4) for c in fill_c], "w": round(fill_w, 4),
                     "elevation": base.fill_el, "azimuth": base.fill_az},
            "points": _ceiling_lights(setting, kind, size)}


def _looks(setting: Setting, parsed: ParsedPrompt) -> tuple[str | None, str | None, str | None]:
    ground, wall, prop = setting.ground_look, setting.wall_look, None
    for name in parsed.moods:
        m = MOODS[name]
        ground, wall, prop = m.ground_look or ground, m.wall_look or wall, m.prop_look or prop
    for note in parsed.notes:  # "mossy cobblestones", "whitewashed walls"
        part, _, v = note.partition(":")
        ground = v if part == "ground" else ground
        wall = v if part == "wall" else wall
    g = parsed.global_variant
    return (g or ground), (g or wall), (g or prop)


def make_plan(spec: dict[str, Any]) -> WorldPlan:
    parsed = parse(spec["prompt"])
    name = spec.get("theme") or parsed.setting or "courtyard"
    setting, notes = compose_setting(parsed, name)
    world_id = spec.get("world_id") or default_world_id(spec["prompt"], spec.get("theme"))
    reqs = _requests(parsed, setting, notes)
    lx, lz = _size(setting, reqs)
    ground_look, wall_look, prop_look = _looks(setting, parsed)
    counters: dict[str, int] = {}
    slots: list[Slot] = []

    def new(noun: str, archetype: str, order: float, **kw: Any) -> Slot:
        counters[noun] = counters.get(noun, 0) + 1
        s = Slot(f"{noun}.{counters[noun]:03d}", archetype, order, seq=len(slots), noun=noun, **kw)
        slots.append(s)
        return s

    from .structure import structural_slots  # local import: structure uses the setting from here

    for arch, pose, role in structural_slots(setting, lx, lz):
        pri = 0 if role == "ground" else (1 if role == "entrance" else 3)
        look = ground_look if role in ("ground", "water") else wall_look
        if role == "water":
            look = "painted_blue"
        new(arch, arch, pri, structural=True, fixed=pose, material_variant=look, placement="structural")
    # Named props, round-robin across kinds so a cap keeps at least one of each.
    queues = [[r, r.count] for r in reqs]
    hero_done = False
    rank = 0
    by_key: dict[str, list[Slot]] = {}
    pending: list[tuple[Slot, Request]] = []
    while any(q[1] > 0 for q in queues):
        for q in queues:
            if q[1] <= 0:
                continue
            q[1] -= 1
            r: Request = q[0]
            e = entry(r.key)
            real = is_real(r.key)
            hero = not hero_done and r.key in setting.hero and r.relation in (None, "centre")
            hero_done |= hero
            kw: dict[str, Any] = dict(placement=e.place, relation=r.relation, water=e.water and setting.water)
            if real:
                s = new(r.key, r.key, 2, material_variant=r.variant or prop_look, hero=hero, **kw)
            else:
                reason = "no archetype builds it yet" if r.known else "not in the vocabulary"
                s = new(r.key, PROXY, 2, hero=hero, variant=pack(e.size, e.category in LIGHT_CATEGORIES),
                        proxy_reason=reason, **kw)
            s.order = 1.5 if hero else 2 + rank * 0.001
            rank += 1
            by_key.setdefault(r.key, []).append(s)
            pending.append((s, r))
    _link(pending, by_key, setting, notes)
    # Priority when max_assets trims the list: ground, entrance, hero, named props, then walls.
    slots.sort(key=lambda s: (s.order, s.seq))
    cap = spec.get("max_assets")
    if cap is not None and len(slots) > int(cap):
        dropped = [s for s in slots[int(cap):] if not s.structural]
        if dropped:
            notes.append(f"max_assets {int(cap)}: {len(dropped)} named things left out")
        slots = slots[: int(cap)]
    from .structure import entrance_path, water_box

    plan = WorldPlan(setting, world_id, (lx, lz), slots, parsed.global_variant, parsed.ignored,
                     entrance_path(setting, lx, lz), parsed.moods, _lighting(setting, parsed.moods, (lx, lz)), notes,
                     water=water_box(setting, lx, lz))
    plan.things = _things(reqs, slots)
    return plan


def _link(pending: list[tuple[Slot, Request]], by_key: dict[str, list[Slot]], setting: Setting,
          notes: list[str]) -> None:
    """Point relations at asset ids; put things that go on surfaces onto one."""
    surfaces = [s for k, ss in by_key.items() for s in ss if entry(k).surface]
    used: dict[str, int] = {}
    for s, r in pending:
        if r.target is not None:
            targets = by_key.get(r.target, [])
            if not targets:
                notes.append(f"{r.words or r.key} {r.relation} {r.target.replace('_', ' ')}: the target is excluded")
                s.relation = None
                continue
            i = used.get(r.key + r.target, 0)
            used[r.key + r.target] = i + 1
            # Around / next to: the first target; on: spread over every target ("bread on the shelves").
            t = targets[i % len(targets)] if r.relation == "on" else targets[0]
            s.target = t.asset_id
            if r.relation == "on":
                s.on = t.asset_id
        elif r.relation is None and s.placement == "on_surface":
            if setting.shape == "studio":
                plinths = [p for p in by_key.get("plinth", [])]
                if plinths:
                    k = used.get("@plinth", 0)
                    used["@plinth"] = k + 1
                    if k < len(plinths):
                        s.on = s.target = plinths[k].asset_id
                        s.relation = "on"
                continue
            fitting = _surfaces_for(s.noun, surfaces)
            if fitting:
                k = used.get("@surface", 0)
                used["@surface"] = k + 1
                s.on = s.target = fitting[k % len(fitting)].asset_id
                s.relation = "on"
        if r.relation == "walls" and setting.wall is None:
            s.relation = "edge"
            if used.get("@walls" + r.key):
                continue
            used["@walls" + r.key] = 1
            notes.append(f"{r.words or r.key} along the walls: {setting.display} has no walls; placed around the edge")


def _surfaces_for(noun: str, surfaces: list[Slot]) -> list[Slot]:
    """Surfaces a thing fits on, work-height ones (tables, counters) before tall ones (shelves)."""
    w, _, d = entry(noun).size
    small, large = min(w, d), max(w, d)
    fits = []
    for s in surfaces:
        sw, sd = _footprint(s.noun)
        if min(sw, sd) + 1e-6 >= small and max(sw, sd) + 1e-6 >= large:
            fits.append(s)
    return sorted(fits, key=lambda s: entry(s.noun).size[1] > 1.3)


def _things(reqs: list[Request], slots: list[Slot]) -> list[dict[str, Any]]:
    per: dict[str, list[Slot]] = {}
    for s in slots:
        per.setdefault(s.noun, []).append(s)
    out = []
    for r in reqs:
        if not r.named:
            continue
        got = per.get(r.key, [])
        status = "missing" if not got else ("proxy" if got[0].archetype == PROXY else "real")
        out.append({"noun": r.key, "words": r.words, "requested": r.count, "planned": len(got), "status": status})
    return out


__all__ = ["Slot", "WorldPlan", "make_plan", "default_world_id", "compose_setting", "ENCLOSURE_NOUNS", "Mention"]
