"""Structural pieces (ground, water, enclosure segments, entrance, backdrop) at fixed,
seed-independent poses, the clear path from the entrance, and the water's box."""

from __future__ import annotations

import math
from typing import Any

from .settings import Setting
from .setting_pieces import PIECES, SEG, segment_length

HERO_CLEAR = 2.2  # the path stops this far from the centre, leaving room for a hero asset


def ground_variant(lx: float, lz: float) -> int:
    """Ground builders take their size packed into the variant number (whole metres)."""
    return int(round(lx)) * 10000 + int(round(lz))


def water_depth(s: Setting, lz: float) -> float:
    from .plan import WATER_DEPTH

    return WATER_DEPTH if s.water else 0.0


def structural_slots(s: Setting, lx: float, lz: float) -> list[tuple[str, dict[str, Any], str]]:
    """(archetype, pose, role) for every structural piece; role is ground | water | wall | entrance."""
    wd = water_depth(s, lz)
    land = lz - wd
    out: list[tuple[str, dict[str, Any], str]] = [
        (s.ground, {"pos": (0.0, 0.0, wd / 2), "yaw": 0.0, "variant": ground_variant(lx, land)}, "ground")]
    if wd:
        out.append(("water_plane", {"pos": (0.0, -0.12, -lz / 2 + wd / 2), "yaw": 0.0,
                                    "variant": ground_variant(lx, wd)}, "water"))
    t = s.wall_t
    if s.shape == "walled" and s.wall:
        if s.entrance:
            out.append((s.entrance, {"pos": (0.0, 0.0, lz / 2 - t / 2), "yaw": 0.0, "variant": 0}, "entrance"))
        walls = []
        for x0, x1 in ((-lx / 2, lx / 2),):  # back wall, full length, its face towards +z
            for v, a, b in _run(s.wall, x0, x1):
                walls.append({"pos": ((a + b) / 2, 0.0, -lz / 2 + t / 2), "yaw": 0.0, "variant": v})
        for side in (-1, 1):  # side walls between the back and front walls
            for v, a, b in _run(s.wall, -lz / 2 + t, lz / 2 - t, corner=True):
                walls.append({"pos": (side * (lx / 2 - t / 2), 0.0, (a + b) / 2), "yaw": -side * math.pi / 2,
                              "variant": v})
        # Front wall, leaving the middle 4 m to the entrance (or a gap): from each corner inwards.
        for x0, x1 in ((-lx / 2, -SEG / 2), (SEG / 2, lx / 2)):
            for v, a, b in _run(s.wall, x0, x1):
                walls.append({"pos": ((a + b) / 2, 0.0, lz / 2 - t / 2), "yaw": math.pi, "variant": v})
        out += [(s.wall, w, "wall") for w in walls]
    elif s.shape in ("corridor", "street"):
        if s.entrance:
            out.append((s.entrance, {"pos": (0.0, 0.0, lz / 2 - t / 2), "yaw": 0.0, "variant": 0}, "entrance"))
            out.append((s.entrance, {"pos": (0.0, 0.0, -lz / 2 + t / 2), "yaw": 0.0, "variant": 0}, "entrance"))
        if s.wall:
            for side in (-1, 1):
                for i in range(int(round(lz / SEG))):
                    out.append((s.wall, {"pos": (side * (lx / 2 - t / 2), 0.0, -lz / 2 + SEG * (i + 0.5)),
                                         "yaw": -side * math.pi / 2, "variant": 0}, "wall"))
    elif s.shape == "studio":
        out.append(("cyclorama", {"pos": (0.0, 0.0, -lz / 2 + 0.06), "yaw": 0.0, "variant": 0}, "wall"))
    return out


def _run(wall: str, a: float, b: float, corner: bool = False) -> list[tuple[int, float, float]]:
    """(variant, start, end) of the segments filling a - b: full 4 m ones, then a half one for what
    is left (runs are whole multiples of 2 m); with ``corner`` the run stops a wall thickness short
    of each end and its last piece is the one that fits between the corner walls."""
    t = PIECES[wall][0] if corner else 0.0
    whole = round((b - a + 2 * t) / (SEG / 2))  # in half segments
    full, half = divmod(whole, 2)
    kinds = [0] * full + [2] * half
    if corner:
        kinds[-1] += 1
    out, x = [], a
    for v in kinds:
        n = segment_length(wall, v)
        out.append((v, x, x + n))
        x += n
    return out


def entrance_path(s: Setting, lx: float, lz: float) -> tuple[list[float], list[float]]:
    """The box props must leave free: from the entrance (the +z edge) towards the centre; the
    road down the middle of a corridor or street."""
    w = s.entrance_w / 2
    if s.shape in ("corridor", "street"):
        return [-w, 0.0, -lz / 2], [w, 50.0, lz / 2]
    return [-w, 0.0, HERO_CLEAR], [w, 50.0, lz / 2 - s.wall_t]


def water_box(s: Setting, lx: float, lz: float) -> tuple[list[float], list[float]] | None:
    wd = water_depth(s, lz)
    if not wd:
        return None
    return [-lx / 2, -0.12, -lz / 2], [lx / 2, 50.0, -lz / 2 + wd]
