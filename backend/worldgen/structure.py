"""Structural pieces (ground, walls, entrance, backdrop) at fixed, seed-independent poses, the
clear path from the entrance."""

from __future__ import annotations

import math
from typing import Any

from .arch_courtyard import WALL_LENGTHS
from .arch_interior import ROOM_WALL_LENGTHS
from .arch_scifi import SEG_L
from .themes import Theme

HERO_CLEAR = 2.2  # the path stops this far from the centre, leaving room for a hero asset


def ground_variant(lx: float, lz: float) -> int:
    """Ground builders take their size packed into the variant number (whole metres)."""
    return int(round(lx)) * 10000 + int(round(lz))


def structural_slots(theme: Theme, lx: float, lz: float) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = [(theme.ground, {"pos": (0.0, 0.0, 0.0), "yaw": 0.0,
                                                            "variant": ground_variant(lx, lz)})]
    t = theme.wall_t
    if theme.shape == "walled":
        lengths = WALL_LENGTHS if theme.wall == "wall" else ROOM_WALL_LENGTHS
        k = int(round(lx / SEG_L))
        out.append((theme.entrance, {"pos": (0.0, 0.0, lz / 2 - t / 2), "yaw": 0.0, "variant": 0}))
        walls = []
        for i in range(k):  # back wall, full length, its face towards +z
            walls.append({"pos": (-lx / 2 + SEG_L * (i + 0.5), 0.0, -lz / 2 + t / 2), "yaw": 0.0, "variant": 0})
        for side in (-1, 1):  # side walls between the back and front walls
            z = -lz / 2 + t
            for i in range(k):
                length = lengths[0] if i < k - 1 else lengths[1]
                walls.append({"pos": (side * (lx / 2 - t / 2), 0.0, z + length / 2), "yaw": -side * math.pi / 2,
                              "variant": 0 if i < k - 1 else 1})
                z += length
        for i in range(k):  # front wall, leaving the middle segment to the entrance
            if i != k // 2:
                walls.append({"pos": (-lx / 2 + SEG_L * (i + 0.5), 0.0, lz / 2 - t / 2), "yaw": math.pi, "variant": 0})
        out += [(theme.wall, w) for w in walls]
    elif theme.shape == "corridor":
        out.append((theme.entrance, {"pos": (0.0, 0.0, lz / 2 - t / 2), "yaw": 0.0, "variant": 0}))
        out.append((theme.entrance, {"pos": (0.0, 0.0, -lz / 2 + t / 2), "yaw": 0.0, "variant": 0}))
        for side in (-1, 1):
            for i in range(int(round(lz / SEG_L))):
                out.append((theme.wall, {"pos": (side * (lx / 2 - t / 2), 0.0, -lz / 2 + SEG_L * (i + 0.5)),
                                         "yaw": -side * math.pi / 2, "variant": 0}))
    elif theme.shape == "studio":
        out.append(("cyclorama", {"pos": (0.0, 0.0, -lz / 2 + 0.06), "yaw": 0.0, "variant": 0}))
    return out


def entrance_path(theme: Theme, lx: float, lz: float) -> tuple[list[float], list[float]]:
    """The box props must leave free: from the entrance (the +z edge) towards the centre."""
    w = theme.entrance_w / 2
    if theme.shape == "corridor":
        return [-w, 0.0, -lz / 2], [w, 50.0, lz / 2]
    return [-w, 0.0, HERO_CLEAR], [w, 50.0, lz / 2 - theme.wall_t]
