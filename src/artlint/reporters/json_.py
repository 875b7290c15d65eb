"""``json``: a list of findings with path, code, name, message, severity, positions, fix and the file's
``body_kind`` (``html`` or ``markdown``). Written one finding per line as results arrive."""

from __future__ import annotations

import json
from typing import TextIO


def report(results, rules, stream: TextIO, **_) -> None:
    sep = "[\n  "
    for r in results:
        for v in r.violations:
            stream.write(sep)
            stream.write(json.dumps({**v.to_dict(), "body_kind": r.body_kind}, ensure_ascii=False))
            sep = ",\n  "
    stream.write("[]\n" if sep == "[\n  " else "\n]\n")
