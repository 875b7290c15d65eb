"""Small helpers shared by the reporters."""

from __future__ import annotations

from .. import __version__

TOOL = "artlint"
INFO_URI = "https://pypi.org/project/artlint/"
VERSION = __version__


def rule_for(rules, v):
    return rules.get(v.code) if rules else None


def help_text(rule) -> str:
    """A rule's documentation without its summary line."""
    doc = rule.doc
    return doc.split("\n", 1)[1].strip() if "\n" in doc else doc


#: How chunks are joined: (before the first, between two, after the last, when there was none).
LINES = ("", "", "", "")
JSON_ARRAY = ("[\n  ", ",\n  ", "\n]\n", "[]\n")


class FrameWriter:
    """Writes per-file chunks of a streamable format with its opening, separators and closing.

    A streamable reporter module has ``FRAME`` (one of the tuples above) and ``chunk(result, rules,
    **options) -> str``; worker processes can then render their files' chunks themselves."""

    def __init__(self, stream, frame: tuple[str, str, str, str]) -> None:
        self.stream = stream
        self.frame = frame
        self.first = True

    def write(self, chunk: str) -> None:
        if chunk:
            self.stream.write(self.frame[0] if self.first else self.frame[1])
            self.stream.write(chunk)
            self.first = False

    def close(self) -> None:
        self.stream.write(self.frame[3] if self.first else self.frame[2])


def stream_report(module, results, rules, stream, **options) -> None:
    w = FrameWriter(stream, module.FRAME)
    for r in results:
        w.write(module.chunk(r, rules, **options))
    w.close()
