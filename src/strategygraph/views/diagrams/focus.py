"""One entity's neighbourhood."""

from __future__ import annotations

from typing import Any

from strategygraph.views.diagrams.common import (
    CYCLE,
    EDGE,
    FOCUS_BORDER,
    FOCUS_MAX_NODES,
    Canvas,
    Diagram,
    DiagramError,
    Overlay,
    esc_plain_label,
    natural_key,
    slug,
)
from strategygraph.views.i18n import RELATION_NAMES, texts, ui


def focus(ctx: Any, overlay: Overlay, entity: str, depth: int = 1) -> Diagram:
    """Everything within ``depth`` links of ``entity`` (both directions), links labelled by relation."""
    from strategygraph.analysis.graph import neighbourhood

    m, lang = ctx.model, ctx.lang
    if entity not in m:
        from strategygraph.core.util import did_you_mean

        raise DiagramError(f"unknown id {entity!r}" + did_you_mean(entity, m.entities, cutoff=0.5))
    if depth < 1:
        raise DiagramError("--depth must be 1 or more")
    gx = ctx.graph
    d = depth
    sub = neighbourhood(gx, entity, d)
    subtitle = ""
    while sub.number_of_nodes() > FOCUS_MAX_NODES and d > 1:
        d -= 1
        sub = neighbourhood(gx, entity, d)
        subtitle = ui(lang, "depth_cut", depth=d, max=FOCUS_MAX_NODES)
    nodes = list(sub.nodes)
    dropped = 0
    if len(nodes) > FOCUS_MAX_NODES:
        # keep the entity and its neighbours in id order, summarize the rest
        nodes.sort(key=lambda n: (n != entity, m.kind_of(n) or "", natural_key(n)))
        dropped = len(nodes) - (FOCUS_MAX_NODES - 1)
        nodes = nodes[:FOCUS_MAX_NODES - 1]
        sub = sub.subgraph(nodes)
    label = m.label(entity, lang)
    c = Canvas(ctx, overlay, "focus", f"{ui(lang, 'focus')}: {label}",
                subtitle or ui(lang, "focus_of", label=entity, depth=d), rankdir="LR", ranksep="0.9",
                nodesep="0.2")
    g = c.g
    for n in sorted(sub.nodes, key=lambda n: (m.kind_of(n) or "", natural_key(n))):
        c.node(g, n, width=28, max_lines=4, show_kind=True, focus=(n == entity))
    if dropped:
        c.note(g, "_more", ui(lang, "more", n=dropped))
        g.edge(entity, "_more", style="dotted", arrowhead="none")
    names = texts(RELATION_NAMES, lang)
    seen: set[tuple[str, str, str]] = set()
    for u, v, rel in sub.edges(data="relation"):
        if (u, v, rel) in seen:
            continue
        seen.add((u, v, rel))
        colour = CYCLE if (u, v) in overlay.cycle_edges else EDGE
        g.edge(u, v, label=esc_plain_label(names.get(rel, rel)), color=colour)
    c.mark("focus", f"{ui(lang, 'in_focus')}: {label}", "#FFFFFF", FOCUS_BORDER, border_width=4,
           sample=f'<FONT COLOR="{FOCUS_BORDER}">◉</FONT>')
    return c.finish(f"focus-{slug(entity)}")

