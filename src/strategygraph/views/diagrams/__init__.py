"""Diagrams of the strategy as graphviz DOT, with the findings drawn on them.

Each *view* (in the spirit of ArchiMate viewpoints) is a pure function of a
rule :class:`~strategygraph.analysis.rules.engine.Context` and the findings, returning a
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

import shutil  # noqa: F401  (tests stub shutil.which through this package)
from collections.abc import Iterable
from typing import Any

from strategygraph.views.diagrams.common import (
    FOCUS_MAX_NODES,
    FORMATS,
    MAX_NODES,
    REPORT_LINK,
    VIEWS,
    Canvas,
    Diagram,
    DiagramError,
    GraphvizNotFound,
    Overlay,
    RenderError,
    esc,
    find_graphviz,
    html_lines,
    natural_key,
    plain,
    render,
    slug,
    small,
    sorted_phases,
    sorted_themes,
    subthemes_of,
    svg_for_html,
    wrap,
)
from strategygraph.views.diagrams.dependencies import dependencies
from strategygraph.views.diagrams.focus import focus
from strategygraph.views.diagrams.house import house
from strategygraph.views.diagrams.linkage import linkage
from strategygraph.views.diagrams.overlaps import overlaps
from strategygraph.views.diagrams.roadmap import roadmap, roadmap_cells
from strategygraph.views.i18n import kind_name, status_name


# ------------------------------------------------------------------ entry point
def build(view: str, ctx: Any, findings: Iterable[Any] = (), *, theme: str | None = None,
          focus_id: str | None = None, depth: int = 1, shared: bool = False) -> Diagram:
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


def report_set(ctx: Any, findings: Iterable[Any], max_theme_views: int = 12) -> list[Diagram]:
    """The report's diagrams: house, linkage (overview, and one per theme when there are at most
    ``max_theme_views`` themes), dependencies, overlaps with their shared work, roadmap.

    Every drawn element links to its section of the report page (:data:`REPORT_LINK`).
    """
    overlay = findings if isinstance(findings, Overlay) else Overlay.from_findings(findings)
    overlay.link_prefix = REPORT_LINK
    out = [house(ctx, overlay), linkage(ctx, overlay)]
    themes = sorted_themes(ctx.model)
    if len(themes) <= max_theme_views:
        out += [linkage(ctx, overlay, t.id) for t in themes]
    out += [dependencies(ctx, overlay), overlaps(ctx, overlay, shared=True), roadmap(ctx, overlay)]
    return out


__all__ = ["FOCUS_MAX_NODES", "FORMATS", "MAX_NODES", "VIEWS", "Canvas", "Diagram", "DiagramError",
           "GraphvizNotFound", "Overlay", "RenderError", "build", "dependencies", "esc", "find_graphviz", "focus",
           "house", "html_lines", "kind_name", "linkage", "natural_key", "overlaps", "plain", "render",
           "report_set", "roadmap", "roadmap_cells", "slug", "small", "sorted_phases", "sorted_themes",
           "status_name", "subthemes_of", "svg_for_html", "wrap"]
