"""The strategy house: meaning → values → themes → sub-themes."""

from __future__ import annotations

from typing import Any

from strategygraph.views.diagrams.common import (
    MAX_NODES,
    MUTED,
    WARN,
    Canvas,
    Diagram,
    Overlay,
    grid,
    small,
    sorted_themes,
    subthemes_of,
)
from strategygraph.views.i18n import ui


def house_values(m: Any, meanings: list[Any]) -> tuple[list[Any], list[Any]]:
    """The values of the drawn meaning(s) (linked to it, or of its edition) and the ones left out."""
    values = m.of_kind("Value")
    mids = {mn.id for mn in meanings}
    editions = {str(mn.edition) for mn in meanings if getattr(mn, "edition", None)}
    current = [v for v in values
               if (v.meaning is not None and v.meaning.ref in mids)
               or (v.meaning is None and editions and str(getattr(v, "edition", None)) in editions)]
    if not current:
        current = values
    kinds = {"value": 0, "principle": 1}
    current = sorted(current, key=lambda v: kinds.get(getattr(getattr(v, "value_kind", None), "value", ""), 2))
    shown = {v.id for v in current}
    return current, [v for v in values if v.id not in shown]


def house(ctx: Any, overlay: Overlay) -> Diagram:
    """Meaning → values → themes → sub-themes: the strategy on one page."""
    m, lang = ctx.model, ctx.lang
    meanings = m.of_kind("Meaning")
    values, hidden = house_values(m, meanings)
    subtitle = ""
    if hidden:
        eds = sorted({str(v.edition) for v in hidden if getattr(v, "edition", None)})
        subtitle = ui(lang, "values_hidden", n=len(hidden), editions=", ".join(eds) or "?")
    c = Canvas(ctx, overlay, "house", ui(lang, "house"), subtitle, rankdir="TB", newrank="true", ranksep="0.35",
                nodesep="0.3", compound="true")
    g = c.g
    themes = sorted_themes(m)
    if not (meanings or values or themes):
        c.note(g, "_empty", ui(lang, "none"))
        return c.finish("house")
    meanings = meanings[:MAX_NODES // 10]
    values = values[:MAX_NODES // 5]
    for mn in meanings:
        c.node(g, mn.id, "Meaning", width=60, max_lines=3)
        g.node(mn.id, fontsize="15", margin="0.3,0.12")
    grid(g, [mn.id for mn in meanings], 3, "meanings")
    prev_row = [mn.id for mn in meanings[:3]]
    if values:
        with g.subgraph(name="cluster_values") as s:
            s.attr(label="<" + small(ui(lang, "values"), MUTED, 10) + ">", style="rounded", color="#CFD8DC",
                   labeljust="c")
            for v in values:
                c.node(s, v.id, "Value", width=18, max_lines=2)
        rows = grid(g, [v.id for v in values], 8, "values")
        for mn in meanings[-3:][:1]:
            g.edge(mn.id, rows[0][len(rows[0]) // 2], style="invis")
        prev_row = [rows[-1][len(rows[-1]) // 2]]
    subs = {t.id: subthemes_of(m, t.id) for t in themes}
    summary = len(meanings) + len(values) + len(themes) + sum(len(x) for x in subs.values()) > MAX_NODES
    if summary:  # too big for one page: sub-themes become a count in their theme, themes a grid
        dropped = themes[MAX_NODES - 20:]
        themes = themes[:MAX_NODES - 20]
        c.subtitle = "; ".join(x for x in (c.subtitle, ui(lang, "subthemes_summarized", n=len(subs))) if x)
        if dropped:
            c.note(g, "_more_themes", ui(lang, "more", n=len(dropped)))
    per_row = 8 if summary else max(len(themes), 1)
    for i, t in enumerate(themes):
        if summary:
            bad = sum(1 for st in subs[t.id] if st.id in overlay.uncarried)
            extra = [small(ui(lang, "n_subthemes", n=len(subs[t.id])), "#DCEAF6" if t.id not in overlay.uncarried
                           else MUTED)]
            if bad:
                extra.append(small("⚠ " + ui(lang, "n_uncarried", n=bad), "#FADBD8" if t.id not in overlay.uncarried
                                   else WARN[1]))
            c.node(g, t.id, "Theme", width=22, max_lines=3, extra=extra)
            if i >= per_row:
                g.edge(themes[i - per_row].id, t.id, style="invis")
            continue
        with g.subgraph(name=f"cluster_theme_{i}") as s:
            s.attr(label="", style="rounded,filled", fillcolor="#F5F9FC", color="#C5D7E6", margin="10")
            c.node(s, t.id, "Theme", width=24, max_lines=3)
            s.node(t.id, fontsize="12")
            prev = t.id
            for st in subs[t.id]:
                c.node(s, st.id, "SubTheme", width=26, max_lines=4)
                s.edge(prev, st.id, color="#A9C1D6", arrowhead="none")
                prev = st.id
    for t in themes[:per_row]:
        for p in prev_row:
            g.edge(p, t.id, style="invis")
    grid(g, [t.id for t in themes], per_row, "themes", stack=False)
    return c.finish("house")

