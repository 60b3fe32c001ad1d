"""Repair Worldsmith state that hand edits broke, without losing assets.

Fixes world and version records (missing or unreadable fields, duplicate ids and numbers,
parents that no longer exist, an active version that is gone, a broken compare state) and adopts
child collections that hold assets but lost their record. Objects are never removed or moved.

>>> repair(bpy.data.collections["Courtyard"])
['Courtyard v2 main: set 'number' to 2']
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import bpy

from ..core import schema
from ..scene import store
from ..scene.store import VERSION_KEY, WORLD_KEY
from ..scene.visibility import COMPARE_KEY

_NAME = re.compile(r"\bv(\d+)(?:\s+(.+))?$")


def _world(world: Any) -> bpy.types.Collection:
    if isinstance(world, bpy.types.Collection):
        return world
    if isinstance(world, str) and world in bpy.data.collections:
        return bpy.data.collections[world]
    return store.world_collection(world)


def _looks_like_version(coll: bpy.types.Collection) -> bool:
    return VERSION_KEY in coll or any("asset_id" in obj for obj in coll.all_objects)


def _raw(coll: bpy.types.ID, key: str) -> Any:
    raw = coll.get(key)
    return raw.to_dict() if hasattr(raw, "to_dict") else raw


def repair(world: Any) -> list[str]:
    """Fix the records of ``world`` (a world collection, its name or world id) in place and
    return what was fixed, one line per fix; an empty list means nothing needed fixing."""
    world = _world(world)
    fixes: list[str] = []
    candidates = [c for c in world.children if _looks_like_version(c)]
    world_ids = [str(_raw(c, VERSION_KEY).get("world_id", "")) for c in candidates
                 if isinstance(_raw(c, VERSION_KEY), dict)]
    derived_id = next((w for w in world_ids if w), re.sub(r"\W+", "-", world.name.lower()).strip("-"))
    new_world, found = schema.repair_world(_raw(world, WORLD_KEY),
                                           {"world_id": derived_id, "title": world.name})
    fixes += [f"{world.name}: {fix}" for fix in found]

    seen_ids: set[str] = set()
    seen_numbers: set[int] = set()
    records: list[tuple[bpy.types.Collection, dict]] = []
    for coll in sorted(candidates, key=lambda c: c.name):
        match = _NAME.search(coll.name)
        number = int(match.group(1)) if match else 0
        fallback = {"id": uuid.uuid4().hex[:12], "number": number or 1,
                    "branch": (match.group(2) if match and match.group(2) else "main"),
                    "world_id": new_world["world_id"], "created": store.now_iso()}
        record, found = schema.repair_version(_raw(coll, VERSION_KEY), fallback)
        if record["world_id"] != new_world["world_id"]:
            found.append(f"world id {record['world_id']!r} did not match the world; set to {new_world['world_id']!r}")
            record["world_id"] = new_world["world_id"]
        if record["id"] in seen_ids:
            record["id"] = uuid.uuid4().hex[:12]
            found.append(f"duplicate id replaced by {record['id']!r}")
        seen_ids.add(record["id"])
        records.append((coll, record))
        fixes += [f"{coll.name}: {fix}" for fix in found]
    # Numbers second, so a duplicate moves to a number no other version has.
    top = max((r["number"] for _, r in records), default=0)
    for coll, record in sorted(records, key=lambda pair: pair[1]["number"]):
        if record["number"] in seen_numbers:
            top += 1
            fixes.append(f"{coll.name}: duplicate number {record['number']} changed to {top}")
            record["number"] = top
        seen_numbers.add(record["number"])
        if record["parent"] and (record["parent"] not in seen_ids or record["parent"] == record["id"]):
            fixes.append(f"{coll.name}: parent {record['parent']!r} does not exist; made it a top-level version")
            record["parent"] = ""

    if new_world.get("active_version") not in seen_ids and records:
        newest = max(records, key=lambda pair: pair[1]["number"])[1]
        fixes.append(f"{world.name}: active version set to v{newest['number']}")
        new_world["active_version"] = newest["id"]
    if COMPARE_KEY in world:
        try:
            json.loads(world[COMPARE_KEY])["offset"]  # noqa: B018
        except (ValueError, KeyError, TypeError):
            del world[COMPARE_KEY]
            fixes.append(f"{world.name}: dropped an unreadable compare state")

    if not fixes:
        return fixes
    world[WORLD_KEY] = new_world
    for coll, record in records:
        coll[VERSION_KEY] = record
    if records:
        store.switch(new_world["active_version"])
    return fixes
