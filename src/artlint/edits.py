"""Fixes as data: text edits with spans into the raw file, and how to apply them."""

from __future__ import annotations

import enum
import sys
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Iterable, Sequence


class Applicability(str, enum.Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"


class Edit:
    """Replace ``text[start:end]`` with ``replacement`` (character offsets into the file's text).

    Immutable by convention; a plain slotted class because rules create thousands of these per run and a
    frozen dataclass costs several times more to build.
    """

    __slots__ = ("start", "end", "replacement")

    def __init__(self, start: int, end: int, replacement: str = "") -> None:
        if not 0 <= start <= end:
            raise ValueError(f"bad edit span {start}..{end}")
        self.start = start
        self.end = end
        self.replacement = replacement

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Edit) and (self.start, self.end, self.replacement) == \
            (other.start, other.end, other.replacement)

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.replacement))

    def __repr__(self) -> str:
        return f"Edit(start={self.start}, end={self.end}, replacement={self.replacement!r})"

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "replacement": self.replacement}


def _edit_key(e: Edit) -> tuple[int, int]:
    return e.start, e.end


class Fix:
    """A set of edits applied together or not at all (immutable by convention, see ``Edit``)."""

    __slots__ = ("edits", "applicability", "title")

    def __init__(self, edits: Iterable[Edit], applicability: Applicability | str = Applicability.SAFE,
                 title: str = "") -> None:
        edits = tuple(edits)
        self.edits: tuple[Edit, ...] = edits if len(edits) < 2 else tuple(sorted(edits, key=_edit_key))
        self.applicability = applicability if applicability.__class__ is Applicability \
            else Applicability(applicability)
        self.title = title

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Fix) and (self.edits, self.applicability, self.title) == \
            (other.edits, other.applicability, other.title)

    def __hash__(self) -> int:
        return hash((self.edits, self.applicability, self.title))

    def __repr__(self) -> str:
        return f"Fix(edits={self.edits!r}, applicability={self.applicability!r}, title={self.title!r})"

    @property
    def is_safe(self) -> bool:
        return self.applicability is Applicability.SAFE

    @property
    def start(self) -> int:
        return self.edits[0].start if self.edits else 0

    @property
    def end(self) -> int:
        return max((e.end for e in self.edits), default=0)

    def to_dict(self) -> dict:
        return {"title": self.title, "applicability": self.applicability.value,
                "edits": [e.to_dict() for e in self.edits]}

    @classmethod
    def from_dict(cls, d: dict) -> Fix:
        return cls([Edit(e["start"], e["end"], e["replacement"]) for e in d["edits"]], d["applicability"],
                   d.get("title", ""))


def delete(start: int, end: int, title: str, applicability: Applicability | str = Applicability.SAFE) -> Fix:
    return Fix([Edit(start, end, "")], applicability, title)


def replace(start: int, end: int, text: str, title: str,
            applicability: Applicability | str = Applicability.SAFE) -> Fix:
    return Fix([Edit(start, end, text)], applicability, title)


@dataclass
class _Applied:
    text: str
    applied: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


def _overlaps(a: Edit, b: Edit) -> bool:
    # Two insertions at one point conflict too: their order would be arbitrary.
    if a.start == a.end == b.start == b.end:
        return True
    return a.start < b.end and b.start < a.end


def _clashes(e: Edit, keys: list[tuple[int, int]], accepted: list[Edit]) -> bool:
    """Whether ``e`` overlaps one of the accepted edits (sorted by start and end, pairwise disjoint: of
    those starting before ``e``, only the last can reach into it)."""
    j = bisect_left(keys, (e.start, -1)) - 1
    if j >= 0 and _overlaps(e, accepted[j]):
        return True
    j += 1
    while j < len(accepted) and keys[j][0] <= e.end:
        if _overlaps(e, accepted[j]):
            return True
        j += 1
    return False


def apply_fixes(text: str, fixes: Sequence[Fix]) -> tuple[str, list[int]]:
    """Apply the fixes that do not overlap an earlier one; return the new text and the indexes applied.

    Fixes are taken in order of their first edit; a fix whose edits overlap an accepted edit is skipped
    whole (the engine re-runs the rules, so it gets another chance on the next pass). A fix whose edits
    all lie inside text that another fix deletes (a comment inside a removed promo block, trailing
    spaces on a blank line that is removed) is done when that deletion is: it neither blocks the
    deletion nor waits for another pass.
    """
    valid = [_valid(f) for f in fixes]
    inside = _subsumed(fixes, valid)
    order = sorted(range(len(fixes)), key=lambda i: (fixes[i].start, fixes[i].end))
    # Accepted edits never overlap, so keeping them sorted by start lets each new edit be checked
    # against its few neighbours only: linear-logarithmic even for fixes with thousands of edits.
    keys: list[tuple[int, int]] = []
    accepted: list[Edit] = []
    taken: list[int] = []
    for i in order:
        if not valid[i] or i in inside:
            continue
        edits = fixes[i].edits
        if any(_clashes(e, keys, accepted) for e in edits):
            continue
        for e in edits:
            at = bisect_right(keys, (e.start, e.end))
            keys.insert(at, (e.start, e.end))
            accepted.insert(at, e)
        taken.append(i)
    if not accepted:
        return text, []
    if inside:
        taken.extend(i for i in inside if all(_deleted(e, keys, accepted) for e in fixes[i].edits))
        taken.sort()
    accepted.sort(key=lambda e: (e.start, e.end))
    parts: list[str] = []
    pos = 0
    for e in accepted:
        parts.append(text[pos:e.start])
        parts.append(e.replacement)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts), taken


def _valid(f: Fix) -> bool:
    """A fix can be applied at all: it has edits and they do not overlap one another."""
    return bool(f.edits) and not any(_overlaps(x, y) for x, y in zip(f.edits, f.edits[1:]))


def _inside(e: Edit, start: int, end: int) -> bool:
    """Whether ``e`` lies strictly inside the deletion ``start..end`` (an insertion not at its edges, a
    span inside it and not the same span)."""
    if e.start == e.end:
        return start < e.start < end
    return start <= e.start and e.end <= end and (start, end) != (e.start, e.end)


def _subsumed(fixes: Sequence[Fix], valid: list[bool]) -> set[int]:
    """Indexes of the valid fixes whose every edit lies strictly inside a deletion of another valid fix.

    Strict containment cannot go round in a circle, so some fix of every such chain is applied. For
    each edit only the deletion reaching furthest among those starting at or before it can decide (the
    earliest such, for the widest reach), kept as a running maximum over deletions sorted by start,
    once over all fixes and once more for a fix other than the one reaching furthest: linear-logarithmic
    for any number of fixes.
    """
    dels = sorted((e.start, e.end, i) for i, f in enumerate(fixes) if valid[i] for e in f.edits
                  if e.end > e.start and not e.replacement)
    if not dels:
        return set()
    starts: list[int] = []
    reach: list[tuple[tuple[int, int, int], tuple[int, int, int]]] = []
    none = (-1, -1, -1)
    best1 = best2 = none  # (end, start, fix): furthest deletion, and furthest of another fix
    for s, e, i in dels:
        if e > best1[0]:
            if i != best1[2]:
                best2 = best1
            best1 = (e, s, i)
        elif i != best1[2] and e > best2[0]:
            best2 = (e, s, i)
        starts.append(s)
        reach.append((best1, best2))
    out = set()
    for i, f in enumerate(fixes):
        if not valid[i]:
            continue
        for e in f.edits:
            j = (bisect_right(starts, e.start) if e.end > e.start else bisect_left(starts, e.start)) - 1
            if j < 0:
                break
            best1, best2 = reach[j]
            end, start, _ = best1 if best1[2] != i else best2
            if end < 0 or not _inside(e, start, end):
                break
        else:
            out.add(i)
    return out


def _deleted(e: Edit, keys: list[tuple[int, int]], accepted: list[Edit]) -> bool:
    """Whether ``e`` lies inside an accepted deletion. Accepted edits are disjoint and sorted, and
    nothing accepted can start inside an accepted deletion, so the deletion, if any, is the last edit
    starting at or before ``e`` (before, for an insertion)."""
    j = (bisect_right(keys, (e.start, sys.maxsize)) if e.end > e.start else bisect_left(keys, (e.start,))) - 1
    if j < 0:
        return False
    d = accepted[j]
    return d.end > d.start and not d.replacement and _inside(e, d.start, d.end)
