"""Small helpers the built-in rules share; they work on spans only."""

from __future__ import annotations

from ..edits import Edit
from ..html import Attr

def attr_removal(text: str, attr: Attr, tag_start: int) -> Edit:
    """Remove an attribute and the whitespace that separates it from what precedes it.

    When another attribute follows with no space between (``style="a"x``, which browsers accept), that
    whitespace stays: taking it would glue the next attribute to the tag name (``<iframe x">`` would
    become ``<iframex">``, another element whose content is no longer raw text).
    """
    start = attr.start
    if attr.end < len(text) and text[attr.end] not in " \t\r\n\f/>":
        return Edit(start, attr.end, "")
    while start > tag_start and text[start - 1] in " \t\r\n\f":
        start -= 1
    return Edit(start, attr.end, "")


def yaml_scalar(value: str, style: str) -> str:
    """``value`` written with the quoting style the old value had (plain, ' or ")."""
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


_PROBES: dict[str, tuple[str, ...]] = {}
_WALK: dict[str, tuple[str, int]] = {}  # needle -> (character walked, its offset in the needle)
# ASCII characters from the most to the least common in scraped HTML (markup, URLs, English words):
# probing for a rare one first answers most searches with one memchr. Others count as rarest.
_BY_FREQUENCY = " \n<>=\"/.-:;etaoinsrhldcpumfgwybv0123456789_&#%?,'()kxjqz"
_RANK = {c: i for i, c in enumerate(_BY_FREQUENCY)}


def _rarity(c: str) -> int:
    return _RANK.get(c, 100 if c.isascii() else 200)


def _probes(needle: str) -> tuple[str, ...]:
    # Rarest first; among equals (CJK characters), the later ones: the first of 来源 is the everyday one.
    probes = tuple(sorted(dict.fromkeys(reversed(needle)), key=_rarity, reverse=True)[:2])
    if len(_PROBES) < 4096:
        _PROBES[needle] = probes
    return probes


def occurs(text: str, needle: str, start: int, end: int) -> bool:
    """``needle in text[start:end]``, answered without a copy and, most of the time, without the slow
    search: CPython finds one character with memchr, ten times faster than a longer needle, and a
    needle whose least common characters are absent is absent."""
    probes = _PROBES.get(needle) or _probes(needle)
    for c in probes:
        if text.find(c, start, end) < 0:
            return False
    return len(needle) == 1 or text.find(needle, start, end) >= 0


def find_all(text: str, needle: str, start: int, end: int) -> list[int]:
    """Every offset in ``start..end`` where ``needle`` starts (overlapping ones too), in order.

    The search walks the occurrences of the needle's least common-looking character with memchr and
    checks the needle around each: for a label such as ``编辑`` that is a few steps, where a search
    for the whole needle reads every character of the text.
    """
    if len(needle) < 2:
        out = []
        i = text.find(needle, start, end)
        while i >= 0:
            out.append(i)
            i = text.find(needle, i + 1, end)
        return out
    got = _WALK.get(needle)
    if got is None:
        # The last of the least common-looking characters: in labels such as 来源 or 编辑 the first
        # character is the everyday one.
        c = (_PROBES.get(needle) or _probes(needle))[0]
        got = (c, needle.rindex(c))
        if len(_WALK) < 4096:
            _WALK[needle] = got
    c, k = got
    find, starts_with = text.find, text.startswith
    out = []
    misses = 0
    q = find(c, start + k, end)
    while q >= 0:
        if starts_with(needle, q - k, end):
            out.append(q - k)
        else:
            misses += 1
            if misses > 8:
                # A common character after all: the plain search from here is cheaper.
                i = find(needle, q - k + 1, end)
                while i >= 0:
                    out.append(i)
                    i = find(needle, i + 1, end)
                return out
        q = find(c, q + 1, end)
    return out


def string_entries(article, keys):
    """``(key, entry, value)`` for each of ``keys`` whose front-matter value is a string, in order."""
    fm = article.front_matter
    if fm is None:
        return
    for key in keys:
        entry = fm.entries.get(key)
        value = fm.data.get(key)
        if entry is not None and isinstance(value, str):
            yield key, entry, value
