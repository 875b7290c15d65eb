"""``json``: a list of findings with path, code, name, message, severity, positions, fix and the file's
``body_kind`` (``html`` or ``markdown``). Written one finding per line as results arrive."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from ._util import JSON_ARRAY, stream_report

FRAME = JSON_ARRAY
# One encoder for the run: json.dumps with options builds a new one per call.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def chunk(r, rules, **_) -> str:
    kind = r.body_kind
    return ",\n  ".join([_ENCODE({**v.to_dict(), "body_kind": kind}) for v in r.violations])


def report(results, rules, stream: TextIO, **options) -> None:
    stream_report(sys.modules[__name__], results, rules, stream, **options)
