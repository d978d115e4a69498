"""The overlap review as a picture: overlapping project pairs and what they share."""

from __future__ import annotations

from typing import Any

from strategygraph.views.diagrams.common import (
    ACCEPTED_BORDER,
    MAX_NODES,
    MUTED,
    PALETTE,
    Canvas,
    Diagram,
    Overlay,
    html_lines,
    natural_key,
    plain,
    project_node,
    score_colour,
    small,
)
from strategygraph.views.i18n import kind_name, ui


def overlaps(ctx: Any, overlay: Overlay, shared: bool = False, min_score: float | None = None) -> Diagram:
    """Projects joined by their overlap score; with ``shared`` the shared items as small nodes."""
    m, lang, an = ctx.model, ctx.lang, ctx.analysis
    pairs = an.overlap_pairs(min_score)
    ms = ctx.config.overlap_min_score if min_score is None else min_score
    projects = sorted({p for pr in pairs for p in pr["projects"]}, key=natural_key)
    items = sorted({i for pr in pairs for i in pr["shared"]}, key=natural_key) if shared else []
    if len(projects) + len(items) > MAX_NODES:
        items = []
        if len(projects) > MAX_NODES:
            pairs = pairs[:MAX_NODES // 2]
            projects = sorted({p for pr in pairs for p in pr["projects"]}, key=natural_key)
    big = len(projects) + len(items) > 60
    engine = "sfdp" if big else "dot"
    layout = ({"overlap": "false", "sep": "+14", "splines": "true", "K": "1.2"} if big
              else {"rankdir": "LR", "ranksep": "1.1", "nodesep": "0.3"})
    c = Canvas(ctx, overlay, "overlaps", ui(lang, "overlaps"), ui(lang, "min_score", min=f"{ms:g}"),
                directed=False, **layout)
    g = c.g
    if not pairs:
        c.note(g, "_empty", ui(lang, "none_overlaps", min=f"{ms:g}"))
        return c.finish("overlaps", "dot")
    for p in projects:
        project_node(c, g, p)
    c.mark_edge("overlap", ui(lang, "overlap_edge"), "#8E44AD", bold=True, arrow=False)
    for pr in pairs:
        a, b = pr["projects"]
        s = pr["score"]
        accepted = frozenset((a, b)) in overlay.accepted_pairs
        colour = ACCEPTED_BORDER if accepted else score_colour(s)
        shared_txt = "; ".join(m.label(x, lang) for x in pr["shared"][:12])
        g.edge(a, b, label=f"{s:.2f}" + (" ✓" if accepted else ""), penwidth=f"{1 + 6 * s:.1f}", color=colour,
               fontcolor=colour, fontsize="11", style="dashed" if accepted else "solid",
               constraint="false" if items else "true",
               tooltip=plain(f"{m.label(a, lang)} – {m.label(b, lang)}: {ui(lang, 'score')} {s:.2f}\n{shared_txt}"))
        if accepted:
            c.mark_edge("accepted_overlap", f"{ui(lang, 'overlap_edge')}: {ui(lang, 'accepted')}", ACCEPTED_BORDER,
                        "dashed", arrow=False)
    if items:
        for it in items:
            kind = m.kind_of(it) or "Action"
            fill, border, font = PALETTE.get(kind, PALETTE["Action"])
            g.node(it, label="<" + small(kind_name(kind, lang, m), MUTED, 7) + "<BR/>"
                   + html_lines(m.label(it, lang), 22, 3)
                   + ">", fontsize="8", fillcolor=fill, color=border, tooltip=plain(f"{m.label(it, lang)} [{it}]"))
            c.mark_kind(kind)
            c.count += 1
        seen: set[tuple[str, str]] = set()
        for pr in pairs:
            a, b = pr["projects"]
            for it in pr["shared"]:
                for x, y in ((a, it), (it, b)):  # items between the two projects
                    if (x, y) not in seen:
                        seen.add((x, y))
                        g.edge(x, y, color="#C9CED2", penwidth="0.8")
        c.mark_edge("shared", ui(lang, "shared_item"), "#B0B6BA", arrow=False)
    return c.finish("overlaps", engine)

