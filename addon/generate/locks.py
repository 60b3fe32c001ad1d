"""Locks and the Asset Browser: which assets regenerate keeps, and marking assets with tags and
a catalog per world."""

from __future__ import annotations

import os
import uuid
from typing import Any, Iterable

import bpy

from ..core.errors import InvalidInput
from ..core.spec import prompt_tags
from ..scene import store
from ..scene.assets import asset_root, version_of


def resolve_assets(targets: Iterable[Any], version: Any = None) -> list[bpy.types.Object]:
    """Asset root objects from objects (parts climb to their asset) or asset ids, looked up in
    ``version`` or else in the visible version of every world."""
    if isinstance(targets, (str, bpy.types.Object)):
        targets = [targets]
    pools = [store.get_version(version)] if version is not None else store.visible_versions()
    found: list[bpy.types.Object] = []
    for target in targets:
        if isinstance(target, bpy.types.Object):
            root = asset_root(target)
            if root is None:
                raise InvalidInput(f"object {target.name!r} is not part of a generated asset")
        else:
            root = next((v.assets()[target] for v in pools if target in v.assets()), None)
            if root is None:
                raise InvalidInput(f"no asset with id {target!r} in the visible version(s)")
        if root not in found:
            found.append(root)
    return found


def lock(targets: Iterable[Any], locked: bool = True, *, version: Any = None) -> list[bpy.types.Object]:
    roots = resolve_assets(targets, version)
    for root in roots:
        root["locked"] = bool(locked)
    return roots


def mark_as_asset(objects: Iterable[Any], *, extra_tags: Iterable[str] = ()) -> tuple[list[bpy.types.Object], str]:
    """Mark assets for the Asset Browser with tags and a catalog per world.

    Returns the marked objects and a note for the user ("" when all went well)."""
    roots = resolve_assets(objects)
    if not roots:
        raise InvalidInput("select at least one generated asset to mark")
    note = ""
    for root in roots:
        root.asset_mark()
        version = version_of(root)
        spec = version.get("spec", {}) if version else {}
        wanted = [*prompt_tags(spec.get("prompt", "")), spec.get("theme") or (version.get("theme") if version else ""),
                  root.get("role", ""), root.get("archetype", ""), *extra_tags]
        have = {t.name for t in root.asset_data.tags}
        for tag in dict.fromkeys(t for t in wanted if t):
            if tag not in have:
                root.asset_data.tags.new(tag)
        if version is not None:
            catalog = _catalog(version)
            if catalog is None:
                note = "Catalogs need a saved .blend file: save, then mark again to file them by world."
            else:
                root.asset_data.catalog_id = catalog
    return roots, note


def _catalog(version: store.Version) -> str | None:
    """The world's catalog id, written to blender_assets.cats.txt beside the saved .blend."""
    if not bpy.data.filepath:
        return None
    world = version.world_collection
    title = world[store.WORLD_KEY].get("title", world.name)
    catalog_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"worldsmith:{version.world_id}"))
    path = os.path.join(os.path.dirname(bpy.data.filepath), "blender_assets.cats.txt")
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    if catalog_id not in text:
        if "VERSION 1" not in text:
            text = "# Asset catalogs (Blender). Lines: UUID:catalog/path:simple name\n\nVERSION 1\n\n" + text
        text = text.rstrip("\n") + f"\n{catalog_id}:Worldsmith/{title}:Worldsmith-{title.replace(' ', '-')}\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return catalog_id
