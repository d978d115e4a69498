"""Ownership rules: who answers for goals, key results and projects."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from strategygraph.analysis.rules.engine import Context, Finding, Rule, rule
from strategygraph.core.model import link_ids
from strategygraph.core.schema import Project, Unit


@rule("W301", "ownership.missing-owner", "ownership", "warning")
def missing_owner(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A goal, key result or project without an owner.

    What it finds
    -------------
    Goals and projects with no ``owner``; key results with no owner whose goal
    has none either (a key result inherits its goal's owner). Goals and key
    results count among the current goals only (the newest year not after the
    analysis date, and later years): a superseded year's owner can no longer
    be named to any effect; likewise a project that ended before the analysis
    date. A budgeted investment (``project_kind: investment``) is the budget
    holder's and needs no owner of its own. A project that carries (part of)
    actions whose party responsible is one and the same unit answers to that
    unit, as a key result answers to its goal's owner. Where the organization
    sets no goal per theme or milestone, its goals stand above its themes:
    they are the organization's own (``model: organization``), not a unit's,
    and so are their key results. An action's party responsible counts when
    it is a unit, function, post or the like: the whole organization, a
    governing body or an external partner is no one to answer for a project.

    Why it matters
    --------------
    What nobody owns, nobody reports on: progress and problems go unseen
    until the year-end report.

    How to fix
    ----------
    Name the owning unit or post (never a person) in ``owner``.

    Example
    -------
    A portfolio project whose table row names no owner.
    """
    rows = ctx.sparql("""
        SELECT ?e ?kind WHERE {
          VALUES ?kind { sg:Goal sg:Project }
          ?e a ?kind . MINUS { ?e sg:ownedBy ?u } } ORDER BY ?e""")
    current = ctx.current_goals
    organization_goals = ctx.goals_above_themes and ctx.organization is not None
    responsible = _action_responsible(ctx)
    for row in rows:
        kind = row["kind"].rsplit("#", 1)[-1]
        if kind == "Goal" and (row["e"] not in current or organization_goals):
            continue  # a superseded year's goal, or one of the organization's own goals above its themes
        if kind == "Project" and (ctx.ended(row["e"]) or _investment(ctx, row["e"])):
            continue  # ended before the analysis date, or a budgeted investment (the budget holder's)
        if kind == "Project" and len(responsible.get(row["e"], ())) == 1:
            continue  # carries (part of) actions one unit is responsible for: it answers to that unit
        yield r.finding(ctx, [row["e"]], ctx.t("W301", kind=ctx.kind(kind), name=ctx.name(row["e"])),
                        fix=ctx.t("W301.fix", name=ctx.name(row["e"])))
    rows = ctx.sparql("""
        SELECT ?kr ?g WHERE { ?kr a sg:KeyResult ; sg:partOfGoal ?g .
          MINUS { ?kr sg:ownedBy ?u } MINUS { ?g sg:ownedBy ?u2 } } ORDER BY ?kr""")
    for row in rows:
        if row["g"] not in current or organization_goals:
            continue  # a superseded year's key result, or one of the organization's own goals (it answers)
        yield r.finding(ctx, [row["kr"]], ctx.t("W301.kr", name=ctx.name(row["kr"]), goal=row["g"]),
                        fix=ctx.t("W301.fix", name=ctx.name(row["kr"])), causes=[("W301", row["g"])],
                        goal=row["g"])


@rule("W302", "ownership.shared-or-unclear", "ownership", "warning")
def shared_or_unclear(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Ownership shared between several units, or held by a body rather than a unit or post.

    What it finds
    -------------
    Goals, key results, projects and tasks with two or more owners
    (responsible units for tasks) that are not all parts of one unit of the
    organization below the organization itself (departments of one division
    answer to its leadership; a partner's departments do not count),
    and owners that are a whole organization or
    a governing body (council, board, committee) rather than a division,
    function or post. Projects that ended before the analysis date are left out.

    Why it matters
    --------------
    Shared ownership is no ownership: when two units answer, each can wait for
    the other. A body cannot be held to account for delivery.

    How to fix
    ----------
    Name one accountable unit or post; record the others as contributors in a note.

    Example
    -------
    A goal owned by both *Terveyspalvelut* and *Ikäihmisten palvelut*.
    """
    m = ctx.model
    for kind, fieldname in (("Goal", "owner"), ("KeyResult", "owner"), ("Project", "owner"), ("Task", "responsible")):
        for e in m.of_kind(kind):
            if kind == "Project" and ctx.ended(e.id):
                continue  # ended before the analysis date: its ownership is history
            owners = list(dict.fromkeys(link_ids(getattr(e, fieldname))))  # an owner listed twice is one owner
            if len(owners) >= 2 and _common_unit(ctx, owners) is None:
                # (departments of one division share its leadership: the division answers for them)
                yield r.finding(ctx, [e.id, *owners], ctx.t("W302.shared", kind=ctx.kind(kind), name=ctx.name(e.id),
                                                            n=len(owners), owners=", ".join(owners)),
                                fix=ctx.t("W302.shared.fix", name=ctx.name(e.id), owners=", ".join(owners)),
                                affected=[e.id], owners=owners, reason="shared")
            for o in owners:
                u = m.get_as(o, Unit)
                if u is not None and u.unit_type.value in ("organization", "body"):
                    yield r.finding(ctx, [e.id, o], ctx.t("W302.body", kind=ctx.kind(kind), name=ctx.name(e.id),
                                                          owner=ctx.name(o), type=ctx.status(u.unit_type.value)),
                                    fix=ctx.t("W302.body.fix", name=ctx.name(e.id), owner=ctx.name(o)),
                                    affected=[e.id],
                                    owners=owners, reason=u.unit_type.value)


@rule("W303", "ownership.concentration", "ownership", "warning", group=False)
def concentration(ctx: Context, r: Rule) -> Iterator[Finding]:
    """An owner holding more than a set share of a year's goals or key results.

    What it finds
    -------------
    For each year and for goals and key results separately, owners holding
    more than ``owner_max_share`` of them (and at least ``owner_min_items``).
    Key results without an owner count for their goal's owner. Only the
    current set is judged: the goals of the newest year not after the
    analysis date (``--as-of``) and of later years; an older year's goals
    were superseded by a newer set, and their ownership is history.

    Why it matters
    --------------
    An overloaded owner becomes the bottleneck of the whole strategy, and
    other units stop feeling responsible.

    How to fix
    ----------
    Spread ownership, or give the owner support; raise the threshold in the
    configuration if concentration is intended.

    Example
    -------
    *Strategia ja integraatio* owning 4 of 7 goals of 2024.

    Options
    -------
    - ``owner_max_share``: the share of a year's goals or key results one owner may hold (0.4).
    - ``owner_min_items``: the fewest items an owner must hold to be reported (3).
    """
    m = ctx.model
    cfg = ctx.config
    goals = {g.id: g for g in m.of_kind("Goal")}
    buckets: dict[tuple[str, int], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    totals: dict[tuple[str, int], int] = defaultdict(int)
    for g in goals.values():
        totals[("Goal", g.year)] += 1
        for o in set(link_ids(g.owner)):
            buckets[("Goal", g.year)][o].append(g.id)
    for kr in m.of_kind("KeyResult"):
        g = goals.get(kr.goal.ref)
        if g is None:
            continue
        totals[("KeyResult", g.year)] += 1
        for o in set(link_ids(kr.owner) or link_ids(g.owner)):
            buckets[("KeyResult", g.year)][o].append(kr.id)
    current = ctx.current_goal_years
    for (kind, year), owners in sorted(buckets.items()):
        if year not in current:
            continue  # superseded by a newer year's goals: its ownership is history
        total = totals[(kind, year)]
        for o, items in sorted(owners.items()):
            share = len(items) / total
            if len(items) >= cfg.owner_min_items and share > cfg.owner_max_share:
                yield r.finding(ctx, [o], ctx.t("W303", owner=ctx.name(o), n=len(items), total=total,
                                                kinds=ctx.kind(kind, plural=True), year=year,
                                                share=f"{share:.0%}", limit=f"{cfg.owner_max_share:.0%}"),
                                fix=ctx.t("W303.fix", owner=ctx.name(o), n=len(items)), affected=sorted(items),
                                when=str(year), year=year, kind=kind,
                                share=round(share, 3), items=sorted(items))


def _action_responsible(ctx: Context) -> dict[str, set[str]]:
    """Project -> the units responsible for the actions it carries (the actions' ``implementation`` units).

    A project any of whose actions names no responsible unit maps to the empty set: nobody answers for
    that part of its work but the project itself."""
    per_action: dict[str, list[set[str]]] = defaultdict(list)  # project -> each of its actions' units
    for a in ctx.model.of_kind("Action"):
        units = {i.unit for i in a.implementation if i.unit and not i.project}
        if not all(_accountable(ctx, u) for u in units):
            units = set()  # the organization, a body or a partner is responsible: no one to answer for a project
        for i in a.implementation:
            if i.project:
                per_action[i.project].append(units)
    return {p: set().union(*us) if all(us) else set() for p, us in per_action.items()}


def _common_unit(ctx: Context, owners: list[str]) -> str | None:
    """The nearest unit every one of ``owners`` is part of, below the organization itself (None if none).

    Departments of one division answer to its leadership: their joint ownership is the division's."""
    def chain(u: str) -> list[str]:
        seen: list[str] = []
        while u and u not in seen:
            seen.append(u)
            unit = ctx.model.get_as(u, Unit)
            u = unit.part_of.ref if unit is not None and unit.part_of is not None else ""
        return seen

    chains = [chain(o) for o in owners]
    # the nearest unit on every owner's line (an owner's own unit counts: a division and its department)
    common = [u for u in chains[0] if all(u in c for c in chains[1:])]
    if common and common[0] != ctx.organization and _accountable(ctx, common[0]):
        return common[0]
    return None


def _accountable(ctx: Context, unit: str) -> bool:
    """Whether ``unit`` is a unit of the organization that can answer for work: not the whole organization,
    a governing body or an external partner."""
    u = ctx.model.get_as(unit, Unit)
    return u is not None and u.unit_type.value not in ("organization", "body", "partner")


def _investment(ctx: Context, project: str) -> bool:
    """Whether a project is a budgeted investment (``project_kind: investment``), the budget holder's to own."""
    p = ctx.model.get_as(project, Project)
    return p is not None and p.project_kind.value == "investment"
