"""Blender's exporters run on an export stage, and what each file gets after them.

Files appear whole or not at all: everything is written into a hidden temporary folder beside the
target, finished there, and moved into place with ``os.replace``, the main file last. Loose
textures are content-addressed (``textures.py``), so nothing another export wrote is replaced.

After the exporters: glTF files get optional lights, no internal extras and every image once
(``core.gltf_file``), loose glTF textures their content-addressed names. USD is finished while
Blender's exporter runs (``usd_hook``; provenance, sorted prims, occlusion, content-addressed
textures, no internal properties: ``usd.py``), or after it where the hook cannot see the stage.
FBX custom properties leave the internal ones out as they are written (``fbx.py``).
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import bpy

from ..core import gltf_file, naming, presets
from ..core.errors import InvalidInput
from ..core.presets import Preset
from . import fbx, textures, usd, usd_hook
from .stage import FBX_AXES, ExportStage

EPOCH = datetime.datetime(2000, 1, 1)


_OPTIONS: dict[str, frozenset[str]] = {}  # operator id -> its option names, in this Blender


def _supported(operator: Any, options: dict) -> dict:
    """Keep the options this Blender's operator has: 4.2 and 5.0 differ (USD textures, units)."""
    key = operator.idname_py()
    if key not in _OPTIONS:
        _OPTIONS[key] = frozenset(p.identifier for p in operator.get_rna_type().properties)
    return {k: v for k, v in options.items() if k in _OPTIONS[key]}


def _call_unevaluated(operator: Any, options: dict) -> None:
    """Run an operator that builds its own depsgraph (USD export) without the ``bpy.ops`` wrapper's
    view-layer update before and after, which would evaluate every object of the export scene
    for nothing. ``bpy.ops._op_call`` is the call the wrapper itself makes (Blender 2.8 to 5.0)."""
    call = getattr(bpy.ops, "_op_call", None)
    if call is None:  # pragma: no cover - a Blender that moved it: the wrapper works, slower
        operator(**options)
    else:
        call(operator.idname_py(), options)


def _gltf(path: Path, preset: Preset) -> None:
    op = bpy.ops.export_scene.gltf
    images = {"export_image_format": preset.image_format, "export_image_quality": 100,  # 100: lossless WebP
              "export_image_add_webp": False, "export_image_webp_fallback": False} if preset.image_format else {}
    op(**_supported(op, dict(
        filepath=str(path), check_existing=False, export_format="GLB" if path.suffix == ".glb" else "GLTF_SEPARATE",
        use_active_scene=True, use_selection=False, use_visible=False, use_renderable=False,
        use_active_collection=False, export_extras=True, export_yup=True, export_apply=False,
        export_cameras=preset.include_cameras, export_lights=preset.include_lights,
        export_materials="EXPORT", export_texcoords=True, export_normals=True, export_tangents=preset.tangents,
        export_animations=False, export_hierarchy_flatten_objs=False, export_gpu_instances=False,
        will_save_settings=False, **images)))


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
        path_mode="STRIP", embed_textures=False, batch_mode="OFF", use_metadata=True)))


def _usd(path: Path, preset: Preset, root_name: str, textures_mode: str) -> None:
    op = bpy.ops.wm.usd_export
    _call_unevaluated(op, _supported(op, dict(
        filepath=str(path), check_existing=False, selected_objects_only=False, visible_objects_only=False,
        export_materials=True, export_uvmaps=True, export_normals=True, export_custom_properties=True,
        export_cameras=preset.include_cameras, export_lights=preset.include_lights,
        export_animation=False, use_instancing=False, evaluation_mode="RENDER",
        root_prim_path=f"/{root_name}", relative_paths=True, generate_preview_surface=True,
        export_textures=True, export_textures_mode=textures_mode, overwrite_textures=False, convert_orientation=False,
        convert_scene_units="METERS", triangulate_meshes=False)))


def _created(stage: ExportStage) -> datetime.datetime:
    """The version's creation time (the FBX header's timestamp): stable for the version."""
    try:
        text = str(stage.version.get("created") or "")
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return EPOCH


def _finish_gltf_json(path: Path, work: Path, store: textures.TextureStore) -> None:
    """A .gltf with loose files: images to content-addressed names, each once; lights optional."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    images = doc.get("images", [])
    data = [(work / image["uri"]).read_bytes() if "uri" in image else b"" for image in images]
    for image, blob in zip(images, data):
        if "uri" in image:
            old = work / image["uri"]
            image["uri"] = store.path_for(image.get("name") or old.stem, blob)
            if old.is_file() and old.resolve() != (work / image["uri"]).resolve():
                old.unlink()
    gltf_file.merge_images(doc, data)
    gltf_file.optional_lights(doc)
    gltf_file.drop_internal_extras(doc)
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")


def _export(stage: ExportStage, staged: Path, store: textures.TextureStore, preset: Preset, record: dict) -> None:
    with bpy.context.temp_override(scene=stage.scene, view_layer=stage.scene.view_layers[0]):
        if preset.format == presets.GLTF:
            _gltf(staged, preset)
        elif preset.format == presets.FBX:
            maps = fbx.ChannelMaps()
            try:
                maps.apply(stage.scene.objects)
                with fbx.fbx_media(store, maps, _created(stage)):
                    _fbx(staged, preset)
            finally:
                maps.close()
        else:
            _usd_finished(stage, staged, store, preset, record)


def _usd_finished(stage: ExportStage, staged: Path, store: textures.TextureStore, preset: Preset,
                  record: dict) -> None:
    names = textures.UsdTextures(store, textures.stage_images(stage.scene.objects))
    job = usd.Finish(record, stage.scene.unit_settings.scale_length, names)
    with usd_hook.finishing(job):  # keep: Blender need not write the textures (see UsdTextures)
        _usd(staged, preset, naming.engine_name(record.get("world_id") or "World", "World"),
             "KEEP" if names.keep else "NEW")
    if job.error is not None:
        raise InvalidInput(f"finishing the USD file failed: {job.error}") from job.error
    if not job.finished and staged.is_file():
        usd.finish_usd(staged, job)


def write(stage: ExportStage, target: Path, preset: Preset, record: dict) -> None:
    """Export the stage into a temporary folder beside ``target``, finish, move into place."""
    work = Path(tempfile.mkdtemp(prefix=".worldsmith-export-", dir=target.parent))
    try:
        staged = work / target.name
        store = textures.TextureStore(work, target.parent)
        _export(stage, staged, store, preset, record)
        if not staged.is_file():
            raise InvalidInput(f"Blender's {preset.format} exporter wrote no file for {target.name}")
        if staged.suffix.lower() == ".glb":
            gltf_file.finish_glb_file(staged)
        elif staged.suffix.lower() == ".gltf":
            _finish_gltf_json(staged, work, store)
        textures.publish(work, target.parent)
        for item in sorted(work.iterdir(), key=lambda p: p == staged):  # main file last
            if item.name == textures.TEXTURE_DIR:
                continue
            dest = target.parent / item.name
            if item.is_dir():
                shutil.copytree(item, dest, dirs_exist_ok=True)
            else:
                os.replace(item, dest)
    finally:
        shutil.rmtree(work, ignore_errors=True)
