"""A version's recipe graph, read from its stored steps, its assets and its fingerprint.

>>> recipe_of(version).to_dict()["nodes"][0]["type"]
'layout'
"""

from __future__ import annotations

from typing import Any

from ..core import recipe as rules
from ..scene import records, store
from ..versions.compare import hand_edits


def recipe_of(version: Any) -> rules.Recipe:
    """The graph of ``version``: layout, one node per asset, material and game prep steps, and a
    ``manual_edit`` node per asset that differs from what its operations left (hand edits)."""
    version = records.handle(version)
    data = version.data
    assets = {aid: {"locked": bool(obj.get("locked", False))} for aid, obj in version.assets().items()}
    edits = hand_edits(version)
    graph = rules.from_steps(list(data.get("recipe") or []), assets=assets, spec=data.get("spec") or {},
                             generator_version=str(data.get("generator_version") or ""),
                             world_id=version.world_id, version_id=version.id, manual_edits=edits or {})
    graph.origin = {"branch": version.branch, "number": version.number}
    if edits is None:
        graph.notes.append("made before recipes kept fingerprints: hand edits in the viewport cannot be told "
                           "apart from generated geometry")
    return graph


def find_version(version_id: str, world: Any = None) -> store.Version | None:
    """The version with ``version_id`` in ``world`` (or any world), None when this file lacks it."""
    if not version_id:
        return None
    for candidate in store.versions(world):
        if candidate.id == version_id:
            return candidate
    return None
