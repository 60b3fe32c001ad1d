"""A structured diff of two versions, by ``asset_id``, from plain snapshots.

The bpy layer turns a version into a snapshot (``addon/versions/compare.py: snapshot``)::

    {"id": "...", "label": "Courtyard v2 main", "spec": {...}, "seed": 7,
     "generator": "procedural", "generator_version": "1",
     "assets": {"well.000": {"name": "Well", "location": [x, y, z], "rotation": [x, y, z],
                             "scale": [x, y, z], "geometry": "<hash>", "triangles": 480,
                             "slots": {"0": "Stone", "Roof:0": "Thatch"}, "locked": False}},
     "textures": {"Stone_basecolor": 1048576}}

``textures`` maps each image the version's materials use to its memory in bytes.

>>> a = {"id": "a", "assets": {"well.000": {"location": [0, 0, 0]}}}
>>> b = {"id": "b", "assets": {"well.000": {"location": [1, 0, 0]}}}
>>> compare(a, b).moved[0]["delta"]["location"]
[1.0, 0.0, 0.0]
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Mapping

# Transforms closer than this count as unchanged: float round trips through .blend files and
# matrix decomposition leave noise around 1e-7.
TOLERANCE = 1e-5
VERSION_FIELDS = ("seed", "generator", "generator_version")


def geometry_hash(positions: bytes, indices: bytes, *extra: bytes) -> str:
    """Hash of a mesh's vertex positions and triangle indices (raw little-endian buffers).

    The bpy layer passes float32 positions and int32 loop-triangle indices per object of an asset,
    so moving an object does not change the hash but editing a vertex does.
    """
    digest = hashlib.blake2b(digest_size=16)
    for chunk in (positions, indices, *extra):
        digest.update(len(chunk).to_bytes(8, "little"))
        digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Diff:
    """What changed from version ``a`` to version ``b``. ``to_dict()`` is JSON-ready."""

    a: str
    b: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: list[dict] = field(default_factory=list)
    geometry: list[dict] = field(default_factory=list)
    materials: list[dict] = field(default_factory=list)
    locks: list[dict] = field(default_factory=list)
    version: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def changed_assets(self) -> set[str]:
        """Every asset id the diff mentions."""
        ids = set(self.added) | set(self.removed)
        for group in (self.moved, self.geometry, self.materials, self.locks):
            ids.update(entry["asset_id"] for entry in group)
        return ids

    @property
    def is_empty(self) -> bool:
        return not (self.changed_assets or self.version)

    def summary(self) -> list[str]:
        """Short lines for the Versions panel, most important first."""
        lines = [f"+ {asset}" for asset in self.added]
        lines += [f"- {asset}" for asset in self.removed]
        lines += [f"geometry: {e['asset_id']} ({e['triangles']['a']} -> {e['triangles']['b']} tris)"
                  for e in self.geometry]
        for entry in self.materials:
            for slot in entry["slots"]:
                lines.append(f"material: {entry['asset_id']} [{slot['slot']}] {slot['a']} -> {slot['b']}")
        lines += [f"moved: {e['asset_id']}" for e in self.moved]
        lines += [f"{'locked' if e['b'] else 'unlocked'}: {e['asset_id']}" for e in self.locks]
        lines += [f"{key}: {value['a']} -> {value['b']}" for key, value in self.version.items() if key != "spec"]
        lines += [f"spec.{key}: {value['a']} -> {value['b']}" for key, value in self.version.get("spec", {}).items()]
        return lines


def _vector(value: Any, size: int, default: float) -> list[float]:
    try:
        values = [float(v) for v in value]
    except (TypeError, ValueError):
        values = []
    return (values + [default] * size)[:size]


def _transform_delta(a: Mapping, b: Mapping) -> dict | None:
    delta = {}
    for key, size, default in (("location", 3, 0.0), ("rotation", 3, 0.0), ("scale", 3, 1.0)):
        va, vb = _vector(a.get(key, ()), size, default), _vector(b.get(key, ()), size, default)
        step = [round(y - x, 6) for x, y in zip(va, vb)]
        if any(abs(s) > TOLERANCE for s in step):
            delta[key] = [s + 0.0 for s in step]  # +0.0 turns -0.0 into 0.0 for stable JSON
    return delta or None


def _slot_changes(a: Mapping, b: Mapping) -> list[dict]:
    slots_a, slots_b = dict(a.get("slots", {})), dict(b.get("slots", {}))
    changes = []
    for slot in sorted(set(slots_a) | set(slots_b)):
        if slots_a.get(slot) != slots_b.get(slot):
            changes.append({"slot": slot, "a": slots_a.get(slot), "b": slots_b.get(slot)})
    return changes


def _spec_changes(a: Mapping, b: Mapping) -> dict:
    return {key: {"a": a.get(key), "b": b.get(key)}
            for key in sorted(set(a) | set(b)) if a.get(key) != b.get(key)}


def _totals(snapshot: Mapping) -> dict:
    assets = snapshot.get("assets", {})
    materials = {m for asset in assets.values() for m in asset.get("slots", {}).values() if m}
    return {
        "assets": len(assets),
        "triangles": sum(int(asset.get("triangles", 0)) for asset in assets.values()),
        "materials": len(materials),
        "texture_bytes": sum(int(v) for v in snapshot.get("textures", {}).values()),
    }


def compare(a: Mapping, b: Mapping) -> Diff:
    """Diff snapshot ``a`` against snapshot ``b`` (``b`` is "after")."""
    diff = Diff(a=str(a.get("id", "")), b=str(b.get("id", "")))
    assets_a, assets_b = a.get("assets", {}), b.get("assets", {})
    diff.added = sorted(set(assets_b) - set(assets_a))
    diff.removed = sorted(set(assets_a) - set(assets_b))
    for asset_id in sorted(set(assets_a) & set(assets_b)):
        old, new = assets_a[asset_id], assets_b[asset_id]
        delta = _transform_delta(old, new)
        if delta:
            diff.moved.append({"asset_id": asset_id, "delta": delta})
        if old.get("geometry") != new.get("geometry"):
            diff.geometry.append({
                "asset_id": asset_id,
                "hash": {"a": old.get("geometry"), "b": new.get("geometry")},
                "triangles": {"a": int(old.get("triangles", 0)), "b": int(new.get("triangles", 0))},
            })
        slots = _slot_changes(old, new)
        if slots:
            diff.materials.append({"asset_id": asset_id, "slots": slots})
        if bool(old.get("locked", False)) != bool(new.get("locked", False)):
            diff.locks.append({"asset_id": asset_id, "a": bool(old.get("locked")), "b": bool(new.get("locked"))})
    for key in VERSION_FIELDS:
        if a.get(key) != b.get(key):
            diff.version[key] = {"a": a.get(key), "b": b.get(key)}
    spec = _spec_changes(a.get("spec") or {}, b.get("spec") or {})
    if spec:
        diff.version["spec"] = spec
    totals_a, totals_b = _totals(a), _totals(b)
    diff.totals = {key: {"a": totals_a[key], "b": totals_b[key], "delta": totals_b[key] - totals_a[key]}
                   for key in totals_a}
    return diff
