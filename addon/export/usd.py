"""USD finishing with pxr: stage metadata, provenance as customData, spec-conformant normal and
occlusion inputs, content-addressed textures, object and material prims in name order, and no
internal properties (``core.schema.is_internal``).

Blender's USD exporter writes object custom properties as ``userProperties:*`` attributes, which
pipelines do not read as metadata, and orders sibling prims by object addresses in memory, so two
exports of one version differed. ``finish_stage`` fixes both on a ``Usd.Stage``. It runs in one of
two places:

- **inside Blender's exporter** (``usd_hook``): Blender hands registered ``USDHook`` classes the
  stage before it saves it; ``settle`` then gives the layer fresh data, so that Blender's own save
  writes a fresh crate;
- **after it** (``finish_usd``), when the ``pxr`` Python imports is not the build Blender's
  exporter links, so the hook cannot see the stage: the bpy 4.2 wheel ships no pxr, and a process
  that imported usd-core before registering Worldsmith keeps usd-core. The written file's specs
  are copied into memory, finished the same way and written as a fresh crate. Slower, same bytes.
"""

from __future__ import annotations

import bisect
import json
import os
import sys
from pathlib import Path

from ..core.errors import InvalidInput
from ..core.schema import INTERNAL_PREFIX

HOLDING = "__worldsmith_sorting"  # a root prim that exists only while siblings are reordered
# Children Blender's writers make in code order (a material's shaders, a mesh's subsets): already
# the same in every export. Everything else (objects, materials) follows addresses in memory.
IN_WRITER_ORDER = frozenset({"Material", "Shader", "NodeGraph", "Mesh", "GeomSubset"})
# Blender writes custom properties as ``userProperties:<key>``; a mesh's and a material's carry
# Worldsmith's internal ones (``core.schema.INTERNAL_PREFIX``: content keys, channel maps).
INTERNAL = f"userProperties:{INTERNAL_PREFIX}"
WITH_DATA_PROPERTIES = frozenset({"Mesh", "Material"})


def prefer_blender_pxr() -> None:
    """Make ``import pxr`` load the USD bindings Blender ships, as Blender's own Python does. The bpy
    module (pip's ``bpy``) has them in its bundled site-packages but not on ``sys.path``; without
    them USD export hooks cannot see the stage (another build's ``pxr``, e.g. usd-core, cannot
    take Blender's objects). Nothing changes once any ``pxr`` is imported."""
    if "pxr" in sys.modules:
        return
    import bpy

    local = bpy.utils.resource_path("LOCAL")
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    bundled = os.path.join(local, "python", "lib", version, "site-packages")
    if os.path.isdir(os.path.join(bundled, "pxr")) and bundled not in sys.path:
        sys.path.insert(0, bundled)


def pxr_modules():
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


class Finish:
    """What one USD export is finished with: the provenance record, the scene's metres per unit,
    and ``textures`` (a ``textures.UsdTextures``: content-addressed names), or None."""

    def __init__(self, record: dict, meters_per_unit: float, textures=None) -> None:
        self.record, self.meters_per_unit, self.textures = record, float(meters_per_unit), textures
        self.finished = False  # set by finish_stage
        self.error: BaseException | None = None  # raised in the hook, reported by the writer


def finish_stage(stage, job: Finish) -> None:
    """Finish a stage Blender's exporter wrote: see the module docstring. One traversal reads what
    to change; the changes are made in one ``Sdf.ChangeBlock``."""
    Sdf, _, UsdGeom = pxr_modules()
    assets, surfaces, files, unsorted, internal = [], [], [], [], []
    for prim in stage.TraverseAll():
        kind = prim.GetTypeName()
        if kind not in IN_WRITER_ORDER:
            names = prim.GetAllChildrenNames()
            if names != sorted(names):
                unsorted.append((prim.GetPath(), list(names)))
        if kind in WITH_DATA_PROPERTIES:
            internal += [(prim, n) for n in prim.GetAuthoredPropertyNames() if n.startswith(INTERNAL)]
        if kind == "Shader":
            info = prim.GetAttribute("info:id").Get() if prim.HasAttribute("info:id") else None
            if info == "UsdPreviewSurface":
                surfaces.append(prim)
            elif info == "UsdUVTexture" and prim.HasAttribute("inputs:file"):
                files.append(prim.GetAttribute("inputs:file"))
        elif prim.HasAttribute("userProperties:asset_id"):
            assets.append(prim)
    layer, record = stage.GetRootLayer(), job.record
    roots = sorted(n for n in stage.GetPseudoRoot().GetAllChildrenNames() if n != HOLDING)
    if not layer.HasDefaultPrim() and roots:
        layer.defaultPrim = roots[0]
    default = stage.GetDefaultPrim()
    with Sdf.ChangeBlock():
        if not stage.HasAuthoredMetadata("metersPerUnit"):
            UsdGeom.SetStageMetersPerUnit(stage, job.meters_per_unit)
        if not stage.HasAuthoredMetadata("upAxis"):
            UsdGeom.SetStageUpAxis(stage, UsdGeom.Tokens.z)  # Blender is Z up and we do not convert
        if default:
            default.SetCustomDataByKey("worldsmith", {k: _plain(v) for k, v in record.items()})
        for prim in assets:
            role = prim.GetAttribute("userProperties:role")
            prim.SetCustomDataByKey("worldsmith", {
                "asset_id": str(prim.GetAttribute("userProperties:asset_id").Get()),
                "role": str(role.Get()) if role and role.HasAuthoredValue() else "",
                "version_id": record["version_id"], "world_id": record["world_id"],
                "seed": int(record["seed"]), "generator": record["generator"]})
        for prim, name in internal:
            prim.RemoveProperty(name)
        for surface in surfaces:
            _fix_normal_input_type(surface, Sdf)
            _add_occlusion(stage, surface, Sdf)
        if job.textures is not None:
            for attr in files:
                value = attr.Get()
                renamed = job.textures.path_for(value.path) if value is not None else None
                if renamed is not None:
                    attr.Set(Sdf.AssetPath(renamed))
        sort_siblings(layer, unsorted, Sdf)
    job.finished = True


def sort_siblings(layer, unsorted: list, Sdf) -> None:
    """Put the children of each ``(parent path, child names)`` in name order. Specs move (no
    copies): the children outside a longest already-ordered run go to a holding prim and come back
    at their index. Parents are independent: a move keeps everything below the moved prim."""
    if not unsorted:
        return
    holding = Sdf.CreatePrimInLayer(layer, Sdf.Path.absoluteRootPath.AppendChild(HOLDING))
    try:
        for path, names in unsorted:
            parent = layer.GetPrimAtPath(path)
            target = sorted(names)
            keep = staying([target.index(n) for n in names])
            moving = [n for i, n in enumerate(names) if i not in keep]
            for name in moving:
                holding.nameChildren.append(layer.GetPrimAtPath(path.AppendChild(name)))
            moved = set(moving)
            for index, name in enumerate(target):
                if name in moved:
                    parent.nameChildren.insert(index, holding.nameChildren[name])
    finally:
        del layer.pseudoRoot.nameChildren[HOLDING]


def staying(ranks: list[int]) -> set[int]:
    """Positions of one longest increasing subsequence of ``ranks`` (a permutation of 0..n-1): the
    children that stay where they are while the others move around them."""
    tails: list[int] = []  # tails[k]: where the best run of length k + 1 found so far ends
    tail_ranks: list[int] = []
    previous = [-1] * len(ranks)
    for i, rank in enumerate(ranks):
        k = bisect.bisect_left(tail_ranks, rank)
        previous[i] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(i)
            tail_ranks.append(rank)
        else:
            tails[k], tail_ranks[k] = i, rank
    run, i = set(), tails[-1] if tails else -1
    while i >= 0:
        run.add(i)
        i = previous[i]
    return run


def _add_occlusion(stage, surface, Sdf) -> None:
    """Blender's USD exporter reads roughness and metallic from the packed ORM (outputs g and b of
    one texture) but leaves UsdPreviewSurface's occlusion unset: wire it to the same texture's r.
    Schema inputs and outputs, so not ``custom``."""
    if surface.HasAttribute("inputs:occlusion"):
        return
    roughness = surface.GetAttribute("inputs:roughness")
    sources = roughness.GetConnections() if roughness else []
    if not sources or sources[0].name not in ("outputs:g", "outputs:b"):
        return
    texture = stage.GetPrimAtPath(sources[0].GetPrimPath())
    red = texture.GetAttribute("outputs:r") or texture.CreateAttribute("outputs:r", Sdf.ValueTypeNames.Float,
                                                                       custom=False)
    occlusion = surface.CreateAttribute("inputs:occlusion", Sdf.ValueTypeNames.Float, custom=False)
    occlusion.SetConnections([red.GetPath()])  # authored as Blender authors its inputs: explicit


def _fix_normal_input_type(surface, Sdf) -> None:
    """Blender 4.2 writes UsdPreviewSurface ``inputs:normal`` as float3; the spec (and pxr's
    validator) want normal3f. The attribute is authored again with its value and connections."""
    attr = surface.GetAttribute("inputs:normal")
    if not attr or attr.GetTypeName() == Sdf.ValueTypeNames.Normal3f:
        return
    value, sources, custom = attr.Get(), attr.GetConnections(), attr.IsCustom()
    surface.RemoveProperty("inputs:normal")
    fixed = surface.CreateAttribute("inputs:normal", Sdf.ValueTypeNames.Normal3f, custom=custom)
    if value is not None:
        fixed.Set(value)
    if sources:
        fixed.SetConnections(sources)


def settle(stage, job: Finish, *, alone: bool = True) -> None:
    """Make Blender's own save, right after the hook, write a fresh crate: the bytes ``Export``
    writes, which ``finish_usd`` can make again from a file.

    Why: Blender makes its layer with ``CreateNew``, which writes an empty crate, and a crate
    layer saves over the file it came from in place, starting from that file's tables; ``Export``
    starts from none. The two differ in bytes, not content. A layer's data given to itself
    (``TransferContent``) is new data with no file behind it, so the save that follows starts
    from no tables either. When this is the only hook (``alone``), the stage is first told to
    compose nothing (an empty population mask): Blender's stage ends with the export, and
    neither the new data nor tearing the stage down then recomposes anything. Another registered
    hook may run after this one and must see the finished stage, so then it is recomposed."""
    _, Usd, _ = pxr_modules()
    if alone:
        stage.SetPopulationMask(Usd.StagePopulationMask())
    layer = stage.GetRootLayer()
    layer.TransferContent(layer)


def finish_usd(path: Path, job: Finish) -> None:
    """The fallback: finish the file Blender wrote (see the module docstring), with the bytes the
    hook path writes: the specs are copied into a new layer in memory, finished there and written
    with ``Export`` (see ``settle``). Edited and saved in place, the crate Blender wrote would
    keep its tables and append."""
    Sdf, Usd, _ = pxr_modules()
    written = Sdf.Layer.FindOrOpen(str(path))
    if written is None:
        raise InvalidInput(f"Blender's USD exporter wrote an unreadable file: {path.name}")
    fresh = Sdf.Layer.CreateAnonymous(path.suffix or ".usdc")
    fresh.TransferContent(written)
    del written
    stage = Usd.Stage.Open(fresh)
    finish_stage(stage, job)
    finished = path.with_name(f".finished-{path.name}")
    if not fresh.Export(str(finished)):
        raise InvalidInput(f"could not write the finished USD file {path.name}")
    del stage, fresh
    os.replace(finished, path)
