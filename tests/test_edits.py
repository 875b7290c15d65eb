"""Fixes as text edits: validation, ordering, overlaps, and that bytes outside edits stay."""

from __future__ import annotations

import pytest

from artlint.edits import Applicability, Edit, Fix, apply_fixes, delete, replace


def test_edit_rejects_bad_spans():
    with pytest.raises(ValueError):
        Edit(5, 3)
    with pytest.raises(ValueError):
        Edit(-1, 2)


def test_fix_sorts_its_edits_and_knows_its_extent():
    f = Fix([Edit(8, 9, "b"), Edit(1, 2, "a")], "unsafe", "two")
    assert [e.start for e in f.edits] == [1, 8]
    assert (f.start, f.end) == (1, 9)
    assert f.applicability is Applicability.UNSAFE and not f.is_safe
    assert f.to_dict() == {"title": "two", "applicability": "unsafe",
                           "edits": [{"start": 1, "end": 2, "replacement": "a"},
                                     {"start": 8, "end": 9, "replacement": "b"}]}


def test_helpers_build_single_edit_fixes():
    assert delete(1, 3, "d").edits == (Edit(1, 3, ""),)
    r = replace(0, 1, "X", "r", "unsafe")
    assert r.edits == (Edit(0, 1, "X"),) and not r.is_safe


def test_apply_keeps_every_character_outside_the_edits():
    text = "<p style=\"a\">&nbsp;x</p>\r\n<!-- c --><b>y</b>"
    fixes = [delete(2, 12, "style"), delete(text.index("<!--"), text.index("<b>"), "comment")]
    new, taken = apply_fixes(text, fixes)
    assert new == "<p>&nbsp;x</p>\r\n<b>y</b>"
    assert taken == [0, 1]


def test_apply_orders_by_position_not_by_list_order():
    new, taken = apply_fixes("abcdef", [replace(4, 5, "E", "e"), replace(0, 1, "A", "a")])
    assert new == "AbcdEf" and sorted(taken) == [0, 1]


def test_overlapping_fix_is_skipped_whole():
    text = "0123456789"
    a = Fix([Edit(1, 3, "x")])
    b = Fix([Edit(2, 4, "y"), Edit(8, 9, "z")])  # overlaps a, so its second edit is not applied either
    c = Fix([Edit(6, 7, "w")])
    new, taken = apply_fixes(text, [b, a, c])
    assert new == "0x345w789"
    assert sorted(taken) == [1, 2]


def test_adjacent_edits_do_not_overlap():
    new, taken = apply_fixes("abcd", [delete(0, 2, "a"), delete(2, 4, "b")])
    assert new == "" and len(taken) == 2


def test_two_insertions_at_one_point_conflict():
    new, taken = apply_fixes("ab", [replace(1, 1, "X", "x"), replace(1, 1, "Y", "y")])
    assert new in ("aXb", "aYb") and len(taken) == 1


def test_a_fix_whose_own_edits_overlap_is_not_applied():
    new, taken = apply_fixes("abcd", [Fix([Edit(0, 2, "x"), Edit(1, 3, "y")])])
    assert (new, taken) == ("abcd", [])


def test_empty_fix_and_no_fixes_change_nothing():
    assert apply_fixes("abc", []) == ("abc", [])
    assert apply_fixes("abc", [Fix([])]) == ("abc", [])
