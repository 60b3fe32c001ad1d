"""USD post-processing with pxr: stage metadata and provenance as customData.

Blender's USD exporter writes object custom properties as ``userProperties:*`` attributes, which
pipelines do not read as metadata; provenance belongs in ``customData`` on the default prim and on
each asset prim, so it is set here on the written file (before it is moved into place).
"""

from __future__ import annotations

import json
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


def finish_usd(path: Path, record: dict, meters_per_unit: float) -> None:
    """Make sure metersPerUnit, upAxis and defaultPrim are set and write provenance."""
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
    stage.GetRootLayer().Save()


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
