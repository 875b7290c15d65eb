"""``gitlab``: GitLab Code Quality JSON; fingerprints hash the path, rule and offending text, not lines."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from .._fingerprint import rel_path, stable_id, with_occurrence
from ._util import JSON_ARRAY, stream_report

FRAME = JSON_ARRAY
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode

_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def chunk(r, rules, **_) -> str:
    items = []
    if r.error:
        path = rel_path(r.path)
        items.append({"description": r.error, "check_name": "input-error", "severity": "blocker",
                      "fingerprint": stable_id(path, "input-error", 0),
                      "location": {"path": path, "lines": {"begin": 1}}})
    for v, k, n in with_occurrence(r.violations):
        path = rel_path(v.path)
        items.append({
            "description": f"{v.code} {v.message}",
            "check_name": f"{v.code} {v.name}",
            "fingerprint": stable_id(path, k, n),
            "severity": _SEVERITY.get(v.severity.value, "major"),
            "location": {"path": path, "positions": {
                "begin": {"line": v.line, "column": v.column},
                "end": {"line": v.end_line, "column": v.end_column}}},
        })
    return ",\n  ".join(map(_ENCODE, items))


def report(results, rules, stream: TextIO, **options) -> None:
    stream_report(sys.modules[__name__], results, rules, stream, **options)
