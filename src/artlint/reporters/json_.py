"""``json``: a list of findings with path, code, name, message, severity, positions, fix and the file's
``body_kind`` (``html`` or ``markdown``); ``json-files``: one object per file with its ``body_kind``,
``error`` and ``findings``, so files without findings show their body kind too."""

from __future__ import annotations

import json
from typing import TextIO


def report(results, rules, stream: TextIO, **_) -> None:
    out = [{**v.to_dict(), "body_kind": r.body_kind} for r in results for v in r.violations]
    json.dump(out, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def report_files(results, rules, stream: TextIO, **_) -> None:
    out = [{"path": r.path, "body_kind": r.body_kind, "error": r.error,
            "findings": [v.to_dict() for v in r.violations]} for r in results]
    json.dump(out, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
