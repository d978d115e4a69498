"""Shared computations of the rules and commands: who carries what, overlaps, impact.

"Carried by a project" is explicit: a project *reaches* an element through
these links (and only these)

* Action     ← ``implementation.project``
* Milestone  ← ``delivered_by``; the actions that ``contribute to`` it; goals
  serving it that name a carrying project (``carried_by``)
* Goal       ← ``carried_by``; the milestones it ``serves``
* SubTheme   ← its actions
* Theme      ← its sub-themes, milestones and goals; projects ``steered_under`` it
* Capability ← projects that ``develop`` it

and a project *carries* only when its status is one of the configured
``carrying_statuses`` (default: ``active``). Proposed, planned, pending-decision,
ended and discontinued projects reach elements without carrying them.

Decisions count: a project whose proposed disposition is ``shell`` (it reports
on work done elsewhere) or ``discontinue`` does not carry its own work; a
project to be merged hands its work to the projects it merges into (``via``
records the target as reaching the element through the merging project).

Non-project carriers are kept apart as ``line_carriers``: an action's
non-project implementers (continuous operations, divisions, result areas, a
named unit), a milestone's or sub-theme's through their actions, and a goal's
owning unit (the named responsible unit carries a binding goal).
Everything is computed once with set operations (no per-entity queries).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property
from typing import Any

from strategygraph.core.config import Config
from strategygraph.core.model import Model, link_ids

WORK_KINDS = ("Theme", "SubTheme", "Milestone", "Action", "Goal", "Capability")


class Analysis:
    """Coverage of strategy elements by projects, computed once per model."""

    def __init__(self, model: Model, config: Config | None = None) -> None:
        self.model = model
        self.config = config or Config()
        configured = {str(getattr(s, "value", s)) for s in self.config.carrying_statuses}
        # the organization's own list (model: vocabularies: project_statuses, 'carries') unless the
        # configuration or the command line chose other statuses than the default
        carrying = (model.carrying_statuses if model.carrying_statuses is not None and configured == {"active"}
                    else configured)
        #: which non-project carrier kinds count as carrying (None: all of them)
        self._carrier_kinds = model.carrying_carriers
        projects = model.of_kind("Project")
        #: project -> status ("" where the source states none: such a project does not carry)
        self.status: dict[str, str] = {p.id: p.status.value if p.status else "" for p in projects}
        #: project -> its proposed disposition (continue, refine, merge, shell, discontinue, new)
        self.disposition: dict[str, str] = {p.id: p.disposition.value for p in projects if p.disposition}
        #: the statuses that carry work (the organization's list, or the configuration's)
        self.carrying_statuses: frozenset[str] = frozenset(carrying)
        self.carrying: set[str] = {p.id for p in projects if self.status[p.id] in carrying
                                   and self.disposition.get(p.id) not in ("shell", "discontinue")}
        #: project -> the projects it is to be merged into
        self.merge_into: dict[str, list[str]] = {p.id: link_ids(p.merge_into) for p in projects
                                                 if p.merge_into and self.disposition.get(p.id) == "merge"}
        #: element -> project -> ids of the intermediate elements (or the element itself) it is reached through
        self.via: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        #: action -> non-project carrier types
        self.other_carriers: dict[str, list[str]] = {}
        #: project -> the work items it does itself (item id -> kind): the basis of the overlap score
        self.direct: dict[str, dict[str, str]] = defaultdict(dict)
        #: element -> its non-project carriers (carrier types, named units)
        self.line_carriers: dict[str, list[str]] = defaultdict(list)
        #: (element, kind, its implementations) of every kind that states implementers
        implemented = [(e, kind, e.implementation) for kind in ("Action", "Milestone", "Goal")
                       for e in model.of_kind(kind) if getattr(e, "implementation", None)]
        self._reach_work(implemented)
        self._reach_up()
        self._hand_on_merges()
        self._carry_by_line(implemented)

    # -- building the indexes (called once, in this order, by __init__)
    def _reach(self, element: str, project: str, through: Iterable[str], direct: str = "") -> None:
        self.via[element][project].update(through)
        if direct:
            self.direct[project][element] = direct

    def _counts(self, imp: Any) -> bool:
        """A non-project implementer carries: a named unit, or a carrier kind the organization counts."""
        return bool(imp.unit) or (imp.carrier is not None
                                  and (self._carrier_kinds is None or str(imp.carrier) in self._carrier_kinds))

    def _reach_work(self, implemented: list[tuple[Any, str, Any]]) -> None:
        """The work projects do: implementations, capabilities developed, milestones and goals."""
        model, reach = self.model, self._reach
        for e, kind, imps in implemented:
            for imp in imps:
                if imp.project:
                    reach(e.id, imp.project, [e.id], kind)
                elif self._counts(imp):
                    kinds = self.other_carriers.setdefault(e.id, [])
                    if imp.carrier is not None:
                        kinds.append(str(imp.carrier))
        for c in model.of_kind("Project"):
            for cap in link_ids(c.develops):
                reach(cap, c.id, [c.id], "Capability")
        # milestones: delivered_by, contributing actions
        for ms in model.of_kind("Milestone"):
            for p in link_ids(ms.delivered_by):
                reach(ms.id, p, [ms.id], "Milestone")
        for a in model.of_kind("Action"):
            for ms in link_ids(a.milestones):
                for p in list(self.via.get(a.id, {})):
                    reach(ms, p, [a.id], "Milestone")
        for g in model.of_kind("Goal"):
            for p in link_ids(g.carried_by):
                reach(g.id, p, [g.id], "Goal")
                for ms in link_ids(g.serves):
                    reach(ms, p, [g.id])
        for g in model.of_kind("Goal"):
            for ms in link_ids(g.serves):
                for p in list(self.via.get(ms, {})):
                    reach(g.id, p, [ms])

    def _reach_up(self) -> None:
        """Sub-themes and themes are reached through their actions, milestones and goals, and by steering."""
        model, reach = self.model, self._reach
        for a in model.of_kind("Action"):
            st = a.subtheme.ref
            for p in list(self.via.get(a.id, {})):
                reach(st, p, [a.id])
        for st in model.of_kind("SubTheme"):
            for p in list(self.via.get(st.id, {})):
                reach(st.theme.ref, p, [st.id])
        for ms in model.of_kind("Milestone"):
            for p in list(self.via.get(ms.id, {})):
                reach(ms.theme.ref, p, [ms.id])
        for g in model.of_kind("Goal"):
            if g.theme:
                for p in list(self.via.get(g.id, {})):
                    reach(g.theme.ref, p, [g.id])
        for c in model.of_kind("Project"):
            for t in link_ids(c.steered_under):
                reach(t, c.id, [c.id])

    def _hand_on_merges(self) -> None:
        """A merge hands the merging project's work to its targets (in merge order: a target that merges on
        hands what it received on); the elements each project reaches are indexed once."""
        reached: dict[str, list[str]] = defaultdict(list)
        for element, reachers in self.via.items():
            for p in reachers:
                reached[p].append(element)
        for p, targets in self.merge_into.items():
            for element in reached.get(p, ()):
                for t in targets:
                    if t != p:
                        if t not in self.via[element]:
                            reached[t].append(element)
                        self.via[element][t].add(p)

    def _line(self, element: str, names: Iterable[str]) -> None:
        cur = self.line_carriers[element]
        for n in names:
            if n not in cur:
                cur.append(n)

    def _carry_by_line(self, implemented: list[tuple[Any, str, Any]]) -> None:
        """The line organization's carriers: non-project implementers, goals' owners, and up to themes."""
        model, line = self.model, self._line
        for e, _kind, imps in implemented:
            for imp in imps:
                if not imp.project and self._counts(imp):
                    line(e.id, [imp.unit or str(imp.carrier)])
        for a in model.of_kind("Action"):
            if a.id in self.line_carriers:
                line(a.subtheme.ref, self.line_carriers[a.id])
                for ms in link_ids(a.milestones):
                    line(ms, self.line_carriers[a.id])
        for g in model.of_kind("Goal"):
            line(g.id, link_ids(g.owner))
            # the goal's owner is accountable for the milestones the goal serves: it carries them too
            for ms in link_ids(g.serves):
                line(ms, link_ids(g.owner))
        # a theme is carried by the line organization where its sub-themes, milestones or goals are
        for st in model.of_kind("SubTheme"):
            if st.id in self.line_carriers:
                line(st.theme.ref, self.line_carriers[st.id])
        for ms in model.of_kind("Milestone"):
            if ms.id in self.line_carriers:
                line(ms.theme.ref, self.line_carriers[ms.id])
        for g in model.of_kind("Goal"):
            if g.theme and g.id in self.line_carriers:
                line(g.theme.ref, self.line_carriers[g.id])

    # -- queries
    def projects_of(self, element: str) -> set[str]:
        """Every project that reaches ``element`` (any status)."""
        return set(self.via.get(element, {}))

    def carriers_of(self, element: str) -> set[str]:
        """The carrying projects that reach ``element``."""
        return {p for p in self.via.get(element, {}) if p in self.carrying}

    @cached_property
    def _reached_by(self) -> dict[str, dict[str, list[str]]]:
        """Project -> kind -> the elements it reaches (the inverse of ``via``, built once)."""
        out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        kind_of = self.model.kind_of
        for element, projects in self.via.items():
            kind = kind_of(element)
            if kind is None:
                continue
            for p in projects:
                out[p][kind].append(element)
        return out

    def work_of(self, project: str) -> dict[str, list[str]]:
        """Elements a project reaches, by kind."""
        return {k: sorted(v) for k, v in self._reached_by.get(project, {}).items()}

    def matrix(self, kind: str) -> tuple[list[str], list[str], dict[tuple[str, str], int]]:
        """Coverage matrix of one kind: rows (elements), columns (projects), counts of links.

        Rows with no carrying project come first, then by id.
        """
        rows = [e.id for e in self.model.of_kind(kind)]
        cols = [p.id for p in self.model.of_kind("Project")]
        cells = {(r, p): len(through) for r in rows for p, through in self.via.get(r, {}).items()}
        rows.sort(key=lambda r: (bool(self.carriers_of(r)), r))
        return rows, cols, cells

    # -- overlap
    def project_items(self) -> dict[str, dict[str, str]]:
        """Project -> the work it does itself (item id -> kind), used to score overlap.

        That is: actions it implements, milestones it delivers or contributes to
        through its actions, goals it carries and capabilities it develops; not
        what it merely reaches further up (sub-themes, themes, goals through
        milestones), which would count the same work twice.
        """
        weights = self.config.overlap_weights
        return {p: {i: k for i, k in items.items() if k in weights} for p, items in self.direct.items()}

    def overlap_pairs(self, min_score: float | None = None) -> list[dict[str, Any]]:
        """Project pairs that share work, scored by weighted Jaccard, best first.

        Each pair also carries ``containment``: the shared weight over the
        smaller project's weight (1.0 = all its work is also the other's).

        Uses an inverted index (item → projects), so only pairs that share at
        least one item are ever looked at.
        """
        weights = self.config.overlap_weights
        min_score = self.config.overlap_min_score if min_score is None else min_score
        items = self.project_items()
        index: dict[str, list[str]] = defaultdict(list)
        for p, its in items.items():
            for it in its:
                index[it].append(p)
        shared: dict[tuple[str, str], list[str]] = defaultdict(list)
        for it, reachers in index.items():
            if len(reachers) < 2:
                continue
            ps = sorted(reachers)
            for i in range(len(ps)):
                for j in range(i + 1, len(ps)):
                    shared[(ps[i], ps[j])].append(it)
        total = {p: sum(weights.get(k, 1.0) for k in its.values()) for p, its in items.items()}
        out: list[dict[str, Any]] = []
        for (a, b), common in shared.items():
            inter = sum(weights.get(self.model.kind_of(i) or "", 1.0) for i in common)
            union = total[a] + total[b] - inter
            score = inter / union if union else 0.0
            smaller = min(total[a], total[b])
            if score + 1e-12 >= min_score:
                out.append({"projects": [a, b], "score": round(score, 3),
                            # how much of the smaller project's work lies inside the other one
                            "containment": round(inter / smaller, 3) if smaller else 0.0,
                            "shared": sorted(common), "shared_by_kind": _by_kind(self.model, common)})
        out.sort(key=lambda d: (-d["score"], d["projects"]))
        return out

    # -- impact
    def impact(self, project: str) -> dict[str, Any]:
        """What loses every carrier if ``project`` stops, directly and through project dependencies."""
        import networkx as nx

        dep = nx.DiGraph()
        for p in self.model.of_kind("Project"):
            dep.add_node(p.id)
            for d in link_ids(p.depends_on):
                dep.add_edge(p.id, d)  # p depends on d
        stopped = {project} | (nx.ancestors(dep, project) if project in dep else set())
        # a project that does not carry yet (planned, proposed, ...) is assessed as if it did: the question
        # is what the strategy counts on it for
        carrying = self.carrying | {project}
        lost: dict[str, list[str]] = defaultdict(list)
        weakened: dict[str, list[str]] = defaultdict(list)
        for element, projects in self.via.items():
            if element not in self.model:
                continue
            before = {p for p in projects if p in carrying}
            if not before & stopped:
                continue
            kind = self.model.kind_of(element) or "?"
            (lost if not before - stopped else weakened)[kind].append(element)
        # KPIs measured only through lost goals, subthemes depending on the project
        lost_goals = set(lost.get("Goal", []))
        kpi_users: dict[str, set[str]] = defaultdict(set)
        for g in self.model.of_kind("Goal"):
            for k in link_ids(g.kpis):
                kpi_users[k].add(g.id)
        for k, users in kpi_users.items():
            if users and users <= lost_goals:
                lost["KPI"].append(k)
        dependants = [st.id for st in self.model.of_kind("SubTheme")
                      if any(d.target in stopped for d in st.dependencies if d.target)]
        return {
            "project": project,
            "status": self.status.get(project),
            "carrying": project in self.carrying,
            "stopped": sorted(stopped),
            "through_dependencies": sorted(stopped - {project}),
            "loses_all_carriers": {k: sorted(v) for k, v in sorted(lost.items())},
            "loses_a_carrier": {k: sorted(v) for k, v in sorted(weakened.items())},
            "dependent_subthemes": sorted(dependants),
        }


def _by_kind(model: Model, ids: Iterable[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        out[model.kind_of(i) or "?"].append(i)
    return {k: sorted(v) for k, v in sorted(out.items())}
