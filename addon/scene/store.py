"""Scene state: world and version collections <-> ``Version`` handles (the store contract).

World collection: ``coll["worldsmith_world"]``; version collection (a child of it):
``coll["worldsmith_version"]``. Plain ID properties, lists and dicts as JSON strings, so any
script can read them with the add-on disabled (see docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Iterable

import bpy

from ..core import schema
from . import visibility
from ..core.errors import InvalidInput, StateError

SCHEMA = 1
WORLD_KEY = "worldsmith_world"
VERSION_KEY = "worldsmith_version"
JSON_FIELDS = tuple(schema.JSON_FIELDS)
# Roles of asset roots: generated shapes, and proxies (named blockouts for things the generator
# has no shape for yet). Both are separable, lockable, rerollable and exported.
ASSET_ROLES = frozenset({"asset", "proxy"})


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class Version:
    """A handle over one version collection. Holds the collection's name, not the pointer:
    undo and file reload replace Python references to ID blocks."""

    def __init__(self, collection: bpy.types.Collection):
        if VERSION_KEY not in collection:
            raise StateError(f"collection {collection.name!r} is not a Worldsmith version")
        self._name = collection.name
        # The id lets the handle follow its collection through a rename (versions.rename_branch).
        self._id = str(collection[VERSION_KEY].get("id", ""))

    def __repr__(self) -> str:
        return f"<Version {self.id} v{self.number} {self.branch!r} ({self._name})>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def collection(self) -> bpy.types.Collection:
        coll = bpy.data.collections.get(self._name)
        if (coll is None or VERSION_KEY not in coll) and self._id:
            coll = next((c for c in bpy.data.collections if VERSION_KEY in c
                         and c[VERSION_KEY].get("id") == self._id), None)
            if coll is not None:
                self._name = coll.name
        if coll is None or VERSION_KEY not in coll:
            raise StateError(f"version collection {self._name!r} is gone (deleted or renamed)")
        return coll

    def record(self) -> dict[str, Any]:
        """The stored record, migrated to the current schema (JSON fields still encoded);
        ``StateError`` (with "run Repair") when a hand edit broke it. The one reader of records:
        ``data``, ``get`` and ``scene.records.record`` all go through it."""
        raw = self.collection[VERSION_KEY]
        raw = raw.to_dict() if hasattr(raw, "to_dict") else raw
        found = schema.problems(raw)
        if found:
            raise StateError(f"{self._name!r} has malformed Worldsmith properties "
                             f"({'; '.join(found)}); run Repair on its world")
        return schema.migrate_version(raw)

    @property
    def data(self) -> dict[str, Any]:
        """The record as plain Python, JSON fields decoded."""
        out = self.record()
        for key in JSON_FIELDS:
            out[key] = schema.decode_field(out, key)
        return out

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    id = property(lambda self: str(self.collection[VERSION_KEY]["id"]))
    number = property(lambda self: int(self.collection[VERSION_KEY]["number"]))
    parent = property(lambda self: str(self.collection[VERSION_KEY].get("parent", "")))
    branch = property(lambda self: str(self.collection[VERSION_KEY].get("branch", "main")))
    review_state = property(lambda self: str(self.collection[VERSION_KEY].get("review_state", "draft")))
    world_id = property(lambda self: str(self.collection[VERSION_KEY]["world_id"]))
    seed = property(lambda self: int(self.collection[VERSION_KEY].get("seed", 0)))

    @property
    def world_collection(self) -> bpy.types.Collection:
        world = find_world(self.world_id)
        if world is None:
            raise StateError(f"the world of version {self.id} is gone")
        return world

    def objects(self) -> list[bpy.types.Object]:
        return list(self.collection.all_objects)

    def assets(self) -> dict[str, bpy.types.Object]:
        """Asset root objects (generated shapes and proxies) by ``asset_id``."""
        return {o["asset_id"]: o for o in self.collection.all_objects
                if o.get("role") in ASSET_ROLES and "asset_id" in o}

    def proxies(self) -> dict[str, bpy.types.Object]:
        """The proxies among the assets: blockouts standing in for things with no shape yet."""
        return {aid: o for aid, o in self.assets().items() if o.get("role") == "proxy"}

    def set(self, key: str, value: Any) -> None:
        self.collection[VERSION_KEY][key] = json.dumps(value) if key in JSON_FIELDS else value


# ---- worlds ---------------------------------------------------------------------------------

def worlds() -> list[bpy.types.Collection]:
    return [c for c in bpy.data.collections if WORLD_KEY in c]


def find_world(world_id: str) -> bpy.types.Collection | None:
    for coll in worlds():
        if coll[WORLD_KEY].get("world_id") == world_id:
            return coll
    return None


def world_collection(world: Any) -> bpy.types.Collection:
    """A world collection from a collection, a world id, or a Version."""
    if isinstance(world, Version):
        return world.world_collection
    if isinstance(world, str):
        coll = find_world(world) or bpy.data.collections.get(world)
    else:
        coll = world
    if coll is None or WORLD_KEY not in coll:
        raise InvalidInput(f"{world!r} is not a Worldsmith world (a collection, its name or world id)")
    return coll


def create_world(scene: bpy.types.Scene, world_id: str, title: str, prompt: str) -> bpy.types.Collection:
    coll = bpy.data.collections.new(title)
    coll[WORLD_KEY] = {"schema": SCHEMA, "world_id": world_id, "title": title, "prompt": prompt,
                       "active_version": ""}
    scene.collection.children.link(coll)
    return coll


def world_origin(world: bpy.types.Collection | None) -> tuple[float, float, float]:
    """Where the world sits in the scene (Blender space): its versions' generated objects are
    placed there, keep boxes and exports are relative to it (``generate.placement``)."""
    if world is None or WORLD_KEY not in world:
        return (0.0, 0.0, 0.0)
    origin = world[WORLD_KEY].get("origin") or (0.0, 0.0, 0.0)
    return tuple(float(v) for v in origin)[:3]


def set_world_origin(world: bpy.types.Collection, origin) -> None:
    world[WORLD_KEY]["origin"] = [float(v) for v in origin]


def create_version(world: bpy.types.Collection, props: dict[str, Any]) -> Version:
    """A new version collection under ``world`` with the store-contract properties."""
    title = world[WORLD_KEY].get("title", world.name)
    coll = bpy.data.collections.new(f"{title} v{props['number']} {props.get('branch', 'main')}")
    record = {"schema": SCHEMA, "parent": "", "branch": "main", "created": now_iso(), "author": "",
              "review_state": "draft", "review": [], "notes": [], "ignored": [], "approval_hashes": {},
              "timings": {}, "recipe": [], "generator_version": "", "backend_version": ""}
    record.update(props)
    coll[VERSION_KEY] = {k: (json.dumps(v) if k in JSON_FIELDS else v) for k, v in record.items()}
    world.children.link(coll)
    return Version(coll)


# ---- versions -------------------------------------------------------------------------------

def versions(world: Any = None) -> list[Version]:
    """Versions of one world (or of every world), oldest first."""
    colls = [world_collection(world)] if world is not None else worlds()
    found = [Version(c) for w in colls for c in w.children if VERSION_KEY in c]
    return sorted(found, key=lambda v: (v.world_id, v.number))


def get_version(version: Any) -> Version:
    """A Version from a Version, its id, or its collection (or the collection's name)."""
    if isinstance(version, Version):
        return version
    if isinstance(version, bpy.types.Collection) and VERSION_KEY in version:
        return Version(version)
    if isinstance(version, str):
        coll = bpy.data.collections.get(version)
        if coll is not None and VERSION_KEY in coll:
            return Version(coll)
        for v in versions():
            if v.id == version:
                return v
    raise InvalidInput(f"{version!r} is not a Worldsmith version (a Version, its id or its collection)")


def active_version(world: Any) -> Version | None:
    coll = world_collection(world)
    wanted = coll[WORLD_KEY].get("active_version", "")
    found = versions(coll)
    for v in found:
        if v.id == wanted:
            return v
    return found[-1] if found else None


def next_number(world: bpy.types.Collection) -> int:
    return max((v.number for v in versions(world)), default=0) + 1


def switch(version: Any) -> Version:
    """Make ``version`` the visible one of its world: the others' layer collections are excluded
    in every view layer (their objects stay in the file)."""
    version = get_version(version)
    world = version.world_collection
    # Compare view saved the visibility from before it; put that back first, or ending compare
    # later would undo this switch.
    visibility.end_compare(world)
    visibility.set_excluded(world, {v.collection.name: v.id != version.id for v in versions(world)})
    world[WORLD_KEY]["active_version"] = version.id
    return version


def visible_versions() -> list[Version]:
    return [v for v in (active_version(w) for w in worlds()) if v is not None]


class Hierarchy:
    """Parent -> children of a set of objects, built once.

    ``Object.children`` and ``children_recursive`` scan every object in the file on each call, so
    walking a version's assets with them costs O(assets x objects in the file): a reroll in a file
    with many versions slowed down with every version added.
    """

    def __init__(self, objects: Iterable[bpy.types.Object]):
        self._children: dict[str, list[bpy.types.Object]] = {}
        for obj in objects:
            if obj.parent is not None:
                self._children.setdefault(obj.parent.name, []).append(obj)

    def children(self, obj: bpy.types.Object) -> list[bpy.types.Object]:
        return self._children.get(obj.name, [])

    def descendants(self, obj: bpy.types.Object) -> list[bpy.types.Object]:
        found: list[bpy.types.Object] = []
        for child in self.children(obj):
            found.append(child)
            found += self.descendants(child)
        return found
