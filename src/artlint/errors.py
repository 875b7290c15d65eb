"""Errors that end the processing of one file or of the run, each with a one-line message."""

from __future__ import annotations


class ArtlintError(Exception):
    """Base class; ``str(err)`` is the one line shown to the user."""


class InputError(ArtlintError):
    """A file that cannot be read as an article (encoding, front-matter syntax, size, …)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class EncodingError(InputError):
    """A file that is not UTF-8; ``encoding`` is the legacy encoding it looks like (or None)."""

    def __init__(self, path: str, problem: str, encoding: str | None = None) -> None:
        super().__init__(path, problem)
        self.encoding = encoding


class ConfigError(ArtlintError):
    """A configuration file or option that is invalid."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem
