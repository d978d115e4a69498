"""Dependency rules: cycles, timing, reliance on non-carrying projects, single points of failure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from strategygraph.analysis.rules.engine import Context, Finding, Rule, rule
from strategygraph.analysis.rules.findings import LOWER
from strategygraph.core.schema import Phase, Project
from strategygraph.core.time import end_of, start_of, year_span


@rule("D401", "dependency.cycle", "dependency", "error", group=False)
def cycle(ctx: Context, r: Rule) -> Iterator[Finding]:
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

    # only the dependsOn links: building the full graph view would cost far more than the question
    g = nx.DiGraph()
    g.add_edges_from((e.id, site.target) for e, site in ctx.model.links()
                     if site.relation == "dependsOn" and site.target in ctx.model)
    for comp in sorted((sorted(c) for c in nx.strongly_connected_components(g)), key=lambda c: c):
        if len(comp) == 1 and not g.has_edge(comp[0], comp[0]):
            continue
        cyc = nx.find_cycle(g.subgraph(comp), source=comp[0])
        path = [u for u, _ in cyc] + [cyc[0][0]]
        yield r.finding(ctx, comp, ctx.t("D401", path=" → ".join(path)), fix=ctx.t("D401.fix", first=path[0]),
                        affected=comp, cycle=path)


@rule("D402", "dependency.ends-before-due", "dependency", "warning", group=False)
def ends_before_due(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A project that ends before the work it carries is due.

    What it finds
    -------------
    One finding per project listing the work it ends before: actions it
    implements due (end of the due period) after the project's end; milestones
    it reaches whose roadmap phase begins after the project's end; and
    milestones it is the *only* carrier of whose phase ends after the
    project's end (an open-ended phase such as ``2025+`` counts only by its
    start). A project to be merged (disposition ``merge``) is measured by the
    latest end among itself and the projects it merges into: the work goes on
    there. For a project that does not carry work (D403) the finding is
    nested under that root cause.

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
    m = ctx.model
    an = ctx.analysis
    ends: dict[str, date] = {}
    for p in m.of_kind("Project"):
        e = end_of(p.end)
        if e is None:
            continue
        for t in an.merge_into.get(p.id, []):
            te = end_of(getattr(m.get(t), "end", None)) if m.get(t) is not None else None
            e = max(e, te) if te is not None else e
        ends[p.id] = e
    late: dict[str, dict[str, str]] = defaultdict(dict)  # project -> item -> due text
    for a in m.of_kind("Action"):
        due = end_of(a.due)
        if due is None:
            continue
        for p in sorted(an.projects_of(a.id)):
            if p in ends and ends[p] < due and p in _direct_projects(a):
                late[p][a.id] = str(a.due)
    for ms in m.of_kind("Milestone"):
        phase = m.get_as(ms.phase.ref, Phase)
        if phase is None or phase.start_year is None:  # a relative phase has no calendar years
            continue
        pstart, pend = year_span(phase.start_year, phase.end_year)
        carriers = an.carriers_of(ms.id)
        for p in sorted(an.projects_of(ms.id)):
            if p not in ends:
                continue
            if ends[p] < pstart or (phase.end_year and carriers == {p} and ends[p] < pend):
                late[p][ms.id] = f"{phase.start_year}/{phase.end_year}" if phase.end_year else str(phase.start_year)
    for p, items in sorted(late.items()):
        proj = m.get_as(p, Project)
        assert proj is not None  # late holds projects only
        ids = sorted(items)
        latest = max(items.values(), key=lambda t: end_of(t) or date.min)
        yield r.finding(ctx, [p, *ids], ctx.t("D402", name=ctx.name(p), end=proj.end, n=len(ids),
                                              items=ctx.names(ids, 3), due=latest),
                        fix=ctx.t("D402.fix", name=ctx.name(p), due=latest), affected=[p, *ids],
                        causes=[("D403", p), ("D405", p)],  # a project that does not carry: its root says so
                        when=min(items.values(), key=lambda t: start_of(t) or date.max), project_end=proj.end,
                        items=items,
                        merge_into=an.merge_into.get(p, []))


def _direct_projects(action: object) -> set[str]:
    return {i.project for i in getattr(action, "implementation", []) if i.project}


@rule("D403", "dependency.rests-on-non-carrying", "dependency", "warning", group=False)
def rests_on_non_carrying(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Strategy elements resting on a proposed, unconfirmed, ended or discontinued project.

    What it finds
    -------------
    For each project whose stated status does not carry work (see
    ``carrying_statuses``; where the sources state no status, whether the
    project carries is unknown, and it is left out), the actions, milestones, goals and capabilities it
    reaches: those it is named for, plus the milestones its actions contribute
    to and the goals serving its milestones. Elements are listed even when
    another, carrying project reaches them too. A project to be merged into a
    carrying project is left out: the merge decision gives its work a carrier
    (D405 reports a decision that leaves work without one).

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

    Options
    -------
    - ``carrying_statuses``: the project statuses that carry work (default ``["active"]``).
    """
    m = ctx.model
    an = ctx.analysis
    for p in m.of_kind("Project"):
        if p.status is None or an.status[p.id] in an.carrying_statuses:
            # carrying by status (a shell or discontinue decision is D405's); where the sources state no
            # status at all, whether the project carries is unknown, not "does not carry"
            continue
        targets = an.merge_into.get(p.id, [])
        if targets and any(t in an.carrying for t in targets):
            continue  # to be merged into a carrying project: the work has a home once decided
        work = an.work_of(p.id)
        elements = [e for k in ("Action", "Milestone", "Goal", "Capability") for e in work.get(k, [])]
        if not elements:
            continue
        # elements nothing else carries: no carrying project, and no line unit (a division, an operation)
        sole = [e for e in elements if not an.carriers_of(e) and not an.line_carriers.get(e)
                and not ctx.past_due(e)]  # work due before the analysis date is history
        state = ctx.project_state(p.id, with_id=False)
        key = "D403" if sole else "D403.covered"  # everything has another carrier: tidying, not a risk
        f = r.finding(ctx, [p.id, *elements], ctx.t(key, n=len(elements), name=ctx.name(p.id),
                                                state=state, sole=len(sole)),
                        fix=ctx.t("D403.fix" if sole else "D403.covered.fix", name=ctx.name(p.id), sole=len(sole)),
                        affected=[p.id, *elements], status=p.status.value,
                        disposition=p.disposition.value if p.disposition else None, uncarried_without_it=sole,
                        elements={k: work[k] for k in ("Action", "Milestone", "Goal", "Capability") if k in work})
        if not sole:
            f.severity = LOWER[f.severity]
        yield f


@rule("D405", "dependency.decision-leaves-uncarried", "dependency", "warning", group=False)
def decision_leaves_uncarried(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Work that a project's proposed disposition leaves without a carrier.

    What it finds
    -------------
    Projects whose proposed disposition is ``shell`` (it only reports on work
    done elsewhere), ``discontinue``, or ``merge`` into no carrying project,
    with the actions, milestones, goals and capabilities that no other
    carrying project (and no line unit) carries and that are still ahead at
    the analysis date (an action due, or a milestone whose phase ends, before
    it is history: the decision can no longer give it a carrier).

    Why it matters
    --------------
    A decision about a project is also a decision about its work: if the
    shell project does not do the work itself, or the project stops, someone
    else must be named for it, or the work silently stops.

    How to fix
    ----------
    Name the project or unit that takes over each listed element, or revisit the proposal.

    Example
    -------
    A shell project named as the only implementer of an action.

    Options
    -------
    - ``carrying_statuses``: which statuses count for the other carriers.
    """
    m = ctx.model
    an = ctx.analysis
    for p in m.of_kind("Project"):
        disp = an.disposition.get(p.id)
        targets = an.merge_into.get(p.id, [])
        if disp not in ("shell", "discontinue") and not (disp == "merge" and not any(t in an.carrying
                                                                                    for t in targets)):
            continue
        if disp == "merge" and an.status[p.id] not in an.carrying_statuses:
            continue  # D403 reports a non-carrying project's work
        work = an.direct.get(p.id, {})
        left = sorted(e for e in work if not (an.carriers_of(e) - {p.id}) and not an.line_carriers.get(e)
                      and not ctx.past_due(e))
        if not left:
            continue
        yield r.finding(ctx, [p.id, *left], ctx.t("D405", name=ctx.name(p.id), decision=ctx.status(disp or ""),
                                                  n=len(left), items=ctx.names(left, 3)),
                        fix=ctx.t("D405.fix", name=ctx.name(p.id), items=ctx.names(left, 3)),
                        affected=[p.id, *left], disposition=disp, merge_into=targets, uncarried=left)


@rule("D404", "dependency.single-point-of-failure", "dependency", "warning", group=False)
def single_point_of_failure(ctx: Context, r: Rule) -> Iterator[Finding]:
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

    Options
    -------
    - ``spof_min_share``: the share of a theme's work a sole carrier must hold to be reported (0.25).
    """
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
        yield r.finding(ctx, [p, t], ctx.t("D404", name=ctx.name(p), n=len(items), total=total, theme=ctx.name(t),
                                           share=f"{share:.0%}"),
                        fix=ctx.t("D404.fix", name=ctx.name(p), theme=ctx.name(t)), affected=[p, *items], rank=rank,
                        # the project ending before its work is due is the concrete risk of depending on it
                        causes=[("D402", p)],
                        share=round(share, 3), sole_carrier_of=items)

