"""What depends on what: dependsOn links, the phase order, cycles and single points of failure."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from strategygraph.views.diagrams.common import (
    ACCEPTED_BORDER,
    CYCLE,
    MAX_NODES,
    MUTED,
    WARN,
    Canvas,
    Diagram,
    Overlay,
    natural_key,
    plain,
    small,
    sorted_phases,
    sorted_themes,
)
from strategygraph.views.i18n import ui


def dependencies(ctx: Any, overlay: Overlay) -> Diagram:
    """What depends on what: dependsOn links, the roadmap's phase order, cycles and single points of failure."""
    m, lang = ctx.model, ctx.lang
    c = Canvas(ctx, overlay, "dependencies", ui(lang, "dependencies"), rankdir="LR", ranksep="0.9",
                nodesep="0.25", newrank="true")
    g = c.g
    dep_edges: list[tuple[str, str]] = []
    for e, site in m.links():
        if site.relation == "dependsOn" and site.target in m:
            dep_edges.append((e.id, site.target))
    dep_edges = sorted(set(dep_edges))
    nodes: set[str] = {x for e in dep_edges for x in e} | set(overlay.spof) | set(overlay.ends_early)
    nodes = {n for n in nodes if n in m}
    # single points of failure and projects ending early are always shown; then the best-connected nodes
    if len(nodes) > MAX_NODES:
        degree: dict[str, int] = defaultdict(int)
        for a, b in dep_edges:
            degree[a] += 1
            degree[b] += 1
        must = set(overlay.spof) | set(overlay.ends_early) | {x for e in overlay.cycle_edges for x in e}
        rest = sorted(nodes - must, key=lambda n: (-degree[n], n))
        keep = set(list(must)[:MAX_NODES]) | set(rest[:max(0, MAX_NODES - len(must))])
        c.notes.append(ui(lang, "more", n=len(nodes) - len(keep)))
        nodes = keep
        dep_edges = [(a, b) for a, b in dep_edges if a in nodes and b in nodes]
    if not nodes:
        c.note(g, "_empty", ui(lang, "none_deps"))
        return c.finish("dependencies")
    theme_of: dict[str, str | None] = {}
    for n in nodes:
        e = m.get(n)
        if e.KIND == "SubTheme":
            theme_of[n] = e.theme.ref
        elif e.KIND == "Action":
            st = m.get(e.subtheme.ref)
            theme_of[n] = st.theme.ref if st else None
        else:
            theme_of[n] = None
    for i, t in enumerate(sorted_themes(m)):
        members = sorted([n for n in nodes if theme_of.get(n) == t.id], key=natural_key)
        if not members:
            continue
        with g.subgraph(name=f"cluster_theme_{i}") as s:
            s.attr(label="<" + small(t.label.get(lang), "#1B4A6B", 10) + ">", style="rounded,filled",
                   fillcolor="#F5F9FC", color="#C5D7E6", labeljust="l")
            for n in members:
                c.node(s, n, width=28, max_lines=4, show_kind=True)
    for n in sorted(nodes, key=natural_key):
        if theme_of.get(n) is None:
            extra = []
            if n in overlay.ends_early:
                end = getattr(m.get(n), "end", None)
                k = len(set(overlay.ends_early[n]))
                extra.append(small(f"⚠ {ui(lang, 'ends_early_n', end=end or '?', n=k)}", WARN[1], width=40))
                c.mark("ends_early", ui(lang, "ends_early"), "#FFFFFF", WARN[1],
                       sample=f'<FONT COLOR="{WARN[1]}">⚠</FONT>')
            c.node(g, n, width=28, max_lines=4, show_kind=True, extra=extra)
    c.mark_edge("depends", ui(lang, "depends"), "#546E7A")
    for a, b in dep_edges:
        if (a, b) in overlay.cycle_edges:
            g.edge(a, b, color=CYCLE, penwidth="2.6", tooltip=plain(ui(lang, "cycle")))
            c.mark_edge("cycle", ui(lang, "cycle"), CYCLE, bold=True)
        elif (a, b) in overlay.accepted_cycle_edges:
            g.edge(a, b, color=ACCEPTED_BORDER, penwidth="2", label="✓")
            c.mark_edge("accepted_cycle", f"{ui(lang, 'cycle')}: {ui(lang, 'accepted')}", ACCEPTED_BORDER, bold=True)
        else:
            g.edge(a, b, color="#546E7A")
    # the roadmap phases: each builds on the previous one
    phases = sorted_phases(m)
    if 1 < len(phases) <= 12:
        with g.subgraph(name="cluster_phases") as s:
            s.attr(label="<" + small(ui(lang, "roadmap"), MUTED, 10) + ">", style="rounded", color="#CFD8DC")
            for p in phases:
                c.node(s, p.id, "Phase", label=f"{p.period_text} {p.label.get(lang)}", width=22, max_lines=3)
            for a, b in zip(phases, phases[1:], strict=False):
                s.edge(a.id, b.id, dir="back", style="dashed", color="#90A4AE", tooltip=plain(ui(lang, "phase_order")))
        c.mark_edge("phase_order", ui(lang, "phase_order"), "#90A4AE", "dashed")
    return c.finish("dependencies")

