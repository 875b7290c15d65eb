"""EasyList-style filter files: the element-hiding lines artlint can use, and a count of the rest.

The ``easylist`` setting names files in the Adblock Plus filter syntax. Only plain element hiding is
usable on an article: ``##selector`` (every page) and ``example.com,~sub.example.com##selector`` (pages
of those sites, matched against the article's ``source``/``link``/``url`` front-matter host or a pack's
site names). Everything else is skipped and counted: exceptions (``#@#``), procedural and extended
filters (``#?#``, ``#$#``, ``:-abp-…``, ``:has-text()``, ``+js()`` …) and network filters (``||ads^``).
The files are read here, by the engine, once per process; rules get the parsed result in
``article.context["easylist"]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import ConfigError

_PROCEDURAL = re.compile(r":-abp-|:has-text\(|:has\(|:xpath\(|:style\(|:matches-css|:matches-attr|:upward\(|"
                         r":remove\(|:watch-attr|:min-text-length|:others\(|:if\(|:if-not\(|:contains\(|"
                         r":nth-ancestor\(|:matches-path\(|:remove-attr\(|:remove-class\(|:matches-media\(")


@dataclass(frozen=True)
class HidingRule:
    selector: str
    domains: tuple[str, ...] = ()  # empty: every site
    not_domains: tuple[str, ...] = ()
    line: int = 0
    file: str = ""


@dataclass
class EasyList:
    rules: list[HidingRule] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    files: tuple[str, ...] = ()

    def summary(self) -> str:
        parts = ", ".join(f"{n} {kind}" for kind, n in sorted(self.skipped.items()) if n)
        return (f"easylist: {len(self.rules)} element-hiding rules from {len(self.files)} file(s)"
                + (f"; skipped {parts}" if parts else ""))


def parse(text: str, name: str = "") -> EasyList:
    out = EasyList(files=(name,))
    skipped = {"exception": 0, "procedural": 0, "network": 0}

    def skip(kind: str) -> None:
        skipped[kind] = skipped.get(kind, 0) + 1

    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("!") or (line.startswith("[") and line.endswith("]")):
            continue
        if "#@#" in line or "#@?#" in line or "#@$#" in line:
            skip("exception")
            continue
        if "#?#" in line or "#$#" in line or "#$?#" in line or "##+js(" in line or "##^" in line:
            skip("procedural")
            continue
        i = line.find("##")
        if i < 0:
            skip("network")
            continue
        domains, selector = line[:i], line[i + 2:].strip()
        if not selector:
            skip("invalid")
            continue
        if _PROCEDURAL.search(selector):
            skip("procedural")
            continue
        inc, exc = [], []
        for d in filter(None, (d.strip().lower() for d in domains.split(","))):
            (exc if d.startswith("~") else inc).append(d.lstrip("~"))
        out.rules.append(HidingRule(selector, tuple(inc), tuple(exc), n, name))
    out.skipped = skipped
    return out


@lru_cache(maxsize=16)
def _load(paths: tuple[str, ...]) -> EasyList:
    merged = EasyList(files=paths)
    for p in paths:
        try:
            text = Path(p).read_bytes().decode("utf-8-sig", errors="replace")
        except OSError as exc:
            raise ConfigError(p, f"cannot read easylist file: {exc.strerror}") from None
        one = parse(text, p)
        merged.rules.extend(one.rules)
        for k, v in one.skipped.items():
            merged.skipped[k] = merged.skipped.get(k, 0) + v
    from .plugins import warn

    if any(merged.skipped.values()):
        # Once per process: the count is about the list, not about any one article.
        warn([merged.summary()])
    return merged


def load_lists(paths) -> EasyList:
    return _load(tuple(str(p) for p in paths))
