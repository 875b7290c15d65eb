"""The sanitizer of record: an allow-list policy, the bleach and nh3 backends that apply it, the tree
comparison that says whether a body passes unchanged, and the pre-scan that spares most bodies the
(slow) sanitizer altogether.

What the pre-scan proves
------------------------
``prescan`` walks the article's source tree and returns no problem only when all of this holds:

1. Every tag in the body is written in the plain syntax every HTML tokenizer reads the same way: start
   tags ``<name attr attr=value attr="value" attr='value'>`` with whitespace between attributes and
   unquoted values free of quotes, ``<``, ``=`` and backticks; end tags ``</name>``; comments
   ``<!-- … -->`` that are not ``<!-->``, ``<!--->`` or ended by ``--!>``. No ``<!DOCTYPE``, ``<?``,
   ``</ x>`` or CDATA. No ``<`` in text that a browser could start a tag with (an unterminated tag).
   No NUL or other control characters besides tab, newline, form feed and carriage return.
   Under (1) the browser's tokens are our tokens, so the tags and attributes below are the ones a
   browser sees.
2. Every element is on the policy's tag list and none is an element that changes how the rest is
   parsed (raw text, ``noscript``, ``template``, ``svg``, ``math``, ``select``, ``form``, …).
3. Every attribute is on the policy's list for its element (or for ``*``); no event handler; every
   URL-bearing attribute, decoded with the HTML attribute rules and trimmed the WHATWG way, is relative
   or uses a scheme of the policy, and is not a script or non-image ``data:`` URL.

A sanitizer configured with the same policy removes only disallowed tags, attributes and comments, so
under (1)-(3) it has nothing to remove and its output parses to the same tree: the body passes. Things
another selected rule removes anyway (``<script>`` for ``script``, ``on*`` for ``event-handler``,
``style=`` for ``inline-style``, …) are left to that rule: the check is about the body *after* the
other fixes. Anything else the pre-scan cannot prove goes to the sanitizer, whose output is compared
with the input as parsed trees (html5lib, the WHATWG algorithm, on both sides).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from .._memo import Memo
from ..html import RAW_TEXT
from ._sec import (URL_ATTRS, attr_unescape, is_event_handler, is_meta_refresh, plain_url, unsafe_attr, unsafe_style,
                   unsafe_url, url_scheme)

DEFAULT_TAGS = sorted(
    "a abbr acronym address article aside b bdi bdo big blockquote br caption center cite code col colgroup "
    "dd del details dfn dir div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 header hgroup hr i "
    "img ins kbd li main mark ol p picture pre q rp rt ruby s samp section small source span strike strong "
    "sub summary sup table tbody td tfoot th thead time tr tt u ul var wbr".split())
#: the attribute allow-list; ``*`` applies to every tag, a trailing ``*`` is a prefix pattern
DEFAULT_ATTRIBUTES = {
    "*": ["class", "id", "title", "style", "lang", "dir", "align", "valign", "width", "height", "border", "color",
          "face", "size", "bgcolor", "hidden", "role", "translate", "data-*", "aria-*",
          # attributes scraped CMS markup carries that browsers ignore (新浪 cms-style, IT 之家 w/h,
          # Discuz! aid/zoomfile/inpost, …)
          "cms-style", "cms-width", "cms-height", "black-list", "w", "h", "aid", "zoomfile", "inpost",
          "lazyloadthumb", "file", "label", "img-code", "img-size", "ocr-text", "qr-mark"],
    "a": ["href", "target", "rel", "name", "hreflang", "type", "referrerpolicy"],
    "img": ["src", "alt", "srcset", "sizes", "loading", "decoding", "referrerpolicy"],
    "source": ["src", "srcset", "type", "media", "sizes"],
    "td": ["colspan", "rowspan", "headers", "scope", "nowrap", "abbr"],
    "th": ["colspan", "rowspan", "headers", "scope", "nowrap", "abbr"],
    "table": ["cellspacing", "cellpadding", "summary", "frame", "rules"],
    "col": ["span"], "colgroup": ["span"],
    "ol": ["start", "reversed", "type"], "ul": ["type"], "li": ["value", "type"],
    "blockquote": ["cite"], "q": ["cite"], "del": ["cite", "datetime"], "ins": ["cite", "datetime"],
    "time": ["datetime"], "details": ["open"],
}
DEFAULT_PROTOCOLS = ["http", "https", "mailto", "tel", "data"]

#: elements that switch the tokenizer or tree builder into another mode: never proven clean
SPECIAL = frozenset(RAW_TEXT | {"noscript", "template", "svg", "math", "select", "option", "optgroup",
                                "form", "plaintext", "xmp", "listing", "image", "isindex", "frameset",
                                "frame", "noframes", "noembed", "object", "embed", "applet", "keygen",
                                "textarea", "button", "input", "base", "meta", "link", "head", "body",
                                "html"})

_WS = "[\t\n\f\r ]"
_START = re.compile(rf"""<[a-zA-Z][a-zA-Z0-9-]*(?:{_WS}+[^\t\n\f\r "'<>/=`]+(?:{_WS}*={_WS}*(?:"[^"]*"|'[^']*'|[^\t\n\f\r "'<>=`]+))?)*{_WS}*/?>""")
_END = re.compile(rf"</[a-zA-Z][a-zA-Z0-9-]*{_WS}*>")
_COMMENT = re.compile(r"<!--(?!-?>)(?:(?!--!?>).)*?(?<!--!)-->", re.S)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_TAG_OPEN_IN_TEXT = re.compile(r"<[a-zA-Z/!?]")


@dataclass(frozen=True, eq=False)  # hashed by identity: one object per configuration (see _policy)
class Policy:
    tags: frozenset
    exact: dict  # tag -> frozenset of names
    prefixes: dict  # tag -> tuple of prefixes
    protocols: frozenset
    comments: bool

    def attr_ok(self, tag: str, name: str) -> bool:
        for key in (tag, "*"):
            if name in self.exact.get(key, ()):
                return True
            if any(name.startswith(p) for p in self.prefixes.get(key, ())):
                return True
        return False

    def value_problem(self, tag: str, name: str, value: str | None) -> str | None:
        """Why the (decoded) value of an allowed attribute is still not acceptable."""
        if value is not None and name == "style":
            return unsafe_style(value)
        if value is None or not (name in URL_ATTRS or name.endswith(":href")):
            return None
        why = unsafe_url(tag, name, value)
        if why:
            return why
        candidates = [value]
        if name in ("srcset", "imagesrcset"):
            candidates = [c.strip().split(None, 1)[0] for c in value.split(",") if c.strip()]
        for v in candidates:
            scheme = url_scheme(v)
            if scheme is not None and scheme not in self.protocols:
                return f"{scheme}: URLs are not in the policy"
        return None

    def bleach_attr(self, tag: str, name: str, value: str) -> bool:
        name = name.lower()
        if is_event_handler(name) or not self.attr_ok(tag, name):
            return False
        # bleach hands values over with character references still in them
        return self.value_problem(tag, name, attr_unescape(value) if value else value) is None


@lru_cache(maxsize=32)
def _policy(key: str) -> Policy:
    opts = json.loads(key)
    exact: dict = {}
    prefixes: dict = {}
    for tag, names in opts["attributes"].items():
        for n in names:
            n = n.lower()
            if n.endswith("*"):
                prefixes.setdefault(tag, []).append(n[:-1])
            else:
                exact.setdefault(tag, set()).add(n)
    return Policy(frozenset(t.lower() for t in opts["tags"]), {k: frozenset(v) for k, v in exact.items()},
                  {k: tuple(v) for k, v in prefixes.items()}, frozenset(p.lower() for p in opts["protocols"]),
                  bool(opts["comments"]))


_LAST: list = [None, None]  # (options, policy) of the last call: the engine passes one options object per rule set


def policy_from(options) -> Policy:
    if options is _LAST[0]:
        return _LAST[1]
    policy = _policy_of(options)
    _LAST[:] = [options, policy]  # holding the options keeps their id from being reused
    return policy


def _policy_of(options) -> Policy:
    return _policy(json.dumps({"tags": list(options["tags"]), "attributes": dict(options["attributes"]),
                               "protocols": list(options["protocols"]),
                               "comments": options["allow-comments"]}, sort_keys=True))


# -- the pre-scan ------------------------------------------------------------------------------------

def prescan(article, policy: Policy, selected: frozenset, limit: int = 5) -> list[tuple[int, str, bool]]:
    """(offset, problem, definite) for what keeps the pre-scan from proving the body clean; empty =
    proven. ``definite`` problems (a disallowed element, attribute or URL in markup every browser
    tokenizes like we do) are ones the sanitizer is sure to remove; the others only make the pre-scan
    unable to tell, and the sanitizer's output decides."""
    text = article.text
    tree = article.html
    problems: list[tuple[int, str, bool]] = []
    odd = False  # once the tokenization is in doubt, no later problem is definite

    def add(pos: int, why: str, definite: bool = True) -> bool:
        nonlocal odd
        problems.append((pos, why, definite and not odd))
        if not definite:
            odd = True
        return len(problems) >= limit

    m = _CONTROLS.search(text, article.body_start, article.body_end)
    if m:
        add(m.start(), f"control character U+{ord(m.group()):04X}", False)
    for c in tree.comments:
        raw = text[c.start:c.end]
        if not raw.startswith("<!--"):
            if add(c.start, f"markup browsers read as a bogus comment: {raw[:20]!r}", False):
                return problems
        elif not policy.comments or not _plain_comment(raw):
            if add(c.start, "comment the policy does not allow" if policy.comments is False
                   else "comment in a form browsers end differently", False):
                return problems
    for t in tree.texts:
        if "<" in t.raw:
            mt = _TAG_OPEN_IN_TEXT.search(t.raw)
            if mt and add(t.start + mt.start(), "unterminated tag in text", False):
                return problems
    for s, e, _tag in tree.stray_end_tags:
        if not _END.fullmatch(text, s, e) and add(s, "end tag in an unusual form", False):
            return problems
    owners = {tag: how for tag, (code, how) in _OWNERS.items() if code in selected}
    tags_ok = policy.tags
    # Elements whose tag is on the policy, not special and not another rule's: once their start tag is
    # known plain and clean, only the end tag is left to check.
    simple_key = (policy, tuple(owners))
    simple = _SIMPLE_TAGS.get(simple_key)
    if simple is None:
        simple = _SIMPLE_TAGS.put(simple_key, frozenset(t for t in tags_ok if t not in SPECIAL and t not in owners))
    exact, prefixes = policy.exact, policy.prefixes
    any_exact, any_prefix = exact.get("*", frozenset()), prefixes.get("*", ())
    handlers_owned = "SEC006" in selected
    urls_owned = "SEC007" in selected
    style_owned = "HT001" in selected
    formaction_owned = "SEC003" in selected
    start_ok = _START.fullmatch
    name_ok: dict[str, bool] = {}
    http_ok = "http" in policy.protocols and "https" in policy.protocols
    # Start tags with attributes already found plain and acceptable under this policy and selection
    # (articles repeat their tags a lot): the verdict depends on nothing but the tag's characters.
    clean = _CLEAN_TAGS.get((policy, handlers_owned, urls_owned, style_owned, formaction_owned))
    if clean is None or len(clean) > 8192:
        clean = _CLEAN_TAGS.put((policy, handlers_owned, urls_owned, style_owned, formaction_owned), set())
    skip_until = -1
    for el in tree.elements:
        if el.start < skip_until:
            continue
        tag = el.tag
        browser_attrs = None
        plain = False
        raw_tag = None
        if el.start_tag_end - el.start == len(tag) + 2:
            # "<name>" is plain iff the name is (checked as written: "K" (Kelvin) lower-cases to "k")
            raw_name = text[el.start + 1:el.start_tag_end - 1]
            plain = name_ok.get(raw_name)
            if plain is None:
                plain = name_ok[raw_name] = _TAG_NAME.fullmatch(raw_name) is not None
        else:
            raw_tag = text[el.start:el.start_tag_end]
            plain = raw_tag in clean
        if not plain and not start_ok(text, el.start, el.start_tag_end):
            # Read the tag as a browser does: if it ends where ours does, its attributes (not ours)
            # are what the policy must allow, and the tokenization is still in step.
            got = browser_start_tag(text, el.start, article.body_end)
            if got is None or got[0] != el.start_tag_end or tag in SPECIAL or \
                    any(ch in text[el.start:el.start_tag_end] for ch in "\x00`"):
                if add(el.start, f"<{tag}> start tag in a form browsers may read differently", False):
                    return problems
                continue
            browser_attrs = got[1]
        # "<name>" (no attributes) or a start tag already found clean under this policy and selection
        fast = plain and tag in simple
        end_at = el.end_tag_start
        if end_at is not None:
            plain = False
            if el.end - end_at == len(tag) + 3:
                raw_name = text[end_at + 2:el.end - 1]
                plain = name_ok.get(raw_name)
                if plain is None:
                    plain = name_ok[raw_name] = _TAG_NAME.fullmatch(raw_name) is not None
            if not plain and not _END.fullmatch(text, end_at, el.end) and \
                    add(end_at, f"</{tag}> end tag in an unusual form", False):
                return problems
        if fast:
            continue
        how = owners.get(tag)
        if how is not None and (tag != "meta" or is_meta_refresh(el)):
            if how == "whole":
                skip_until = el.end
            continue  # removed or unwrapped by its own rule, attributes and all
        if tag not in tags_ok or tag in SPECIAL:
            # A special element may be one the tree builder drops anyway (<frameset>, <head> in a
            # body): only an ordinary disallowed element is sure to change the sanitizer's output.
            what = "changes how the rest is parsed" if tag in SPECIAL else "is not in the policy"
            if add(el.start, f"<{tag}> {what}", tag not in SPECIAL):
                return problems
            skip_until = el.end  # one problem per subtree is enough to ask the sanitizer
            continue
        tag_exact, tag_prefixes = exact.get(tag, ()), prefixes.get(tag, ())
        if browser_attrs is not None:
            seen = set()
            for name, raw in browser_attrs:
                if name in seen:
                    continue
                seen.add(name)
                allowed = name in any_exact or name in tag_exact or \
                    any(name.startswith(p) for p in any_prefix) or any(name.startswith(p) for p in tag_prefixes)
                why = None if allowed else f"attribute {name!r} on <{tag}> is not in the policy"
                if allowed and (name.startswith("on") or name in URL_ATTRS or name == "style"):
                    why = policy.value_problem(tag, name, None if raw is None else attr_unescape(raw))
                    if name.startswith("on") and len(name) > 2:
                        why = f"{name} handler"
                if why and add(el.start, why):
                    return problems
            continue
        if raw_tag is not None and raw_tag in clean:
            continue
        before = len(problems)
        for a in el.attrs:
            name = a.name
            allowed = name in any_exact or name in tag_exact or \
                any(name.startswith(p) for p in any_prefix) or any(name.startswith(p) for p in tag_prefixes)
            if name.startswith("on") and len(name) > 2:
                if not handlers_owned and add(a.start, f"{name} handler"):
                    return problems
                continue
            why = None
            if allowed:
                if name == "style" and style_owned:
                    continue  # whatever its value, the rule that owns style= removes it
                if name in URL_ATTRS or name == "style" or name.endswith(":href"):
                    raw = None if a.value is None else text[a.value_start:a.value_end]
                    if http_ok and raw is not None and name != "style" and name != "srcset" and \
                            name != "imagesrcset" and plain_url(raw):
                        continue
                    why = policy.value_problem(tag, name, None if raw is None else attr_unescape(raw))
                    if why is None:
                        continue
                else:
                    continue
            # a problem: fine if the rule that owns it removes the attribute anyway
            if (name == "style" and style_owned) or (name == "formaction" and formaction_owned) or \
                    (urls_owned and unsafe_attr(el, a, text)):
                continue
            msg = f"{name} on <{tag}>: {why}" if why else f"attribute {name!r} on <{tag}> is not in the policy"
            if add(a.start, msg):
                return problems
        if raw_tag is not None and len(problems) == before:
            clean.add(raw_tag)
    return problems


_CLEAN_TAGS = Memo(16)
_SIMPLE_TAGS = Memo(16)

#: elements the WHATWG tree builder inserts wherever their start tag comes in a body fragment (no
#: insertion mode of an ordinary article drops them)
_ALWAYS_INSERTED = frozenset(("button",))


def surely_differs(article, problems: list[tuple[int, str, bool]], policy: Policy) -> bool:
    """Whether the body, parsed as a browser does, is sure to hold an element outside the policy, so
    that ``same_tree`` with the sanitizer's output answers no unless that output is the body itself;
    decided without parsing. It holds when the first problem, by position, is such an element's start
    tag (``_ALWAYS_INSERTED``) and nothing before it could put a browser out of step with our
    tokenizer: no other problem there (``prescan`` reports every odd tag, comment, text and control
    character, and every special or disallowed element), and no element another rule owns (skipped by
    the pre-scan, and some switch the tokenizer)."""
    if not problems:
        return False
    first = min(p[0] for p in problems)
    hits = [p for p in problems if p[0] == first]
    if len(hits) != 1:
        return False
    tree = article.html
    for tag in _ALWAYS_INSERTED:
        if tag in policy.tags or hits[0][1] != f"<{tag}> changes how the rest is parsed":
            continue
        if not any(el.start == first for el in tree.by_tag.get(tag, ())):
            continue
        by_tag = tree.by_tag
        return not any(el.start < first for owned in _OWNERS for el in by_tag.get(owned, ()))
    return False


_TAG_NAME = re.compile("[a-zA-Z][a-zA-Z0-9-]*")


def _plain_comment(raw: str) -> bool:
    """``_COMMENT.fullmatch(raw)`` with literal searches: ``<!--`` not followed by ``>``/``->``, ended
    by the first ``-->`` (not ``--!-->``), and no ``--!>`` before it."""
    n = len(raw)
    return raw.startswith("<!--") and not raw.startswith(("<!-->", "<!--->")) and n >= 7 and \
        raw.find("-->", 4) == n - 3 and raw.find("--!>", 4) < 0 and raw[n - 6:n - 3] != "--!"


_TAG_NAME_END = re.compile(r"[\t\n\f\r />]")
_WS_CHARS = "\t\n\f\r "


def browser_start_tag(text: str, start: int, limit: int) -> tuple[int, list[tuple[str, str | None]]] | None:
    """Tokenize one start tag at ``text[start]`` the way the WHATWG tokenizer does: (end offset,
    [(lower-cased name, raw value or None)]), or ``None`` when it runs past ``limit`` (end of body)."""
    m = _TAG_NAME_END.search(text, start + 1, limit)
    if m is None:
        return None
    i = m.start()
    attrs: list[tuple[str, str | None]] = []
    while i < limit:
        c = text[i]
        if c in _WS_CHARS or c == "/":
            if c == "/" and i + 1 < limit and text[i + 1] == ">":
                return i + 2, attrs
            i += 1
            continue
        if c == ">":
            return i + 1, attrs
        # attribute name: the first character may be '=', quotes and '<' are name characters
        j = i + 1
        while j < limit and text[j] not in _WS_CHARS and text[j] not in "/>=":
            j += 1
        name = text[i:j].lower()
        k = j
        while k < limit and text[k] in _WS_CHARS:
            k += 1
        if k < limit and text[k] == "=":
            k += 1
            while k < limit and text[k] in _WS_CHARS:
                k += 1
            if k >= limit:
                return None
            q = text[k]
            if q in "\"'":
                e = text.find(q, k + 1, limit)
                if e < 0:
                    return None
                attrs.append((name, text[k + 1:e]))
                i = e + 1
            elif q == ">":
                attrs.append((name, ""))
                i = k
            else:
                e = k
                while e < limit and text[e] not in _WS_CHARS and text[e] != ">":
                    e += 1
                attrs.append((name, text[k:e]))
                i = e
        else:
            attrs.append((name, None))
            i = j
    return None


#: elements another rule removes (``whole``) or unwraps (``tag``) when that rule is selected
_OWNERS = {"script": ("SEC001", "whole"), "iframe": ("SEC002", "whole"), "object": ("SEC002", "whole"),
           "embed": ("SEC002", "whole"), "applet": ("SEC002", "whole"), "frame": ("SEC002", "whole"),
           "frameset": ("SEC002", "whole"), "portal": ("SEC002", "whole"), "fencedframe": ("SEC002", "whole"),
           "base": ("SEC004", "whole"), "meta": ("SEC005", "whole"), "style": ("HT002", "whole"),
           "form": ("SEC003", "tag")}


# -- backends and the comparison ----------------------------------------------------------------------

@lru_cache(maxsize=8)
def _bleach_cleaner(policy: Policy):
    import bleach

    return bleach.Cleaner(tags=set(policy.tags), attributes=policy.bleach_attr, protocols=set(policy.protocols),
                          strip=True, strip_comments=not policy.comments, css_sanitizer=_StyleCheck())


class _StyleCheck:
    """What bleach calls for ``style`` values: keep a value unless it can run script (the attribute
    callable already dropped those), instead of bleach's default of emptying every style."""

    allowed_css_properties = allowed_svg_properties = frozenset()

    def sanitize_css(self, style: str) -> str:
        return "" if unsafe_style(attr_unescape(style)) else style


def _nh3_clean(html: str, policy: Policy) -> str:
    import nh3

    attributes = {tag: set(names_) for tag, names_ in policy.exact.items()}
    prefixes = {p for ps in policy.prefixes.values() for p in ps}

    def attribute_filter(tag, name, value):
        if is_event_handler(name) or not policy.attr_ok(tag, name):
            return None
        return None if policy.value_problem(tag, name, attr_unescape(value) if value else value) else value

    return nh3.clean(html, tags=set(policy.tags), attributes=attributes, attribute_filter=attribute_filter,
                     strip_comments=not policy.comments, link_rel=None, url_schemes=set(policy.protocols),
                     generic_attribute_prefixes=prefixes or None,
                     clean_content_tags={"script", "style"} - set(policy.tags))


@lru_cache(maxsize=64)
def sanitize(html: str, backend: str, policy: Policy) -> str:
    if backend == "nh3":
        return _nh3_clean(html, policy)
    return _bleach_cleaner(policy).clean(html)


def parsed(html: str) -> list[tuple]:
    """The fragment as html5lib (the WHATWG algorithm) builds it: a flat list of open/close/text/comment
    events with attributes sorted, adjacent text merged. No recursion."""
    import html5lib

    frag = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    out: list[tuple] = []

    def text(s):
        if s:
            if out and out[-1][0] == "t":
                out[-1] = ("t", out[-1][1] + s)
            else:
                out.append(("t", s))

    text(frag.text)
    work = [(c, False) for c in reversed(list(frag))]
    while work:
        node, closing = work.pop()
        if closing:
            out.append(("/",))
            text(node.tail)
            continue
        if not isinstance(node.tag, str):
            # Comment text is inert, and bleach re-escapes '&' in it on every pass: compare presence only.
            out.append(("c",))
            text(node.tail)
            continue
        out.append(("<", node.tag, tuple(sorted(node.attrib.items()))))
        text(node.text)
        work.append((node, True))
        work.extend((c, False) for c in reversed(list(node)))
    return out


#: elements the tree builder creates without a start tag of their own name (implied wrappers, ``</p>``,
#: ``</br>``, ``<image>``, ``<isindex>``'s expansion)
_BUILDER_MADE = frozenset(("html", "head", "body", "tbody", "tr", "colgroup", "p", "br", "img", "form", "hr",
                           "label", "input"))


def same_tree(a: str, b: str, policy: Policy | None = None) -> bool:
    """Whether ``a`` and ``b`` parse to the same tree. With the ``policy`` that made ``b`` from ``a``
    (bleach strips every tag it does not allow), an HTML element of ``a`` outside the policy that the
    tree builder never makes on its own cannot be in ``b``: the trees differ, no need to parse ``b``."""
    if a == b:
        return True
    pa = parsed(a)
    if policy is not None:
        tags = policy.tags
        for ev in pa:
            if ev[0] == "<" and ev[1] not in tags and ev[1] not in _BUILDER_MADE and "{" not in ev[1]:
                return False
    return pa == parsed(b)

