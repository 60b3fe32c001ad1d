"""Export presets: which format, which engine conventions, which limits. Pure definitions; the
exporter options for Blender's operators are built from these in ``addon/export/files.py``.

>>> get("unreal").format, get("unreal").collision_style
('FBX', 'ucx')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import InvalidInput

GLTF, FBX, USD = "GLTF", "FBX", "USD"


@dataclass(frozen=True)
class Preset:
    name: str
    label: str
    format: str                      # GLTF | FBX | USD
    extensions: tuple[str, ...]      # accepted file extensions, the first is the default
    description: str = ""
    engine_names: bool = False       # ASCII identifiers, unique per export
    lod_naming: bool = False         # <name>_LOD<n> (LOD0 is the asset itself)
    collision_style: str = ""        # "ucx" (UCX_<name>_NN), "godot" (-convcolonly), "" leaves them out
    sockets: bool = False            # SOCKET_ empties at attach points
    apply_scale: bool = False        # bake object scale into mesh copies
    pivot_to_base: bool = False      # origin at the base centre of each asset
    include_cameras: bool = True
    include_lights: bool = True
    image_format: str = ""           # "" keeps the PNGs; "WEBP": lossless WebP (EXT_texture_webp)
    tangents: bool = True            # glTF TANGENT attributes (web viewers derive them when absent)
    # FBX unit handling. "FBX_SCALE_UNITS" keeps object scale 1 and writes metres as the file
    # unit, which both Unreal (converts to cm) and Unity (reads metres) turn into 1 m = 1 m.
    fbx_scale_options: str = "FBX_SCALE_UNITS"
    fbx_bake_space_transform: bool = False
    # Limits checked by validate(); 0 means no limit.
    max_triangles_per_asset: int = 100_000
    max_triangles_per_version: int = 2_000_000
    max_texture_size: int = 4096
    require_uvs: bool = True
    require_unit_scale: bool = True  # scene in metres with unit scale 1
    extras: dict = field(default_factory=dict)


PRESETS: dict[str, Preset] = {
    "gltf": Preset(
        "gltf", "glTF (generic)", GLTF, (".glb", ".gltf"),
        "Binary or separate glTF 2.0 with provenance in extras; cameras and lights included",
        max_triangles_per_asset=0, max_texture_size=8192, require_unit_scale=False,
    ),
    "unreal": Preset(
        "unreal", "Unreal Engine (FBX)", FBX, (".fbx",),
        "FBX in metres (Unreal converts to cm), UCX_ collision, _LOD<n> LODs, SOCKET_ empties",
        engine_names=True, lod_naming=True, collision_style="ucx", sockets=True,
        apply_scale=True, pivot_to_base=True, include_cameras=False, include_lights=False,
        max_triangles_per_asset=100_000, max_texture_size=4096,
    ),
    "unity": Preset(
        "unity", "Unity (FBX)", FBX, (".fbx",),
        "FBX in metres with axes baked (no -90 degree roots), _LOD<n> names make an LOD Group",
        engine_names=True, lod_naming=True, apply_scale=True, pivot_to_base=True,
        include_cameras=False, include_lights=False, fbx_bake_space_transform=True,
        max_triangles_per_asset=65_000, max_texture_size=4096,
    ),
    "godot": Preset(
        "godot", "Godot (glTF)", GLTF, (".glb", ".gltf"),
        "glTF 2.0 for Godot 4's importer: engine-safe names, -convcolonly collision (Godot makes LODs)",
        engine_names=True, collision_style="godot",
        max_triangles_per_asset=100_000, max_texture_size=4096,
    ),
    "usd": Preset(
        "usd", "USD", USD, (".usdc", ".usda", ".usd"),
        "USD stage with metersPerUnit, upAxis, defaultPrim and provenance in customData",
        engine_names=True, max_triangles_per_asset=0, max_texture_size=8192,
    ),
    "web": Preset(
        "web", "Web (glTF, WebP)", GLTF, (".glb",),
        "Binary glTF for browsers (three.js, Babylon.js, model-viewer): textures as lossless WebP "
        "(EXT_texture_webp, required: no PNG fallback), cameras and lights included",
        max_triangles_per_asset=0, max_texture_size=4096, require_unit_scale=False, image_format="WEBP",
        tangents=False,
    ),
}


def get(name: str) -> Preset:
    """The preset called ``name``; ``InvalidInput`` naming the known ones otherwise."""
    try:
        return PRESETS[name]
    except (KeyError, TypeError):
        raise InvalidInput(f"unknown export preset {name!r}: use one of {', '.join(PRESETS)}") from None


def names() -> list[str]:
    return list(PRESETS)


def check_extension(preset: Preset, path: str) -> str:
    """The lower-case extension of ``path`` if the preset writes it; ``InvalidInput`` otherwise."""
    lowered = path.lower()
    for ext in preset.extensions:
        if lowered.endswith(ext):
            return ext
    raise InvalidInput(f"preset {preset.name!r} writes {', '.join(preset.extensions)} files, "
                       f"not {path!r}: change the file extension")
