"""Reading, finding and atomically writing files."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError

EXTENSIONS = (".md", ".markdown", ".html", ".htm")
_SKIP_DIRS = {".git", ".hg", ".svn", ".artlint_cache", "node_modules", ".venv", "venv", "__pycache__",
              ".tox", ".nox", ".mypy_cache", ".pytest_cache"}
#: Files larger than this are refused unread (``max-file-size`` / ``--max-file-size``): an article is tens of
#: kilobytes, and the parsed form of a file costs many times its size in memory.
MAX_BYTES = 10 * 1024 * 1024
_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1024 ** 2, "mb": 1024 ** 2, "mib": 1024 ** 2,
          "g": 1024 ** 3, "gb": 1024 ** 3, "gib": 1024 ** 3}


def parse_size(value) -> int | None:
    """Bytes for ``10485760``, ``"10MB"``, ``"512 KiB"``, ``"1.5M"``…; ``None`` if it is not a size."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 1 else None
    if not isinstance(value, str):
        return None
    import re

    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)\s*", value)
    if m is None or m.group(2).lower() not in _UNITS:
        return None
    n = int(float(m.group(1)) * _UNITS[m.group(2).lower()])
    return n if n >= 1 else None


def _human(n: int) -> str:
    for unit, size in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} bytes"


def read_file(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes; at most ``max_bytes + 1`` are ever read, so a huge file costs no memory."""
    try:
        with open(path, "rb") as fh:
            try:
                size = os.fstat(fh.fileno()).st_size
            except OSError:
                size = 0
            if size > max_bytes:
                raise InputError(str(path), f"file is {_human(size)}, over the {_human(max_bytes)} limit "
                                            "(max-file-size); skipped")
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except PermissionError:
        raise InputError(str(path), "permission denied") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    check_size(data, str(path), max_bytes)
    return data


def check_size(data: bytes, name: str, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise InputError(name, f"file is over the {_human(max_bytes)} limit (max-file-size); skipped")


TMP_SUFFIX = ".artlint-tmp"


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temp file in the same folder and ``os.replace``, keeping the file's mode.

    Whatever happens (an error, Ctrl-C, ``kill -9``), the file holds either its old bytes or all of the new
    ones. A temp file left by a killed run carries that run's process id in its name, so the next
    ``fix`` can tell it is stale and remove it (``remove_stale_temps``).
    """
    # Replace the file a symlink points to, not the link itself.
    target = Path(os.path.realpath(path))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        raise InputError(str(path), "file vanished before it could be fixed; not written") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot write: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(str(path), "not a regular file; not fixed")
    mode = stat.S_IMODE(st.st_mode)
    # Replacing needs only a writable folder; a file the user may not write is still left alone. (Root may
    # write anything, as with any editor.)
    if not os.access(target, os.W_OK):
        raise InputError(str(path), "file is read-only; not fixed")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=TMP_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise InputError(str(path), f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(str(path), f"cannot write: {exc.strerror or exc}") from None
        raise


def remove_stale_temps(folders: Iterable[Path]) -> list[Path]:
    """Delete temp files that ``write_atomic`` calls left when its process was killed; return them.

    A temp file is stale when the process named in it is gone; a live run's files are left alone.
    """
    removed = []
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for e in entries:
            if not (e.name.startswith(".") and e.name.endswith(TMP_SUFFIX)):
                continue
            parts = e.name[:-len(TMP_SUFFIX)].rsplit(".", 2)
            if len(parts) != 3 or not parts[1].isdigit() or _alive(int(parts[1])):
                continue
            try:
                os.unlink(e.path)
                removed.append(Path(e.path))
            except OSError:
                pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def iter_files(paths: Iterable[str | Path], *, respect_gitignore: bool = True,
               exclude: Iterable[str] = (), errors: list | None = None,
               exclude_root: Path | None = None) -> Iterator[Path]:
    """Files named directly, and article files found by walking folders (sorted, gitignore honoured).

    ``exclude`` holds gitignore-style globs, matched against paths relative to ``exclude_root`` (the
    folder of the config that wrote them; default: the current folder)."""
    exclude_spec = (_spec(list(exclude)), (exclude_root or Path.cwd()).resolve()) if exclude else None
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if not p.is_dir():
            if p not in seen:
                seen.add(p)
                yield p
            continue
        for f in _walk(p, respect_gitignore, exclude_spec, errors):
            if f not in seen:
                seen.add(f)
                yield f


def _spec(lines: list[str]):
    import pathspec

    return pathspec.PathSpec.from_lines("gitwildmatch", lines)


def _parent_ignores(top: Path) -> list[tuple[Path, object]]:
    """``.gitignore`` files above ``top`` up to the repository root."""
    found = []
    d = top.resolve()
    for parent in (d, *d.parents):
        gi = parent / ".gitignore"
        if gi.is_file() and parent != d:
            found.append((parent, _spec(gi.read_text(errors="replace").splitlines())))
        if (parent / ".git").exists():
            break
    return found


def _ignored(path: Path, is_dir: bool, specs) -> bool:
    for base, spec in specs:
        try:
            rel = path.resolve().relative_to(base).as_posix()
        except ValueError:
            continue
        if spec.match_file(rel + ("/" if is_dir else "")):
            return True
    return False


def _regular(entry: os.DirEntry) -> bool:
    """A regular file, or a link to one: a FIFO or device named like an article would block or never end.
    A broken link stays in, so that it is reported rather than silently skipped."""
    try:
        return entry.is_file() or (entry.is_symlink() and not os.path.exists(entry.path))
    except OSError:
        return True
def _excluded(path: Path, is_dir: bool, exclude) -> bool:
    spec, root = exclude
    try:
        rel = path.resolve().relative_to(root).as_posix()
    except ValueError:
        rel = path.as_posix()
    return spec.match_file(rel + ("/" if is_dir else ""))


def _walk(top: Path, respect_gitignore: bool, exclude_spec, errors) -> Iterator[Path]:
    specs = _parent_ignores(top) if respect_gitignore else []
    visited: set[tuple[int, int]] = set()
    stack = [(top, specs)]
    while stack:
        d, specs = stack.pop()
        try:
            st = d.stat()
            key = (st.st_dev, st.st_ino)
            if key in visited:
                if errors is not None:
                    errors.append(f"{d}: symlink loop; skipped")
                continue
            visited.add(key)
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except PermissionError:
            if errors is not None:
                errors.append(f"{d}: permission denied")
            continue
        except OSError as exc:
            if errors is not None:
                errors.append(f"{d}: {exc.strerror or exc}")
            continue
        if respect_gitignore and (d / ".gitignore").is_file():
            try:
                specs = specs + [(d.resolve(), _spec((d / ".gitignore").read_text(errors="replace").splitlines()))]
            except OSError:
                pass
        subdirs = []
        for e in entries:
            p = Path(e.path)
            try:
                is_dir = e.is_dir()
            except OSError as exc:
                if exc.errno == errno.ELOOP and errors is not None:
                    errors.append(f"{p}: symlink loop; skipped")
                continue
            if is_dir:
                if e.name in _SKIP_DIRS or _ignored(p, True, specs):
                    continue
                if exclude_spec is not None and _excluded(p, True, exclude_spec):
                    continue
                subdirs.append((p, specs))
            elif e.name.lower().endswith(EXTENSIONS) and _regular(e):
                if _ignored(p, False, specs):
                    continue
                if exclude_spec is not None and _excluded(p, False, exclude_spec):
                    continue
                yield p
        stack.extend(reversed(subdirs))
