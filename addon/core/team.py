"""The team store's rules: event records, roles, the merge of everyone's events, siblings, and who
may review what. Pure: no bpy, no files (``team/store.py`` reads and writes the folder).

A team folder holds, per world, append-only *events* in uniquely named files: ``publish`` (a
version with its files), ``review`` (a state change) and ``note``. Nothing is rewritten; readers
merge every event into the same picture, so after a sync everyone sees the same versions, states
and notes, whatever order the files arrived in.

>>> merged = merge([publish_event], leads=frozenset({"lead"}), world_id="w-1")
>>> merged.versions["a1b2c3"].review_state
'draft'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from . import review as review_rules
from . import schema
from .errors import InvalidInput, VersionFrozen, WorldsmithError

SCHEMA = 1
KIND = "worldsmith.team.event"
EVENT_TYPES = ("publish", "review", "note")
# Review moves only a lead may make (anyone may send a version to review, or back to draft).
LEAD_STATES = frozenset({review_rules.APPROVED, review_rules.REJECTED})
MAX_NOTE_CHARS = 4000
ROLES_FILES = ("roles.json", "roles.toml")

SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
EVENT_NAME = re.compile(r"^(\d{8}T\d{12}Z)-([0-9a-f]{32})\.json$")
FILE_KINDS = ("blend", "glb", "preview", "record")
# The fields of a version record that travel with a publish (what another artist needs to see
# where it came from and to make it again); review state starts as draft in the store.
RECORD_FIELDS = ("id", "number", "parent", "branch", "created", "author", "world_id", "spec", "seed",
                 "generator", "generator_version", "backend_version", "timings", "recipe")


class NotPermitted(InvalidInput):
    """The team's roles file does not allow this person to do this (approve, reject)."""


# ---- event records ------------------------------------------------------------------------------

def compact_time(iso: str) -> str:
    """``2026-01-02T03:04:05.123456Z`` -> ``20260102T030405123456Z`` (file names sort by time)."""
    digits = re.sub(r"[^0-9]", "", iso)
    if len(digits) != 20:
        raise InvalidInput(f"time {iso!r} must be ISO 8601 UTC with microseconds")
    return f"{digits[:8]}T{digits[8:]}Z"


def event_file_name(event: Mapping) -> str:
    return f"{compact_time(event['at'])}-{event['id']}.json"


def new_event(kind: str, *, world_id: str, version_id: str, author: str, at: str, event_id: str,
              **fields: Any) -> dict:
    """An event record; ``check_event`` accepts everything this returns."""
    if kind not in EVENT_TYPES:
        raise InvalidInput(f"event type {kind!r} is not one of {', '.join(EVENT_TYPES)}")
    check_id(world_id, "world id")
    check_id(version_id, "version id")
    if not author.strip():
        raise InvalidInput("nobody to sign the event: set Your Name in the preferences or $WORLDSMITH_USER")
    return {"kind": KIND, "schema": SCHEMA, "type": kind, "id": event_id, "at": at, "author": author,
            "world_id": world_id, "version_id": version_id, **fields}


def check_id(value: Any, what: str) -> str:
    if not isinstance(value, str) or not SAFE_ID.match(value):
        raise InvalidInput(f"{what} {value!r} cannot name a file in the team folder "
                           "(letters, digits, '.', '_', '-' only)")
    return value


def _safe_relative(path: Any) -> bool:
    if not isinstance(path, str) or not path or path.startswith(("/", "\\")) or ":" in path:
        return False
    return all(part not in ("", ".", "..") for part in re.split(r"[/\\]", path))


def _publish_problem(event: Mapping) -> str | None:
    record = event.get("record")
    if not isinstance(record, dict) or record.get("id") != event["version_id"]:
        return "its record is missing or names another version"
    if not isinstance(record.get("branch"), str) or not isinstance(record.get("parent", ""), str):
        return "its record has no branch or parent"
    if not _safe_relative(event.get("folder")):
        return "its folder is not a path inside the team folder"
    if not isinstance(event.get("collection"), str) or not event["collection"]:
        return "it names no collection"
    files = event.get("files")
    if not isinstance(files, dict) or "blend" not in files:
        return "it lists no .blend file"
    for kind, entry in files.items():
        if kind not in FILE_KINDS or not isinstance(entry, dict):
            return f"it lists an unknown file {kind!r}"
        name = entry.get("name")
        if (not isinstance(name, str) or not _safe_relative(name) or "/" in name or "\\" in name
                or not re.fullmatch(r"[0-9a-f]{64}", str(entry.get("sha256", "")))
                or not isinstance(entry.get("size"), int) or entry["size"] < 0):
            return f"its {kind} file entry is malformed"
    return None


def check_event(event: Any, world_id: str) -> str | None:
    """What is wrong with ``event`` as an event of ``world_id``, or None when it is sound."""
    if not isinstance(event, dict) or event.get("kind") != KIND:
        return "not a Worldsmith team event"
    if not isinstance(event.get("schema"), int) or event["schema"] > SCHEMA:
        return f"written by a newer Worldsmith (schema {event.get('schema')!r}); update the extension"
    if event.get("type") not in EVENT_TYPES:
        return f"unknown event type {event.get('type')!r}"
    if event.get("world_id") != world_id:
        return f"belongs to world {event.get('world_id')!r}, not {world_id!r}"
    for key in ("id", "at", "author", "version_id"):
        if not isinstance(event.get(key), str) or not event[key]:
            return f"has no {key}"
    if not re.fullmatch(r"[0-9a-f]{32}", event["id"]) or not SAFE_ID.match(event["version_id"]):
        return "has a malformed id"
    try:
        compact_time(event["at"])
    except InvalidInput:
        return "has a malformed time"
    if event["type"] == "publish":
        return _publish_problem(event)
    if event["type"] == "review":
        if event.get("state") not in review_rules.STATES:
            return f"unknown review state {event.get('state')!r}"
        if not isinstance(event.get("note", ""), str) or not isinstance(event.get("approval_hashes", {}), dict):
            return "malformed note or approval hashes"
        return None
    text = event.get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_NOTE_CHARS:
        return "a note without text (or too long)"
    return None


def parse_event(name: str, data: bytes, world_id: str) -> tuple[dict | None, str | None]:
    """``(event, None)`` for a sound event file, else ``(None, why it is skipped)``."""
    match = EVENT_NAME.match(name)
    if not match:
        return None, f"{name}: foreign file (not a Worldsmith event), skipped"
    try:
        event = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None, f"{name}: corrupt (not JSON), skipped"
    problem = check_event(event, world_id)
    if problem is None and (event["id"] != match.group(2) or compact_time(event["at"]) != match.group(1)):
        problem = "its name does not match its contents"
    if problem:
        return None, f"{name}: {problem}, skipped"
    return event, None


# ---- roles --------------------------------------------------------------------------------------

def parse_roles(name: str, text: str) -> frozenset[str]:
    """The leads listed in a roles file (``roles.json``: ``{"leads": [...]}``, or ``roles.toml``:
    ``leads = [...]``); ``InvalidInput`` saying how to fix a malformed one."""
    try:
        if name.endswith(".toml"):
            import tomllib

            data = tomllib.loads(text)
        else:
            data = json.loads(text)
    except ValueError as exc:
        raise InvalidInput(f"the team's {name} cannot be read ({exc}); fix it, e.g. "
                           '{"leads": ["ana"]}') from None
    leads = data.get("leads") if isinstance(data, dict) else None
    if not isinstance(leads, list) or not all(isinstance(n, str) and n.strip() for n in leads):
        raise InvalidInput(f"the team's {name} must list the leads by name, e.g. "
                           '{"leads": ["ana", "kim"]}')
    return frozenset(n.strip().casefold() for n in leads)


def is_lead(who: str, leads: Iterable[str]) -> bool:
    return who.strip().casefold() in set(leads)


def permission_problem(who: str, state: str, leads: frozenset[str] | None) -> str | None:
    """Why ``who`` may not move a version to ``state`` (None when allowed)."""
    if state not in LEAD_STATES:
        return None
    verb = "approve" if state == review_rules.APPROVED else "reject"
    if leads is None:
        return (f"{who} may not {verb}: the team folder has no roles file; a lead must add "
                'roles.json with {"leads": [...]} to the team folder')
    if not is_lead(who, leads):
        listed = ", ".join(sorted(leads)) or "nobody"
        return f"{who} may not {verb}: only the team's leads ({listed}, in roles.json) approve or reject versions"
    return None


# ---- merge ------------------------------------------------------------------------------------

@dataclass
class Published:
    """One published version as everyone sees it after merging the events."""

    id: str
    number: int  # order of publication in the store (1 = first), the same for everyone
    author: str
    at: str
    record: dict
    folder: str
    files: dict
    collection: str
    assets: dict
    world: dict
    sibling_of: str = ""  # the earlier version published on the same parent and branch
    review_state: str = review_rules.DRAFT
    review: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    approval_hashes: dict = field(default_factory=dict)

    @property
    def branch(self) -> str:
        return str(self.record.get("branch", "main"))

    @property
    def parent(self) -> str:
        return str(self.record.get("parent", ""))


@dataclass
class Merged:
    world_id: str
    versions: dict[str, Published]
    problems: list[str]

    @property
    def world(self) -> dict:
        first = next(iter(self.versions.values()), None)
        return first.world if first else {}


def _order(event: Mapping) -> tuple[str, str]:
    return (compact_time(event["at"]), event["id"])


def merge(events: Iterable[Mapping], *, leads: frozenset[str] | None, world_id: str) -> Merged:
    """Everyone's events of one world as one picture; deterministic for any arrival order.

    Publishes come in time order (ties by event id): a second publish of a version is skipped, a
    later publish on the same parent and branch as an earlier one lands as its *sibling*. Review
    and note events then replay in time order; a move the roles or the review rules do not allow
    (an artist approving, anything after approval) is reported and skipped.
    """
    ordered = sorted(events, key=_order)
    versions: dict[str, Published] = {}
    problems: list[str] = []
    heads: dict[tuple[str, str], str] = {}
    for event in ordered:
        if event["type"] != "publish":
            continue
        vid = event["version_id"]
        if vid in versions:
            problems.append(f"{vid} was published twice; {event['author']}'s later copy is skipped")
            continue
        record = dict(event["record"])
        version = Published(id=vid, number=len(versions) + 1, author=event["author"], at=event["at"],
                            record=record, folder=event["folder"], files=dict(event["files"]),
                            collection=event["collection"], assets=dict(event.get("assets") or {}),
                            world=dict(event.get("world") or {}))
        key = (str(record.get("parent", "")), str(record.get("branch", "main")))
        if key in heads:
            version.sibling_of = heads[key]
        else:
            heads[key] = vid
        versions[vid] = version
    for event in ordered:
        if event["type"] == "publish":
            continue
        target = versions.get(event["version_id"])
        if target is None:
            problems.append(f"{event['author']}'s {event['type']} for {event['version_id']}: "
                            "that version is not published, skipped")
            continue
        if event["type"] == "note":
            target.notes.append({"author": event["author"], "when": event["at"], "text": event["text"].strip()})
            continue
        state = event["state"]
        refusal = permission_problem(event["author"], state, leads)
        try:
            if refusal:
                raise NotPermitted(refusal)
            entry = review_rules.transition(target.review_state, state, who=event["author"], when=event["at"],
                                            note=event.get("note") or None)
        except WorldsmithError as exc:
            problems.append(f"{event['author']}'s move of {target.id} to {state} is skipped: {exc}")
            continue
        target.review_state = state
        target.review.append(entry)
        text = review_rules.LABELS[state] + (f": {event['note']}" if event.get("note") else "")
        target.notes.append({"author": event["author"], "when": event["at"], "text": text, "review": state})
        if state == review_rules.APPROVED:
            target.approval_hashes = dict(event.get("approval_hashes") or {})
    return Merged(world_id=world_id, versions=versions, problems=problems)


def check_review(merged: Merged, version_id: str, state: str | None, who: str,
                 leads: frozenset[str] | None) -> str:
    """Refuse a review move (or a note, ``state`` None) the merge would skip; returns the current
    state. ``NotPermitted`` for roles, ``VersionFrozen`` after approval, ``InvalidInput`` else."""
    target = merged.versions.get(version_id)
    if target is None:
        raise InvalidInput(f"version {version_id} is not published to the team folder; publish it first")
    if state is None:
        return target.review_state
    review_rules.check_state(state)
    refusal = permission_problem(who, state, leads)
    if refusal:
        raise NotPermitted(refusal)
    if review_rules.is_frozen(target.review_state):
        raise VersionFrozen(f"version {version_id} is approved in the team folder; {review_rules.FROZEN_HINT}")
    review_rules.transition(target.review_state, state, who=who, when="", note=None)
    return target.review_state


# ---- records ------------------------------------------------------------------------------------

def published_record(record: Mapping) -> dict:
    """The part of a stored version record that travels with a publish, JSON fields decoded."""
    out: dict[str, Any] = {}
    for key in RECORD_FIELDS:
        if key in record:
            out[key] = schema.decode_field(record, key) if key in schema.JSON_FIELDS else record[key]
    out["review_state"] = review_rules.DRAFT
    return out


def local_record(published: Published, number: int) -> dict:
    """The stored record (JSON fields encoded) for a synced copy of ``published`` numbered
    ``number`` in this file, with the store's review state, history and notes."""
    source = published.record
    out: dict[str, Any] = {"schema": schema.SCHEMA_VERSION, "number": number, "ignored": "[]"}
    for key in RECORD_FIELDS:
        if key == "number" or key not in source:
            continue
        out[key] = schema.encode_field(source[key]) if key in schema.JSON_FIELDS else source[key]
    out.setdefault("parent", "")
    out.setdefault("branch", "main")
    out["author"] = published.author
    for key in ("spec", "timings"):
        out.setdefault(key, "{}")
    out.setdefault("recipe", "[]")
    return with_review(out, published)


def with_review(stored: Mapping, published: Published) -> dict:
    """``stored`` with the store's review state, history, team notes and approval hashes; notes
    made in this file (not from the store) are kept. Unchanged when the store has no review."""
    out = dict(stored)
    local_notes = [n for n in schema.decode_field(out, "notes") if not n.get("team")] if "notes" in out else []
    out["notes"] = schema.encode_field(local_notes + [{**n, "team": True} for n in published.notes])
    if published.review or "review_state" not in out:
        out["review_state"] = published.review_state
        out["review"] = schema.encode_field(published.review)
        out["approval_hashes"] = schema.encode_field(published.approval_hashes)
    return out


def rows(merged: Merged) -> list[dict]:
    """One line per published version for the Team panel: number, who, branch, state, sibling."""
    out = []
    for v in merged.versions.values():
        sibling = merged.versions.get(v.sibling_of)
        out.append({"id": v.id, "number": v.number, "author": v.author, "branch": v.branch,
                    "state": v.review_state, "at": v.at,
                    "sibling_of": f"#{sibling.number}" if sibling else ""})
    return out
