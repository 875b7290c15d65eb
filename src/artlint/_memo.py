"""Answers worked out once and looked up after: per set of packs, per start tag, per URL or style value."""

from __future__ import annotations

from typing import Any


class Memo(dict):
    """A dict that forgets everything once it holds ``size`` entries.

    A batch run over millions of articles keeps meeting new start tags and URLs, so every such table
    must stay bounded; starting over is cheaper than keeping an eviction order, and the entries worth
    having (the tags and values articles repeat) come back at once.
    """

    __slots__ = ("size",)

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def put(self, key: Any, value: Any) -> Any:
        """Store ``value`` under ``key`` and return it."""
        if len(self) >= self.size:
            self.clear()
        self[key] = value
        return value
