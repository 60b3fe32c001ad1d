"""The version tree and naming rules (addon/core/versions.py), in plain Python."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addon.core import versions
from addon.core.errors import InvalidInput


def rec(vid, number, parent="", branch="main", state="draft"):
    return {"id": vid, "number": number, "parent": parent, "branch": branch, "review_state": state}


def test_tree_puts_children_under_parents_in_number_order():
    records = [rec("c", 3, "a", "lighting"), rec("a", 1), rec("b", 2, "a", "props"), rec("d", 4, "b")]
    rows = versions.tree(records)
    assert [(r.id, r.depth) for r in rows] == [("a", 0), ("b", 1), ("d", 2), ("c", 1)]
    assert not any(r.orphan for r in rows)


def test_tree_shows_orphans_and_cycles_instead_of_hiding_them():
    records = [rec("a", 1), rec("x", 2, "gone"), rec("p", 3, "q"), rec("q", 4, "p")]
    rows = versions.tree(records)
    assert sorted(r.id for r in rows) == ["a", "p", "q", "x"]
    assert {r.id for r in rows if r.orphan} >= {"x"}


@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=12))
def test_tree_lists_every_record_exactly_once(pairs):
    records = [rec(f"v{i}", i + 1, f"v{p}" if p != i else "") for i, (p, _) in enumerate(pairs)]
    rows = versions.tree(records)
    assert sorted(r.id for r in rows) == sorted(r["id"] for r in records)


def test_delete_refused_for_parent_and_approved():
    records = [rec("a", 1), rec("b", 2, "a"), rec("c", 3, "a", state="approved")]
    assert "child versions (v2, v3)" in versions.delete_refusal(records[0], records)
    assert "approved" in versions.delete_refusal(records[2], records)
    assert versions.delete_refusal(records[1], records) is None


@pytest.mark.parametrize("name", ["a/b", "a\\b", "c:d", "*", "what?", 'q"', "<x>", "a|b", "tab\there",
                                  "new\nline", "x" * 64, "é" * 32, "", "   ", "..", None, 5])
def test_bad_names_are_refused_with_a_reason(name):
    with pytest.raises(InvalidInput) as info:
        versions.check_name(name)
    assert "name" in str(info.value)


@pytest.mark.parametrize("name", ["main", "lighting pass", "x" * 63, "é" * 31, "v2-fix_3 (ana)"])
def test_good_names_pass(name):
    assert versions.check_name(name) == name


def test_collection_name_fits_blender_limit():
    assert versions.collection_name("Courtyard", 2, "main") == "Courtyard v2 main"
    long = versions.collection_name("Ü" * 60, 12, "x" * 40)
    assert len(long.encode()) <= 63
    long.encode().decode("utf-8")  # never cut inside a character


def test_next_number():
    records = [rec("a", 1), rec("b", 5, "a")]
    assert versions.next_number(records) == 6
    assert versions.next_number([]) == 1
