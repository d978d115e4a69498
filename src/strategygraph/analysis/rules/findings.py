"""Findings as a planner reads them: the Finding record, stable ids, YAML positions, root causes, floods, ranking.

After the rules have run, :func:`organize` (called by ``engine.run_rules``; this module imports
nothing of the engine, so the engine can import it)

1. gives every finding a stable ``id`` (rule code + sorted subjects) and the ``location`` (file, line,
   column) of its primary subject's YAML entry;
2. nests **consequences under their cause**: a rule states which findings its finding may follow from
   (``causes``: rule code and primary subject, e.g. an element resting on a non-carrying project follows
   from that project's D403 finding); the first cause that was found becomes the ``root``;
3. gathers **floods**: when a rule leaves at least ``group_min_findings`` root findings, they are nested
   under one synthesized root of that rule listing them all; when they cover at least ``flood_share`` of
   all elements of their kind(s), the practice (not each element) is the problem, and the root and its
   findings drop one severity step (except for a ``systemic`` rule, where a flood is the risk itself:
   every project status out of date undermines every finding that rests on statuses);
4. sets each root's ``affected`` to every element it and its consequences affect, raises a root's severity
   to the worst of its consequences, and ranks by ``score``.

Score
-----
``score = severity weight × (1 + log2(1 + elements affected)) × nearness × decision``

* severity weight: error 10, warning 4, info 1;
* nearness (of the finding's due date or phase to the analysis date ``as_of``): 1.5 when the period is
  current or already past (overdue), 1.25 when it starts within a year, 1.0 otherwise or without a date;
* decision: 1.5 when a project it concerns waits for a decision (status ``proposed``, ``planned`` or
  ``pending-decision``, or a proposed disposition ``merge``, ``shell``, ``discontinue``, ``new``), else 1.0.
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from strategygraph.core.schema import Action, Goal, Milestone, Phase, Project
from strategygraph.core.time import span, year_span

SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3, "never": 99}
SEVERITY_WEIGHT = {"error": 10.0, "warning": 4.0, "info": 1.0}
#: dispositions that are a decision still to be taken or carried out (a pending decision raises the score)
PENDING_DISPOSITIONS = ("merge", "shell", "discontinue", "new")
PENDING_STATUSES = ("pending-decision", "proposed", "planned")


@dataclass
class Finding:
    """One thing a planner should look at.

    ``id`` is stable across runs (rule code + sorted subjects); ``root`` is the id of the finding this one
    follows from (``None`` for a root); ``affected`` the element ids it affects; ``score`` its rank
    (see :func:`score_of`); ``location`` the YAML position of the primary subject; ``fix`` what to do.
    """

    rule: str
    name: str
    category: str
    severity: str
    subjects: list[str]
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    accepted: dict[str, str] | None = None
    fix: str = ""
    affected: list[str] = field(default_factory=list)
    root: str | None = None
    score: float = 0.0
    location: dict[str, Any] | None = None
    id: str = ""
    #: (rule code, primary subject) of the findings this one may follow from, first found wins (not serialized)
    causes: list[tuple[str, str]] = field(default_factory=list, repr=False)
    #: a time expression the finding is about (due date, phase), for the score's nearness (not serialized)
    when: str | None = field(default=None, repr=False)
    #: number of findings nested under this one (set by grouping)
    children: int = 0
    #: a gathered root covering nearly every element of its kind (set by grouping; not serialized)
    flooded: bool = field(default=False, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "rule": self.rule, "name": self.name, "category": self.category,
            "severity": self.severity, "subjects": list(self.subjects), "message": self.message,
            "evidence": self.evidence, "accepted": self.accepted, "root": self.root,
            "affected": list(self.affected), "affected_count": len(self.affected), "children": self.children,
            "score": self.score, "location": self.location, "fix": self.fix,
        }

    def sort_key(self) -> tuple[Any, ...]:
        return (-SEVERITY_RANK[self.severity], self.rule, self.subjects)


def finding_id(rule: str, subjects: Iterable[str], extra: str = "") -> str:
    """A stable id: the rule code and a short hash of the sorted subjects (and ``extra``)."""
    import hashlib

    key = rule + "|" + "|".join(sorted(subjects)) + ("|" + extra if extra else "")
    return f"{rule}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"



LOWER = {"error": "warning", "warning": "info", "info": "info"}


def organize(ctx: Any, findings: list[Finding], registry: Mapping[str, Any]) -> list[Finding]:
    """Ids, locations, roots, floods, affected and scores; roots ranked, each followed by its consequences."""
    _ids(findings)
    lines = _LineCache()
    for f in findings:
        f.location = _location(ctx, f.subjects[0] if f.subjects else None, lines)
        if f.when is None:
            f.when = _when(ctx, f.subjects)
    _nest_by_cause(findings)
    findings = findings + _gather_floods(ctx, findings, registry)
    _nest_under_systemic(ctx, findings, registry)
    by_id = {f.id: f for f in findings}
    kids: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.root is not None:
            kids[_top(f, by_id)].append(f)
    for f in findings:
        f.children = len(kids.get(f.id, []))
        if f.root is None and f.id in kids:  # a root is as severe as the worst of its consequences
            f.severity = max([f.severity, *(k.severity for k in kids[f.id])], key=lambda s: SEVERITY_WEIGHT[s])
        if f.root is None and f.id in kids:
            seen = dict.fromkeys(f.affected)
            for k in kids[f.id]:
                seen.update(dict.fromkeys(k.affected))
            f.affected = list(seen)
    for f in findings:
        f.score = score_of(ctx, f, kids.get(f.id, []))
    roots = sorted((f for f in findings if f.root is None), key=lambda f: (-f.score, f.sort_key()))
    out: list[Finding] = []
    for r in roots:
        out.append(r)
        out += sorted(kids.get(r.id, []), key=lambda f: (-f.score, f.sort_key()))
    return out


def _top(f: Finding, by_id: dict[str, Finding]) -> str:
    """The root at the top of ``f``'s chain of causes."""
    seen = set()
    cur = f
    while cur.root is not None and cur.root in by_id and cur.root not in seen:
        seen.add(cur.id)
        cur = by_id[cur.root]
    return cur.id


def _ids(findings: list[Finding]) -> None:
    import json

    seen: dict[str, int] = defaultdict(int)
    for f in findings:
        f.id = finding_id(f.rule, f.subjects)
        seen[f.id] += 1
    for f in findings:
        if seen[f.id] > 1:  # the same rule twice on the same subjects: the evidence tells them apart
            f.id = finding_id(f.rule, f.subjects, json.dumps(f.evidence, sort_keys=True, default=str))


def _nest_by_cause(findings: list[Finding]) -> None:
    index: dict[tuple[str, str], str] = {}
    for f in findings:
        if f.subjects:
            index.setdefault((f.rule, f.subjects[0]), f.id)
    for f in findings:
        for cause in f.causes:
            rid = index.get(cause)
            if rid is not None and rid != f.id:
                f.root = rid
                break
    # a cause that itself follows from this finding would make a loop: break it
    by_id = {f.id: f for f in findings}
    for f in findings:
        seen = {f.id}
        cur = f
        while cur.root is not None and cur.root in by_id:
            if cur.root in seen:
                cur.root = None
                break
            seen.add(cur.root)
            cur = by_id[cur.root]


def _nest_under_systemic(ctx: Any, findings: list[Finding], registry: Mapping[str, Any]) -> None:
    """A root about elements whose facts a systemic flood says are out of date follows from that flood.

    When a ``systemic`` rule fires on nearly every element of a kind (every project status two years old),
    each other root whose primary subject is one of those elements – or, for a gathered root, all of whose
    items are – rests on the out-of-date facts: bring them up to date first. It is nested under the flood's
    root (still listed there, never dropped).
    """
    floods = [f for f in findings if f.root is None and f.flooded and getattr(registry.get(f.rule), "systemic", False)]
    for flood in floods:
        stale = set(flood.evidence["items"])
        resting: list[Finding] = []
        for f in findings:
            if f.root is not None or f is flood or f.rule == flood.rule:
                continue
            items = [f.subjects[0]] if f.subjects else list(f.evidence.get("items") or [])
            if items and all(i in stale for i in items):
                f.root = flood.id
                resting.append(f)
        if resting:  # say which findings wait for the update, most severe first
            resting.sort(key=lambda f: (-SEVERITY_RANK[f.severity], f.rule, f.subjects))
            names = [f"{f.rule} {f.subjects[0]}" if f.subjects else f.rule for f in resting]
            shown = ", ".join(names[:4]) + (f" (+{len(names) - 4})" if len(names) > 4 else "")
            flood.message += ctx.t("group.resting", n=len(resting), findings=shown)


def _gather_floods(ctx: Any, findings: list[Finding], registry: Mapping[str, Any]) -> list[Finding]:
    m = ctx.model
    cfg = ctx.config
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        rule = registry.get(f.rule)
        if f.root is None and f.subjects and rule is not None and rule.group:
            groups[f.rule].append(f)
    out: list[Finding] = []
    for code, items in sorted(groups.items()):
        if len(items) < cfg.group_min_findings:
            continue
        rule = registry[code]
        kinds = list(dict.fromkeys(m.kind_of(f.subjects[0]) or "?" for f in items))
        total = sum(len(m.of_kind(k)) for k in kinds) or len(items)
        # several findings may concern one element (a theme with two empty KPI cells): count elements
        elements = len({f.subjects[0] for f in items})
        share = elements / total
        severity = ctx.config.severity_of(rule)
        flooded = share + 1e-12 >= cfg.flood_share
        if flooded and not rule.systemic:
            severity = LOWER[severity]
        kind = "+".join(kinds)
        subjects = [f.subjects[0] for f in items]
        texts = rule.texts(ctx.lang)
        message = ctx.t("group", n=elements, total=total, kinds=" / ".join(ctx.kind(k, plural=True) for k in kinds),
                        summary=texts["summary"].rstrip("."))
        if flooded:
            key = "group.all" if elements >= total else "group.flooded"
            message += ctx.t(key + ".systemic" if rule.systemic else key)
        root = Finding(code, rule.name, rule.category, severity, [], message,
                       {"kind": kind, "count": elements, "of": total, "share": round(share, 3),
                        "items": subjects}, fix=texts["fix"], affected=subjects)
        root.id = finding_id(code, ["group"])
        root.flooded = flooded
        root.location = items[0].location
        if all(f.accepted for f in items):
            root.accepted = items[0].accepted
        whens = [f.when for f in items if f.when]
        root.when = min(whens, key=lambda w: (span(w) or (date.max, date.max))[0]) if whens else None
        for f in items:
            f.root = root.id
            if flooded:
                f.severity = severity
        out.append(root)
    return out


def score_of(ctx: Any, f: Finding, children: list[Finding]) -> float:
    """The rank of a finding (formula in the module docstring)."""
    weight = SEVERITY_WEIGHT[f.severity]
    size = 1 + math.log2(1 + max(1, len(f.affected)))
    whens = [w for w in [f.when, *(c.when for c in children)] if w]
    nearness = max((_nearness(ctx.as_of, w) for w in whens), default=1.0)
    decision = 1.5 if _pending(ctx, [*f.subjects, *f.affected]) else 1.0
    return round(weight * size * nearness * decision, 2)


def _nearness(as_of: date, when: str) -> float:
    s = span(when)
    if s is None:
        return 1.0
    if s[0] <= as_of:
        return 1.5  # current, or already due
    if s[0] <= as_of + timedelta(days=365):
        return 1.25
    return 1.0


def _pending(ctx: Any, ids: list[str]) -> bool:
    m = ctx.model
    for i in ids:
        p = m.get(i)
        if not isinstance(p, Project):
            continue
        if p.status is not None and str(p.status) in PENDING_STATUSES:
            return True
        if p.disposition is not None and p.disposition.value in PENDING_DISPOSITIONS:
            return True
    return False


def _when(ctx: Any, subjects: list[str]) -> str | None:
    """The period a finding is about: a milestone's phase, an action's due date, a goal's year."""
    m = ctx.model
    for s in subjects:
        e = m.get(s)
        if e is None:
            continue
        if isinstance(e, Milestone):
            ph = m.get(e.phase.ref)
            if isinstance(ph, Phase) and ph.start_year is not None:
                return _phase_time(ph)
        if isinstance(e, Phase) and e.start_year is not None:
            return _phase_time(e)
        if isinstance(e, Action) and e.due:
            return str(e.due)
        if isinstance(e, Goal) and (e.year or e.due):
            return str(e.year or e.due)
    return None


def _phase_time(phase: Phase) -> str:
    assert phase.start_year is not None  # a relative phase has no calendar years (callers check)
    s, e = year_span(phase.start_year, phase.end_year)
    return f"{s.year}/{e.year}" if phase.end_year else str(s.year)


# ------------------------------------------------------------------ locations
class _LineCache:
    def __init__(self) -> None:
        self.files: dict[str, list[str]] = {}
        self.shown: dict[str, str] = {}  # path -> as displayed (one relpath per file, not per finding)

    def line(self, path: str, n: int) -> str:
        if path not in self.files:
            try:
                self.files[path] = Path(path).read_text(encoding="utf-8").splitlines()
            except OSError:
                self.files[path] = []
        lines = self.files[path]
        return lines[n - 1] if 0 < n <= len(lines) else ""


def _location(ctx: Any, entity: str | None, lines: _LineCache) -> dict[str, Any] | None:
    if entity is None:
        return None
    loc = ctx.model.locations.get(entity)
    if not loc:
        return None
    path, line = loc[0], loc[1]
    text = lines.line(path, line)
    column = len(text) - len(text.lstrip(" -")) + 1 if text.strip() else 1
    shown = lines.shown.get(path)
    if shown is None:
        shown = lines.shown[path] = _display(path)
    return {"file": shown, "line": line, "column": column}


def _display(path: str) -> str:
    """A path relative to the working directory where it lies below it (stable across checkouts)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path.replace(os.sep, "/")
    return (path if rel.startswith("..") else rel).replace(os.sep, "/")
