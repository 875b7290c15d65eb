"""Decoding bytes into an Article and reading front-matter with spans."""

from __future__ import annotations

import pytest

from artlint.article import Article, decode
from artlint.errors import InputError

from conftest import ARTICLES


def span(text: str, start: int, end: int) -> str:
    return text[start:end]


# -- decoding -------------------------------------------------------------------------------------

def test_utf8_decodes_without_bom():
    text, bom = decode("---\ntitle: 标题\n---\n".encode(), "a.md")
    assert text == "---\ntitle: 标题\n---\n"
    assert bom is False


def test_bom_is_stripped_from_text_and_restored_on_write_back():
    raw = b"\xef\xbb\xbf---\ntitle: T\n---\n<p>x</p>"
    a = Article.from_bytes(raw, "a.md")
    assert a.bom and a.text.startswith("---")
    assert a.front_matter.data == {"title": "T"}
    assert a.to_bytes() == raw
    assert a.to_bytes(a.text.replace("x", "y")) == raw.replace(b"x", b"y")


def test_crlf_is_remembered_and_kept():
    raw = b"---\r\ntitle: T\r\ndate: 2021-01-01\r\n---\r\n<p>x</p>\r\n"
    a = Article.from_bytes(raw, "a.md")
    assert a.newline == "\r\n"
    assert a.front_matter.data["title"] == "T"
    assert a.to_bytes() == raw
    e = a.front_matter.entries["title"]
    assert span(a.text, e.value_start, e.value_end) == "T"


@pytest.mark.parametrize("data, problem", [
    (b"", "empty file"),
    (b"\xff\xfe-\x00-\x00", "UTF-16"),
    (b"---\ntitle: \x00\x01\x02\n---\n", "binary"),
    ("---\ntitle: 标题\n---\n".encode("gb18030"), "not valid UTF-8"),
])
def test_undecodable_input_is_a_one_line_input_error(data, problem):
    with pytest.raises(InputError) as err:
        decode(data, "bad.md")
    assert problem in str(err.value)
    assert str(err.value).startswith("bad.md: ")
    assert "\n" not in str(err.value)


def test_leading_blank_lines_before_the_opener():
    text = "\n  \n---\ntitle: T\n---\nbody"
    a = Article(text, "a.md")
    assert a.leading_end == 4
    assert a.front_matter.start == 4
    assert a.front_matter.data == {"title": "T"}
    assert a.body == "body"


def test_no_front_matter_means_whole_text_is_body():
    a = Article("<p>just html</p>", "a.html")
    assert a.front_matter is None
    assert a.meta == {}
    assert (a.body_start, a.body_end) == (0, len(a.text))


def test_position_is_one_based_line_and_column_in_characters():
    a = Article("---\ntitle: 标题\n---\n<p>x</p>", "a.md")
    assert a.position(0) == (1, 1)
    off = a.text.index("<p>")
    assert a.position(off) == (4, 1)
    assert a.position(a.text.index("题")) == (2, 9)


# -- front-matter formats ---------------------------------------------------------------------------

def test_yaml_entries_give_key_and_value_spans_and_quoting():
    text = ("\n---\ntitle: '世界互联网大会'\nauthor: \"新浪\"\ncomments: false\n"
            "date: Wed, 29 Sep 2021 07:52:07 GMT\ncategories: \n - 金融\n - 新浪财经\n---\n<p>x</p>")
    fm = Article(text, "a.md").front_matter
    assert fm.format == "yaml"
    assert list(fm.entries) == ["title", "author", "comments", "date", "categories"]
    t = fm.entries["title"]
    assert span(text, t.key_start, t.key_end) == "title"
    assert span(text, t.value_start, t.value_end) == "'世界互联网大会'"
    assert t.style == "'" and t.value == "世界互联网大会"
    assert fm.entries["author"].style == '"'
    d = fm.entries["date"]
    assert span(text, d.value_start, d.value_end) == "Wed, 29 Sep 2021 07:52:07 GMT"
    assert d.style == ""
    c = fm.entries["categories"]
    assert c.style == "seq"
    assert [span(text, s, e) for s, e, _, _ in c.items] == ["金融", "新浪财经"]
    assert fm.data["comments"] is False
    assert text[fm.start:fm.end] == text[1:text.index("<p>")]


def test_toml_front_matter_with_spans():
    text = '+++\ntitle = "Hello"\ndraft = true\ntags = ["a", "b"]\n+++\n<p>x</p>'
    fm = Article(text, "a.md").front_matter
    assert fm.format == "toml"
    assert fm.data == {"title": "Hello", "draft": True, "tags": ["a", "b"]}
    t = fm.entries["title"]
    assert span(text, t.key_start, t.key_end) == "title"
    assert span(text, t.value_start, t.value_end) == '"Hello"'
    assert t.style == '"'
    assert span(text, fm.entries["draft"].value_start, fm.entries["draft"].value_end) == "true"
    assert Article(text, "a.md").body == "<p>x</p>"


def test_json_front_matter_with_spans():
    text = '{\n  "title": "Hello",\n  "draft": false\n}\n<p>x</p>'
    a = Article(text, "a.md")
    fm = a.front_matter
    assert fm.format == "json"
    assert fm.data == {"title": "Hello", "draft": False}
    t = fm.entries["title"]
    assert span(text, t.key_start, t.key_end) == "title"
    assert span(text, t.value_start, t.value_end) == '"Hello"'
    assert a.body == "<p>x</p>"


@pytest.mark.parametrize("text, fmt", [
    ("---\ntitle: T\n<p>x</p>", "YAML"),
    ("+++\ntitle = 'T'\n<p>x</p>", "TOML"),
])
def test_unclosed_front_matter_is_an_input_error(text, fmt):
    with pytest.raises(InputError) as err:
        Article(text, "open.md")
    assert str(err.value) == f"open.md: {fmt} front-matter opened on line 1 is never closed"


@pytest.mark.parametrize("text, words", [
    ("---\ntitle: [unclosed\n---\n", "YAML front-matter error"),
    ("---\n- a\n- b\n---\n", "not a mapping"),
    ("+++\ntitle = \n+++\n", "TOML front-matter error"),
    ('{\n "title": oops\n}\n', "JSON front-matter error"),
])
def test_broken_front_matter_is_a_one_line_input_error(text, words):
    with pytest.raises(InputError) as err:
        Article(text, "b.md")
    msg = str(err.value)
    assert msg.startswith("b.md: ") and words in msg and "\n" not in msg


def test_quote_run_title_is_repaired_with_exact_spans():
    title = "\"\"\"\"\"\"\"'第1集'\"\"\"\"\"\"\""
    text = f"\n---\ntitle: {title}\ndate: 2021-01-01\n---\n<p>x</p>"
    fm = Article(text, "a.md").front_matter
    assert fm.repaired == ("title",)
    assert fm.data["title"] == "第1集"
    e = fm.entries["title"]
    assert span(text, e.value_start, e.value_end) == title
    assert e.style == "junk"
    d = fm.entries["date"]
    assert span(text, d.value_start, d.value_end) == "2021-01-01"


def test_quote_run_titles_in_the_corpus_are_readable():
    if not ARTICLES.is_dir():
        pytest.skip(f"corpus folder {ARTICLES} is missing")
    found = 0
    for p in sorted(ARTICLES.glob("*.md")):
        raw = p.read_bytes()
        if b'title: """' not in raw:
            continue
        a = Article.from_bytes(raw, str(p))
        assert a.front_matter.repaired == ("title",)
        assert a.front_matter.data["title"] and '"' not in a.front_matter.data["title"]
        found += 1
    assert found >= 3


def test_every_corpus_article_parses_and_round_trips():
    if not ARTICLES.is_dir():
        pytest.skip(f"corpus folder {ARTICLES} is missing")
    for p in sorted(ARTICLES.glob("*.md")):
        raw = p.read_bytes()
        a = Article.from_bytes(raw, str(p))
        assert a.to_bytes() == raw
        assert a.leading_end == 1 and a.front_matter is not None
        assert "title" in a.meta


# -- the fast YAML reader gives what libyaml gives -------------------------------------------------

_YAML_CASES = [
    "date: 2021-03-22 04:50:47\n", "date: 2021-03-22\n", "date: 2019-05-22 23:59\n", "date: 2014-03-01T17:21:33Z\n",
    "date: 2016-12-30T13:54:02-04:00\n", "date: 2014-01-13 17:43:32 -0800\n", "date: 2001-12-14 21:59:43.10 +05:30 \n",
    "date: 2021-13-45\n", "date: 2021-1-2 3:04:05\n", "date: 2002-12-14\r\n", "version: 1.0.0\n", "v: 1.5\n", "v: 0x1F\n",
    "v: 1_000\n", "v: 1:20\n", "v: ~\n", "v: null\n", "v: .inf\n", "v: <<\n", "v: =\n", "v: 017\n", "v: +1\n", "v: 1e3\n",
    "tags:\n  - 2020-01-01\n  - 1.2.3\n  - x\n", "title: 'It''s'\nok: yes\nn: 12\n",
]


def _yaml_texts():
    texts = [f"---\n{src}---\n<p>x</p>\n" for src in _YAML_CASES]
    for folder in (ARTICLES, ARTICLES.parent / "markdown"):
        if folder.is_dir():
            texts += [p.read_text("utf-8") for p in sorted(folder.glob("*.md"))]
    return texts


def test_fast_yaml_reader_matches_libyaml():
    from artlint import _fastyaml
    from artlint.article import _compose_yaml

    fast = 0
    for text in _yaml_texts():
        try:
            fm = Article(text, "a.md").front_matter
        except InputError:
            continue
        if fm is None or fm.format != "yaml":
            continue
        src = text[fm.content_start:fm.content_end]
        got = _fastyaml.parse(src, fm.content_start)
        if got is None:
            continue
        fast += 1
        ref = _compose_yaml(text, fm.start, fm.end, fm.content_start, fm.content_end, "a.md", src, {})
        assert got[0] == ref.data and [type(v) for v in got[0].values()] == [type(v) for v in ref.data.values()]
        assert got[1] == ref.entries
    assert fast >= len(_YAML_CASES) // 2


@pytest.mark.parametrize("src", ["summary: a\x08b\n", "a: x\x85y\n", "# c\x01\nk: v\n", "k: 'a\x7fb'\n",
                                 'k: "a\u2028"\n', "k:\n - a\x0cb\n", "k:\n\t- a\n", "on: x\n"])
def test_fast_yaml_reader_leaves_odd_front_matter_with_a_date_to_libyaml(src):
    from artlint import _fastyaml

    assert _fastyaml.parse("date: 2021-09-29T07:52:07+00:00\n" + src, 0) is None
    assert _fastyaml.parse(src + "date: 2021-09-29\n", 0) is None
