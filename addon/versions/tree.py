"""Version operations on the scene: branch, rename, delete, notes, review, integrity.

Thin bpy layer over ``core.versions`` (tree, names), ``core.review`` (states) and ``core.schema``
(stored shape); collections, handles and records come from ``scene``. Every function checks everything
first and changes the scene last, so a refusal leaves the file as it was.

>>> v2 = branch(v1, "lighting")          # new objects sharing mesh data with v1
>>> set_review(v2, "in_review", note="warmer torches")
"""

from __future__ import annotations

from typing import Any

import bpy

from ..core import review as review_rules
from ..core import schema
from ..core import versions as tree_rules
from ..core.errors import InvalidInput
from ..scene import records, store, visibility
from ..scene.records import ensure_editable, handle, label, record, who, world_of, write
from ..scene.store import VERSION_KEY, WORLD_KEY, Version
from .compare import FINGERPRINT_KEY, snapshot

MAX_NOTE_CHARS = 4000


# ---- branch ---------------------------------------------------------------------------------

def _copy_objects(source: bpy.types.Collection, target: bpy.types.Collection) -> None:
    """New objects sharing mesh data and materials with ``source``'s; parenting and child
    collections mirrored. ``Object.copy`` copies custom properties and object-linked slots."""
    # Keyed by name but holding the originals: bpy.data.objects[name] is a linear search.
    copies: dict[str, tuple[bpy.types.Object, bpy.types.Object]] = {}

    def walk(src: bpy.types.Collection, dst: bpy.types.Collection) -> None:
        for obj in src.objects:
            if obj.name not in copies:
                copies[obj.name] = (obj, obj.copy())
            dst.objects.link(copies[obj.name][1])
        for child in src.children:
            sub = bpy.data.collections.new(child.name)
            dst.children.link(sub)
            walk(child, sub)

    walk(source, target)
    for old, new in copies.values():
        parent = old.parent
        if parent is not None and parent.name in copies:
            # copy() keeps the old parent; point at the copy. matrix_parent_inverse came along.
            new.parent = copies[parent.name][1]


def branch(version: Any, name: str, *, world: Any = None) -> Version:
    """A new version under ``version``, named ``name``, made visible; its objects share mesh data
    and materials with the parent until edited (see ``cow.ensure_single_user``).

    ``world``, when given, must be the world holding ``version``.
    """
    version = handle(version)
    name = tree_rules.check_name(name, "branch name")
    source = record(version)
    home = world_of(version)
    if world is not None and store.world_collection(world) != home:
        raise InvalidInput(f"{label(version)} belongs to world {home.name!r}; branch it there, "
                           f"or generate a new version in {store.world_collection(world).name!r}")
    if source.get("world_id") != home[WORLD_KEY].get("world_id"):
        raise InvalidInput(f"{label(version)} was made for world {source.get('world_id')!r}, not "
                           f"{home.name!r}; it cannot be branched into this world")
    siblings = records.sound_records(home)
    number = tree_rules.next_number(siblings)
    when = store.now_iso()
    new = dict(source)
    new.update({
        "id": records.new_version_id(), "number": number, "parent": source["id"], "branch": name,
        "created": when, "author": who(), "review_state": review_rules.DRAFT, "review": "[]",
        "notes": "[]", "approval_hashes": "{}",
    })
    visibility.end_compare(home)  # compare view moves B: copying it then would copy the offset
    title = home[WORLD_KEY].get("title", home.name)
    coll = bpy.data.collections.new(tree_rules.collection_name(title, number, name))
    coll[VERSION_KEY] = new
    home.children.link(coll)
    _copy_objects(version.collection, coll)
    new_version = Version(coll)
    if version.collection.get(FINGERPRINT_KEY):  # the branch explains what its parent explained
        coll[FINGERPRINT_KEY] = version.collection[FINGERPRINT_KEY]
    records.add_step(new_version, records.step("branch", at=when, **{"from": source["id"],
                                                                     "from_number": source["number"], "name": name}))
    return store.switch(new_version)


# ---- rename, delete, notes ------------------------------------------------------------------

def rename_branch(version: Any, name: str) -> Version:
    """Rename the branch of ``version`` (and its collection, "Courtyard v3 <name>")."""
    version = handle(version)
    name = tree_rules.check_name(name, "branch name")
    ensure_editable(version)
    current = record(version)
    title = world_of(version)[WORLD_KEY].get("title", "")
    current["branch"] = name
    write(version, current)
    version.collection.name = tree_rules.collection_name(title, current["number"], name)
    return version


def delete_version(version: Any) -> None:
    """Delete ``version``: its objects and collection; data it shared stays with the others.

    Refused for an approved version and for one with children. If it was visible, its parent
    becomes visible.
    """
    version = handle(version)
    world = world_of(version)
    ensure_editable(version)
    current = record(version)
    siblings = records.sound_records(world)
    refusal = tree_rules.delete_refusal(current, siblings)
    if refusal:
        raise InvalidInput(f"cannot delete: {refusal}")
    visibility.end_compare(world)
    coll = version.collection
    was_active = world[WORLD_KEY].get("active_version") == current["id"]
    meshes = {o.data for o in coll.all_objects if o.type == "MESH"}
    for obj in list(coll.all_objects):
        bpy.data.objects.remove(obj)
    for child in list(coll.children_recursive):
        bpy.data.collections.remove(child)
    bpy.data.collections.remove(coll)
    for mesh in meshes:  # data made single-user by this version's edits would be left orphaned
        if mesh.users == 0:
            bpy.data.meshes.remove(mesh)
    if was_active:
        remaining = store.versions(world)
        parent = next((v for v in remaining if v.id == current.get("parent")), None)
        if parent or remaining:
            store.switch(parent or remaining[-1])
        else:
            world[WORLD_KEY]["active_version"] = ""


def add_note(version: Any, text: str, *, author: str | None = None) -> dict:
    """Add a note (author, time, text) to ``version``; allowed on approved versions too, since a
    note changes nothing that was signed off. Returns the note."""
    version = handle(version)
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("the note is empty; write what should be remembered")
    if len(text) > MAX_NOTE_CHARS:
        raise InvalidInput(f"the note has {len(text)} characters; the limit is {MAX_NOTE_CHARS}")
    current = record(version)
    note = {"author": author or who(), "when": store.now_iso(), "text": text.strip()}
    current["notes"] = schema.encode_field(schema.decode_field(current, "notes") + [note])
    write(version, current)
    return note


def notes(version: Any) -> list[dict]:
    return schema.decode_field(record(handle(version)), "notes")


# ---- review ---------------------------------------------------------------------------------

def set_review(version: Any, state: str, note: str | None = None, *, author: str | None = None) -> dict:
    """Move ``version`` to review ``state``; who and when go into its review history and notes.
    Approving records geometry and material hashes for ``check_approved_integrity``."""
    version = handle(version)
    current = record(version)
    entry = review_rules.transition(current.get("review_state", review_rules.DRAFT), state,
                                    who=author or who(), when=store.now_iso(), note=note)
    if state == review_rules.APPROVED:
        assets = snapshot(version)["assets"]
        current["approval_hashes"] = schema.encode_field(
            {aid: {"geometry": a["geometry"], "slots": a["slots"]} for aid, a in assets.items()})
    current["review_state"] = state
    current["review"] = schema.encode_field(schema.decode_field(current, "review") + [entry])
    text = f"{review_rules.LABELS[state]}" + (f": {note}" if note else "")
    current["notes"] = schema.encode_field(schema.decode_field(current, "notes") + [
        {"author": entry["who"], "when": entry["when"], "text": text, "review": state}])
    write(version, current)
    return entry


def check_approved_integrity(version: Any) -> list[str]:
    """Changes to an approved version since approval (hand edits, or edits to data it shares).
    Empty for a clean approved version and for versions that are not approved."""
    version = handle(version)
    current = record(version)
    if current.get("review_state") != review_rules.APPROVED:
        return []
    approved = schema.decode_field(current, "approval_hashes")
    now = snapshot(version)["assets"]
    found = [f"{aid}: removed after approval" for aid in sorted(set(approved) - set(now))]
    found += [f"{aid}: added after approval" for aid in sorted(set(now) - set(approved))]
    for aid in sorted(set(approved) & set(now)):
        if approved[aid].get("geometry") != now[aid]["geometry"]:
            found.append(f"{aid}: geometry changed after approval (a hand edit?)")
        before, after = approved[aid].get("slots", {}), now[aid]["slots"]
        for slot in sorted(set(before) | set(after)):
            if before.get(slot) != after.get(slot):
                found.append(f"{aid}: material slot {slot} changed after approval "
                             f"({before.get(slot)} -> {after.get(slot)})")
    return found
