"""The ads and boilerplate rules (AD001-AD006): site packs, credits moved into front-matter, EasyList."""

from __future__ import annotations

from pathlib import Path

import pytest

from artlint.config import Config
from artlint.engine import Linter
from artlint.easylist import parse
from ci_helpers import ARTICLES, need_corpus

FIXTURES = Path(__file__).parents[1] / "fixtures" / "rules"


def _linter(*select: str, unsafe: bool = False, **values) -> Linter:
    return Linter(Config(values={"select": list(select), **values}), unsafe_fixes=unsafe)


SINA = """\
---
title: 示例
author: 新浪财经
date: 2021-09-29
---
<div><p>　　正文。</p>
<!-- 文末二维码 start -->
<style>.appendQr_wrap&#123;border:1px solid #E6E6E6;&#125;</style>
<div class="clearfix appendQr_wrap"><div class="appendQr_normal_txt">海量资讯、精准解读，尽在新浪财经APP</div></div>
<!-- 文末二维码 start -->
<p class="article-editor">责任编辑：王珊珊 </p>
</div>
"""


# -- AD001 -----------------------------------------------------------------------------------------------

def test_site_pack_region_removes_the_whole_promo_between_its_comments():
    result = _linter("site-promo").fix_text(SINA, "a.md")
    region = SINA[SINA.index("<!-- 文末"):SINA.index("\n<p class=")]
    assert result.text == SINA.replace(region, "")
    assert "appendQr" not in result.text and "文末二维码" not in result.text
    assert "<p>　　正文。</p>" in result.text and "责任编辑" in result.text


def test_site_pack_elements_go_even_when_the_comment_rule_takes_the_comments_first():
    result = _linter("site-promo", "html-comment").fix_text(SINA, "a.md")
    assert "appendQr" not in result.text and "<!--" not in result.text
    assert result.converged


def test_site_pack_applies_only_to_its_site_unless_told_otherwise():
    other = SINA.replace("author: 新浪财经", "author: 我的博客")
    assert _linter("site-promo").lint_text(other, "a.md") == []
    forced = _linter("site-promo", rules={"site-promo": {"ignore-site-match": True}}).lint_text(other, "a.md")
    assert forced and all(v.code == "AD001" for v in forced)
    only_juejin = _linter("site-promo", rules={"site-promo": {"sites": ["site-juejin"]}}).lint_text(SINA, "a.md")
    assert only_juejin == []


def test_a_user_pack_adds_removals(tmp_path):
    pack = tmp_path / "mine.toml"
    pack.write_text('[pack]\nname = "mine"\n[[remove]]\nselector = "p.promo"\nreason = "our own promo"\n',
                    encoding="utf-8")
    text = "---\ntitle: t\n---\n<p>keep</p><p class=\"promo\">buy</p>\n"
    result = _linter("site-promo", packs=[str(pack)]).fix_text(text, "a.md")
    assert result.text == "---\ntitle: t\n---\n<p>keep</p>\n"


# -- AD002 / AD003 ---------------------------------------------------------------------------------------

def test_editor_credit_safe_fix_removes_it():
    result = _linter("editor-credit").fix_text(SINA, "a.md")
    assert "责任编辑" not in result.text
    assert result.text == SINA.replace('<p class="article-editor">责任编辑：王珊珊 </p>', "")


def test_editor_credit_unsafe_fix_moves_it_into_front_matter_byte_for_byte():
    result = _linter("editor-credit", unsafe=True).fix_text(SINA, "a.md")
    want = SINA.replace("date: 2021-09-29\n", "date: 2021-09-29\neditor: 王珊珊\n")
    want = want.replace('<p class="article-editor">责任编辑：王珊珊 </p>', "")
    assert result.text == want
    assert _linter("editor-credit", unsafe=True).fix_text(result.text, "a.md").text == result.text


def test_credit_is_only_removed_when_front_matter_already_has_the_key():
    text = SINA.replace("author: 新浪财经\n", "author: 新浪财经\neditor: '张三'\n")
    result = _linter("editor-credit", unsafe=True).fix_text(text, "a.md")
    assert "editor: '张三'" in result.text and "王珊珊" not in result.text


def test_source_line_moves_into_toml_front_matter_and_crlf_is_kept():
    text = "+++\r\ntitle = \"t\"\r\n+++\r\n<div><p>　　来源：解放日报 </p>\r\n<p>正文</p></div>\r\n"
    result = _linter("source-line", unsafe=True).fix_text(text, "a.md")
    assert result.text == "+++\r\ntitle = \"t\"\r\nsource = \"解放日报\"\r\n+++\r\n<div>\r\n<p>正文</p></div>\r\n"


def test_source_line_needs_the_whole_element_to_be_the_credit():
    text = "---\ntitle: t\n---\n<p>来源：据新华社报道，本市昨日召开了一次关于城市更新和老旧小区改造的专题会议，会上各方代表充分交换了意见。</p>\n"
    assert _linter("source-line").lint_text(text, "a.md") == []


# -- AD004 / AD005 ---------------------------------------------------------------------------------------

def test_affiliate_link_in_data_attributes_is_found():
    text = '---\ntitle: t\n---\n<a href="https://www.jd.com" data-wapurl="https://u.jd.com/zMGwK7z">京东</a>\n'
    found = _linter("affiliate-link").lint_text(text, "a.md")
    assert [v.code for v in found] == ["AD004"] and "u.jd.com" in found[0].message


def test_ad_list_comment_is_removed_and_the_label_only_reported():
    text = "---\ntitle: t\n---\n<p>x</p><!--article_adlist[<p>百万用户都在看</p>]article_adlist--><div>【广告】</div>\n"
    linter = _linter("advert-marker")
    assert [v.fix is not None for v in linter.lint_text(text, "a.md")] == [True, False]
    assert linter.fix_text(text, "a.md").text == "---\ntitle: t\n---\n<p>x</p><div>【广告】</div>\n"


# -- AD006 ---------------------------------------------------------------------------------------------

def test_easylist_parse_keeps_plain_hiding_and_counts_the_rest():
    lst = parse("! c\n##.ad\nexample.com,~m.example.com##.x\nexample.com#@#.ad\n##div:-abp-has(.y)\n"
                "x.com#?#.z\n||ads.example^\n@@||a.com\n##+js(aopr, x)\n", "l.txt")
    assert [(r.selector, r.domains, r.not_domains) for r in lst.rules] == [
        (".ad", (), ()), (".x", ("example.com",), ("m.example.com",))]
    assert lst.skipped == {"exception": 1, "procedural": 3, "network": 2}


def test_easylist_setting_drives_the_rule_and_warns_once(tmp_path, capsys):
    (tmp_path / "list.txt").write_text("##.sponsored\nexample.org##.only-there\n##.x:-abp-has(.y)\n",
                                       encoding="utf-8")
    (tmp_path / "artlint.toml").write_text('easylist = ["list.txt"]\nselect = ["easylist"]\n', encoding="utf-8")
    text = ("---\ntitle: t\nlink: https://www.example.org/a\n---\n<div class=\"sponsored\">ad</div>"
            "<p class=\"only-there\">x</p><p>keep</p>\n")
    article = tmp_path / "a.md"
    linter = Linter()
    result = linter.fix_text(text, str(article))
    assert result.text == "---\ntitle: t\nlink: https://www.example.org/a\n---\n<p>keep</p>\n"
    other = text.replace("www.example.org", "example.com")
    assert "only-there" in linter.fix_text(other, str(article)).text
    assert capsys.readouterr().err.count("skipped 1 procedural") == 1


def test_without_the_setting_easylist_does_nothing():
    text = "---\ntitle: t\n---\n<div class=\"adsbygoogle-box\">ad</div>\n"
    assert _linter("easylist").lint_text(text, "a.md") == []


def test_unreadable_easylist_is_a_config_error(tmp_path):
    from artlint.errors import ConfigError

    with pytest.raises(ConfigError, match="easylist"):
        _linter("easylist", easylist=[str(tmp_path / "missing.txt")]).lint_text("---\ntitle: t\n---\nx", "a.md")


# -- the corpus -----------------------------------------------------------------------------------------

def test_corpus_fix_leaves_no_sina_promo_or_editor_credit(tmp_path):
    need_corpus()
    linter = Linter(Config(values={"select": ["recommended"]}))
    for path in sorted(ARTICLES.glob("sina-finance-*.md")):
        text = linter.fix_text(path.read_text(encoding="utf-8"), path.name).text
        for gone in ("appendQr_wrap", "尽在新浪财经APP", "责任编辑", "文末二维码", "app-kaihu-qr"):
            assert gone not in text, (path.name, gone)
