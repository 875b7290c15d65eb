"""A fast reader for the flat YAML that almost every front-matter is: ``key: scalar`` lines and
``key:`` followed by ``- item`` lines.

It returns exactly what PyYAML's safe loader would (data, and the spans ``yaml.compose`` gives), or
``None`` as soon as a line needs real YAML (anchors, flow collections, block scalars, escapes, floats,
nulls, nested maps, duplicate keys, blank lines inside a list, …), in which case the caller uses
libyaml. Plain scalars that look like dates or numbers are typed by PyYAML's own resolver. Front-matter
is parsed for every file on every fix pass, and libyaml plus PyYAML's Python constructor cost as much as
parsing the whole HTML body; this keeps the common case one regex match per line. A test compares both
readers over the corpus.
"""

from __future__ import annotations

import re

from .article import Entry  # imported by article.py on first use, when article is complete

_VALUE = r"""(?:'(?P<sq>[^'\r\n]*(?:''[^'\r\n]*)*)'|"(?P<dq>[^"\\\r\n]*)"
  |(?P<pl>[^-?:,\[\]{}#&*!|>'"%@`\s][^:#\r\n]*(?:(?::(?=[^\s])|(?<=[^\s])\#)[^:#\r\n]*)*))"""
_KEY_LINE = re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+" + _VALUE + r")?[ \t]*\r?(?:\n|\Z)", re.X)
_ITEM_LINE = re.compile(r"(?P<ind>[ \t]*)-[ \t]+" + _VALUE + r"[ \t]*\r?(?:\n|\Z)", re.X)
_SKIP_LINE = re.compile(r"[ \t]*(?:\#[^\n]*)?\r?\n")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
         "yes": True, "Yes": True, "YES": True, "no": False, "No": False, "NO": False,
         "on": True, "On": True, "ON": True, "off": False, "Off": False, "OFF": False}
# First characters of everything ``_INT`` and ``_OTHER`` can match.
_NUMERIC_START = frozenset("0123456789+-.<=~nN")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
# Plain scalars the resolver turns into types not constructed here (floats, dates, octal, null, merge…).
_OTHER = re.compile(r"""[-+]?(?:\.[0-9]|[0-9][0-9_]*(?:[.eE:]|\Z)|\.(?:inf|Inf|INF|nan|NaN|NAN)\Z)
                        |0[bxo]|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|<<|=\Z|~\Z|(?:null|Null|NULL)\Z""", re.X)


# Where this reader and libyaml part ways (control characters and tabs libyaml rejects, line breaks other
# than \n, a byte order mark) or keys YAML types (``on:`` is the key True): the reader has always read such
# front-matter, so a file without dates keeps reading the same; a file with a typed value went to libyaml
# before, and still does.
_ODD_TEXT = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_ODD_KEY = re.compile("^(?:" + "|".join(sorted(set(_BOOL) | {"null", "Null", "NULL"})) + "):", re.M)
_new_entry = tuple.__new__  # Entry's fields without NamedTuple.__new__'s Python-level call
_yaml_tools = None
_odd_memo: tuple = (None, False)  # (front-matter text, whether it is odd), replaced as one tuple


def _resolved(v: str, src: str):
    """``(value,)`` for a plain scalar the patterns above leave to YAML (dates, version numbers, …) when
    PyYAML reads it as a string or a timestamp and ``src`` is plain (see ``_ODD_TEXT``), else ``None``.
    PyYAML's own resolver and constructor decide, so the value is exactly the one libyaml's loader gives;
    front-matter dates are common enough that sending every such file to libyaml cost as much as reading
    all the others."""
    global _yaml_tools, _odd_memo
    memo = _odd_memo
    if memo[0] is not src:  # once per front-matter, however many dates it holds (linear on hostile input)
        memo = _odd_memo = (src, _ODD_TEXT.search(src) is not None or _ODD_KEY.search(src) is not None)
    if memo[1]:
        return None
    if _yaml_tools is None:
        import yaml

        _yaml_tools = (yaml.resolver.Resolver(), yaml.constructor.SafeConstructor(), yaml.ScalarNode)
    resolver, constructor, node = _yaml_tools
    tag = resolver.resolve(node, v, (True, False))
    if tag == "tag:yaml.org,2002:str":
        return (v,)
    if tag == "tag:yaml.org,2002:timestamp":
        try:
            return (constructor.construct_yaml_timestamp(node(tag, v)),)
        except (ValueError, TypeError, OverflowError):
            return None  # no such date: libyaml's path reports it
    return None


def _value(m, kind):
    """(value, style, start, end, node text) of the value matched as group ``kind``, or None if it needs
    real YAML."""
    v = m[kind]
    s, e = m.span(kind)
    if kind == "sq":
        v = v.replace("''", "'")
        return v, "'", s - 1, e + 1, v
    if kind == "dq":
        return v, '"', s - 1, e + 1, v
    if v[-1] in " \t":
        v = v.rstrip(" \t")
        e = s + len(v)
    b = _BOOL.get(v)
    if b is not None:
        return b, "", s, e, v
    if v[0] not in _NUMERIC_START:  # most plain values are words: no number, date or null to type
        return v, "", s, e, v
    if _INT.match(v):
        return int(v), "", s, e, v
    if _OTHER.match(v):
        got = _resolved(v, m.string)
        if got is None:
            return None
        return got[0], "", s, e, v
    return v, "", s, e, v


def parse(src: str, base: int):
    """``(data, entries)`` for ``src`` (offsets shifted by ``base``), or ``None`` to defer to libyaml."""
    data: dict = {}
    entries: dict = {}
    pos, n = 0, len(src)
    key_line, item_line, skip_line = _KEY_LINE.match, _ITEM_LINE.match, _SKIP_LINE.match
    while pos < n:
        m = key_line(src, pos)
        if m is None:
            sm = skip_line(src, pos)
            if sm is None:
                return None
            pos = sm.end()
            continue
        key = m[1]
        if key in data:
            return None
        ks = base + pos  # the match is anchored at ``pos``
        kind = m.lastgroup  # the value's group (its quoting), or "key" when the line has no value
        if kind != "key":
            got = _value(m, kind)
            if got is None:
                return None
            value, style, s, e, _ = got
            data[key] = value
            entries[key] = _new_entry(Entry, (key, value, ks, ks + len(key), base + s, base + e, style, ()))
            pos = m.end()
            continue
        # ``key:`` alone: a block sequence of "- item" lines must follow (an empty value is null,
        # whose span libyaml knows).
        pos = m.end()
        items = []
        indent = None
        while pos < n:
            im = item_line(src, pos)
            if im is None:
                break
            if indent is None:
                indent = im[1]
            elif im[1] != indent:
                return None
            got = _value(im, im.lastgroup)
            if got is None:
                return None
            items.append((pos + len(indent), got))
            pos = im.end()
        if not items or (pos < n and src[pos] in " \t\r\n#"):
            return None
        value = [g[0] for _, g in items]
        data[key] = value
        entries[key] = _new_entry(Entry, (key, value, ks, ks + len(key), base + items[0][0], base + pos, "seq",
                                          tuple([(base + g[2], base + g[3], g[4], g[1]) for _, g in items])))
    return data, entries
