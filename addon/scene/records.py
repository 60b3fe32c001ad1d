"""Version records: read, write, who signs them, new ids, the frozen rule, and recipe steps.

Every operation that changes a version goes through here: ``ensure_editable`` first (approved
versions are frozen: "branch it first"), and ``add_step`` last, the one function that appends to
a version's recipe, so the recipe always says how the version was made.

>>> ensure_editable(version)
>>> add_step(version, step("material_reassign", object="Torch.001 Flame", slot=0))
"""

from __future__ import annotations

import uuid
from typing import Any

import bpy

from ..core import review as review_rules
from ..core import schema
from ..core.errors import StateError, VersionFrozen
from .settings import who  # noqa: F401  (records are signed by who(); re-exported for features)
from .store import VERSION_KEY, WORLD_KEY, Version, get_version, now_iso, world_collection, worlds


def handle(version: Any) -> Version:
    """A live Version from a Version, id or collection; ``StateError`` when it was deleted."""
    if isinstance(version, Version):
        version.collection  # raises StateError when it was deleted
        return version
    try:
        return get_version(version)
    except ReferenceError:  # a Python reference to a removed collection
        raise StateError("that version was deleted; pick one from the Versions panel") from None


def record(version: Any) -> dict:
    """The stored record of ``version``, migrated to the current schema (JSON fields encoded);
    ``StateError`` (with "run Repair") when a hand edit broke it."""
    return handle(version).record()


def write(version: Version, new: dict) -> None:
    version.collection[VERSION_KEY] = new


def raw(coll: bpy.types.Collection) -> Any:
    """The record exactly as stored (no checks): for repair and for the panel's tree."""
    value = coll.get(VERSION_KEY)
    return value.to_dict() if hasattr(value, "to_dict") else value


def label(version: Version) -> str:
    return version.collection.name


def new_version_id() -> str:
    return uuid.uuid4().hex[:12]


def world_of(version: Version) -> bpy.types.Collection:
    """The world collection that really holds ``version`` (its parent collection)."""
    coll = version.collection
    holders = [world for world in worlds() if coll.name in world.children]
    # A collection can have two parents after hand edits; prefer the world its record names.
    stored = raw(coll)
    wanted = stored.get("world_id") if isinstance(stored, dict) else None
    for world in holders:
        if world[WORLD_KEY].get("world_id") == wanted:
            return world
    if holders:
        return holders[0]
    raise StateError(f"{coll.name!r} is not inside a Worldsmith world collection; run Repair")


def world_records(world: Any) -> list[tuple[bpy.types.Collection, dict | None]]:
    """Every child collection of ``world`` with a version record, and that record (None when
    malformed), for the panel's tree."""
    world = world_collection(world)
    out = []
    for coll in world.children:
        if VERSION_KEY not in coll:
            continue
        stored = raw(coll)
        out.append((coll, None if schema.problems(stored) else schema.migrate_version(stored)))
    return out


def sound_records(world: bpy.types.Collection) -> list[dict]:
    pairs = world_records(world)
    broken = [coll.name for coll, rec in pairs if rec is None]
    if broken:
        raise StateError(f"versions {', '.join(broken)} have malformed properties; run Repair on the world")
    return [rec for _, rec in pairs]


def ensure_editable(version: Any) -> None:
    """Raise ``VersionFrozen`` ("... branch it first ...") if ``version`` is approved, or linked
    from another file (a synced team version).

    Every operation that changes a version's objects, data or metadata calls this first.
    """
    version = handle(version)
    review_rules.ensure_editable(record(version).get("review_state", "draft"), label(version))
    linked = next((o for o in version.collection.all_objects if o.library is not None), None)
    if linked is not None:  # a synced team version: its data lives in another artist's library file
        raise VersionFrozen(f"{label(version)} is linked from {linked.library.filepath} (another artist's "
                            "published version) and cannot be edited here: Take it, or branch it first")


# ---- recipe steps -----------------------------------------------------------------------------

def step(op: str, **fields: Any) -> dict:
    """A recipe step: what was done (``op``), when, and its parameters."""
    return {"op": op, "at": now_iso(), **fields}


def add_step(version: Version, entry: dict) -> None:
    """Append ``entry`` (see ``step``) to the recipe of ``version``: the one place that does."""
    version.set("recipe", [*(version.get("recipe") or []), entry])
