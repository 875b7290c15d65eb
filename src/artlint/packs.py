"""Rule packs: TOML data that drives the generic rules (presets, site selectors, patterns, schemas).

A pack is one ``*.toml`` file with a ``[pack]`` table (``name``, ``description``) and any sections the
rules read; a preset is a pack with ``select = [...]`` in its ``[pack]`` table. Built-in packs live in
the top-level ``rules/`` folder, shipped inside the wheel.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from ._compat import tomllib
from ._memo import Memo
from .errors import ConfigError


@dataclass(frozen=True)
class Pack:
    name: str
    path: Path
    description: str
    data: dict

    def section(self, key: str) -> list:
        value = self.data.get(key, [])
        return value if isinstance(value, list) else [value]


def builtin_dir() -> Path:
    """The packs folder: inside the installed package, or the checkout's top-level ``rules/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_packs", here.parent.parent / "rules"):
        if candidate.is_dir():
            return candidate
    return here / "_packs"


@lru_cache(maxsize=256)
def load_pack(path: Path) -> Pack:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"invalid rule pack: {exc}") from None
    except OSError as exc:
        raise ConfigError(str(path), f"cannot read rule pack: {exc.strerror}") from None
    meta = data.get("pack")
    if not isinstance(meta, dict) or not isinstance(meta.get("name"), str):
        raise ConfigError(str(path), "a rule pack needs a [pack] table with a 'name'")
    _includes(data, path)
    return Pack(meta["name"], path, meta.get("description", ""), data)


def _includes(data: dict, path: Path) -> None:
    """Read the data files that entries name with ``include = "relative/path.json"`` (JSON or TOML) into
    the entry's ``data``: rules get parsed data and never open files themselves."""
    import json

    for section in data.values():
        if not isinstance(section, list):
            continue
        for entry in section:
            if not isinstance(entry, dict) or not isinstance(entry.get("include"), str):
                continue
            target = (path.parent / entry["include"]).resolve()
            try:
                raw = target.read_bytes()
                entry["data"] = tomllib.loads(raw.decode("utf-8")) if target.suffix == ".toml" else \
                    json.loads(raw)
            except OSError as exc:
                raise ConfigError(str(path), f"cannot read included file {entry['include']}: "
                                             f"{exc.strerror or exc}") from None
            except (ValueError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(str(path), f"included file {entry['include']} is not valid "
                                             f"{'TOML' if target.suffix == '.toml' else 'JSON'}: {exc}") from None


def _expand(paths: Iterable[Path | str]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(p.rglob("*.toml")))
        elif p.suffix == ".toml" or p.exists():
            out.append(p)
        else:
            raise ConfigError(str(p), "rule pack not found")
    return out


@lru_cache(maxsize=64)
def _load_all(paths: tuple[Path, ...]) -> tuple[Pack, ...]:
    return tuple(load_pack(p) for p in _expand(paths))


def load_packs(extra: Iterable[Path | str] = ()) -> tuple[Pack, ...]:
    """Built-in packs first, then plugin and user packs (later packs with the same name win)."""
    packs = _load_all((builtin_dir(), *(Path(p).resolve() for p in extra)))
    by_name: dict[str, Pack] = {}
    for pack in packs:
        by_name[pack.name] = pack
    return tuple(by_name.values())


def presets(packs: Iterable[Pack]) -> dict[str, list[str]]:
    return {p.name.lower(): list(p.data["pack"]["select"]) for p in packs
            if isinstance(p.data["pack"].get("select"), list)}


_COLLECTED = Memo(256)


def collect(packs: Iterable[Pack], key: str) -> list[tuple[Pack, Any]]:
    """Every entry of section ``key`` across packs, with the pack it came from."""
    if not isinstance(packs, tuple):
        return [(p, item) for p in packs for item in p.section(key)]
    # The engine hands every article of a run the same tuple of (loaded once) packs, and rules ask
    # per article: the answer is kept per tuple, which the cache holds so its id is not reused.
    hit = _COLLECTED.get((id(packs), key))
    if hit is not None and hit[0] is packs:
        return list(hit[1])
    found = [(p, item) for p in packs for item in p.section(key)]
    _COLLECTED.put((id(packs), key), (packs, tuple(found)))
    return found
