"""Front-matter validated against a JSON Schema (Hexo, Jekyll, Hugo presets or your own).

## What it does
Validates the front-matter with ``jsonschema`` against a schema: one of the presets shipped in the
``front-matter`` pack (``common``, the default: the keys every generator reads the same way;
``hexo``; ``jekyll``; ``hugo``) or your own schema file. Each error is reported at the offending key
(or list entry); a missing required key is reported at the opening delimiter. Dates that YAML or TOML
read as dates are checked as ISO 8601 text.

``required-metadata`` stays the simple check for the keys every post needs; the presets check types
and shapes only, so the two never report the same thing. A schema of your own may require keys too.

## Why is this bad?
Generators read front-matter without validating it: ``comments: 'no'`` is true in a template,
``tags: 2021`` breaks tag pages, ``draft: yes please`` publishes a draft. The build succeeds and the
site is wrong.

## Example
```markdown
---
title: 世界互联网大会落幕
comments: 'false'
tags: {互联网: 1}
---
<p>正文</p>
```

## Use instead
```markdown
---
title: 世界互联网大会落幕
comments: false
tags: [互联网, 乌镇]
---
<p>正文</p>
```

## Options
- ``preset`` (string, default ``"common"``): the schema preset, by the ``name`` of a
  ``[[metadata-schema]]`` pack entry (``common``, ``hexo``, ``jekyll``, ``hugo``; packs may add more).
- ``schema-file`` (string, default none): a JSON Schema file (JSON, YAML or TOML), relative to the
  config file. It replaces the preset. artlint reads and checks it when it loads the config.

## Fix safety
No fix: a value of the wrong type needs a person to say what was meant.
"""

from __future__ import annotations

import datetime as dt
import threading

from .._memo import Memo
from ..hookspecs import hookimpl
from ..packs import collect
from ..rule import Rule

_validators: dict[int, tuple[object, object]] = {}
_lock = threading.Lock()


def _plain(value):
    """The value as JSON would hold it: dates as ISO 8601 text, tuples as lists."""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# Keywords that look at a value's content, not only its type and shape.
_CONTENT = frozenset(("pattern", "patternProperties", "enum", "const", "format", "minLength", "maxLength",
                      "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
                      "propertyNames", "contains", "uniqueItems", "not", "if", "dependentSchemas",
                      "dependentRequired", "minItems", "maxItems", "minProperties", "maxProperties"))
_valid_shapes: dict[int, tuple[object, set]] = {}
_presets = Memo(64)  # (id(packs), preset name) -> (packs, schema or None)


def _shape_only(schema) -> bool:
    """Whether the schema constrains types and structure only (the presets do): then a front-matter's
    validity follows from its shape, and a shape seen valid once need not be validated again."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if _CONTENT.intersection(node) or "$ref" in node and not str(node["$ref"]).startswith("#"):
                return False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return True


_SCALARS = frozenset((str, int, float, bool, type(None)))


def _plain_shape(value):
    """The shape (types and keys) of ``_plain(value)``, without building that copy: a front-matter whose
    shape was seen valid needs nothing else."""
    t = type(value)
    if t in _SCALARS:
        return t.__name__
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return "str"
    if isinstance(value, dict):
        shapes = {str(k): _plain_shape(v) for k, v in value.items()}
        return ("d",) + tuple(sorted(shapes.items()))
    if isinstance(value, (list, tuple)):
        return ("l",) + tuple(_plain_shape(v) for v in value)
    return type(value).__name__


def _validator(schema: dict):
    hit = _validators.get(id(schema))
    if hit is not None and hit[0] is schema:
        return hit[1]
    import jsonschema

    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    v = cls(schema)
    with _lock:
        _validators[id(schema)] = (schema, v)
    return v


class MetadataSchema(Rule):
    code = "FM003"
    name = "metadata-schema"
    summary = "Front-matter does not match its JSON Schema"
    groups = ("front-matter", "metadata")
    file_options = ("schema-file",)
    options_schema = {
        "type": "object",
        "properties": {
            "preset": {"type": "string", "default": "common"},
            "schema-file": {"type": ["string", "object", "boolean"]},
        },
        "additionalProperties": False,
    }

    def check_file_option(self, key, data):
        import jsonschema

        try:
            jsonschema.validators.validator_for(data, default=jsonschema.Draft202012Validator).check_schema(data)
        except jsonschema.SchemaError as exc:
            return f"not a valid JSON Schema: {exc.message}"
        return None

    def _schema(self, article, options):
        user = options.get("schema-file")
        if isinstance(user, (dict, bool)):
            return user, "schema-file"
        name = options["preset"]
        packs = article.context.get("packs", ())
        hit = _presets.get((id(packs), name))
        if hit is not None and hit[0] is packs:
            return hit[1], name
        found = None
        for _pack, entry in collect(packs, "metadata-schema"):
            if isinstance(entry, dict) and entry.get("name") == name and isinstance(entry.get("data"), dict):
                found = entry["data"]
                break
        if isinstance(packs, tuple):  # the run's packs, loaded once: the answer holds for the run
            _presets.put((id(packs), name), (packs, found))
        return found, name

    def check(self, article, options):
        fm = article.front_matter
        if fm is None:
            return
        schema, label = self._schema(article, options)
        if schema is None:
            yield self.violation(article, fm.start, fm.content_start,
                                 f"no metadata schema preset named '{label}' in the rule packs")
            return
        known = _valid_shapes.get(id(schema))
        if known is None or known[0] is not schema:
            known = _valid_shapes[id(schema)] = (schema, set() if _shape_only(schema) else None)
        seen = known[1]
        shape = _plain_shape(fm.data) if seen is not None else None
        if shape is not None and shape in seen:
            return
        data = _plain(fm.data)
        errors = sorted(_validator(schema).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
        if not errors and shape is not None and len(seen) < 4096:
            with _lock:
                seen.add(shape)
        for err in errors:
            yield from self._report(article, fm, err)

    def _report(self, article, fm, err):
        if err.context and err.validator in ("oneOf", "anyOf"):
            # Point at the entry that broke the closest alternative (``categories[1]``), not the list.
            from jsonschema.exceptions import best_match

            deeper = max(err.context, key=lambda e: len(e.absolute_path))
            if len(deeper.absolute_path) > len(err.absolute_path):
                err = best_match([e for e in err.context if len(e.absolute_path) == len(deeper.absolute_path)])
        path = list(err.absolute_path)
        if not path:
            if err.validator == "additionalProperties":
                allowed = set(err.schema.get("properties", {}))
                for key in err.instance:
                    if key not in allowed and key in fm.entries:
                        e = fm.entries[key]
                        yield self.violation(article, e.key_start, e.key_end, f"'{key}' is not allowed here")
                return
            yield self.violation(article, fm.start, fm.content_start, f"front-matter: {err.message}")
            return
        key = str(path[0])
        entry = fm.entries.get(key)
        where = key + "".join(f"[{p}]" for p in path[1:])
        if entry is None:
            s, e = fm.start, fm.content_start
        elif len(path) > 1 and isinstance(path[1], int) and len(entry.items) > path[1]:
            s, e = entry.items[path[1]][0], entry.items[path[1]][1]
        elif entry.value_end > entry.value_start:
            s, e = entry.value_start, entry.value_end
        else:
            s, e = entry.key_start, entry.key_end
        yield self.violation(article, s, e, f"'{where}': {_short(err)}")


def _short(err) -> str:
    """jsonschema's message without the whole instance repeated when it is long."""
    msg = err.message
    if err.validator in ("type", "oneOf", "anyOf") and len(msg) > 120:
        want = err.validator_value if err.validator == "type" else "one of the allowed shapes"
        return f"{type(err.instance).__name__} value is not {want}"
    return msg


@hookimpl
def artlint_rules():
    return [MetadataSchema()]
