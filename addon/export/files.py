"""Validate and export versions through Blender's own exporters (glTF, FBX, USD).

Files appear whole or not at all: everything is written into a hidden temporary folder beside the
target, post-processed there (USD provenance), and moved into place with ``os.replace``, the main
file last. The user's scene is untouched: exporters run on an ``ExportStage`` scene of copies.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterable, Sequence

import bpy

from ..core import naming, presets, validate as rules
from ..core.errors import InvalidInput, ValidationFailed
from ..core.presets import Preset
from ..scene import store
from ..scene.assets import asset_id_of, triangle_count, world_matrix
from ..versions.tree import check_approved_integrity
from .stage import FBX_AXES, ExportStage, provenance
from .usd import finish_usd

EXPORT_ROLES = ("asset", "proxy", "part")


# ---- validation -------------------------------------------------------------------------------

def _textures(obj: bpy.types.Object) -> list[tuple[str, int, int]]:
    # Slots, not mesh.materials: a reassigned slot links its material to the object (see
    # materials.library), and that is the material the exporters write.
    found = {}
    for slot in obj.material_slots:
        mat = slot.material
        if mat is None or mat.node_tree is None:
            continue
        for node in mat.node_tree.nodes:
            image = getattr(node, "image", None)
            if node.type == "TEX_IMAGE" and image is not None:
                found[image.name] = (image.name, int(image.size[0]), int(image.size[1]))
    return list(found.values())


def mesh_facts(version: store.Version, asset_ids: Iterable[str] | None = None) -> list[rules.MeshFacts]:
    wanted = set(asset_ids) if asset_ids is not None else None
    facts = []
    for obj in sorted(version.collection.all_objects, key=lambda o: o.name):
        if obj.type != "MESH" or obj.get("role") not in EXPORT_ROLES:
            continue
        if wanted is not None and asset_id_of(obj) not in wanted:
            continue
        mesh = obj.data
        facts.append(rules.MeshFacts(
            name=obj.name, asset_id=asset_id_of(obj), triangles=triangle_count(mesh),
            slots=[s.material.name if s.material else None for s in obj.material_slots],
            has_uvs=len(mesh.uv_layers) > 0, scale=tuple(world_matrix(obj).to_scale()),
            textures=_textures(obj)))
    return facts


def validate(version: Any, preset: str = "gltf", *, asset_ids: Iterable[str] | None = None,
             scene: bpy.types.Scene | None = None) -> rules.Report:
    version = store.get_version(version)
    chosen = presets.get(preset)
    ids = list(asset_ids) if asset_ids is not None else list(version.assets())
    units = (scene or bpy.context.scene).unit_settings
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


# ---- exporters --------------------------------------------------------------------------------

def _supported(operator: Any, options: dict) -> dict:
    """Keep the options this Blender's operator has: 4.2 and 5.0 differ (USD textures, units)."""
    names = {p.identifier for p in operator.get_rna_type().properties}
    return {k: v for k, v in options.items() if k in names}


def _gltf(path: Path, preset: Preset) -> None:
    op = bpy.ops.export_scene.gltf
    op(**_supported(op, dict(
        filepath=str(path), check_existing=False, export_format="GLB" if path.suffix == ".glb" else "GLTF_SEPARATE",
        use_active_scene=True, use_selection=False, use_visible=False, use_renderable=False,
        use_active_collection=False, export_extras=True, export_yup=True, export_apply=False,
        export_cameras=preset.include_cameras, export_lights=preset.include_lights,
        export_materials="EXPORT", export_texcoords=True, export_normals=True, export_tangents=True,
        export_animations=False, export_hierarchy_flatten_objs=False, export_gpu_instances=False,
        will_save_settings=False)))


def _fbx(path: Path, preset: Preset) -> None:
    types = {"EMPTY", "MESH"} | ({"CAMERA"} if preset.include_cameras else set()) | (
        {"LIGHT"} if preset.include_lights else set())
    op = bpy.ops.export_scene.fbx
    op(**_supported(op, dict(
        filepath=str(path), check_existing=False, use_selection=False, use_visible=False,
        use_active_collection=False, object_types=types, use_custom_props=True,
        global_scale=1.0, apply_unit_scale=True, apply_scale_options=preset.fbx_scale_options,
        axis_forward=FBX_AXES[0], axis_up=FBX_AXES[1], bake_space_transform=False,  # the stage bakes axes
        use_mesh_modifiers=True, mesh_smooth_type="FACE", add_leaf_bones=False, bake_anim=False,
        path_mode="COPY", embed_textures=True, batch_mode="OFF", use_metadata=True)))


def _usd(path: Path, preset: Preset, root_name: str) -> None:
    op = bpy.ops.wm.usd_export
    op(**_supported(op, dict(
        filepath=str(path), check_existing=False, selected_objects_only=False, visible_objects_only=False,
        export_materials=True, export_uvmaps=True, export_normals=True, export_custom_properties=True,
        export_cameras=preset.include_cameras, export_lights=preset.include_lights,
        export_animation=False, use_instancing=False, evaluation_mode="RENDER",
        root_prim_path=f"/{root_name}", relative_paths=True, generate_preview_surface=True,
        export_textures=True, export_textures_mode="NEW", convert_orientation=False,
        convert_scene_units="METERS", triangulate_meshes=False)))


def _write(stage: ExportStage, target: Path, preset: Preset, record: dict) -> None:
    """Export the stage into a temporary folder beside ``target``, then move into place."""
    work = Path(tempfile.mkdtemp(prefix=".worldsmith-export-", dir=target.parent))
    try:
        staged = work / target.name
        with bpy.context.temp_override(scene=stage.scene, view_layer=stage.scene.view_layers[0]):
            if preset.format == presets.GLTF:
                _gltf(staged, preset)
            elif preset.format == presets.FBX:
                _fbx(staged, preset)
            else:
                _usd(staged, preset, naming.engine_name(record.get("world_id") or "World", "World"))
        if not staged.is_file():
            raise InvalidInput(f"Blender's {preset.format} exporter wrote no file for {target.name}")
        if preset.format == presets.USD:
            finish_usd(staged, record, bpy.context.scene.unit_settings.scale_length)
        for item in sorted(work.iterdir(), key=lambda p: p == staged):  # main file last
            dest = target.parent / item.name
            if item.is_dir():
                shutil.copytree(item, dest, dirs_exist_ok=True)
            else:
                os.replace(item, dest)
    finally:
        shutil.rmtree(work, ignore_errors=True)


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
            _write(stage, target, chosen, provenance(version, ids, chosen))
        return [str(target)]
    folder = _folder(Path(bpy.path.abspath(str(path))).expanduser().resolve())
    assets, taken, jobs = version.assets(), set(), []
    for asset_id in ids:  # check every target before writing any, so a refusal leaves nothing
        stem = naming.unique(naming.file_stem(assets[asset_id].name), taken)
        jobs.append((asset_id, _target(folder / f"{stem}{chosen.extensions[0]}", chosen, overwrite)))
    written = []
    for asset_id, target in jobs:
        with ExportStage(version, chosen, [asset_id], at_origin=True, source_scene=source_scene) as stage:
            _write(stage, target, chosen, provenance(version, [asset_id], chosen))
        written.append(str(target))
    return written
