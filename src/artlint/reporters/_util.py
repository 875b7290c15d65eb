"""Small helpers shared by the reporters."""

from __future__ import annotations

from .. import __version__

TOOL = "artlint"
INFO_URI = "https://pypi.org/project/artlint/"
VERSION = __version__


def rule_for(rules, v):
    return rules.get(v.code) if rules else None


def help_text(rule) -> str:
    """A rule's documentation without its summary line."""
    doc = rule.doc
    return doc.split("\n", 1)[1].strip() if "\n" in doc else doc
