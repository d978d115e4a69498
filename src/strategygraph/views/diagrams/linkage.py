"""How projects carry the strategy: an overview, or one theme in detail."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from strategygraph.views.diagrams.common import (
    MAX_NODES,
    PALETTE,
    WARN,
    Canvas,
    Diagram,
    Overlay,
    actions_of,
    check_theme,
    esc,
    html_lines,
    ids_of,
    natural_key,
    plain,
    projects_column,
    slug,
    small,
    sorted_phases,
    sorted_projects,
    sorted_themes,
    subthemes_of,
)
from strategygraph.views.i18n import carrier_name, kind_name, ui


def linkage(ctx: Any, overlay: Overlay, theme: str | None = None) -> Diagram:
    """Strategy elements and the projects that carry them (overview, or one theme in detail)."""
    check_theme(ctx, theme)
    return _linkage_theme(ctx, overlay, theme) if theme else _linkage_overview(ctx, overlay)


def _linkage_overview(ctx: Any, overlay: Overlay) -> Diagram:
    m, lang, an = ctx.model, ctx.lang, ctx.analysis
    c = Canvas(ctx, overlay, "linkage", ui(lang, "linkage"), ui(lang, "overview"), rankdir="LR", ranksep="1.5",
                nodesep="0.16", newrank="true")
    g = c.g
    themes = sorted_themes(m)
    # project -> sub-theme: actions it implements; project -> theme's milestones: milestones it reaches
    to_st: dict[tuple[str, str], int] = defaultdict(int)
    for a in m.of_kind("Action"):
        for imp in a.implementation:
            if imp.project and imp.project in m:
                to_st[(imp.project, a.subtheme.ref)] += 1
    milestones_of: dict[str, list[str]] = defaultdict(list)
    for ms in m.of_kind("Milestone"):
        milestones_of[ms.theme.ref].append(ms.id)
    to_ms: dict[tuple[str, str], int] = defaultdict(int)
    for t, ids in milestones_of.items():
        for ms in ids:
            for p in an.projects_of(ms):
                to_ms[(p, t)] += 1
    steered = {(p.id, t) for p in m.of_kind("Project") for t in ids_of(p.steered_under) if t in m}
    projects = sorted_projects(m, an, [p for p, _ in to_st] + [p for p, _ in to_ms] + [p for p, _ in steered],
                                lang)
    elements = len(themes) * 2 + sum(len(subthemes_of(m, t.id)) for t in themes)
    if elements + len(projects) > MAX_NODES:
        return _linkage_by_theme(c, themes, projects, to_st, to_ms)
    dropped: list[str] = []
    shown = set(projects)
    anchor: dict[str, str] = {}
    for i, t in enumerate(themes):
        with g.subgraph(name=f"cluster_theme_{i}") as s:
            s.attr(label="", style="rounded,filled", fillcolor="#F5F9FC", color="#C5D7E6")
            c.node(s, t.id, "Theme", width=22, max_lines=3)
            for st in subthemes_of(m, t.id):
                c.node(s, st.id, "SubTheme", width=30, max_lines=3)
                s.edge(t.id, st.id, color="#A9C1D6", arrowhead="none")
                anchor.setdefault(t.id, st.id)
            ids = milestones_of.get(t.id, [])
            if ids:
                nid = _milestones_node(c, s, i, t.id, ids, to_ms, shown)
                anchor[t.id] = anchor.get(t.id, nid)
    extra: dict[str, list[str]] = defaultdict(list)
    for (p, st), n in sorted(to_st.items()):
        if p in shown and st in m:
            colour = "#2E7D4F" if p in an.carrying else "#9E9E9E"
            g.edge(st, p, dir="back", color=colour, penwidth=str(1 + min(n, 6) * 0.4),
                   tooltip=plain(f"{m.label(p, lang)} → {m.label(st, lang)}: {n} {ui(lang, 'actions_n')}"))
            c.mark_edge("implements", ui(lang, "implements_actions"), "#2E7D4F")
    if len(themes) > 1:  # themes top to bottom in their order
        g.node("_spine", label="", shape="point", style="invis", width="0", height="0", ordering="out")
        for t in themes:
            g.edge("_spine", t.id, style="invis")
    # steering is shown (as a line in the project) only where it is a project's only tie to the theme
    tied = {(p, m.get(st).theme.ref) for (p, st) in to_st if m.get(st) is not None}
    tied |= set(to_ms)
    linked = {p for p, _ in to_st} | {p for p, _ in to_ms}
    for p, t in sorted(steered):
        if p in shown and (p, t) not in tied:
            extra[p].append(small("⇢ " + ui(lang, "steers") + ": " + m.label(t, lang), "#546E7A", width=34))
            c.mark("steers_here", ui(lang, "steers"), "#FFFFFF", "#546E7A",
                   sample='<FONT COLOR="#546E7A">⇢</FONT>')
            if p not in linked and t in anchor:
                g.edge(anchor[t], p, style="invis")
    projects_column(c, g, projects, extra, dropped=len(dropped))
    if not projects and not themes:
        c.note(g, "_empty", ui(lang, "none"))
    return c.finish("linkage")


def _milestones_node(c: Canvas, s: Any, i: int, theme: str, ids: list[str], to_ms: dict[tuple[str, str], int],
                     shown: set[str]) -> str:
    """A theme's milestones as one count node, linked to the projects that reach them (line width = count)."""
    m, lang, an, g = c.model, c.lang, c.an, c.g
    nid = f"_ms_{i}"
    bad = sum(1 for x in ids if x in c.o.uncarried)
    fill, border, font = PALETTE["Milestone"]
    lines = [esc(ui(lang, "milestones_count", n=len(ids)))]
    if bad:
        lines.append(small("⚠ " + ui(lang, "n_uncarried", n=bad), WARN[1], 9))
        c.mark("uncarried", ui(lang, "uncarried"), *WARN[:2], border_width=2)
    s.node(nid, label="<" + '<BR ALIGN="CENTER"/>'.join(lines) + ">", fillcolor=fill,
           color=WARN[1] if bad else border, penwidth="2" if bad else "1.2", fontcolor=font,
           tooltip=plain(", ".join(m.label(x, lang) for x in ids[:30])))
    c.mark_kind("Milestone")
    c.count += 1
    s.edge(theme, nid, color="#A9C1D6", arrowhead="none")
    for p in sorted(shown):
        n = to_ms.get((p, theme))
        if n:
            colour = "#B7950B" if p in an.carrying else "#BDBDBD"
            g.edge(nid, p, dir="back", color=colour, style="dashed", penwidth=str(1 + min(n, 6) * 0.4),
                   tooltip=plain(f"{m.label(p, lang)} → {m.label(theme, lang)}: {n} {ui(lang, 'milestones_n')}"))
            c.mark_edge("milestones", ui(lang, "delivers_milestones"), "#B7950B", "dashed")
    return nid


def _linkage_by_theme(c: Canvas, themes: list[Any], projects: list[str], to_st: dict[tuple[str, str], int],
                      to_ms: dict[tuple[str, str], int]) -> Diagram:
    """The overview of a big model: themes and projects only, one edge per project and theme."""
    m, lang, an, g = c.model, c.lang, c.an, c.g
    c.g.attr(ranksep="2.5")
    links: dict[tuple[str, str], int] = defaultdict(int)
    for (p, st), n in to_st.items():
        e = m.get(st)
        if e is not None:
            links[(p, e.theme.ref)] += n
    for (p, t), n in to_ms.items():
        links[(p, t)] += n
    themes = themes[:MAX_NODES // 2]
    shown_themes = {t.id for t in themes}
    weight: dict[str, int] = defaultdict(int)
    for (p, t), n in links.items():
        if t in shown_themes:
            weight[p] += n
    ranked = sorted((p for p in projects if weight.get(p)), key=lambda p: (-weight[p], natural_key(p)))
    keep = MAX_NODES - len(themes) - 1
    shown, dropped = ranked[:keep], ranked[keep:]
    c.subtitle = ui(lang, "overview") + (f"; {ui(lang, 'projects_cut', n=len(dropped))}" if dropped else "")
    for t in themes:
        c.node(g, t.id, "Theme", width=24, max_lines=3)
    projects_column(c, g, sorted_projects(m, an, shown, lang))
    c.mark_edge("links", ui(lang, "implements_links"), "#2E7D4F")
    keep_set = set(shown)
    for (p, t), n in sorted(links.items()):
        if p in keep_set and t in shown_themes:
            g.edge(t, p, dir="back", tooltip=plain(f"{m.label(p, lang)} → {m.label(t, lang)}: {n}"), color="#2E7D4F" if p in an.carrying else "#9E9E9E",
                   penwidth=str(1 + min(n, 10) * 0.3))
    return c.finish("linkage")


def _subtheme_clusters(c: Canvas, theme: str) -> tuple[list[tuple[str, str]], str | None]:
    """One cluster per sub-theme of ``theme`` with its actions; returns (action, project) links and the first action."""
    m, lang, overlay, g = c.model, c.lang, c.o, c.g
    implements: list[tuple[str, str]] = []
    first_action: str | None = None
    for i, st in enumerate(subthemes_of(m, theme)):
        bad = st.id in overlay.uncarried
        stitle = st.label.get(lang) + ("  ⚠ " + ui(lang, "uncarried") if bad else "")
        with g.subgraph(name=f"cluster_st_{i}") as sg:
            sg.attr(label="<<B>" + html_lines(stitle, 50, 2) + "</B>>", style="rounded,filled",
                    fillcolor=WARN[0] if bad else PALETTE["SubTheme"][0],
                    color=WARN[1] if bad else PALETTE["SubTheme"][1], fontsize="11", labeljust="l")
            c.mark_kind("SubTheme")
            if bad:
                c.mark("uncarried", ui(lang, "uncarried"), *WARN[:2], border_width=2)
            acts = actions_of(m, st.id)
            if not acts:
                sg.node(f"_st_{i}", label="<" + small("–") + ">", shape="plaintext", style="")
            for a in acts:
                first_action = first_action or a.id
                extra = []
                for carrier in sorted({imp.carrier.value for imp in a.implementation if imp.carrier}):
                    extra.append(small("⟳ " + carrier_name(carrier, lang),
                                       "#6D4C41"))
                c.node(sg, a.id, "Action", width=34, max_lines=4, extra=extra)
                for imp in a.implementation:
                    if imp.project and imp.project in m:
                        implements.append((a.id, imp.project))
    return implements, first_action


def _linkage_theme(ctx: Any, overlay: Overlay, theme: str) -> Diagram:
    """One theme: its sub-themes' actions (left), the projects (middle) and its milestones by phase (right)."""
    m, lang, an = ctx.model, ctx.lang, ctx.analysis
    t = m.get(theme)
    bad_theme = theme in overlay.uncarried
    c = Canvas(ctx, overlay, "linkage", f"{ui(lang, 'linkage')} – {t.label.get(lang)}",
                f"{kind_name('Theme', lang)}: ⚠ {ui(lang, 'uncarried')}" if bad_theme else "",
                rankdir="LR", ranksep="1.3", nodesep="0.14",
                newrank="true")
    g = c.g
    c.spof_theme = theme
    if bad_theme:
        c.mark("uncarried", ui(lang, "uncarried"), *WARN[:2], border_width=2)
    delivers: list[tuple[str, str, bool]] = []  # project, milestone, direct
    implements, first_action = _subtheme_clusters(c, theme)
    milestones = [ms for ms in m.of_kind("Milestone") if ms.theme.ref == theme]
    for ms in milestones:
        direct = set(ids_of(ms.delivered_by))
        for p in an.projects_of(ms.id):
            delivers.append((p, ms.id, p in direct))
    steered = [p.id for p in m.of_kind("Project") if theme in ids_of(p.steered_under)]
    projects = sorted_projects(m, an, [p for _, p in implements] + [p for p, _, _ in delivers] + steered, lang)
    steers = {p: [small("⇢ " + ui(lang, "steers"), "#546E7A")] for p in steered}
    if steered:
        c.mark("steers_here", ui(lang, "steers"), "#FFFFFF", "#546E7A", sample='<FONT COLOR="#546E7A">⇢</FONT>')
    projects_column(c, g, projects, steers)
    if not projects:
        c.note(g, "_noprojects", ui(lang, "no_carrier"))
    for j, ph in enumerate(sorted_phases(m)):
        items = sorted([ms for ms in milestones if ms.phase.ref == ph.id], key=lambda e: natural_key(e.id))
        if not items:
            continue
        with g.subgraph(name=f"cluster_phase_{j}") as pg:
            pg.attr(label="<" + small(f"{ui(lang, 'phase')} {ph.period_text}: {ph.label.get(lang)}", "#5D4037", 10)
                    + ">", style="rounded,filled", fillcolor="#FFFCF5", color="#E0CFA0", labeljust="l")
            for ms in items:
                c.node(pg, ms.id, "Milestone", width=34, max_lines=4)
    # milestones top to bottom in phase order (flat invisible edges fix the order within the column)
    ordered = [ms.id for ph in sorted_phases(m) for ms in sorted([x for x in milestones if x.phase.ref == ph.id],
                                                           key=lambda e: natural_key(e.id))]
    for a, b in zip(ordered, ordered[1:], strict=False):  # all milestones share one rank: flat edges fix their order
        g.edge(a, b, style="invis", minlen="0")
    reached = {ms for _, ms, _ in delivers}
    for a, p in implements:
        g.edge(a, p, dir="back", color="#2E7D4F" if p in an.carrying else "#9E9E9E")
        c.mark_edge("implements", ui(lang, "implements"), "#2E7D4F")
    for p, ms, is_direct in sorted(delivers):
        colour = ("#2E7D4F" if is_direct else "#8DBF9F") if p in an.carrying else "#BDBDBD"
        g.edge(p, ms, color=colour, style="solid" if is_direct else "dashed")
        if not is_direct:
            c.mark_edge("indirect", ui(lang, "reaches_indirectly"), "#8DBF9F", "dashed")
    # keep the columns: actions | projects | milestones
    if projects:
        if first_action and not implements:
            g.edge(first_action, projects[0], style="invis")
        for ms in milestones:
            if ms.id not in reached:
                g.edge(projects[0], ms.id, style="invis")
    return c.finish(f"linkage-{slug(theme)}")

