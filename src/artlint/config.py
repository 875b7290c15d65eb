"""Configuration: discovery (nearest ``artlint.toml`` or ``pyproject.toml`` ``[tool.artlint]``), layering
with ``extend``, validation with errors that name the file and the key, and rule selection."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from ._compat import tomllib
from .errors import ConfigError
from .violation import Severity

CONFIG_FILES = ("artlint.toml", ".artlint.toml", "pyproject.toml")


def _size(v: Any) -> int | None:
    from ._io import parse_size

    return parse_size(v)


def _list_of_str(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _table_of_lists(v: Any) -> bool:
    return isinstance(v, dict) and all(_list_of_str(x) for x in v.values())


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _ttl(v: Any) -> bool:
    from .online._verdict import valid_ttl

    return valid_ttl(v)

def _delimiters(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(d, list) and len(d) == 2 and all(isinstance(x, str) and x
                                                                                   for x in d) for d in v)


_BODY_KINDS = ("auto", "html", "markdown")

#: Top-level keys and their validators. ``rules`` (per-rule tables) is checked against each rule's schema.
KEYS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "extend": (lambda v: isinstance(v, str), "a path"),
    "select": (_list_of_str, "a list of rule codes, names, groups or presets"),
    "extend-select": (_list_of_str, "a list of rule codes, names, groups or presets"),
    "ignore": (_list_of_str, "a list of rule codes, names or groups"),
    "extend-ignore": (_list_of_str, "a list of rule codes, names or groups"),
    "per-file-ignores": (_table_of_lists, "a table of glob = [codes]"),
    "exclude": (_list_of_str, "a list of globs"),
    "extend-exclude": (_list_of_str, "a list of globs"),
    "respect-gitignore": (lambda v: isinstance(v, bool), "true or false"),
    "packs": (_list_of_str, "a list of paths to rule packs"),
    "easylist": (_list_of_str, "a list of paths to EasyList-style filter files"),
    "block-plugins": (_list_of_str, "a list of plugin names"),
    "fix-passes": (lambda v: isinstance(v, int) and 1 <= v <= 100, "an integer from 1 to 100"),
    "max-file-size": (lambda v: _size(v) is not None, 'a size: bytes, or a text such as "10MB" or "512KB"'),
    "online": (lambda v: isinstance(v, bool), "true or false"),
    "online-links": (lambda v: isinstance(v, bool), "true or false"),
    "online-timeout": (lambda v: _number(v) and v > 0, "a number of seconds above 0"),
    "online-request-timeout": (lambda v: _number(v) and v > 0, "a number of seconds above 0"),
    "online-concurrency": (lambda v: _int(v) and 1 <= v <= 256, "an integer from 1 to 256"),
    "online-per-host": (lambda v: _int(v) and 1 <= v <= 64, "an integer from 1 to 64"),
    "online-retries": (lambda v: _int(v) and 0 <= v <= 10, "an integer from 0 to 10"),
    "online-ttl": (lambda v: _ttl(v), 'a table like {good = "7d", broken = "1d"} (s, m, h or d)'),
    "online-cache": (lambda v: isinstance(v, bool), "true or false"),
    "body": (lambda v: v in _BODY_KINDS, '"auto", "html" or "markdown"'),
    "per-file-body": (lambda v: isinstance(v, dict) and all(x in _BODY_KINDS for x in v.values()),
                      'a table of glob = "auto" | "html" | "markdown"'),
    "template-delimiters": (_delimiters, 'a list of [open, close] pairs such as [["{%", "%}"], ["{{", "}}"]]'),
    "site-url": (lambda v: isinstance(v, str) and v.lower().startswith(("http://", "https://")),
                 "the site's address, starting with http:// or https://"),
    "static-dir": (lambda v: isinstance(v, str), "a path to the folder the site serves files from"),
    "rules": (lambda v: isinstance(v, dict) and all(isinstance(x, dict) for x in v.values()),
              "a table of rule tables"),
}
_PATH_KEYS = ("extend", "static-dir")
_PATH_LIST_KEYS = ("packs", "easylist")


@dataclass(frozen=True)
class Config:
    """A resolved configuration; ``root`` is the folder globs and relative paths are taken from."""

    source: str = "<defaults>"
    root: Path = field(default_factory=Path.cwd)
    values: Mapping[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    @property
    def select(self) -> list[str]:
        return list(self.values.get("select", ["recommended"])) + list(self.values.get("extend-select", []))

    @property
    def ignore(self) -> list[str]:
        return list(self.values.get("ignore", [])) + list(self.values.get("extend-ignore", []))

    def with_overrides(self, **overrides: Any) -> Config:
        values = dict(self.values)
        for k, v in overrides.items():
            if v is None:
                continue
            key = k.replace("_", "-")
            if key in ("extend-select", "extend-ignore") and key in values:
                v = list(values[key]) + list(v)
            values[key] = v
        return replace(self, values=values)

    def key(self) -> str:
        """A stable text of the resolved values, for cache keys."""
        import json

        return json.dumps({k: v for k, v in self.values.items()}, sort_keys=True, default=str)


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(str(path), f"cannot read: {exc.strerror}") from None


def read_file(path: Path) -> dict | None:
    """The artlint table of a config file, or None for a ``pyproject.toml`` without one."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("artlint")
        if data is None:
            return None
    validate(data, str(path))
    return data


def validate(data: Mapping[str, Any], source: str) -> None:
    for key, value in data.items():
        spec = KEYS.get(key)
        if spec is None:
            hint = _closest(key, KEYS)
            raise ConfigError(source, f"unknown key '{key}'" + (f" (did you mean '{hint}'?)" if hint else ""))
        check, expected = spec
        if not check(value):
            raise ConfigError(source, f"'{key}' must be {expected}")


def _closest(word: str, choices) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, list(choices), n=1)
    return found[0] if found else None


def load_path(path: Path, _seen: tuple[Path, ...] = ()) -> Config:
    path = path.resolve()
    if path in _seen:
        raise ConfigError(str(path), "'extend' forms a cycle")
    data = read_file(path)
    if data is None:
        raise ConfigError(str(path), "no [tool.artlint] table")
    data = _absolutise(data, path.parent)
    if "extend" in data:
        base = load_path(Path(data["extend"]), _seen + (path,))
        data = merge(base.values, {k: v for k, v in data.items() if k != "extend"})
    return Config(str(path), path.parent, data)


def _absolutise(data: dict, folder: Path) -> dict:
    data = dict(data)
    for k in _PATH_KEYS:
        if k in data:
            data[k] = str((folder / data[k]).resolve())
    for k in _PATH_LIST_KEYS:
        if k in data:
            data[k] = [p if p.startswith("builtin:") else str((folder / p).resolve()) for p in data[k]]
    if "per-file-ignores" in data:
        # Globs stay relative to the file that wrote them, even when another file extends it.
        data["per-file-ignores"] = {str(folder / g): v for g, v in data["per-file-ignores"].items()}
    if "per-file-body" in data:
        data["per-file-body"] = {str(folder / g): v for g, v in data["per-file-body"].items()}
    return data


def merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict:
    out = dict(base)
    for k, v in top.items():
        if k == "rules" and isinstance(out.get(k), dict):
            rules = {rk: dict(rv) for rk, rv in out[k].items()}
            for rk, rv in v.items():
                rules[rk] = {**rules.get(rk, {}), **rv}
            out[k] = rules
        elif k in ("per-file-ignores", "per-file-body") and isinstance(out.get(k), dict):
            out[k] = {**out[k], **v}
        else:
            out[k] = v
    return out


class Discovery:
    """Finds the config that applies to each file: the nearest one up the tree, cached per folder."""

    def __init__(self, explicit: Path | None = None, overrides: Mapping[str, Any] | None = None,
                 isolated: bool = False) -> None:
        self._explicit = load_path(explicit) if explicit else None
        self._overrides = dict(overrides or {})
        self._isolated = isolated
        self._by_dir: dict[Path, Config] = {}
        self._by_file: dict[Path, Config] = {}

    def for_path(self, path: Path) -> Config:
        if self._explicit is not None:
            return self._finish(self._explicit)
        if self._isolated:
            return self._finish(Config(root=Path.cwd()))
        folder = path.parent.resolve() if not path.is_dir() else path.resolve()
        chain: list[Path] = []
        found: Config | None = None
        for d in (folder, *folder.parents):
            if d in self._by_dir:
                found = self._by_dir[d]
                break
            chain.append(d)
            cfg_file = self._config_file(d)
            if cfg_file is not None:
                found = load_path(cfg_file)
                break
        if found is None:
            found = Config(root=Path.cwd())
        for d in chain:
            self._by_dir[d] = found
        return self._finish(found)

    def _finish(self, cfg: Config) -> Config:
        key = Path(cfg.source)
        done = self._by_file.get(key) if cfg.source != "<defaults>" else None
        if done is not None and done.root == cfg.root:
            return done
        done = cfg.with_overrides(**self._overrides) if self._overrides else cfg
        if cfg.source != "<defaults>":
            self._by_file[key] = done
        return done

    @staticmethod
    def _config_file(d: Path) -> Path | None:
        for name in CONFIG_FILES:
            p = d / name
            if p.is_file():
                if name == "pyproject.toml":
                    if b"[tool.artlint" not in p.read_bytes():
                        continue
                return p
        return None


@dataclass(frozen=True)
class Selected:
    """A rule chosen for a run, with its effective severity and validated options."""

    rule: Any
    severity: Severity
    options: Mapping[str, Any]


def resolve_rules(cfg: Config, plugins, presets: Mapping[str, list[str]]) -> list[Selected]:
    """Turn ``select`` / ``ignore`` / ``rules`` into the rules to run, validating everything named."""
    rules = plugins.rules

    def expand(selector: str, key: str, depth: int = 0) -> set[str]:
        s = selector.strip()
        if s.upper() == "ALL":
            return set(rules)
        if s.lower() in presets and depth < 5:
            out: set[str] = set()
            for item in presets[s.lower()]:
                out |= expand(item, key, depth + 1)
            return out
        r = plugins.rule(s)
        if r is not None:
            return {r.code}
        by_group = {c for c, r in rules.items() if c.startswith(s.upper()) or s.lower() in r.groups}
        if by_group:
            return by_group
        if depth:  # a preset may name rules from plugins that are not installed
            return set()
        raise ConfigError(cfg.source, f"'{key}' names unknown rule, group or preset '{selector}'")

    chosen: set[str] = set()
    for s in cfg.get("select", ["recommended"]):
        chosen |= expand(s, "select")
    for s in cfg.get("extend-select", []):
        chosen |= expand(s, "extend-select")
    for key in ("ignore", "extend-ignore"):
        for s in cfg.get(key, []):
            chosen -= expand(s, key)
    for pattern, codes in cfg.get("per-file-ignores", {}).items():
        for s in codes:
            expand(s, f"per-file-ignores.{pattern}")

    table = cfg.get("rules", {})
    per_rule: dict[str, dict] = {}
    for ref, opts in table.items():
        r = plugins.rule(ref)
        if r is None:
            raise ConfigError(cfg.source, f"'rules.{ref}' names an unknown rule")
        per_rule[r.code] = {**per_rule.get(r.code, {}), **opts}
    # Every configured table is validated, selected or not: a typo must not wait until the rule is
    # switched on from the command line.
    settings: dict[str, tuple[Severity, Mapping[str, Any]]] = {}
    for code in rules:
        r = rules[code]
        opts = dict(per_rule.get(code, {}))
        sev = opts.pop("severity", None)
        if sev is not None and sev not in ("error", "warning", "info"):
            raise ConfigError(cfg.source, f"'rules.{r.name}.severity' must be error, warning or info")
        if code in chosen or code in per_rule:
            options = validate_options(r, opts, f"rules.{r.name}", cfg.source)
            if r.file_options and any(k in opts for k in r.file_options):
                options = _read_file_options(r, options, cfg)
            settings[code] = (Severity(sev or r.severity), options)
    return [Selected(rules[code], *settings[code]) for code in rules if code in chosen]


def _read_file_options(rule, options: Mapping[str, Any], cfg: Config) -> Mapping[str, Any]:
    """Replace the rule's file options (paths relative to the config) by the parsed data files."""
    import json
    from types import MappingProxyType

    out = dict(options)
    for key in rule.file_options:
        value = options.get(key)
        if not isinstance(value, str):
            continue
        path = (Path(cfg.root) / value).resolve()
        where = f"'rules.{rule.name}.{key}'"
        try:
            raw = path.read_bytes().decode("utf-8")
            if path.suffix == ".toml":
                data = tomllib.loads(raw)
            elif path.suffix in (".yaml", ".yml"):
                import yaml

                data = yaml.safe_load(raw)
            else:
                data = json.loads(raw)
        except OSError as exc:
            raise ConfigError(cfg.source, f"{where}: cannot read {path}: {exc.strerror or exc}") from None
        except Exception as exc:  # JSON, TOML, YAML and decoding errors all mean the same to the user
            raise ConfigError(cfg.source, f"{where}: {path} is not valid data: {exc}") from None
        check = getattr(rule, "check_file_option", None)
        problem = check(key, data) if check else None
        if problem:
            raise ConfigError(cfg.source, f"{where}: {path}: {problem}")
        out[key] = data
    return MappingProxyType(out)


def validate_options(rule, opts: dict, where: str, source: str) -> Mapping[str, Any]:
    from types import MappingProxyType

    if opts:
        import jsonschema

        v = jsonschema.Draft202012Validator(rule.options_schema)
        err = next(iter(sorted(v.iter_errors(opts), key=lambda e: list(e.path))), None)
        if err is not None:
            loc = ".".join(str(p) for p in err.path)
            key = f"{where}.{loc}" if loc else where
            if err.validator == "additionalProperties":
                raise ConfigError(source, f"'{where}': {err.message}")
            raise ConfigError(source, f"'{key}': {err.message}")
    return MappingProxyType({**rule.defaults, **opts})
