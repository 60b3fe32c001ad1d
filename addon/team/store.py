"""The team folder on disk: checks, atomic writes, events, roles, payload checks. No bpy.

Layout (``TEAM`` is the *Team Folder* preference or ``$WORLDSMITH_TEAM_DIR``)::

    TEAM/roles.json                                   {"leads": ["kim"]} (or roles.toml)
    TEAM/worlds/<world_id>/events/<time>-<id>.json    publish, review, note: append-only
    TEAM/worlds/<world_id>/versions/<version_id>-<attempt>/
        version.blend  version.glb  preview.png  record.json

Made for network drives where locks cannot be trusted: every file is written under a temporary
name in its own folder, flushed to disk, then renamed; no file is ever written twice, so two
artists never fight over one. A version becomes visible only when its publish event appears, the
last rename of a publish: a publish killed before that leaves files nobody reads.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from typing import Callable

from ..core import team as rules
from ..core.errors import InvalidInput

ENV = "WORLDSMITH_TEAM_DIR"
# Test hook: a publish calls os._exit(CRASH_EXIT) when it reaches this checkpoint (1, 2, ...).
CRASH_ENV = "WORLDSMITH_TEAM_CRASH_AT"
CRASH_EXIT = 75
TEMP_PREFIX = ".tmp-"


class Checkpoints:
    """Numbered points of a publish; ``$WORLDSMITH_TEAM_CRASH_AT=N`` kills the process at the
    N-th, the way a power cut or a killed Blender would."""

    def __init__(self) -> None:
        self.count = 0
        self.crash_at = int(os.environ.get(CRASH_ENV, "0") or 0)

    def __call__(self, what: str) -> None:
        self.count += 1
        if self.count == self.crash_at:
            os.write(2, f"worldsmith: team publish killed at checkpoint {self.count} ({what})\n".encode())
            os._exit(CRASH_EXIT)


def event_time() -> str:
    """Now in UTC with microseconds: events sort by it (ties by event id)."""
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _fsync_dir(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows, some network filesystems: no directory handles
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def fsync_file(path: str) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def publish_into_place(temp: str, final: str, step: Callable[[str], None]) -> None:
    """Flush ``temp`` (a file written in ``final``'s folder) and rename it to ``final``."""
    fsync_file(temp)
    step(f"{os.path.basename(final)} flushed")
    if os.path.exists(final):
        raise InvalidInput(f"{final} already exists; the team folder never overwrites a file")
    os.replace(temp, final)
    _fsync_dir(os.path.dirname(final))
    step(f"{os.path.basename(final)} in place")


def temp_path(final: str) -> str:
    folder, name = os.path.split(final)
    stem, ext = os.path.splitext(name)
    return os.path.join(folder, f"{TEMP_PREFIX}{stem}-{uuid.uuid4().hex[:8]}{ext}")


def write_atomic(final: str, data: bytes, step: Callable[[str], None] = lambda what: None) -> None:
    """Write ``data`` to ``final`` by temp file, fsync and rename (never partly visible)."""
    temp = temp_path(final)
    with open(temp, "xb") as fh:
        half = len(data) // 2
        fh.write(data[:half])
        fh.flush()
        step(f"{os.path.basename(final)} half written")
        fh.write(data[half:])
    publish_into_place(temp, final, step)


class TeamFolder:
    """One team folder: where things go, and the reads and writes the team features need."""

    def __init__(self, path: str):
        self.root = os.path.abspath(os.path.expanduser(path))

    def __repr__(self) -> str:
        return f"<TeamFolder {self.root}>"

    # ---- checks -------------------------------------------------------------------------------

    def problem(self, write: bool = False) -> str | None:
        """Why the folder cannot be used (for reading, or also for writing); None when it can."""
        if not os.path.exists(self.root):
            parent = os.path.dirname(self.root)
            return (f"the team folder {self.root} does not exist"
                    + ("" if os.path.isdir(parent) else " (nor its parent folder)")
                    + ": create it or fix the Team Folder preference / $WORLDSMITH_TEAM_DIR")
        if not os.path.isdir(self.root):
            return f"the team folder {self.root} is a file, not a folder: point Team Folder at a folder"
        if not os.access(self.root, os.R_OK | os.X_OK):
            return f"the team folder {self.root} cannot be read: ask for read access"
        if write:
            probe = os.path.join(self.root, f"{TEMP_PREFIX}probe-{uuid.uuid4().hex}")
            try:
                with open(probe, "xb") as fh:
                    fh.write(b"ok")
                os.remove(probe)
            except OSError as exc:
                return (f"the team folder {self.root} is read-only ({exc.strerror}): nothing was "
                        "published; ask for write access or pick another Team Folder")
        return None

    def check(self, write: bool = False) -> "TeamFolder":
        problem = self.problem(write)
        if problem:
            raise InvalidInput(problem)
        return self

    # ---- places -------------------------------------------------------------------------------

    def world_dir(self, world_id: str) -> str:
        return os.path.join(self.root, "worlds", rules.check_id(world_id, "world id"))

    def events_dir(self, world_id: str) -> str:
        return os.path.join(self.world_dir(world_id), "events")

    def path(self, world_id: str, relative: str, *names: str) -> str:
        return os.path.join(self.world_dir(world_id), *relative.replace("\\", "/").split("/"), *names)

    def world_ids(self) -> list[str]:
        folder = os.path.join(self.root, "worlds")
        if not os.path.isdir(folder):
            return []
        return sorted(n for n in os.listdir(folder) if rules.SAFE_ID.match(n)
                      and os.path.isdir(os.path.join(folder, n, "events")))

    def new_version_folder(self, world_id: str, version_id: str) -> str:
        """A fresh folder for one publish attempt (relative to the world's folder)."""
        relative = f"versions/{rules.check_id(version_id, 'version id')}-{uuid.uuid4().hex[:8]}"
        os.makedirs(self.path(world_id, relative))
        os.makedirs(self.events_dir(world_id), exist_ok=True)
        return relative

    # ---- events and roles ---------------------------------------------------------------------

    def write_event(self, event: dict, step: Callable[[str], None] = lambda what: None) -> str:
        import json

        folder = self.events_dir(event["world_id"])
        os.makedirs(folder, exist_ok=True)
        final = os.path.join(folder, rules.event_file_name(event))
        write_atomic(final, json.dumps(event, sort_keys=True, indent=1).encode("utf-8"), step)
        return final

    def read_events(self, world_id: str) -> tuple[list[dict], list[str]]:
        """Every sound event of ``world_id`` and one line per file skipped (foreign, corrupt)."""
        folder = self.events_dir(world_id)
        if not os.path.isdir(folder):
            return [], []
        events, problems = [], []
        for name in sorted(os.listdir(folder)):
            if name.startswith(TEMP_PREFIX):
                continue  # an unfinished write (killed, or still going): nobody's yet
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as fh:
                    data = fh.read(1 << 24)
            except OSError as exc:
                problems.append(f"{name}: cannot be read ({exc.strerror}), skipped")
                continue
            event, problem = rules.parse_event(name, data, world_id)
            if problem:
                problems.append(problem)
            else:
                events.append(event)
        return events, problems

    def leads(self) -> frozenset[str] | None:
        """The leads from the roles file, None when there is none."""
        for name in rules.ROLES_FILES:
            path = os.path.join(self.root, name)
            if os.path.isfile(path):
                with open(path, encoding="utf-8") as fh:
                    return rules.parse_roles(name, fh.read())
        return None

    def merged(self, world_id: str) -> rules.Merged:
        events, problems = self.read_events(world_id)
        merged = rules.merge(events, leads=self.leads(), world_id=world_id)
        merged.problems[:0] = problems
        return merged

    # ---- payload ------------------------------------------------------------------------------

    def payload_problem(self, world_id: str, published: rules.Published, kinds=rules.FILE_KINDS) -> str | None:
        """Why a published version's files cannot be trusted (missing, wrong size or hash)."""
        for kind in kinds:
            entry = published.files.get(kind)
            if entry is None:
                continue
            path = self.path(world_id, published.folder, entry["name"])
            try:
                size = os.path.getsize(path)
            except OSError:
                return f"version {published.id} by {published.author}: its {kind} file is missing, skipped"
            if size != entry["size"] or sha256_file(path) != entry["sha256"]:
                return f"version {published.id} by {published.author}: its {kind} file is damaged, skipped"
        return None
