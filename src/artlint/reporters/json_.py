"""``json``: a list of findings with path, code, name, message, severity, positions, fix and the file's
``body_kind`` (``html`` or ``markdown``)."""

from __future__ import annotations

import json
from typing import TextIO


def report(results, rules, stream: TextIO, **_) -> None:
    out = [{**v.to_dict(), "body_kind": r.body_kind} for r in results for v in r.violations]
    json.dump(out, stream, ensure_ascii=False, indent=2)
    stream.write("\n")

