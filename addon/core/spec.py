"""World specs for POST /v1/jobs, keep boxes, and Blender <-> glTF coordinates. Pure.

The backend works in glTF space (Y up, metres); Blender is Z up. A point maps as
Blender (x, y, z) = glTF (x, -z, y), so glTF (x, y, z) = Blender (x, z, -y).
"""

from __future__ import annotations

import random
import re
from typing import Any, Iterable, Sequence

from .errors import InvalidInput

# The procedural generator's settings with their names for people (backend/worldgen/settings.py; a
# test keeps them equal; the first five are the original themes). The spec field is still "theme".
THEME_LABELS = {
    "courtyard": "Medieval Courtyard",
    "forest": "Forest Clearing",
    "interior": "Interior Room",
    "product_studio": "Product Studio",
    "scifi_corridor": "Sci-Fi Corridor",
    "market_square": "Market Square",
    "village": "Village Green",
    "camp": "Camp",
    "garden": "Garden",
    "graveyard": "Graveyard",
    "farm_yard": "Farm Yard",
    "beach": "Beach",
    "dock": "Dock",
    "shore": "Lake Shore",
    "street": "Street",
    "open_ground": "Open Ground",
    "desert": "Desert",
    "ruins": "Ruins",
    "rooftop": "Rooftop",
    "bedroom": "Bedroom",
    "kitchen": "Kitchen",
    "shop": "Shop",
    "tavern": "Tavern",
    "library": "Library",
    "workshop": "Workshop",
    "attic": "Attic",
    "cellar": "Cellar",
    "dungeon": "Dungeon",
    "hall": "Great Hall",
    "church": "Chapel",
    "cave": "Cave",
    "office": "Office",
    "classroom": "Classroom",
    "lab": "Laboratory",
    "warehouse": "Warehouse",
    "bathroom": "Bathroom",
}
THEMES = tuple(THEME_LABELS)
TEXTURE_SIZES = (64, 128, 256, 512, 1024, 2048, 4096)
PROMPT_MAX_CHARS = 2000
SEED_MAX = 2**32 - 1
MAX_ASSETS = 1000
DEFAULT_MAX_TRIANGLES = 20000

Vec3 = tuple[float, float, float]


def blender_to_gltf(point: Sequence[float]) -> Vec3:
    x, y, z = point
    return (float(x), float(z), float(-y))


def gltf_to_blender(point: Sequence[float]) -> Vec3:
    x, y, z = point
    return (float(x), float(-z), float(y))


def box_from_blender_corners(corners: Iterable[Sequence[float]]) -> dict[str, list[float]]:
    """The glTF-space AABB of Blender world-space points (e.g. the 8 bound_box corners).

    Converting the corners first and taking min/max after is what keeps the box right: the
    y -> -z flip swaps which corner is the minimum.
    """
    points = [blender_to_gltf(c) for c in corners]
    if not points:
        raise InvalidInput("a keep box needs at least one point")
    lo = [round(min(p[i] for p in points), 6) for i in range(3)]
    hi = [round(max(p[i] for p in points), 6) for i in range(3)]
    return {"min": lo, "max": hi}


def boxes_overlap(a: dict[str, Sequence[float]], b: dict[str, Sequence[float]], tol: float = 1e-4) -> bool:
    """Whether two boxes ({min, max}, same space) overlap by more than ``tol`` on every axis."""
    return all(a["min"][i] < b["max"][i] - tol and b["min"][i] < a["max"][i] - tol for i in range(3))


def random_seed(rng: random.Random | None = None) -> int:
    return (rng or random.SystemRandom()).randrange(0, 2**31 - 1)


def normalise_theme(theme: str | None) -> str | None:
    if theme in (None, "", "AUTO", "auto"):
        return None
    if theme not in THEMES:
        raise InvalidInput(f"theme must be one of {', '.join(THEMES)} or None (from the prompt), not {theme!r}")
    return theme


def build_spec(
    prompt: str,
    *,
    seed: int = 0,
    theme: str | None = None,
    generator: str = "procedural",
    max_assets: int | None = None,
    texture_size: int = 512,
    max_triangles: int = DEFAULT_MAX_TRIANGLES,
    world_id: str | None = None,
    keep: Sequence[dict[str, Any]] = (),
    reroll: Sequence[str] = (),
    reroll_seed: int = 0,
) -> dict[str, Any]:
    """A world spec checked the way the backend will check it, so mistakes show before a job.

    >>> build_spec("a well", seed=3)["seed"]
    3
    """
    if not isinstance(prompt, str) or not prompt.strip():
        raise InvalidInput("prompt is empty: describe the world, e.g. 'a medieval courtyard with a well'")
    if len(prompt) > PROMPT_MAX_CHARS:
        raise InvalidInput(f"prompt is {len(prompt)} characters; at most {PROMPT_MAX_CHARS} are allowed")
    for name, value in (("seed", seed), ("reroll_seed", reroll_seed)):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= SEED_MAX:
            raise InvalidInput(f"{name} must be an integer from 0 to {SEED_MAX}, not {value!r}")
    if max_assets is not None and (not isinstance(max_assets, int) or not 1 <= max_assets <= MAX_ASSETS):
        raise InvalidInput(f"max_assets must be None or 1..{MAX_ASSETS}, not {max_assets!r}")
    if texture_size not in TEXTURE_SIZES:
        raise InvalidInput(f"texture_size must be one of {TEXTURE_SIZES}, not {texture_size!r}")
    if not generator or not isinstance(generator, str):
        raise InvalidInput("generator must name a generator, e.g. 'procedural'")
    spec: dict[str, Any] = {
        "prompt": prompt.strip(),
        "seed": seed,
        "generator": generator,
        "theme": normalise_theme(theme),
        "max_assets": max_assets,
        "asset_budget": {"max_triangles": int(max_triangles), "texture_size": int(texture_size)},
        "world_id": world_id,
        "keep": [{"asset_id": k["asset_id"], "box": {"min": list(k["box"]["min"]), "max": list(k["box"]["max"])}}
                 for k in keep],
        "reroll": list(reroll),
        "reroll_seed": reroll_seed,
        "units": "meters",
    }
    return spec


def derive_spec(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A new spec from a version's recorded spec with some fields replaced (and re-checked)."""
    budget = base.get("asset_budget") or {}
    fields: dict[str, Any] = {
        "seed": base.get("seed", 0),
        "theme": base.get("theme"),
        "generator": base.get("generator", "procedural"),
        "max_assets": base.get("max_assets"),
        "texture_size": budget.get("texture_size", 512),
        "max_triangles": budget.get("max_triangles", DEFAULT_MAX_TRIANGLES),
        "world_id": base.get("world_id"),
    }
    fields.update(changes)
    return build_spec(base.get("prompt", ""), **fields)


_WORD = re.compile(r"[a-z][a-z\-]+")
_STOP_WORDS = frozenset(
    "a an and the of on in with at to for from by its their some many few lots near under over".split()
)


def prompt_tags(prompt: str) -> list[str]:
    """Content words of a prompt, in order and without repeats (asset tags)."""
    seen: list[str] = []
    for word in _WORD.findall(prompt.lower()):
        if word not in _STOP_WORDS and word not in seen:
            seen.append(word)
    return seen


def world_title(theme: str | None, prompt: str) -> str:
    """A name for people: the theme ("Courtyard"), else the prompt's first content words."""
    if theme:
        return theme.replace("_", " ").title()
    words = prompt_tags(prompt)[:3]
    return " ".join(words).title() or "World"
