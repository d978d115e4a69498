"""The PMO overlap review: project pairs and groups as a portfolio office would review them.

For each pair of projects that shares anything, the review lists what they share, each kind with its
weight and its contribution to the score:

* the work both do (actions, milestones, goals, capabilities; weights ``overlap_weights``), scored by
  weighted Jaccard as in :meth:`~strategygraph.analysis.reach.Analysis.overlap_pairs`;
* the KPIs both are followed with (through the goals they carry or serve; weight ``KPI_WEIGHT``);
* similar wording: the Jaccard similarity of the content stems of their names and descriptions
  (weight ``WORDING_WEIGHT``), shown when at least ``WORDING_MIN``.

``rank`` = work score + KPI weight × KPI Jaccard + wording weight × wording similarity. Beside each
project stand its status, proposed disposition and funding class, and the review names the decision the
overlap asks for. Projects whose dispositions point to the same target (both to be merged into a third)
form a **group** reviewed together with that target.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from strategygraph.analysis.reach import Analysis
from strategygraph.core.model import link_ids

KPI_WEIGHT = 0.5
WORDING_WEIGHT = 0.5
WORDING_MIN = 0.2


def overlap_review(an: Analysis, min_score: float = 0.0, lang: str = "fi") -> dict[str, Any]:
    """Pairs ranked by what they share, and groups of projects whose decisions point to the same target."""
    from strategygraph.analysis.rules.messages import text
    from strategygraph.analysis.rules.overlap import stems

    m = an.model
    projects = {p.id: p for p in m.of_kind("Project")}
    work = {p["projects"][0] + "|" + p["projects"][1]: p for p in an.overlap_pairs(0.0)}
    kpis = _kpis_of(an)
    words = {pid: stems(" ".join(filter(None, [p.label.get("fi"), p.description.get("fi") if p.description else None])))
             for pid, p in projects.items()}
    ids = sorted(projects)
    pairs: list[dict[str, Any]] = []
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            w = work.get(f"{a}|{b}")
            shared_kpis = sorted(kpis.get(a, set()) & kpis.get(b, set()))
            union_kpis = kpis.get(a, set()) | kpis.get(b, set())
            kpi_j = len(shared_kpis) / len(union_kpis) if union_kpis else 0.0
            sa, sb = words[a], words[b]
            wording = len(sa & sb) / len(sa | sb) if sa and sb else 0.0
            if wording < WORDING_MIN:
                wording = 0.0
            work_score = w["score"] if w else 0.0
            if not (w or shared_kpis or wording):
                continue
            rank = round(work_score + KPI_WEIGHT * kpi_j + WORDING_WEIGHT * wording, 3)
            if rank + 1e-12 < min_score:
                continue
            shares = [{"kind": k, "weight": an.config.overlap_weights.get(k, 1.0), "items": v}
                      for k, v in (w["shared_by_kind"].items() if w else [])]
            if shared_kpis:
                shares.append({"kind": "KPI", "weight": KPI_WEIGHT, "items": shared_kpis})
            if wording:
                shares.append({"kind": "wording", "weight": WORDING_WEIGHT, "items": sorted(sa & sb),
                               "similarity": round(wording, 3)})
            pairs.append({
                "projects": [a, b], "rank": rank, "work_score": work_score,
                "containment": w["containment"] if w else 0.0, "kpi_similarity": round(kpi_j, 3),
                "wording_similarity": round(wording, 3), "shared": shares,
                "state": {p: _state(an, projects[p]) for p in (a, b)},
                "decision": _decision(an, projects[a], projects[b], w, lang, text, bool(shared_kpis)),
            })
    pairs.sort(key=lambda p: (-p["rank"], p["projects"]))
    return {"pairs": pairs, "groups": _groups(an, projects, lang, text),
            "weights": {**an.config.overlap_weights, "KPI": KPI_WEIGHT, "wording": WORDING_WEIGHT}}


def _kpis_of(an: Analysis) -> dict[str, set[str]]:
    """Project -> the KPIs of the goals it reaches (carries, or serves through its milestones)."""
    m = an.model
    goal_kpis: dict[str, set[str]] = defaultdict(set)
    for g in m.of_kind("Goal"):
        goal_kpis[g.id].update(link_ids(g.kpis))
    for kr in m.of_kind("KeyResult"):
        goal_kpis[kr.goal.ref].update(link_ids(kr.kpis))
    out: dict[str, set[str]] = defaultdict(set)
    for p in an.direct:
        for g in an.work_of(p).get("Goal", []):
            out[p] |= goal_kpis.get(g, set())
    return out


def _state(an: Analysis, p: Any) -> dict[str, str | None]:
    return {"status": p.status.value if p.status else None, "disposition": p.disposition.value if p.disposition else None,
            "funding_class": p.funding_class.value if p.funding_class else None,
            "merge_into": ", ".join(link_ids(p.merge_into)) or None, "end": p.end}


def _decision(an: Analysis, a: Any, b: Any, work: dict[str, Any] | None, lang: str, text: Any,
              kpis_shared: bool = False) -> str:
    """The decision the overlap asks for, in the planner's words."""
    da = a.disposition.value if a.disposition else None
    db = b.disposition.value if b.disposition else None
    if a.id in link_ids(b.merge_into) or b.id in link_ids(a.merge_into):
        src, dst = (b, a) if a.id in link_ids(b.merge_into) else (a, b)
        return text("review.merge_pending", lang, src=src.id, dst=dst.id)
    if "shell" in (da, db):
        shell, other = (a, b) if da == "shell" else (b, a)
        return text("review.shell", lang, shell=shell.id, other=other.id)
    if not work:
        return text("review.kpi_only" if kpis_shared else "review.similar_only", lang, a=a.id, b=b.id)
    if work["containment"] >= 0.8:
        small, big = (a, b) if len(an.direct.get(a.id, {})) <= len(an.direct.get(b.id, {})) else (b, a)
        return text("review.contained", lang, small=small.id, big=big.id)
    return text("review.split", lang, a=a.id, b=b.id)


def _groups(an: Analysis, projects: dict[str, Any], lang: str, text: Any) -> list[dict[str, Any]]:
    by_target: dict[str, list[str]] = defaultdict(list)
    for pid, p in projects.items():
        for t in link_ids(p.merge_into):
            by_target[t].append(pid)
    out = []
    for target, members in sorted(by_target.items()):
        if len(members) < 2:
            continue
        out.append({"target": target, "projects": sorted(members),
                    "state": {p: _state(an, projects[p]) for p in [target, *sorted(members)] if p in projects},
                    "decision": text("review.group", lang, target=target, projects=", ".join(sorted(members)))})
    return out
