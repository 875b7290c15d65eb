"""Remove attributes the HTML standard does not define (``cms-style``, ``zoomfile``, …).

## What it does
Reports attributes that are neither global attributes, event handlers, ``data-*``/``aria-*``, nor
defined by the HTML standard for that element, and removes them. Standard attributes that scraped
content depends on stay: ``referrerpolicy`` (hot-linked images from several Chinese hosts load only
with it), ``loading``, ``srcset``, ``sizes``, ``data-*``. Elements the standard does not know (custom
elements, tags inside ``<pre>``/``<code>`` samples, SVG and MathML) are left alone.

## Why is this bad?
A source CMS's private attributes (``cms-style="font-L"``, GameRes's ``zoomfile``/``aid``/``inpost``,
``lazyloadthumb``) do nothing on your site, bloat every paragraph, make the HTML invalid, and leak the
source's internals.

## Example
```html
<p cms-style="font-L">正文</p>
```

## Use instead
```html
<p>正文</p>
<img src="https://example.com/a.png" alt="图" referrerpolicy="no-referrer" loading="lazy" data-id="7">
```

## Options
- ``allow`` (list of strings, default ``["vocab", "typeof", "property", "resource", "prefix"]``,
  the RDFa Lite attributes): attribute names, or ``fnmatch`` patterns such as ``"x-*"``, that are kept
  on every element.

Packs: ``[[tag-map]]`` entries with ``wrap = true`` name an attribute token that means something a
reader sees (``tag``, ``attribute``, ``token``, ``element``): when such an attribute is removed, the
element's content is wrapped in ``element``, so Sina's bold subheadings
(``<p cms-style="font-L strong-Bold">``) stay bold as ``<p><strong>…</strong></p>``.

## Fix safety
Safe: the attribute and the whitespace before it are removed; the rest of the tag stays byte for byte.
A ``wrap`` entry adds only the new start and end tags around the content, which stays as it was.
Obsolete but specified attributes (``align``, ``border``, ``bgcolor``, …) are not reported here.
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase

from .._memo import Memo
from ..edits import Applicability, Edit, Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from ._html_attrs import ALLOWED
from ._markup import in_literal
from ._urls import pack_table
from ._util import attr_removal

# Names outside this shape are debris of a malformed tag (``<a href="<a href=…">``), a link rule's case.
_NAME = re.compile(r"[a-z_:][-a-z0-9_:.]*\Z")
# Attribute names of a raw start tag without building Attr objects: most tags hold only standard names.
_NAMES = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")
_PREFIXES = ("data-", "aria-", "on")
# Start tags known to hold only standard attributes (the allow-list only adds to what is accepted).
_clean = Memo(8192)


class NonstandardAttribute(Rule):
    code = "HT005"
    name = "nonstandard-attribute"
    summary = "Attribute not defined by the HTML standard"
    groups = ("html", "cleanup")
    fix = "safe"
    severity = Severity.WARNING
    options_schema = {
        "type": "object",
        "properties": {"allow": {"type": "array", "items": {"type": "string"},
                                 "default": ["vocab", "typeof", "property", "resource", "prefix"]}},
        "additionalProperties": False,
    }

    def check(self, article, options):
        # Every element with attributes, filtered in this loop: most elements have none, and a call per
        # element from the engine's loop would cost more than the test.
        text = article.text
        get = ALLOWED.get
        allow_key = tuple(options["allow"])
        out = []
        for el in article.html.elements:
            start = el.start
            tag = el.tag
            if el.start_tag_end - start - len(tag) <= 3:
                continue  # "<tag>", "<tag/>", "<tag >": no attribute
            allowed = get(tag)
            if allowed is None:
                continue  # an element the standard does not know: custom, or a code sample's tag
            raw = text[start:el.start_tag_end]
            if raw in _clean:
                continue  # the same start tag seen clean before (articles repeat their tags a lot)
            found = self._check_tag(el, article, options, allowed, raw, allow_key)
            if found:
                out.extend(found)
        return out

    def check_element(self, el, article, options):
        allowed = ALLOWED.get(el.tag)
        if allowed is None:
            return ()
        if el.start_tag_end - el.start - len(el.tag) <= 3:
            return ()
        raw = article.text[el.start:el.start_tag_end]
        if raw in _clean:
            return ()
        return self._check_tag(el, article, options, allowed, raw, tuple(options["allow"]))

    def _check_tag(self, el, article, options, allowed, raw, allow_key):
        # What to report depends on nothing but the start tag's characters and the allow-list, and
        # articles repeat their tags (``<p cms-style="font-L">`` on every paragraph): the offending
        # attributes are found once per tag, as offsets into it.
        key = (raw, allow_key)
        found = _offenders.get(key)
        if found is None:
            a0 = el.start + 1 + len(el.tag)
            names = _NAMES.findall(raw, a0 - el.start, len(raw) - 1)
            if all(n in allowed or n.startswith(_PREFIXES) for n in map(str.lower, names)):
                _clean.put(raw, True)
                return ()
            allow = options["allow"]
            found = []
            text = article.text
            start = el.start
            for a in el.attrs:
                if a.name in allowed or a.name.startswith(_PREFIXES) or not _NAME.match(a.name):
                    continue
                if a.name in allow or any(fnmatchcase(a.name, p) for p in allow if "*" in p
                                          or "?" in p or "[" in p):
                    continue
                edit = attr_removal(text, a, start)
                found.append((a.name, a.start - start, a.end - start, edit.start - start, edit.end - start))
            _offenders.put(key, found)
        if not found or in_literal(el, article):
            return ()
        out = []
        start = el.start
        for name, s, e, es, ee in found:
            edits = [Edit(start + es, start + ee, "")]
            title = f"Remove {name}"
            wrap = _meaning(el, name, article)
            if wrap:
                edits += [Edit(el.start_tag_end, el.start_tag_end, f"<{wrap}>"),
                          Edit(el.content_end, el.content_end, f"</{wrap}>")]
                title += f", keeping what it meant as <{wrap}> around the content"
            fix = Fix(edits, Applicability.SAFE, title)
            out.append(self.violation(article, start + s, start + e, f"non-standard attribute '{name}' on <{el.tag}>",
                                      fix))
        return out


def _wrappers(entries: list) -> dict:
    # (tag, attribute) -> [(token, element)]: which tokens of a removed attribute carry a meaning
    table: dict = {}
    for entry in entries:
        tag, attribute = str(entry.get("tag", "")), str(entry.get("attribute", ""))
        if entry.get("wrap") and tag and attribute and entry.get("token") and entry.get("element"):
            table.setdefault((tag, attribute), []).append((str(entry["token"]), str(entry["element"])))
    return table


def _meaning(el, name: str, article) -> str | None:
    """The element to wrap the content in when the removed attribute said something a reader sees
    (Sina's ``<p cms-style="font-L strong-Bold">`` is a bold paragraph, a subheading): pack
    ``[[tag-map]]`` entries with ``wrap = true``. Not for an element without content."""
    entries = pack_table(article.context.get("packs", ()), "tag-map", _wrappers).get((el.tag, name))
    if not entries or el.content_end <= el.start_tag_end or el.is_blank():
        return None
    tokens = (el.get(name) or "").split()
    for token, element in entries:
        if token in tokens:
            return element
    return None


#: (start tag, allow-list) -> [(name, start, end, removal start, removal end)], offsets into the tag
_offenders = Memo(4096)


@hookimpl
def artlint_rules():
    return [NonstandardAttribute()]
