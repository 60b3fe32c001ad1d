"""USD post-processing with pxr: stage metadata and provenance as customData.

Blender's USD exporter writes object custom properties as ``userProperties:*`` attributes, which
pipelines do not read as metadata; provenance belongs in ``customData`` on the default prim and on
each asset prim, so it is set here on the written file (before it is moved into place).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..core.errors import InvalidInput


def _pxr():
    try:
        from pxr import Sdf, Usd, UsdGeom  # Blender ships the USD Python bindings
    except ImportError as exc:  # pragma: no cover - every Blender 4.2+ build has them
        raise InvalidInput("USD export needs the pxr module (USD Python bindings), which this "
                           "Blender build lacks: export glTF or FBX instead") from exc
    return Sdf, Usd, UsdGeom


def _plain(value):
    """customData holds dictionaries of strings, numbers and lists; nested specs go in as JSON."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return value


def finish_usd(path: Path, record: dict, meters_per_unit: float, store=None) -> None:
    """Make sure metersPerUnit, upAxis and defaultPrim are set, write provenance, give loose
    textures content-addressed names (through ``store``, a textures.TextureStore) and wire ORM
    occlusion."""
    Sdf, Usd, UsdGeom = _pxr()
    stage = Usd.Stage.Open(str(path))
    if stage is None:
        raise InvalidInput(f"Blender's USD exporter wrote an unreadable file: {path.name}")
    if not stage.HasAuthoredMetadata("metersPerUnit"):
        UsdGeom.SetStageMetersPerUnit(stage, float(meters_per_unit))
    if not stage.HasAuthoredMetadata("upAxis"):
        UsdGeom.SetStageUpAxis(stage, UsdGeom.Tokens.z)  # Blender is Z up and we do not convert
    if not stage.GetDefaultPrim():
        roots = [p for p in stage.GetPseudoRoot().GetChildren()]
        if roots:
            stage.SetDefaultPrim(roots[0])
    default = stage.GetDefaultPrim()
    if default:
        default.SetCustomDataByKey("worldsmith", {k: _plain(v) for k, v in record.items()})
    for prim in stage.Traverse():
        attr = prim.GetAttribute("userProperties:asset_id")
        role = prim.GetAttribute("userProperties:role")
        if not attr or not attr.HasAuthoredValue():
            continue
        prim.SetCustomDataByKey("worldsmith", {
            "asset_id": str(attr.Get()), "role": str(role.Get()) if role and role.HasAuthoredValue() else "",
            "version_id": record["version_id"], "world_id": record["world_id"],
            "seed": int(record["seed"]), "generator": record["generator"]})
    _fix_normal_input_type(stage, Sdf)
    _add_occlusion(stage, Sdf)
    if store is not None:
        _content_addressed_textures(stage, Sdf, store)
    layer = stage.GetRootLayer()
    _sort_prims(layer, Sdf, Sdf.Path.absoluteRootPath)
    # Through text, then a fresh file: saving a .usdc appends to the crate Blender wrote, and a
    # crate written from memory follows the order fields were set in; parsed text has one order.
    text = Sdf.Layer.CreateAnonymous(".usda")
    text.ImportFromString(layer.ExportToString())
    fresh = path.with_name(f".sorted-{path.name}")
    if not text.Export(str(fresh)):
        raise InvalidInput(f"could not write the finished USD file {path.name}")
    del stage, layer
    os.replace(fresh, path)


def _sort_prims(layer, Sdf, path) -> None:
    """Children in name order. Blender's USD exporter writes prims in an order that follows
    object addresses in memory, so two exports of one version differed; sorted, they do not."""
    spec = layer.GetPrimAtPath(path)
    names = [child.name for child in spec.nameChildren]
    if names != sorted(names):
        holding = Sdf.Layer.CreateAnonymous()
        for name in names:
            Sdf.CreatePrimInLayer(holding, Sdf.Path("/" + name))
            Sdf.CopySpec(layer, path.AppendChild(name), holding, Sdf.Path("/" + name))
        spec.nameChildren.clear()
        for name in sorted(names):
            Sdf.CreatePrimInLayer(layer, path.AppendChild(name))
            Sdf.CopySpec(holding, Sdf.Path("/" + name), layer, path.AppendChild(name))
    for name in sorted(names):
        _sort_prims(layer, Sdf, path.AppendChild(name))


def _add_occlusion(stage, Sdf) -> None:
    """Blender's USD exporter reads roughness and metallic from the packed ORM (outputs g and b of
    one texture) but leaves UsdPreviewSurface's occlusion unset: wire it to the same texture's r."""
    for prim in stage.Traverse():
        info = prim.GetAttribute("info:id")
        if prim.GetTypeName() != "Shader" or not info or info.Get() != "UsdPreviewSurface":
            continue
        if prim.GetAttribute("inputs:occlusion"):
            continue
        roughness = prim.GetAttribute("inputs:roughness")
        sources = roughness.GetConnections() if roughness else []
        if not sources or sources[0].name not in ("outputs:g", "outputs:b"):
            continue
        texture = stage.GetPrimAtPath(sources[0].GetPrimPath())
        red = texture.GetAttribute("outputs:r") or texture.CreateAttribute("outputs:r", Sdf.ValueTypeNames.Float)
        occlusion = prim.CreateAttribute("inputs:occlusion", Sdf.ValueTypeNames.Float)
        occlusion.AddConnection(red.GetPath())


def _content_addressed_textures(stage, Sdf, store) -> None:
    """Loose textures under ``textures/<name>-<hash>.png`` (see textures.py): another export into
    the same folder can then never replace them."""
    work = store.work
    renamed: dict[str, str] = {}
    old_files: set[Path] = set()
    for prim in stage.Traverse():
        attr = prim.GetAttribute("inputs:file") if prim.GetTypeName() == "Shader" else None
        if not attr or not attr.HasAuthoredValue():
            continue
        path = attr.Get().path
        if path not in renamed:
            source = work / path
            if not source.is_file():
                continue
            data = source.read_bytes()
            relative = store.path_for(source.stem, data)
            old_files.add(source.resolve())
            renamed[path] = "./" + relative
        attr.Set(Sdf.AssetPath(renamed[path]))
    kept = {(work / p).resolve() for p in renamed.values()}
    for old in old_files - kept:
        old.unlink(missing_ok=True)


def _fix_normal_input_type(stage, Sdf) -> None:
    """Blender 4.2 writes UsdPreviewSurface ``inputs:normal`` as float3; the spec (and pxr's
    validator) want normal3f. The attribute is authored again with its value and connections."""
    for prim in stage.Traverse():
        if prim.GetTypeName() != "Shader":
            continue
        attr = prim.GetAttribute("inputs:normal")
        if not attr or attr.GetTypeName() == Sdf.ValueTypeNames.Normal3f:
            continue
        value, sources = attr.Get(), attr.GetConnections()
        prim.RemoveProperty("inputs:normal")
        fixed = prim.CreateAttribute("inputs:normal", Sdf.ValueTypeNames.Normal3f)
        if value is not None:
            fixed.Set(value)
        for source in sources:
            fixed.AddConnection(source)
