"""Configuration: thresholds and choices read from ``strategygraph.toml`` (or ``[tool.strategygraph]``).

The rule layer extends :class:`Config` with the check that ``severity`` names real rules.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from strategygraph.core.choices import FailOn, Severity
from strategygraph.core.schema import KINDS, ProjectStatus
from strategygraph.core.util import did_you_mean


class ConfigError(ValueError):
    """Invalid configuration (file, key and reason in the message)."""


def _number(v: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"must be a number, not {type(v).__name__} {v!r}")
    if v != v or v in (float("inf"), float("-inf")):
        raise ValueError("must be a finite number")
    return v


def _integer(v: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, int):
        raise ValueError(f"must be a whole number, not {type(v).__name__} {v!r}")
    return v


def _names(v: Any) -> Any:
    """A list of names; a single string is a comma-separated list (``select = "G101, O2"``)."""
    if isinstance(v, str):
        return [x.strip() for x in v.split(",") if x.strip()]
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ValueError("must be a list of strings, e.g. [\"G101\", \"overlap\"]")
    return v


class Settings(BaseModel):
    """Every configuration key, its type, range and default (``strategygraph.toml``; README "Configuration")."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, validate_default=True)

    #: rules to run (codes, code prefixes, categories, dotted names); empty = all rules
    select: list[str] = Field(default_factory=list)
    #: rules to skip (same forms as select)
    ignore: list[str] = Field(default_factory=list)
    #: the lowest severity that makes ``check`` exit 1
    fail_on: FailOn = FailOn.error
    #: per-rule severity override, e.g. {W301 = "error"}
    severity: dict[str, Severity] = Field(default_factory=dict)
    #: which project statuses carry work
    carrying_statuses: list[ProjectStatus] = Field(default_factory=lambda: [ProjectStatus("active")],
                                                   min_length=1)
    #: overlap review: lowest weighted-Jaccard score of a reported pair (0..1)
    overlap_min_score: float = Field(0.2, ge=0, le=1)
    #: overlap review: weight of each kind of shared work (kinds absent here are not counted)
    overlap_weights: dict[str, float] = Field(
        default_factory=lambda: {"Action": 1.0, "Milestone": 1.0, "Goal": 1.0, "Capability": 0.5})
    #: overlap clusters: fewest projects in a reported cluster
    cluster_min_size: int = Field(3, ge=2, le=1000)
    #: near-duplicate texts: lowest similarity (0..1) and fewest shared tokens
    near_duplicate_min_similarity: float = Field(0.6, ge=0, le=1)
    near_duplicate_min_tokens: int = Field(3, ge=1, le=1000)
    #: ownership: highest share (0..1) of the items one owner may hold, and fewest items to look at
    owner_max_share: float = Field(0.4, ge=0, le=1)
    owner_min_items: int = Field(3, ge=1, le=100_000)
    #: dependencies: share (0..1) of the projects depending on one project that makes it a single point of failure
    spof_min_share: float = Field(0.25, ge=0, le=1)
    #: goal status versus task completion (percent): green at or above, yellow at or above
    status_green_min: float = Field(90.0, ge=0, le=100)
    status_yellow_min: float = Field(50.0, ge=0, le=100)
    #: findings: this many root findings of one rule are gathered under one root
    group_min_findings: int = Field(3, ge=2, le=100_000)
    #: findings: a rule firing on this share (0..1) of a kind's elements drops one severity step
    flood_share: float = Field(0.8, ge=0, le=1)
    #: C501: similarity (0..1) at which a cited text matches a milestone's wording
    cited_text_min_similarity: float = Field(0.85, ge=0, le=1)
    #: C501: similarity (0..1) at which a cited text is a rewording of a milestone the goal already serves
    cited_text_linked_similarity: float = Field(0.6, ge=0, le=1)
    #: C505, C508: a project status, or an open goal's newest progress fact, older than this many days before the
    #: analysis date is stale
    stale_after_days: int = Field(365, ge=0, le=100_000)

    _check_numbers = field_validator("overlap_min_score", "near_duplicate_min_similarity", "owner_max_share",
                                     "spof_min_share", "status_green_min", "status_yellow_min", "flood_share",
                                     "cited_text_min_similarity", "cited_text_linked_similarity", mode="before")(_number)
    _check_integers = field_validator("cluster_min_size", "near_duplicate_min_tokens", "owner_min_items",
                                      "group_min_findings", "stale_after_days", mode="before")(_integer)
    _check_names = field_validator("select", "ignore", mode="before")(_names)

    @field_validator("carrying_statuses", mode="before")
    @classmethod
    def _statuses(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v

    @field_validator("severity", mode="before")
    @classmethod
    def _codes(cls, v: Any) -> Any:
        if not isinstance(v, dict):
            raise ValueError("must be a table of CODE = \"error|warning|info\"")
        return {str(k).upper(): x for k, x in v.items()}

    @field_validator("overlap_weights", mode="before")
    @classmethod
    def _weights(cls, v: Any) -> Any:
        if not isinstance(v, dict):
            raise ValueError("must be a table of KIND = weight, e.g. {Action = 1.0, Capability = 0.5}")
        for kind, w in v.items():
            if kind not in KINDS:
                raise ValueError(f"{kind!r} is not an entity kind{did_you_mean(str(kind), KINDS)}")
            try:
                _number(w)
            except ValueError as exc:
                raise ValueError(f"{kind}: {exc}") from None
            if not 0 <= w <= 100:
                raise ValueError(f"{kind}: must be between 0 and 100")
        return v

    @model_validator(mode="after")
    def _colours(self) -> Settings:
        if self.status_yellow_min > self.status_green_min:
            raise ValueError("status_yellow_min must not be above status_green_min")
        return self


DEFAULTS: dict[str, Any] = Settings.model_validate({}).model_dump(mode="json")


def _describe(err: Any, sources: dict[str, str], default_where: str) -> str:
    loc = [str(x) for x in err["loc"]]
    key = ".".join(loc)
    where = sources.get(loc[0], default_where) if loc else default_where
    typ = err.get("type", "")
    if typ == "extra_forbidden":
        msg = "unknown key" + did_you_mean(loc[0], DEFAULTS, otherwise="") + f"; known keys: {', '.join(DEFAULTS)}"
    else:
        msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        if typ == "enum" or typ.startswith(("greater", "less")):
            msg += f" (got {err.get('input')!r})"
    return f"{where}: {key}: {msg}" if key else f"{where}: {msg}"


@dataclass
class Config:
    """The configuration: :class:`Settings` checked, kept as plain values (``cfg.overlap_min_score``)."""

    values: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(DEFAULTS))
    origin: str | None = None
    #: key -> where its value came from, when not ``origin`` (e.g. "--set overlap_min_score")
    sources: dict[str, str] = field(default_factory=dict)

    def __getattr__(self, item: str) -> Any:
        try:
            return self.__dict__["values"][item]
        except KeyError:
            raise AttributeError(item) from None

    def severity_of(self, r: Any) -> str:
        """The severity configured for rule ``r`` (its default unless overridden)."""
        return str(self.values.get("severity", {}).get(r.code, r.severity))

    def known_rule_codes(self) -> set[str] | None:
        """Rule codes that ``severity`` may name; ``None`` skips that check (the rule layer extends this)."""
        return None

    def with_overrides(self, **overrides: Any) -> Self:
        """A copy with some values replaced (from command-line options); checked."""
        return self.with_values(overrides, {})

    def with_values(self, overrides: dict[str, Any], sources: dict[str, str]) -> Self:
        """A copy with the values of ``overrides`` (None: keep) replaced; ``sources`` names where each came from
        (e.g. ``{"cluster_min_size": "--set cluster_min_size"}``) for error messages."""
        vals = copy.deepcopy(self.values)
        sources = {**self.sources, **sources}
        for k, v in overrides.items():
            if v is not None:
                vals[k] = v
                sources.setdefault(k, "command-line option")
        cfg = type(self)(vals, self.origin, sources)
        cfg.check()
        return cfg

    def check(self) -> None:
        """Validate the values against :class:`Settings` (raises :class:`ConfigError` naming file and key)."""
        where = self.origin or "configuration"
        try:
            settings = Settings.model_validate(self.values)
        except ValidationError as exc:
            raise ConfigError("\n".join(_describe(e, self.sources, where) for e in exc.errors())) from None
        values = settings.model_dump(mode="json")
        known = self.known_rule_codes()
        if known is not None:
            for code in values["severity"]:
                if code not in known:
                    w = self.sources.get("severity", where)
                    raise ConfigError(f"{w}: severity.{code}: no such rule"
                                      + did_you_mean(code, sorted(known), quote=False))
        self.values = values


def load_config(model_dir: Path | None, cls: type[Config] = Config) -> Config:
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
        except UnicodeDecodeError as exc:
            line = exc.object[:exc.start].count(b"\n") + 1 if isinstance(exc.object, bytes) else 1
            raise ConfigError(f"{path}:{line}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                              "save the file as UTF-8") from None
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
        if keys:
            for k in keys:
                data = data.get(k, {}) if isinstance(data, dict) else {}
            if not data:
                continue
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [tool.strategygraph] must be a table of settings")
        vals = copy.deepcopy(DEFAULTS)
        vals.update({k.replace("-", "_"): v for k, v in data.items()})
        cfg = cls(vals, str(path))
        cfg.check()
        return cfg
    return cfg
