"""Names that game engines accept, unique within one export, and the engine naming conventions for
LODs, collision proxies and sockets. Pure: no bpy.

Blender adds ``.001`` suffixes when a name is taken elsewhere in the file (every version of a
world has its own "Well"), so export names are made from the base name, not the Blender name.

>>> taken = set()
>>> unique(engine_name("Torch.002"), taken), unique(engine_name("Torch.003"), taken)
('Torch', 'Torch_01')
>>> collision_name("Well", 0), lod_name("Well", 1), socket_name("Mount")
('UCX_Well_00', 'Well_LOD1', 'SOCKET_Mount')
"""

from __future__ import annotations

import re
import unicodedata

# Unreal and Unity both accept ASCII letters, digits and underscore everywhere; FBX node names
# with spaces or dots survive the file but Unreal turns them into underscores, which then no
# longer match the UCX_/LOD names we wrote. So engine names use only these characters.
_INVALID = re.compile(r"[^A-Za-z0-9_]+")
_BLENDER_SUFFIX = re.compile(r"\.\d{3,}$")
MAX_NAME_CHARS = 63  # Blender <= 4.4 ID name limit in bytes; ASCII names keep it in characters
RESERVED_PREFIXES = ("UCX_", "UBX_", "USP_", "UCP_", "SOCKET_")


def base_name(name: str) -> str:
    """The name without Blender's ``.NNN`` duplicate suffix: ``"Torch.002"`` -> ``"Torch"``."""
    return _BLENDER_SUFFIX.sub("", name)


def engine_name(name: str, fallback: str = "Asset") -> str:
    """An ASCII identifier for engines: accents dropped, other characters to ``_``, no leading
    digit, at most ``MAX_NAME_CHARS`` (room left for a ``_LOD<n>`` or ``_NN`` suffix)."""
    text = unicodedata.normalize("NFKD", base_name(name)).encode("ascii", "ignore").decode()
    text = _INVALID.sub("_", text).strip("_")
    if not text:
        text = fallback
    if text[0].isdigit():
        text = f"{fallback}_{text}"
    return text[: MAX_NAME_CHARS - 8]


class Taken(set):
    """A set of names that also keeps them lower-cased, so ``unique`` and collision checks over
    many names stay linear (``unique`` takes a plain set too)."""

    def __init__(self, names=()) -> None:
        super().__init__(names)
        self.lowered = {n.lower() for n in self}

    def add(self, name: str) -> None:
        super().add(name)
        self.lowered.add(name.lower())

    def has(self, name: str) -> bool:
        """``name`` is taken, compared without case."""
        return name.lower() in self.lowered


def unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name_01``, ``name_02``... whichever is free in ``taken`` (compared without
    case: Windows file names and some engines are case-insensitive). Adds the result to ``taken``."""
    lowered = taken.lowered if isinstance(taken, Taken) else {t.lower() for t in taken}
    candidate, n = name, 0
    while candidate.lower() in lowered:
        n += 1
        candidate = f"{name}_{n:02d}"
    taken.add(candidate)
    return candidate


def name_problems(name: str) -> list[str]:
    """Why ``name`` is not a valid engine name as it stands (empty list when it is)."""
    problems = []
    if not name.strip():
        problems.append("is empty")
    if _BLENDER_SUFFIX.search(name):
        problems.append("has Blender's .NNN duplicate suffix")
    if _INVALID.search(base_name(name)):
        problems.append("has characters other than ASCII letters, digits and _")
    if name[:1].isdigit():
        problems.append("starts with a digit")
    if len(name.encode()) > MAX_NAME_CHARS:
        problems.append(f"is longer than {MAX_NAME_CHARS} bytes")
    if name.upper().startswith(RESERVED_PREFIXES):
        problems.append("uses a prefix engines reserve for collision or sockets")
    return problems


def child_label(child: str, parent: str, part: str = "") -> str:
    """What a child adds to its parent's name: ``"Torch.001 Flame.002"`` under ``"Torch.009"`` is
    ``"Flame"``. Children are named from their parent's *export* name, so a part never carries
    another asset's number (``Torch_01_Flame`` under ``Torch_01``, not ``Torch_002_Flame``).

    >>> child_label("Torch.001 Flame.002", "Torch.009"), child_label("Cloth", "Stall", "cloth")
    ('Flame', 'Cloth')
    """
    own, owner = base_name(child), base_name(parent)
    match = re.match(re.escape(owner) + r"(\.\d+)?\s+(?P<rest>.+)$", own)
    if match:
        return match["rest"]
    if own:
        return own
    return part.replace("_", " ").title() or "Part"


def collision_name(base: str, index: int) -> str:
    """Unreal's convex collision convention: ``UCX_<mesh name>_NN``."""
    return f"UCX_{base}_{index:02d}"


def lod_name(base: str, level: int) -> str:
    """``<name>_LOD<n>``: Unity builds an LOD Group from it; Unreal's LOD import reads it too."""
    return f"{base}_LOD{level}"


def socket_name(label: str) -> str:
    """Unreal's socket convention: an empty named ``SOCKET_<label>`` parented to the mesh."""
    return f"SOCKET_{engine_name(label, 'Socket')}"


def file_stem(name: str) -> str:
    """A file name stem safe on Windows, macOS and Linux (for one-file-per-asset export)."""
    return engine_name(name, "asset")
