"""Stored record shapes: migration from schema 0 and repair (addon/core/schema.py)."""

from __future__ import annotations

import json

import pytest

from addon.core import schema
from addon.core.errors import StateError

# A version record exactly as a prototype build (schema 0, no "schema" key) saved it.
SCHEMA_0 = {
    "id": "9f2c", "number": 2, "parent_id": "11aa", "branch_name": "lighting", "state": "in_review",
    "created": "2024-11-02T10:00:00Z", "world_id": "courtyard-1", "spec": '{"prompt": "a courtyard"}',
    "seed": 7, "generator": "procedural", "recipe": '[{"op": "branch"}]',
    "notes": "warmer torches\n\nmove the well left",
}


def test_schema_0_record_migrates_to_current_fields():
    new = schema.migrate_version(SCHEMA_0)
    assert new["schema"] == schema.SCHEMA_VERSION
    assert (new["parent"], new["branch"], new["review_state"]) == ("11aa", "lighting", "in_review")
    notes = json.loads(new["notes"])
    assert [n["text"] for n in notes] == ["warmer torches", "move the well left"]
    assert json.loads(new["review"]) == [] and json.loads(new["approval_hashes"]) == {}
    assert schema.problems(new) == []
    assert "parent_id" in SCHEMA_0  # input untouched


def test_current_record_is_not_changed_by_migration():
    new = schema.migrate_version(SCHEMA_0)
    assert schema.migrate_version(new) == new


def test_newer_schema_is_refused():
    with pytest.raises(StateError, match="newer Worldsmith"):
        schema.migrate_version({**SCHEMA_0, "schema": 99})


def test_problems_list_each_malformed_field():
    bad = {"schema": 1, "id": "", "number": "two", "branch": "main", "review_state": "done",
           "notes": "{not json", "recipe": '{"a": 1}'}
    found = " | ".join(schema.problems(bad))
    for word in ("'id'", "'number'", "'review_state'", "'notes'", "'recipe'"):
        assert word in found
    assert schema.problems(None)


def test_repair_fills_from_fallback_and_never_approves():
    fallback = {"id": "abc", "number": 3, "branch": "main", "world_id": "w", "created": "2025"}
    fixed, fixes = schema.repair_version({"schema": 1, "review_state": "approvedish", "notes": "x["}, fallback)
    assert schema.problems(fixed) == []
    assert (fixed["id"], fixed["number"], fixed["review_state"]) == ("abc", 3, "draft")
    assert fixes
    again, more = schema.repair_version(fixed, fallback)
    assert again == fixed and more == []


def test_repair_keeps_readable_values():
    good = schema.migrate_version(SCHEMA_0)
    fixed, fixes = schema.repair_version(good, {"id": "other", "number": 9})
    assert fixed["id"] == "9f2c" and fixed["number"] == 2 and json.loads(fixed["notes"])


def test_decode_field_type_checks():
    assert schema.decode_field({"spec": '{"a": 1}'}, "spec") == {"a": 1}
    assert schema.decode_field({}, "notes") == []
    with pytest.raises(StateError, match="repair"):
        schema.decode_field({"spec": "[1]"}, "spec")
