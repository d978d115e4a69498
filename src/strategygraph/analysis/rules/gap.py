"""Gap rules: strategy that no carrying project reaches, and strategy without line of sight."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date

from strategygraph.analysis.rules.engine import Context, Finding, Rule, rule
from strategygraph.core.model import link_ids
from strategygraph.core.schema import KPI, Action, Goal, KeyResult, Phase, Project, SubTheme
from strategygraph.core.time import overlaps, span, year_span

PERSPECTIVE_FI = {
    "customer-experience": "Asiakaskokemus", "personnel-experience": "Henkilöstökokemus",
    "finance-efficiency": "Talous & tehokkuus", "impact": "Vaikuttavuus",
}


#: kinds whose elements reached only by non-carrying projects are reported by G119, not by the uncarried rule
SPLIT_WITH_G119 = ("Action", "Milestone", "Goal")


FIELD_OF = {"Theme": "steered_under", "SubTheme": "implementation", "Milestone": "delivered_by / milestones",
            "Action": "implementation", "Goal": "carried_by / owner"}


def theme_of(ctx: Context, eid: str) -> str | None:
    """The theme an element belongs to (a sub-theme's, milestone's, goal's, or an action's sub-theme's)."""
    m = ctx.model
    e = m.get(eid)
    if e is None:
        return None
    if e.KIND == "Theme":
        return e.id
    if isinstance(e, Action):
        st = m.get(e.subtheme.ref)
        return st.theme.ref if isinstance(st, SubTheme) else None
    t = getattr(e, "theme", None)
    return str(t.ref) if t is not None else None


def phase_state(period: tuple[date, date], as_of: date) -> str:
    """``past``, ``current`` or ``future``: where a period lies relative to the analysis date."""
    if period[1] < as_of:
        return "past"
    return "current" if period[0] <= as_of else "future"


def named_projects(ctx: Context, eid: str) -> list[str]:
    """Projects whose name appears in the element's wording (all its content stems): likely carriers."""
    from strategygraph.analysis.rules.overlap import stems

    words = {w[:5] for w in stems(ctx.model.label(eid, "fi"))}  # five letters: keskus / keskuksessa
    cache = ctx.__dict__.setdefault("_project_name_stems", {})
    if not cache:
        for p in ctx.model.of_kind("Project"):
            name = frozenset({w[:5] for w in stems(p.label.get("fi"))} - {"hanke", "hankk", "ohjel", "proje"})
            if name:
                cache.setdefault(min(name), []).append((p.id, name))
    return sorted(pid for w in words for pid, name in cache.get(w, ()) if name <= words)


def _uncarried(ctx: Context, r: Rule, kind: str) -> Iterator[Finding]:
    an = ctx.analysis
    for e in ctx.model.of_kind(kind):
        if an.carriers_of(e.id) or ctx.past_due(e.id):
            continue  # carried, or due before the analysis date (history: who will do it is moot)
        others = sorted(an.projects_of(e.id))
        if kind in SPLIT_WITH_G119 and others:
            continue  # reached only by non-carrying projects: G119 reports it
        if an.line_carriers.get(e.id):
            continue  # carried by the line organization (G105 names action carriers): not a gap
        causes: list[tuple[str, str]] = []
        theme = theme_of(ctx, e.id)
        if kind != "Theme" and theme:
            causes.append(("G101", theme))
        causes += [("D405", p) for p in others] + [("D403", p) for p in others]
        if kind == "Goal":
            for ms in link_ids(e.serves):
                causes += [("G103", ms), ("G119", ms)]
        msg = ctx.t("uncarried", kind=ctx.kind(kind), name=ctx.name(e.id))
        if others:
            states = ", ".join(ctx.project_state(p) for p in others)
            msg += ctx.t("only_by", projects=states)
            fix = ctx.t("fix.decide_or_move", projects=states, name=ctx.name(e.id))
        else:
            fix = ctx.t("fix.link_carrier", name=ctx.name(e.id), field=FIELD_OF.get(kind, ""))
            named = named_projects(ctx, e.id)
            if named:
                fix += ctx.t("fix.named_project", projects=", ".join(named))
        yield r.finding(ctx, [e.id], msg, fix=fix, causes=causes,
                        reached_by_non_carrying={p: an.status[p] for p in others if p in an.status},
                        carrying_statuses=list(ctx.config.carrying_statuses))


@rule("G101", "gap.uncarried-theme", "gap", "error", group=False)
def uncarried_theme(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A strategic theme that no carrying project reaches.

    What it finds
    -------------
    Themes where no project with a carrying status (default: ``active``)
    implements an action of the theme's sub-themes, delivers one of its
    milestones, carries one of its goals, or is steered under the theme.

    Why it matters
    --------------
    A theme nobody carries is strategy on paper only: the slide promises it,
    but no funded work will make it happen.

    How to fix
    ----------
    Link the theme's actions or milestones to the project that carries them,
    start (or confirm) a project for the theme, or accept the finding with the
    reason the theme is carried elsewhere.

    Example
    -------
    Theme ``luottamus`` whose actions are all implemented by
    ``johtamisen-tiekartta`` (status ``planned``) is uncarried.

    Options
    -------
    - ``carrying_statuses``: the project statuses that carry work (default ``["active"]``).
    """
    return _uncarried(ctx, r, "Theme")


@rule("G102", "gap.uncarried-subtheme", "gap", "warning")
def uncarried_subtheme(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A sub-theme none of whose actions a carrying project implements.

    What it finds
    -------------
    Sub-themes where no action is implemented by a project with a carrying status.

    Why it matters
    --------------
    Sub-themes are where responsibilities are set; one without a carrying
    project depends entirely on day-to-day operations or on plans not yet
    confirmed.

    How to fix
    ----------
    Assign the actions to a carrying project, or confirm the project that is planned for them.

    Example
    -------
    A sub-theme whose three actions are implemented only "osana jatkuvaa toimintaa".

    Options
    -------
    - ``carrying_statuses``: the project statuses that carry work.
    """
    return _uncarried(ctx, r, "SubTheme")


@rule("G103", "gap.uncarried-milestone", "gap", "warning")
def uncarried_milestone(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A roadmap milestone that no carrying project reaches.

    What it finds
    -------------
    Milestones that no project at all delivers, contributes to through an
    action, or carries a goal serving them. (A milestone reached only by
    non-carrying projects – proposed, planned, … – is reported by G119.)

    Why it matters
    --------------
    The roadmap promises the milestone for a phase; without a carrier the
    phase will end without it.

    How to fix
    ----------
    Record which project delivers the milestone (``delivered_by``) or which
    actions contribute to it (``milestones`` on the action), or plan the work.

    Example
    -------
    ``milestone/ennakointi/3.1`` (automatic detection of deviations) with no
    delivering project.

    Options
    -------
    - ``carrying_statuses``: the project statuses that carry work.
    """
    return _uncarried(ctx, r, "Milestone")


@rule("G104", "gap.uncarried-action", "gap", "warning")
def uncarried_action(ctx: Context, r: Rule) -> Iterator[Finding]:
    """An action with no implementer at all.

    What it finds
    -------------
    Actions whose *Toteutus* names no project and no other carrier.

    Why it matters
    --------------
    Nobody has been asked to do the work.

    How to fix
    ----------
    Name the implementing project, or the division or operation that does it.

    Example
    -------
    An action row with an empty *Toteutus* cell.
    """
    return _uncarried(ctx, r, "Action")


@rule("G105", "gap.action-outside-portfolio", "gap", "info", default=False)
def action_outside_portfolio(ctx: Context, r: Rule) -> Iterator[Finding]:
    """An action carried only outside the project portfolio.

    What it finds
    -------------
    Actions implemented only by non-project carriers (continuous operations,
    divisions, result areas, training) and by no project.

    Why it matters
    --------------
    Such work is real but invisible to the PMO: it has no budget line, no
    project owner and no progress reporting. It is reported apart from real gaps.

    How to fix
    ----------
    Nothing, if operations really carry it; otherwise make sure the division's
    own goals include it. The rule is off by default (such work is carried,
    not a gap: the other gap rules name its carrier); ``--select G105`` runs it.

    Example
    -------
    ``ennakointi/ennaltaehkaisemme-asiakastarpeita/1`` (Varautuminen), "Osana jatkuvaa toimintaa".
    """
    an = ctx.analysis
    for a in ctx.model.of_kind("Action"):
        if a.id in an.other_carriers and not an.projects_of(a.id):
            names = [ctx.status(c) if c in an.other_carriers[a.id] else ctx.name(c) for c in an.line_carriers[a.id]]
            yield r.finding(ctx, [a.id], ctx.t("G105", name=ctx.name(a.id), carriers=", ".join(names)),
                            fix=ctx.t("G105.fix", carriers=", ".join(names)), carriers=an.line_carriers[a.id])


@rule("G106", "gap.uncarried-goal", "gap", "info")
def uncarried_goal(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A goal that no carrying project reaches.

    What it finds
    -------------
    Goals that no project at all carries, directly (``carried_by``) or
    through a milestone the goal serves. (A goal reached only by non-carrying
    projects is reported by G119.) Silent where no goal is tied to its
    carriers at all (no ``carried_by``, ``implementation`` or ``serves``): the
    organization's goals stand above the work, which the other rules check.

    Why it matters
    --------------
    Goals are usually carried by the owning division; where the
    strategy expects development work, no project is funded to deliver it.

    How to fix
    ----------
    Link the goal to the milestone it serves (and that milestone to its
    project), or record the carrying project.

    Example
    -------
    A 2025 goal owned by a division with no project behind it.

    Options
    -------
    - ``carrying_statuses``: the project statuses that carry work.
    """
    if not any(g.carried_by or g.implementation or g.serves for g in ctx.model.of_kind("Goal")):
        return iter(())  # goals are never tied to the work that carries them here: nothing to be missing
    return _uncarried(ctx, r, "Goal")


@rule("G111", "gap.orphan", "gap", "warning")
def orphan(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A goal, project or KPI with no line of sight to any theme.

    What it finds
    -------------
    Goals with no theme and no served milestone (where the organization sets
    goals per theme or milestone at all: otherwise its goals stand above the
    themes); projects not steered under a theme and reaching no theme through
    their work (except projects proposed to be merged or discontinued,
    projects that ended before the analysis date, and budgeted investments,
    ``project_kind: investment``, which a plan lists as a whole); KPIs with a target, or used
    by a goal or key result, that measure no theme and are used by no goal or
    key result that has one (nested under the goals using them). A KPI with
    neither a target nor a user is a monitoring figure, not a steering one.

    Why it matters
    --------------
    Work or measurement that cannot be traced to the strategy cannot be
    prioritized against it.

    How to fix
    ----------
    Link the element to its theme (``theme``, ``steered_under``, ``themes``),
    or question why it exists. Where the sources leave the theme unstated (a
    lost page heading), record ``unstated: [theme]`` with a note instead: the
    gap is in the sources, not in the strategy, and the rule stays silent.

    Example
    -------
    A 2025 goal whose page shows no "Strateginen painopiste".
    """
    m = ctx.model
    an = ctx.analysis
    goal_theme: dict[str, bool] = {}
    # an organization whose goals are never set per theme or milestone (a city's overall targets, above
    # its fields of action) has goals at the top of the line of sight, not off it
    for g in m.of_kind("Goal"):
        has = (bool(g.theme) or any(m.get(ms) is not None for ms in link_ids(g.serves))
               or ctx.goals_above_themes)
        # a theme the sources leave unstated (e.g. the page heading that names it is missing) is not absent
        goal_theme[g.id] = has or g.is_unstated("theme", "serves")
        if not goal_theme[g.id]:
            yield r.finding(ctx, [g.id], ctx.t("G111.goal", name=ctx.name(g.id)),
                            fix=ctx.t("G111.goal.fix", name=ctx.name(g.id)))
    for p in m.of_kind("Project"):
        if an.disposition.get(p.id) in ("merge", "discontinue"):
            continue  # the project is to go away: its own line of sight no longer matters
        if ctx.ended(p.id):
            continue  # ended before the analysis date: its line of sight is history
        if p.project_kind.value == "investment":
            continue  # a budgeted investment the plan lists as a whole, not work tied to a theme
        if not an.work_of(p.id).get("Theme"):
            targets = an.merge_into.get(p.id, [])
            yield r.finding(ctx, [p.id], ctx.t("G111.project", name=ctx.name(p.id)),
                            fix=ctx.t("G111.project.fix", name=ctx.name(p.id)),
                            causes=[("D405", p.id), ("D403", p.id)], merge_into=targets)
    kpi_used_with_theme: set[str] = set()
    for g in m.of_kind("Goal"):
        if goal_theme.get(g.id):
            kpi_used_with_theme.update(link_ids(g.kpis))
    for kr in m.of_kind("KeyResult"):
        if goal_theme.get(kr.goal.ref):
            kpi_used_with_theme.update(link_ids(kr.kpis))
    for a in m.of_kind("Action"):  # an action belongs to a sub-theme, hence to a theme
        kpi_used_with_theme.update(link_ids(getattr(a, "kpis", [])))
    users: dict[str, list[str]] = {}
    for g in m.of_kind("Goal"):
        for k in link_ids(g.kpis):
            users.setdefault(k, []).append(g.id)
    for kr in m.of_kind("KeyResult"):
        for k in link_ids(kr.kpis):
            users.setdefault(k, []).append(kr.goal.ref)
    for k in m.of_kind("KPI"):
        # a KPI with a target steers something; one without a target or any link is a monitoring figure
        if not k.themes and k.id not in kpi_used_with_theme and (k.targets or k.id in users):
            # a KPI used only by goals that are themselves orphans follows from those goals
            yield r.finding(ctx, [k.id], ctx.t("G111.kpi", name=ctx.name(k.id)),
                            fix=ctx.t("G111.kpi.fix", name=ctx.name(k.id)),
                            causes=[("G111", g) for g in users.get(k.id, [])])


@rule("G112", "gap.milestone-without-goal", "gap", "info")
def milestone_without_goal(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A milestone of a current or coming phase that no current goal serves.

    What it finds
    -------------
    Milestones of the current and coming phases (phases not ended at the
    analysis date) that no current goal (the newest year not after the
    analysis date, and later years) lists in ``serves``. When the current
    goals serve no milestone at all although earlier goals did, that change
    of practice is the finding: one finding for the goal set, listing the
    milestones it leaves without council-level follow-up. Silent when no goal
    of any year serves a milestone (the organization does not link its goals
    to the roadmap).

    Why it matters
    --------------
    Yearly goals are how the council steers the roadmap; a
    milestone no goal serves is not followed up at council level.

    How to fix
    ----------
    Set a goal for the milestone in the next annual plan, or confirm that it
    is followed up elsewhere; for a goal set that names only themes, name the
    milestones each goal serves.

    Example
    -------
    The 2025 goals cite their themes but no milestone, whereas the 2024 goals
    each named the roadmap milestone they served.
    """
    m = ctx.model
    goals = m.of_kind("Goal")
    if not any(link_ids(g.serves) for g in goals):
        return  # goals are not linked to milestones in this organization's strategy
    now = [g for g in goals if g.id in ctx.current_goals]
    served = {ms for g in now for ms in link_ids(g.serves)}
    open_ms = [ms for ms in m.of_kind("Milestone") if _phase_open(ctx, ms.phase.ref)]
    missing = [ms.id for ms in open_ms if ms.id not in served]
    if not missing:
        return
    if now and not served:
        years = sorted({g.year for g in now if g.year is not None})
        earlier = sorted({g.year for g in goals if g.year is not None and g.id not in ctx.current_goals
                          and link_ids(g.serves)})
        before = {ms for g in goals if g.year in earlier[-1:] for ms in link_ids(g.serves)}
        year = "–".join(str(y) for y in years[:1] + years[1:][-1:]) or "?"
        yield r.finding(ctx, [now[0].id, *(g.id for g in now[1:])],
                        ctx.t("G112.set", n=len(now), year=year, earlier=earlier[-1] if earlier else "–",
                              served=len(before), missing=len(missing)),
                        fix=ctx.t("G112.set.fix", year=year), affected=missing, year=year,
                        goals=[g.id for g in now], milestones_left=missing,
                        earlier_year=earlier[-1] if earlier else None, earlier_served=sorted(before))
        return
    for mid in missing:
        yield r.finding(ctx, [mid], ctx.t("G112", name=ctx.name(mid)), fix=ctx.t("G112.fix", name=ctx.name(mid)))


def _phase_open(ctx: Context, phase_id: str) -> bool:
    """Whether a phase has not ended at the analysis date (a relative phase always counts)."""
    ph = ctx.model.get_as(phase_id, Phase)
    if ph is None or ph.start_year is None:
        return True
    return phase_state(year_span(ph.start_year, ph.end_year), ctx.as_of) != "past"


@rule("G113", "gap.phase-without-project", "gap", "warning")
def phase_without_project(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A roadmap phase of a theme with no carrying project active in that period.

    What it finds
    -------------
    Theme × phase pairs where the theme has milestones in the phase but no
    carrying project that reaches the theme runs (start–end) during the phase,
    and no line unit (a division, continuing operations, a goal's owner)
    carries any of those milestones.
    A missing start or end counts as open (a project with no dates runs in
    every phase); an open-ended phase (``2025+``) runs to the end of time. The
    message says whether the phase is past, current or future at the
    analysis date (``--as-of``).

    Why it matters
    --------------
    The roadmap's later phases are often where no project is planned yet: the
    milestones of that phase have no vehicle.

    How to fix
    ----------
    Extend a project, plan a follow-up, or accept that the phase is carried by operations.

    Example
    -------
    Theme ``ennakointi`` in phase ``yksilollista-ennakointia`` (2025+) when
    every project reaching it ends in 2024.

    Options
    -------
    - ``carrying_statuses``: the project statuses that carry work.
    """
    m = ctx.model
    an = ctx.analysis
    phases_of_theme: dict[str, set[str]] = {}
    milestones_of: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ms in m.of_kind("Milestone"):
        phases_of_theme.setdefault(ms.theme.ref, set()).add(ms.phase.ref)
        milestones_of[(ms.theme.ref, ms.phase.ref)].append(ms.id)
    for t in m.of_kind("Theme"):
        carriers = an.carriers_of(t.id)
        for ph in sorted(phases_of_theme.get(t.id, ()), key=lambda x: getattr(m.get(x), "order", 0)):
            phase = m.get_as(ph, Phase)
            if phase is None or phase.start_year is None:  # a relative phase has no calendar years
                continue
            if any(an.line_carriers.get(ms) for ms in milestones_of[(t.id, ph)]):
                continue  # the line organization carries the phase's milestones: not a gap
            period = year_span(phase.start_year, phase.end_year)
            active = []
            projects = {p: m.get_as(p, Project) for p in sorted(carriers)}
            for p, proj in projects.items():
                if proj is None:
                    continue
                s, e = span(proj.start), span(proj.end)
                # an unknown start or end is open: the project may run from/until any time
                run = ((s or period)[0], (e or period)[1])
                if overlaps(run, period):
                    active.append(p)
            if not active:
                # a theme with no carrier at all: its phases follow from that (G101); a carrying project that
                # ends before the phase does is D402's; an uncarried milestone of the phase is G103's
                causes = [] if carriers else [("G101", t.id)]
                causes += [("D402", p) for p in sorted(carriers)]
                causes += [(code, p) for p in sorted(an.projects_of(t.id) - carriers) for code in ("D405", "D403")]
                causes += [("G103", ms) for ms in milestones_of[(t.id, ph)]]
                state = phase_state(period, ctx.as_of)
                yield r.finding(ctx, [t.id, ph], ctx.t("G113", name=ctx.name(t.id), phase=ctx.name(ph),
                                                       period=phase.period_text, state=ctx.status(state)),
                                fix=ctx.t("G113.fix", name=ctx.name(t.id), period=phase.period_text,
                                          projects=", ".join(f"{p} ({getattr(proj, 'end', None)})"
                                                             for p, proj in projects.items())
                                          or "–"),
                                causes=causes, affected=[t.id], phase_state=state,
                                carrying_projects={p: {"start": getattr(proj, "start", None),
                                                       "end": getattr(proj, "end", None)}
                                                   for p, proj in projects.items()})


@rule("G114", "gap.empty-kpi-cell", "gap", "warning")
def empty_kpi_cell(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A theme × KPI-perspective cell with no KPI.

    What it finds
    -------------
    For every theme and each of the four perspectives (customer experience,
    personnel experience, finance & efficiency, impact), cells where no KPI
    with that perspective measures the theme.

    Why it matters
    --------------
    A theme that is not measured from one perspective cannot show progress
    there; the KPI matrix is meant to be complete.

    How to fix
    ----------
    Define a KPI for the cell (it may be tentative at first).

    Silent when the model defines no KPI perspectives (in its model settings): a scorecard is one
    organization's choice, not a rule.

    Example
    -------
    Theme ``luottamus`` has no impact (*Vaikuttavuus*) KPI.
    """
    perspectives = ctx.model.perspectives
    if not perspectives:
        return  # the organization measures its themes without perspectives: no cell can be empty
    filled = {(k.perspective.value, t) for k in ctx.model.of_kind("KPI") if k.perspective
              for t in link_ids(k.themes)}
    for t in ctx.model.of_kind("Theme"):
        for p in perspectives:
            if (p, t.id) not in filled:
                yield r.finding(ctx, [t.id], ctx.t("G114", name=ctx.name(t.id), perspective=ctx.status(p)),
                                fix=ctx.t("G114.fix", name=ctx.name(t.id), perspective=ctx.status(p)),
                                perspective=p)


@rule("G115", "gap.goal-without-kpi", "gap", "warning")
def goal_without_kpi(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A goal with no KPI (neither its own nor through its key results).

    What it finds
    -------------
    Goals with no ``kpis`` whose key results name no KPI either, among the
    current goals (the newest year not after the analysis date, and later years).

    Why it matters
    --------------
    Without an indicator the goal's achievement is a matter of opinion.

    How to fix
    ----------
    Name the KPI the goal is followed with.

    Example
    -------
    A goal reported only through its tasks' completion.
    """
    rows = ctx.sparql("""
        SELECT ?g WHERE { ?g a sg:Goal .
          MINUS { ?g sg:measuredBy ?k }
          MINUS { ?kr sg:partOfGoal ?g ; sg:measuredBy ?k2 } } ORDER BY ?g""")
    for row in rows:
        if row["g"] not in ctx.current_goals:
            continue  # a superseded year's goal: its indicator can no longer be chosen
        yield r.finding(ctx, [row["g"]], ctx.t("G115", name=ctx.name(row["g"])),
                        fix=ctx.t("G115.fix", name=ctx.name(row["g"])))


@rule("G116", "gap.missing-baseline", "gap", "info")
def missing_baseline(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A key result, or a goal's KPI set, without any baseline.

    What it finds
    -------------
    Key results with no baseline, neither their own nor one of the KPIs that measure them (their own
    KPIs, else their goal's) and whose target is a number (a target in words only, such as "as
    planned", has no scale to start from); goals none of whose key results and KPIs has a baseline. Only the
    current goals count (the newest year not after the analysis date, and later years): an older year's
    missing baseline can no longer be measured and changes nothing. A key result without a target either
    is nested under its G117 finding.

    Why it matters
    --------------
    A target without a starting point cannot tell progress from noise.

    How to fix
    ----------
    Record the baseline (``baselines``) once it is measured; the source may show it as "-".

    Example
    -------
    Key result "80 % of first-contact customers get a solution in one contact" with baseline "-".
    """
    m = ctx.model
    current = ctx.current_goals
    krs_of: dict[str, list[KeyResult]] = {}
    goal_kpis = {g.id: link_ids(g.kpis) for g in m.of_kind("Goal")}

    def kpi_baseline(ids: list[str]) -> bool:
        return any((k := m.get_as(i, KPI)) is not None and k.baselines for i in ids)

    for kr in m.of_kind("KeyResult"):
        krs_of.setdefault(kr.goal.ref, []).append(kr)
        if kr.baselines or kr.is_unstated("baselines") or kr.goal.ref not in current:
            continue
        # a key result is measured by its own KPIs, else by its goal's (the goal page's KPI table)
        if kpi_baseline(link_ids(kr.kpis) or goal_kpis.get(kr.goal.ref, [])):
            continue
        if kr.target is not None and kr.target.number is None and not re.search(r"\d", kr.target.value):
            continue  # a target in words only ("as planned"): there is no scale to start from
        # with no target either, the key result is not yet measurable at all: G117 says so
        yield r.finding(ctx, [kr.id], ctx.t("G116.kr", name=ctx.name(kr.id)),
                        fix=ctx.t("G116.fix", name=ctx.name(kr.id)), causes=[("G117", kr.id)])
    for g in m.of_kind("Goal"):
        if g.id not in current or g.is_unstated("kpis"):
            continue
        kpis = [m.get_as(k, KPI) for k in link_ids(g.kpis)]
        if any(kr.baselines for kr in krs_of.get(g.id, [])) or any(k is not None and k.baselines for k in kpis):
            continue
        yield r.finding(ctx, [g.id], ctx.t("G116.goal", name=ctx.name(g.id)),
                        fix=ctx.t("G116.fix", name=ctx.name(g.id)),
                        causes=[("G115", g.id), *(("G117", kr.id) for kr in krs_of.get(g.id, []))])


@rule("G117", "gap.missing-target", "gap", "warning")
def missing_target(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A key result without a target.

    What it finds
    -------------
    Key results with no ``target``, among the current goals (the newest year
    not after the analysis date, and later years).

    Why it matters
    --------------
    A key result is a measurable target by definition; without one the OKR cannot be scored.

    How to fix
    ----------
    Record the target value stated in the key result.

    Example
    -------
    "Talouden muutosohjelmat viedään läpi suunnitellusti" (no number).
    """
    for kr in ctx.model.of_kind("KeyResult"):
        if kr.target is None and not kr.is_unstated("target") and kr.goal.ref in ctx.current_goals:
            yield r.finding(ctx, [kr.id], ctx.t("G117", name=ctx.name(kr.id)),
                            fix=ctx.t("G117.fix", name=ctx.name(kr.id)))


@rule("G120", "gap.theme-without-target", "gap", "warning")
def theme_without_target(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A theme whose progress no target measures.

    What it finds
    -------------
    Themes none of whose indicators, current goals and their key results has
    a target still ahead: due at or after the analysis date (a target
    without a date of its own is due with its goal; one without any date
    counts as ahead). A theme's indicators are the KPIs that measure it
    (``themes``) and those its actions, its current goals and their key
    results use. Silent where the model states no target at all (the
    organization does not set targets), for a theme with no action, goal or
    KPI (nothing there to measure yet: the gap rules speak of it), and for a
    theme with no stated current goal while a current goal whose theme is
    recorded as ``unstated`` has a target ahead (it may be the theme's).

    Why it matters
    --------------
    A theme can be followed only against a level it is to reach by a date.
    Without one, the yearly check cannot tell whether its work is enough, and
    the theme drops out of the discussion of progress.

    How to fix
    ----------
    Set a target value with its year for at least one of the theme's
    indicators (``targets``), or record the goal the theme is followed with.

    Example
    -------
    A field of action whose only indicators have no target value ("has not been set yet").
    """
    from strategygraph.core.time import end_of

    m = ctx.model
    current = ctx.current_goals

    def ahead(*dues: str | None) -> bool:
        """Whether a target due at the first of ``dues`` that is given lies at or after the analysis date."""
        due = next((d for d in dues if d), None)
        end = end_of(due)
        return end is None or end >= ctx.as_of

    kpis = {k.id: k for k in m.of_kind("KPI")}
    goals = [g for g in m.of_kind("Goal") if g.id in current]  # a superseded year's targets are history
    krs_of: dict[str, list[KeyResult]] = defaultdict(list)
    for kr in m.of_kind("KeyResult"):
        krs_of[kr.goal.ref].append(kr)
    if not (any(k.targets for k in kpis.values()) or any(g.targets for g in m.of_kind("Goal"))
            or any(kr.target for krs in krs_of.values() for kr in krs)):
        return  # the organization sets no targets: none can be missing

    def kpi_ahead(ids: Iterable[str]) -> bool:
        return any(ahead(x.due) for k in ids if k in kpis for x in kpis[k].targets)

    def goal_ahead(g: Goal) -> bool:
        """Whether a goal, one of its key results or one of their KPIs has a target ahead."""
        krs = krs_of.get(g.id, [])
        return (any(ahead(x.due, g.due) for x in g.targets)
                or any(kr.target is not None and ahead(kr.due, g.due) for kr in krs)
                or kpi_ahead([*link_ids(g.kpis), *(k for kr in krs for k in link_ids(kr.kpis))]))

    indicators: dict[str, set[str]] = defaultdict(set)  # theme -> the KPIs that follow it
    work: set[str] = set()  # themes with actions, goals or KPIs
    targeted: set[str] = set()  # themes with a target ahead
    passed: set[str] = set()  # themes whose goals had targets, all of them due before the analysis date
    for k in kpis.values():
        for t in link_ids(k.themes):
            work.add(t)
            indicators[t].add(k.id)
    for a in m.of_kind("Action"):
        at = theme_of(ctx, a.id)
        if at:
            work.add(at)
            indicators[at].update(link_ids(a.kpis))
    with_goal: set[str] = set()  # themes a current goal is stated for
    unplaced = False  # a current goal of unstated theme, with a target ahead, may be any goal-less theme's
    for g in goals:
        if not g.theme and not g.serves and g.is_unstated("theme", "serves"):
            unplaced = unplaced or goal_ahead(g)
            continue
        themes = {g.theme.ref} if g.theme else set()
        themes |= {mt for ms in link_ids(g.serves) if (mt := theme_of(ctx, ms))}
        with_goal |= themes
        work |= themes
        krs = krs_of.get(g.id, [])
        for t in themes:
            indicators[t].update(link_ids(g.kpis), (k for kr in krs for k in link_ids(kr.kpis)))
        if goal_ahead(g):
            targeted |= themes
        elif g.targets or any(kr.target is not None for kr in krs):
            passed |= themes
    for t, followed in indicators.items():
        if kpi_ahead(followed):
            targeted.add(t)
    for theme in m.of_kind("Theme"):
        t = theme.id
        if t in targeted or t not in work or (unplaced and t not in with_goal):
            continue
        ks: list[str] = sorted(k for k in indicators.get(t, ()) if k in kpis)
        # "a target value" where nothing had one; "... due on or after" where earlier targets have passed
        had = t in passed or any(kpis[k].targets for k in ks)
        when = ctx.t("G120.ahead", as_of=ctx.as_of.isoformat()) if had else ""
        if len(ks) == 1:
            msg = ctx.t("G120.one", name=ctx.name(t), kpi=ctx.name(ks[0]), ahead=when)
            fix = ctx.t("G120.fix", name=ctx.name(t), kpis=ctx.name(ks[0]))
        elif ks:
            msg = ctx.t("G120", name=ctx.name(t), n=len(ks), kpis=ctx.names(ks, 4), ahead=when)
            fix = ctx.t("G120.fix", name=ctx.name(t), kpis=ctx.names(ks, 4))
        else:
            msg = ctx.t("G120.none", name=ctx.name(t), ahead=when)
            fix = ctx.t("G120.none.fix", name=ctx.name(t))
        yield r.finding(ctx, [t], msg, fix=fix, affected=[t, *ks], kpis=ks)


@rule("G118", "gap.capability-not-developed", "gap", "warning")
def capability_not_developed(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A capability that actions or milestones require but no carrying project develops.

    What it finds
    -------------
    Capabilities linked by ``requires`` from an action or milestone with no
    carrying project that ``develops`` them.

    Why it matters
    --------------
    Required tools, models and skills do not appear by themselves; the work
    that needs them will stall.

    How to fix
    ----------
    Record which project develops the capability, or start one.

    Example
    -------
    Predictive analytics required by a 2024–2025 milestone, developed by no project.

    Options
    -------
    - ``carrying_statuses``: the project statuses that carry work.
    """
    an = ctx.analysis
    required: dict[str, list[str]] = {}
    for kind in ("Action", "Milestone"):
        for e in ctx.model.of_kind(kind):
            for c in link_ids(e.requires):
                required.setdefault(c, []).append(e.id)
    for c in sorted(required):
        if an.carriers_of(c):
            continue
        # a capability used by work that a carrying project or a line unit carries is built within that work
        if any(an.carriers_of(e) or an.line_carriers.get(e) for e in required[c]):
            continue
        others = sorted(an.projects_of(c))
        # work that needs it rests on a non-carrying project: the capability follows from that project
        behind = sorted({p for e in required[c] for p in an.projects_of(e)})
        yield r.finding(ctx, [c], ctx.t("G118", name=ctx.name(c), n=len(required[c]),
                                        users=ctx.names(sorted(required[c]), 3)),
                        fix=ctx.t("G118.fix", name=ctx.name(c)),
                        # work that needs it rests on a non-carrying project, or is itself carried by nobody
                        causes=[(code, p) for p in [*others, *behind] for code in ("D405", "D403")]
                        + [(code, e) for e in sorted(required[c]) for code in ("G103", "G104")],
                        affected=[c, *sorted(required[c])], required_by=sorted(required[c]),
                        developed_by_non_carrying=others)


@rule("G119", "gap.only-non-carrying-projects", "gap", "warning")
def only_non_carrying(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Work whose only project carriers are proposed, planned, pending or ended projects.

    What it finds
    -------------
    Actions, milestones and goals reached by projects, none of which has a
    carrying status (e.g. all are ``proposed`` or ``planned``), and carried
    by no line unit either (a responsible unit, continuing operations, a
    goal's owner).

    Why it matters
    --------------
    The strategy counts on a project that does not (yet, or any more) exist.
    If the proposal is not approved, the work has no carrier.

    How to fix
    ----------
    Decide the proposal, move the work to a carrying project, or accept the
    finding with the decision's date.

    Example
    -------
    Actions implemented only by ``yhtenainen-omahame`` (proposed, "Ei aloitettu").

    Options
    -------
    - ``carrying_statuses``: the project statuses that carry work.
    """
    an = ctx.analysis
    for kind in ("Action", "Milestone", "Goal"):
        for e in ctx.model.of_kind(kind):
            ps = an.projects_of(e.id)
            if ctx.past_due(e.id):
                continue  # due before the analysis date: history
            if any(not an.status.get(p) for p in ps):
                continue  # a project whose status the sources do not state may carry it: unknown, not a gap
            if ps and not an.carriers_of(e.id):
                if an.line_carriers.get(e.id):
                    continue  # a line unit carries it (a goal's owner, an action's responsible unit)
                desc = ", ".join(ctx.project_state(p) for p in sorted(ps))
                causes = [("D405", p) for p in sorted(ps)] + [("D403", p) for p in sorted(ps)]
                theme = theme_of(ctx, e.id)
                if theme:
                    causes.append(("G101", theme))
                yield r.finding(ctx, [e.id, *sorted(ps)], ctx.t("G119", kind=ctx.kind(kind), name=ctx.name(e.id),
                                                                 projects=desc),
                                fix=ctx.t("fix.decide_or_move", projects=desc, name=ctx.name(e.id)),
                                causes=causes, affected=[e.id],
                                projects={p: an.status.get(p) for p in sorted(ps)})
