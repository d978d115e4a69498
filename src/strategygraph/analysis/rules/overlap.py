"""Overlap rules: projects doing the same work, and near-duplicate strategy elements."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from strategygraph.analysis.rules.consistency import measure_names, same_measure
from strategygraph.analysis.rules.engine import Context, Finding, Rule, rule
from strategygraph.analysis.rules.findings import LOWER
from strategygraph.core.schema import KPI


@rule("O201", "overlap.project-pair", "overlap", "warning", group=False)
def project_pair(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Two projects that share work, scored by weighted Jaccard similarity.

    What it finds
    -------------
    Project pairs that do the same work – implement the same actions, deliver
    or contribute to the same milestones, carry the same goals, develop the
    same capabilities – with score = weight of shared items / weight of all
    their items (weighted Jaccard; weights in ``overlap_weights``), at or above
    ``overlap_min_score``. Every shared item is listed in the evidence.

    Why it matters
    --------------
    Before funding decisions the PMO reviews overlap: two projects doing the
    same work waste money and confuse ownership.

    How to fix
    ----------
    Merge the projects, split the shared work explicitly, or accept the
    finding (e.g. one is a shell project that reports on the other's work).

    Example
    -------
    ``digiohjelma`` and ``syli`` both implement the residents' digital services action.

    Options
    -------
    - ``overlap_min_score``: the lowest weighted-Jaccard score reported (0.2).
    - ``overlap_weights``: the weight of each kind of shared item (Action, Milestone, Goal 1.0; Capability 0.5).
    """
    an = ctx.analysis
    for pair in an.overlap_pairs():
        a, b = pair["projects"]
        settled = [p for p in (a, b) if an.disposition.get(p) in ("shell", "merge", "discontinue")]
        kinds = ", ".join(f"{len(v)} × {ctx.kind(k, plural=True)}" for k, v in pair["shared_by_kind"].items())
        f = r.finding(ctx, [a, b], ctx.t("O201", a=ctx.name(a), b=ctx.name(b), score=f"{pair['score']:.2f}",
                                           shared=kinds),
                        fix=ctx.t("O201.fix", a=ctx.project_state(a), b=ctx.project_state(b),
                                  items=ctx.names(pair["shared"], 3)),
                        affected=[a, b, *pair["shared"]], score=pair["score"], shared=pair["shared"],
                        # a proposed shell/merge/discontinue decision on either project already settles it
                        causes=[(code, p) for p in settled for code in ("D405", "D403")],
                        shared_by_kind=pair["shared_by_kind"],
                        dispositions={p: an.disposition.get(p) for p in (a, b)})
        if settled:  # a proposed shell, merge or discontinue decision already answers the overlap
            f.severity = LOWER[f.severity]
        yield f


@rule("O202", "overlap.project-cluster", "overlap", "info")
def project_cluster(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A cluster of three or more projects joined by overlapping work.

    What it finds
    -------------
    Connected groups of at least ``cluster_min_size`` projects in the graph of
    overlapping pairs (score at or above ``overlap_min_score``).

    Why it matters
    --------------
    Pairwise reviews miss the bigger picture: a cluster is a candidate for one
    programme with one owner.

    How to fix
    ----------
    Review the cluster as a whole; consider a programme structure.

    Example
    -------
    ``assi``, ``tulevaisuuden-sote-keskus`` and ``syli`` sharing service-path work.

    Options
    -------
    - ``cluster_min_size``: the smallest cluster reported (3).
    - ``overlap_min_score``: the score at which two projects are joined.
    """
    import networkx as nx

    g = nx.Graph()
    for pair in ctx.analysis.overlap_pairs():
        g.add_edge(*pair["projects"], score=pair["score"])
    for comp in sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c)):
        if len(comp) >= ctx.config.cluster_min_size:
            yield r.finding(ctx, comp, ctx.t("O202", n=len(comp), projects=", ".join(comp)),
                            fix=ctx.t("O202.fix", projects=", ".join(comp)), affected=comp,
                            edges=[[u, v, d["score"]] for u, v, d in sorted(g.subgraph(comp).edges(data=True))])


@rule("O203", "overlap.shared-action", "overlap", "info")
def shared_action(ctx: Context, r: Rule) -> Iterator[Finding]:
    """An action implemented by two or more projects.

    What it finds
    -------------
    Actions whose *Toteutus* names several projects.

    Why it matters
    --------------
    Shared implementation is sometimes intended (a technical part and a
    content part), but then the split must be explicit, or both projects will
    assume the other one does it.

    How to fix
    ----------
    Record each project's part (``part`` / ``scope`` on the implementation), or pick one.

    Example
    -------
    "Asukkaiden digipalvelut": Digiohjelma and Syli-hanke.
    """
    for a in ctx.model.of_kind("Action"):
        projects = sorted({i.project for i in a.implementation if i.project})
        if len(projects) >= 2:
            parts = {i.project: (i.part.get(ctx.lang) if i.part else None) for i in a.implementation if i.project}
            if all(parts.values()):
                continue  # each project's part is recorded: the split is explicit
            shells = [p for p in projects if ctx.analysis.disposition.get(p) == "shell"]
            if shells and len(projects) - len(shells) <= 1:
                continue  # a shell project reports on the work the other one does: shared by decision
            pairs = [(projects[i], projects[j]) for i in range(len(projects)) for j in range(i + 1, len(projects))]
            yield r.finding(ctx, [a.id, *projects], ctx.t("O203", name=ctx.name(a.id), n=len(projects),
                                                          projects=", ".join(projects)),
                            fix=ctx.t("O203.fix", name=ctx.name(a.id), projects=", ".join(projects)),
                            causes=[("O201", x) for x, _ in pairs] + [("D403", p) for p in projects],
                            affected=[a.id], parts=parts)


_WORD = re.compile(r"[0-9a-zåäöéü]+", re.IGNORECASE)
#: common Finnish function words and strategy filler that say nothing about content
_STOP = {
    "ja", "tai", "sekä", "on", "ovat", "ei", "että", "jotta", "kun", "myös", "niin", "the", "and", "of",
    "osana", "kautta", "mukaan", "mukaisesti", "käytössä", "otettu", "käyttöön", "yli", "eri", "koko",
}
_SUFFIXES = sorted([
    "ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi", "iden", "ien", "jen", "en", "an",
    "än", "in", "na", "nä", "ta", "tä", "a", "ä", "t", "n", "ja", "jä", "ia", "iä", "den", "tten", "ssa",
], key=len, reverse=True)


def stems(text: str) -> set[str]:
    """Content stems of a Finnish (or English) text.

    Tokens are lower-cased (ä, ö, å are kept as letters), stop words dropped,
    one common case ending removed and the rest cut to six characters, so that
    inflected forms of the same word meet: ``palveluiden`` / ``palvelut`` →
    ``palvel``.
    """
    out = set()
    for tok in _WORD.findall(text.lower()):
        if tok in _STOP or len(tok) < 3:
            continue
        for suf in _SUFFIXES:
            if tok.endswith(suf) and len(tok) - len(suf) >= 4:
                tok = tok[: -len(suf)]
                break
        out.add(tok[:6])
    return out


NEAR_DUP_STEM_LIMIT = 50
NEAR_DUP_KINDS = ("Theme", "SubTheme", "Milestone", "Action", "Goal", "KPI", "Capability", "KeyResult")


@rule("O204", "overlap.near-duplicate", "overlap", "info", default=False)
def near_duplicate(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Two strategy elements of the same kind with nearly the same wording.

    What it finds
    -------------
    Pairs of themes, sub-themes, milestones, actions, goals, key results, KPIs
    or capabilities whose Finnish labels share most content stems (Jaccard of
    stem sets at or above ``near_duplicate_min_similarity``, labels with at
    least ``near_duplicate_min_tokens`` stems). Candidates come from an
    inverted index of stems, never from all pairs; a stem that more than 50
    elements of the kind share is too common to make a pair by itself. Two
    KPIs one of which is a catalogue (matrix) KPI and the other its wording
    in a goal (``Asiakkaan kokema vaikuttavuus`` / ``… (PROM)``, see C502)
    are one indicator to the analysis, not a pair.

    Why it matters
    --------------
    The same thing written twice drifts apart: two milestones that mean the
    same will be followed up twice, or not at all.

    How to fix
    ----------
    Merge them into one element and record the other wording as a ``variant``.
    The rule is off by default (word similarity cannot tell one differing word
    of substance – a place, a substance, a sector – from a rewording, so most
    pairs it finds are different measures); ``--select O204`` runs it.

    Example
    -------
    Two milestones "Osallistavat viestintäkanavat määritelty" and
    "Osallistavat viestintäkanavat määritelty ja otettu käyttöön" (similar,
    but different phases: accept or reword). "… otettu käyttöön" alone would
    not be compared: *otettu* and *käyttöön* are stop words, which leaves two
    stems, fewer than ``near_duplicate_min_tokens``.

    Options
    -------
    - ``near_duplicate_min_similarity``: the lowest Jaccard similarity of stem sets reported (0.6).
    - ``near_duplicate_min_tokens``: labels with fewer content stems are not compared (3).
    """
    cfg = ctx.config
    by_kind: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for kind in NEAR_DUP_KINDS:
        for e in ctx.model.of_kind(kind):
            s = stems(e.label.get("fi"))
            if len(s) >= cfg.near_duplicate_min_tokens:
                by_kind[kind][e.id] = s
    for kind, items in by_kind.items():
        index: dict[str, list[str]] = defaultdict(list)
        for eid, s in items.items():
            for st in s:
                index[st].append(eid)
        # a stem shared by very many elements carries no signal, and skipping it keeps the candidate
        # pairs linear in the model's size (at most NEAR_DUP_STEM_LIMIT² / 2 per stem)
        limit = NEAR_DUP_STEM_LIMIT
        candidates: dict[tuple[str, str], int] = defaultdict(int)
        for ids in index.values():
            if len(ids) < 2 or len(ids) > limit:
                continue
            ids = sorted(ids)
            for i in range(len(ids)):
                for j in range(i + 1, len(ids)):
                    candidates[(ids[i], ids[j])] += 1
        for a, b in sorted(candidates):
            if kind == "KPI" and _wording_of_catalogue_kpi(ctx, a, b):
                continue
            sa, sb = items[a], items[b]
            sim = len(sa & sb) / len(sa | sb)
            if sim + 1e-12 >= cfg.near_duplicate_min_similarity:
                yield r.finding(ctx, [a, b], ctx.t("O204", kinds=ctx.kind(kind, plural=True), a=ctx.name(a),
                                                   b=ctx.name(b), sim=f"{sim:.2f}"),
                                fix=ctx.t("O204.fix", a=a, b=b), affected=[a, b], similarity=round(sim, 3),
                                shared_stems=sorted(sa & sb))


def _wording_of_catalogue_kpi(ctx: Context, a: str, b: str) -> bool:
    """Whether one of two KPIs is in the catalogue (measures a theme) and the other is its wording."""
    ka, kb = ctx.model.get_as(a, KPI), ctx.model.get_as(b, KPI)
    if ka is None or kb is None or bool(ka.themes) == bool(kb.themes):
        return False
    return any(same_measure(x, y) for x in measure_names(ka) for y in measure_names(kb))
