"""The rule engine: findings, the rule registry, configuration and the runner.

Every analysis is a :class:`Rule` with a stable code (never reused), a dotted
name, a category, a default severity and a docstring with the sections
*What it finds / Why it matters / How to fix / Example*. A rule is a pure
function of the :class:`Context` that yields :class:`Finding` objects; it
never changes the model.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from strategygraph.analysis.reach import Analysis
from strategygraph.analysis.rules.findings import PENDING_DISPOSITIONS as PENDING_DISPOSITIONS
from strategygraph.analysis.rules.findings import PENDING_STATUSES as PENDING_STATUSES
from strategygraph.analysis.rules.findings import SEVERITY_RANK as SEVERITY_RANK
from strategygraph.analysis.rules.findings import SEVERITY_WEIGHT as SEVERITY_WEIGHT
from strategygraph.analysis.rules.findings import Finding as Finding
from strategygraph.analysis.rules.findings import finding_id as finding_id
from strategygraph.analysis.rules.findings import organize
from strategygraph.core.choices import Severity
from strategygraph.core.config import DEFAULTS as DEFAULTS
from strategygraph.core.config import Config as BaseConfig
from strategygraph.core.config import ConfigError as ConfigError
from strategygraph.core.config import load_config as _load_config
from strategygraph.core.model import Model
from strategygraph.rdf.mapping import DEFAULT_BASE

CATEGORIES = ("gap", "overlap", "ownership", "dependency", "consistency")
SEVERITIES = tuple(s.value for s in Severity)  # ("error", "warning", "info")
DOC_SECTIONS = ("What it finds", "Why it matters", "How to fix", "Example")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    category: str
    severity: str
    func: Callable[[Context, Rule], Iterable[Finding]]
    #: whether many similar findings of this rule are gathered under one root (see ``group_min_findings``)
    group: bool = True
    #: whether the rule runs without being selected explicitly (``--select CODE``)
    default: bool = True
    #: whether a flood of this rule's findings (nearly every element of a kind) is a systemic risk that keeps
    #: its severity, rather than a practice that drops one step (e.g. every project status out of date)
    systemic: bool = False

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.split("\n", 1)[0].strip()

    def sections(self) -> dict[str, str]:
        """The docstring's sections (What it finds / Why it matters / How to fix / Example / Options)."""
        out: dict[str, str] = {}
        current = None
        for line in self.doc.splitlines():
            head = line.strip().rstrip(":")
            if head in DOC_SECTIONS or head == "Options":
                current = head
                out[current] = ""
                continue
            if current and set(line.strip()) == {"-"}:
                continue
            if current:
                out[current] += line + "\n"
        return {k: v.strip() for k, v in out.items()}

    def options(self) -> list[str]:
        """The configuration keys the rule's ``Options`` section documents (``- ``key``: ...`` lines)."""
        return re.findall(r"^[-*]\s*``([a-z_]+)``", self.sections().get("Options", ""), re.MULTILINE)

    def texts(self, lang: str) -> dict[str, str]:
        """The summary, *Why it matters* and *How to fix* in ``lang`` (``fi`` or ``en``).

        English comes from the docstring; other languages from their translation table, falling back to
        English for any text (or language) that has no translation.
        """
        secs = self.sections()
        english = {"summary": self.summary, "why": secs.get("Why it matters", ""),
                   "fix": secs.get("How to fix", "")}
        translated: dict[str, str] = {}
        if lang == "fi":
            from strategygraph.analysis.rules.texts_fi import FI

            translated = FI.get(self.code, {})
        return {k: translated.get(k) or v for k, v in english.items()}

    def finding(self, ctx: Context, subjects: list[str], message: str, *, fix: str = "",
                affected: list[str] | None = None, causes: list[tuple[str, str]] | None = None,
                when: str | None = None, **evidence: Any) -> Finding:
        return Finding(self.code, self.name, self.category, ctx.config.severity_of(self), list(subjects), message,
                       evidence, fix=fix or self.texts(ctx.lang)["fix"],
                       affected=list(affected) if affected is not None else list(subjects[:1]),
                       causes=list(causes or []), when=when)


REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, category: str, severity: str, group: bool = True,
         default: bool = True, systemic: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a rule function under a stable code; the function is called as ``func(ctx, rule)``."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")
    if not re.fullmatch(r"[A-Z]\d{3}", code):
        raise ValueError(f"rule code {code!r} must be a letter and three digits")

    def deco(func: Callable[..., Any]) -> Callable[..., Any]:
        if code in REGISTRY:
            raise ValueError(f"rule code {code} is already registered")
        REGISTRY[code] = Rule(code, name, category, severity, func, group, default, systemic)
        return func

    return deco


def all_rules() -> list[Rule]:
    """Every registered rule, by code (the category modules register on import of this package)."""
    return [REGISTRY[k] for k in sorted(REGISTRY)]


def get_rule(code_or_name: str) -> Rule | None:
    all_rules()
    key = code_or_name.strip()
    if key.upper() in REGISTRY:
        return REGISTRY[key.upper()]
    for r in REGISTRY.values():
        if r.name == key:
            return r
    return None


# ------------------------------------------------------------------ configuration
class Config(BaseConfig):
    """The configuration, with ``severity`` checked against the registered rules."""

    def known_rule_codes(self) -> set[str] | None:
        return {r.code for r in all_rules()}


def load_config(model_dir: Path | None) -> Config:
    """Read the configuration beside the model (see :func:`strategygraph.core.config.load_config`)."""
    cfg = _load_config(model_dir, Config)
    assert isinstance(cfg, Config)
    return cfg


# ------------------------------------------------------------------ context and runner
class Context:
    """What a rule sees: the model, its views and the configuration (all read-only)."""

    def __init__(self, model: Model, config: Config | None = None, lang: str = "fi",
                 base: str = DEFAULT_BASE, as_of: date | None = None) -> None:
        self.model = model
        self.config = config or Config()
        self.lang = lang
        self.base = base
        #: the analysis date: given, else the model's as-of date (see :func:`model_as_of`), else today
        self.as_of: date = as_of or model_as_of(model) or date.today()

    def t(self, key: str, **params: Any) -> str:
        """A finding text in the context's language (see :mod:`strategygraph.analysis.rules.messages`)."""
        from strategygraph.analysis.rules.messages import text

        return text(key, self.lang, **params)

    @cached_property
    def graph(self) -> Any:
        from strategygraph.analysis.graph import to_networkx

        return to_networkx(self.model)

    @cached_property
    def store(self) -> Any:
        from strategygraph.rdf.store import build_store

        return build_store(self.model, self.base, with_ontology=False)

    def sparql(self, query: str) -> list[dict[str, Any]]:
        """Rows of a SELECT on the model's pyoxigraph store, with ids instead of IRIs (None for an unbound variable)."""
        from strategygraph.rdf.store import select

        rows = select(self.store, query)
        b = self.base
        return [{k: (v[len(b):] if isinstance(v, str) and v.startswith(b) else v) for k, v in r.items()}
                for r in rows]

    @cached_property
    def analysis(self) -> Analysis:
        return Analysis(self.model, self.config)

    @cached_property
    def current_goal_years(self) -> frozenset[int | None]:
        """The years whose goals are current at the analysis date: the newest year with goals that is
        not after ``as_of``, and every later year (plans ahead). Goals without a year always count.
        An older year's goals were superseded by a newer set; what is missing there is history.

        With no year at or before ``as_of`` (a plan that starts later) every year counts.
        """
        years = {g.year for g in self.model.of_kind("Goal") if g.year is not None}
        past = [y for y in years if y <= self.as_of.year]
        first = max(past) if past else min(years, default=0)
        return frozenset({None, *(y for y in years if y >= first)})

    @cached_property
    def current_goals(self) -> frozenset[str]:
        """The ids of the goals of the current years (see :attr:`current_goal_years`)."""
        years = self.current_goal_years
        return frozenset(g.id for g in self.model.of_kind("Goal") if g.year in years)

    @cached_property
    def goals_above_themes(self) -> bool:
        """Whether the organization sets no goal per theme or milestone (no goal has ``theme`` or ``serves``):
        its goals (a city's overall targets) then stand above its themes, at the top of the line of sight."""
        return not any(g.theme or g.serves for g in self.model.of_kind("Goal"))

    @cached_property
    def organization(self) -> str | None:
        """The id of the model's organization (``model: organization``), if the model names one."""
        s = self.model.settings
        return s.organization if s is not None and s.organization else None

    def ended(self, project: str) -> bool:
        """Whether a project's stated end lies before the analysis date."""
        from strategygraph.core.schema import Project
        from strategygraph.core.time import end_of

        p = self.model.get_as(project, Project)
        end = end_of(p.end) if p is not None else None
        return end is not None and end < self.as_of

    def past_due(self, element: str) -> bool:
        """Whether an action's due date, or the end of a milestone's phase, lies before the analysis date:
        work that was to be done by then is history for the rules that ask who will do it."""
        from strategygraph.core.schema import Action, Milestone, Phase
        from strategygraph.core.time import end_of, year_span

        e = self.model.get(element)
        if isinstance(e, Action):
            due = end_of(e.due)
            return due is not None and due < self.as_of
        if isinstance(e, Milestone):
            ph = self.model.get_as(e.phase.ref, Phase)
            if ph is not None and ph.start_year is not None and ph.end_year is not None:
                return year_span(ph.start_year, ph.end_year)[1] < self.as_of
        return False

    def project_state(self, project: str, with_id: bool = True) -> str:
        """``id [status, disposition]`` of a project (or only ``status, disposition``), in the context's language."""
        from strategygraph.core.schema import Project

        p = self.model.get(project)
        if not isinstance(p, Project):
            return project
        bits = [self.status(str(p.status)) if p.status is not None else self.t("status_not_stated")]
        if p.disposition is not None and p.disposition.value not in ("continue", "refine"):
            bits.append(self.status(p.disposition.value))
        return f"{project} [{', '.join(bits)}]" if with_id else ", ".join(bits)

    def label(self, entity_id: str) -> str:
        return self.model.label(entity_id, self.lang)

    def names(self, ids: Iterable[str], limit: int = 5) -> str:
        """``label (id)`` of several entities, the first ``limit`` of them and ``(+N)``."""
        ids = list(ids)
        out = ", ".join(self.name(i, 60) for i in ids[:limit])
        return out + (f" (+{len(ids) - limit})" if len(ids) > limit else "")

    def status(self, status: str) -> str:
        from strategygraph.analysis.rules.messages import term

        return term(status, self.lang)

    def kind(self, kind: str, plural: bool = False) -> str:
        from strategygraph.analysis.rules.messages import kind_name

        return kind_name(kind, self.lang, plural)

    def name(self, entity_id: str, width: int = 90) -> str:
        """``label (id)`` for messages; long labels (goal statements) are shortened to ``width``."""
        label = self.label(entity_id)
        if len(label) > width:
            label = label[: width - 1].rsplit(" ", 1)[0] + "…"
        return f"{label} ({entity_id})"


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """Rules chosen by codes, code prefixes, names or categories."""
    rules = all_rules()

    def matches(r: Rule, sel: str) -> bool:
        s = sel.strip()
        return bool(s) and (r.code == s.upper() or r.category == s.lower() or r.name == s
                            or r.name.startswith(s + ".") or (len(s) < 4 and r.code.startswith(s.upper())))

    sel = [s for s in select if s.strip()]
    for s in list(sel) + [i for i in ignore if i.strip()]:
        if not any(matches(r, s) for r in rules):
            raise ConfigError(f"no rule matches {s!r} (use a code such as G101, a category such as gap, "
                              "or a dotted name; see 'strategygraph rules')")
    # a rule off by default runs only when selected by its code or name
    chosen = [r for r in rules if (not sel and r.default)
              or any(matches(r, s) and (r.default or s.strip().upper() == r.code or s.strip() == r.name)
                     for s in sel)]
    return [r for r in chosen if not any(matches(r, i) for i in ignore if i.strip())]


def accepted_problems(model: Model) -> list[dict[str, Any]]:
    """A problem (file, line, column, path, message) for every accepted finding that names no rule."""
    from strategygraph.core.util import did_you_mean

    out = []
    for i, acc in enumerate(model.accepted):
        if get_rule(acc.rule) is None:
            file, line = model.accepted_locations[i] if i < len(model.accepted_locations) else ("model", 1)
            names = list(REGISTRY) + [r.name for r in REGISTRY.values()]
            out.append({"file": file, "line": line, "column": 1, "path": "accepted.rule",
                        "message": f"no rule {acc.rule!r}"
                                   + did_you_mean(acc.rule, names, otherwise="; see 'strategygraph rules'")})
    return out


def apply_acceptances(findings: list[Finding], model: Model) -> None:
    """Mark findings the model accepts (same rule, by code or dotted name, and every accepted subject among the
    finding's)."""
    codes = [(r.code if (r := get_rule(acc.rule)) else acc.rule.upper()) for acc in model.accepted]
    for f in findings:
        for acc, code in zip(model.accepted, codes, strict=True):
            if code == f.rule and acc.subjects and set(acc.subjects) <= set(f.subjects):
                f.accepted = {"reason": acc.reason, "date": acc.date}
                break


def model_as_of(model: Model) -> date | None:
    """The model's as-of date: an explicit ``as_of`` if the model has one, else its newest source's date."""
    from strategygraph.core.time import end_of

    explicit = getattr(model, "as_of", None)
    if explicit:
        return explicit if isinstance(explicit, date) else end_of(str(explicit))
    dates = [end_of(s.date) for s in model.of_kind("Source") if getattr(s, "date", None)]
    return max((d for d in dates if d), default=None)


def run_rules(ctx: Context, rules: list[Rule] | None = None) -> list[Finding]:
    """Run rules and return every finding with id, location, root, affected and score set.

    Roots come first, ranked by score; each root's consequences follow it (see
    :mod:`strategygraph.analysis.rules.findings`).
    """
    from strategygraph.core.util import gc_paused

    rules = rules if rules is not None else select_rules(ctx.config.select, ctx.config.ignore)
    out: list[Finding] = []
    with gc_paused():  # the rules build many small objects and free them by reference counting; no cycles to collect
        for r in rules:
            out.extend(r.func(ctx, r))
    apply_acceptances(out, ctx.model)
    return organize(ctx, out, REGISTRY)


def summarize(findings: list[Finding]) -> dict[str, Any]:
    """Counts of every finding (``total``, by category and severity) and of the roots among them."""
    by_cat = {c: 0 for c in CATEGORIES}
    by_sev = {s: 0 for s in SEVERITIES}
    roots_by_sev = {s: 0 for s in SEVERITIES}
    accepted = roots = 0
    for f in findings:
        by_cat[f.category] += 1
        by_sev[f.severity] += 1
        accepted += f.accepted is not None
        if f.root is None:
            roots += 1
            roots_by_sev[f.severity] += 1
    return {"total": len(findings), "accepted": accepted, "by_category": by_cat, "by_severity": by_sev,
            "roots": roots, "roots_by_severity": roots_by_sev}


def exit_code(findings: list[Finding], fail_on: str) -> int:
    limit = SEVERITY_RANK[fail_on]
    return 1 if any(f.accepted is None and SEVERITY_RANK[f.severity] >= limit for f in findings) else 0


def iter_doc_problems(r: Rule) -> Iterator[str]:
    """What is missing from a rule's docstring (used by tests and ``rules --check``)."""
    secs = r.sections()
    for s in DOC_SECTIONS:
        if not secs.get(s):
            yield f"{r.code}: docstring has no '{s}' section"
    for key in r.options():
        if key not in DEFAULTS:
            yield f"{r.code}: Options documents {key!r}, which is no configuration key"
