"""The stored shape of world and version records, migrations from older shapes, and repair.

Records live as ID custom properties (``coll["worldsmith_version"]``); values IDProperties cannot
hold (lists of dicts, nested specs) are JSON strings, so a script with the add-on disabled can read
them with ``json.loads``. This module works on plain dicts in that stored form.

Schema history:
  0  prototype builds, no ``schema`` key: ``parent_id``, ``branch_name``, ``state``; notes as one
     newline-separated string; no review history, author or approval hashes.
  1  the store contract in docs/ARCHITECTURE.md.

>>> migrate_version({"id": "v1", "number": 1, "parent_id": "", "branch_name": "main"})["branch"]
'main'
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from .errors import StateError
from .review import DRAFT, STATES

SCHEMA_VERSION = 1

# ID properties Worldsmith keeps for itself (content keys, channel maps, retexture requests,
# recipes) start with this; exports leave them out. Records and provenance (``worldsmith*``) and
# what describes an asset or material (``asset_id``, ``material_id``, ``tags``) are exported.
INTERNAL_PREFIX = "ws_"


def is_internal(key: str) -> bool:
    """A custom property Worldsmith keeps for itself and never exports.

    >>> is_internal("ws_content"), is_internal("material_id"), is_internal("worldsmith_seed")
    (True, False, False)
    """
    return key.startswith(INTERNAL_PREFIX)


# Fields stored as JSON text, with the Python type their decoded value must have.
JSON_FIELDS: dict[str, type] = {
    "spec": dict,
    "timings": dict,
    "recipe": list,
    "review": list,
    "notes": list,
    "ignored": list,
    "approval_hashes": dict,
}
TEXT_FIELDS = ("id", "parent", "branch", "created", "author", "world_id", "generator",
               "generator_version", "backend_version", "review_state")
WORLD_TEXT_FIELDS = ("world_id", "title", "prompt", "active_version")


def _empty_json(kind: type) -> str:
    return "{}" if kind is dict else "[]"


def decode_field(record: Mapping, key: str) -> Any:
    """The decoded value of a JSON field; ``StateError`` if it is not valid JSON of its type."""
    kind = JSON_FIELDS[key]
    raw = record.get(key, _empty_json(kind))
    if isinstance(raw, kind):  # tolerate already-decoded values from scripts
        return raw
    try:
        value = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        value = None
    if not isinstance(value, kind):
        raise StateError(f"the version's {key!r} property is not valid JSON {kind.__name__}; run repair")
    return value


def encode_field(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _migrate_0_to_1(old: Mapping) -> dict:
    new = dict(old)
    for before, after in (("parent_id", "parent"), ("branch_name", "branch"), ("state", "review_state")):
        if before in new:
            new.setdefault(after, new.pop(before))
    notes = new.get("notes", "")
    if isinstance(notes, str) and not notes.lstrip().startswith("["):
        lines = [line for line in notes.splitlines() if line.strip()]
        new["notes"] = encode_field([{"author": "", "when": "", "text": line} for line in lines])
    new.setdefault("author", "")
    new.setdefault("review", "[]")
    new.setdefault("approval_hashes", "{}")
    new["schema"] = 1
    return new


MIGRATIONS = {0: _migrate_0_to_1}


def schema_of(record: Mapping) -> int:
    value = record.get("schema", 0)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise StateError(f"schema {value!r} is not a version number; run repair")
    return value


def migrate_version(record: Mapping) -> dict:
    """Bring a stored version record to ``SCHEMA_VERSION``; the input is not changed.

    A record from a newer Worldsmith is refused rather than guessed at.
    """
    version = schema_of(record)
    if version > SCHEMA_VERSION:
        raise StateError(
            f"this version was saved by a newer Worldsmith (schema {version}); update the add-on to edit it"
        )
    current = dict(record)
    while version < SCHEMA_VERSION:
        current = MIGRATIONS[version](current)
        version = current["schema"]
    return current


def problems(record: Any) -> list[str]:
    """What is missing or malformed in a stored version record (empty list: it is sound)."""
    if not isinstance(record, Mapping):
        return ["the worldsmith_version property is missing or not a dictionary"]
    found = []
    try:
        record = migrate_version(record)
    except StateError as exc:
        return [str(exc)]
    for key in ("id", "branch"):
        if not isinstance(record.get(key), str) or not record.get(key):
            found.append(f"{key!r} is missing or empty")
    number = record.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        found.append(f"'number' is {number!r}, not a positive whole number")
    if not isinstance(record.get("parent", ""), str):
        found.append("'parent' is not text")
    if record.get("review_state", DRAFT) not in STATES:
        found.append(f"'review_state' {record.get('review_state')!r} is not one of {', '.join(STATES)}")
    for key in JSON_FIELDS:
        try:
            decode_field(record, key)
        except StateError:
            found.append(f"{key!r} is not valid JSON {JSON_FIELDS[key].__name__}")
    return found


def repair_version(record: Any, fallback: Mapping) -> tuple[dict, list[str]]:
    """Return a sound record and what was fixed. ``fallback`` supplies values for fields that are
    missing or unreadable: ``id``, ``number``, ``branch``, ``world_id``, ``created``.

    Repair never invents an approval: an unreadable review state becomes draft.
    """
    fixes: list[str] = []
    if not isinstance(record, Mapping):
        record = {}
        fixes.append("recreated the missing version record")
    try:
        current = migrate_version(record)
    except StateError:
        current = dict(record)
        current["schema"] = SCHEMA_VERSION
        fixes.append("reset an unreadable schema number")
    for key in ("id", "branch", "world_id", "created"):
        if not isinstance(current.get(key), str) or not current.get(key):
            current[key] = str(fallback.get(key, ""))
            fixes.append(f"set {key!r} to {current[key]!r}")
    number = current.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        current["number"] = int(fallback.get("number", 1))
        fixes.append(f"set 'number' to {current['number']}")
    for key in TEXT_FIELDS:
        if not isinstance(current.get(key, ""), str):
            current[key] = str(current[key])
            fixes.append(f"turned {key!r} into text")
        current.setdefault(key, "")
    if current.get("review_state") not in STATES:
        fixes.append(f"review state {current.get('review_state')!r} was unknown; set to draft")
        current["review_state"] = DRAFT
    for key, kind in JSON_FIELDS.items():
        try:
            current[key] = encode_field(decode_field(current, key))
        except StateError:
            current[key] = _empty_json(kind)
            fixes.append(f"reset unreadable {key!r}")
    return current, fixes


def repair_world(record: Any, fallback: Mapping) -> tuple[dict, list[str]]:
    """Like ``repair_version`` for the world record; ``fallback`` gives ``world_id`` and ``title``."""
    fixes: list[str] = []
    current = dict(record) if isinstance(record, Mapping) else {}
    if not isinstance(record, Mapping):
        fixes.append("recreated the missing world record")
    for key in WORLD_TEXT_FIELDS:
        if not isinstance(current.get(key, ""), str) or (key in fallback and not current.get(key)):
            current[key] = str(fallback.get(key, ""))
            fixes.append(f"set {key!r} to {current[key]!r}")
        current.setdefault(key, "")
    if current.get("schema") != SCHEMA_VERSION:
        current["schema"] = SCHEMA_VERSION
    return current, fixes
