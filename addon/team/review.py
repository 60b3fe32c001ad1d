"""Review in the team store: in review, approve, reject and notes, as events everyone merges.

Approve and reject need a lead (the team folder's roles file); the refusal says who the leads are.
An approved version is frozen for everyone: the store refuses further moves, and after a sync each
file's copy is approved too, so every edit path refuses it (``scene.records.ensure_editable``).
"""

from __future__ import annotations

import uuid
from typing import Any

from ..core import review as review_rules
from ..core import team as rules
from ..core.errors import InvalidInput
from ..scene import records
from ..versions.compare import snapshot
from .folder import team_folder, who
from .store import event_time
from .sync import apply_store


def review_store(version: Any, state: str | None, note: str | None = None, *, folder: str | None = None) -> dict:
    """Record a review move of ``version`` (``state``: in_review, approved, rejected, draft; None
    for a note only) in the team folder, signed by ``who()``; this file's copy follows at once,
    everyone else's after their sync. Returns the event."""
    version = records.handle(version)
    current = records.record(version)
    world_id = str(current["world_id"])
    if state is None and not (note or "").strip():
        raise InvalidInput("nothing to record: pick a review state or write a note")
    if note is not None and len(note) > rules.MAX_NOTE_CHARS:
        raise InvalidInput(f"the note has {len(note)} characters; the limit is {rules.MAX_NOTE_CHARS}")
    team = team_folder(folder, write=True)
    actor = who()
    rules.check_review(team.merged(world_id), version.id, state, actor, team.leads())
    common = dict(world_id=world_id, version_id=version.id, author=actor, at=event_time(), event_id=uuid.uuid4().hex)
    if state is None:
        event = rules.new_event("note", text=note.strip(), **common)
    else:
        extra: dict[str, Any] = {"state": state}
        if note:
            extra["note"] = note.strip()
        if state == review_rules.APPROVED:
            extra["approval_hashes"] = {aid: {"geometry": a["geometry"], "slots": a["slots"]}
                                        for aid, a in snapshot(version)["assets"].items()}
        event = rules.new_event("review", **common, **extra)
    team.write_event(event)
    merged = team.merged(world_id)
    if version.id in merged.versions:
        apply_store(version, merged.versions[version.id])
    return event
