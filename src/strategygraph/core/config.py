"""Configuration: thresholds and choices read from ``strategygraph.toml`` (or ``[tool.strategygraph]``).

The rule layer extends :class:`Config` with the check that ``severity`` names real rules.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from strategygraph.core.schema import ProjectStatus

class ConfigError(ValueError):
    """Invalid configuration (file, key and reason in the message)."""


DEFAULTS: dict[str, Any] = {
    "select": [],  # empty = all rules
    "ignore": [],
    "fail_on": "error",
    "severity": {},  # per-code override, e.g. {"W301": "error"}
    # which project statuses carry work
    "carrying_statuses": ["active"],
    # overlap review
    "overlap_min_score": 0.2,
    "overlap_weights": {"Action": 1.0, "Milestone": 1.0, "Goal": 1.0, "Capability": 0.5},
    "cluster_min_size": 3,
    "near_duplicate_min_similarity": 0.6,
    "near_duplicate_min_tokens": 3,
    # ownership
    "owner_max_share": 0.4,
    "owner_min_items": 3,
    # dependencies
    "spof_min_share": 0.25,
    # goal status versus task completion (the report's colour rules: green > 90 %, yellow > 50 %)
    "status_green_min": 90.0,
    "status_yellow_min": 50.0,
}


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(DEFAULTS))
    origin: Optional[str] = None

    def __getattr__(self, item: str) -> Any:
        try:
            return self.__dict__["values"][item]
        except KeyError:
            raise AttributeError(item) from None

    def severity_of(self, r: Any) -> str:
        """The severity configured for rule ``r`` (its default unless overridden)."""
        return str(self.values.get("severity", {}).get(r.code, r.severity))

    def known_rule_codes(self) -> Optional[set[str]]:
        """Rule codes that ``severity`` may name; ``None`` skips that check (the rule layer extends this)."""
        return None

    def with_overrides(self, **overrides: Any) -> "Config":
        vals = copy.deepcopy(self.values)
        for k, v in overrides.items():
            if v is not None:
                vals[k] = v
        cfg = type(self)(vals, self.origin)
        cfg.check()
        return cfg

    def check(self) -> None:
        where = self.origin or "configuration"
        unknown = set(self.values) - set(DEFAULTS)
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; known keys: "
                              f"{', '.join(DEFAULTS)}")
        if self.values["fail_on"] not in ("error", "warning", "info", "never"):
            raise ConfigError(f"{where}: fail_on must be error, warning, info or never")
        severity = self.values.get("severity", {})
        if not isinstance(severity, dict):
            raise ConfigError(f"{where}: severity must be a table of CODE = \"error|warning|info\"")
        known = self.known_rule_codes()
        fixed = {}
        for code, sev in severity.items():
            if known is not None and str(code).upper() not in known:
                import difflib

                hint = difflib.get_close_matches(str(code).upper(), sorted(known), n=1)
                raise ConfigError(f"{where}: severity.{code}: no such rule"
                                  + (f"; did you mean {hint[0]}?" if hint else ""))
            if sev not in ("error", "warning", "info"):
                raise ConfigError(f"{where}: severity.{code} must be error, warning or info")
            fixed[str(code).upper()] = sev
        self.values["severity"] = fixed

        valid = {s.value for s in ProjectStatus}
        bad = [s for s in self.values["carrying_statuses"] if s not in valid]
        if bad:
            raise ConfigError(f"{where}: carrying_statuses has unknown status(es) {bad}; valid: {sorted(valid)}")
        for key in ("overlap_min_score", "owner_max_share", "spof_min_share", "near_duplicate_min_similarity"):
            v = self.values[key]
            if not isinstance(v, (int, float)) or not 0 <= v <= 1:
                raise ConfigError(f"{where}: {key} must be a number between 0 and 1")


def load_config(model_dir: Optional[Path], cls: type[Config] = Config) -> Config:
    """Read ``strategygraph.toml`` beside/in the model, or ``[tool.strategygraph]`` of a pyproject.toml.

    Looked up in the model directory, then its parent; the first file found wins.
    """
    import tomllib

    cfg = cls()
    if model_dir is None:
        return cfg
    model_dir = Path(model_dir)
    folder = model_dir if model_dir.is_dir() else model_dir.parent
    candidates = []
    for d in (folder, folder.parent):
        candidates += [(d / "strategygraph.toml", None), (d / "pyproject.toml", ("tool", "strategygraph"))]
    for path, keys in candidates:
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        if keys:
            for k in keys:
                data = data.get(k, {}) if isinstance(data, dict) else {}
            if not data:
                continue
        vals = copy.deepcopy(DEFAULTS)
        vals.update({k.replace("-", "_"): v for k, v in data.items()})
        cfg = cls(vals, str(path))
        cfg.check()
        return cfg
    return cfg
