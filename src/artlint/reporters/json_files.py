"""``json-files``: one object per file with its ``path``, ``body_kind`` (``html`` or ``markdown``),
``error`` and ``findings``, so files without findings show how their body was read too."""

from __future__ import annotations

import json
from typing import TextIO


def report(results, rules, stream: TextIO, **_) -> None:
    out = [{"path": r.path, "body_kind": r.body_kind, "error": r.error,
            "findings": [v.to_dict() for v in r.violations]} for r in results]
    json.dump(out, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
