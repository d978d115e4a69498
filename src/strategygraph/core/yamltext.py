"""A fast, byte-stable YAML emitter for model files and workbook cells.

Model files are block lists of flow mappings; strings stand bare when they cannot be read as anything
else, otherwise JSON-quoted (JSON strings are YAML double-quoted scalars; the characters YAML would not
keep verbatim are escaped). Used by the exchange formats (:mod:`strategygraph.interop.modelio`) and the
synthetic model generator (:mod:`strategygraph.core.synth`); PyYAML's emitter is several times slower.
"""

from __future__ import annotations

import json
import re
from typing import Any

_BARE = re.compile(r"^[a-z][a-z0-9/_.-]*$")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def yaml_scalar(v: Any) -> str:
    """One value as a YAML scalar that reads back as the same value.

    >>> [yaml_scalar(v) for v in (None, True, 3, 2.5, 1e20, "g-1", "yes", "Hyvä")]
    ['null', 'true', '3', '2.5', '"1e+20"', 'g-1', '"yes"', '"Hyvä"']
    """
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        r = repr(v)
        return r if "." in r and "e" not in r else json.dumps(str(r))
    if isinstance(v, str) and _BARE.match(v) and v not in _RESERVED:
        return v
    text = json.dumps(str(v), ensure_ascii=False)
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def yaml_flow(v: Any) -> str:
    """A value in YAML flow style: ``{k: v, ...}``, ``[a, b]`` or a scalar."""
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {yaml_flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(yaml_flow(x) for x in v) + "]"
    return yaml_scalar(v)


def yaml_section(section: str, items: list[dict[str, Any]], header: str = "") -> str:
    """A model file: ``section:`` with one block-list entry per item, each key on its own line.

    >>> print(yaml_section("themes", [{"id": "t1", "label": {"fi": "Teema"}}], "made by hand"), end="")
    # made by hand
    themes:
      - id: t1
        label: {fi: "Teema"}
    """
    out = [f"# {header}\n" if header else "", f"{section}:\n"]
    for d in items:
        first = True
        for k, v in d.items():
            out.append(("  - " if first else "    ") + f"{k}: {yaml_flow(v)}\n")
            first = False
    return "".join(out)
