"""Publish a version of this file to the team folder: a self-contained .blend library (its
objects, meshes, materials and images, linkable and appendable by plain Blender), its GLB, a
preview PNG and its record; then the publish event, which is what makes it visible.

Every file goes to a fresh folder for this attempt, under a temporary name, and is flushed and
renamed into place (``team/store.py``); the event is written the same way, last. A publish
killed at any point before that leaves files that no reader looks at.
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Any, Callable

import bpy

from ..core import team as rules
from ..core.errors import InvalidInput
from ..export import files as export_files
from ..scene import records, store
from ..scene.store import WORLD_KEY
from ..versions import compare, preview
from .folder import set_team_info, team_folder, team_info
from .store import Checkpoints, TeamFolder, event_time, publish_into_place, sha256_file, temp_path, write_atomic

PREVIEW_SIZE = (160, 90)
PREVIEW_SAMPLES = 4
MAX_NAME_BYTES = 63


def _entry(path: str) -> dict:
    return {"name": os.path.basename(path), "sha256": sha256_file(path), "size": os.path.getsize(path)}


def _uses_linked_data(obj: bpy.types.Object) -> bool:
    data = [obj, obj.data, *(slot.material for slot in obj.material_slots)]
    return any(item is not None and item.library is not None for item in data)


def library_name(version: store.Version) -> str:
    """The collection name inside the published .blend: the version's name and id."""
    suffix = f" [{version.id}]"
    name = version.collection.name
    while len((name + suffix).encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    return name + suffix


def _write_blend(version: store.Version, folder: str, marker: dict, step: Callable[[str], None]) -> tuple[dict, str]:
    """The version's collection as a library file (a stand-in collection holding the same objects
    and child collections, so the user's own collection is never touched)."""
    final = os.path.join(folder, "version.blend")
    temp = temp_path(final)
    holder = bpy.data.collections.new(library_name(version))
    try:
        for obj in version.collection.objects:
            holder.objects.link(obj)
        for child in version.collection.children:
            holder.children.link(child)
        holder["worldsmith_published"] = json.dumps(marker, sort_keys=True)
        name = holder.name
        bpy.data.libraries.write(temp, {holder}, fake_user=True, path_remap="ABSOLUTE")
    finally:
        bpy.data.collections.remove(holder)
    step("version.blend written")
    publish_into_place(temp, final, step)
    return _entry(final), name


def _write_glb(version: store.Version, folder: str, scene: Any, step: Callable[[str], None]) -> dict:
    final = os.path.join(folder, "version.glb")
    temp = temp_path(final)
    export_files.export(version, temp, preset="gltf", force=True, scene=scene)
    step("version.glb written")
    publish_into_place(temp, final, step)
    return _entry(final)


def _write_preview(version: store.Version, folder: str, step: Callable[[str], None]) -> dict:
    final = os.path.join(folder, "preview.png")
    temp = temp_path(final)
    preview.render_preview(version, temp, size=PREVIEW_SIZE, samples=PREVIEW_SAMPLES)
    step("preview.png written")
    publish_into_place(temp, final, step)
    return _entry(final)


def publish(version: Any, *, folder: str | None = None, glb: bool = True, with_preview: bool = True,
            scene: Any = None) -> dict:
    """Publish ``version`` (one made in this file, or taken) to the team folder; returns
    ``{version, number, sibling_of, folder, event, files}``. A version published before, or a
    synced copy of someone else's, is refused."""
    version = records.handle(version)
    current = records.record(version)
    info = team_info(version.collection)
    if info.get("origin") == "store":
        raise InvalidInput(f"{version.collection.name} is {info.get('author', 'someone')}'s published version; "
                           "take it (Team > Take) to make your own branch, then publish that")
    linked = sorted({obj.name for obj in version.objects() if _uses_linked_data(obj)})
    if linked:
        raise InvalidInput(f"{version.collection.name} uses data linked from another file ({', '.join(linked[:3])}); "
                           "a published version must be self-contained: take the synced version (Team > Take) "
                           "and publish that")
    team = team_folder(folder, write=True)
    world = records.world_of(version)
    world_id = str(world[WORLD_KEY]["world_id"])
    if version.id in team.merged(world_id).versions:
        raise InvalidInput(f"{version.collection.name} is already published; branch it and publish the branch")
    step = Checkpoints()
    relative = team.new_version_folder(world_id, version.id)
    step("version folder made")
    target = team.path(world_id, relative)
    record = rules.published_record(current)
    marker = {"id": version.id, "world_id": world_id, "branch": record.get("branch"), "author": records.who()}
    files: dict[str, dict] = {}
    files["blend"], collection = _write_blend(version, target, marker, step)
    if glb:
        files["glb"] = _write_glb(version, target, scene, step)
    if with_preview:
        files["preview"] = _write_preview(version, target, step)
    record_path = os.path.join(target, "record.json")
    write_atomic(record_path, json.dumps(record, sort_keys=True, indent=1).encode("utf-8"), step)
    files["record"] = _entry(record_path)
    assets = {aid: a["geometry"] for aid, a in compare.snapshot(version)["assets"].items()}
    title = str(world[WORLD_KEY].get("title", world.name))
    event = rules.new_event(
        "publish", world_id=world_id, version_id=version.id, author=records.who(), at=event_time(),
        event_id=uuid.uuid4().hex, record=record, folder=relative, files=files, collection=collection,
        assets=assets, world={"world_id": world_id, "title": title, "prompt": str(world[WORLD_KEY].get("prompt", ""))})
    event_path = team.write_event(event, step)
    return _published(team, world_id, version, event, event_path, target)


def _published(team: TeamFolder, world_id: str, version: store.Version, event: dict, event_path: str,
               target: str) -> dict:
    merged = team.merged(world_id).versions.get(version.id)
    number = merged.number if merged else 0
    sibling = merged.sibling_of if merged else ""
    set_team_info(version.collection, {"origin": "local", "published": event["id"], "number": number,
                                       "sibling_of": sibling, "author": event["author"], "folder": team.root})
    return {"version": version.id, "number": number, "sibling_of": sibling, "folder": target,
            "event": event_path, "files": {k: os.path.join(target, v["name"]) for k, v in event["files"].items()}}
