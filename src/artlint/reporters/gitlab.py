"""``gitlab``: GitLab Code Quality JSON; fingerprints hash the path, rule and offending text, not lines."""

from __future__ import annotations

import json
from typing import TextIO

from .._fingerprint import rel_path, stable_id, with_occurrence

_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def report(results, rules, stream: TextIO, **_) -> None:
    stream.write("[")
    first = True
    for r in results:
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
        for item in items:
            stream.write("\n  " if first else ",\n  ")
            first = False
            json.dump(item, stream, ensure_ascii=False)
    stream.write("\n]\n" if not first else "]\n")
