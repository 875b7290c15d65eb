"""``json-files``: one object per file with its ``path``, ``body_kind`` (``html`` or ``markdown``),
``error`` and ``findings``, so files without findings show how their body was read too. Written one file
per line as results arrive."""

from __future__ import annotations

import json
from typing import TextIO


def report(results, rules, stream: TextIO, **_) -> None:
    sep = "[\n  "
    for r in results:
        stream.write(sep)
        stream.write(json.dumps({"path": r.path, "body_kind": r.body_kind, "error": r.error,
                                 "findings": [v.to_dict() for v in r.violations]}, ensure_ascii=False))
        sep = ",\n  "
    stream.write("[]\n" if sep == "[\n  " else "\n]\n")
