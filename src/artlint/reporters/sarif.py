"""``sarif``: SARIF 2.1.0 for code-scanning dashboards, with each rule's metadata and documentation."""

from __future__ import annotations

import json
import re
from typing import TextIO

from .._fingerprint import rel_path, with_occurrence
from ._util import INFO_URI, TOOL, VERSION, help_text

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rule(rule, index: int) -> dict:
    sections = rule.doc_sections()
    what = sections.get("What it does") or rule.info()["summary"]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.info()["summary"]},
        "fullDescription": {"text": " ".join(what.split())},
        "help": {"text": re.sub(r"(?m)^##\s+", "", help_text(rule)), "markdown": help_text(rule)},
        "defaultConfiguration": {"level": _LEVEL.get(str(getattr(rule.severity, "value", rule.severity)), "error")},
        "properties": {"tags": list(rule.groups), "fix": rule.fix or "none"},
    }


def _result(v, index: dict, key: str, n: int) -> dict:
    uri = rel_path(v.path)
    out = {
        "ruleId": v.code,
        "level": _LEVEL.get(v.severity.value, "error"),
        "message": {"text": v.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": v.line, "startColumn": v.column, "endLine": v.end_line,
                       "endColumn": v.end_column, "charOffset": v.start, "charLength": v.end - v.start},
        }}],
        "partialFingerprints": {"artlintContent/v1": f"{key}:{n}"},
    }
    if v.code in index:
        out["ruleIndex"] = index[v.code]
    if v.fix is not None and v.fix.edits:
        out["fixes"] = [{
            "description": {"text": f"{v.fix.title or 'Fix'} ({v.fix.applicability.value})"},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                "replacements": [{"deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
                                  "insertedContent": {"text": e.replacement}} for e in v.fix.edits],
            }],
        }]
    return out


def report(results, rules, stream: TextIO, **_) -> None:
    rules = rules or {}
    index = {code: i for i, code in enumerate(rules)}
    found: list[dict] = []
    notes: list[dict] = []
    for r in results:
        if r.error:
            notes.append({"level": "error", "message": {"text": r.error},
                          "locations": [{"physicalLocation": {"artifactLocation": {"uri": rel_path(r.path)}}}]})
        for v, k, n in with_occurrence(r.violations):
            found.append(_result(v, index, k, n))
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": TOOL, "version": VERSION, "semanticVersion": VERSION,
                                "informationUri": INFO_URI,
                                "rules": [_rule(r, i) for i, r in enumerate(rules.values())]}},
            "invocations": [{"executionSuccessful": not notes, "toolExecutionNotifications": notes}],
            "columnKind": "unicodeCodePoints",
            "results": found,
        }],
    }
    json.dump(doc, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
