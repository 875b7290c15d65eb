"""The hooks a plugin may implement. Each spec's docstring is its reference documentation.

A plugin is any module or object with functions named after these specs and marked with
``artlint.hookimpl``; third-party distributions expose one through the ``artlint`` entry-point group.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("artlint")
hookimpl = pluggy.HookimplMarker("artlint")


@hookspec
def artlint_rules():
    """Return a list of ``artlint.Rule`` instances this plugin provides."""


@hookspec
def artlint_reporters():
    """Return a mapping of output-format name to a reporter: a callable
    ``(results: list[FileResult], rules: dict[str, Rule], stream: TextIO) -> None``."""


@hookspec
def artlint_packs():
    """Return a list of paths (files or folders of ``*.toml``) holding rule packs this plugin ships."""
