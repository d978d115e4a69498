"""Progress roll-up: how far each goal, milestone, sub-theme and theme has come, as of a date.

Each figure says what it rests on and what is unknown:

* a **task** is its ``completion`` (%);
* a **key result** is where its newest numeric quarterly value lies between its baseline (0 % when it
  has none: progress from zero) and its target, capped to 0–100 %; without a numeric value and target
  it is unknown (its reported ``status`` is still shown);
* a **goal** is the mean of its tasks' figures where any task has one, else the mean of its key results'
  figures; tasks and key results without a figure are listed as unknown;
* a **milestone** is the mean of the goals that serve it; a **theme** the mean of its goals; a
  **sub-theme** the mean of the goals serving the milestones its actions contribute to.

The colour follows the organization's rule from the configuration: green above ``status_green_min`` %,
yellow above ``status_yellow_min`` %, red at or below it (the 2024 year-end report: "over 90 %",
"over 50 %", "less than half").

The date of a fact is the date of the source document it comes from (or of its quarter / status date);
facts dated after ``as_of`` are left out as not yet known, and figures whose newest fact is older than
``max_age_days`` before ``as_of`` are marked stale.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from strategygraph.core.config import Config
from strategygraph.core.model import Model, link_ids
from strategygraph.core.time import end_of

LEVELS = ("Theme", "SubTheme", "Milestone", "Goal", "KeyResult", "Task")
#: what a set-level progress report counts -> the kind of entity
_ITEM_KINDS = {"goals": "Goal", "key-results": "KeyResult", "tasks": "Task"}
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


@dataclass
class Figure:
    """The progress of one element: a percentage (or ``None`` = unknown), its colour and its basis."""

    id: str
    kind: str
    label: str
    percent: float | None = None
    colour: str | None = None
    reported: str | None = None  # the status the sources report (green/yellow/red), if any
    as_of: str | None = None  # the date of the newest fact the figure rests on
    rests_on: list[dict[str, Any]] = field(default_factory=list)  # [{id, kind, percent, as_of}]
    unknown: list[str] = field(default_factory=list)  # ids below it without a figure
    notes: list[str] = field(default_factory=list)
    stale: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "label": self.label,
                "percent": None if self.percent is None else round(self.percent, 1),
                "colour": self.colour, "reported": self.reported, "as_of": self.as_of, "stale": self.stale,
                "rests_on": self.rests_on, "unknown": self.unknown, "notes": self.notes}


def colour_of(percent: float | None, config: Config, rules: list[Any] | None = None) -> str | None:
    """The colour of a percentage (``None`` if unknown).

    With the model's own rules (``model: vocabularies: progress_colours`` with ``min_completion``) the
    colour is the one with the highest ``min_completion`` at or below the percentage; otherwise the
    configuration's: green above ``status_green_min``, yellow above ``status_yellow_min``, else red.
    """
    if percent is None:
        return None
    ranked = sorted((r for r in rules or [] if r.min_completion is not None), key=lambda r: -r.min_completion)
    if ranked:
        for r in ranked:
            if percent >= r.min_completion:
                return str(r.id.value if hasattr(r.id, "value") else r.id)
        return str(ranked[-1].id.value if hasattr(ranked[-1].id, "value") else ranked[-1].id)
    if percent > config.status_green_min:
        return "green"
    if percent > config.status_yellow_min:
        return "yellow"
    return "red"


def parse_number(text: str) -> float | None:
    """The first number in a reported value (``"69,5 %"`` → 69.5), or ``None``."""
    m = _NUMBER.search(text or "")
    return float(m.group(0).replace(",", ".")) if m else None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


class Progress:
    """The progress roll-up of a model (computed once; see the module docstring)."""

    def __init__(self, model: Model, config: Config | None = None, as_of: date | None = None,
                 max_age_days: int | None = None, lang: str = "fi", year: int | None = None) -> None:
        self.model = model
        self.year = year  # only goals of this year roll up (None: every year)
        self.config = config or Config()
        model_as_of = getattr(model, "as_of", None)  # schema version 2: the date the model describes
        if as_of is None and model_as_of:
            as_of = end_of(model_as_of)
        self.as_of = as_of
        self.rules: list[Any] = list(getattr(model, "progress_colours", []))
        self.max_age_days = max_age_days
        self.lang = lang
        self.figures: dict[str, Figure] = {}
        self._source_dates = {s.id: end_of(s.date) for s in model.of_kind("Source") if s.date}
        self._compute()

    # -- dates
    def _fact_date(self, obj: Any, fallback: date | None = None) -> date | None:
        src = getattr(obj, "source", None)
        if src is not None and src.doc in self._source_dates:
            return self._source_dates[src.doc]
        return fallback

    def _known(self, d: date | None) -> bool:
        return self.as_of is None or d is None or d <= self.as_of

    def _fig(self, e: Any) -> Figure:
        return Figure(e.id, e.KIND, e.label.get(self.lang))

    # -- roll-up
    def _compute(self) -> None:
        m = self.model
        tasks_of: dict[str, list[Any]] = defaultdict(list)
        krs_of: dict[str, list[Any]] = defaultdict(list)
        for t in m.of_kind("Task"):
            tasks_of[t.goal.ref].append(t)
            f = self._fig(t)
            f.reported = t.status.value if t.status else None
            dated = getattr(t, "completion_as_of", None)
            d = end_of(dated) if dated else self._fact_date(t)
            if t.completion is not None and self._known(d):
                f.percent, f.as_of = float(t.completion), _iso(d)
                f.rests_on = [{"id": t.id, "kind": "Task", "what": "completion", "value": t.completion,
                               "as_of": _iso(d)}]
            elif t.completion is not None:
                f.notes.append(f"completion reported after the as-of date ({_iso(d)})")
            f.colour = colour_of(f.percent, self.config, self.rules)
            self.figures[t.id] = f
        for kr in m.of_kind("KeyResult"):
            krs_of[kr.goal.ref].append(kr)
            self.figures[kr.id] = self._key_result(kr)
        for g in m.of_kind("Goal"):
            self.figures[g.id] = self._goal(g, tasks_of.get(g.id, []), krs_of.get(g.id, []))
        goals_of_ms: dict[str, list[str]] = defaultdict(list)
        goals_of_theme: dict[str, list[str]] = defaultdict(list)
        for g in m.of_kind("Goal"):
            if self.year is not None and g.year != self.year:
                continue
            for ms in link_ids(g.serves):
                goals_of_ms[ms].append(g.id)
            if g.theme:
                goals_of_theme[g.theme.ref].append(g.id)
        for ms in m.of_kind("Milestone"):
            self.figures[ms.id] = self._from_goals(ms, goals_of_ms.get(ms.id, []))
        goals_of_st: dict[str, set[str]] = defaultdict(set)
        for a in m.of_kind("Action"):
            for ms in link_ids(a.milestones):
                goals_of_st[a.subtheme.ref].update(goals_of_ms.get(ms, []))
        for st in m.of_kind("SubTheme"):
            self.figures[st.id] = self._from_goals(st, sorted(goals_of_st.get(st.id, set())))
        for th in m.of_kind("Theme"):
            self.figures[th.id] = self._from_goals(th, goals_of_theme.get(th.id, []))
        if self.as_of is not None and self.max_age_days is not None:
            for f in self.figures.values():
                if f.as_of and (self.as_of - date.fromisoformat(f.as_of)).days > self.max_age_days:
                    f.stale = True

    def _key_result(self, kr: Any) -> Figure:
        f = self._fig(kr)
        f.reported = kr.status.value if kr.status else None
        target = kr.target.number if kr.target and kr.target.number is not None else None
        baseline = next((b.number for b in kr.baselines if b.number is not None), None)
        latest = None
        for ms in getattr(kr, "measurements", []):
            d = end_of(getattr(ms, "date", None)) or self._fact_date(ms)
            n = ms.number if ms.number is not None else parse_number(ms.value)
            if n is not None and self._known(d) and (latest is None or (d or date.min) >= (latest[1] or date.min)):
                latest = (n, d, ms)
        for q in kr.quarterly:
            d = end_of(q.quarter) if re.match(r"^\d{4}(-Q[1-4])?$", q.quarter or "") else self._fact_date(q)
            if not self._known(d):
                continue
            if q.status and self._known(d):
                f.reported = q.status.value
            n = parse_number(q.value)
            if n is not None and (latest is None or (d or date.min) >= (latest[1] or date.min)):
                latest = (n, d, q)
        if latest is None:
            f.notes.append("no measured value" + ("" if target is not None else " and no numeric target"))
            due = end_of(getattr(kr, "due", None))
            if due is not None and self.as_of is not None and due < self.as_of:
                f.notes.append(f"due {due.isoformat()} passed without a measured value")
            return f
        if target is None:
            f.notes.append("no numeric target")
            return f
        start = baseline if baseline is not None else 0.0
        if target == start:
            pct = 100.0 if latest[0] == target else 0.0
        else:
            pct = (latest[0] - start) / (target - start) * 100
        f.percent = max(0.0, min(100.0, pct))
        f.as_of = _iso(latest[1])
        f.colour = colour_of(f.percent, self.config, self.rules)
        f.rests_on = [{"id": kr.id, "kind": "KeyResult", "what": "value vs target", "value": latest[0],
                       "baseline": baseline, "target": target, "as_of": _iso(latest[1])}]
        if baseline is None:
            f.notes.append("no baseline: progress counted from 0")
        return f

    def _goal(self, g: Any, tasks: list[Any], krs: list[Any]) -> Figure:
        f = self._fig(g)
        f.reported = g.status.value if g.status else None
        dated = [(self._fact_date(sf, end_of(sf.date) if sf.date else None), sf) for sf in g.status_facts]
        for item_kind, items in (("Task", tasks), ("KeyResult", krs)):
            figs = [self.figures[i.id] for i in items]
            known = [x for x in figs if x.percent is not None]
            if known:
                f.percent = _mean([x.percent for x in known])  # type: ignore[misc]
                f.rests_on = [{"id": x.id, "kind": item_kind, "percent": round(x.percent, 1),  # type: ignore[arg-type]
                               "as_of": x.as_of} for x in known]
                f.unknown = [x.id for x in figs if x.percent is None]
                break
        else:
            f.unknown = [i.id for i in tasks + krs]
            own = self._own_measurement(g)
            if own is not None:
                f.percent, f.rests_on = own
            elif not tasks and not krs:
                f.notes.append("no tasks or key results")
        dates = [x["as_of"] for x in f.rests_on if x.get("as_of")]
        f.as_of = max(dates) if dates else None
        f.colour = colour_of(f.percent, self.config, self.rules)
        facts = [d for d, _ in dated if d and self._known(d)]
        if facts:
            f.notes.append(f"newest status statement {max(facts).isoformat()}")
        if f.reported and f.colour and f.reported != f.colour and f.reported != "not-reported":
            f.notes.append(f"reported {f.reported}, figures say {f.colour}")
        return f

    def _own_measurement(self, g: Any) -> tuple[float, list[dict[str, Any]]] | None:
        """A goal's own newest numeric measurement against its first numeric target (from 0)."""
        target = next((t.number for t in getattr(g, "targets", []) if t.number is not None), None)
        if target is None or target == 0:
            return None
        latest = None
        for ms in getattr(g, "measurements", []):
            d = end_of(getattr(ms, "date", None)) or self._fact_date(ms)
            if ms.number is not None and self._known(d) and (latest is None or (d or date.min) >= (latest[1] or date.min)):
                latest = (ms.number, d)
        if latest is None:
            return None
        pct = max(0.0, min(100.0, latest[0] / target * 100))
        return pct, [{"id": g.id, "kind": "Goal", "what": "value vs target", "value": latest[0], "target": target,
                      "as_of": _iso(latest[1])}]

    def _from_goals(self, e: Any, goal_ids: list[str]) -> Figure:
        f = self._fig(e)
        figs = [self.figures[g] for g in goal_ids if g in self.figures]
        known = [x for x in figs if x.percent is not None]
        f.percent = _mean([x.percent for x in known])  # type: ignore[misc]
        f.rests_on = [{"id": x.id, "kind": "Goal", "percent": round(x.percent, 1), "as_of": x.as_of}  # type: ignore[arg-type]
                      for x in known]
        f.unknown = [x.id for x in figs if x.percent is None]
        dates = [x.as_of for x in known if x.as_of]
        f.as_of = max(dates) if dates else None
        f.colour = colour_of(f.percent, self.config, self.rules)
        if not goal_ids:
            f.notes.append("no goal serves it")
        return f

    # -- the roadmap over time
    def phases(self, analysis: Any | None = None) -> list[dict[str, Any]]:
        """Each roadmap phase: past, current or future at the as-of date, its milestones' progress and carriers.

        A phase with only a relative period (no years) has state ``None``. ``analysis`` (an
        :class:`~strategygraph.analysis.reach.Analysis`) supplies the carrying projects; without it
        they are computed here.
        """
        from strategygraph.analysis.reach import Analysis
        from strategygraph.core.time import year_span

        an = analysis or Analysis(self.model, self.config)
        day = self.as_of or date.today()
        by_phase: dict[str, list[str]] = defaultdict(list)
        for ms in self.model.of_kind("Milestone"):
            by_phase[ms.phase.ref].append(ms.id)
        out = []
        for ph in sorted(self.model.of_kind("Phase"), key=lambda p: (p.order, p.id)):
            state = None
            if ph.start_year is not None:
                first, last = year_span(ph.start_year, ph.end_year)
                state = "past" if last < day else "future" if first > day else "current"
            figs = [self.figures[m] for m in sorted(by_phase.get(ph.id, []), key=_natural)]
            known = [f for f in figs if f.percent is not None]
            pct = _mean([f.percent for f in known])  # type: ignore[misc]
            carriers = sorted({p for f in figs for p in an.carriers_of(f.id)})
            out.append({"id": ph.id, "label": ph.label.get(self.lang), "period": ph.period, "state": state,
                        "milestones": len(figs), "with_progress": len(known),
                        "percent": None if pct is None else round(pct, 1), "colour": colour_of(pct, self.config, self.rules),
                        "uncarried_milestones": [f.id for f in figs if not an.carriers_of(f.id)],
                        "carriers": carriers})
        return out

    # -- the sources' own set-level counts
    def reported_sets(self) -> list[dict[str, Any]]:
        """The sources' progress reports on SETS of goals, key results or tasks (``model: progress_reports:``)
        beside what the model holds for the same set (same kind, goal level and year): reported vs
        computed. A report dated after the as-of date is left out as not yet known."""
        settings = getattr(self.model, "settings", None)
        out: list[dict[str, Any]] = []
        for r in getattr(settings, "progress_reports", None) or []:
            if not self._known(end_of(r.date)):
                continue
            kind = _ITEM_KINDS[r.items]
            items = [e for e in self.model.of_kind(kind) if self._in_set(e, r.level, r.year)]
            figs = [self.figures[e.id] for e in items if e.id in self.figures]
            statuses = [e.status.value for e in items if getattr(e, "status", None)]
            out.append({
                "items": r.items, "scope": r.scope.get(self.lang) if r.scope else None, "level": r.level,
                "year": r.year, "date": r.date, "total": r.total,
                "source": r.source.doc if r.source else None,
                "counts": [{"value": c.value, "status": c.status_text.get(self.lang),
                            "colour": c.status.value if c.status else None, "count": c.count, "share": c.share}
                           for c in r.counts],
                "in_model": {"items": len(items), "with_figure": sum(1 for f in figs if f.percent is not None),
                             **{c: sum(1 for f in figs if f.colour == c) for c in ("green", "yellow", "red")},
                             "with_reported_status": len(statuses)},
            })
        return out

    def _in_set(self, e: Any, level: str | None, year: int | None) -> bool:
        goal: Any = e if e.KIND == "Goal" else self.model.get(e.goal.ref)
        if goal is None:
            return False
        return (level is None or goal.level == level) and (year is None or goal.year == year)

    # -- views
    def rows(self, kinds: tuple[str, ...] = LEVELS) -> list[Figure]:
        """Figures of the given kinds, in level order (themes first), then by id."""
        order = {k: i for i, k in enumerate(LEVELS)}
        return sorted((f for f in self.figures.values() if f.kind in kinds),
                      key=lambda f: (order[f.kind], _natural(f.id)))

    def as_dict(self, kinds: tuple[str, ...] = LEVELS) -> dict[str, Any]:
        rows = self.rows(kinds)
        summary: dict[str, Any] = {}
        for k in kinds:
            figs = [f for f in rows if f.kind == k]
            summary[k] = {"elements": len(figs), "known": sum(1 for f in figs if f.percent is not None),
                          "green": sum(1 for f in figs if f.colour == "green"),
                          "yellow": sum(1 for f in figs if f.colour == "yellow"),
                          "red": sum(1 for f in figs if f.colour == "red")}
        return {"as_of": _iso(self.as_of), "year": self.year, "rule": {"green_above": self.config.status_green_min,
                                                    "yellow_above": self.config.status_yellow_min},
                "summary": summary, "figures": [f.as_dict() for f in rows]}

    def rule_text(self) -> str:
        """The colour rule in words (the model's own, else the configuration's)."""
        ranked = sorted((r for r in self.rules if r.min_completion is not None), key=lambda r: -r.min_completion)
        if ranked:
            return ", ".join(f"{getattr(r.id, 'value', r.id)} from {r.min_completion:g} %" for r in ranked)
        return (f"green > {self.config.status_green_min:g} %, yellow > {self.config.status_yellow_min:g} %, "
                "red otherwise")


def _natural(s: str) -> tuple[Any, ...]:
    """Sort ``goal/2024/10`` after ``goal/2024/9``."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", s))
