"""Export benchmarks: our GLB, FBX and USD exports (validation included) against Blender's
exporters alone on the same version, LOD throughput, convex hull time per asset, and where the
USD export's time goes (``usd-time-parts``)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..bench import bpy_ready, case, interleaved_medians, median_time, paired_medians, row
from ..worlds import procedural_version

DEMO_PROMPT = "a medieval courtyard with a well, four market stalls, crates, barrels and torches on the walls"


def _demo_version(api):
    import bpy

    bpy.ops.wm.read_homefile(use_empty=True)
    return procedural_version(api, DEMO_PROMPT, seed=7, texture_size=512)


REFERENCE = "Blender's exporter alone"


def _scratch(prefix: str) -> Path:
    """A new folder on tmpfs where there is one: both sides write ~20 MB per run, and disk
    writeback noise would swamp the difference being measured."""
    shm = "/dev/shm" if Path("/dev/shm").is_dir() else None
    return Path(tempfile.mkdtemp(prefix=prefix, dir=shm))


def _usd_reference(path: Path) -> None:
    """Blender's USD exporter alone on the active collection, textures written beside."""
    import bpy

    wanted = dict(filepath=str(path), export_materials=True, export_textures=True,
                  export_textures_mode="NEW", generate_preview_surface=True,
                  export_custom_properties=True, export_animation=False)
    known = {p.identifier for p in bpy.ops.wm.usd_export.get_rna_type().properties}  # 4.2 vs 5.0
    bpy.ops.wm.usd_export(**{k: v for k, v in wanted.items() if k in known})


def _activate(version) -> None:
    """Make the version's collection the active one (what the FBX and USD references export)."""
    import bpy

    layer = bpy.context.view_layer.layer_collection
    world_layer = next(c for c in layer.children if version.collection.name in
                       {g.name for g in c.collection.children_recursive})
    bpy.context.view_layer.active_layer_collection = next(
        c for c in world_layer.children if c.collection == version.collection)


@case("export")
def export_cases(args) -> list[dict]:
    api = bpy_ready(args)  # first: it sets Blender's user folders before bpy is imported
    import bpy

    version = _demo_version(api)
    out = _scratch("worldsmith-bench-export-")
    def ours() -> None:
        api.export(version, out / "ours.glb", overwrite=True)

    def reference() -> None:  # Blender's exporter alone, same objects, same options that matter
        bpy.ops.export_scene.gltf(filepath=str(out / "ref.glb"), export_format="GLB",
                                  use_active_scene=True, export_extras=True, export_tangents=True,
                                  # a collection export leaves cameras and lights out by
                                  # default; the version has them, and so does ours
                                  export_cameras=True, export_lights=True,
                                  use_active_collection=False, collection=version.collection.name)

    def ours_fbx() -> None:
        api.export(version, out / "ours.fbx", preset="unreal", overwrite=True)

    def reference_fbx() -> None:  # Blender's FBX exporter alone, every texture in the file
        bpy.ops.export_scene.fbx(filepath=str(out / "ref.fbx"), use_active_collection=True,
                                 object_types={"EMPTY", "MESH"}, use_custom_props=True,
                                 axis_forward="-Z", axis_up="Y", apply_scale_options="FBX_SCALE_UNITS",
                                 path_mode="COPY", embed_textures=True, add_leaf_bones=False, bake_anim=False)

    def ours_usd() -> None:
        api.export(version, out / "ours.usdc", preset="usd", overwrite=True)

    def reference_usd() -> None:
        _usd_reference(out / "ref.usdc")

    ours_s, ref = paired_medians(ours, reference, args.repeat)
    rows = [row("export demo world to GLB (ours incl. validation)", ours_s, reference=ref, target="ratio <= 1.3",
                note="timed alternately with the reference")]
    _activate(version)
    for label, mine, theirs in (("FBX (unreal preset)", ours_fbx, reference_fbx), ("USD", ours_usd, reference_usd)):
        ours_s, ref = paired_medians(mine, theirs, args.repeat)
        rows.append(row(f"export demo world to {label} (ours incl. validation)", ours_s, reference=ref,
                        target="ratio <= 1.3", note="timed alternately with the reference"))
    tris = api.validate(version).triangles
    lod = median_time(lambda: api.make_lods(version, ratios=(0.5, 0.25)), max(1, args.repeat // 2))
    rows.append(row("LOD generation (2 levels)", tris / lod, "tris/s", note=f"{tris} source triangles"))
    n = len(version.assets())
    hull = median_time(lambda: api.make_collision(version), max(1, args.repeat // 2))
    rows.append(row("convex hull per asset", hull / n, "s", note=f"{n} assets"))
    return rows


@case("usd-time-parts")
def usd_time_parts(args) -> list[dict]:
    """Our USD export with parts of its finishing switched off, each timed in turn with Blender's
    exporter alone: what each part costs, and the floor without any finishing. The variants are
    measurements only (they swap module functions for the call): files they write lack provenance,
    canonical prim order or same-bytes-on-every-path."""
    api = bpy_ready(args)
    import importlib

    version = _demo_version(api)
    out = _scratch("worldsmith-bench-usd-")
    _activate(version)
    usd = importlib.import_module(api.__name__.rsplit(".", 1)[0] + ".export.usd")
    real = {name: getattr(usd, name) for name in ("settle", "sort_siblings", "finish_stage")}

    def unfinished(stage, job):
        job.finished = True

    variants = {  # label -> module functions swapped for the call
        "ours (as shipped)": {},
        "Blender's save instead of the canonical crate": {"settle": lambda *a, **k: None},
        "no prim sorting": {"sort_siblings": lambda *a, **k: None},
        "no finishing at all (floor)": {"settle": lambda *a, **k: None, "finish_stage": unfinished},
    }

    def exporting(swapped: dict):
        def run() -> None:
            for name, func in {**real, **swapped}.items():
                setattr(usd, name, func)
            try:
                api.export(version, out / "ours.usdc", preset="usd", overwrite=True)
            finally:
                for name, func in real.items():
                    setattr(usd, name, func)
        return run

    funcs = {label: exporting(swapped) for label, swapped in variants.items()}
    funcs[REFERENCE] = lambda: _usd_reference(out / "ref.usdc")
    medians = interleaved_medians(funcs, args.repeat)
    ref = medians.pop(REFERENCE)
    return [row(f"USD export: {label}", value, reference=ref, target="ratio <= 1.3",
                note="each variant and the reference timed in turn") for label, value in medians.items()]
