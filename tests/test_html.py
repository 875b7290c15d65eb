"""The source tree: spans for every node, error tolerance, no recursion, queries mapped back to spans."""

from __future__ import annotations

from artlint.html import Comment, Element, SourceTree, Text


def src(tree: SourceTree, node) -> str:
    return tree.source[node.start:node.end]


def test_element_start_tag_end_tag_and_content_spans():
    t = '<div class="a"><b>bold</b> tail</div>'
    tree = SourceTree(t)
    div, b = tree.elements
    assert src(tree, div) == t
    assert t[div.start:div.start_tag_end] == '<div class="a">'
    assert t[div.end_tag_start:div.end] == "</div>"
    assert t[div.content_start:div.content_end] == "<b>bold</b> tail"
    assert div.start_tag == (0, 15) and div.end_tag == (div.end_tag_start, div.end)
    assert src(tree, b) == "<b>bold</b>"
    assert b.parent is div and div.parent is tree.root
    assert [n.__class__.__name__ for n in div.children] == ["Element", "Text"]
    assert div.text_content() == "bold tail"


def test_attribute_spans_quoted_valueless_and_unquoted():
    t = "<img src=\"a.png\" alt referrerpolicy='no-referrer' width=300 data-x = \"y\">"
    img = SourceTree(t).elements[0]
    got = {a.name: (t[a.start:a.end], a.value, a.quote, t[a.value_start:a.value_end]) for a in img.attrs}
    assert got == {
        "src": ('src="a.png"', "a.png", '"', "a.png"),
        "alt": ("alt", None, "", ""),
        "referrerpolicy": ("referrerpolicy='no-referrer'", "no-referrer", "'", "no-referrer"),
        "width": ("width=300", "300", "", "300"),
        "data-x": ('data-x = "y"', "y", '"', "y"),
    }
    assert img.get("alt") == "" and img.get("missing") is None
    assert img.attr("alt").value_start == img.attr("alt").end


def test_attribute_values_decode_entities_but_spans_stay_raw():
    t = '<a href="?a=1&amp;b=2" TITLE="x">y</a>'
    a = SourceTree(t).elements[0]
    href = a.attr("href")
    assert href.value == "?a=1&b=2"
    assert t[href.value_start:href.value_end] == "?a=1&amp;b=2"
    assert a.get("title") == "x"  # names are case-folded


def test_duplicate_attribute_keeps_the_first_like_browsers():
    el = SourceTree('<p class="a" class="b">').elements[0]
    assert [a.name for a in el.attrs] == ["class"] and el.get("class") == "a"


def test_text_runs_and_entities_with_spans():
    t = "<p>a&nbsp;b &#123;c&#x7D; &amp</p>"
    tree = SourceTree(t)
    (run,) = tree.texts
    assert src(tree, run) == run.raw == "a&nbsp;b &#123;c&#x7D; &amp"
    assert run.text == "a\u00a0b {c} &"
    ents = list(run.entities())
    assert [r for _, _, r in ents] == ["&nbsp;", "&#123;", "&#x7D;", "&amp"]
    assert all(t[s:e] == r for s, e, r in ents)


def test_comments_with_spans_and_data():
    t = "<p>x</p><!-- 正文下iframe --><!----><!DOCTYPE html>"
    tree = SourceTree(t)
    c1, c2, doctype = tree.comments
    assert src(tree, c1) == "<!-- 正文下iframe -->" and c1.data == " 正文下iframe "
    assert src(tree, c2) == "<!---->" and c2.data == ""
    assert src(tree, doctype) == "<!DOCTYPE html>" and not t.startswith("<!--", doctype.start)


def test_unclosed_comment_runs_to_the_end():
    t = "<p>x</p><!-- never closed <p>y</p>"
    tree = SourceTree(t)
    (c,) = tree.comments
    assert c.end == len(t)
    assert [e.tag for e in tree.elements] == ["p"]


def test_raw_text_elements_keep_markup_as_one_text_child():
    t = "<style>p{color:red}</style><script>if (a<b && c>d) {}</script><textarea><b>x</b></textarea>"
    tree = SourceTree(t)
    assert [e.tag for e in tree.elements] == ["style", "script", "textarea"]
    script = tree.elements[1]
    (code,) = script.children
    assert isinstance(code, Text) and code.raw == "if (a<b && c>d) {}"
    assert t[script.end_tag_start:script.end] == "</script>"
    assert tree.texts == []  # code is not article text


def test_implied_end_tags():
    t = "<ul><li>a<li>b</ul><p>one<p>two<div>three</div><table><tr><td>1<td>2<tr><td>3</table>"
    tree = SourceTree(t)
    lis = tree.by_tag["li"]
    assert [src(tree, li) for li in lis] == ["<li>a", "<li>b"]
    assert all(li.end_tag_start is None for li in lis)
    p1, p2 = tree.by_tag["p"]
    assert src(tree, p1) == "<p>one" and src(tree, p2) == "<p>two"
    assert tree.by_tag["div"][0].parent is tree.root  # <div> closed the open <p>
    assert [src(tree, td) for td in tree.by_tag["td"]] == ["<td>1", "<td>2", "<td>3"]
    assert len(tree.by_tag["tr"]) == 2


def test_stray_end_tags_are_listed_and_close_nothing():
    t = "<div><p>x</span></p></div></b>"
    tree = SourceTree(t)
    assert [(t[s:e], tag) for s, e, tag in tree.stray_end_tags] == [("</span>", "span"), ("</b>", "b")]
    div = tree.by_tag["div"][0]
    assert src(tree, div) == "<div><p>x</span></p></div>"


def test_unclosed_elements_end_at_the_end_of_the_body():
    t = "<div><b>open"
    tree = SourceTree(t)
    assert all(e.end == len(t) and e.end_tag_start is None for e in tree.elements)


def test_void_and_self_closing_elements_have_no_children():
    tree = SourceTree("<p>a<br>b<img src=x />c</p>")
    p, br, img = tree.elements
    assert br.parent is p and img.parent is p and not br.children
    assert img.self_closing and img.get("src") == "x"
    assert p.text_content() == "abc"


def test_source_tree_covers_only_the_body_span():
    t = "---\ntitle: '<p>'\n---\n<p>body</p>"
    start = t.index("<p>body")
    tree = SourceTree(t, start, len(t))
    assert [src(tree, e) for e in tree.elements] == ["<p>body</p>"]


def test_iteration_is_document_order():
    tree = SourceTree("<a><b>1</b><c>2</c></a><d/>")
    order = [n.tag if isinstance(n, Element) else n.raw for n in tree.iter()]
    assert order == ["a", "b", "1", "c", "2", "d"]


def test_is_blank():
    tree = SourceTree("<p> &nbsp;\u3000<br></p><p>x</p><p><img></p>")
    assert [p.is_blank() for p in tree.by_tag["p"]] == [True, False, False]


def test_hundred_thousand_nested_elements_need_no_recursion():
    n = 100_000
    t = "<div>" * n + "deep" + "</div>" * n
    tree = SourceTree(t)
    assert len(tree.elements) == n
    innermost = tree.elements[-1]
    assert innermost.text_content() == "deep"
    assert tree.elements[0].end == len(t)
    assert sum(1 for _ in tree.iter()) == n + 1
    # The query tree is built without recursion too.
    assert len(tree.select("div > div")) == n - 1


def test_css_selector_maps_back_to_source_spans():
    t = '<div class="appendQr_wrap"><p style="color:red">海量资讯</p></div><p class="x">b</p>'
    tree = SourceTree(t)
    (wrap,) = tree.select("div.appendQr_wrap")
    assert isinstance(wrap, Element) and src(tree, wrap) == t[:t.index("</div>") + 6]
    (styled,) = tree.select("[style]")
    assert t[styled.attr("style").start:styled.attr("style").end] == 'style="color:red"'
    assert [src(tree, e) for e in tree.select("p")] == ['<p style="color:red">海量资讯</p>', '<p class="x">b</p>']


def test_xpath_maps_back_and_passes_other_results_through():
    t = "<ul><li>a</li><li>b &amp; c</li></ul>"
    tree = SourceTree(t)
    lis = tree.xpath("//li")
    assert [src(tree, li) for li in lis] == ["<li>a</li>", "<li>b &amp; c</li>"]
    assert tree.xpath("count(//li)") == 2
    assert tree.xpath("//li[2]/text()") == ["b & c"]
    assert tree.xpath_elements("//li[contains(., '&')]") == [lis[1]]


def test_queries_survive_names_lxml_rejects():
    t = '<p 1bad="x" ok="y"><weird:tag>z</weird:tag></p>'
    tree = SourceTree(t)
    (p,) = tree.select("p[ok=y]")
    assert p.tag == "p"
    assert [e.tag for e in tree.xpath("//*")] == ["p", "weird:tag"]  # no synthetic root


def test_comment_nodes_are_children_in_place():
    tree = SourceTree("<div>a<!-- c -->b</div>")
    kinds = [type(n) for n in tree.elements[0].children]
    assert kinds == [Text, Comment, Text]
