"""Diagrams of the strategy as graphviz DOT, with the findings drawn on them.

Each *view* (in the spirit of ArchiMate viewpoints) is a pure function of a
rule :class:`~strategygraph.rules.base.Context` and the findings, returning a
:class:`Diagram` whose ``source`` is DOT text; :func:`render` turns DOT into
SVG, PNG or PDF with the graphviz binary.

Views
-----
``house``         meaning → values → themes → sub-themes
``roadmap``       phases as columns, themes as lanes, milestones in their cells,
                  the goals that serve them and the projects that carry them
``linkage``       strategy elements ← the projects that carry them; an overview
                  (themes, sub-themes, projects) or, with ``theme``, one theme's
                  sub-themes, actions and milestones
``dependencies``  what depends on what: projects, sub-themes, actions,
                  capabilities and the roadmap phases; cycles and single points
                  of failure highlighted
``overlaps``      projects joined by their overlap score (optionally the shared items)
``focus``         the neighbourhood of one entity (``focus`` id, ``depth`` steps)

Findings overlay: an element no carrying project reaches is drawn in a warning
colour, an unowned goal, key result or project with a dashed border, an
accepted finding with a green border and a check mark; every diagram carries
one legend that explains exactly the marks it uses.

Every text from the model goes into HTML-like labels through :func:`esc`
(``&``, ``<``, ``>``, quotes escaped; backslashes, which graphviz would read as
escape sequences, replaced by ``∖``; control characters dropped), or into
plain attributes through :func:`plain`, so any label renders as written.

Examples
--------
>>> from strategygraph.core.loader import load                 # doctest: +SKIP
>>> from strategygraph.analysis.rules.engine import Context, run_rules  # doctest: +SKIP
>>> ctx = Context(load("model"))                             # doctest: +SKIP
>>> d = build("house", ctx, run_rules(ctx))                  # doctest: +SKIP
>>> svg = d.render("svg")                                    # doctest: +SKIP
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

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


# ------------------------------------------------------------------ UI strings
KIND_NAMES = {
    "fi": {"Meaning": "Merkitys", "Value": "Arvo", "Theme": "Teema", "SubTheme": "Alateema", "Phase": "Vaihe",
           "Milestone": "Virstanpylväs", "Action": "Toimenpide", "Project": "Hanke", "Capability": "Kyvykkyys",
           "KPI": "Mittari", "Goal": "Sitova tavoite", "KeyResult": "Avaintulos", "Task": "Tehtävä",
           "Unit": "Yksikkö", "Source": "Lähde"},
    "en": {"Meaning": "Meaning", "Value": "Value", "Theme": "Theme", "SubTheme": "Sub-theme", "Phase": "Phase",
           "Milestone": "Milestone", "Action": "Action", "Project": "Project", "Capability": "Capability",
           "KPI": "KPI", "Goal": "Binding goal", "KeyResult": "Key result", "Task": "Task", "Unit": "Unit",
           "Source": "Source"},
}

STATUS_NAMES = {
    "fi": {"active": "käynnissä", "planned": "suunniteltu", "pending-decision": "odottaa päätöstä",
           "proposed": "ehdotettu", "ended": "päättynyt", "discontinued": "lopetettu"},
    "en": {"active": "active", "planned": "planned", "pending-decision": "pending decision",
           "proposed": "proposed", "ended": "ended", "discontinued": "discontinued"},
}

CARRIER_NAMES = {
    "fi": {"continuous-operations": "jatkuva toiminta", "divisions": "toimialat", "result-areas": "tulosalueet",
           "operational-work": "operatiivinen työ", "training": "koulutus", "other": "muu toteuttaja"},
    "en": {"continuous-operations": "continuous operations", "divisions": "divisions",
           "result-areas": "result areas", "operational-work": "operational work", "training": "training",
           "other": "other carrier"},
}

RELATION_NAMES = {
    "fi": {"belongsToTheme": "teema", "belongsToSubTheme": "alateema", "implementedBy": "toteuttaja",
           "contributesTo": "edistää", "deliveredBy": "toimittaja", "inPhase": "vaihe", "requires": "edellyttää",
           "serves": "palvelee", "carriedBy": "kantaja", "measuredBy": "mittari", "measures": "mittaa",
           "ownedBy": "omistaja", "partOfGoal": "osa tavoitetta", "dependsOn": "riippuu",
           "steeredUnder": "ohjaus", "develops": "kehittää", "derivedFrom": "johdettu", "guides": "ohjaa",
           "subOrganizationOf": "osa", "mergeInto": "yhdistetään", "partOf": "osa", "responsibleUnit": "vastuu"},
    "en": {"belongsToTheme": "theme", "belongsToSubTheme": "sub-theme", "implementedBy": "implemented by",
           "contributesTo": "contributes to", "deliveredBy": "delivered by", "inPhase": "phase",
           "requires": "requires", "serves": "serves", "carriedBy": "carried by", "measuredBy": "measured by",
           "measures": "measures", "ownedBy": "owner", "partOfGoal": "part of goal", "dependsOn": "depends on",
           "steeredUnder": "steered under", "develops": "develops", "derivedFrom": "derived from",
           "guides": "guides", "subOrganizationOf": "part of", "mergeInto": "merge into", "partOf": "part of",
           "responsibleUnit": "responsible"},
}

UI = {
    "fi": {
        "house": "Strategiatalo", "roadmap": "Strategiatiekartta", "linkage": "Hankkeiden kytkeytyminen strategiaan",
        "dependencies": "Riippuvuudet", "overlaps": "Hankkeiden päällekkäisyydet", "focus": "Lähiympäristö",
        "legend": "Selite",
        "uncarried": "ei kantavaa hanketta", "unowned": "ei omistajaa", "accepted": "hyväksytty poikkeama",
        "noncarrying": "hanke ei kanna (tila)", "carrying": "kantava hanke",
        "spof": "ainoa kantaja (kriittinen)", "cycle": "riippuvuussykli", "depends": "riippuu",
        "ends_early": "päättyy ennen määräaikaa",
        "ends_early_n": "päättyy {end}, ennen {n} kantamansa kohteen määräaikaa",
        "phase_order": "vaihe edellyttää edellistä",
        "overlap_edge": "päällekkäisyys (pisteet)", "shared_item": "yhteinen työ",
        "implements": "hanke toteuttaa / toimittaa", "steers": "ohjataan teemassa",
        "contributes": "toimenpide edistää virstanpylvästä",
        "actions_n": "toimenpidettä", "milestones_n": "virstanpylvästä",
        "only_carrier": "ainoa kantaja: {share} teemasta {theme}",
        "carried_by": "kantaja", "no_carrier": "ei kantajaa", "serves": "tavoite",
        "more": "+{n} muuta", "depth_cut": "syvyys rajattu {depth}:een (yli {max} solmua)",
        "none_overlaps": "Ei päällekkäisyyksiä (pisteraja {min}).", "none_deps": "Ei riippuvuuksia.",
        "none": "Ei sisältöä.", "overview": "yleiskuva", "focus_of": "{label} – {depth} askelta",
        "phase": "Vaihe", "theme_lane": "Teema", "min_score": "pisteraja {min}",
        "summary_projects": "+{n} hanketta, jotka eivät kanna",
        "values": "Arvot", "values_hidden": "{n} arvoa tai periaatetta muista versioista ({editions}) ei ole kuvassa",
        "shape_note": "Muoto ja väri kertovat tyypin",
        "score": "pisteet", "projects": "Hankkeet",
        "implements_links": "hanke toteuttaa teeman työtä (luku = toimenpiteet ja virstanpylväät)",
        "n_subthemes": "{n} alateemaa",
        "subthemes_summarized": "alateemat tiivistetty lukumääriksi ({n} teemaa)",
        "roadmap_cut": "{n} teemaa ei mahdu kuvaan; piirrä teema kerrallaan: --theme ID",
        "projects_cut": "{n} hanketta jätetty pois (vähiten kytköksiä)",
        "milestones_count": "Virstanpylväitä: {n}",
        "n_uncarried": "{n} ilman kantavaa hanketta",
        "reaches_indirectly": "hanke tavoittaa toimenpiteen tai tavoitteen kautta", "in_focus": "tarkasteltava",
        "implements_actions": "hanke toteuttaa toimenpiteitä (luku = määrä)",
        "delivers_milestones": "hanke toimittaa virstanpylväitä (◇ = määrä)",
    },
    "en": {
        "house": "Strategy house", "roadmap": "Strategy roadmap", "linkage": "How projects carry the strategy",
        "dependencies": "Dependencies", "overlaps": "Project overlaps", "focus": "Neighbourhood",
        "legend": "Legend",
        "uncarried": "no carrying project", "unowned": "no owner", "accepted": "accepted finding",
        "noncarrying": "project not carrying (status)", "carrying": "carrying project",
        "spof": "sole carrier (critical)", "cycle": "dependency cycle", "depends": "depends on",
        "ends_early": "ends before it is due",
        "ends_early_n": "ends {end}, before {n} item(s) it carries are due",
        "phase_order": "phase needs the previous one",
        "overlap_edge": "overlap (score)", "shared_item": "shared work",
        "implements": "project implements / delivers", "steers": "steered under theme",
        "contributes": "action contributes to milestone",
        "actions_n": "actions", "milestones_n": "milestones",
        "only_carrier": "sole carrier of {share} of theme {theme}",
        "carried_by": "carried by", "no_carrier": "no carrier", "serves": "goal",
        "more": "+{n} more", "depth_cut": "depth cut to {depth} (over {max} nodes)",
        "none_overlaps": "No overlaps (minimum score {min}).", "none_deps": "No dependencies.",
        "none": "Nothing to show.", "overview": "overview", "focus_of": "{label} – {depth} steps",
        "phase": "Phase", "theme_lane": "Theme", "min_score": "minimum score {min}",
        "summary_projects": "+{n} projects that do not carry",
        "values": "Values", "values_hidden": "{n} values or principles of other editions ({editions}) are not shown",
        "shape_note": "Shape and colour show the kind",
        "score": "score", "projects": "Projects",
        "implements_links": "project carries work of the theme (number = actions and milestones)",
        "n_subthemes": "{n} sub-themes",
        "subthemes_summarized": "sub-themes summarized as counts ({n} themes)",
        "roadmap_cut": "{n} themes do not fit; draw one theme at a time: --theme ID",
        "projects_cut": "{n} projects left out (fewest links)", "milestones_count": "Milestones: {n}",
        "n_uncarried": "{n} without a carrying project",
        "reaches_indirectly": "project reaches it through an action or goal", "in_focus": "in focus",
        "implements_actions": "project implements actions (number = count)",
        "delivers_milestones": "project delivers milestones (◇ = count)",
    },
}


def ui(lang: str, key: str, **kw: Any) -> str:
    text = UI.get(lang, UI["fi"]).get(key) or UI["en"].get(key, key)
    return text.format(**kw) if kw else text


def kind_name(kind: str, lang: str) -> str:
    return KIND_NAMES.get(lang, KIND_NAMES["fi"]).get(kind, kind)


def status_name(status: str, lang: str) -> str:
    return STATUS_NAMES.get(lang, STATUS_NAMES["fi"]).get(status, status)


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


def small(text: Any, colour: str = MUTED, size: int = 8, width: Optional[int] = None, max_lines: int = 3,
          align: str = "CENTER") -> str:
    """``text`` in a small font (wrapped at ``width`` characters when given)."""
    body = html_lines(text, width, max_lines, align) if width else esc(text)
    return f'<FONT POINT-SIZE="{size}" COLOR="{colour}">{body}</FONT>'


def _nat(s: str) -> list[Any]:
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

    @classmethod
    def from_findings(cls, findings: Iterable[Any]) -> "Overlay":
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
class _Canvas:
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
        self.spof_theme: Optional[str] = None

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
        self.mark(f"kind:{kind}", kind_name(kind, self.lang), fill, border, font=font)

    # -- nodes
    def node(self, g: Any, eid: str, kind: Optional[str] = None, width: int = 28, max_lines: int = 5,
             show_kind: bool = False, extra: Iterable[str] = (), focus: bool = False,
             label: Optional[str] = None) -> None:
        """Draw entity ``eid`` with its kind's colours and the overlay's marks."""
        m = self.model
        kind = kind or m.kind_of(eid) or "Action"
        fill, border, font = PALETTE.get(kind, PALETTE["Action"])
        style = ["rounded", "filled"]
        penwidth = "1.2"
        lines = [html_lines(label if label is not None else m.label(eid, self.lang), width, max_lines)]
        if show_kind:
            lines.insert(0, small(kind_name(kind, self.lang), "#FFFFFF" if font == "#FFFFFF" else MUTED))
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
            self.mark("spof", ui(self.lang, "spof"), "#FFFFFF", SPOF_BORDER, border_width=3)
        for x in extra:
            lines.append(x)
        if focus:
            penwidth = "3"
            style.append("bold")
        tip = f"{m.label(eid, self.lang)} [{eid}]"
        if self.o.messages.get(eid):
            tip += "\n" + "\n".join(self.o.messages[eid][:8])
        g.node(eid, label="<" + '<BR ALIGN="CENTER"/>'.join(lines) + ">", fillcolor=fill, color=border,
               fontcolor=font, style=",".join(style), penwidth=penwidth, tooltip=plain(tip))
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
def _ordered(items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda e: (getattr(e, "number", None) is None, getattr(e, "number", None) or 0,
                                        _nat(e.id)))


def _themes(model: Any) -> list[Any]:
    order = {e.id: i for i, e in enumerate(model.of_kind("Theme"))}
    return sorted(model.of_kind("Theme"), key=lambda t: (t.number is None, t.number or 0, order[t.id]))


def _subthemes(model: Any, theme: str) -> list[Any]:
    return _ordered([s for s in model.of_kind("SubTheme") if s.theme.ref == theme])


def _actions(model: Any, subtheme: str) -> list[Any]:
    return _ordered([a for a in model.of_kind("Action") if a.subtheme.ref == subtheme])


def _phases(model: Any) -> list[Any]:
    return sorted(model.of_kind("Phase"), key=lambda p: (p.order, _nat(p.id)))


def _ids(links: Any) -> list[str]:
    from strategygraph.core.model import link_ids

    return link_ids(links)


def _check_theme(ctx: Any, theme: Optional[str]) -> None:
    if theme is None:
        return
    m = ctx.model
    if m.kind_of(theme) != "Theme":
        from strategygraph.core.util import did_you_mean

        ids = [t.id for t in m.of_kind("Theme")]
        what = f"{theme!r} is a {m.kind_of(theme)}, not a theme" if theme in m else f"unknown theme {theme!r}"
        raise DiagramError(what + did_you_mean(theme, ids, otherwise=f"; themes: {', '.join(ids)}"))


# ------------------------------------------------------------------ views
def _house_values(m: Any, meanings: list[Any]) -> tuple[list[Any], list[Any]]:
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
    values, hidden = _house_values(m, meanings)
    subtitle = ""
    if hidden:
        eds = sorted({str(v.edition) for v in hidden if getattr(v, "edition", None)})
        subtitle = ui(lang, "values_hidden", n=len(hidden), editions=", ".join(eds) or "?")
    c = _Canvas(ctx, overlay, "house", ui(lang, "house"), subtitle, rankdir="TB", newrank="true", ranksep="0.35",
                nodesep="0.3", compound="true")
    g = c.g
    themes = _themes(m)
    if not (meanings or values or themes):
        c.note(g, "_empty", ui(lang, "none"))
        return c.finish("house")
    meanings = meanings[:MAX_NODES // 10]
    values = values[:MAX_NODES // 5]
    for mn in meanings:
        c.node(g, mn.id, "Meaning", width=60, max_lines=3)
        g.node(mn.id, fontsize="15", margin="0.3,0.12")
    _grid(g, [mn.id for mn in meanings], 3, "meanings")
    prev_row = [mn.id for mn in meanings[:3]]
    if values:
        with g.subgraph(name="cluster_values") as s:
            s.attr(label="<" + small(ui(lang, "values"), MUTED, 10) + ">", style="rounded", color="#CFD8DC",
                   labeljust="c")
            for v in values:
                c.node(s, v.id, "Value", width=18, max_lines=2)
        rows = _grid(g, [v.id for v in values], 8, "values")
        for mn in meanings[-3:][:1]:
            g.edge(mn.id, rows[0][len(rows[0]) // 2], style="invis")
        prev_row = [rows[-1][len(rows[-1]) // 2]]
    subs = {t.id: _subthemes(m, t.id) for t in themes}
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
    _grid(g, [t.id for t in themes], per_row, "themes", stack=False)
    return c.finish("house")


def _grid(g: Any, ids: list[str], per_row: int, name: str, stack: bool = True) -> list[list[str]]:
    """Lay ``ids`` out in rows of ``per_row`` (same rank, in order), each row below the previous one."""
    rows = [ids[i:i + per_row] for i in range(0, len(ids), per_row)]
    for r, row in enumerate(rows):
        with g.subgraph(name=f"rank_{name}_{r}") as s:
            s.attr(rank="same")
            for x in row:
                s.node(x)
        for a, b in zip(row, row[1:]):
            g.edge(a, b, style="invis")
        if stack and r:
            g.edge(rows[r - 1][0], row[0], style="invis")
    return rows


def roadmap_cells(m: Any) -> tuple[dict[str, list[Any]], dict[tuple[str, str], list[Any]]]:
    """The roadmap's content: goals per milestone they serve, and milestones per (theme, phase) cell."""
    goals_of: dict[str, list[Any]] = defaultdict(list)
    for gl in m.of_kind("Goal"):
        for ms in _ids(gl.serves):
            goals_of[ms].append(gl)
    cells: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for ms in m.of_kind("Milestone"):
        cells[(ms.theme.ref, ms.phase.ref)].append(ms)
    return goals_of, cells


def roadmap(ctx: Any, overlay: Overlay, theme: Optional[str] = None) -> Diagram:
    """Phases as columns, themes as lanes; each cell lists its milestones, who carries them and the goals serving them.

    Drawn as one table: milestones are numbered within their cell, and the
    binding goals that serve a cell's milestones are listed once, under them,
    with the numbers of the milestones they serve.
    """
    _check_theme(ctx, theme)
    m, lang, an = ctx.model, ctx.lang, ctx.analysis
    title = ui(lang, "roadmap") + (f" – {m.label(theme, lang)}" if theme else "")
    name = "roadmap" + (f"-{slug(theme)}" if theme else "")
    c = _Canvas(ctx, overlay, "roadmap", title)
    phases = _phases(m)
    themes = [t for t in _themes(m) if theme is None or t.id == theme]
    if not phases or not themes:
        c.note(c.g, "_empty", ui(lang, "none"))
        return c.finish(name)
    goals_of, cells = roadmap_cells(m)
    per_theme: dict[str, int] = defaultdict(int)
    for (t_id, _), items in cells.items():
        per_theme[t_id] += len(items)
    total, cut = 0, len(themes)
    for i, t in enumerate(themes):
        total += per_theme.get(t.id, 0) + 1
        if total > MAX_NODES and i > 0:
            cut = i
            break
    if cut < len(themes):
        c.subtitle = ui(lang, "roadmap_cut", n=len(themes) - cut)
        themes = themes[:cut]
    ncols = len(phases) + 1
    head = '<TR><TD BORDER="0"></TD>' + "".join(
        f'<TD BGCOLOR="#37474F" CELLPADDING="7" WIDTH="260">'
        f'<FONT COLOR="#FFFFFF" POINT-SIZE="13"><B>{esc(p.period_text)}</B>'
        f'<BR/></FONT><FONT COLOR="#FFFFFF" POINT-SIZE="11">{html_lines(p.label.get(lang), 34, 2)}</FONT></TD>'
        for p in phases) + "</TR>"
    rows = [head]
    c.mark_kind("Milestone")
    n_items = 0

    def milestone_card(k: int, ms: Any) -> str:
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
        carriers = sorted(an.carriers_of(ms.id), key=lambda x: _nat(m.label(x, lang)))
        others = sorted(an.projects_of(ms.id) - set(carriers), key=lambda x: _nat(m.label(x, lang)))
        if carriers:
            who = "→ " + ", ".join(m.label(x, lang) for x in carriers)
            marks.append(small(who, "#2E7D4F", width=44, max_lines=3, align="LEFT"))
        elif others:
            who = "→ " + ", ".join(f"{m.label(x, lang)} ({status_name(an.status.get(x, '?'), lang)})" for x in others)
            marks.append(small(who, "#616161", width=44, max_lines=3, align="LEFT"))
        else:
            marks.append(small("⚠ " + ui(lang, "no_carrier"), WARN[1]))
        text = html_lines(ms.label.get(lang), 36, 5, "LEFT")
        return (f'<TD BORDER="{bw}" COLOR="{border}" BGCOLOR="{fill}" ALIGN="LEFT" VALIGN="TOP" CELLPADDING="5">'
                f'<FONT COLOR="{font}"><B>{k}</B>  {text}</FONT><BR ALIGN="LEFT"/>'
                + '<BR ALIGN="LEFT"/>'.join(marks) + '<BR ALIGN="LEFT"/></TD>')

    def goals_card(goals: list[tuple[Any, list[int]]]) -> str:
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
            fill = WARN[0] if gl.id in overlay.uncarried else gf
            ref = f'<FONT POINT-SIZE="8" COLOR="#5B3F80">◆ {gl.year} ({", ".join(str(n) for n in nums)})</FONT> '
            inner.append(f'<TR><TD BORDER="1" COLOR="{border}" BGCOLOR="{fill}"{style} ALIGN="LEFT" CELLPADDING="2">'
                         f'{ref}<FONT POINT-SIZE="8">{html_lines(gl.label.get(lang), 52, 1, "LEFT")}'
                         f'</FONT>{extra}<BR ALIGN="LEFT"/></TD></TR>')
        return ('<TD BORDER="0" VALIGN="TOP" CELLPADDING="0"><TABLE BORDER="0" CELLSPACING="2" CELLPADDING="0">'
                + "".join(inner) + "</TABLE></TD>")

    for t in themes:
        lane_cards: list[list[str]] = []
        for p in phases:
            items = sorted(cells.get((t.id, p.id), []), key=lambda e: _nat(e.id))
            cards = []
            goal_nums: dict[str, list[int]] = {}
            goal_obj: dict[str, Any] = {}
            for k, ms in enumerate(items, 1):
                n_items += 1
                cards.append(milestone_card(k, ms))
                for gl in goals_of.get(ms.id, []):
                    goal_nums.setdefault(gl.id, []).append(k)
                    goal_obj[gl.id] = gl
            if goal_nums:
                order = sorted(goal_nums, key=lambda g: (goal_nums[g][0], _nat(g)))
                cards.append(goals_card([(goal_obj[g], goal_nums[g]) for g in order]))
            lane_cards.append(cards)
        depth = max([len(x) for x in lane_cards] + [1])
        tf, _, tfont = PALETTE["Theme"]
        lane_fill = WARN[1] if t.id in overlay.uncarried else tf
        lane = (f'<TD ROWSPAN="{depth}" BGCOLOR="{lane_fill}" CELLPADDING="8" WIDTH="130" VALIGN="MIDDLE">'
                f'<FONT COLOR="{tfont}" POINT-SIZE="12"><B>{html_lines(t.label.get(lang), 16, 6)}</B></FONT>'
                + (f'<BR/><FONT COLOR="{tfont}" POINT-SIZE="8">⚠ {esc(ui(lang, "uncarried"))}</FONT>'
                   if t.id in overlay.uncarried else "") + "</TD>")
        for r in range(depth):
            tr = lane if r == 0 else ""
            for cards in lane_cards:
                if r < len(cards):
                    tr += cards[r]
                elif r == len(cards):
                    dash = small("–", "#B0BEC5") if r == 0 else ""
                    tr += f'<TD ROWSPAN="{depth - r}" BORDER="0">{dash}</TD>'
            rows.append(f"<TR>{tr}</TR>")
        rows.append(f'<TR><TD COLSPAN="{ncols}" HEIGHT="3" CELLPADDING="0" BGCOLOR="#CFD8DC"></TD></TR>')
    table = ('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="0" BGCOLOR="#FAFBFC">'
             + "".join(rows) + "</TABLE>")
    c.g.node("_roadmap", label=f"<{table}>", shape="plain", style="", tooltip=plain(title))
    c.count = n_items + len(themes)
    return c.finish(name)


def linkage(ctx: Any, overlay: Overlay, theme: Optional[str] = None) -> Diagram:
    """Strategy elements and the projects that carry them (overview, or one theme in detail)."""
    _check_theme(ctx, theme)
    return _linkage_theme(ctx, overlay, theme) if theme else _linkage_overview(ctx, overlay)


def _project_node(c: _Canvas, g: Any, p: str, extra: Iterable[str] = ()) -> None:
    c.node(g, p, "Project", width=24, max_lines=3, extra=extra)


def _projects_column(c: _Canvas, g: Any, projects: list[str], extra: Optional[dict[str, list[str]]] = None,
                     dropped: int = 0) -> None:
    """The projects as one column (one rank) in a light cluster."""
    lang = c.lang
    with g.subgraph(name="cluster_projects") as pg:
        pg.attr(label="<" + small(ui(lang, "projects"), MUTED, 10) + ">", style="rounded", color="#D5E8D8")
        with pg.subgraph(name="rank_projects") as r:
            r.attr(rank="same")
            for p in projects:
                _project_node(c, r, p, (extra or {}).get(p, ()))
            if dropped:
                c.note(r, "_more_projects", ui(lang, "summary_projects", n=dropped))


def _sorted_projects(m: Any, an: Any, ids: Iterable[str], lang: str) -> list[str]:
    return sorted((p for p in set(ids) if p in m), key=lambda p: (p not in an.carrying, _nat(m.label(p, lang))))


def _linkage_overview(ctx: Any, overlay: Overlay) -> Diagram:
    m, lang, an = ctx.model, ctx.lang, ctx.analysis
    c = _Canvas(ctx, overlay, "linkage", ui(lang, "linkage"), ui(lang, "overview"), rankdir="LR", ranksep="1.5",
                nodesep="0.16", newrank="true")
    g = c.g
    themes = _themes(m)
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
    steered = {(p.id, t) for p in m.of_kind("Project") for t in _ids(p.steered_under) if t in m}
    projects = _sorted_projects(m, an, [p for p, _ in to_st] + [p for p, _ in to_ms] + [p for p, _ in steered],
                                lang)
    elements = len(themes) * 2 + sum(len(_subthemes(m, t.id)) for t in themes)
    if elements + len(projects) > MAX_NODES:
        return _linkage_by_theme(c, themes, projects, to_st, to_ms)
    dropped: list[str] = []
    shown = set(projects)
    anchor: dict[str, str] = {}
    for i, t in enumerate(themes):
        with g.subgraph(name=f"cluster_theme_{i}") as s:
            s.attr(label="", style="rounded,filled", fillcolor="#F5F9FC", color="#C5D7E6")
            c.node(s, t.id, "Theme", width=22, max_lines=3)
            for st in _subthemes(m, t.id):
                c.node(s, st.id, "SubTheme", width=30, max_lines=3)
                s.edge(t.id, st.id, color="#A9C1D6", arrowhead="none")
                anchor.setdefault(t.id, st.id)
            ids = milestones_of.get(t.id, [])
            if ids:
                nid = f"_ms_{i}"
                bad = sum(1 for x in ids if x in overlay.uncarried)
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
                s.edge(t.id, nid, color="#A9C1D6", arrowhead="none")
                anchor[t.id] = anchor.get(t.id, nid)
                for p in shown:
                    n = to_ms.get((p, t.id))
                    if n:
                        colour = "#B7950B" if p in an.carrying else "#BDBDBD"
                        g.edge(nid, p, dir="back", label=f"{n} ◇", color=colour, style="dashed",
                               tooltip=plain(f"{m.label(p, lang)} → {m.label(t.id, lang)}: {n} "
                                             f"{ui(lang, 'milestones_n')}"))
                        c.mark_edge("milestones", ui(lang, "delivers_milestones"), "#B7950B", "dashed")
    extra: dict[str, list[str]] = defaultdict(list)
    for (p, st), n in sorted(to_st.items()):
        if p in shown and st in m:
            colour = "#2E7D4F" if p in an.carrying else "#9E9E9E"
            g.edge(st, p, dir="back", label=f"{n}", color=colour, penwidth=str(1 + min(n, 6) * 0.4),
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
    _projects_column(c, g, projects, extra, dropped=len(dropped))
    if not projects and not themes:
        c.note(g, "_empty", ui(lang, "none"))
    return c.finish("linkage")


def _linkage_by_theme(c: _Canvas, themes: list[Any], projects: list[str], to_st: dict[tuple[str, str], int],
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
    ranked = sorted((p for p in projects if weight.get(p)), key=lambda p: (-weight[p], _nat(p)))
    keep = MAX_NODES - len(themes) - 1
    shown, dropped = ranked[:keep], ranked[keep:]
    c.subtitle = ui(lang, "overview") + (f"; {ui(lang, 'projects_cut', n=len(dropped))}" if dropped else "")
    for t in themes:
        c.node(g, t.id, "Theme", width=24, max_lines=3)
    _projects_column(c, g, _sorted_projects(m, an, shown, lang))
    c.mark_edge("links", ui(lang, "implements_links"), "#2E7D4F")
    keep_set = set(shown)
    for (p, t), n in sorted(links.items()):
        if p in keep_set and t in shown_themes:
            g.edge(t, p, dir="back", label=str(n), color="#2E7D4F" if p in an.carrying else "#9E9E9E",
                   penwidth=str(1 + min(n, 10) * 0.3))
    return c.finish("linkage")


def _linkage_theme(ctx: Any, overlay: Overlay, theme: str) -> Diagram:
    """One theme: its sub-themes' actions (left), the projects (middle) and its milestones by phase (right)."""
    m, lang, an = ctx.model, ctx.lang, ctx.analysis
    t = m.get(theme)
    bad_theme = theme in overlay.uncarried
    c = _Canvas(ctx, overlay, "linkage", f"{ui(lang, 'linkage')} – {t.label.get(lang)}",
                f"{kind_name('Theme', lang)}: ⚠ {ui(lang, 'uncarried')}" if bad_theme else "",
                rankdir="LR", ranksep="1.3", nodesep="0.14",
                newrank="true")
    g = c.g
    c.spof_theme = theme
    if bad_theme:
        c.mark("uncarried", ui(lang, "uncarried"), *WARN[:2], border_width=2)
    implements: list[tuple[str, str]] = []
    delivers: list[tuple[str, str, bool]] = []  # project, milestone, direct
    first_action: Optional[str] = None
    for i, st in enumerate(_subthemes(m, theme)):
        bad = st.id in overlay.uncarried
        stitle = st.label.get(lang) + ("  ⚠ " + ui(lang, "uncarried") if bad else "")
        with g.subgraph(name=f"cluster_st_{i}") as sg:
            sg.attr(label="<<B>" + html_lines(stitle, 50, 2) + "</B>>", style="rounded,filled",
                    fillcolor=WARN[0] if bad else PALETTE["SubTheme"][0],
                    color=WARN[1] if bad else PALETTE["SubTheme"][1], fontsize="11", labeljust="l")
            c.mark_kind("SubTheme")
            if bad:
                c.mark("uncarried", ui(lang, "uncarried"), *WARN[:2], border_width=2)
            acts = _actions(m, st.id)
            if not acts:
                sg.node(f"_st_{i}", label="<" + small("–") + ">", shape="plaintext", style="")
            for a in acts:
                first_action = first_action or a.id
                extra = []
                for carrier in sorted({imp.carrier.value for imp in a.implementation if imp.carrier}):
                    extra.append(small("⟳ " + CARRIER_NAMES.get(lang, CARRIER_NAMES["fi"]).get(carrier, carrier),
                                       "#6D4C41"))
                c.node(sg, a.id, "Action", width=34, max_lines=4, extra=extra)
                for imp in a.implementation:
                    if imp.project and imp.project in m:
                        implements.append((a.id, imp.project))
    milestones = [ms for ms in m.of_kind("Milestone") if ms.theme.ref == theme]
    for ms in milestones:
        direct = set(_ids(ms.delivered_by))
        for p in an.projects_of(ms.id):
            delivers.append((p, ms.id, p in direct))
    steered = [p.id for p in m.of_kind("Project") if theme in _ids(p.steered_under)]
    projects = _sorted_projects(m, an, [p for _, p in implements] + [p for p, _, _ in delivers] + steered, lang)
    extra = {p: [small("⇢ " + ui(lang, "steers"), "#546E7A")] for p in steered}
    if steered:
        c.mark("steers_here", ui(lang, "steers"), "#FFFFFF", "#546E7A", sample='<FONT COLOR="#546E7A">⇢</FONT>')
    _projects_column(c, g, projects, extra)
    if not projects:
        c.note(g, "_noprojects", ui(lang, "no_carrier"))
    for j, ph in enumerate(_phases(m)):
        items = sorted([ms for ms in milestones if ms.phase.ref == ph.id], key=lambda e: _nat(e.id))
        if not items:
            continue
        with g.subgraph(name=f"cluster_phase_{j}") as pg:
            pg.attr(label="<" + small(f"{ui(lang, 'phase')} {ph.period_text}: {ph.label.get(lang)}", "#5D4037", 10)
                    + ">", style="rounded,filled", fillcolor="#FFFCF5", color="#E0CFA0", labeljust="l")
            for ms in items:
                c.node(pg, ms.id, "Milestone", width=34, max_lines=4)
    # milestones top to bottom in phase order (flat invisible edges fix the order within the column)
    ordered = [ms.id for ph in _phases(m) for ms in sorted([x for x in milestones if x.phase.ref == ph.id],
                                                           key=lambda e: _nat(e.id))]
    for a, b in zip(ordered, ordered[1:]):  # all milestones share one rank: flat edges fix their order
        g.edge(a, b, style="invis", minlen="0")
    reached = {ms for _, ms, _ in delivers}
    for a, p in implements:
        g.edge(a, p, dir="back", color="#2E7D4F" if p in an.carrying else "#9E9E9E")
        c.mark_edge("implements", ui(lang, "implements"), "#2E7D4F")
    for p, ms, direct in sorted(delivers):
        colour = ("#2E7D4F" if direct else "#8DBF9F") if p in an.carrying else "#BDBDBD"
        g.edge(p, ms, color=colour, style="solid" if direct else "dashed")
        if not direct:
            c.mark_edge("indirect", ui(lang, "reaches_indirectly"), "#8DBF9F", "dashed")
    # keep the columns: actions | projects | milestones
    if projects:
        if first_action and not implements:
            g.edge(first_action, projects[0], style="invis")
        for ms in milestones:
            if ms.id not in reached:
                g.edge(projects[0], ms.id, style="invis")
    return c.finish(f"linkage-{slug(theme)}")


def dependencies(ctx: Any, overlay: Overlay) -> Diagram:
    """What depends on what: dependsOn links, the roadmap's phase order, cycles and single points of failure."""
    m, lang = ctx.model, ctx.lang
    c = _Canvas(ctx, overlay, "dependencies", ui(lang, "dependencies"), rankdir="LR", ranksep="0.9",
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
    theme_of: dict[str, Optional[str]] = {}
    for n in nodes:
        e = m.get(n)
        if e.KIND == "SubTheme":
            theme_of[n] = e.theme.ref
        elif e.KIND == "Action":
            st = m.get(e.subtheme.ref)
            theme_of[n] = st.theme.ref if st else None
        else:
            theme_of[n] = None
    for i, t in enumerate(_themes(m)):
        members = sorted([n for n in nodes if theme_of.get(n) == t.id], key=_nat)
        if not members:
            continue
        with g.subgraph(name=f"cluster_theme_{i}") as s:
            s.attr(label="<" + small(t.label.get(lang), "#1B4A6B", 10) + ">", style="rounded,filled",
                   fillcolor="#F5F9FC", color="#C5D7E6", labeljust="l")
            for n in members:
                c.node(s, n, width=28, max_lines=4, show_kind=True)
    for n in sorted(nodes, key=_nat):
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
    phases = _phases(m)
    if 1 < len(phases) <= 12:
        with g.subgraph(name="cluster_phases") as s:
            s.attr(label="<" + small(ui(lang, "roadmap"), MUTED, 10) + ">", style="rounded", color="#CFD8DC")
            for p in phases:
                c.node(s, p.id, "Phase", label=f"{p.period_text} {p.label.get(lang)}", width=22, max_lines=3)
            for a, b in zip(phases, phases[1:]):
                s.edge(a.id, b.id, dir="back", style="dashed", color="#90A4AE", tooltip=plain(ui(lang, "phase_order")))
        c.mark_edge("phase_order", ui(lang, "phase_order"), "#90A4AE", "dashed")
    return c.finish("dependencies")


def overlaps(ctx: Any, overlay: Overlay, shared: bool = False, min_score: Optional[float] = None) -> Diagram:
    """Projects joined by their overlap score; with ``shared`` the shared items as small nodes."""
    m, lang, an = ctx.model, ctx.lang, ctx.analysis
    pairs = an.overlap_pairs(min_score)
    ms = ctx.config.overlap_min_score if min_score is None else min_score
    projects = sorted({p for pr in pairs for p in pr["projects"]}, key=_nat)
    items = sorted({i for pr in pairs for i in pr["shared"]}, key=_nat) if shared else []
    if len(projects) + len(items) > MAX_NODES:
        items = []
        if len(projects) > MAX_NODES:
            pairs = pairs[:MAX_NODES // 2]
            projects = sorted({p for pr in pairs for p in pr["projects"]}, key=_nat)
    big = len(projects) + len(items) > 60
    engine = "sfdp" if big else "dot"
    layout = ({"overlap": "false", "sep": "+14", "splines": "true", "K": "1.2"} if big
              else {"rankdir": "LR", "ranksep": "1.1", "nodesep": "0.3"})
    c = _Canvas(ctx, overlay, "overlaps", ui(lang, "overlaps"), ui(lang, "min_score", min=f"{ms:g}"),
                directed=False, **layout)
    g = c.g
    if not pairs:
        c.note(g, "_empty", ui(lang, "none_overlaps", min=f"{ms:g}"))
        return c.finish("overlaps", "dot")
    for p in projects:
        _project_node(c, g, p)
    c.mark_edge("overlap", ui(lang, "overlap_edge"), "#8E44AD", bold=True, arrow=False)
    for pr in pairs:
        a, b = pr["projects"]
        s = pr["score"]
        accepted = frozenset((a, b)) in overlay.accepted_pairs
        colour = ACCEPTED_BORDER if accepted else _score_colour(s)
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
            g.node(it, label="<" + small(kind_name(kind, lang), MUTED, 7) + "<BR/>"
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


def _score_colour(score: float) -> str:
    # light violet (low) → deep violet (high)
    lo, hi = (0xC3, 0x9B, 0xD3), (0x5B, 0x2C, 0x6F)
    t = max(0.0, min(1.0, score))
    return "#" + "".join(f"{round(a + (b - a) * t):02X}" for a, b in zip(lo, hi))


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
        nodes.sort(key=lambda n: (n != entity, m.kind_of(n) or "", _nat(n)))
        dropped = len(nodes) - (FOCUS_MAX_NODES - 1)
        nodes = nodes[:FOCUS_MAX_NODES - 1]
        sub = sub.subgraph(nodes)
    label = m.label(entity, lang)
    c = _Canvas(ctx, overlay, "focus", f"{ui(lang, 'focus')}: {label}",
                subtitle or ui(lang, "focus_of", label=entity, depth=d), rankdir="LR", ranksep="0.9",
                nodesep="0.2")
    g = c.g
    for n in sorted(sub.nodes, key=lambda n: (m.kind_of(n) or "", _nat(n))):
        c.node(g, n, width=28, max_lines=4, show_kind=True, focus=(n == entity))
    if dropped:
        c.note(g, "_more", ui(lang, "more", n=dropped))
        g.edge(entity, "_more", style="dotted", arrowhead="none")
    names = RELATION_NAMES.get(lang, RELATION_NAMES["fi"])
    seen: set[tuple[str, str, str]] = set()
    for u, v, rel in sub.edges(data="relation"):
        if (u, v, rel) in seen:
            continue
        seen.add((u, v, rel))
        colour = CYCLE if (u, v) in overlay.cycle_edges else EDGE
        g.edge(u, v, label=esc_plain_label(names.get(rel, rel)), color=colour)
    c.mark("focus", f"{ui(lang, 'in_focus')}: {label}", "#FFFFFF", "#1C2833", border_width=3)
    return c.finish(f"focus-{slug(entity)}")


def esc_plain_label(text: str) -> Any:
    """A short edge label from our own vocabulary, as a plain (non-HTML) string."""
    return plain(text)


# ------------------------------------------------------------------ entry point
def build(view: str, ctx: Any, findings: Iterable[Any] = (), *, theme: Optional[str] = None,
          focus_id: Optional[str] = None, depth: int = 1, shared: bool = False) -> Diagram:
    """Build ``view`` for the model in ``ctx`` with ``findings`` overlaid.

    Raises
    ------
    DiagramError
        For an unknown view, an unknown ``theme`` or ``focus_id``, or options the view does not take.
    """
    overlay = findings if isinstance(findings, Overlay) else Overlay.from_findings(findings)
    if view not in VIEWS:
        raise DiagramError(f"unknown view {view!r}; views: {', '.join(VIEWS)}")
    if theme is not None and view not in ("linkage", "roadmap"):
        raise DiagramError(f"--theme applies to the linkage and roadmap views, not {view}")
    if focus_id is not None and view != "focus":
        raise DiagramError(f"--focus applies to the focus view, not {view}")
    if view == "house":
        return house(ctx, overlay)
    if view == "roadmap":
        return roadmap(ctx, overlay, theme)
    if view == "linkage":
        return linkage(ctx, overlay, theme)
    if view == "dependencies":
        return dependencies(ctx, overlay)
    if view == "overlaps":
        return overlaps(ctx, overlay, shared=shared)
    if not focus_id:
        raise DiagramError("the focus view needs --focus ID (and optionally --depth N)")
    return focus(ctx, overlay, focus_id, depth)


def report_set(ctx: Any, findings: Iterable[Any]) -> list[Diagram]:
    """The report's diagrams: house, linkage (overview and one per theme), dependencies, overlaps, roadmap."""
    overlay = findings if isinstance(findings, Overlay) else Overlay.from_findings(findings)
    out = [house(ctx, overlay), linkage(ctx, overlay)]
    out += [linkage(ctx, overlay, t.id) for t in _themes(ctx.model)]
    out += [dependencies(ctx, overlay), overlaps(ctx, overlay), roadmap(ctx, overlay)]
    return out


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
    return text.strip()
