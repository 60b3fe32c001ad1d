"""Sync: everyone's published versions of a world into this file, and Take: a published version
as the start of my own branch.

A synced version is a local version collection (its record: the publisher's, numbered for this
file, with the store's review state) holding the version's objects *linked* from its .blend
in the team folder: meshes, materials and images stay in the library, so the file grows by about
the size of the records, and Blender keeps linked data read-only. Compare, diff and the side by
side render work on it like on any version. Take *appends* instead: local, editable copies.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import bpy

from ..core import team as rules
from ..core import versions as tree_rules
from ..core.errors import InvalidInput, StateError
from ..core.review import DRAFT
from ..scene import records, store
from ..scene.store import VERSION_KEY, WORLD_KEY, Version
from .folder import set_team_info, team_folder, team_info, who
from .store import TeamFolder

MAX_NAME_BYTES = 63


def _say(line: str) -> None:
    print(f"worldsmith: team: {line}", file=sys.stderr)


def _name(title: str, number: int, branch: str, author: str) -> str:
    name = f"{title} v{number} {branch} ({author})"
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    return name


def world_id_of(world: Any) -> str:
    """A world id from a world collection, its name, a Version, or a world id not in this file."""
    if isinstance(world, str) and store.find_world(world) is None and bpy.data.collections.get(world) is None:
        return rules.check_id(world, "world id")
    return str(store.world_collection(world)[WORLD_KEY]["world_id"])


# ---- sync -------------------------------------------------------------------------------------

def apply_store(version: Version, published: rules.Published, library: str = "") -> bool:
    """Bring the store's review state and notes into ``version``; True when something changed."""
    stored = records.record(version)
    new = rules.with_review(stored, published)
    info = team_info(version.collection)
    new_info = {**info, "number": published.number, "sibling_of": published.sibling_of, "author": published.author,
                "at": published.at, "state": published.review_state}
    if library:
        new_info["library"] = library
    changed = new != stored
    if changed:
        records.write(version, new)
    if new_info != info:
        set_team_info(version.collection, new_info)
    return changed


def _link(team: TeamFolder, world: bpy.types.Collection, published: rules.Published) -> Version:
    path = team.path(str(world[WORLD_KEY]["world_id"]), published.folder, published.files["blend"]["name"])
    with bpy.data.libraries.load(path, link=True, relative=False) as (source, target):
        if published.collection not in source.collections:
            raise InvalidInput(f"{path} has no collection {published.collection!r}")
        target.collections = [published.collection]
    linked = target.collections[0]
    if linked is None:
        raise InvalidInput(f"Blender could not link {published.collection!r} from {path}")
    number = store.next_number(world)
    title = str(world[WORLD_KEY].get("title", world.name))
    coll = bpy.data.collections.new(_name(title, number, published.branch, published.author))
    coll[VERSION_KEY] = rules.local_record(published, number)
    set_team_info(coll, {"origin": "store", "library": path, "collection": published.collection,
                         "author": published.author, "number": published.number, "folder": team.root})
    world.children.link(coll)
    # The linked objects go straight into the local collection (not the linked collection as a
    # child): every "which version holds this object" lookup then finds this record, with the
    # store's review state, rather than the library's.
    for obj in linked.objects:
        coll.objects.link(obj)
    for child in linked.children:
        coll.children.link(child)
    version = Version(coll)
    apply_store(version, published, path)
    return version


def _sync_world(team: TeamFolder, world_id: str, scene: Any, report: dict) -> None:
    merged = team.merged(world_id)
    report["problems"] += merged.problems
    if not merged.versions:
        return
    world = store.find_world(world_id)
    if world is None:
        meta = merged.world
        scene = scene or bpy.context.scene
        world = store.create_world(scene, world_id, meta.get("title") or world_id, meta.get("prompt", ""))
    local = {v.id: v for v in store.versions(world)}
    visible = store.active_version(world)
    for published in merged.versions.values():
        if published.id in local:
            if apply_store(local[published.id], published):
                report["updated"].append(published.id)
            continue
        problem = team.payload_problem(world_id, published, kinds=("blend",))
        if problem is None:
            try:
                _link(team, world, published)
                report["added"].append(published.id)
                continue
            except (OSError, RuntimeError, InvalidInput, StateError) as exc:
                problem = f"version {published.id} by {published.author}: cannot be linked ({exc}), skipped"
        report["problems"].append(problem)
    report["worlds"].append(world_id)
    report["versions"] += len(merged.versions)
    shown = visible or store.active_version(world)
    if shown is not None:
        store.switch(shown)  # new versions arrive hidden; what was visible stays visible


def sync(world: Any = None, *, folder: str | None = None, scene: Any = None) -> dict:
    """Everyone's published versions of ``world`` (or of every world in the team folder) into
    this file; the review states of versions already here follow the store. Returns
    ``{worlds, added, updated, problems, versions}``; files that are corrupt, foreign or damaged
    are listed in ``problems`` and never imported."""
    team = team_folder(folder)
    ids = team.world_ids() if world is None else [world_id_of(world)]
    report: dict[str, Any] = {"worlds": [], "added": [], "updated": [], "problems": [], "versions": 0}
    for world_id in ids:
        _sync_world(team, world_id, scene, report)
    for line in report["problems"]:
        _say(line)
    return report


def published(world: Any, *, folder: str | None = None) -> dict:
    """The store's view of ``world`` without changing this file: ``{rows, problems}``."""
    merged = team_folder(folder).merged(world_id_of(world))
    return {"rows": rules.rows(merged), "problems": merged.problems}


# ---- take -------------------------------------------------------------------------------------

def take(version: Any, branch: str | None = None) -> Version:
    """A local, editable copy of a synced version (appended from its library) as the first version
    of my branch ``branch`` (default: my name); it becomes the visible one."""
    version = records.handle(version)
    info = team_info(version.collection)
    if info.get("origin") != "store":
        raise InvalidInput(f"{version.collection.name} was made in this file, not synced: use Branch instead")
    name = tree_rules.check_name(branch or who(), "branch name")
    path = info.get("library", "")
    if not os.path.isfile(path):
        raise InvalidInput(f"the library of {version.collection.name} is gone ({path}): check the team "
                           "folder is reachable and sync again")
    source = records.record(version)
    world = records.world_of(version)
    with bpy.data.libraries.load(path, link=False, relative=False) as (available, target):
        if info.get("collection") not in available.collections:
            raise InvalidInput(f"{path} has no collection {info.get('collection')!r}: sync again")
        target.collections = [info["collection"]]
    appended = target.collections[0]
    try:
        number = store.next_number(world)
        appended.use_fake_user = False
        if "worldsmith_published" in appended:
            del appended["worldsmith_published"]
        appended.name = tree_rules.collection_name(str(world[WORLD_KEY].get("title", world.name)), number, name)
        new = dict(source)
        new.update({"id": records.new_version_id(), "number": number, "parent": source["id"], "branch": name,
                    "created": store.now_iso(), "author": who(), "review_state": DRAFT, "review": "[]",
                    "notes": "[]", "approval_hashes": "{}"})
        appended[VERSION_KEY] = new
        world.children.link(appended)
        taken = Version(appended)
        records.add_step(taken, records.step("take", **{"from": source["id"], "from_author": info.get("author", ""),
                                                        "name": name}))
    except Exception:
        for obj in list(appended.all_objects):
            bpy.data.objects.remove(obj)
        bpy.data.collections.remove(appended)
        raise
    return store.switch(taken)
