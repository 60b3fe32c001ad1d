"""Review states and transitions (addon/core/review.py)."""

from __future__ import annotations

import pytest

from addon.core import review
from addon.core.errors import InvalidInput, VersionFrozen

WHEN = "2025-01-01T00:00:00Z"


def test_the_usual_path_records_who_when_and_note():
    first = review.transition("draft", "in_review", who="ana", when=WHEN)
    second = review.transition("in_review", "approved", who="lead", when=WHEN, note="ship it")
    assert first == {"from": "draft", "state": "in_review", "who": "ana", "when": WHEN}
    assert second["note"] == "ship it" and second["who"] == "lead"


@pytest.mark.parametrize("current,new", [("draft", "approved"), ("draft", "draft"), ("rejected", "approved")])
def test_disallowed_moves_name_the_allowed_ones(current, new):
    with pytest.raises(InvalidInput, match="you can go to"):
        review.transition(current, new, who="x", when=WHEN)


def test_unknown_state_is_refused():
    with pytest.raises(InvalidInput, match="not one of"):
        review.transition("draft", "done", who="x", when=WHEN)
    with pytest.raises(InvalidInput, match="repair"):
        review.transition("weird", "draft", who="x", when=WHEN)


def test_approved_is_frozen_and_says_branch_it_first():
    assert review.allowed("approved") == []
    with pytest.raises(VersionFrozen, match="branch it first"):
        review.transition("approved", "draft", who="x", when=WHEN)
    with pytest.raises(VersionFrozen, match="branch it first"):
        review.ensure_editable("approved", "Courtyard v1 main")
    review.ensure_editable("in_review", "Courtyard v1 main")


def test_every_state_has_label_icon_and_transitions():
    for state in review.STATES:
        assert state in review.LABELS and state in review.ICONS and state in review.TRANSITIONS
