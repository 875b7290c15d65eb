"""What differs between the Python versions artlint supports (3.10 and later)."""

from __future__ import annotations

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, as the tomli distribution
    import tomli as tomllib  # type: ignore[no-redef]

__all__ = ["tomllib"]
