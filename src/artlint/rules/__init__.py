"""Built-in rules, one module each (``<code>_<slug>.py``); see ``artlint.plugins.BUILTIN_RULES``."""
