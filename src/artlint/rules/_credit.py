"""Credit lines (``责任编辑：…``, ``来源：…``): finding them as whole elements or lines, and moving their
value into the front-matter. The patterns come from packs (the ``credit`` section, ``rules/credits.toml``)."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass

from .._memo import Memo
from ..edits import Edit, Fix
from ..html import Element, Text
from ..packs import collect
from ._markup import text_starts
from ._util import find_all

_SPACE = " \t\r\n\f\u00a0\u3000"
_S = r"[\s\u00a0\u3000]*"
_SEP = r"[：:丨|]"
#: elements a credit line may be written as (blocks and the inline wrappers around their text)
CONTAINERS = frozenset("p div span font section td li strong b em small i u center h1 h2 h3 h4 h5 h6 "
                       "blockquote figcaption".split())
_INLINE = frozenset("span font strong b em small i u".split())
#: a credit names a person or an outlet; anything longer is a sentence that happens to start that way
MAX_VALUE = 40
_PATTERNS: dict[tuple, re.Pattern] = {}


@dataclass(frozen=True)
class Credit:
    start: int
    end: int
    key: str
    label: str
    value: str
    reason: str


def _pattern(labels: tuple[str, ...]) -> re.Pattern:
    pat = _PATTERNS.get(labels)
    if pat is None:
        alts = "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True))
        pat = _PATTERNS[labels] = re.compile(
            rf"{_S}(?P<label>{alts}){_S}{_SEP}{_S}(?P<value>\S(?:.*\S)?){_S}", re.S)
    return pat


_ENTRIES = Memo(64)  # (id(packs), key) -> (packs, entries): packs are loaded once


def entries(article, key: str) -> list[tuple[tuple[str, ...], str]]:
    return [(labels, reason) for labels, _minimal, reason in _spec(article, key)]


def _spec(article, key: str) -> list[tuple[tuple[str, ...], tuple[str, ...], str]]:
    """The key's entries as (labels, minimal labels, reason). A text run holds one of the labels exactly
    when it holds one of the minimal ones (those that contain no other label of the entry), so only
    those are searched for."""
    packs = article.context.get("packs") or ()
    got = _ENTRIES.get((id(packs), key))
    if got is not None and got[0] is packs:
        return got[1]
    out = []
    for _pack, e in collect(packs, "credit"):
        if isinstance(e, dict) and e.get("key") == key and e.get("labels"):
            labels = (e["labels"],) if isinstance(e["labels"], str) else tuple(map(str, e["labels"]))
            minimal = tuple(dict.fromkeys(x for x in labels if not any(y != x and y in x for y in labels)))
            out.append((labels, minimal, str(e.get("reason", ""))))
    _ENTRIES.put((id(packs), key), (packs, out))  # holding packs keeps their id from being reused
    return out


def _next_br(el: Element, text: str) -> int | None:
    """End of a ``<br>`` that follows ``el`` with only whitespace between, if any."""
    parent = el.parent
    if parent is None:
        return None
    sibs = parent.children
    i = next((k for k, n in enumerate(sibs) if n is el), None)
    for n in sibs[i + 1:] if i is not None else ():
        if isinstance(n, Text) and not n.raw.strip(_SPACE):
            continue
        if isinstance(n, Element) and n.tag == "br":
            return n.end
        return None
    return None


def _runs_with(article, present: list[tuple[str, list[int]]]) -> list[Text]:
    """The body's text runs that hold one of the ``present`` labels whole, in document order: found from
    where the labels occur (given), not by searching every run."""
    texts, starts = text_starts(article)
    found: set[int] = set()
    for x, where in present:
        n = len(x)
        for i in where:
            k = bisect_right(starts, i) - 1
            if k >= 0 and i + n <= texts[k].end:
                found.add(k)
    return [texts[k] for k in sorted(found)]


def find(article, key: str) -> list[Credit]:
    found: list[Credit] = []
    specs = _spec(article, key)
    if not specs:
        return found
    text, bs, be = article.text, article.body_start, article.body_end
    # Only the labels the body holds can be in one of its text runs.
    specs = [(labels, [(x, where) for x in minimal if (where := find_all(text, x, bs, be))], reason)
             for labels, minimal, reason in specs]
    specs = [spec for spec in specs if spec[1]]
    if not specs:
        return found
    seen: set[int] = set()
    for labels, present, reason in specs:
        pat = _pattern(labels)
        for t in _runs_with(article, present):
            hit = _element_line(t, pat, text)
            if hit is not None:
                el, m = hit
                if id(el) in seen:
                    continue
                seen.add(id(el))
                end = el.end
                if el.tag in _INLINE:
                    end = _next_br(el, text) or end
                found.append(Credit(el.start, end, key, m.group("label"), m.group("value"), reason))
                continue
            m = pat.fullmatch(t.text)
            if m and len(m.group("value")) <= MAX_VALUE and _own_line(t):
                found.append(Credit(t.start, t.end, key, m.group("label"), m.group("value"), reason))
    found.sort(key=lambda c: c.start)
    return found


def _text_upto(el: Element, limit: int) -> str | None:
    """``el.text_content()``, or ``None`` as soon as it is known to be longer than ``limit``: a credit
    line is short, and the walk up from a label must not read a whole article's text to learn that."""
    parts: list[str] = []
    size = 0
    stack: list = list(reversed(el.children))
    while stack:
        node = stack.pop()
        if isinstance(node, Text):
            s = node.text
            size += len(s)
            if size > limit:
                return None
            parts.append(s)
        elif isinstance(node, Element) and node.children:
            stack.extend(reversed(node.children))
    return "".join(parts)


def _only_space_besides(parent: Element, child: Element) -> bool:
    """Whether all of ``parent``'s text outside ``child`` is whitespace: then, ``child``'s text having
    something else, both read the same once stripped."""
    stack: list = list(reversed(parent.children))
    while stack:
        node = stack.pop()
        if node is child:
            continue
        if isinstance(node, Text):
            if node.text.strip(_SPACE):
                return False
        elif isinstance(node, Element) and node.children:
            stack.extend(reversed(node.children))
    return True


def _element_line(t: Text, pat: re.Pattern, text: str):
    el = t.parent
    for _ in range(6):
        if el is None or el.tag not in CONTAINERS:
            return None
        content = _text_upto(el, 4 * MAX_VALUE)
        if content is None:
            return None
        m = pat.fullmatch(content)
        if m:
            if len(m.group("value")) > MAX_VALUE:
                return None
            while el.parent is not None and el.parent.tag in CONTAINERS and \
                    _only_space_besides(el.parent, el) and \
                    not any(isinstance(n, Element) and n.tag == "img" for n in el.parent.iter()):
                el = el.parent
            return el, m
        el = el.parent
    return None


def _own_line(t: Text) -> bool:
    """A bare text run that is a line of its own: only ``<br>`` or the parent's edges around it."""
    sibs = t.parent.children if t.parent is not None else []
    i = next((k for k, n in enumerate(sibs) if n is t), None)
    if i is None:
        return False
    before = sibs[i - 1] if i > 0 else None
    after = sibs[i + 1] if i + 1 < len(sibs) else None
    ok = lambda n: n is None or (isinstance(n, Element) and n.tag == "br")  # noqa: E731
    return ok(before) and ok(after)


_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#\n]*")
_YAML_WORDS = frozenset("true false yes no on off null ~ y n".split())


def _yaml_value(v: str) -> str:
    if _PLAIN.fullmatch(v) and not v.endswith(" ") and v.lower() not in _YAML_WORDS and \
            not re.fullmatch(r"[-+.\d][\d_.:eE+-]*", v):
        return v
    return "'" + v.replace("'", "''") + "'"


def move_fix(article, credit: Credit, key: str, removal: Edit) -> Fix | None:
    """An unsafe fix that writes the credit's value under ``key`` in the front-matter and removes it
    from the body; ``None`` when the front-matter already has the key or cannot take a new line."""
    fm = article.front_matter
    if fm is None or fm.format not in ("yaml", "toml") or key in fm.data:
        return None
    nl = article.newline
    if fm.format == "yaml":
        line = f"{key}: {_yaml_value(credit.value)}{nl}"
    else:
        line = f"{key} = {json.dumps(credit.value, ensure_ascii=False)}{nl}"
    at = fm.content_end
    if at > fm.content_start and article.text[at - 1] != "\n":
        line = nl + line
    return Fix([Edit(at, at, line), removal], "unsafe", f"Move the {credit.label} credit into front-matter '{key}'")


def credit_violations(rule, article, options, key: str):
    target = options.get("front-matter-key") or key
    unsafe = bool(article.context.get("unsafe-fixes"))
    out = []
    for c in find(article, key):
        removal = Edit(c.start, c.end, "")
        fix = move_fix(article, c, target, removal) if unsafe else None
        if fix is None:
            fix = Fix([removal], "safe", f"Remove the {c.label} credit")
        msg = f"{c.label}：{c.value} in the body (belongs in front-matter '{target}')"
        out.append(rule.violation(article, c.start, c.end, msg, fix))
    return out
