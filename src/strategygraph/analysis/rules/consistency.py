"""Consistency rules: statements in the sources that do not agree with each other."""

from __future__ import annotations

import re
from typing import Iterator

from strategygraph.core.model import link_ids
from strategygraph.core.time import end_of, start_of
from strategygraph.analysis.rules.engine import REGISTRY, Context, Finding, rule


def norm_text(text: str) -> str:
    """Text compared for identity: lower case, punctuation and dashes unified, spaces collapsed."""
    t = text.lower().replace("–", "-").replace("—", "-")
    t = re.sub(r"[\"'”“’.,;:()]", " ", t)
    t = re.sub(r"\s*-\s*", "-", t)
    return re.sub(r"\s+", " ", t).strip()


@rule("C501", "consistency.cited-milestone-not-in-roadmap", "consistency", "warning")
def cited_milestone_not_in_roadmap(ctx: Context) -> Iterator[Finding]:
    """A goal citing a milestone text that is not in the roadmap.

    What it finds
    -------------
    Texts in a goal's ``cited_milestones`` that match no milestone's label
    (Finnish, or its English or Swedish translation) or recorded variant
    (compared ignoring case, punctuation, spacing and dash style); one finding
    per unmatched citation.

    Why it matters
    --------------
    The goal claims to serve a roadmap milestone that the roadmap does not
    contain: either the roadmap changed or the goal was written against another
    version, and the line of sight is broken.

    How to fix
    ----------
    Correct the citation, or add the wording as a ``variant`` of the milestone it means.

    Example
    -------
    A goal citing "Monialaiset palvelupolut ja yhteinen asiakashallinta käytössä"
    when the roadmap says "… yhteinen asiakashallinnan työkalu käytössä koko alueella".
    """
    r = REGISTRY["C501"]
    known: set[str] = set()
    for ms in ctx.model.of_kind("Milestone"):
        for _, text in ms.label.items():
            known.add(norm_text(text))
        for v in ms.variants:
            known.add(norm_text(v.text))
    for g in ctx.model.of_kind("Goal"):
        for text in g.cited_milestones:
            if norm_text(text) not in known:
                yield r.finding(ctx, [g.id], f"Goal {ctx.name(g.id)} cites a milestone not in the roadmap: "
                                f"“{text}”", cited=text, serves=link_ids(g.serves))


@rule("C502", "consistency.kpi-not-in-catalogue", "consistency", "warning")
def kpi_not_in_catalogue(ctx: Context) -> Iterator[Finding]:
    """A KPI used by a goal or key result that the KPI catalogue (matrix) does not list.

    What it finds
    -------------
    KPIs linked from a goal or key result that measure no theme, i.e. do not
    appear in any cell of the theme × perspective KPI matrix.

    Why it matters
    --------------
    Goals should be followed with the strategy's own indicators; a new name
    may be the same indicator worded differently (then the matrix needs a
    variant) or a new indicator the matrix lacks.

    How to fix
    ----------
    Use the catalogue KPI, or add the new KPI to the matrix with its theme and perspective.

    Example
    -------
    A 2024 goal measured with "Hoitoonpääsy" while the matrix has "Hoitoonpääsyn (mediaani)".
    """
    r = REGISTRY["C502"]
    rows = ctx.sparql("""
        SELECT DISTINCT ?k ?user WHERE {
          ?user sg:measuredBy ?k . ?k a sg:KPI .
          MINUS { ?k sg:measures ?t } } ORDER BY ?k ?user""")
    users: dict[str, list[str]] = {}
    for row in rows:
        users.setdefault(row["k"], []).append(row["user"])
    for k, us in users.items():
        yield r.finding(ctx, [k, *us], f"KPI {ctx.name(k)} is used by {len(us)} goal(s)/key result(s) but is not "
                        "in the KPI matrix", used_by=us)


@rule("C503", "consistency.status-vs-tasks", "consistency", "warning")
def status_vs_tasks(ctx: Context) -> Iterator[Finding]:
    """A goal whose reported status contradicts its tasks' completion.

    What it finds
    -------------
    Goals with a status and tasks with completion percentages, where the
    status does not match the colour the mean completion implies under the
    report's own rules (green > ``status_green_min`` %, yellow >
    ``status_yellow_min`` %, red at or below it: a mean of exactly 90 is
    yellow and exactly 50 is red). Tasks without a completion are left out of
    the mean; goals without a status or reported ``not-reported`` are skipped.

    Why it matters
    --------------
    A green goal with half-done tasks (or a red one with finished tasks) means
    either the status or the task reporting is wrong; the council is steering
    on the status.

    How to fix
    ----------
    Check the report with the goal's owner and correct the status or the task figures.

    Example
    -------
    Goal reported green while its two main tasks are 50 % and 90 % done (mean 70 %).
    """
    r = REGISTRY["C503"]
    cfg = ctx.config
    tasks: dict[str, list[float]] = {}
    for t in ctx.model.of_kind("Task"):
        if t.completion is not None:
            tasks.setdefault(t.goal.ref, []).append(t.completion)
    for g in ctx.model.of_kind("Goal"):
        if g.status is None or g.status.value == "not-reported" or g.id not in tasks:
            continue
        values = tasks[g.id]
        mean = sum(values) / len(values)
        expected = "green" if mean > cfg.status_green_min else "yellow" if mean > cfg.status_yellow_min else "red"
        if expected != g.status.value:
            yield r.finding(ctx, [g.id], f"Goal {ctx.name(g.id)} is reported {g.status.value}, but its tasks are "
                            f"{mean:.0f} % complete on average (that is {expected})", status=g.status.value,
                            expected=expected, mean_completion=round(mean, 1), completions=values)


@rule("C504", "consistency.project-dates", "consistency", "error")
def project_dates(ctx: Context) -> Iterator[Finding]:
    """A project that ends before it starts.

    What it finds
    -------------
    Projects whose ``end`` lies before their ``start``.

    Why it matters
    --------------
    Every timing analysis (phases, due dates) relies on these dates.

    How to fix
    ----------
    Correct the dates against the portfolio table.

    Example
    -------
    ``start: 2024-Q1``, ``end: 2023-Q4``.
    """
    r = REGISTRY["C504"]
    for p in ctx.model.of_kind("Project"):
        s, e = start_of(p.start), end_of(p.end)
        if s and e and e < s:
            yield r.finding(ctx, [p.id], f"Project {ctx.name(p.id)} ends ({p.end}) before it starts ({p.start})",
                            start=p.start, end=p.end)
