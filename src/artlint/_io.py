"""Reading, finding and atomically writing files."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError

EXTENSIONS = (".md", ".markdown", ".html", ".htm")
_SKIP_DIRS = {".git", ".hg", ".svn", ".artlint_cache", "node_modules", ".venv", "venv", "__pycache__",
              ".tox", ".nox", ".mypy_cache", ".pytest_cache"}
MAX_BYTES = 64 * 1024 * 1024


def read_file(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except PermissionError:
        raise InputError(str(path), "permission denied") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(str(path), f"file larger than the {max_bytes // (1024 * 1024)} MB limit")
    return data


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temp file in the same folder and ``os.replace``, keeping the file's mode."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o644
    if not os.access(path, os.W_OK):
        raise InputError(str(path), "file is read-only; not fixed")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".artlint-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(str(path), f"cannot write: {exc.strerror or exc}") from None
        raise


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
            except OSError:
                continue
            if is_dir:
                if e.name in _SKIP_DIRS or _ignored(p, True, specs):
                    continue
                if exclude_spec is not None and _excluded(p, True, exclude_spec):
                    continue
                subdirs.append((p, specs))
            elif e.name.lower().endswith(EXTENSIONS):
                if _ignored(p, False, specs):
                    continue
                if exclude_spec is not None and _excluded(p, False, exclude_spec):
                    continue
                yield p
        stack.extend(reversed(subdirs))
