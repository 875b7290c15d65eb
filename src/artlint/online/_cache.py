"""The persistent verdict cache: SQLite in WAL mode, so parallel processes share one file safely."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Iterable, Mapping

from ._verdict import BROKEN, UNCHECKED, Verdict

FILENAME = "online.sqlite3"
_SCHEMA = "CREATE TABLE IF NOT EXISTS verdicts (key TEXT PRIMARY KEY, checked_at REAL, expires REAL, data TEXT)"


class Cache:
    """Verdicts by key with an expiry time. Any SQLite trouble (locked past the busy timeout, read-only
    folder, corrupt file) turns the cache off for the rest of the run: a cache must never fail a lint."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / FILENAME
        self._db: sqlite3.Connection | None = None
        self._broken = False
        self._lock = threading.Lock()

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        if not create and not self.path.exists():
            return None
        try:
            if create:
                self.folder.mkdir(parents=True, exist_ok=True)
                ignore = self.folder / ".gitignore"
                if not ignore.exists():
                    ignore.write_text("*\n", encoding="utf-8")
            db = sqlite3.connect(self.path, timeout=2.0, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA busy_timeout = 2000")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute(_SCHEMA)
            self._db = db
        except (sqlite3.Error, OSError):
            self._broken = True
        return self._db

    def get_many(self, keys: Iterable[str], *, refresh_before: float | None = None) -> dict[str, Verdict]:
        keys = list(keys)
        out: dict[str, Verdict] = {}
        with self._lock:
            db = self._connect(create=False)
            if db is None or not keys:
                return out
            now = time.time()
            try:
                for i in range(0, len(keys), 500):
                    chunk = keys[i:i + 500]
                    marks = ",".join("?" * len(chunk))
                    rows = db.execute(f"SELECT key, checked_at, data FROM verdicts WHERE key IN ({marks}) "
                                      "AND expires > ?", (*chunk, now)).fetchall()
                    for key, checked_at, data in rows:
                        if refresh_before is not None and checked_at < refresh_before:
                            continue
                        out[key] = Verdict.from_json(data)
            except (sqlite3.Error, ValueError, TypeError):
                self._broken, self._db = True, None
        return out

    def put_many(self, verdicts: Mapping[str, Verdict], *, ttl_good: float, ttl_broken: float) -> None:
        rows = []
        for key, v in verdicts.items():
            if v.state == UNCHECKED:
                continue  # not knowing is no verdict: ask again next run
            ttl = ttl_broken if v.state == BROKEN else ttl_good
            rows.append((key, v.checked_at, v.checked_at + ttl, v.to_json()))
        if not rows:
            return
        with self._lock:
            db = self._connect(create=True)
            if db is None:
                return
            try:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?)", rows)
                db.execute("COMMIT")
            except sqlite3.Error:
                self._broken, self._db = True, None

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
