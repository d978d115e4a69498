"""YAML emission for synthetic models: plain block lists of flow mappings (fast and byte-stable)."""

from __future__ import annotations

import json
import re
from typing import Any

# ------------------------------------------------------------------ YAML emission
_BARE = re.compile(r"^[a-z][a-z0-9/_.-]*$")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _scalar(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str) and _BARE.match(v) and v not in _RESERVED:
        return v
    return json.dumps(v, ensure_ascii=False)


def _flow(v: Any) -> str:
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_flow(x) for x in v) + "]"
    return _scalar(v)


def _emit(section: str, items: list[dict[str, Any]], comment: str) -> str:
    out = [f"# {comment}\n", f"{section}:\n"]
    for d in items:
        first = True
        for k, v in d.items():
            out.append(("  - " if first else "    ") + f"{k}: {_flow(v)}\n")
            first = False
    return "".join(out)
