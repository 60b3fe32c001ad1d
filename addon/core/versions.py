"""The version tree of a world, built from plain version records, and the naming rules.

A record is the dict stored on a version collection (``coll["worldsmith_version"]``), already
decoded; only ``id``, ``number``, ``parent``, ``branch`` and ``review_state`` are read here.

>>> rows = tree([{"id": "a", "number": 1, "parent": ""}, {"id": "b", "number": 2, "parent": "a"}])
>>> [(r.id, r.depth) for r in rows]
[('a', 0), ('b', 1)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from .errors import InvalidInput
from .review import APPROVED

# Blender's ID names held 63 bytes up to 4.4; we keep to that so files open in 4.2 too.
MAX_NAME_BYTES = 63
# Characters Windows, macOS or Blender's file browser reject in a path component.
FORBIDDEN_CHARS = set('/\\:*?"<>|')


@dataclass(frozen=True)
class TreeRow:
    """One line of the version tree: the record's id, how deep it sits, and whether its parent is
    missing (an orphan is shown at the top level rather than hidden)."""

    id: str
    depth: int
    record: Mapping
    orphan: bool = False


def _number(record: Mapping) -> int:
    try:
        return int(record.get("number", 0))
    except (TypeError, ValueError):
        return 0


def tree(records: Iterable[Mapping]) -> list[TreeRow]:
    """Depth-first rows, parents before children, siblings by version number.

    Records whose parent is missing become roots marked ``orphan``; a parent cycle (only possible
    after hand edits) is broken at the record with the lowest number, so every record shows once.
    """
    records = list(records)
    by_id = {r.get("id"): r for r in records}
    children: dict[str, list[Mapping]] = {}
    roots: list[tuple[Mapping, bool]] = []
    for r in records:
        parent = r.get("parent") or ""
        if parent and parent in by_id and parent != r.get("id"):
            children.setdefault(parent, []).append(r)
        else:
            roots.append((r, bool(parent)))
    rows: list[TreeRow] = []
    seen: set[str] = set()

    def walk(record: Mapping, depth: int, orphan: bool) -> None:
        rid = record.get("id")
        if rid in seen:
            return
        seen.add(rid)
        rows.append(TreeRow(rid, depth, record, orphan))
        for child in sorted(children.get(rid, []), key=_number):
            walk(child, depth + 1, False)

    for record, orphan in sorted(roots, key=lambda pair: _number(pair[0])):
        walk(record, 0, orphan)
    # Whatever is left sits on a cycle: show it as roots so nothing disappears from the list.
    for record in sorted(records, key=_number):
        if record.get("id") not in seen:
            walk(record, 0, True)
    return rows


def children_of(records: Iterable[Mapping], version_id: str) -> list[Mapping]:
    return [r for r in records if (r.get("parent") or "") == version_id and r.get("id") != version_id]


def next_number(records: Iterable[Mapping]) -> int:
    return max((_number(r) for r in records), default=0) + 1


def delete_refusal(record: Mapping, records: Iterable[Mapping]) -> str | None:
    """Why ``record`` may not be deleted, or None if it may."""
    label = f"v{_number(record)} {record.get('branch', '')}".strip()
    if record.get("review_state") == APPROVED:
        return f"{label} is approved; approved versions are kept as the record of what was signed off"
    kids = children_of(records, record.get("id", ""))
    if kids:
        names = ", ".join(f"v{_number(k)}" for k in sorted(kids, key=_number))
        return f"{label} has child versions ({names}); delete those first"
    return None


def check_name(name: object, what: str = "branch name") -> str:
    """Return ``name`` stripped if Blender and every common file system accept it.

    >>> check_name(" lighting pass ")
    'lighting pass'
    """
    if not isinstance(name, str):
        raise InvalidInput(f"the {what} must be text, not {type(name).__name__}")
    stripped = name.strip()
    if not stripped:
        raise InvalidInput(f"the {what} is empty; give it a name such as 'lighting'")
    bad = sorted({c for c in stripped if c in FORBIDDEN_CHARS})
    if bad:
        raise InvalidInput(f"the {what} {stripped!r} contains {' '.join(bad)}; these are not allowed in names")
    if any(ord(c) < 32 or ord(c) == 127 for c in stripped):
        raise InvalidInput(f"the {what} {stripped!r} contains control characters (tabs, new lines); remove them")
    size = len(stripped.encode("utf-8"))
    if size > MAX_NAME_BYTES:
        raise InvalidInput(f"the {what} is {size} bytes long; the limit is {MAX_NAME_BYTES} bytes")
    if stripped in {".", ".."}:
        raise InvalidInput(f"the {what} {stripped!r} is reserved by file systems")
    return stripped


def collection_name(title: str, number: int, branch: str) -> str:
    """The version collection's name, e.g. "Courtyard v2 main", cut to fit Blender's name limit.

    The full branch name lives in the record; the collection name is only for people.
    """
    suffix = f" v{number} {branch}"
    room = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    head = title.encode("utf-8")[: max(room, 0)].decode("utf-8", "ignore").rstrip()
    name = f"{head}{suffix}"
    return name.encode("utf-8")[:MAX_NAME_BYTES].decode("utf-8", "ignore")
