"""Progress rules: where the reported progress and the facts under it disagree, or the facts are missing or old.

The rules read the same facts as :mod:`strategygraph.analysis.progress` (task completions, key-result and
KPI measurements, reported statuses, each with its date) at the context's analysis date (``--as-of``):
a fact dated after it is not yet known. A fact's date is its own (``completion_as_of``, ``status_as_of``,
a measurement's ``date``, a quarter's end) or else the date of the source document it comes from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from strategygraph.analysis.rules.engine import Context, Finding, Rule, rule
from strategygraph.core.model import Model
from strategygraph.core.time import end_of

#: a quarter as written in a key result's quarterly values (``2025-Q2``) or a year
_QUARTER = re.compile(r"^\d{4}(-Q[1-4])?$")


class _Dates:
    """The date of a fact: its own, else its source document's (``None`` when neither is known)."""

    def __init__(self, model: Model) -> None:
        self.sources = {s.id: end_of(s.date) for s in model.of_kind("Source") if getattr(s, "date", None)}

    def of(self, obj: Any, own: str | None = None) -> date | None:
        if own:
            d = end_of(own)
            if d is not None:
                return d
        src = getattr(obj, "source", None)
        return self.sources.get(src.doc) if src is not None else None


def _known(d: date | None, as_of: date) -> bool:
    """A fact is known at ``as_of`` unless it is dated later (an undated fact counts as known)."""
    return d is None or d <= as_of


def _status(obj: Any) -> str | None:
    s = getattr(obj, "status", None)
    return str(getattr(s, "value", s)) if s is not None else None


def _top_colour(ctx: Context) -> str:
    """The organization's best colour (the one with the highest ``min_completion``; ``green`` by default)."""
    rules = [r for r in getattr(ctx.model, "progress_colours", []) or [] if r.min_completion is not None]
    if rules:
        best = max(rules, key=lambda r: r.min_completion)
        return str(getattr(best.id, "value", best.id))
    return "green"


def _task_on_track(ctx: Context, t: Any, dates: _Dates) -> bool | None:
    """Whether a task is on track at the analysis date: its completion earns the best colour (``None``: unknown).

    Without a known completion the task's own reported status decides (green: on track; yellow or red: not).
    """
    from strategygraph.analysis.progress import colour_of

    if t.completion is not None and _known(dates.of(t, getattr(t, "completion_as_of", None)), ctx.as_of):
        return colour_of(float(t.completion), ctx.config, getattr(ctx.model, "progress_colours", [])) == \
            _top_colour(ctx)
    status = _status(t)
    if status in ("yellow", "red") and _known(dates.of(t, getattr(t, "status_as_of", None)), ctx.as_of):
        return False
    if status == "green" and _known(dates.of(t, getattr(t, "status_as_of", None)), ctx.as_of):
        return True
    return None


@rule("C506", "consistency.on-track-but-unfinished", "consistency", "warning")
def on_track_but_unfinished(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A goal reported on track whose tasks are mostly not.

    What it finds
    -------------
    Goals whose reported status is the organization's best colour (green; the
    colour with the highest ``min_completion`` in the model's
    ``progress_colours``) while more than half of their tasks with a known
    state are not on track: a completion that earns a lower colour by the same
    rule (at or below ``status_green_min`` % without the model's own rule), or,
    without a completion, a reported yellow or red status. Facts dated after the
    analysis date are not yet known. When the goal's status also contradicts
    its tasks' mean completion (C503), this finding is nested under that one.

    Why it matters
    --------------
    The council steers on the goal's colour. A goal reported on track while
    most of its tasks are behind hides the work that needs a decision.

    How to fix
    ----------
    Check the goal's report with its owner: correct the goal's status, or the
    tasks' completions and statuses.

    Example
    -------
    Goal reported green; of its three tasks two are at 40 % and 60 %.

    Options
    -------
    - ``status_green_min``: a completion above this earns green when the model states no colour rule (90).
    """
    dates = _Dates(ctx.model)
    best = _top_colour(ctx)
    tasks: dict[str, list[Any]] = {}
    for t in ctx.model.of_kind("Task"):
        tasks.setdefault(t.goal.ref, []).append(t)
    for g in ctx.model.of_kind("Goal"):
        if _status(g) != best or g.id not in tasks:
            continue
        if not _known(dates.of(g, getattr(g, "status_as_of", None)), ctx.as_of):
            continue
        state = {t.id: _task_on_track(ctx, t, dates) for t in tasks[g.id]}
        known = [tid for tid, ok in state.items() if ok is not None]
        behind = [tid for tid, ok in state.items() if ok is False]
        if not known or len(behind) * 2 <= len(known):
            continue
        yield r.finding(ctx, [g.id], ctx.t("C506", name=ctx.name(g.id), status=ctx.status(best), n=len(behind),
                                           known=len(known), tasks=ctx.names(behind, 3)),
                        fix=ctx.t("C506.fix", name=ctx.name(g.id)), affected=[g.id, *behind],
                        causes=[("C503", g.id)], status=best, behind=behind, known=known)


def _kr_value_known(kr: Any, dates: _Dates, as_of: date) -> bool:
    """Whether a key result has any measured value (measurement or quarterly value) known at ``as_of``."""
    for ms in getattr(kr, "measurements", []):
        if (ms.value or ms.number is not None) and _known(dates.of(ms, getattr(ms, "date", None)), as_of):
            return True
    for q in kr.quarterly:
        own = q.quarter if _QUARTER.match(q.quarter or "") else None
        if (q.value or "").strip() and _known(dates.of(q, own), as_of):
            return True
    return False


@rule("C507", "consistency.past-due-without-value", "consistency", "warning")
def past_due_without_value(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Key results and KPI targets whose due date has passed without a measured value.

    What it finds
    -------------
    Per goal, its key results whose ``due`` (else the goal's ``due``) lies
    before the analysis date while no measured value (a measurement or a
    quarterly value) is known by then; and KPIs with a target whose ``due``
    has passed while the KPI has no measurement known by the analysis date.
    One finding per goal lists all its key results concerned.

    Why it matters
    --------------
    A target whose date has passed without a value cannot be judged met or
    missed: the year-end report has a hole exactly where the council expects
    an answer.

    How to fix
    ----------
    Record the measured value with its date (``measurements`` or
    ``quarterly``), or, if the measure was dropped, say so in a note and
    remove its due date.

    Example
    -------
    A key result due 2024-12 with a baseline and a target but no reported value in the 2025-03 report.
    """
    dates = _Dates(ctx.model)
    goals = {g.id: g for g in ctx.model.of_kind("Goal")}
    late: dict[str, list[tuple[str, date]]] = {}
    for kr in ctx.model.of_kind("KeyResult"):
        goal = goals.get(kr.goal.ref)
        due = end_of(kr.due) if kr.due else end_of(getattr(goal, "due", None))
        if due is None or due >= ctx.as_of or _kr_value_known(kr, dates, ctx.as_of):
            continue
        late.setdefault(kr.goal.ref, []).append((kr.id, due))
    for gid, items in sorted(late.items()):
        ids = [k for k, _ in items]
        newest = max(d for _, d in items)
        yield r.finding(ctx, [gid, *ids], ctx.t("C507.kr", name=ctx.name(gid), n=len(ids), due=newest.isoformat(),
                                                 items=ctx.names(ids, 3)),
                        fix=ctx.t("C507.fix", name=ctx.names(ids, 3)), affected=ids, when=newest.isoformat(),
                        key_results=ids, due=newest.isoformat())
    for k in ctx.model.of_kind("KPI"):
        dues = [d for d in (end_of(t.due) for t in k.targets if t.due) if d is not None and d < ctx.as_of]
        if not dues:
            continue
        if any(_known(dates.of(ms, getattr(ms, "date", None)), ctx.as_of) for ms in k.measurements):
            continue
        due = max(dues)
        yield r.finding(ctx, [k.id], ctx.t("C507.kpi", name=ctx.name(k.id), due=due.isoformat()),
                        fix=ctx.t("C507.fix", name=ctx.name(k.id)), when=due.isoformat(), due=due.isoformat())


def _goal_open(g: Any, as_of: date) -> bool:
    """Whether a goal is still being worked on at ``as_of``: its year and its due date have not passed."""
    if g.year is not None and g.year < as_of.year:
        return False
    due = end_of(getattr(g, "due", None))
    return due is None or due >= as_of


def _progress_facts(g: Any, tasks: list[Any], krs: list[Any], dates: _Dates) -> list[tuple[date, str]]:
    """Every dated progress fact of a goal: (date, the id it is about)."""
    out: list[tuple[date, str]] = []

    def add(d: date | None, eid: str) -> None:
        if d is not None:
            out.append((d, eid))

    if g.status is not None:
        add(dates.of(g, getattr(g, "status_as_of", None)), g.id)
    for sf in g.status_facts:
        add(dates.of(sf, sf.date), g.id)
    for ms in getattr(g, "measurements", []):
        add(dates.of(ms, getattr(ms, "date", None)), g.id)
    for t in tasks:
        if t.completion is not None:
            add(dates.of(t, getattr(t, "completion_as_of", None)), t.id)
        if t.status is not None:
            add(dates.of(t, getattr(t, "status_as_of", None)), t.id)
    for kr in krs:
        if kr.status is not None:
            add(dates.of(kr, getattr(kr, "status_as_of", None)), kr.id)
        for ms in getattr(kr, "measurements", []):
            add(dates.of(ms, getattr(ms, "date", None)), kr.id)
        for q in kr.quarterly:
            if (q.value or "").strip():
                add(dates.of(q, q.quarter if _QUARTER.match(q.quarter or "") else None), kr.id)
    return out


@rule("C508", "consistency.stale-progress", "consistency", "info")
def stale_progress(ctx: Context, r: Rule) -> Iterator[Finding]:
    """An open goal whose newest progress fact is older than a set age at the analysis date.

    What it finds
    -------------
    Goals still open at the analysis date (their year and ``due`` have not
    passed) that have progress facts – a reported status, a dated status
    statement, a task completion or status, a key-result value or status, a
    measurement – but whose newest one known by the analysis date is more than
    ``stale_after_days`` older than it. Goals without any progress fact are not
    reported here (the progress roll-up shows them as unknown).

    Why it matters
    --------------
    A colour from long ago is read as today's: the council steers on a status
    that may no longer hold.

    How to fix
    ----------
    Ask the goal's owner for its current status and record it with its date
    (``status_as_of``, ``completion_as_of``, a dated measurement).

    Example
    -------
    A 2025 goal whose only status statement is from January 2024, read on 2025-06-30.

    Options
    -------
    - ``stale_after_days``: how old (in days) the newest progress fact may be before it is stale (365).
    """
    dates = _Dates(ctx.model)
    limit = ctx.config.stale_after_days
    tasks: dict[str, list[Any]] = {}
    krs: dict[str, list[Any]] = {}
    for t in ctx.model.of_kind("Task"):
        tasks.setdefault(t.goal.ref, []).append(t)
    for kr in ctx.model.of_kind("KeyResult"):
        krs.setdefault(kr.goal.ref, []).append(kr)
    for g in ctx.model.of_kind("Goal"):
        if not _goal_open(g, ctx.as_of):
            continue
        facts = [(d, e) for d, e in _progress_facts(g, tasks.get(g.id, []), krs.get(g.id, []), dates)
                 if d <= ctx.as_of]
        if not facts:
            continue
        newest = max(d for d, _ in facts)
        age = (ctx.as_of - newest).days
        if age <= limit:
            continue
        about = sorted({e for _, e in facts} - {g.id})
        yield r.finding(ctx, [g.id], ctx.t("C508", name=ctx.name(g.id), date=newest.isoformat(),
                                           as_of=ctx.as_of.isoformat(), months=age // 30),
                        fix=ctx.t("C508.fix", name=ctx.name(g.id)), affected=[g.id, *about],
                        newest_fact=newest.isoformat(), age_days=age, as_of=ctx.as_of.isoformat())
