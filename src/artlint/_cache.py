"""The results cache: findings per file, keyed by everything that can change them.

A key hashes the file's bytes and path, the resolved config, the selected rules with their severities and
options, the rule packs' data, artlint's version and code, the plugins' names and versions, and the run
flags that change results. Entries live in one SQLite database (WAL mode): thousands of small files cost
far more to create than rows do, and SQLite lets parallel workers and concurrent runs write safely.
A file that cannot be read as an article is never cached.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any, Mapping

from . import __version__
from .edits import Applicability, Edit, Fix
from .violation import Severity, Span, Violation

DEFAULT_DIR = ".artlint_cache"
_FORMAT = "v2"
_DB = f"results-{_FORMAT}.sqlite"
#: Rows written per transaction by one process.
_BATCH = 64
#: ``Rule.needs`` whose context the key covers (a digest of the file listings the engine hands over);
#: any other need (the network, say) makes results depend on the world, and they are not cached.
KEYED_NEEDS = frozenset({"static_files"})


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
        self.db_path = self.folder / _DB
        salt = {"code": _code_digest(plugins), "settings": dict(settings or {}), "python": sys.version_info[:2]}
        self._salt = json.dumps(salt, sort_keys=True, default=str)
        # id -> (ruleset, key): holding the ruleset keeps its id from being reused by another one.
        self._by_ruleset: dict[int, tuple[Any, str | None]] = {}
        self.hits = self.misses = 0
        self._digests: dict[int, tuple[Any, str]] = {}
        self._db = None
        self._pid = -1
        self._pending: list[tuple[str, str | None, str]] = []
        self._pending_chunks: list[tuple[str, str, str, str]] = []
        self.broken: str | None = None

    def prepare(self) -> None:
        """Create the folder with a ``.gitignore`` that hides it from git (and from artlint's walk)."""
        self.folder.mkdir(parents=True, exist_ok=True)
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
        keyed = KEYED_NEEDS if rs.config.get("online") else KEYED_NEEDS | {"online"}
        if any(frozenset(s.rule.needs) - keyed for s in rs.selected):
            k = None
        else:
            rules = [(s.rule.code, s.severity.value, dict(s.options)) for s in rs.selected]
            packs = [(p.name, str(p.path), p.data) for p in rs.packs]
            blob = json.dumps([self._salt, rs.config.source, rs.config.key(), rules, packs], sort_keys=True,
                              default=str)
            k = hashlib.sha256(blob.encode()).hexdigest()
        self._by_ruleset[id(rs)] = (rs, k)
        return k

    def key(self, rs, path: str, data: bytes, context: Mapping[str, Any] | None = None) -> str | None:
        """The key of one file's results; ``context`` is what the engine gives the rules beyond the file
        (listings of the static folder and of the article's folder)."""
        base = self.ruleset_key(rs)
        if base is None:
            return None
        h = hashlib.sha256(base.encode())
        h.update(b"\0" + os.fsencode(path) + b"\0")
        for name in sorted(context or ()):
            h.update(f"{name}={self._digest(context[name])}\0".encode())
        h.update(data)
        return h.hexdigest()

    def _digest(self, value: Any) -> str:
        # Listings are shared by every file of a folder: hash each one once.
        known = self._digests.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if isinstance(value, (frozenset, set)):
            blob = "\n".join(sorted(map(str, value)))
        else:
            blob = json.dumps(value, sort_keys=True, default=str)
        d = hashlib.sha256(blob.encode()).hexdigest()
        self._digests[id(value)] = (value, d)
        return d

    def _conn(self):
        import sqlite3

        # A connection must never cross a fork: each worker process opens its own.
        if self._db is None or self._pid != os.getpid():
            db = sqlite3.connect(self.db_path, timeout=30, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, body_kind TEXT, rows TEXT)")
            # A file's report chunk in one output format: a warm run writes it out without building findings.
            db.execute("CREATE TABLE IF NOT EXISTS chunks (key TEXT, fmt TEXT, counts TEXT, chunk TEXT, "
                       "PRIMARY KEY (key, fmt))")
            self._db, self._pid, self._pending, self._pending_chunks = db, os.getpid(), [], []
        return self._db

    def _failed(self, exc: Exception) -> None:
        # A locked, read-only or corrupt cache only costs speed; the run goes on without it.
        self.broken = f"{self.db_path}: {exc}"
        self._pending = []
        self._pending_chunks = []

    def get(self, key: str, path: str) -> tuple[list[Violation], str | None] | None:
        import sqlite3

        if self.broken:
            return None
        try:
            row = self._conn().execute("SELECT body_kind, rows FROM results WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._failed(exc)
            return None
        if row is None:
            self.misses += 1
            return None
        try:
            found = [_violation(r, path) for r in json.loads(row[1])]
        except (ValueError, KeyError, TypeError, IndexError):
            self.misses += 1
            return None
        self.hits += 1
        return found, row[0]

    def put(self, key: str, violations: list[Violation], body_kind: str | None) -> None:
        import sqlite3

        if self.broken:
            return
        if self._pid != os.getpid():
            try:
                self._conn()  # also drops what a forked parent had buffered
            except sqlite3.Error as exc:
                self._failed(exc)
                return
        self._pending.append((key, body_kind, json.dumps([_row(v) for v in violations], ensure_ascii=False,
                                                         separators=(",", ":"))))
        if len(self._pending) >= _BATCH:
            self.flush()

    def get_chunk(self, key: str, fmt: str) -> tuple[list, str] | None:
        import sqlite3

        if self.broken:
            return None
        try:
            row = self._conn().execute("SELECT counts, chunk FROM chunks WHERE key = ? AND fmt = ?",
                                       (key, fmt)).fetchone()
        except sqlite3.Error as exc:
            self._failed(exc)
            return None
        if row is None:
            return None
        try:
            return json.loads(row[0]), row[1]
        except ValueError:
            return None

    def put_chunk(self, key: str, fmt: str, counts: list, chunk: str) -> None:
        import sqlite3

        if self.broken:
            return
        if self._pid != os.getpid():
            try:
                self._conn()
            except sqlite3.Error as exc:
                self._failed(exc)
                return
        self._pending_chunks.append((key, fmt, json.dumps(counts), chunk))
        if len(self._pending_chunks) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the entries this process has buffered, in one transaction."""
        import sqlite3

        if not (self._pending or self._pending_chunks) or self.broken or self._pid != os.getpid():
            return  # nothing buffered by this process
        rows, self._pending = self._pending, []
        chunks, self._pending_chunks = self._pending_chunks, []
        try:
            db = self._conn()
            with _transaction(db):
                db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", rows)
                db.executemany("INSERT OR REPLACE INTO chunks VALUES (?, ?, ?, ?)", chunks)
        except sqlite3.Error as exc:
            self._failed(exc)

    def detach(self):
        """Forget the connection without closing it (in a forked child); returns it."""
        db, self._db, self._pid = self._db, None, -1
        self._pending, self._pending_chunks = [], []
        return db

    def close(self) -> None:
        self.flush()
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db = None


class _transaction:
    def __init__(self, db) -> None:
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, *_):
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")


# Entries are rows, not dicts: a warm run spends its time turning them back into findings.
def _row(v: Violation) -> list:
    s, f = v.span, v.fix
    fix = None if f is None else [f.title, f.applicability.value, [[e.start, e.end, e.replacement] for e in f.edits]]
    return [v.code, v.name, v.message, v.severity.value, s.start, s.end, s.line, s.column, s.end_line,
            s.end_column, v.snippet, fix]


_SEVERITY = {s.value: s for s in Severity}
_APPLICABILITY = {a.value: a for a in Applicability}
_new = object.__new__
_set = object.__setattr__


def _violation(row: list, path: str) -> Violation:
    code, name, message, sev, start, end, line, col, eline, ecol, snippet, f = row
    fix = None
    if f is not None:
        # The edits were sorted when the fix was made; skip Fix.__init__'s re-sorting and checks.
        fix = _new(Fix)
        _set(fix, "edits", tuple(Edit(a, b, r) for a, b, r in f[2]))
        _set(fix, "applicability", _APPLICABILITY[f[1]])
        _set(fix, "title", f[0])
    return Violation(code, name, message, _SEVERITY[sev], Span(start, end, line, col, eline, ecol), path, fix,
                     snippet)


def clean(folder: Path) -> bool:
    """Remove the cache folder; True if there was one."""
    import shutil

    folder = Path(folder)
    if not folder.is_dir():
        return False
    ours = ("results-", "online.", ".gitignore", "CACHEDIR.TAG")
    if not (folder / "CACHEDIR.TAG").exists() and not all(p.name.startswith(ours) for p in folder.iterdir()):
        raise OSError(f"{folder}: does not look like an artlint cache; not removed")
    shutil.rmtree(folder)
    return True
