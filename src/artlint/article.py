"""Decoding a file and parsing it once into an immutable ``Article`` that every rule shares."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from .errors import EncodingError, InputError
from .html import LineIndex, SourceTree

BOM = "\ufeff"
_LEADING_BLANK = re.compile(r"(?:[ \t]*\r?\n)*")


class Entry(NamedTuple):
    """A top-level front-matter key with the spans of its key and value in the file's text.

    ``style`` is the value's quoting: ``'`` / ``"`` / ``''`` (plain) for YAML scalars, ``|``/``>`` for block
    scalars, ``seq`` or ``map`` for collections, ``junk`` for a repaired quote-run value; TOML and JSON
    give ``"`` or ``''``. ``items`` holds ``(start, end, text, style)`` for each element of a sequence.
    """

    key: str
    value: Any
    key_start: int
    key_end: int
    value_start: int
    value_end: int
    style: str
    items: tuple = ()


@dataclass(frozen=True)
class FrontMatter:
    format: str  # yaml | toml | json
    data: dict
    start: int  # opening delimiter
    end: int  # after the closing delimiter line (incl. its newline)
    content_start: int
    content_end: int
    entries: dict[str, Entry] = field(default_factory=dict)
    #: keys whose raw value YAML could not read (runs of quotes around the text, as some feed generators
    #: write them); ``data`` holds the text inside the quotes and a rule offers the repair
    repaired: tuple[str, ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


def decode(data: bytes, path: str) -> tuple[str, bool]:
    """Return (text, had_bom) or raise ``InputError`` naming the problem."""
    if not data:
        raise InputError(path, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "UTF-16 text is not supported; save the file as UTF-8")
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
        guess = guess_encoding(data)
        if guess is None:
            raise EncodingError(path, f"not valid UTF-8 ({where}) and not an encoding artlint recognises; "
                                      "save the file as UTF-8") from None
        raise EncodingError(path, f"not valid UTF-8 ({where}); it looks like {guess.upper()}: "
                                  "`artlint fix --unsafe-fixes` transcodes it to UTF-8", guess) from None
    return text, bom


# Detected names that are subsets of an encoding which decodes the same bytes the same way and more.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "hz": "gb18030", "ascii": "utf-8", "big5": "big5hkscs",
             "euc_kr": "cp949", "shift_jis": "cp932", "latin_1": "cp1252", "iso8859_1": "cp1252"}


def _reads_as_chinese(data: bytes) -> bool:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    wide = [c for c in text if ord(c) > 0x7F]
    han = sum(1 for c in wide if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return bool(wide) and han >= 0.9 * len(wide)


def guess_encoding(data: bytes) -> str | None:
    """The legacy encoding ``data`` (not UTF-8) most likely is in, as a Python codec name, or None.

    charset-normalizer is imported here only: a UTF-8 file never pays for it.
    """
    import codecs

    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    name = codecs.lookup(best.encoding).name.replace("-", "_")
    if not name.startswith(("gb", "big5")) and _reads_as_chinese(data):
        # Short GBK text is ambiguous (CP949 and Shift-JIS decode it too); the articles this tool is
        # for are Chinese, so text that GB18030 reads as almost only Han characters is taken as such.
        name = "gb18030"
    name = _SUPERSET.get(name, name)
    try:
        data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None
    return name.replace("_", "-") if name.startswith(("gb", "big5", "utf", "iso")) else name


class Article:
    """One file: its text, front-matter with spans, body span and trees, and a line index.

    Offsets everywhere are character offsets into ``text`` (the decoded file without its BOM).
    """

    def __init__(self, text: str, path: str = "-", *, bom: bool = False, encoding: str = "utf-8",
                 context: dict | None = None, body_kind: str = "auto", earlier: Article | None = None) -> None:
        self.path = path
        self.text = text
        self.bom = bom
        self.encoding = encoding
        self.context = context or {}
        fm = earlier.front_matter if earlier is not None and earlier.path == path else None
        if fm is not None and text.startswith(earlier.text[:fm.end]):
            # ``earlier`` is this file before some fixes that left everything up to the end of its
            # front-matter alone (the body's fixes): the same characters parse to the same front-matter.
            self.leading_end = earlier.leading_end
            self.front_matter = fm
        else:
            self.leading_end = _LEADING_BLANK.match(text).end()
            self.front_matter = _parse_front_matter(text, self.leading_end, path)
        self.body_start = self.front_matter.end if self.front_matter else 0
        self.body_end = len(text)
        if body_kind not in ("html", "markdown"):
            body_kind = _detect_body_kind(text, self.body_start, self.body_end, path)
        #: ``html`` (the whole body is HTML markup) or ``markdown`` (only its HTML blocks and inline HTML
        #: are HTML); ``body = "auto"`` decides with ``markdown.detect_body_kind``
        self.body_kind = body_kind

    @cached_property
    def newline(self) -> str:
        """The line ending inserted lines use: CRLF if the file has any, else LF."""
        text = self.text
        # A one-character search runs far faster than a two-character one over the whole text.
        return "\r\n" if "\r" in text and "\r\n" in text else "\n"

    @classmethod
    def from_bytes(cls, data: bytes, path: str = "-", **kw) -> Article:
        text, bom = decode(data, path)
        return cls(text, path, bom=bom, **kw)

    def to_bytes(self, text: str | None = None) -> bytes:
        text = self.text if text is None else text
        return ((BOM if self.bom else "") + text).encode(self.encoding)

    @property
    def meta(self) -> dict:
        return self.front_matter.data if self.front_matter else {}

    @property
    def body(self) -> str:
        return self.text[self.body_start:self.body_end]

    @cached_property
    def markdown(self):
        """The Markdown body's spans (``markdown.MarkdownBody``), or ``None`` for an HTML body."""
        if self.body_kind != "markdown":
            return None
        from .markdown import parse_markdown

        return parse_markdown(self.text, self.body_start, self.body_end)

    @cached_property
    def html(self) -> SourceTree:
        """The body's HTML as a source tree; for a Markdown body, only what renders as HTML is in it."""
        md = self.markdown
        if md is None:
            return SourceTree(self.text, self.body_start, self.body_end)
        return SourceTree(self.text, self.body_start, self.body_end, _subtract(md.html, self._verbatim))

    @cached_property
    def _template_info(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        from .templates import DEFAULT_DELIMITERS, template_spans

        delimiters = (self.context.get("config") or {}).get("template-delimiters", DEFAULT_DELIMITERS)
        return template_spans(self.text, self.body_start, self.body_end, delimiters)

    @property
    def templates(self) -> list[tuple[int, int]]:
        """Spans of template syntax in the body (``{% … %}``, ``{{ … }}``, …): no edit may touch them."""
        return self._template_info[0]

    @property
    def _verbatim(self) -> list[tuple[int, int]]:
        return self._template_info[1]

    @cached_property
    def code(self) -> list[tuple[int, int]]:
        """Spans that are code, never markup: a Markdown body's fenced and indented code blocks and code
        spans, and template blocks that hold verbatim text (``{% raw %}``, ``{% highlight %}``, …)."""
        md = self.markdown
        return _merge(list(self._verbatim) + (md.code if md is not None else []))

    @cached_property
    def images(self) -> list:
        """Every image as a ``markdown.Ref``, in document order: ``<img>`` elements and, in a Markdown
        body, ``![alt](url)`` outside code."""
        from .markdown import html_images

        return self._with_markdown(html_images(self.html, self.text), "images")

    @cached_property
    def links(self) -> list:
        """Every link as a ``markdown.Ref``, in document order: ``<a>`` elements and, in a Markdown body,
        ``[text](url)`` and ``<https://…>`` outside code."""
        from .markdown import html_links

        return self._with_markdown(html_links(self.html, self.text), "links")

    def _with_markdown(self, refs: list, which: str) -> list:
        md = self.markdown
        if md is None:
            return refs
        code = self.code
        return sorted(refs + [r for r in getattr(md, which) if not _inside(code, r.start)], key=lambda r: r.start)

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    def release(self) -> None:
        """Free the parsed body tree now (see ``SourceTree.release``); the article's text stays usable."""
        tree = self.__dict__.pop("html", None)
        if tree is not None:
            tree.release()

    def position(self, offset: int) -> tuple[int, int]:
        return self.lines.position(offset)

    def select(self, selector: str):
        return self.html.select(selector)


def _detect_body_kind(text: str, start: int, end: int, path: str) -> str:
    global _detect_body_kind
    # Imported on first use and then bound here: an import statement costs microseconds on every call.
    from .markdown import detect_body_kind

    _detect_body_kind = detect_body_kind
    return detect_body_kind(text, start, end, path)


def _fast_yaml(src: str, base: int):
    global _fast_yaml
    from ._fastyaml import parse  # it imports ``Entry`` from here, so not at the top

    _fast_yaml = parse
    return parse(src, base)


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    from bisect import bisect_right

    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _subtract(regions: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``regions`` with the parts inside ``holes`` cut out (both sorted, non-overlapping)."""
    if not holes:
        return regions
    out = []
    for s, e in regions:
        for hs, he in holes:
            if he <= s or hs >= e:
                continue
            if hs > s:
                out.append((s, hs))
            s = max(s, he)
        if s < e:
            out.append((s, e))
    return out


# -- front-matter ---------------------------------------------------------------------------------

def _detect(text: str) -> str | None:
    """The front-matter format as python-frontmatter's handlers see it (TOML by its ``+++`` fence)."""
    import frontmatter
    from frontmatter.default_handlers import JSONHandler, YAMLHandler

    handler = frontmatter.detect_format(text, (YAMLHandler(), JSONHandler()))
    if isinstance(handler, YAMLHandler):
        return "yaml"
    if isinstance(handler, JSONHandler):
        return "json"
    return "toml" if text.startswith("+++") else None


_OPENERS = {"yaml": re.compile(r"-{3,}[ \t]*\r?(?:\n|\Z)"), "toml": re.compile(r"\+{3,}[ \t]*\r?(?:\n|\Z)"),
            "json": re.compile(r"\{[ \t]*\r?\n")}
# Closing lines, found from the opener's newline: a literal "\n" first lets the search skip ahead fast.
_CLOSERS = {"yaml": re.compile(r"\n((?:-{3,}|\.{3})[ \t]*\r?(?:\n|\Z))"),
            "toml": re.compile(r"\n(\+{3,}[ \t]*\r?(?:\n|\Z))"),
            "json": re.compile(r"\n(\}[ \t]*\r?(?:\n|\Z))")}


def _parse_front_matter(text: str, pos: int, path: str) -> FrontMatter | None:
    if text.startswith("---", pos):
        fmt = "yaml"  # the common case, without asking the handlers
    else:
        fmt = _detect(text[pos:pos + 64]) if text.startswith(("+++", "{"), pos) else None
    m = _OPENERS[fmt].match(text, pos) if fmt else None
    if m is None:
        return None
    close = _CLOSERS[fmt].search(text, m.end() - 1) if text[m.end() - 1:m.end()] == "\n" else None
    if close is None:
        raise InputError(path, f"{fmt.upper()} front-matter opened on line {text.count(chr(10), 0, pos) + 1} "
                               "is never closed")
    if fmt == "json":
        c_start, c_end = m.start(), close.end()
        return _json_front_matter(text, m.start(), close.end(), c_start, c_end, path)
    c_start, c_end = m.end(), close.start(1)
    if fmt == "yaml":
        return _yaml_front_matter(text, m.start(), close.end(), c_start, c_end, path)
    return _toml_front_matter(text, m.start(), close.end(), c_start, c_end, path)


_QUOTE_RUN = re.compile(r"""^([A-Za-z_][\w-]*):[ \t]+((?:"{2,}|'{2,})[^\r\n]*?(?:"{2,}|'{2,}))[ \t]*\r?$""", re.M)


def _yaml_front_matter(text, start, end, c_start, c_end, path) -> FrontMatter:
    fast = _fast_yaml(text[c_start:c_end], c_start)
    if fast is not None:
        return FrontMatter("yaml", fast[0], start, end, c_start, c_end, fast[1])
    import yaml

    try:
        return _compose_yaml(text, start, end, c_start, c_end, path, text[c_start:c_end], {})
    except InputError as first:
        # Quote-run titles ("""""'…'""""") are invalid YAML; read them as the text inside the quotes,
        # with a same-length placeholder so every other span stays exact.
        src = text[c_start:c_end]
        junk = {m.group(1): (m.start(2), m.end(2)) for m in _QUOTE_RUN.finditer(src)}
        if not junk:
            raise
        chars = list(src)
        for s, e in junk.values():
            chars[s:e] = "'" + "x" * (e - s - 2) + "'"
        try:
            return _compose_yaml(text, start, end, c_start, c_end, path, "".join(chars),
                                 {k: src[s:e].strip("\"' ") for k, (s, e) in junk.items()})
        except (InputError, yaml.YAMLError):
            raise first from None


def _compose_yaml(text, start, end, c_start, c_end, path, src, repaired) -> FrontMatter:
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(src)
    first_line = text.count("\n", 0, c_start) + 1
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_yaml_graph(node, path, first_line)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {text.count(chr(10), 0, c_start) + mark.line + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(path, f"YAML front-matter error{where}: {problem}") from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise InputError(path, f"YAML front-matter error: {exc}") from None
    except RecursionError:  # the pure-Python loader, without libyaml's depth limit
        raise InputError(path, "YAML front-matter nested too deeply") from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(path, f"YAML front-matter is a {type(data).__name__}, not a mapping")
    entries: dict[str, Entry] = {}
    data.update((k, v) for k, v in repaired.items() if k in data)
    if node is not None:
        off = _mark_offsets(src, c_start)
        for knode, vnode in node.value:
            key = knode.value if isinstance(knode.value, str) else str(knode.value)
            if key not in data and knode.value not in data:
                continue
            style = "junk" if key in repaired else _yaml_style(vnode)
            items = ()
            if style == "seq":
                items = tuple((off(i.start_mark.index), off(i.end_mark.index), i.value, _yaml_style(i))
                              for i in vnode.value)
            entries[key] = Entry(key, data.get(key, data.get(knode.value)), off(knode.start_mark.index),
                                 off(knode.end_mark.index), off(vnode.start_mark.index),
                                 off(vnode.end_mark.index), style, items)
    return FrontMatter("yaml", data, start, end, c_start, c_end, entries, tuple(repaired))


#: Nodes the front-matter may hold once every alias is expanded. Aliases share nodes, so a few lines can
#: stand for billions ("billion laughs"); anything that walks the data (JSON output, a schema check,
#: repr) would then never finish. Real front-matter has tens of nodes.
MAX_YAML_NODES = 100_000
#: How deep front-matter values may nest. Checked here rather than left to the YAML library, whose own
#: limit (if any) differs from release to release.
MAX_YAML_DEPTH = 100


def _check_yaml_graph(root, path: str, first_line: int) -> None:
    """Reject alias bombs, recursive aliases and duplicate mapping keys before anything is constructed.

    One iterative walk over the composed node graph; every shared node is sized once.
    """
    import yaml

    size: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[object, bool, int]] = [(root, False, 0)]
    while stack:
        node, finished, depth = stack.pop()
        if depth > MAX_YAML_DEPTH:
            raise InputError(path, f"YAML front-matter nesting is deeper than {MAX_YAML_DEPTH} levels")
        nid = id(node)
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            size[nid] = 1
            continue
        if finished:
            open_nodes.discard(nid)
            total = 1 + sum(size[id(c)] for c in children)
            if total > MAX_YAML_NODES:
                raise InputError(path, f"YAML front-matter expands to more than {MAX_YAML_NODES:,} values "
                                       "through aliases (an alias bomb?)")
            size[nid] = total
            continue
        if nid in size:
            continue
        if nid in open_nodes:
            raise InputError(path, f"YAML front-matter has an alias that contains itself (line "
                                   f"{first_line + node.start_mark.line})")
        if isinstance(node, yaml.MappingNode):
            _check_duplicate_keys(node, path, first_line)
        open_nodes.add(nid)
        stack.append((node, True, depth))
        for c in children:
            cid = id(c)
            if cid in open_nodes:
                raise InputError(path, f"YAML front-matter has an alias that contains itself (line "
                                       f"{first_line + c.start_mark.line})")
            if cid not in size:
                stack.append((c, False, depth + 1))


def _check_duplicate_keys(node, path: str, first_line: int) -> None:
    import yaml

    seen: dict[tuple, int] = {}
    for knode, _ in node.value:
        if not isinstance(knode, yaml.ScalarNode) or knode.value == "<<":
            continue
        key = (knode.tag, knode.value)
        line = first_line + knode.start_mark.line
        if key in seen:
            # PyYAML keeps the last value silently; other readers keep the first or fail: ambiguous.
            raise InputError(path, f"duplicate front-matter key '{knode.value}' (lines {seen[key]} and {line})")
        seen[key] = line


def _mark_offsets(src: str, base: int):
    # libyaml counts characters, so offsets are character offsets already; only the base is added.
    return lambda i: base + i


def _yaml_style(node) -> str:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return "seq"
    if isinstance(node, yaml.MappingNode):
        return "map"
    return node.style or ""


_TOML_KEY = re.compile(r'^[ \t]*("(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+)[ \t]*=[ \t]*(.*?)[ \t]*\r?$', re.M)
_JSON_KEY = re.compile(r'^[ \t]*"((?:[^"\\]|\\.)*)"[ \t]*:[ \t]*(.*?)[ \t]*,?[ \t]*\r?$', re.M)


def _toml_front_matter(text, start, end, c_start, c_end, path) -> FrontMatter:
    from ._compat import tomllib

    try:
        data = tomllib.loads(text[c_start:c_end])
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"TOML front-matter error: {exc}") from None
    except RecursionError:
        raise InputError(path, "TOML front-matter nested too deeply") from None
    return FrontMatter("toml", data, start, end, c_start, c_end,
                       _line_entries(_TOML_KEY, text, c_start, c_end, data))


def _json_front_matter(text, start, end, c_start, c_end, path) -> FrontMatter:
    import json

    try:
        data = json.loads(text[c_start:c_end], object_pairs_hook=_json_object)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"JSON front-matter error: {exc.msg} (line "
                               f"{text.count(chr(10), 0, c_start) + exc.lineno})") from None
    except _DuplicateKey as exc:
        raise InputError(path, f"duplicate front-matter key '{exc.args[0]}'") from None
    except RecursionError:
        raise InputError(path, "JSON front-matter nested too deeply") from None
    if not isinstance(data, dict):
        raise InputError(path, "JSON front-matter is not an object")
    return FrontMatter("json", data, start, end, c_start, c_end,
                       _line_entries(_JSON_KEY, text, c_start, c_end, data))


class _DuplicateKey(Exception):
    pass


def _json_object(pairs: list) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen = set()
        for k, _ in pairs:
            if k in seen:
                raise _DuplicateKey(k)
            seen.add(k)
    return out


def _line_entries(pattern, text, c_start, c_end, data) -> dict[str, Entry]:
    # TOML and JSON parsers give no positions; top-level keys are one per line in front-matter.
    entries: dict[str, Entry] = {}
    for m in pattern.finditer(text, c_start, c_end):
        key = m.group(1).strip("\"'")
        if key in data and key not in entries:
            v = m.group(2)
            entries[key] = Entry(key, data[key], m.start(1), m.end(1), m.start(2), m.end(2),
                                 '"' if v.startswith('"') else "'" if v.startswith("'") else "")
    return entries
