"""What a rule is: a declaration (identity, severity, options schema) plus a check over an ``Article``.

A rule subclasses ``Rule`` and implements ``check(article, options)``, or, to take part in the engine's
single walk over the body, names the tags it wants in ``tags`` and implements ``check_element``.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from typing import Any, ClassVar, Iterable, Iterator, Mapping

from .edits import Fix
from .html import Element
from .violation import Severity, Span, Violation

_new_span = tuple.__new__  # Span's fields without NamedTuple.__new__'s Python-level call

_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "Options", "Fix safety")


class Rule:
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    groups: ClassVar[tuple[str, ...]] = ()
    severity: ClassVar[Severity] = Severity.ERROR
    fix: ClassVar[str | None] = None  # "safe", "unsafe", "both" or None: what kind of fix it offers
    options_schema: ClassVar[dict] = {"type": "object", "properties": {}, "additionalProperties": False}
    #: tags whose elements the engine hands to ``check_element`` ("*" = every element; costly)
    tags: ClassVar[tuple[str, ...]] = ()
    #: attribute names (``on*`` for a prefix) whose elements the engine hands to ``check_element``;
    #: found with one scan of the raw text, far cheaper than visiting every element
    attributes: ClassVar[tuple[str, ...]] = ()
    #: options whose value names a data file (JSON, TOML or YAML, relative to the config file): the
    #: config layer reads it and hands the rule the parsed data in place of the path
    file_options: ClassVar[tuple[str, ...]] = ()
    #: what the engine must provide in ``article.context`` ("static_files", "online", …)
    needs: ClassVar[frozenset[str]] = frozenset()
    #: which body kinds the rule inspects; front-matter rules run on every kind
    body_kinds: ClassVar[frozenset[str]] = frozenset(("html", "markdown"))
    #: rules that inspect code themselves (Markdown code blocks): the engine otherwise drops a rule's
    #: findings located in code and any fix of it that touches code
    code_aware: ClassVar[bool] = False

    # -- identity ---------------------------------------------------------------------------------
    @property
    def prefix(self) -> str:
        return re.match(r"[A-Z]+", self.code).group()

    @property
    def doc(self) -> str:
        mod = sys.modules.get(type(self).__module__)
        return (getattr(mod, "__doc__", None) or type(self).__doc__ or "").strip()

    def doc_sections(self) -> dict[str, str]:
        return parse_sections(self.doc)

    @property
    def defaults(self) -> dict[str, Any]:
        return {k: v["default"] for k, v in self.options_schema.get("properties", {}).items() if "default" in v}

    def info(self) -> dict:
        return {"code": self.code, "name": self.name, "summary": self.summary or self.doc.split("\n", 1)[0],
                "groups": list(self.groups), "severity": Severity(self.severity).value, "fix": self.fix,
                "options": self.options_schema, "doc": self.doc}

    # -- checking ---------------------------------------------------------------------------------
    def check(self, article, options: Mapping[str, Any]) -> Iterable[Violation]:
        """Whole-article check. A rule with ``tags`` may override it too (both run), e.g. to look at a
        Markdown body's own images and links (``article.images`` / ``article.links``, ``kind ==
        "markdown"``) next to the ``<img>``/``<a>`` elements it gets in ``check_element``."""
        return ()

    def check_element(self, el: Element, article, options: Mapping[str, Any]) -> Iterable[Violation]:
        return ()

    def violation(self, article, start: int, end: int, message: str, fix: Fix | None = None,
                  severity: Severity | None = None) -> Violation:
        """A finding at ``start..end`` of the article's text, with line/column filled in."""
        text = article.text
        lines = article.lines
        starts = lines._starts
        if starts is None:
            line, col = lines.position(start)
        else:  # the line table is there: look up without a method call (findings are made by the thousand)
            i = bisect_right(starts, start) - 1
            line, col = i + 1, start - starts[i] + 1
        if end == start:
            eline, ecol = line, col
        elif end > start and text.find("\n", start, end) < 0:
            eline, ecol = line, col + (end - start)  # same line: no second lookup
        else:
            eline, ecol = lines.position(end)
        sev = severity or self.severity
        if sev.__class__ is not Severity:
            sev = Severity(sev)
        return Violation(self.code, self.name, message, sev, _new_span(Span, (start, end, line, col, eline, ecol)),
                         article.path, fix, text[start:end] if end - start <= 400 else text[start:start + 400])

    def __repr__(self) -> str:
        return f"<Rule {self.code} {self.name}>"


def parse_sections(doc: str) -> dict[str, str]:
    """Split a rule docstring into its fixed ``## Section`` parts (first line is the summary)."""
    out: dict[str, str] = {}
    current = "summary"
    buf: list[str] = []
    for line in doc.splitlines():
        m = re.match(r"^##\s+(.*?)\s*$", line)
        if m:
            out[current] = "\n".join(buf).strip()
            current, buf = m.group(1), []
        else:
            buf.append(line)
    out[current] = "\n".join(buf).strip()
    return out


def code_blocks(section: str) -> Iterator[str]:
    """The fenced blocks of a docs section (the Example / Use instead articles)."""
    for m in re.finditer(r"^```[^\n]*\n(.*?)^```", section, re.S | re.M):
        yield m.group(1)


SECTIONS = _SECTIONS
