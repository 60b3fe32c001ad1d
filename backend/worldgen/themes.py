"""Theme configurations: structural pieces, default prop mixes, room shapes."""

from __future__ import annotations

from dataclasses import dataclass

from .arch_courtyard import GATE_W, WALL_T
from .arch_interior import DOOR_W, ROOM_WALL_T
from .arch_scifi import BULK_T, CORRIDOR_W


@dataclass(frozen=True)
class Theme:
    name: str
    display: str
    shape: str  # walled | open | corridor | studio
    ground: str
    wall: str | None
    entrance: str | None
    wall_t: float
    entrance_w: float
    hero: tuple[str, ...]  # archetypes that go to the centre if named
    defaults: tuple[tuple[str, int], ...]
    min_side: float
    ring: tuple[str, ...] = ()  # archetypes placed around the edge (a clearing's trees)
    sun_elevation: float = 50.0
    companions: tuple[tuple[str, int], ...] = ()  # props added even when the prompt names others


THEMES: dict[str, Theme] = {t.name: t for t in (
    Theme("courtyard", "Medieval Courtyard", "walled", "cobblestone_ground", "wall", "gate", WALL_T, GATE_W,
          ("well",), (("well", 1), ("market_stall", 3), ("barrel", 4), ("crate", 3), ("crate_stack", 1),
                      ("cart", 1), ("bench", 2), ("hay_bale", 2), ("torch", 6)), 20.0),
    Theme("forest", "Forest Clearing", "open", "grass_ground", None, None, 0.0, 2.5,
          ("campfire",), (("campfire", 1), ("tree", 6), ("pine_tree", 4), ("rock", 4), ("bush", 4), ("log", 2),
                          ("stump", 2), ("mushroom", 3), ("tent", 1)), 24.0, ring=("tree", "pine_tree")),
    Theme("interior", "Interior Room", "walled", "wood_floor", "room_wall", "door", ROOM_WALL_T, DOOR_W,
          ("rug",), (("rug", 1), ("sofa", 1), ("table", 1), ("chair", 4), ("lamp", 2), ("shelf", 2),
                     ("potted_plant", 2)), 12.0, sun_elevation=35.0),
    Theme("product_studio", "Product Studio", "studio", "studio_floor", None, None, 0.0, 2.0,
          ("plinth",), (("plinth", 3), ("product_bottle", 1), ("product_box", 1), ("product_sneaker", 1),
                        ("studio_light", 3)), 12.0, companions=(("studio_light", 3),)),
    Theme("scifi_corridor", "Sci-Fi Corridor", "corridor", "metal_floor", "bulkhead", "sliding_door", BULK_T, 2.4,
          (), (("console", 3), ("pipe_run", 4), ("cargo_crate", 4), ("barrel", 2), ("crate", 2)), 16.0),
)}

CORRIDOR_WIDTH = CORRIDOR_W
