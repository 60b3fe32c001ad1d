"""Review states of a version, the transitions allowed between them, and the frozen rule.

Pure: the bpy layer reads the current state and history from the version collection, calls
``transition`` and writes back what it returns.

>>> entry = transition("draft", "in_review", who="ana", when="2025-01-01T00:00:00Z")
>>> entry["from"], entry["state"]
('draft', 'in_review')
"""

from __future__ import annotations

from .errors import InvalidInput, VersionFrozen

DRAFT = "draft"
IN_REVIEW = "in_review"
APPROVED = "approved"
REJECTED = "rejected"
STATES = (DRAFT, IN_REVIEW, APPROVED, REJECTED)

LABELS = {DRAFT: "Draft", IN_REVIEW: "In Review", APPROVED: "Approved", REJECTED: "Rejected"}
# Blender icon names per state, for the Versions panel.
ICONS = {DRAFT: "GREASEPENCIL", IN_REVIEW: "TIME", APPROVED: "CHECKMARK", REJECTED: "CANCEL"}

# Approved has no way out on purpose: an approved version is what was signed off, so changes go to
# a branch, which starts again as a draft. Rejected can go back to work or straight back to review.
TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({IN_REVIEW}),
    IN_REVIEW: frozenset({APPROVED, REJECTED, DRAFT}),
    REJECTED: frozenset({DRAFT, IN_REVIEW}),
    APPROVED: frozenset(),
}

FROZEN_HINT = "it is approved and frozen: branch it first and edit the branch"


def check_state(state: str) -> str:
    """Return ``state`` if it is a known review state, else raise ``InvalidInput``."""
    if state not in STATES:
        raise InvalidInput(f"review state {state!r} is not one of {', '.join(STATES)}")
    return state


def allowed(current: str) -> list[str]:
    """States reachable from ``current``, in display order."""
    return [s for s in STATES if s in TRANSITIONS.get(current, frozenset())]


def is_frozen(state: str) -> bool:
    return state == APPROVED


def ensure_editable(state: str, label: str) -> None:
    """Raise ``VersionFrozen`` if a version in ``state`` may not be changed.

    ``label`` names the version in the message, e.g. "Courtyard v2 main".
    """
    if is_frozen(state):
        raise VersionFrozen(f"{label} cannot be changed: {FROZEN_HINT}")


def transition(current: str, new: str, *, who: str, when: str, note: str | None = None) -> dict:
    """Check a move from ``current`` to ``new`` and return the history entry recording it."""
    check_state(new)
    if current not in STATES:
        raise InvalidInput(f"the version's review state {current!r} is unknown; run repair first")
    if is_frozen(current):
        raise VersionFrozen(f"the review state cannot change: {FROZEN_HINT}")
    if new not in TRANSITIONS[current]:
        options = ", ".join(allowed(current)) or "none"
        raise InvalidInput(f"cannot go from {current} to {new}; from {current} you can go to: {options}")
    entry = {"from": current, "state": new, "who": who, "when": when}
    if note:
        entry["note"] = note
    return entry
