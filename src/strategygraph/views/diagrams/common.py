"""The diagrams' common ground: errors, colours, escaping and wrapping, the findings overlay,
rendering through graphviz, the :class:`Canvas` (house style + legend) and helpers over the model."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import textwrap
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from strategygraph.views.i18n import kind_name, status_name, ui

VIEWS = ("house", "roadmap", "linkage", "dependencies", "overlaps", "focus")
FORMATS = ("svg", "png", "pdf", "dot")
#: a diagram never draws more nodes than this (it is split or summarized instead)
MAX_NODES = 250
#: a neighbourhood beyond this many nodes is drawn one step less deep (or trimmed)
FOCUS_MAX_NODES = 150
INSTALL_HINT = "install graphviz (apt-get install graphviz / brew install graphviz)"

FONT = "Helvetica"


# ------------------------------------------------------------------ errors
class DiagramError(ValueError):
    """A diagram cannot be built from these options (unknown view, theme or focus id)."""


class GraphvizNotFound(RuntimeError):
    """The graphviz executable (``dot``) is not on the PATH."""

    def __init__(self, executable: str = "dot") -> None:
        super().__init__(f"the graphviz program {executable!r} was not found on PATH; {INSTALL_HINT}")
        self.executable = executable


class RenderError(RuntimeError):
    """The graphviz binary failed (its error output in the message)."""


# ------------------------------------------------------------------ colours
PALETTE: dict[str, tuple[str, str, str]] = {
    # kind: (fill, border, font)
    "Meaning": ("#1F3B4D", "#1F3B4D", "#FFFFFF"),
    "Value": ("#E4EEF0", "#5B7B8A", "#1C2833"),
    "Theme": ("#245F8A", "#1B4A6B", "#FFFFFF"),
    "SubTheme": ("#DCEAF6", "#4A7FA8", "#1C2833"),
    "Phase": ("#ECEFF1", "#546E7A", "#1C2833"),
    "Milestone": ("#FBF1DA", "#B7950B", "#1C2833"),
    "Action": ("#FFFFFF", "#7B8A97", "#1C2833"),
    "Project": ("#DDF1E1", "#2E7D4F", "#1C2833"),
    "Capability": ("#FFF6DB", "#C69A1C", "#1C2833"),
    "KPI": ("#E2F3F0", "#1B8A7A", "#1C2833"),
    "Goal": ("#ECE3F5", "#7D5BA6", "#1C2833"),
    "KeyResult": ("#F4EFFA", "#9A7DBF", "#1C2833"),
    "Task": ("#F7F4FB", "#A895C2", "#1C2833"),
    "Unit": ("#F2F2F2", "#616161", "#1C2833"),
    "Source": ("#FAFAFA", "#9E9E9E", "#1C2833"),
}
NONCARRYING = ("#EEEEEE", "#8C8C8C", "#424242")
WARN = ("#FADBD8", "#C0392B", "#641E16")
ACCEPTED_BORDER = "#2E7D32"
FOCUS_BORDER = "#1C2833"
SPOF_BORDER = "#D35400"
CYCLE = "#C0392B"
EDGE = "#8A99A6"
MUTED = "#5F6B73"

UNCARRIED_RULES = {"G101", "G102", "G103", "G104", "G106", "G118", "G119"}
UNOWNED_RULES = {"W301"}


# ------------------------------------------------------------------ escaping and wrapping
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


#: longest text put into one diagram string (graphviz refuses a quoted string over 16,384 bytes; a
#: tooltip or label longer than this is not read anyway)
MAX_DIAGRAM_TEXT = 1000


def _clean(text: Any) -> str:
    s = "" if text is None else str(text)
    if len(s) > MAX_DIAGRAM_TEXT:
        s = s[:MAX_DIAGRAM_TEXT - 1].rstrip() + "…"
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", s).replace("\\", "\u2216")


def esc(text: Any) -> str:
    """Text for an HTML-like label: entities escaped, backslashes neutralized, no control characters."""
    return html.escape(_clean(text), quote=True)


def plain(text: Any) -> Any:
    """Text for a plain DOT attribute (tooltip): quoted by the graphviz package, never read as HTML."""
    import graphviz

    s = _clean(text).replace("\n", "\\n")
    return graphviz.nohtml(s)


def wrap(text: Any, width: int = 28, max_lines: int = 5) -> list[str]:
    """Wrap ``text`` into at most ``max_lines`` lines (explicit newlines kept); longer text ends with '…'."""
    lines: list[str] = []
    for para in _clean(text).split("\n"):
        para = " ".join(para.split())
        if not para:
            continue
        lines += textwrap.wrap(para, width=width, break_long_words=len(para) > width * 2,
                               break_on_hyphens=True) or [para]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" .,;:") + " …"
    return lines or [""]


def html_lines(text: Any, width: int = 28, max_lines: int = 5, align: str = "CENTER") -> str:
    """``text`` wrapped and escaped, lines separated by ``<BR ALIGN=align/>``."""
    return f'<BR ALIGN="{align}"/>'.join(esc(x) for x in wrap(text, width, max_lines))


def small(text: Any, colour: str = MUTED, size: int = 8, width: int | None = None, max_lines: int = 3,
          align: str = "CENTER") -> str:
    """``text`` in a small font (wrapped at ``width`` characters when given)."""
    body = html_lines(text, width, max_lines, align) if width else esc(text)
    return f'<FONT POINT-SIZE="{size}" COLOR="{colour}">{body}</FONT>'


def natural_key(s: str) -> list[Any]:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", s)]


def slug(entity_id: str) -> str:
    """A file-name-safe form of an id (``theme/x`` → ``theme_x``), distinct for distinct ids.

    Where the readable form could stand for another id too (the id holds ``_`` or characters other than
    letters, digits, ``.``, ``-`` and ``/``), a short hash of the id is added:

    >>> slug("theme/a_b") != slug("theme_a/b") != slug("theme/a/b")
    True
    >>> slug("theme/a-b")
    'theme_a-b'
    """
    readable = re.sub(r"[^a-zA-Z0-9._-]+", "_", entity_id).strip("_") or "x"
    if re.fullmatch(r"[a-zA-Z0-9.-]+(/[a-zA-Z0-9.-]+)*", entity_id):
        return readable
    import hashlib

    return f"{readable}-{hashlib.sha1(entity_id.encode('utf-8')).hexdigest()[:8]}"


# ------------------------------------------------------------------ findings overlay
def _fa(f: Any, name: str) -> Any:
    return f.get(name) if isinstance(f, dict) else getattr(f, name)


@dataclass
class Overlay:
    """What the findings say about each element, in the form the views draw it."""

    uncarried: set[str] = field(default_factory=set)
    unowned: set[str] = field(default_factory=set)
    accepted: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    spof: dict[str, list[tuple[float, str]]] = field(default_factory=lambda: defaultdict(list))
    cycle_edges: set[tuple[str, str]] = field(default_factory=set)
    accepted_cycle_edges: set[tuple[str, str]] = field(default_factory=set)
    ends_early: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    accepted_pairs: set[frozenset[str]] = field(default_factory=set)
    messages: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    #: when set, each drawn element links to ``link_prefix + id`` (the report's element sections)
    link_prefix: str | None = None

    @classmethod
    def from_findings(cls, findings: Iterable[Any]) -> Overlay:
        o = cls()
        for f in findings:
            rule, subjects, accepted = _fa(f, "rule"), list(_fa(f, "subjects")), _fa(f, "accepted")
            evidence = _fa(f, "evidence") or {}
            for s in subjects[:1]:
                o.messages[s].append(f"{rule}: {_fa(f, 'message')}" + (" ✓" if accepted else ""))
            if not subjects:
                continue
            head = subjects[0]
            if rule in UNCARRIED_RULES or rule in UNOWNED_RULES:
                if accepted:
                    o.accepted[head].append(rule)
                elif rule in UNCARRIED_RULES:
                    o.uncarried.add(head)
                else:
                    o.unowned.add(head)
            elif rule == "D404" and len(subjects) >= 2:
                o.spof[head].append((float(evidence.get("share", 0)), subjects[1]))
            elif rule == "D401":
                path = evidence.get("cycle") or []
                edges = {(path[i], path[i + 1]) for i in range(len(path) - 1)}
                (o.accepted_cycle_edges if accepted else o.cycle_edges).update(edges)
            elif rule == "D402" and len(subjects) >= 2 and not accepted:
                o.ends_early[head].append(subjects[1])
            elif rule == "O201" and accepted and len(subjects) >= 2:
                o.accepted_pairs.add(frozenset(subjects[:2]))
        return o


# ------------------------------------------------------------------ the diagram
@dataclass
class Diagram:
    """One drawn view: DOT source plus how to lay it out."""

    view: str
    name: str  # file stem, e.g. "linkage-sopiva-polku"
    title: str
    source: str
    engine: str = "dot"
    nodes: int = 0
    notes: list[str] = field(default_factory=list)

    def render(self, fmt: str = "svg") -> bytes:
        return render(self.source, fmt, self.engine)


def find_graphviz(executable: str = "dot") -> str:
    """The path of the graphviz executable, or :class:`GraphvizNotFound`."""
    path = shutil.which(executable)
    if not path:
        raise GraphvizNotFound(executable)
    return path


def render(source: str, fmt: str = "svg", engine: str = "dot", timeout: float = 300) -> bytes:
    """Lay out DOT ``source`` with ``engine`` and return it as ``fmt`` (svg, png, pdf, dot).

    ``dot`` returns the source itself and needs no graphviz installation.

    Raises
    ------
    GraphvizNotFound
        If the graphviz binary is not installed.
    RenderError
        If graphviz fails.
    """
    if fmt not in FORMATS:
        raise DiagramError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "dot":
        return source.encode("utf-8")
    exe = find_graphviz()
    args = [exe, f"-K{engine}", f"-T{fmt}"]
    if fmt == "png":
        args.append("-Gdpi=144")
    try:
        proc = subprocess.run(args, input=source.encode("utf-8"), capture_output=True, timeout=timeout)
    except FileNotFoundError:
        raise GraphvizNotFound() from None
    except subprocess.TimeoutExpired:
        raise RenderError(f"graphviz ({engine}) took longer than {timeout:.0f} s") from None
    if proc.returncode != 0 or not proc.stdout:
        err = proc.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"graphviz ({engine} -T{fmt}) failed: {err or 'no output'}")
    return proc.stdout


# ------------------------------------------------------------------ canvas: graph + legend
class Canvas:
    """A graphviz graph with the house style, the overlay and a legend of the marks it used."""

    def __init__(self, ctx: Any, overlay: Overlay, view: str, title: str, subtitle: str = "",
                 directed: bool = True, **graph_attr: str) -> None:
        import graphviz

        self.ctx = ctx
        self.model = ctx.model
        self.an = ctx.analysis
        self.lang = ctx.lang
        self.o = overlay
        self.view = view
        self.title = title
        self.subtitle = subtitle
        cls = graphviz.Digraph if directed else graphviz.Graph
        attrs = {"charset": "UTF-8", "fontname": FONT, "fontsize": "11", "bgcolor": "white", "pad": "0.3",
                 "nodesep": "0.25", "ranksep": "0.55", "labelloc": "t", "labeljust": "l",
                 "outputorder": "edgesfirst"}
        attrs.update(graph_attr)
        self.g = cls(name=view, graph_attr=attrs,
                     node_attr={"shape": "box", "style": "rounded,filled", "fontname": FONT, "fontsize": "10",
                                "margin": "0.12,0.06", "penwidth": "1.2", "color": "#7B8A97",
                                "fillcolor": "#FFFFFF", "fontcolor": "#1C2833"},
                     edge_attr={"color": EDGE, "arrowsize": "0.7", "fontname": FONT, "fontsize": "9",
                                "fontcolor": MUTED, "penwidth": "1.1"})
        self.legend: dict[str, str] = {}  # key -> HTML cells
        self.count = 0
        self.notes: list[str] = []
        #: draw single-point-of-failure marks only for this theme (None: all)
        self.spof_theme: str | None = None

    # -- legend
    def mark(self, key: str, label: str, fill: str = "#FFFFFF", border: str = "#7B8A97", style: str = "",
             font: str = "#1C2833", sample: str = "    ", border_width: int = 1) -> None:
        if key in self.legend:
            return
        st = f' STYLE="{style}"' if style else ""
        self.legend[key] = (f'<TD BORDER="{border_width}" COLOR="{border}" BGCOLOR="{fill}"{st} CELLPADDING="3">'
                            f'<FONT COLOR="{font}" POINT-SIZE="9">{sample}</FONT></TD>'
                            f'<TD ALIGN="LEFT"><FONT POINT-SIZE="9">{esc(label)}</FONT></TD>')

    def mark_edge(self, key: str, label: str, colour: str, style: str = "solid", bold: bool = False,
                  arrow: bool = True) -> None:
        if key in self.legend:
            return
        glyph = {"dashed": "╌╌╌", "dotted": "┈┈┈"}.get(style, "━━━" if bold else "───")
        glyph += ("▶" if arrow else glyph[0])
        self.legend[key] = (f'<TD BORDER="0"><FONT COLOR="{colour}" POINT-SIZE="10">{glyph}</FONT></TD>'
                            f'<TD ALIGN="LEFT"><FONT POINT-SIZE="9">{esc(label)}</FONT></TD>')

    def mark_kind(self, kind: str) -> None:
        fill, border, font = PALETTE.get(kind, PALETTE["Action"])
        self.mark(f"kind:{kind}", kind_name(kind, self.lang, self.model), fill, border, font=font)

    # -- nodes
    def node(self, g: Any, eid: str, kind: str | None = None, width: int = 28, max_lines: int = 5,
             show_kind: bool = False, extra: Iterable[str] = (), focus: bool = False,
             label: str | None = None) -> None:
        """Draw entity ``eid`` with its kind's colours and the overlay's marks."""
        m = self.model
        kind = kind or m.kind_of(eid) or "Action"
        fill, border, font = PALETTE.get(kind, PALETTE["Action"])
        style = ["rounded", "filled"]
        penwidth = "1.2"
        lines = [html_lines(label if label is not None else m.label(eid, self.lang), width, max_lines)]
        if show_kind:
            lines.insert(0, small(kind_name(kind, self.lang, self.model), "#FFFFFF" if font == "#FFFFFF" else MUTED))
        if kind == "Project" and eid not in self.an.carrying:
            fill, border, font = NONCARRYING
            lines.append(small(f"({status_name(self.an.status.get(eid, '?'), self.lang)})", "#424242"))
            self.mark("noncarrying", ui(self.lang, "noncarrying"), *NONCARRYING)
        else:
            self.mark_kind(kind)
        if eid in self.o.uncarried:
            fill, border, font = WARN
            penwidth = "2"
            lines.append(small("⚠ " + ui(self.lang, "uncarried"), WARN[1]))
            self.mark("uncarried", ui(self.lang, "uncarried"), *WARN[:2], border_width=2)
        if eid in self.o.unowned:
            style.append("dashed")
            penwidth = "1.8"
            lines.append(small("– " + ui(self.lang, "unowned") + " –", "#424242" if font != "#FFFFFF" else font))
            self.mark("unowned", ui(self.lang, "unowned"), "#FFFFFF", "#424242", "dashed", border_width=2)
        if eid in self.o.accepted:
            border = ACCEPTED_BORDER
            penwidth = "2.2"
            lines.append(small("✓ " + ui(self.lang, "accepted") + " (" + ", ".join(sorted(set(self.o.accepted[eid])))
                               + ")", ACCEPTED_BORDER if font != "#FFFFFF" else font))
            self.mark("accepted", ui(self.lang, "accepted"), "#FFFFFF", ACCEPTED_BORDER, border_width=2,
                      sample='<FONT COLOR="#2E7D32">✓</FONT>')
        if eid in self.o.spof and self.view in ("dependencies", "linkage", "focus") and \
                any(self.spof_theme in (None, t) for _, t in self.o.spof[eid]):
            border = SPOF_BORDER
            penwidth = "3.2"
            notes = [x for x in self.o.spof[eid] if self.spof_theme in (None, x[1])]
            for share, theme in sorted(notes, reverse=True)[:2]:
                lines.append(small("⚠ " + ui(self.lang, "only_carrier", share=f"{share:.0%}",
                                              theme=m.label(theme, self.lang)), SPOF_BORDER, width=36))
            if not focus:  # (a focused element's border is the focus mark; its text line says it)
                self.mark("spof", ui(self.lang, "spof"), "#FFFFFF", SPOF_BORDER, border_width=3)
        for x in extra:
            lines.append(x)
        attrs: dict[str, str] = {}
        if focus:  # the focused element stands out: a double thick dark border, larger text, a marker line
            border, penwidth = FOCUS_BORDER, "4"
            attrs = {"peripheries": "2", "fontsize": "13", "margin": "0.25,0.12"}
            lines.insert(0, small("◉ " + ui(self.lang, "in_focus"), FOCUS_BORDER, 10))
        tip = f"{m.label(eid, self.lang)} [{eid}]"
        if self.o.messages.get(eid):
            tip += "\n" + "\n".join(self.o.messages[eid][:8])
        link = {"href": plain(self.o.link_prefix + eid), "target": "_top"} if self.o.link_prefix else {}
        g.node(eid, label="<" + '<BR ALIGN="CENTER"/>'.join(lines) + ">", fillcolor=fill, color=border,
               fontcolor=font, style=",".join(style), penwidth=penwidth, tooltip=plain(tip), **link, **attrs)
        self.count += 1

    def note(self, g: Any, name: str, text: str, **attrs: str) -> None:
        g.node(name, label="<" + html_lines(text, 40, 6) + ">", shape="note", style="filled",
               fillcolor="#FAFAFA", color="#BDBDBD", fontcolor=MUTED, **attrs)
        self.count += 1

    # -- result
    def finish(self, name: str, engine: str = "dot") -> Diagram:
        """Put the title and the legend (only the marks used) above the drawing and return the diagram."""
        head = f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="16"><B>{esc(self.title)}</B></FONT></TD></TR>'
        if self.subtitle:
            head += f'<TR><TD ALIGN="LEFT">{small(self.subtitle, MUTED, 10)}</TD></TR>'
        cells = list(self.legend.values())
        rows = ""
        if cells:
            per = 4
            legend = "".join("<TR>" + "".join(cells[i:i + per]) + "</TR>" for i in range(0, len(cells), per))
            rows = (f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{MUTED}"><B>{esc(ui(self.lang, "legend"))}'
                    f'</B></FONT></TD></TR><TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" '
                    f'CELLPADDING="1">{legend}</TABLE></TD></TR>')
        self.g.attr(label=f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">{head}{rows}</TABLE>>')
        return Diagram(self.view, name, self.title, self.g.source, engine, self.count, self.notes)


# ------------------------------------------------------------------ helpers over the model
def ordered(items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda e: (getattr(e, "number", None) is None, getattr(e, "number", None) or 0,
                                        natural_key(e.id)))


def sorted_themes(model: Any) -> list[Any]:
    order = {e.id: i for i, e in enumerate(model.of_kind("Theme"))}
    return sorted(model.of_kind("Theme"), key=lambda t: (t.number is None, t.number or 0, order[t.id]))


def subthemes_of(model: Any, theme: str) -> list[Any]:
    return ordered([s for s in model.of_kind("SubTheme") if s.theme.ref == theme])


def actions_of(model: Any, subtheme: str) -> list[Any]:
    return ordered([a for a in model.of_kind("Action") if a.subtheme.ref == subtheme])


def sorted_phases(model: Any) -> list[Any]:
    return sorted(model.of_kind("Phase"), key=lambda p: (p.order, natural_key(p.id)))


def ids_of(links: Any) -> list[str]:
    from strategygraph.core.model import link_ids

    return link_ids(links)


def check_theme(ctx: Any, theme: str | None) -> None:
    if theme is None:
        return
    m = ctx.model
    if m.kind_of(theme) != "Theme":
        from strategygraph.core.util import did_you_mean

        ids = [t.id for t in m.of_kind("Theme")]
        what = f"{theme!r} is a {m.kind_of(theme)}, not a theme" if theme in m else f"unknown theme {theme!r}"
        raise DiagramError(what + did_you_mean(theme, ids, otherwise=f"; themes: {', '.join(ids)}"))



def grid(g: Any, ids: list[str], per_row: int, name: str, stack: bool = True) -> list[list[str]]:
    """Lay ``ids`` out in rows of ``per_row`` (same rank, in order), each row below the previous one."""
    rows = [ids[i:i + per_row] for i in range(0, len(ids), per_row)]
    for r, row in enumerate(rows):
        with g.subgraph(name=f"rank_{name}_{r}") as s:
            s.attr(rank="same")
            for x in row:
                s.node(x)
        for a, b in zip(row, row[1:], strict=False):
            g.edge(a, b, style="invis")
        if stack and r:
            g.edge(rows[r - 1][0], row[0], style="invis")
    return rows


def project_node(c: Canvas, g: Any, p: str, extra: Iterable[str] = ()) -> None:
    c.node(g, p, "Project", width=24, max_lines=3, extra=extra)


def projects_column(c: Canvas, g: Any, projects: list[str], extra: dict[str, list[str]] | None = None,
                     dropped: int = 0) -> None:
    """The projects as one column (one rank) in a light cluster."""
    lang = c.lang
    with g.subgraph(name="cluster_projects") as pg:
        pg.attr(label="<" + small(ui(lang, "projects"), MUTED, 10) + ">", style="rounded", color="#D5E8D8")
        with pg.subgraph(name="rank_projects") as r:
            r.attr(rank="same")
            for p in projects:
                project_node(c, r, p, (extra or {}).get(p, ()))
            if dropped:
                c.note(r, "_more_projects", ui(lang, "summary_projects", n=dropped))


def sorted_projects(m: Any, an: Any, ids: Iterable[str], lang: str) -> list[str]:
    return sorted((p for p in set(ids) if p in m), key=lambda p: (p not in an.carrying, natural_key(m.label(p, lang))))



def score_colour(score: float) -> str:
    # light violet (low) → deep violet (high)
    lo, hi = (0xC3, 0x9B, 0xD3), (0x5B, 0x2C, 0x6F)
    t = max(0.0, min(1.0, score))
    return "#" + "".join(f"{round(a + (b - a) * t):02X}" for a, b in zip(lo, hi, strict=False))


def esc_plain_label(text: str) -> Any:
    """A short edge label from our own vocabulary, as a plain (non-HTML) string."""
    return plain(text)


#: how the report's diagram files link to the element sections of index.html
REPORT_LINK = "../index.html#e-"


def svg_for_html(svg: bytes | str, prefix: str) -> str:
    """Graphviz SVG made fit for inlining into HTML: no XML prolog, ids prefixed (unique per page), scalable."""
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    start = text.find("<svg")
    text = text[start:] if start >= 0 else text
    text = re.sub(r'\bid="([^"]*)"', lambda mo: f'id="{prefix}-{mo.group(1)}"', text)
    text = re.sub(r'url\(#([^)]*)\)', lambda mo: f"url(#{prefix}-{mo.group(1)})", text)
    text = re.sub(r'xlink:href="#([^"]*)"', lambda mo: f'xlink:href="#{prefix}-{mo.group(1)}"', text)
    # keep the drawing's aspect ratio but let CSS size it
    head_end = text.find(">")
    head = text[:head_end]
    wm = re.search(r'\bwidth="([\d.]+)pt"', head)
    hm = re.search(r'\bheight="([\d.]+)pt"', head)
    if wm and hm:
        head = re.sub(r'\s(width|height)="[^"]*"', "", head)
        head += f' data-width="{wm.group(1)}" data-height="{hm.group(1)}" style="max-width:{float(wm.group(1)):.0f}pt"'
    text = head + text[head_end:]
    # element links of the report's diagrams point into the page itself
    text = text.replace(f'xlink:href="{REPORT_LINK}', 'xlink:href="#e-').replace(f'href="{REPORT_LINK}', 'href="#e-')
    return text.strip()
