"""The lxml query tree: built from the source tree on first use, so selectors map back to spans."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from .html import Element, SourceTree, Text

_MARK = "data-artlint-i"
_PARSER = etree.HTMLParser(huge_tree=True, recover=True, no_network=True)
_NAME_OK = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


@lru_cache(maxsize=4096)
def compile_css(selector: str) -> etree.XPath:
    from cssselect import HTMLTranslator

    return etree.XPath(HTMLTranslator().css_to_xpath(selector))


@lru_cache(maxsize=4096)
def compile_xpath(expr: str) -> etree.XPath:
    return etree.XPath(expr)


#: Nesting depth of the query tree; Chromium's HTML parser stops nesting at the same depth.
MAX_DEPTH = 512


class QueryTree:
    """An lxml tree mirroring a ``SourceTree`` element for element, text decoded, names made legal."""

    def __init__(self, tree: SourceTree) -> None:
        if not self._from_source(tree):
            self._build(tree)

    def _from_source(self, tree: SourceTree) -> bool:
        """Let libxml2 parse the body (C speed), each start tag marked with its source element's index.

        Falls back (returns False) whenever the result cannot be mapped one to one: Markdown bodies,
        input libxml2 refuses, or a tree it cut short (very deep nesting).
        """
        els = tree.elements
        if not els or len(tree.regions) != 1:
            return False
        text = tree.source
        parts = []
        pos = tree.start
        for el in els:
            cut = el.start + 1 + len(el.tag)
            parts.append(text[pos:cut])
            parts.append(f' {_MARK}="{el.index}"')
            pos = cut
        parts.append(text[pos:tree.end])
        try:
            root = etree.fromstring("".join(parts), _PARSER)
        except (ValueError, etree.LxmlError):
            return False
        if root is None:
            return False
        mapping: dict[int, Element] = {}
        proxies = []
        for lx in root.iter(etree.Element):
            i = lx.get(_MARK)
            if i is not None and i.isdigit() and int(i) < len(els):
                proxies.append(lx)
                mapping[id(lx)] = els[int(i)]
        if len(mapping) != len(els):
            return False
        self.root, self._proxies, self._map = root, proxies, mapping
        return True

    def _build(self, tree: SourceTree) -> None:
        self.root = etree.Element("body")
        # Keyed by id() of proxies kept alive in document order: lxml frees a proxy in time proportional
        # to the distance to the nearest ancestor that still has one, so dropping them deepest first (a
        # list is released from its end) keeps freeing a 100,000-deep tree linear instead of quadratic.
        self._proxies: list[etree._Element] = []
        self._map: dict[int, Element] = {}
        # Walk without recursion; children are appended in order so lxml order equals source order.
        work = [(child, self.root, 1) for child in reversed(tree.root.children)]
        last_in: dict[int, etree._Element | None] = {}
        while work:
            node, parent, depth = work.pop()
            if isinstance(node, Element):
                tag = node.tag if _NAME_OK.match(node.tag) else "x-invalid"
                lx = etree.SubElement(parent, tag)
                for a in node.attrs:
                    if _NAME_OK.match(a.name):
                        lx.set(a.name, _xml_safe(a.value or ""))
                self._proxies.append(lx)
                self._map[id(lx)] = node
                last_in[id(parent)] = lx
                if depth < MAX_DEPTH:
                    work.extend((child, lx, depth + 1) for child in reversed(node.children))
                else:
                    # Deeper elements become siblings, as in a browser's DOM: descendant selectors on a
                    # 100,000-deep chain would otherwise cost depth x elements.
                    work.extend((child, parent, depth) for child in reversed(node.children))
            elif isinstance(node, Text):
                value = _xml_safe(node.text if node.parent is None or node.parent.tag not in
                                  ("script", "style") else node.raw)
                prev = last_in.get(id(parent))
                if prev is not None:
                    prev.tail = (prev.tail or "") + value
                else:
                    parent.text = (parent.text or "") + value

    def evaluate(self, xpath: etree.XPath):
        result = xpath(self.root)
        if not isinstance(result, list):
            return result
        # Elements with no source element (the synthetic <html>/<body> wrappers) are never results.
        out = []
        for r in result:
            if isinstance(r, etree._Element):
                el = self._map.get(id(r))
                if el is not None:
                    out.append(el)
            else:
                out.append(r)
        return out


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(s: str) -> str:
    return _XML_BAD.sub("\ufffd", s)
