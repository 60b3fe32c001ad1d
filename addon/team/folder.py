"""Which team folder, and how it stands: the argument, else ``$WORLDSMITH_TEAM_DIR`` (headless),
else the *Team Folder* preference; who is acting and whether they are a lead."""

from __future__ import annotations

import json
import os
from typing import Any

import bpy

from ..core import team as rules
from ..core.errors import InvalidInput
from ..scene.settings import preferences, who
from .store import ENV, TeamFolder

# On a version collection: where a synced copy came from, or that this file's version was published.
TEAM_KEY = "worldsmith_team"


def folder_path(folder: str | None = None) -> str:
    """The team folder's path ('' when none is set anywhere)."""
    if folder:
        return os.fspath(folder)
    prefs = preferences()
    named = getattr(prefs, "team_dir", "") if prefs is not None else ""
    return os.environ.get(ENV, "").strip() or (bpy.path.abspath(named) if named else "")


def team_folder(folder: str | None = None, *, write: bool = False) -> TeamFolder:
    """The team folder, checked (for writing too, when ``write``); ``InvalidInput`` saying what to
    do when it is unset, missing, not a folder or read-only."""
    path = folder_path(folder)
    if not path:
        raise InvalidInput("no team folder: set Team Folder in the Worldsmith preferences "
                           f"(or ${ENV} for batch runs) to a folder the whole team can reach")
    return TeamFolder(path).check(write)


def status(folder: str | None = None) -> dict:
    """``{path, ok, writable, problem, who, lead, leads}`` for the Team panel and ``api``."""
    path = folder_path(folder)
    actor = who()
    out: dict[str, Any] = {"path": path, "ok": False, "writable": False, "problem": "", "who": actor,
                           "lead": False, "leads": []}
    if not path:
        out["problem"] = "no team folder set (Preferences > Worldsmith > Team Folder)"
        return out
    team = TeamFolder(path)
    out["path"] = team.root
    out["problem"] = team.problem() or ""
    if out["problem"]:
        return out
    out["ok"] = True
    write_problem = team.problem(write=True)
    out["writable"] = write_problem is None
    if write_problem:
        out["problem"] = write_problem
    try:
        leads = team.leads()
    except InvalidInput as exc:
        out["problem"] = str(exc)
        return out
    out["leads"] = sorted(leads or ())
    out["lead"] = bool(leads) and rules.is_lead(actor, leads)
    return out


def team_info(collection: bpy.types.Collection) -> dict:
    """What the team store said about a version collection ({} for none)."""
    raw = collection.get(TEAM_KEY)
    try:
        value = json.loads(raw) if isinstance(raw, str) else {}
    except ValueError:
        value = {}
    return value if isinstance(value, dict) else {}


def set_team_info(collection: bpy.types.Collection, info: dict) -> None:
    collection[TEAM_KEY] = json.dumps(info, sort_keys=True)
