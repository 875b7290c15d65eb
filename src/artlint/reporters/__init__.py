"""Built-in output formats, registered through the ``artlint_reporters`` hook like any plugin's."""

from __future__ import annotations

from ..hookspecs import hookimpl
from . import json_ as _json
from . import text as _text


@hookimpl
def artlint_reporters():
    return {"text": _text.report, "json": _json.report, "json-files": _json.report_files}
