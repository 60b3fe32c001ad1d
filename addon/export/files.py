"""Validate and export versions through Blender's own exporters (glTF, FBX, USD).

Files appear whole or not at all: everything is written into a hidden temporary folder beside the
target, post-processed there (USD provenance), and moved into place with ``os.replace``, the main
file last. The user's scene is untouched: exporters run on an ``ExportStage`` scene of copies.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Sequence

import bpy

from ..core import naming, presets, validate as rules
from ..core.errors import InvalidInput, ValidationFailed
from ..core.presets import Preset
from ..scene import store
from ..scene.assets import asset_id_of, triangle_count, world_matrix
from ..scene.visibility import compare_suspended
from ..versions.tree import check_approved_integrity
from .stage import ExportStage, provenance
from .textures import material_images
from .writers import write

EXPORT_ROLES = ("asset", "proxy", "part")


# ---- validation -------------------------------------------------------------------------------

def _material_textures(mat: bpy.types.Material) -> list[tuple[str, int, int]]:
    return [(i.name, int(i.size[0]), int(i.size[1])) for i in material_images(mat)]


def _textures(obj: bpy.types.Object, seen: dict[int, list]) -> list[tuple[str, int, int]]:
    # Slots, not mesh.materials: a reassigned slot links its material to the object (see
    # materials.library), and that is the material the exporters write.
    found = {}
    for slot in obj.material_slots:
        mat = slot.material
        if mat is None or mat.node_tree is None:
            continue
        if mat.as_pointer() not in seen:  # materials are shared: list each one's images once
            seen[mat.as_pointer()] = _material_textures(mat)
        for texture in seen[mat.as_pointer()]:
            found[texture[0]] = texture
    return list(found.values())


def mesh_facts(version: store.Version, asset_ids: Iterable[str] | None = None) -> list[rules.MeshFacts]:
    wanted = set(asset_ids) if asset_ids is not None else None
    facts = []
    materials: dict[int, list] = {}
    triangles: dict[int, int] = {}  # mesh pointer -> count: repeated assets share meshes
    for obj in sorted(version.collection.all_objects, key=lambda o: o.name):
        if obj.type != "MESH" or obj.get("role") not in EXPORT_ROLES:
            continue
        if wanted is not None and asset_id_of(obj) not in wanted:
            continue
        mesh = obj.data
        if mesh.as_pointer() not in triangles:
            triangles[mesh.as_pointer()] = triangle_count(mesh)
        facts.append(rules.MeshFacts(
            name=obj.name, asset_id=asset_id_of(obj), triangles=triangles[mesh.as_pointer()],
            slots=[s.material.name if s.material else None for s in obj.material_slots],
            has_uvs=len(mesh.uv_layers) > 0, scale=tuple(world_matrix(obj).to_scale()),
            textures=_textures(obj, materials)))
    return facts


def validate(version: Any, preset: str = "gltf", *, asset_ids: Iterable[str] | None = None,
             scene: bpy.types.Scene | None = None) -> rules.Report:
    version = store.get_version(version)
    chosen = presets.get(preset)
    ids = list(asset_ids) if asset_ids is not None else list(version.assets())
    units = (scene or bpy.context.scene).unit_settings
    with compare_suspended(version.world_collection):
        return rules.check(mesh_facts(version, ids), chosen, unit_system=units.system,
                           unit_scale=units.scale_length, integrity=check_approved_integrity(version),
                           asset_count=len(ids))


# ---- paths ------------------------------------------------------------------------------------

def _folder(path: Path) -> Path:
    if not path.is_dir():
        raise InvalidInput(f"folder {str(path)!r} does not exist: create it or choose another")
    if not os.access(path, os.W_OK | os.X_OK):
        raise InvalidInput(f"folder {str(path)!r} is not writable: choose a folder you can write to")
    return path


def _target(path: str | os.PathLike, preset: Preset, overwrite: bool) -> Path:
    if not str(path).strip():
        raise InvalidInput("export needs a file path, e.g. '/tmp/courtyard.glb'")
    target = Path(bpy.path.abspath(str(path))).expanduser().resolve()
    presets.check_extension(preset, target.name)
    _folder(target.parent)
    if target.is_dir():
        raise InvalidInput(f"{str(target)!r} is a folder: give a file name ending in {preset.extensions[0]}")
    if target.exists() and not overwrite:
        raise InvalidInput(f"{str(target)!r} already exists: pass overwrite=True to replace it")
    return target


# ---- public -----------------------------------------------------------------------------------

def _selected_ids(version: store.Version, selection: Sequence[Any] | None) -> list[str]:
    assets = version.assets()
    if selection is None:
        return sorted(assets)
    ids = []
    for item in selection:
        asset_id = asset_id_of(item) if isinstance(item, bpy.types.Object) else item
        if asset_id not in assets:
            raise InvalidInput(f"{item!r} is not an asset of version {version.id}: "
                               f"choose from {', '.join(sorted(assets)[:8])}")
        ids.append(str(asset_id))
    if not ids:
        raise InvalidInput("the selection is empty: pass asset ids or objects, or selection=None for all")
    return sorted(set(ids))


def export(version: Any, path: str | os.PathLike, *, preset: str = "gltf", overwrite: bool = False,
           force: bool = False, selection: Sequence[Any] | None = None, per_asset: bool = False,
           scene: bpy.types.Scene | None = None) -> list[str]:
    version = store.get_version(version)
    with compare_suspended(version.world_collection):  # never write compare view's offset
        return _export(version, path, preset=preset, overwrite=overwrite, force=force,
                       selection=selection, per_asset=per_asset, scene=scene)


def _export(version: store.Version, path: str | os.PathLike, *, preset: str, overwrite: bool, force: bool,
            selection: Sequence[Any] | None, per_asset: bool, scene: bpy.types.Scene | None) -> list[str]:
    chosen = presets.get(preset)
    ids = _selected_ids(version, selection)
    if not ids:
        raise InvalidInput(f"version {version.id} has no assets to export: generate first")
    report = validate(version, preset, asset_ids=ids, scene=scene)
    if not report.ok and not force:
        raise ValidationFailed(f"export to {preset} refused: {report.summary()}. Fix these or pass force=True",
                               report)
    source_scene = scene or bpy.context.scene
    if not per_asset:
        target = _target(path, chosen, overwrite)
        with ExportStage(version, chosen, ids, source_scene=source_scene) as stage:
            write(stage, target, chosen, provenance(version, ids, chosen))
        return [str(target)]
    folder = _folder(Path(bpy.path.abspath(str(path))).expanduser().resolve())
    assets, taken, jobs = version.assets(), set(), []
    for asset_id in ids:  # check every target before writing any, so a refusal leaves nothing
        stem = naming.unique(naming.file_stem(assets[asset_id].name), taken)
        jobs.append((asset_id, _target(folder / f"{stem}{chosen.extensions[0]}", chosen, overwrite)))
    written = []
    for asset_id, target in jobs:
        with ExportStage(version, chosen, [asset_id], at_origin=True, source_scene=source_scene) as stage:
            write(stage, target, chosen, provenance(version, [asset_id], chosen))
        written.append(str(target))
    return written
