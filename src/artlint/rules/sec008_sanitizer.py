"""The body must pass the sanitizer of record unchanged.

## What it does
Checks that the body, once the other selected rules have made their fixes, is something the sanitizer
of record would leave alone: ``bleach`` by default, ``nh3`` with ``backend = "nh3"``, both configured
with the same allow-list policy (tags, attributes, URL schemes) plus artlint's own URL check (bleach
lets ``href="javascript:123"`` through). When it is not, the finding lists what the sanitizer objects to
and offers the sanitizer's output for the body as an unsafe fix.

A cheap pre-scan over the already-parsed body decides most articles without the sanitizer. It proves a
body clean only when every tag is written in the plain syntax every browser tokenizes alike (no stray
quotes, ``<`` or controls, no ``--!>`` comments or ``<!DOCTYPE``/``<?``), every element and attribute
is on the policy, no element switches the parser's mode (``svg``, ``math``, ``noscript``,
``template``, raw-text elements, form controls), and every URL attribute, decoded and trimmed as a
browser does, is relative or uses an allowed scheme. What another selected rule removes (``<script>``,
``on*``, ``style=``, …) is left to that rule. Anything else goes to the sanitizer, and its output is
compared with the input as html5lib trees (elements, attributes, values, text, comments), not bytes.

## Why is this bad?
Our parser is tolerant, not a browser: markup such as ``<noscript><p title="</noscript><img src=x
onerror=alert(1)>">`` means one thing to the rules and another to a browser. The sanitizer parses like
a browser and keeps only what the policy allows, so a body it accepts unchanged is safe to publish.

## Example
```html
<p>正文</p><noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>
```

## Use instead
```html
<p>正文</p><p title="安全的标题">图注</p>
```

## Options
- ``backend`` (``"bleach"`` or ``"nh3"``, default ``"bleach"``): the sanitizer of record.
- ``tags`` (list of strings): allowed elements; the default is a generous article list (``p``, ``div``,
  ``span``, ``a``, ``img``, tables, lists, headings, ``figure``, ``pre``/``code``, ``font``, …).
- ``attributes`` (table of tag → list of names; ``*`` for every tag; a trailing ``*`` makes a prefix
  such as ``data-*``): allowed attributes. The default allows ``referrerpolicy`` on images and links,
  and the inert attributes scraped CMS markup carries (``cms-style``, ``w``/``h``, ``aid``, …).
- ``protocols`` (list of URL schemes, default ``["http", "https", "mailto", "tel", "data"]``);
  ``data:`` is further limited to pictures by the URL check.
- ``allow-comments`` (boolean, default ``true``): keep ``<!-- … -->`` comments.
- ``max-size`` (integer, default ``2000000``): bodies longer than this many characters are reported
  without consulting the sanitizer when the pre-scan cannot prove them clean.

In a Markdown body only the HTML parts are checked; each run of adjacent HTML is sanitized on its own
and only runs the sanitizer changes are replaced.

## Fix safety
When the pre-scan finds something the sanitizer is sure to remove, a plain ``check`` reports it without
computing the sanitizer's output (the slow part); ``fix --unsafe-fixes`` computes and applies it.
Unsafe: the fix replaces the whole (HTML) body with the sanitizer's serialisation, which re-quotes
attributes, turns ``&nbsp;`` into a character, closes open tags and drops whatever the policy does not
allow (with bleach, the text of a removed element stays). Review it; the other rules' fixes are
preferred because they keep every byte they do not remove.
"""

from __future__ import annotations

import re

from ..edits import Applicability, Edit, Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from ._sanitizer import (DEFAULT_ATTRIBUTES, DEFAULT_PROTOCOLS, DEFAULT_TAGS, policy_from, prescan, same_tree,
                         sanitize, surely_differs)


_END_TAG = re.compile(r"</([a-zA-Z][^\s/>]*)")


class Sanitizer(Rule):
    code = "SEC008"
    name = "sanitizer"
    summary = "Body the sanitizer of record would change"
    groups = ("security",)
    fix = "unsafe"
    options_schema = {
        "type": "object",
        "properties": {
            "backend": {"enum": ["bleach", "nh3"], "default": "bleach"},
            "tags": {"type": "array", "items": {"type": "string"}, "default": DEFAULT_TAGS},
            "attributes": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                           "default": DEFAULT_ATTRIBUTES},
            "protocols": {"type": "array", "items": {"type": "string"}, "default": DEFAULT_PROTOCOLS},
            "allow-comments": {"type": "boolean", "default": True},
            "max-size": {"type": "integer", "minimum": 0, "default": 2_000_000},
        },
        "additionalProperties": False,
    }

    def check(self, article, options):
        policy = policy_from(options)
        selected = article.context.get("selected", frozenset())
        problems = prescan(article, policy, selected)
        if not problems:
            return ()
        start, end = article.body_start, article.body_end
        body = article.text[start:end]
        where = problems[0][0]
        what = "; ".join(p for _, p, _d in problems[:3]) + (" …" if len(problems) > 3 else "")
        # A definite problem is one the sanitizer is sure to remove: no need to compare trees.
        definite = any(d for _, _, d in problems)
        backend = options["backend"]
        if len(body) > options["max-size"]:
            return (self.violation(article, where, where, f"body too large for the sanitizer ({len(body)} "
                                   f"characters) and not provably clean: {what}"),)
        try:
            import bleach  # noqa: F401  (the default backend; nh3 is optional)
            if backend == "nh3":
                import nh3  # noqa: F401
        except ImportError as exc:
            return (self.violation(article, where, where, f"sanitizer backend {backend!r} is not installed "
                                   f"({exc.name}; pip install 'artlint[nh3]'), and the body is not provably "
                                   f"clean: {what}"),)
        if definite and article.body_kind != "markdown" and not article.context.get("unsafe-fixes"):
            # The sanitizer is sure to change this body; its output is only needed to fix, and is the
            # expensive part, so a plain check reports without it.
            return (self.violation(article, where, where, f"{backend} would change the body: {what} "
                                   "(fix --unsafe-fixes replaces the body with the sanitizer's output)"),)
        if article.body_kind == "markdown":
            edits = []
            for s, e in _runs(article.html.regions):
                frag = article.text[s:e]
                clean = sanitize(frag, backend, policy)
                # An end tag on its own parses to nothing, so compare tags too: a lone </noscript> left
                # behind by the removal of its start tag goes with it.
                if not same_tree(frag, clean, policy if backend == "bleach" else None) or any(t.lower() not in policy.tags for t in _END_TAG.findall(frag)):
                    edits.append(Edit(s, e, clean))
            if not edits:
                return ()
            fix = Fix(edits, Applicability.UNSAFE, f"Replace the HTML the sanitizer changes with the {backend} output")
        else:
            clean = sanitize(body, backend, policy)
            if not definite:
                if backend == "bleach" and surely_differs(article, problems, policy):
                    # bleach removes every element outside the policy: the trees differ unless it
                    # left the body as it was (no need to parse the body to know).
                    same = clean == body
                else:
                    same = same_tree(body, clean, policy if backend == "bleach" else None)
                if same:
                    return ()
            fix = Fix([Edit(start, end, clean)], Applicability.UNSAFE, f"Replace the body with the {backend} output")
        return (self.violation(article, where, where, f"{backend} would change the body: {what}", fix),)


def _runs(regions):
    """Adjacent HTML regions of a Markdown body merged, so each run is sanitized in its own context."""
    out: list[list[int]] = []
    for s, e in sorted(regions):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


@hookimpl
def artlint_rules():
    return [Sanitizer()]
