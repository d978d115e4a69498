"""Scenarios: apply portfolio decisions to an in-memory copy of a model and compare before and after.

A decision is one of

* ``stop P``         – project P stops (its status becomes ``discontinued``);
* ``merge P INTO``   – P's work moves to INTO: every link to P that carries work (actions it implements,
  milestones it delivers, goals it carries, dependencies on it) points to INTO instead, INTO also
  develops P's capabilities and is steered under P's themes, and P is discontinued;
* ``delay P BY``     – P's start and end move by ``BY`` (``2Q``, ``6M``, ``1Y``; negative allowed);
* ``set ID.FIELD=V`` – any field of any entity takes a new value (validated like the YAML);
* ``shell P``        – P becomes a shell project that reports on work done elsewhere: it stays, but
  no longer counts as carrying anything itself.

:func:`disposition_decisions` turns the portfolio's own proposals (``disposition`` and ``merge_into``)
into decisions: ``continue`` and ``refine`` change nothing, ``merge`` merges into every ``merge_into``
target, ``shell`` makes a shell, ``discontinue`` stops, and ``new`` starts the project (status ``active``).

The model given is never changed: :func:`apply` returns a new :class:`Model` that shares the
untouched entities with the original and holds copies of the changed ones.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from strategygraph.analysis.reach import Analysis
from strategygraph.core import schema as _schema
from strategygraph.core.config import Config
from strategygraph.core.model import Model, iter_refs, link_ids
from strategygraph.core.schema import TIME_PATTERN, Entity, ProjectStatus, field_meta

if TYPE_CHECKING:
    from strategygraph.analysis.rules.engine import Config as RuleConfig

#: vocabularies a model may define itself (schema version 2; empty before it)
OPEN_SCHEMES: dict[str, str] = getattr(_schema, "OPEN_SCHEMES", {})

#: relations whose links to a project carry work and follow the project when it is merged
_MOVING = ("implementedBy", "deliveredBy", "carriedBy", "dependsOn", "partOf")
#: the kinds whose coverage a scenario reports row by row
COVERAGE_KINDS = ("Theme", "SubTheme", "Milestone", "Goal", "Action", "Capability")


class ScenarioError(ValueError):
    """A decision that cannot be applied (unknown project, bad value); the message says which and why."""


@dataclass(frozen=True)
class Decision:
    """One decision of a scenario."""

    action: str  # stop | merge | delay | set | shell | start
    subject: str  # a project id (an entity id for set)
    into: tuple[str, ...] = ()  # merge targets
    by: str = ""  # delay, e.g. 2Q
    field: str = ""  # set: field name
    value: Any = None  # set: new value
    origin: str = ""  # where the decision comes from (option, file:line, disposition)

    def describe(self) -> str:
        if self.action == "merge":
            return f"merge {self.subject} into {', '.join(self.into)}"
        if self.action == "delay":
            return f"delay {self.subject} by {self.by}"
        if self.action == "set":
            return f"set {self.subject}.{self.field}={self.value}"
        return f"{self.action} {self.subject}"

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"action": self.action, "subject": self.subject, "text": self.describe()}
        if self.into:
            d["into"] = list(self.into)
        if self.by:
            d["by"] = self.by
        if self.field:
            d["field"], d["value"] = self.field, self.value
        if self.origin:
            d["origin"] = self.origin
        return d


# ------------------------------------------------------------------ time shifting
_BY = re.compile(r"^([+-]?\d+)\s*([QMY])$", re.IGNORECASE)


def months_of(by: str) -> int:
    """``2Q`` → 6, ``-1Y`` → -12, ``6M`` → 6."""
    m = _BY.match(by.strip())
    if not m:
        raise ScenarioError(f"delay {by!r}: expected a number and Q, M or Y (e.g. 2Q, 6M, 1Y)")
    n, unit = int(m.group(1)), m.group(2).upper()
    return n * {"Q": 3, "M": 1, "Y": 12}[unit]


def _shift_point(text: str, months: int, end: bool) -> str:
    parts = text.split("-")
    year = int(parts[0])
    if len(parts) == 1:
        if months % 12 == 0:
            return str(year + months // 12)
        idx = year * 12 + (11 if end else 0) + months
        return f"{idx // 12:04d}-{idx % 12 + 1:02d}"
    if parts[1].startswith("Q"):
        q = int(parts[1][1]) - 1
        if months % 3 == 0:
            idx = year * 4 + q + months // 3
            return f"{idx // 4:04d}-Q{idx % 4 + 1}"
        idx = year * 12 + 3 * q + (2 if end else 0) + months
        return f"{idx // 12:04d}-{idx % 12 + 1:02d}"
    idx = year * 12 + int(parts[1]) - 1 + months
    y, mo = idx // 12, idx % 12 + 1
    if len(parts) == 2:
        return f"{y:04d}-{mo:02d}"
    day = min(int(parts[2]), calendar.monthrange(y, mo)[1])
    return f"{y:04d}-{mo:02d}-{day:02d}"


def shift_time(text: str | None, months: int) -> str | None:
    """A time expression moved by ``months``, kept at its own precision where it can be.

    >>> shift_time("2024-Q4", 6), shift_time("2024", 12), shift_time("2024", 6), shift_time("2023/2024", 3)
    ('2025-Q2', '2025', '2024-07/2025-06', '2023-04/2025-03')
    """
    if not text or months == 0:
        return text
    if not TIME_PATTERN.match(text):
        return text
    start, sep, end = text.partition("/")
    if not sep and len(start.split("-")) == 1 and months % 12:
        return f"{_shift_point(start, months, False)}/{_shift_point(start, months, True)}"
    s = _shift_point(start, months, False)
    if sep:
        return f"{s}/{_shift_point(end or start, months, True)}" if end else f"{s}/"
    return s


# ------------------------------------------------------------------ decisions
def disposition_decisions(model: Model) -> list[Decision]:
    """The portfolio's proposed dispositions as decisions (see the module docstring)."""
    out: list[Decision] = []
    for p in sorted(model.of_kind("Project"), key=lambda p: p.id):
        disp = p.disposition.value if p.disposition else None
        origin = f"disposition of {p.id}: {disp}"
        if disp == "merge":
            targets = tuple(link_ids(p.merge_into))
            if targets:
                out.append(Decision("merge", p.id, into=targets, origin=origin))
            else:
                out.append(Decision("stop", p.id, origin=origin + " (no merge_into target: stopped)"))
        elif disp == "shell":
            out.append(Decision("shell", p.id, origin=origin))
        elif disp == "discontinue":
            out.append(Decision("stop", p.id, origin=origin))
        elif disp == "new":
            out.append(Decision("set", p.id, field="status", value="active", origin=origin + " (started)"))
    return out


def _project(model: Model, pid: str, d: Decision) -> Entity:
    e = model.get(pid)
    if e is None or e.KIND != "Project":
        import difflib

        hint = difflib.get_close_matches(pid, [p.id for p in model.of_kind("Project")], n=1)
        where = f" ({d.origin})" if d.origin else ""
        raise ScenarioError(f"{d.describe()}{where}: no project {pid!r}" + (f"; did you mean {hint[0]!r}?" if hint else ""))
    return e


def check_decisions(model: Model, decisions: Iterable[Decision]) -> None:
    """Raise :class:`ScenarioError` for the first decision naming an unknown project or giving a bad value."""
    for d in decisions:
        if d.action == "set":
            if d.subject not in model:
                where = f" ({d.origin})" if d.origin else ""
                raise ScenarioError(f"{d.describe()}{where}: no entity {d.subject!r}")
            continue
        _project(model, d.subject, d)
        for t in d.into:
            _project(model, t, d)
            if t == d.subject:
                raise ScenarioError(f"{d.describe()}: a project cannot be merged into itself")
        if d.action == "delay":
            months_of(d.by)


@dataclass
class Applied:
    """The model after the decisions, and which projects are shells (reach without carrying)."""

    model: Model
    shells: set[str] = field(default_factory=set)


def apply(model: Model, decisions: Iterable[Decision]) -> Applied:
    """A copy of ``model`` with the decisions carried out, in order; ``model`` itself is not changed."""
    decisions = list(decisions)
    check_decisions(model, decisions)
    ents = dict(model.entities)
    copied: set[str] = set()

    def mine(eid: str) -> Any:
        if eid not in copied:
            ents[eid] = ents[eid].model_copy(deep=True)
            copied.add(eid)
        return ents[eid]

    # a merge into a project that is itself merged goes on to where that one goes
    merged_into = {d.subject: d.into for d in decisions if d.action == "merge"}

    def final(targets: tuple[str, ...], seen: frozenset[str] = frozenset()) -> tuple[str, ...]:
        out: list[str] = []
        for t in targets:
            if t in merged_into and t not in seen:
                out += final(merged_into[t], seen | {t})
            elif t not in out:
                out.append(t)
        return tuple(dict.fromkeys(out))

    stopped = stopped_status(model)
    shells: set[str] = set()
    referrers = _referrers(ents) if any(d.action == "merge" for d in decisions) else {}
    for d in decisions:
        if d.action in ("stop", "merge"):
            mine(d.subject).status = stopped
        if d.action == "shell":
            shells.add(d.subject)
        if d.action == "merge":
            _merge(ents, mine, d.subject, final(d.into, frozenset({d.subject})) or d.into, referrers)
        elif d.action == "delay":
            months = months_of(d.by)
            p = mine(d.subject)
            p.start, p.end = shift_time(p.start, months), shift_time(p.end, months)
        elif d.action == "set":
            _set(ents, mine, d, model)
            if referrers:  # the new value may link somewhere else
                for target in _moving_targets(ents[d.subject]):
                    referrers.setdefault(target, set()).add(d.subject)
    out = Model(entities=ents, accepted=list(model.accepted), locations=model.locations, root=model.root)
    for name in ("settings", "accepted_locations"):  # the model's own settings (schema version 2)
        if hasattr(model, name):
            setattr(out, name, getattr(model, name))
    return Applied(out, shells)


def _moving_targets(e: Entity) -> set[str]:
    """The ids an entity links to through relations that follow a merged project."""
    return {s.target for s in iter_refs(e) if s.relation in _MOVING and "source" not in s.path}


def _referrers(ents: dict[str, Entity]) -> dict[str, set[str]]:
    """Target id → the entities linking to it through a relation that follows a merged project (one pass)."""
    out: dict[str, set[str]] = {}
    for eid, e in ents.items():
        for target in _moving_targets(e):
            out.setdefault(target, set()).add(eid)
    return out


def _merge(ents: dict[str, Entity], mine: Any, pid: str, into: tuple[str, ...],
           referrers: dict[str, set[str]]) -> None:
    """Move the links to ``pid`` that carry work to ``into`` (``referrers`` is kept up to date)."""
    first = into[0]
    candidates = referrers.get(pid, set())
    referring = [eid for eid in ents if eid in candidates and eid != pid and any(
        s.target == pid and s.relation in _MOVING and "source" not in s.path for s in iter_refs(ents[eid]))]
    for t in into:
        referrers.setdefault(t, set()).update(referring)
    for eid in referring:
        e = mine(eid)
        for s in list(iter_refs(e)):
            if s.target != pid or s.relation not in _MOVING or "source" in s.path:
                continue
            name = s.path[-1] if isinstance(s.path[-1], str) else s.path[-2]
            if eid in into:  # the receiving project does not depend on / belong to itself
                value = getattr(s.holder, name)
                if isinstance(value, str):
                    setattr(s.holder, name, first if first != eid else value)
                continue
            setattr(s.holder, name, first)
        # further merge targets receive the same links (one link each)
        if len(into) > 1:
            _duplicate_to(e, pid_targets=into[1:], first=first)
    src = mine(pid)
    for t in into:
        tp = mine(t)
        have_caps = set(link_ids(tp.develops))
        tp.develops = list(tp.develops) + [lk.model_copy() for lk in src.develops if lk.ref not in have_caps]
        have_th = set(link_ids(tp.steered_under))
        tp.steered_under = list(tp.steered_under) + [lk.model_copy() for lk in src.steered_under
                                                     if lk.ref not in have_th]
    src.develops = []  # its capability work now belongs to the receiving project(s); its steering stays on record


def _duplicate_to(e: Any, pid_targets: tuple[str, ...], first: str) -> None:
    """Give the other merge targets the links that now point to ``first``."""
    for name in ("implementation", "delivered_by", "carried_by"):
        items = getattr(e, name, None)
        if not isinstance(items, list):
            continue
        new = list(items)
        for it in items:
            target = getattr(it, "project", None) if name == "implementation" else getattr(it, "ref", None)
            if target != first:
                continue
            for t in pid_targets:
                c = it.model_copy()
                if name == "implementation":
                    c.project = t
                else:
                    c.ref = t
                new.append(c)
        setattr(e, name, new)


def _vocabulary(model: Model, name: str) -> list[Any]:
    """The model's own list ``name`` (schema version 2), empty when it defines none."""
    get = getattr(model, "vocabulary", None)
    return list(get(name)) if callable(get) else []


def stopped_status(model: Model) -> Any:
    """The status a stopped or merged project gets: ``discontinued``, or the model's own non-carrying
    status when its vocabulary has no ``discontinued``."""
    terms = _vocabulary(model, "project_statuses")
    ids = [t.id for t in terms]
    if not ids or "discontinued" in ids:
        return ProjectStatus.discontinued
    return next((t.id for t in reversed(terms) if not t.carries), ProjectStatus.discontinued)


def _set(ents: dict[str, Entity], mine: Any, d: Decision, model: Model) -> None:
    e = ents[d.subject]
    cls = type(e)
    if d.field not in cls.model_fields or d.field == "id":
        import difflib

        names = [n for n in cls.model_fields if n != "id"]
        hint = difflib.get_close_matches(d.field, names, n=1)
        raise ScenarioError(f"{d.describe()}: {e.KIND} has no field {d.field!r}"
                            + (f"; did you mean {hint[0]!r}?" if hint else f"; fields: {', '.join(names)}"))
    data = e.model_dump(mode="json", exclude_none=True)
    data[d.field] = d.value
    try:
        new = cls.model_validate(data)
    except ValidationError as exc:
        msg = "; ".join(err["msg"] for err in exc.errors())
        raise ScenarioError(f"{d.describe()}: {msg}") from None
    scheme = field_meta(cls, d.field).get("scheme")
    vocab = OPEN_SCHEMES.get(scheme or "")
    terms = _vocabulary(model, vocab) if vocab else []
    if terms:
        ids = [t.id for t in terms]
        value = getattr(new, d.field)
        for v in value if isinstance(value, list) else [value]:
            if v is not None and str(v) not in ids:
                raise ScenarioError(f"{d.describe()}: {v!r} is not in the model's {vocab} ({', '.join(ids)})")
    for s in iter_refs(new):
        if s.target not in ents and s.path and s.path[0] == d.field:
            raise ScenarioError(f"{d.describe()}: no entity {s.target!r}")
    ents[d.subject] = new
    mine(d.subject)  # mark as copied (new is already a fresh object)


# ------------------------------------------------------------------ comparison
def undecided(model: Model) -> Model:
    """The model with no decision pending: every project's proposed ``disposition`` and ``merge_into`` left out.

    The carrying computation counts proposed dispositions as taken (a shell project carries nothing, a
    project to be merged hands its work on); a scenario compares the strategy *without* decisions to
    the strategy with the scenario's decisions carried out, so both sides are computed on this view.
    """
    ents = dict(model.entities)
    for p in model.of_kind("Project"):
        if p.disposition is not None or p.merge_into:
            ents[p.id] = p.model_copy(update={"disposition": None, "merge_into": []})
    out = Model(entities=ents, accepted=list(model.accepted), locations=model.locations, root=model.root)
    for name in ("settings", "accepted_locations"):  # the model's own settings (schema version 2)
        if hasattr(model, name):
            setattr(out, name, getattr(model, name))
    return out


def analysis_of(model: Model, config: Config | None, shells: set[str] = frozenset()) -> Analysis:  # type: ignore[assignment]
    """Who carries what in ``model`` (taken as undecided), with ``shells`` carrying nothing themselves."""
    an = Analysis(undecided(model), config)
    an.carrying -= set(shells)
    return an


def _load(an: Analysis, shells: set[str]) -> dict[str, int]:
    """Project → how many work items it does itself (actions, milestones, goals, capabilities)."""
    return {p: len(items) for p, items in an.project_items().items() if p not in shells}


def compare(model: Model, applied: Applied, config: Config | None = None,
            before_findings: Iterable[Any] | None = None, after_findings: Iterable[Any] | None = None,
            lang: str = "fi") -> dict[str, Any]:
    """Coverage, lost carriers, findings and project load before and after a scenario (JSON-ready)."""
    from strategygraph.analysis.diff import match_findings

    cfg = config or Config()
    before = analysis_of(model, cfg)
    after = analysis_of(applied.model, cfg, applied.shells)

    def label(eid: str) -> str:
        return applied.model.label(eid, lang)

    coverage: dict[str, list[dict[str, Any]]] = {}
    lost: list[dict[str, Any]] = []
    gained: list[dict[str, Any]] = []
    for kind in COVERAGE_KINDS:
        rows = []
        for e in sorted(model.of_kind(kind), key=lambda e: e.id):
            b, a = sorted(before.carriers_of(e.id)), sorted(after.carriers_of(e.id))
            row = {"id": e.id, "kind": kind, "label": label(e.id), "before": b, "after": a}
            rows.append(row)
            if b and not a:
                lost.append({**row, "other_carriers": before.other_carriers.get(e.id, [])})
            elif a and not b:
                gained.append(row)
        coverage[kind] = rows
    summary_cov = {k: {"elements": len(rows), "carried_before": sum(1 for r in rows if r["before"]),
                       "carried_after": sum(1 for r in rows if r["after"])} for k, rows in coverage.items()}
    lb, la = _load(before, set()), _load(after, applied.shells)
    grows: list[dict[str, Any]] = sorted(
        ({"project": p, "label": label(p), "before": lb.get(p, 0), "after": n}
         for p, n in la.items() if n > lb.get(p, 0) and p in after.carrying),
        key=lambda r: (-(int(r["after"]) - int(r["before"])), str(r["project"])))
    findings: dict[str, Any] | None = None
    if before_findings is not None and after_findings is not None:
        introduced, resolved, unchanged = match_findings(before_findings, after_findings)
        findings = {"introduced": introduced, "resolved": resolved, "unchanged": unchanged}
    changed_projects = []
    for p in sorted(model.of_kind("Project"), key=lambda p: p.id):
        q: Any = applied.model[p.id]
        if q is p and p.id not in applied.shells:
            continue
        changed_projects.append({
            "project": p.id, "label": label(p.id), "status_before": p.status.value if p.status else None,
            "status_after": q.status.value if q.status else None,
            "shell": p.id in applied.shells, "carrying_before": p.id in before.carrying,
            "carrying_after": p.id in after.carrying, "start_before": p.start, "start_after": q.start,
            "end_before": p.end, "end_after": q.end})
    return {
        "summary": {"lost_last_carrier": len(lost), "gained_a_carrier": len(gained),
                    "projects_with_more_load": len(grows), "coverage": summary_cov,
                    **({"findings_introduced": len(findings["introduced"]),
                        "findings_resolved": len(findings["resolved"])} if findings else {})},
        "projects": changed_projects,
        "lost_last_carrier": lost,
        "gained_a_carrier": gained,
        "load_grows": grows,
        "coverage": {k: v for k, v in coverage.items() if k in ("Theme", "SubTheme", "Milestone")},
        "findings": findings,
    }



def run(model: Model, decisions: list[Decision], config: RuleConfig | None = None, lang: str = "fi",
        findings: bool = True) -> dict[str, Any]:
    """Apply ``decisions`` to a copy of ``model`` and :func:`compare` before and after (JSON-ready).

    With ``findings`` the rules run on the undecided model and on the scenario's result (shell projects
    carrying nothing), and the comparison lists findings introduced and resolved.

    Raises
    ------
    ScenarioError
        If a decision names an unknown entity or has a bad value.
    """
    from strategygraph.analysis.rules.engine import Config as RuleConfig
    from strategygraph.analysis.rules.engine import Context, run_rules

    cfg = config if config is not None else RuleConfig()
    check_decisions(model, decisions)
    applied = apply(model, decisions)
    f_before = f_after = None
    if findings:
        f_before = run_rules(Context(undecided(model), cfg, lang=lang))
        ctx = Context(undecided(applied.model), cfg, lang=lang)
        ctx.__dict__["analysis"] = analysis_of(applied.model, cfg, applied.shells)  # shells carry nothing
        f_after = run_rules(ctx)
    return {"decisions": [x.as_dict() for x in decisions],
            **compare(model, applied, cfg, f_before, f_after, lang=lang)}


# ------------------------------------------------------------------ parsing
def parse_flag(action: str, text: str) -> Decision:
    """A decision from a command-line flag: ``--stop P``, ``--merge P:INTO[,INTO2]``, ``--delay P:2Q``,
    ``--set P.FIELD=VALUE``."""
    origin = f"--{action} {text}"
    if action == "stop" or action == "shell":
        return Decision(action, text.strip(), origin=origin)
    if action in ("merge", "delay"):
        subject, sep, rest = text.partition(":")
        if not sep or not subject.strip() or not rest.strip():
            example = "P:INTO" if action == "merge" else "P:2Q"
            raise ScenarioError(f"{origin}: expected {example}")
        if action == "merge":
            return Decision("merge", subject.strip(), into=tuple(x.strip() for x in rest.split(",") if x.strip()),
                            origin=origin)
        months_of(rest)
        return Decision("delay", subject.strip(), by=rest.strip(), origin=origin)
    if action == "set":
        left, sep, raw = text.partition("=")
        subject, dot, fname = left.strip().rpartition(".")
        if not sep or not dot or not subject or not fname:
            raise ScenarioError(f"{origin}: expected ID.FIELD=VALUE, e.g. digiohjelma.status=active")
        import yaml

        try:
            value = yaml.safe_load(raw) if raw.strip() else None
        except yaml.YAMLError:
            value = raw
        return Decision("set", subject, field=fname, value=value, origin=origin)
    raise ScenarioError(f"unknown decision {action!r}")


_FILE_KEYS = ("stop", "shell", "merge", "delay", "set")


def parse_file(text: str, name: str) -> tuple[list[Decision], bool]:
    """Decisions of a scenario YAML file, and whether it asks to apply the portfolio's dispositions.

    The file is a mapping with ``decisions:`` (a list) and optionally ``apply_dispositions: true``;
    each decision is one of ``{stop: P}``, ``{shell: P}``, ``{merge: P, into: Q}`` (or a list),
    ``{delay: P, by: 2Q}``, ``{set: P.FIELD, value: V}``; ``note:`` is allowed on any of them.
    """
    import yaml

    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ScenarioError(f"{name}{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    data = yaml.safe_load(text)
    if data is None:
        return [], False
    if not isinstance(data, dict):
        raise ScenarioError(f"{name}:1: a scenario file is a mapping with 'decisions:' (and 'apply_dispositions:')")
    unknown = set(data) - {"decisions", "apply_dispositions", "name", "description", "note"}
    if unknown:
        raise ScenarioError(f"{name}:1: unknown key(s) {', '.join(sorted(map(str, unknown)))}; expected decisions, "
                            "apply_dispositions, name, description, note")
    items = data.get("decisions") or []
    lines: list[int] = []
    for k, v in root.value:  # type: ignore[union-attr]
        if k.value == "decisions" and isinstance(v, yaml.SequenceNode):
            lines = [n.start_mark.line + 1 for n in v.value]
    if not isinstance(items, list):
        raise ScenarioError(f"{name}: 'decisions' must be a list")
    out: list[Decision] = []
    for i, item in enumerate(items):
        where = f"{name}:{lines[i] if i < len(lines) else 1}: decisions[{i}]"
        if not isinstance(item, dict):
            raise ScenarioError(f"{where}: a decision is a mapping such as {{stop: P}} or {{merge: P, into: Q}}")
        acts = [k for k in _FILE_KEYS if k in item]
        if len(acts) != 1:
            raise ScenarioError(f"{where}: give exactly one of {', '.join(_FILE_KEYS)}")
        act = acts[0]
        allowed = {act, "note"} | ({"into"} if act == "merge" else {"by"} if act == "delay" else
                                   {"value"} if act == "set" else set())
        extra = set(item) - allowed
        if extra:
            raise ScenarioError(f"{where}: unexpected key(s) {', '.join(sorted(map(str, extra)))} for {act}")
        subject = str(item[act])
        try:
            if act == "merge":
                into = item.get("into")
                if not into:
                    raise ScenarioError("merge needs 'into'")
                targets = tuple(str(x) for x in (into if isinstance(into, list) else [into]))
                d = Decision("merge", subject, into=targets)
            elif act == "delay":
                if "by" not in item:
                    raise ScenarioError("delay needs 'by' (e.g. 2Q)")
                months_of(str(item["by"]))
                d = Decision("delay", subject, by=str(item["by"]))
            elif act == "set":
                ent, dot, fname = subject.rpartition(".")
                if not dot or "value" not in item:
                    raise ScenarioError("set needs ID.FIELD and 'value'")
                d = Decision("set", ent, field=fname, value=item["value"])
            else:
                d = Decision(act, subject)
        except ScenarioError as exc:
            raise ScenarioError(f"{where}: {exc}") from None
        out.append(Decision(d.action, d.subject, d.into, d.by, d.field, d.value, origin=where))
    flag = data.get("apply_dispositions", False)
    if not isinstance(flag, bool):
        raise ScenarioError(f"{name}: apply_dispositions must be true or false")
    return out, flag
