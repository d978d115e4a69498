"""The roadmap: phases as columns, themes as lanes, milestones with their carriers and goals."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from strategygraph.views.diagrams.common import (
    ACCEPTED_BORDER,
    MAX_NODES,
    PALETTE,
    WARN,
    Canvas,
    Diagram,
    Overlay,
    check_theme,
    esc,
    html_lines,
    ids_of,
    natural_key,
    plain,
    slug,
    small,
    sorted_phases,
    sorted_themes,
)
from strategygraph.views.i18n import status_name, ui


def roadmap_cells(m: Any) -> tuple[dict[str, list[Any]], dict[tuple[str, str], list[Any]]]:
    """The roadmap's content: goals per milestone they serve, and milestones per (theme, phase) cell."""
    goals_of: dict[str, list[Any]] = defaultdict(list)
    for gl in m.of_kind("Goal"):
        for ms in ids_of(gl.serves):
            goals_of[ms].append(gl)
    cells: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for ms in m.of_kind("Milestone"):
        cells[(ms.theme.ref, ms.phase.ref)].append(ms)
    return goals_of, cells


#: with more phases than this the roadmap is a summary table (counts per cell)
MAX_PHASES = 8


def roadmap(ctx: Any, overlay: Overlay, theme: str | None = None) -> Diagram:
    """Phases as columns, themes as lanes; each cell lists its milestones, who carries them and the goals serving them.

    Drawn as one table: milestones are numbered within their cell, and the
    binding goals that serve a cell's milestones are listed once, under them,
    with the numbers of the milestones they serve. A roadmap with more than
    :data:`MAX_PHASES` phases or too many milestones for one page becomes a
    summary: per cell the number of milestones and how many have no carrier.
    """
    check_theme(ctx, theme)
    m, lang = ctx.model, ctx.lang
    title = ui(lang, "roadmap") + (f" – {m.label(theme, lang)}" if theme else "")
    name = "roadmap" + (f"-{slug(theme)}" if theme else "")
    c = Canvas(ctx, overlay, "roadmap", title)
    phases = sorted_phases(m)
    themes = [t for t in sorted_themes(m) if theme is None or t.id == theme]
    if not phases or not themes:
        c.note(c.g, "_empty", ui(lang, "none"))
        return c.finish(name)
    goals_of, cells = roadmap_cells(m)
    tm = _time(c)
    n_ms = sum(len(v) for (t_id, _), v in cells.items() if theme is None or t_id == theme)
    if len(phases) > MAX_PHASES or n_ms > MAX_NODES:
        rows = _summary_rows(c, tm, themes, phases, cells)
        c.subtitle = ui(lang, "roadmap_summary", n=n_ms)
    else:
        rows = _detail_rows(c, tm, themes, phases, cells, goals_of)
    if tm.as_of:
        c.subtitle = (c.subtitle + " · " if c.subtitle else "") + ui(lang, "as_of", date=tm.as_of)
    table = ('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="0" BGCOLOR="#FAFBFC">'
             + "".join(rows) + "</TABLE>")
    c.g.node("_roadmap", label=f"<{table}>", shape="plain", style="", tooltip=plain(title))
    return c.finish(name)


#: phase header colours by state at the as-of date (no state: a phase with only a relative period)
PHASE_FILL = {"past": "#90A4AE", "current": "#1565C0", "future": "#37474F", None: "#37474F"}
#: progress colours (the organization's colour ids) as drawn
PROGRESS_FILL = {"green": "#2E7D32", "yellow": "#E0A23A", "red": "#C0392B"}


@dataclass
class _Time:
    """The roadmap's time overlay: the as-of date, each phase's state, progress and carriers, each milestone's figure."""

    as_of: str = ""
    phases: dict[str, dict[str, Any]] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)


def _time(c: Canvas) -> _Time:
    """Phases past, current or future at the context's as-of date, with their milestones' progress and carriers."""
    from strategygraph.analysis.progress import Progress

    as_of = getattr(c.ctx, "as_of", None)
    p = Progress(c.model, c.ctx.config, as_of=as_of, lang=c.lang)
    return _Time(as_of.isoformat() if as_of else "", {ph["id"]: ph for ph in p.phases(c.an)},
                 {f.id: f for f in p.rows(("Milestone",))})


def _progress_text(c: Canvas, percent: float | None, colour: str | None, size: int = 9,
                   font: str = "#1C2833") -> str:
    if percent is None:
        return ""
    dot = PROGRESS_FILL.get(colour or "", "#9E9E9E")
    c.mark(f"progress:{colour}", ui(c.lang, "progress_colour", colour=ui(c.lang, f"colour_{colour}")),
           "#FFFFFF", "#FFFFFF", sample=f'<FONT COLOR="{dot}">●</FONT>', border_width=0)
    return f'<FONT COLOR="{dot}" POINT-SIZE="{size}">●</FONT><FONT COLOR="{font}" POINT-SIZE="{size}"> {percent:.0f} %</FONT>'


def _phase_head(c: Canvas, tm: _Time, phases: list[Any], width: int = 260, label_width: int = 34) -> str:
    lang = c.lang
    out = '<TR><TD BORDER="0"></TD>'
    for p in phases:
        ph = tm.phases.get(p.id, {})
        state = ph.get("state")
        extra = ""
        if state:
            c.mark(f"phase:{state}", ui(lang, f"phase_{state}_long", date=tm.as_of), PHASE_FILL[state],
                   PHASE_FILL[state])
            extra += f'<BR/><FONT COLOR="#FFFFFF" POINT-SIZE="9"><B>{esc(ui(lang, "phase_" + state))}</B></FONT>'
        if ph.get("percent") is not None:
            extra += ('<BR/>' + _progress_text(c, ph["percent"], ph["colour"], 9, "#FFFFFF")
                      + f'<FONT COLOR="#FFFFFF" POINT-SIZE="8"> ({esc(ui(lang, "with_figure", n=ph["with_progress"], total=ph["milestones"]))})</FONT>')
        if ph.get("carriers"):
            names = ", ".join(c.model.label(x, lang) for x in ph["carriers"])
            extra += '<BR/>' + small(ui(lang, "carried_by") + ": " + names, "#FFFFFF", 8, width=48, max_lines=3)
        out += (f'<TD BGCOLOR="{PHASE_FILL[state]}" CELLPADDING="7" WIDTH="{width}">'
                f'<FONT COLOR="#FFFFFF" POINT-SIZE="13"><B>{esc(p.period_text)}</B>'
                f'<BR/></FONT><FONT COLOR="#FFFFFF" POINT-SIZE="11">{html_lines(p.label.get(lang), label_width, 3)}'
                f'</FONT>{extra}</TD>')
    return out + "</TR>"


def _lane_head(c: Canvas, t: Any, depth: int) -> str:
    tf, _, tfont = PALETTE["Theme"]
    bad = t.id in c.o.uncarried
    return (f'<TD ROWSPAN="{depth}" BGCOLOR="{WARN[1] if bad else tf}" CELLPADDING="8" WIDTH="130" VALIGN="MIDDLE">'
            f'<FONT COLOR="{tfont}" POINT-SIZE="12"><B>{html_lines(t.label.get(c.lang), 16, 6)}</B></FONT>'
            + (f'<BR/><FONT COLOR="{tfont}" POINT-SIZE="8">⚠ {esc(ui(c.lang, "uncarried"))}</FONT>' if bad else "")
            + "</TD>")


def _summary_rows(c: Canvas, tm: _Time, themes: list[Any], phases: list[Any],
                  cells: dict[tuple[str, str], list[Any]]) -> list[str]:
    """Per theme its milestones by phase (only the phases it has): a big roadmap stays one readable page."""
    lang = c.lang
    c.mark_kind("Milestone")
    head = (f'<TD BGCOLOR="#37474F" CELLPADDING="6"><FONT COLOR="#FFFFFF"><B>{esc(ui(lang, "theme_lane"))}</B></FONT>'
            f'</TD><TD BGCOLOR="#37474F" CELLPADDING="6"><FONT COLOR="#FFFFFF"><B>{esc(ui(lang, "phase"))}: '
            f'{esc(ui(lang, "milestones_n"))}</B></FONT></TD>')
    rows = [f"<TR>{head}</TR>"]
    for t in themes[:MAX_NODES // 4]:
        parts = []
        for p in phases:
            items = cells.get((t.id, p.id), [])
            if not items:
                continue
            bad = sum(1 for ms in items if ms.id in c.o.uncarried)
            state = tm.phases.get(p.id, {}).get("state")
            when = f", {ui(lang, 'phase_' + state)}" if state else ""
            text = f"{p.label.get(lang)} ({p.period_text}{when}): {len(items)}"
            if bad:
                c.mark("uncarried", ui(lang, "uncarried"), *WARN[:2], border_width=2)
                parts.append(f'<FONT COLOR="{WARN[1]}">{esc(text)} ⚠ {bad}</FONT>')
            else:
                parts.append(esc(text))
        fill, border, _ = PALETTE["Milestone"]
        body = '<BR ALIGN="LEFT"/>'.join(parts) or "–"
        rows.append(f"<TR>{_lane_head(c, t, 1)}<TD BORDER=\"1\" COLOR=\"{border}\" BGCOLOR=\"{fill}\" "
                    f'ALIGN="LEFT" CELLPADDING="5"><FONT POINT-SIZE="10">{body}</FONT><BR ALIGN="LEFT"/></TD></TR>')
        c.count += 1
    if len(themes) > MAX_NODES // 4:
        c.notes.append(ui(lang, "more", n=len(themes) - MAX_NODES // 4))
    return rows


def _detail_rows(c: Canvas, tm: _Time, themes: list[Any], phases: list[Any], cells: dict[tuple[str, str], list[Any]],
                 goals_of: dict[str, list[Any]]) -> list[str]:
    rows = [_phase_head(c, tm, phases)]
    c.mark_kind("Milestone")
    for t in themes:
        lane_cards: list[list[str]] = []
        for p in phases:
            items = sorted(cells.get((t.id, p.id), []), key=lambda e: natural_key(e.id))
            cards = []
            goal_nums: dict[str, list[int]] = {}
            goal_obj: dict[str, Any] = {}
            for k, ms in enumerate(items, 1):
                c.count += 1
                cards.append(_milestone_card(c, tm, k, ms))
                for gl in goals_of.get(ms.id, []):
                    goal_nums.setdefault(gl.id, []).append(k)
                    goal_obj[gl.id] = gl
            if goal_nums:
                order = sorted(goal_nums, key=lambda g: (goal_nums[g][0], natural_key(g)))
                cards.append(_goals_card(c, [(goal_obj[g], goal_nums[g]) for g in order]))
            lane_cards.append(cards)
        depth = max([len(x) for x in lane_cards] + [1])
        lane = _lane_head(c, t, depth)
        c.count += 1
        for r in range(depth):
            tr = lane if r == 0 else ""
            for cards in lane_cards:
                if r < len(cards):
                    tr += cards[r]
                elif r == len(cards):
                    dash = small("–", "#B0BEC5") if r == 0 else ""
                    tr += f'<TD ROWSPAN="{depth - r}" BORDER="0">{dash}</TD>'
            rows.append(f"<TR>{tr}</TR>")
        rows.append(f'<TR><TD COLSPAN="{len(phases) + 1}" HEIGHT="3" CELLPADDING="0" BGCOLOR="#CFD8DC"></TD></TR>')
    return rows


def _milestone_card(c: Canvas, tm: _Time, k: int, ms: Any) -> str:
    m, an, lang, overlay = c.model, c.an, c.lang, c.o
    fill, border, font = PALETTE["Milestone"]
    bw = 1
    marks = []
    if ms.id in overlay.uncarried:
        fill, border, font = WARN
        bw = 2
        c.mark("uncarried", ui(lang, "uncarried"), *WARN[:2], border_width=2)
    if ms.id in overlay.accepted:
        border, bw = ACCEPTED_BORDER, 2
        marks.append(small("✓ " + ui(lang, "accepted"), ACCEPTED_BORDER))
        c.mark("accepted", ui(lang, "accepted"), "#FFFFFF", ACCEPTED_BORDER, border_width=2,
               sample='<FONT COLOR="#2E7D32">✓</FONT>')
    carriers = sorted(an.carriers_of(ms.id), key=lambda x: natural_key(m.label(x, lang)))
    others = sorted(an.projects_of(ms.id) - set(carriers), key=lambda x: natural_key(m.label(x, lang)))
    if carriers:
        who = "→ " + ", ".join(m.label(x, lang) for x in carriers)
        marks.append(small(who, "#2E7D4F", width=44, max_lines=3, align="LEFT"))
    elif others:
        who = "→ " + ", ".join(f"{m.label(x, lang)} ({status_name(an.status.get(x, '?'), lang)})" for x in others)
        marks.append(small(who, "#616161", width=44, max_lines=3, align="LEFT"))
        c.mark("noncarrying", ui(lang, "noncarrying"), "#FFFFFF", "#616161",
               sample='<FONT COLOR="#616161">→</FONT>')
    else:
        marks.append(small("⚠ " + ui(lang, "uncarried"), WARN[1]))
    fig = tm.figures.get(ms.id)
    if fig is not None and fig.percent is not None:
        marks.insert(0, _progress_text(c, fig.percent, fig.colour, 8))
    text = html_lines(ms.label.get(lang), 36, 5, "LEFT")
    return (f'<TD BORDER="{bw}" COLOR="{border}" BGCOLOR="{fill}" ALIGN="LEFT" VALIGN="TOP" CELLPADDING="5">'
            f'<FONT COLOR="{font}"><B>{k}</B>  {text}</FONT><BR ALIGN="LEFT"/>'
            + '<BR ALIGN="LEFT"/>'.join(marks) + '<BR ALIGN="LEFT"/></TD>')


def _goals_card(c: Canvas, goals: list[tuple[Any, list[int]]]) -> str:
    lang, overlay = c.lang, c.o
    gf, gb, _ = PALETTE["Goal"]
    c.mark_kind("Goal")
    inner = []
    for gl, nums in goals:
        border, style, extra = gb, "", ""
        if gl.id in overlay.unowned:
            border, style = "#424242", ' STYLE="dashed"'
            c.mark("unowned", ui(lang, "unowned"), "#FFFFFF", "#424242", "dashed", border_width=2)
        if gl.id in overlay.accepted:
            border = ACCEPTED_BORDER
            extra += " " + small("✓", ACCEPTED_BORDER)
        fill = gf
        if gl.id in overlay.uncarried:
            fill = WARN[0]
            c.mark("uncarried_goal", ui(lang, "uncarried_goal"), WARN[0], gb)
        ref = f'<FONT POINT-SIZE="8" COLOR="#5B3F80">◆ {gl.year} ({", ".join(str(n) for n in nums)})</FONT> '
        inner.append(f'<TR><TD BORDER="1" COLOR="{border}" BGCOLOR="{fill}"{style} ALIGN="LEFT" CELLPADDING="2">'
                     f'{ref}<FONT POINT-SIZE="8">{html_lines(gl.label.get(lang), 48, 4, "LEFT")}'
                     f'</FONT>{extra}<BR ALIGN="LEFT"/></TD></TR>')
    return ('<TD BORDER="0" VALIGN="TOP" CELLPADDING="0"><TABLE BORDER="0" CELLSPACING="2" CELLPADDING="0">'
            + "".join(inner) + "</TABLE></TD>")
