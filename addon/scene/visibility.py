"""Which version collections a view layer shows, and the compare view's saved state.

Versions are shown and hidden by excluding their layer collections in every view layer (their
objects stay in the file). Compare view (``versions.compare``) moves B along X and shows A and B;
what it changed is saved as JSON on the world collection (``world["worldsmith_compare"]``) before
anything moves, so ``end_compare`` — called by switch, branch, delete, render and prepare for
engine alike — puts back exactly what was there, even after a save and reload. Validate and
export read the world through ``compare_suspended``: B where it really is, compare still on after.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Iterable, Iterator

import bpy

from ..core.errors import StateError

COMPARE_KEY = "worldsmith_compare"


def layer_collections(layer: bpy.types.LayerCollection) -> Iterable[bpy.types.LayerCollection]:
    yield layer
    for child in layer.children:
        yield from layer_collections(child)


def _layers(world: bpy.types.Collection) -> Iterator[tuple[str, str, bpy.types.LayerCollection]]:
    names = {c.name for c in world.children}
    for scene in bpy.data.scenes:
        for view_layer in scene.view_layers:
            for layer in layer_collections(view_layer.layer_collection):
                if layer.collection.name in names:
                    yield scene.name, view_layer.name, layer


def set_excluded(world: bpy.types.Collection, flags: dict[str, bool]) -> None:
    """Exclude (True) or include (False) the named child collections of ``world`` everywhere."""
    for _, _, layer in _layers(world):
        wanted = flags.get(layer.collection.name)
        if wanted is not None and layer.exclude != wanted:
            layer.exclude = wanted


def save_visibility(world: bpy.types.Collection) -> list[list]:
    return [[scene, view_layer, layer.collection.name, layer.exclude]
            for scene, view_layer, layer in _layers(world)]


def show_only(world: bpy.types.Collection, names: set[str]) -> None:
    """Exclude every child collection of ``world`` except ``names`` in every view layer."""
    set_excluded(world, {c.name: c.name not in names for c in world.children})


def restore_visibility(world: bpy.types.Collection, saved: list[list]) -> None:
    flags = {(s, v, c): bool(e) for s, v, c, e in saved}
    for scene, view_layer, layer in _layers(world):
        wanted = flags.get((scene, view_layer, layer.collection.name))
        if wanted is not None and layer.exclude != wanted:
            layer.exclude = wanted


# ---- the compare view's saved state ---------------------------------------------------------

def compare_state(world: bpy.types.Collection) -> dict | None:
    """The saved compare state of ``world`` ({a, b, offset, visibility, locations}), None when
    compare is off; ``StateError`` when a hand edit broke it."""
    raw = world.get(COMPARE_KEY)
    if not raw:
        return None
    try:
        state = json.loads(raw)
        state["a"], state["b"], state["offset"]  # noqa: B018  (shape check)
        return state
    except (ValueError, KeyError, TypeError):
        raise StateError(f"the compare state on {world.name!r} is malformed; run Repair") from None


def save_compare_state(world: bpy.types.Collection, state: dict) -> None:
    world[COMPARE_KEY] = json.dumps(state)


def end_compare(world: bpy.types.Collection) -> bool:
    """Undo compare view on ``world`` exactly; False if it was not on."""
    state = compare_state(world)
    if state is None:
        return False
    for name, location in state.get("locations", {}).items():
        obj = bpy.data.objects.get(name)
        if obj is not None:
            obj.location = location
    restore_visibility(world, state.get("visibility", []))
    del world[COMPARE_KEY]
    return True


@contextmanager
def compare_suspended(world: bpy.types.Collection):
    """Inside the block, B's roots are where they really are (compare view's offset taken off);
    after it, compare view is as it was. For readers that must never see the offset: validate,
    export."""
    state = compare_state(world)
    shifted: dict[str, list[float]] = {}
    for name, location in (state or {}).get("locations", {}).items():
        obj = bpy.data.objects.get(name)
        if obj is not None:
            shifted[name] = list(obj.location)
            obj.location = location
    try:
        yield
    finally:
        for name, location in shifted.items():
            obj = bpy.data.objects.get(name)
            if obj is not None:
                obj.location = location
