"""The plugin manager: specs, built-in rules by module name, entry points, blocking, failure isolation."""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, field
from importlib.metadata import entry_points

import pluggy

from . import hookspecs
from .rule import Rule

ENTRY_POINT_GROUP = "artlint"

#: Built-in rules, one module each; the order here is the order of rules in reports and docs.
BUILTIN_RULES = (
    "artlint.rules.fm001_required_metadata",
    "artlint.rules.fm002_date_format",
    "artlint.rules.fm003_metadata_schema",
    "artlint.rules.fm004_title_junk",
    "artlint.rules.fm005_leading_blank_lines",
    "artlint.rules.fm006_cover_image",
    "artlint.rules.fm007_taxonomy",
    "artlint.rules.ht001_inline_style",
    "artlint.rules.ht002_style_element",
    "artlint.rules.ht003_html_comment",
    "artlint.rules.ht004_presentational_tag",
    "artlint.rules.ht005_nonstandard_attribute",
    "artlint.rules.ht006_empty_element",
    "artlint.rules.ht007_paragraph_indent",
    "artlint.rules.ht008_blank_lines",
    "artlint.rules.ht009_trailing_whitespace",
    "artlint.rules.ht010_final_newline",
    "artlint.rules.ht011_lazy_load_image",
    "artlint.rules.ht012_stock_ticker_link",
    "artlint.rules.ht101_indented_html",
    "artlint.rules.img001_img_src_missing",
    "artlint.rules.img002_img_alt_missing",
    "artlint.rules.img003_placeholder_image",
    "artlint.rules.img004_proxied_image",
    "artlint.rules.img005_mixed_content",
    "artlint.rules.img006_protocol_relative",
    "artlint.rules.img007_local_image_missing",
    "artlint.rules.img008_data_uri_size",
    "artlint.rules.img009_hotlink_protected_host",
    "artlint.rules.img010_srcset",
    "artlint.rules.lnk001_redirect_wrapper",
    "artlint.rules.lnk002_target_blank_noopener",
    "artlint.rules.lnk003_empty_href",
    "artlint.rules.lnk004_malformed_anchor",
    "artlint.rules.lnk005_insecure_link",
    "artlint.rules.img100_url_not_checked",
    "artlint.rules.img101_img_url_broken",
    "artlint.rules.img102_img_not_image",
    "artlint.rules.img103_img_hotlink_protected",
    "artlint.rules.img104_url_redirected",
    "artlint.rules.lnk101_link_broken",
    "artlint.rules.ad001_site_promo",
    "artlint.rules.ad002_editor_credit",
    "artlint.rules.ad003_source_line",
    "artlint.rules.ad004_affiliate_link",
    "artlint.rules.ad005_advert_marker",
    "artlint.rules.ad006_easylist",
    "artlint.rules.sec001_script",
    "artlint.rules.sec002_embedded_content",
    "artlint.rules.sec003_form",
    "artlint.rules.sec004_base_element",
    "artlint.rules.sec005_meta_refresh",
    "artlint.rules.sec006_event_handler",
    "artlint.rules.sec007_unsafe_url",
    "artlint.rules.sec008_sanitizer",
    "artlint.rules.enc001_encoding",
    "artlint.rules.enc002_control_characters",
    "artlint.rules.enc003_mixed_line_endings",
    "artlint.rules.txt001_escaped_braces",
    "artlint.rules.txt002_replacement_character",
)
BUILTIN_PLUGINS = BUILTIN_RULES + ("artlint.reporters",)


@dataclass
class Plugins:
    manager: pluggy.PluginManager
    rules: dict[str, Rule]  # by code, in registration order
    problems: list[str] = field(default_factory=list)

    def rule(self, code_or_name: str) -> Rule | None:
        key = code_or_name.strip()
        r = self.rules.get(key.upper())
        if r:
            return r
        for r in self.rules.values():
            if r.name == key.lower():
                return r
        return None

    def reporters(self) -> dict:
        out: dict = {}
        for mapping in reversed(self._call("artlint_reporters")):
            out.update(mapping or {})
        return out

    def pack_paths(self) -> list:
        paths = []
        for result in reversed(self._call("artlint_packs")):
            paths.extend(result or ())
        return paths

    def _call(self, hook: str) -> list:
        try:
            return getattr(self.manager.hook, hook)()
        except Exception as exc:  # a broken plugin must not take the run down
            self.problems.append(f"plugin hook {hook} failed: {exc}")
            return []


def load(blocked: tuple[str, ...] | list[str] = (), *, entry_points_enabled: bool = True) -> Plugins:
    pm = pluggy.PluginManager("artlint")
    pm.add_hookspecs(hookspecs)
    problems: list[str] = []
    for name in blocked:
        pm.set_blocked(name)
    for modname in BUILTIN_PLUGINS:
        if pm.is_blocked(modname):
            continue
        try:
            pm.register(importlib.import_module(modname), name=modname)
        except Exception as exc:
            problems.append(f"plugin {modname} failed to load: {exc}")
    if entry_points_enabled:
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if pm.is_blocked(ep.name) or pm.get_plugin(ep.name) is not None:
                continue
            try:
                pm.register(ep.load(), name=ep.name)
            except Exception as exc:
                problems.append(f"plugin {ep.name} failed to load: {type(exc).__name__}: {exc}")
    rules: dict[str, Rule] = {}
    for impl in pm.hook.artlint_rules.get_hookimpls():
        plugin_name = pm.get_name(impl.plugin)
        try:
            provided = list(impl.function() or ())
            for rule in provided:
                if not isinstance(rule, Rule) or not rule.code or not rule.name:
                    raise TypeError(f"{rule!r} is not an artlint Rule with a code and a name")
        except Exception as exc:
            problems.append(f"plugin {plugin_name} failed to provide rules: {type(exc).__name__}: {exc}")
            continue
        for rule in provided:
            if rule.code in rules:
                problems.append(f"plugin {plugin_name}: rule code {rule.code} already taken; skipped")
                continue
            rules[rule.code] = rule
    return Plugins(pm, rules, problems)


def warn(problems: list[str]) -> None:
    for p in problems:
        print(f"artlint: warning: {p}", file=sys.stderr)
