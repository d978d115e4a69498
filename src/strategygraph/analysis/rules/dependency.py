"""Dependency rules: cycles, timing, reliance on non-carrying projects, single points of failure."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from strategygraph.core.time import end_of, year_span
from strategygraph.analysis.rules.engine import REGISTRY, Context, Finding, rule


@rule("D401", "dependency.cycle", "dependency", "error")
def cycle(ctx: Context) -> Iterator[Finding]:
    """A cycle of dependencies.

    What it finds
    -------------
    Groups of projects, sub-themes, actions and capabilities that depend on
    each other in a circle (strongly connected components of the ``dependsOn``
    graph, one cycle shown as evidence).

    Why it matters
    --------------
    In a cycle nothing can start first: each element waits on another in the same loop.

    How to fix
    ----------
    Break the cycle: decide which element goes first, or merge them.

    Example
    -------
    Project A depends on B, and B on A.
    """
    import networkx as nx

    r = REGISTRY["D401"]
    # only the dependsOn links: building the full graph view would cost far more than the question
    g = nx.DiGraph()
    g.add_edges_from((e.id, site.target) for e, site in ctx.model.links()
                     if site.relation == "dependsOn" and site.target in ctx.model)
    for comp in sorted((sorted(c) for c in nx.strongly_connected_components(g)), key=lambda c: c):
        if len(comp) == 1 and not g.has_edge(comp[0], comp[0]):
            continue
        cyc = nx.find_cycle(g.subgraph(comp), source=comp[0])
        path = [u for u, _ in cyc] + [cyc[0][0]]
        yield r.finding(ctx, comp, "Dependency cycle: " + " → ".join(path), cycle=path)


@rule("D402", "dependency.ends-before-due", "dependency", "warning")
def ends_before_due(ctx: Context) -> Iterator[Finding]:
    """A project that ends before the work it carries is due.

    What it finds
    -------------
    A project whose end lies before the due date of an action it implements
    (the end of the due period), or before the start of the roadmap phase of a
    milestone it reaches.

    Why it matters
    --------------
    When the project closes, its team and budget go; the work it was supposed
    to deliver later is left without a vehicle.

    How to fix
    ----------
    Extend the project, hand the work over to a successor explicitly, or move the due date.

    Example
    -------
    ``tulevaisuuden-sote-keskus`` (ends Q4/2023) implements an action due in 2024–2025.
    """
    r = REGISTRY["D402"]
    m = ctx.model
    an = ctx.analysis
    ends = {p.id: end_of(p.end) for p in m.of_kind("Project")}
    for a in m.of_kind("Action"):
        due = end_of(a.due)
        if due is None:
            continue
        for p in sorted(an.projects_of(a.id)):
            end = ends.get(p)
            if end is not None and end < due:
                yield r.finding(ctx, [p, a.id], f"Project {ctx.name(p)} ends {m.get(p).end} but carries action "
                                f"{ctx.name(a.id)} due {a.due}", project_end=m.get(p).end, due=a.due)
    for ms in m.of_kind("Milestone"):
        phase = m.get(ms.phase.ref)
        if phase is None or phase.start_year is None:  # a relative phase has no calendar years
            continue
        pstart = year_span(phase.start_year, phase.end_year)[0]
        for p in sorted(an.projects_of(ms.id)):
            end = ends.get(p)
            if end is not None and end < pstart:
                yield r.finding(ctx, [p, ms.id], f"Project {ctx.name(p)} ends {m.get(p).end}, before phase "
                                f"{phase.period_text} of milestone {ctx.name(ms.id)} begins",
                                project_end=m.get(p).end, phase=phase.id, phase_period=phase.period_text)


@rule("D403", "dependency.rests-on-non-carrying", "dependency", "warning")
def rests_on_non_carrying(ctx: Context) -> Iterator[Finding]:
    """Strategy elements resting on a proposed, unconfirmed, ended or discontinued project.

    What it finds
    -------------
    For each project whose status does not carry work (see
    ``carrying_statuses``) or whose proposed disposition is to discontinue it,
    the actions, milestones, goals and capabilities it reaches: those it is
    named for, plus the milestones its actions contribute to and the goals
    serving its milestones. Elements are listed even when another, carrying
    project reaches them too.

    Why it matters
    --------------
    The roadmap counts on work from a project that is not confirmed or is
    going away; each of these elements needs a new home or a decision.

    How to fix
    ----------
    Confirm the project, or move each element to a carrying project.

    Example
    -------
    ``johtamisen-tiekartta`` ("Suunnitteilla, aikataulu vahvistamatta") implements most
    actions of the ``luottamus`` theme.
    """
    r = REGISTRY["D403"]
    m = ctx.model
    an = ctx.analysis
    for p in m.of_kind("Project"):
        discontinue = p.disposition is not None and p.disposition.value == "discontinue"
        if p.id in an.carrying and not discontinue:
            continue
        work = an.work_of(p.id)
        elements = [e for k in ("Action", "Milestone", "Goal", "Capability") for e in work.get(k, [])]
        if not elements:
            continue
        why = f"status {p.status.value}" + (", proposed to be discontinued" if discontinue else "")
        yield r.finding(ctx, [p.id, *elements], f"{len(elements)} element(s) rest on project {ctx.name(p.id)} "
                        f"({why})", status=p.status.value,
                        disposition=p.disposition.value if p.disposition else None,
                        elements={k: work[k] for k in ("Action", "Milestone", "Goal", "Capability") if k in work})


@rule("D404", "dependency.single-point-of-failure", "dependency", "warning")
def single_point_of_failure(ctx: Context) -> Iterator[Finding]:
    """A project whose loss would leave much of a theme uncarried.

    What it finds
    -------------
    Carrying projects that are the *only* carrier of at least ``spof_min_share``
    of a theme's actions and milestones, ranked by that share.

    Why it matters
    --------------
    If that project slips, is cut or is merged away, the theme loses its
    delivery; these are the projects to protect and to watch.

    How to fix
    ----------
    Add a second carrier or a fallback plan for the critical work; see
    ``strategygraph impact PROJECT`` for the full list.

    Example
    -------
    ``digiohjelma`` is the only carrier of most actions of theme ``ennakointi``.
    """
    r = REGISTRY["D404"]
    m = ctx.model
    an = ctx.analysis
    theme_of_st = {st.id: st.theme.ref for st in m.of_kind("SubTheme")}
    elements_of_theme: dict[str, list[str]] = defaultdict(list)
    for a in m.of_kind("Action"):
        t = theme_of_st.get(a.subtheme.ref)
        if t:
            elements_of_theme[t].append(a.id)
    for ms in m.of_kind("Milestone"):
        elements_of_theme[ms.theme.ref].append(ms.id)
    results = []
    for t, elements in elements_of_theme.items():
        sole: dict[str, list[str]] = defaultdict(list)
        for e in elements:
            c = an.carriers_of(e)
            if len(c) == 1:
                sole[next(iter(c))].append(e)
        for p, items in sole.items():
            share = len(items) / len(elements)
            if share + 1e-12 >= ctx.config.spof_min_share:
                results.append((share, p, t, sorted(items), len(elements)))
    results.sort(key=lambda x: (-x[0], x[1], x[2]))
    for rank, (share, p, t, items, total) in enumerate(results, 1):
        yield r.finding(ctx, [p, t], f"Project {ctx.name(p)} is the only carrier of {len(items)} of {total} "
                        f"actions and milestones of theme {ctx.name(t)} ({share:.0%})", rank=rank,
                        share=round(share, 3), sole_carrier_of=items)

