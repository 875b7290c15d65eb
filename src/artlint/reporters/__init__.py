"""Built-in output formats, registered through the ``artlint_reporters`` hook like any plugin's.

A reporter is ``report(results, rules, stream, **options)``: ``results`` is an iterable of ``FileResult``
in a stable order (consume it once), ``rules`` maps codes to ``Rule`` objects, ``stream`` is a text file.
Modules are imported when their format is used, so an unused format costs nothing at start-up.
"""

from __future__ import annotations

import importlib

from ..hookspecs import hookimpl

_BUILTIN = {"text": "text", "json": "json_", "github": "github", "sarif": "sarif", "junit": "junit",
            "gitlab": "gitlab", "json-files": "json_files", "html": "html"}


def _lazy(module: str):
    def report(results, rules, stream, **kw):
        return importlib.import_module(f"{__name__}.{module}").report(results, rules, stream, **kw)

    report.__name__ = f"report_{module}"
    report.artlint_module = f"{__name__}.{module}"
    return report


def streamable(reporter) -> str | None:
    """The module name of a built-in format whose files can be rendered one by one (in worker
    processes), or None."""
    name = getattr(reporter, "artlint_module", None)
    if name is None:
        return None
    mod = importlib.import_module(name)
    return name if hasattr(mod, "chunk") and hasattr(mod, "FRAME") else None


@hookimpl
def artlint_reporters():
    return {name: _lazy(mod) for name, mod in _BUILTIN.items()}
