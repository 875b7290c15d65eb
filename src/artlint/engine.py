"""The engine: rule selection per file, one walk over the body, suppressions, and the fix loop."""

from __future__ import annotations

import os
import re
import threading
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from . import packs as _packs
from . import plugins as _plugins
from .article import Article
from .article import _merge as _merge_spans
from .config import Config, Discovery, Selected, resolve_rules
from .edits import Edit, Fix, apply_fixes
from .errors import ArtlintError, ConfigError, EncodingError, InputError
from .rule import Rule
from .violation import Severity, Span, Violation

DEFAULT_FIX_PASSES = 10
_DIRECTIVE = re.compile(r"^\s*artlint-(disable-next|disable|enable)\b\s*(.*?)\s*$", re.S)


@dataclass
class FixResult:
    """The outcome of fixing one text: the new text, the findings fixed, and those that remain."""

    text: str
    applied: list[Violation] = field(default_factory=list)
    remaining: list[Violation] = field(default_factory=list)
    converged: bool = True
    passes: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.applied)


@dataclass
class FileResult:
    """What happened to one file in a run."""

    path: str
    violations: list[Violation] = field(default_factory=list)
    error: str | None = None
    fixed: list[Violation] = field(default_factory=list)
    written: bool = False
    diff: str | None = None
    body_kind: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None


class RuleSet:
    """Selected rules arranged for one pass: whole-article rules, element rules by tag and by attribute."""

    def __init__(self, selected: Sequence[Selected], config: Config, packs: tuple) -> None:
        self.selected = list(selected)
        self.config = config
        self.packs = packs
        # An element rule may also override ``check`` (e.g. for a Markdown body's own images): both run.
        self.article_rules = [s for s in self.selected if (not s.rule.tags and not s.rule.attributes)
                              or type(s.rule).check is not Rule.check]
        self.star = [s for s in self.selected if "*" in s.rule.tags]
        self.by_tag: list[tuple[Selected, tuple[str, ...]]] = [
            (s, tuple(t for t in s.rule.tags if t != "*")) for s in self.selected
            if s.rule.tags and "*" not in s.rule.tags]
        self.by_attr: list[tuple[Selected, tuple[str, ...]]] = [
            (s, s.rule.attributes) for s in self.selected if s.rule.attributes and "*" not in s.rule.tags]
        self.code_aware = frozenset(s.rule.code for s in self.selected if s.rule.code_aware)
        self.codes = {s.rule.code for s in self.selected}
        self.needs = frozenset(n for s in self.selected for n in s.rule.needs)
        self.needs_online = any("online" in s.rule.needs for s in self.selected)
        #: what every article of this rule set gets in ``article.context`` besides packs and config:
        #: ``selected`` (the codes that run, so a rule can leave a defect to the rule that owns it) and
        #: ``easylist`` (element-hiding rules read from the files the ``easylist`` setting names)
        self.context: dict[str, Any] = {"packs": packs, "config": config.values,
                                        "selected": frozenset(self.codes)}
        if config.get("easylist"):
            from .easylist import load_lists

            self.context["easylist"] = load_lists(config.get("easylist"))

    def context_for(self, extra: Mapping[str, Any] | None) -> dict[str, Any]:
        return {**self.context, **extra} if extra else dict(self.context)

    def __bool__(self) -> bool:
        return bool(self.selected)


class Linter:
    """Loads plugins, packs and config once; checks and fixes texts and files. Safe to share between
    threads: all per-file state lives in local variables, and the caches are guarded by a lock."""

    def __init__(self, config: Config | str | Path | None = None, *, select: list[str] | None = None,
                 ignore: list[str] | None = None, extend_select: list[str] | None = None,
                 unsafe_fixes: bool = False, isolated: bool = False, block_plugins: Iterable[str] = (),
                 plugins: _plugins.Plugins | None = None, **settings: Any) -> None:
        overrides = {"select": select, "ignore": ignore, "extend_select": extend_select, **settings}
        overrides = {k: v for k, v in overrides.items() if v is not None}
        if overrides.get("refresh_online") is True:
            import time

            # One instant for the whole run, so every file (and worker) ignores the same cache entries.
            overrides["refresh_online"] = time.time()
        self.unsafe_fixes = unsafe_fixes
        #: called with (done, total) while URLs are being checked online
        self.online_progress = None
        self._checkers: dict = {}
        self._lock = threading.Lock()
        if isinstance(config, Config):
            self._fixed_config: Config | None = config.with_overrides(**overrides)
            self.discovery = None
        else:
            self._fixed_config = None
            self.discovery = Discovery(Path(config) if config else None, overrides, isolated)
        base_cfg = self._fixed_config or self.discovery.for_path(Path.cwd() / "x.md")
        blocked = tuple(block_plugins) + tuple(base_cfg.get("block-plugins", []))
        self.plugins = plugins or _plugins.load(blocked)
        self._rulesets: dict[str, RuleSet] = {}
        self._rs_by_cfg: dict[int, tuple[Config, RuleSet]] = {}
        self._cfg_by_dir: dict[str, Config] = {}
        self._listings: dict[Path, frozenset[str]] = {}

    # -- configuration ----------------------------------------------------------------------------
    @property
    def problems(self) -> list[str]:
        return self.plugins.problems

    def config_for(self, path: str | Path) -> Config:
        if self._fixed_config is not None:
            return self._fixed_config
        name = str(path) if path not in ("-", "") else "stdin.md"
        folder = os.path.dirname(os.path.abspath(name))
        cfg = self._cfg_by_dir.get(folder)
        if cfg is None:
            with self._lock:
                cfg = self._cfg_by_dir[folder] = self.discovery.for_path(Path(folder) / "x.md")
        return cfg

    def ruleset(self, cfg: Config) -> RuleSet:
        hit = self._rs_by_cfg.get(id(cfg))
        if hit is not None and hit[0] is cfg:
            return hit[1]
        key = cfg.source + "\0" + cfg.key()
        rs = self._rulesets.get(key)
        if rs is not None:
            self._rs_by_cfg[id(cfg)] = (cfg, rs)
        if rs is None:
            packs = _packs.load_packs([*self.plugins.pack_paths(), *cfg.get("packs", [])])
            selected = resolve_rules(cfg, self.plugins, _packs.presets(packs))
            rs = RuleSet(selected, cfg, packs)
            with self._lock:
                self._rulesets[key] = rs
                self._rs_by_cfg[id(cfg)] = (cfg, rs)
        return rs

    def ruleset_for(self, path: str | Path) -> RuleSet:
        return self.ruleset(self.config_for(path))

    @staticmethod
    def max_file_size(rs: RuleSet) -> int:
        """Bytes a file may have under this configuration (``max-file-size``)."""
        from ._io import MAX_BYTES, parse_size

        return parse_size(rs.config.get("max-file-size", MAX_BYTES)) or MAX_BYTES

    # -- one text ---------------------------------------------------------------------------------
    def parse(self, text: str, path: str = "-", *, bom: bool = False, ruleset: RuleSet | None = None,
              context: Mapping[str, Any] | None = None, body_kind: str | None = None,
              earlier: Article | None = None) -> Article:
        rs = ruleset or self.ruleset_for(path)
        ctx = rs.context_for({**self._provide(rs, path), **(context or {})})
        article = Article(text, path, bom=bom, context=ctx, body_kind=body_kind or body_setting(rs.config, path),
                          earlier=earlier)
        self._add_online(article, rs)
        return article

    def check_article(self, article: Article, ruleset: RuleSet) -> list[Violation]:
        found = run_rules(article, ruleset)
        return suppress(article, found, ruleset, self.plugins)

    def lint_text(self, text: str, path: str = "-", **kw: Any) -> list[Violation]:
        rs = self.ruleset_for(path)
        article = self.parse(text, path, ruleset=rs, **kw)
        try:
            return self.check_article(article, rs)
        finally:
            article.release()

    def fix_text(self, text: str, path: str = "-", *, unsafe: bool | None = None, bom: bool = False,
                 context: Mapping[str, Any] | None = None) -> FixResult:
        rs = self.ruleset_for(path)
        unsafe = self.unsafe_fixes if unsafe is None else unsafe
        passes = int(rs.config.get("fix-passes", DEFAULT_FIX_PASSES))
        # Rules that offer a safe and an unsafe way to fix one finding pick by this.
        context = {"unsafe-fixes": unsafe, **(context or {})}
        applied: list[Violation] = []
        kind = None  # decided on the text as given, then kept: a fix must not flip how the body is read
        article = None
        for n in range(1, passes + 1):
            article = self.parse(text, path, bom=bom, ruleset=rs, context=context, body_kind=kind, earlier=article)
            kind = article.body_kind
            found = self.check_article(article, rs)
            article.release()
            if kind == "markdown":
                for v in found:
                    if v.fix is not None:
                        v.fix = _whole_lines(text, v.fix, article.body_start)
            # Safe fixes first; unsafe ones only on a text the safe ones have settled, so a broad
            # unsafe rewrite (a sanitizer's output for the whole body) never pre-empts a precise fix.
            fixable = [v for v in found if v.fix is not None and v.fix.is_safe]
            new_text, taken = apply_fixes(text, [v.fix for v in fixable])
            if unsafe and (not taken or new_text == text):
                fixable = [v for v in found if v.fix is not None and not v.fix.is_safe]
                new_text, taken = apply_fixes(text, [v.fix for v in fixable])
            if taken and kind == "markdown":
                new_text, taken = _keep_code(article, fixable, taken, new_text, rs.code_aware)
            if not taken or new_text == text:
                if applied and n < passes and _reads_otherwise(text, article, kind, rs, path):
                    # The fixes changed how an auto-detected body reads (removing a leading <p></p> can
                    # make it Markdown): go on as the next run would, or `fix` would not be idempotent.
                    kind = None
                    continue
                return FixResult(text, applied, found, True, n)
            applied.extend(fixable[i] for i in taken)
            text = new_text
        article = self.parse(text, path, bom=bom, ruleset=rs, context=context, body_kind=kind, earlier=article)
        found = self.check_article(article, rs)
        still = [v for v in found if v.fix is not None and (unsafe or v.fix.is_safe)]
        return FixResult(text, applied, found, not still, passes)

    def _provide(self, rs: RuleSet, path: str) -> dict[str, Any]:
        """What the selected rules declared in ``needs`` that the engine can give (rules never touch
        the file system themselves)."""
        if "static_files" not in rs.needs:
            return {}
        out: dict[str, Any] = {}
        static = rs.config.get("static-dir")
        if static:
            if not Path(static).is_dir():
                raise ConfigError(rs.config.source, f"'static-dir' is not a folder: {static}")
            out["static_files"] = self._listing(Path(static))
            if path not in ("-", ""):
                out["article_files"] = self._listing(Path(path).absolute().parent)
        return out

    def _listing(self, folder: Path) -> frozenset[str]:
        """Files under ``folder`` as relative POSIX paths, listed once per run; hidden folders and
        ``node_modules`` are skipped and the walk is bounded, since the folder may be a whole site."""
        found = self._listings.get(folder)
        if found is None:
            found = _list_files(folder)
            with self._lock:
                self._listings[folder] = found
        return found

    # -- files ------------------------------------------------------------------------------------
    def check_file(self, path: str | Path, *, fix: bool = False, diff: bool = False,
                   unsafe: bool | None = None, data: bytes | None = None,
                   context: Mapping[str, Any] | None = None, raw: bytes | None = None) -> FileResult:
        """Check or fix one file. ``data`` is text from elsewhere (stdin: never written back); ``raw`` is
        the file's bytes when the caller has read them already (the file is read once: a pipe cannot be
        read twice, and a second read could see other bytes than the first)."""
        from ._io import check_size, read_file, write_atomic

        name = str(path)
        try:
            rs = self.ruleset_for(name)
            limit = self.max_file_size(rs)
            if raw is not None:
                check_size(raw, name, limit)
            elif data is None:
                raw = read_file(Path(path), limit)
            else:
                check_size(data, name, limit)
                raw = data
            ctx = rs.context_for({**self._provide(rs, name), **(context or {})})
            transcoded = None
            try:
                article = Article.from_bytes(raw, name, context=ctx, body_kind=body_setting(rs.config, name))
            except EncodingError as exc:
                # ENC001's fix is the engine's: only it sees bytes. Unsafe, since the guess may be wrong.
                if not (fix and (self.unsafe_fixes if unsafe is None else unsafe) and exc.encoding
                        and "ENC001" in rs.codes):
                    raise
                article = Article(raw.decode(exc.encoding), name, context=ctx,
                                  body_kind=body_setting(rs.config, name))
                transcoded = _transcoded(article, exc.encoding, rs)
            self._add_online(article, rs)
            if not fix and not diff:
                found = self.check_article(article, rs)
                article.release()
                return FileResult(name, found, body_kind=article.body_kind)
            result = self.fix_text(article.text, name, unsafe=unsafe, bom=article.bom, context=context)
            out = FileResult(name, result.remaining, fixed=result.applied, body_kind=article.body_kind)
            if transcoded is not None:
                out.fixed.insert(0, transcoded)
            if not result.converged:
                out.violations.append(_not_converged(article, result))
            new_bytes = article.to_bytes(result.text)
            if new_bytes == raw:
                return out
            if diff:
                out.diff = unified_diff(article.text, result.text, name)
            elif data is None:
                # A fix that breaks the front-matter must not reach the disk.
                Article(result.text, name, bom=article.bom)
                write_atomic(Path(path), new_bytes)
                out.written = True
            else:
                out.diff = result.text
            return out
        except ArtlintError as exc:
            return FileResult(name, error=str(exc) if isinstance(exc, InputError) else f"{name}: {exc}")
        except RecursionError:
            return FileResult(name, error=f"{name}: input nested too deeply")
        except MemoryError:
            return FileResult(name, error=f"{name}: out of memory while processing")
        except Exception as exc:  # a bug must cost one file, never the run or a traceback
            return FileResult(name, error=f"{name}: internal error: {type(exc).__name__}: {exc}")

    # -- online checking --------------------------------------------------------------------------
    def online_settings(self, rs: RuleSet):
        """The online settings for files under this rule set, or None when nothing there goes online."""
        if not rs.needs_online or not rs.config.get("online"):
            return None
        from .online import Settings

        return Settings.from_config(rs.config.values)

    def _checker(self, settings):
        with self._lock:
            checker = self._checkers.get(settings)
            if checker is None:
                from .online import Checker

                checker = self._checkers[settings] = Checker(settings, progress=self.online_progress)
            return checker

    def _add_online(self, article: Article, rs: RuleSet) -> None:
        """Give the online rules their verdicts, unless the caller already did (``prefetch_online``)."""
        if "online" in article.context:
            return
        settings = self.online_settings(rs)
        if settings is None:
            return
        from .online import refs

        wanted: dict[str, bool] = {}
        for ref in refs(article, links=settings.links):
            wanted[ref.url] = wanted.get(ref.url, False) or ref.kind != "link"
        article.context["online"] = self._checker(settings).resolve(wanted) if wanted else {}

    def prefetch_online(self, files: Iterable[tuple[str, bytes | None]]) -> dict[str, dict]:
        """Check the URLs of many files in one go (each URL once) and return, per path, the context to
        pass to ``check_file``. Files that cannot be read are skipped: ``check_file`` reports them."""
        from ._io import read_file
        from .online import refs

        per_file: dict[str, tuple] = {}
        wanted: dict = {}
        for name, data in files:
            try:
                rs = self.ruleset_for(name)
                settings = self.online_settings(rs)
                if settings is None:
                    continue
                raw = read_file(Path(name)) if data is None else data
                article = Article.from_bytes(raw, name, body_kind=body_setting(rs.config, name))
                urls: dict[str, bool] = {}
                for ref in refs(article, links=settings.links):
                    urls[ref.url] = urls.get(ref.url, False) or ref.kind != "link"
            except (ArtlintError, OSError):
                continue
            per_file[name] = (settings, urls)
            bucket = wanted.setdefault(settings, {})
            for u, img in urls.items():
                bucket[u] = bucket.get(u, False) or img
        verdicts = {s: self._checker(s).resolve(urls) for s, urls in wanted.items()}
        out: dict[str, dict] = {}
        for name, (settings, urls) in per_file.items():
            got = verdicts[settings]
            mine = {u: got[u] for u in urls if u in got}
            for v in list(mine.values()):
                target = v.permanent_target
                if target and target in got:
                    mine[target] = got[target]
            out[name] = {"online": mine}
        return out

    def close(self) -> None:
        for checker in self._checkers.values():
            checker.close()
        self._checkers.clear()

    @property
    def online_requests(self) -> int:
        """How many URLs this linter sent to the network (cache hits not counted)."""
        return sum(c.requested for c in self._checkers.values())


_LISTING_MAX_FILES = 200_000
_LISTING_MAX_DEPTH = 8


def _list_files(folder: Path) -> frozenset[str]:
    import os

    out: list[str] = []
    root = str(folder)
    base_depth = root.rstrip(os.sep).count(os.sep)
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        out.extend(prefix + f for f in filenames)
        if len(out) >= _LISTING_MAX_FILES or dirpath.count(os.sep) - base_depth >= _LISTING_MAX_DEPTH:
            dirnames[:] = []
        else:
            dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "node_modules"]
    return frozenset(out)


def _transcoded(article: Article, encoding: str, rs: RuleSet) -> Violation:
    sev = next((s.severity for s in rs.selected if s.rule.code == "ENC001"), Severity.ERROR)
    return Violation("ENC001", "encoding", f"transcoded from {encoding.upper()} to UTF-8", sev,
                     Span(0, 0, 1, 1, 1, 1), article.path, Fix((), "unsafe", "Transcode to UTF-8"))


def _not_converged(article: Article, result: FixResult) -> Violation:
    line, col = article.position(article.body_start)
    return Violation("ART001", "fix-not-converged",
                     f"fixes did not settle after {result.passes} passes; the file was fixed as far as it "
                     "went, check the remaining findings", Severity.ERROR,
                     Span(0, 0, 1, 1, 1, 1), article.path)


def _code_signature(article: Article, text: str) -> list[str]:
    """What must survive a fix of a Markdown body: its code (kind, info string and content, as the
    renderer sees them) and its template tags, in order."""
    from .markdown import code_contents

    other = Article(text, article.path, context=article.context, body_kind="markdown")
    return code_contents(text, other.body_start, other.body_end) + [text[s:e] for s, e in other.templates]


def _whole_lines(text: str, fix, floor: int):
    """In Markdown a line left blank ends an HTML block, and what follows turns into Markdown: a
    deletion that would empty its line takes the line's break with it."""
    edits = []
    changed = False
    for e in fix.edits:
        if not e.replacement and floor <= e.start < e.end:  # body edits only, never front-matter ones
            ls = max(text.rfind("\n", 0, e.start) + 1, floor)
            le = text.find("\n", e.end)
            if le >= 0 and not text[ls:e.start].strip(" \t") and \
                    not text[e.end:le].strip(" \t\r"):
                edits.append(Edit(ls, le + 1, ""))
                changed = True
                continue
        edits.append(e)
    return Fix(edits, fix.applicability, fix.title) if changed else fix


def _keep_code(article: Article, fixable: list[Violation], taken: list[int], new_text: str,
               code_aware: frozenset) -> tuple[str, list[int]]:
    """Fixes that leave a Markdown body's code alone, and the text they give.

    Edits never touch code, but removing markup can make what follows it Markdown syntax (a line left
    starting with a fence or four spaces becomes code). When the code of the fixed text differs from
    the code of the text with only code-aware fixes applied (HT101 turns code into HTML on purpose),
    the other fixes are added one at a time, keeping those that change no code.
    """
    aware = [i for i in taken if fixable[i].code in code_aware]
    base_text = apply_fixes(article.text, [fixable[i].fix for i in aware])[0] if aware else article.text
    want = _code_signature(article, base_text)
    if _code_signature(article, new_text) == want:
        return new_text, taken
    keep = list(aware)
    for i in taken:
        if i in aware:
            continue
        trial, got = apply_fixes(article.text, [fixable[j].fix for j in keep + [i]])
        if len(got) == len(keep) + 1 and _code_signature(article, trial) == want:
            keep.append(i)
    keep.sort()
    return apply_fixes(article.text, [fixable[i].fix for i in keep])[0], keep


def _reads_otherwise(text: str, article: Article, kind: str | None, rs: RuleSet, path: str) -> bool:
    if body_setting(rs.config, path) != "auto":
        return False
    from .markdown import detect_body_kind

    return detect_body_kind(text, article.body_start, article.body_end, path) != kind


def body_setting(cfg: Config, path: str) -> str:
    """``auto``, ``html`` or ``markdown`` for a file: ``per-file-body`` globs first, then ``body``."""
    per_file = cfg.get("per-file-body")
    if per_file and path not in ("-", ""):
        p = Path(path).absolute()
        for pattern, kind in per_file.items():
            if _glob_match(pattern, p):
                return kind
    return cfg.get("body", "auto")


def run_rules(article: Article, rs: RuleSet) -> list[Violation]:
    """Run every selected rule once: whole-article rules, then element rules on just the elements they
    asked for (by tag from the tree's index, by attribute from one text scan); then keep findings and
    fixes out of code and template syntax (``guard``). Rules whose ``body_kinds`` lack the article's
    body kind do not run."""
    out: list[Violation] = []
    kind = article.body_kind
    for sel in rs.article_rules:
        if kind in sel.rule.body_kinds:
            _run_one(out, sel, article, None)
    if rs.by_tag or rs.by_attr or rs.star:
        tree = article.html
        for sel, tags in rs.by_tag:
            if kind not in sel.rule.body_kinds:
                continue
            els = tree.by_tag.get(tags[0], ()) if len(tags) == 1 else \
                sorted((el for t in tags for el in tree.by_tag.get(t, ())), key=lambda e: e.start)
            if els:
                _run_one(out, sel, article, els)
        for sel, names in rs.by_attr:
            if kind not in sel.rule.body_kinds:
                continue
            if len(names) == 1:
                els = tree.with_attribute(names[0])
            else:
                els = sorted({id(el): el for n in names for el in tree.with_attribute(n)}.values(),
                             key=lambda e: e.start)
            if els:
                _run_one(out, sel, article, els)
        for sel in rs.star:
            if kind in sel.rule.body_kinds:
                _run_one(out, sel, article, tree.elements)
    out.sort(key=lambda v: (v.span.start, v.code))
    return guard(article, out, rs.code_aware)


def guard(article: Article, found: list[Violation], code_aware: set[str] = frozenset()) -> list[Violation]:
    """Template syntax is opaque and code is not markup, whatever a rule proposes.

    A finding located in a template span (``{% … %}``, ``{{ … }}``, …) is dropped; a fix with an edit
    that touches one, or an attribute whose value holds one, loses its fix (the finding stays). Unless the rule is ``code_aware``, a finding
    located in code (Markdown code blocks and spans, verbatim template blocks) is dropped, and a fix
    touching code loses its fix.
    """
    templates = article.templates
    code = article.code
    if not templates and not code:
        return found
    protected = list(templates)
    if templates:
        for el in article.html.elements:
            for a in el.attrs:
                if a.value_start < a.value_end and _overlaps_any(templates, a.value_start, a.value_end):
                    protected.append((a.start, a.end))
        protected = _merge_spans(protected)
    out = []
    for v in found:
        aware = v.code in code_aware
        if code and not aware and _overlaps_any(code, v.span.start, v.span.start + 1):
            continue
        if templates and _overlaps_any(templates, v.span.start, v.span.start + 1):
            continue  # what a template tag holds is not markup (``<p {% if a %}…``)
        if v.fix is not None and (_fix_touches(protected, v.fix) or (code and not aware and
                                                                     _fix_touches(code, v.fix))):
            v.fix = None
        out.append(v)
    return out


def _overlaps_any(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start..end`` overlaps one of the sorted ``spans``; an empty range counts when strictly
    inside a span (an insertion at a span's edge does not cut it)."""
    # spans are merged (sorted, disjoint), so only the last one starting before ``end`` can overlap
    if start < end:
        i = bisect_left(spans, (end,)) - 1
        return i >= 0 and spans[i][1] > start
    i = bisect_left(spans, (start,)) - 1
    return i >= 0 and spans[i][1] > start


def _fix_touches(spans: list[tuple[int, int]], fix) -> bool:
    return any(_overlaps_any(spans, e.start, e.end) for e in fix.edits)


def _run_one(out: list[Violation], sel: Selected, article: Article, elements) -> None:
    rule, options = sel.rule, sel.options
    try:
        if elements is None:
            found = list(rule.check(article, options) or ())
        else:
            found = []
            check = rule.check_element
            for el in elements:
                got = check(el, article, options)
                if got:
                    found.extend(got)
    except RecursionError:
        out.append(_crash(sel, article, "input nested too deeply"))
        return
    except Exception as exc:  # one broken rule must not lose the other rules' findings
        out.append(_crash(sel, article, f"{type(exc).__name__}: {exc}"))
        return
    if found:
        default = rule.severity
        for v in found:
            if v.severity == default:
                v.severity = sel.severity
        out.extend(found)


def _crash(sel: Selected, article: Article, why: str) -> Violation:
    return Violation("ART002", "rule-crashed", f"rule {sel.rule.code} ({sel.rule.name}) crashed: {why}",
                     Severity.ERROR, Span(0, 0, 1, 1, 1, 1), article.path)


# -- suppressions -----------------------------------------------------------------------------------

def suppress(article: Article, found: list[Violation], rs: RuleSet, plugins) -> list[Violation]:
    if not found:
        return found
    ignored = _file_ignores(article, rs, plugins)
    if "*" in ignored:
        return []
    regions = _regions(article, plugins) if "artlint-" in article.text else {}
    if not ignored and not regions:
        return found
    out = []
    for v in found:
        if v.code in ignored:
            continue
        if regions and (_in(regions.get("*"), v.span.start) or _in(regions.get(v.code), v.span.start)):
            continue
        out.append(v)
    return out


def _in(intervals, pos: int) -> bool:
    return bool(intervals) and any(s <= pos < e for s, e in intervals)


def _codes(spec: str, plugins) -> set[str]:
    items = [x for x in re.split(r"[\s,]+", spec) if x]
    if not items:
        return {"*"}
    out = set()
    for item in items:
        r = plugins.rule(item)
        out.add(r.code if r else item.upper())
    return out


def _file_ignores(article: Article, rs: RuleSet, plugins) -> set[str]:
    out: set[str] = set()
    meta = article.meta.get("artlint")
    if isinstance(meta, dict):
        items = meta.get("ignore")
        if isinstance(items, str):
            items = [items]
        if isinstance(items, list):
            for item in items:
                out |= _codes(str(item), plugins)
    pfi = rs.config.get("per-file-ignores")
    if pfi and article.path != "-":
        path = Path(article.path).absolute()
        for pattern, codes in pfi.items():
            if _glob_match(pattern, path):
                for c in codes:
                    out |= _expand_selector(c, plugins)
    return out


def _expand_selector(sel: str, plugins) -> set[str]:
    r = plugins.rule(sel)
    if r:
        return {r.code}
    if sel.upper() == "ALL":
        return {"*"}
    return {c for c, r in plugins.rules.items() if c.startswith(sel.upper()) or sel.lower() in r.groups}


def _glob_match(pattern: str, path: Path) -> bool:
    from fnmatch import fnmatch

    pat = pattern.replace("\\", "/")
    p = path.as_posix()
    if "/" not in Path(pattern).name and fnmatch(path.name, Path(pattern).name) and \
            p.startswith(str(Path(pattern).parent.as_posix())):
        return True
    return fnmatch(p, pat) or fnmatch(p, pat.replace("**/", ""))


def _regions(article: Article, plugins) -> dict[str, list[tuple[int, int]]]:
    """Suppressed intervals per code ("*" = every rule) from artlint comments in the body."""
    end = len(article.text)
    open_at: dict[str, int] = {}
    regions: dict[str, list[tuple[int, int]]] = {}
    starts = None
    for c in article.html.comments:
        m = _DIRECTIVE.match(c.data)
        if not m:
            continue
        kind, codes = m.group(1), _codes(m.group(2), plugins)
        if kind == "disable":
            for code in codes:
                open_at.setdefault(code, c.start)
        elif kind == "enable":
            for code in (codes if codes != {"*"} else set(open_at)):
                if code in open_at:
                    regions.setdefault(code, []).append((open_at.pop(code), c.end))
        else:
            if starts is None:
                starts = [el.start for el in article.html.elements]
            i = bisect_left(starts, c.end)
            if i < len(starts):
                el = article.html.elements[i]
                span = (c.start, el.end)
            else:
                nl = article.text.find("\n", article.text.find("\n", c.end) + 1)
                span = (c.start, end if nl < 0 else nl)
            for code in codes:
                regions.setdefault(code, []).append(span)
    for code, s in open_at.items():
        regions.setdefault(code, []).append((s, end + 1))
    return regions


def unified_diff(before: str, after: str, name: str) -> str:
    import difflib

    out = []
    for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), f"a/{name}", f"b/{name}"):
        out.append(line)
        if not line.endswith("\n"):
            # As diff(1) marks it: without this the last line runs into the next one and patch rejects it.
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)
