"""The results cache: findings per file, keyed by everything that can change them.

A key hashes the file's bytes and path, the resolved config, the selected rules with their severities and
options, the rule packs' data, artlint's version and code, the plugins' names and versions, and the run
flags that change results. One small JSON file per key, written atomically, so parallel workers share the
cache without locks. A file that cannot be read as an article is never cached.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Mapping

from . import __version__
from .violation import Violation

DEFAULT_DIR = ".artlint_cache"
_FORMAT = "v1"
#: ``Rule.needs`` that make findings depend on more than the file's own bytes (other files, the network).
VOLATILE_NEEDS = frozenset({"online", "static_files", "filesystem", "network"})


def default_dir() -> Path:
    return Path(os.environ.get("ARTLINT_CACHE_DIR") or DEFAULT_DIR)


def _code_digest(plugins) -> str:
    """What the installed code looks like: plugin names and versions, and artlint's own source files'
    sizes and mtimes, so an edited rule in a checkout never serves stale results."""
    from importlib.metadata import entry_points

    h = hashlib.sha256(__version__.encode())
    for name, plugin in sorted(plugins.manager.list_name_plugin(), key=lambda x: str(x[0])):
        h.update(f"\0{name}\0{getattr(plugin, '__file__', '')}".encode())
        f = getattr(plugin, "__file__", None)
        if f:
            _stat_into(h, Path(f))
    for ep in entry_points(group="artlint"):
        dist = getattr(ep, "dist", None)
        h.update(f"\0{ep.name}={dist.name if dist else ''}=={dist.version if dist else ''}".encode())
    here = Path(__file__).resolve().parent
    for root, dirs, files in os.walk(here):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(".py"):
                _stat_into(h, Path(root, f))
    return h.hexdigest()


def _stat_into(h, path: Path) -> None:
    try:
        st = path.stat()
        h.update(f"\0{path}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    except OSError:
        pass


class Cache:
    def __init__(self, folder: Path, plugins, settings: Mapping[str, Any] | None = None) -> None:
        self.folder = Path(folder)
        self.store = self.folder / _FORMAT
        salt = {"code": _code_digest(plugins), "settings": dict(settings or {}), "python": sys.version_info[:2]}
        self._salt = json.dumps(salt, sort_keys=True, default=str)
        # id -> (ruleset, key): holding the ruleset keeps its id from being reused by another one.
        self._by_ruleset: dict[int, tuple[Any, str | None]] = {}
        self.hits = self.misses = 0

    def prepare(self) -> None:
        """Create the folder with a ``.gitignore`` that hides it from git (and from artlint's walk)."""
        self.store.mkdir(parents=True, exist_ok=True)
        gi = self.folder / ".gitignore"
        if not gi.exists():
            gi.write_text("# Created by artlint: the results cache.\n*\n", encoding="utf-8")
        tag = self.folder / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n"
                           "# This file is a cache directory tag created by artlint.\n", encoding="utf-8")

    def ruleset_key(self, rs) -> str | None:
        """The part of the key shared by every file under one config; None when results depend on more
        than the file (a selected rule needs the network or other files)."""
        known = self._by_ruleset.get(id(rs))
        if known is not None:
            return known[1]
        # Online rules are idle (report nothing) unless online checking is on: only then are they volatile.
        volatile = VOLATILE_NEEDS if rs.config.get("online") else VOLATILE_NEEDS - {"online"}
        if any(volatile & frozenset(s.rule.needs) for s in rs.selected):
            k = None
        else:
            rules = [(s.rule.code, s.severity.value, dict(s.options)) for s in rs.selected]
            packs = [(p.name, str(p.path), p.data) for p in rs.packs]
            blob = json.dumps([self._salt, rs.config.source, rs.config.key(), rules, packs], sort_keys=True,
                              default=str)
            k = hashlib.sha256(blob.encode()).hexdigest()
        self._by_ruleset[id(rs)] = (rs, k)
        return k

    def key(self, rs, path: str, data: bytes) -> str | None:
        base = self.ruleset_key(rs)
        if base is None:
            return None
        h = hashlib.sha256(base.encode())
        h.update(b"\0" + os.fsencode(path) + b"\0")
        h.update(data)
        return h.hexdigest()

    def _file(self, key: str) -> Path:
        return self.store / key[:2] / f"{key[2:]}.json"

    def get(self, key: str) -> tuple[list[Violation], str | None] | None:
        try:
            with open(self._file(key), "rb") as fh:
                entry = json.loads(fh.read())
            found = [Violation.from_dict(d) for d in entry["violations"]]
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return found, entry.get("body_kind")

    def put(self, key: str, violations: list[Violation], body_kind: str | None) -> None:
        entry = {"body_kind": body_kind,
                 "violations": [{**v.to_dict(), "snippet": v.snippet} for v in violations]}
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(entry, fh, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, target)
        except OSError:
            # A read-only or full disk only costs speed.
            pass


def clean(folder: Path) -> bool:
    """Remove the cache folder; True if there was one."""
    import shutil

    folder = Path(folder)
    if not folder.is_dir():
        return False
    if not (folder / "CACHEDIR.TAG").exists() and not (folder / _FORMAT).exists():
        raise OSError(f"{folder}: does not look like an artlint cache; not removed")
    shutil.rmtree(folder)
    return True
