"""``json-files``: one object per file with its ``path``, ``body_kind`` (``html`` or ``markdown``),
``error`` and ``findings``, so files without findings show how their body was read too. Written one file
per line as results arrive."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from ._util import JSON_ARRAY, stream_report

FRAME = JSON_ARRAY
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def chunk(r, rules, **_) -> str:
    return _ENCODE({"path": r.path, "body_kind": r.body_kind, "error": r.error,
                    "findings": [v.to_dict() for v in r.violations]})


def report(results, rules, stream: TextIO, **options) -> None:
    stream_report(sys.modules[__name__], results, rules, stream, **options)
