"""The diagram and report commands: what planners look at and put in board papers."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from strategygraph.cli.options import (
    DEFAULT_MODEL,
    BaseOpt,
    CarryOpt,
    EndpointOpt,
    GraphOpt,
    Lang,
    LangOpt,
    ModelArg,
    SetOpt,
    build_context,
    fail,
    parse_as_of,
    run_rules_or_fail,
    write_output,
)
from strategygraph.views.diagrams import FORMATS, VIEWS

#: the views and formats of views.diagrams (defined there once)
View = Enum("View", {v: v for v in VIEWS}, type=str)  # type: ignore[misc]
DiagramFormat = Enum("DiagramFormat", {f: f for f in FORMATS}, type=str)  # type: ignore[misc]


DEFAULT_REPORT_DIR = Path("output/report")


class Section(str, Enum):
    """The report's optional sections (shown when the model has their data)."""

    progress = "progress"
    scenario = "scenario"


def _require_graphviz() -> None:
    from strategygraph.views.diagrams import GraphvizNotFound, find_graphviz

    try:
        find_graphviz()
    except GraphvizNotFound as exc:
        fail(str(exc))


class _Steps:
    """A progress bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled
        self.progress: Any = None
        self.task: Any = None

    def __enter__(self) -> _Steps:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(TextColumn("[bold]report[/]"), BarColumn(), TextColumn("{task.description}"),
                                     TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self.progress.__enter__()
            self.task = self.progress.add_task("", total=self.total)
        return self

    def __call__(self, description: str) -> None:
        if self.progress is not None:
            self.progress.update(self.task, advance=1, description=description)

    def __exit__(self, *exc: Any) -> None:
        if self.progress is not None:
            self.progress.update(self.task, completed=self.total)
            self.progress.__exit__(*exc)


def diagram(
    view: Annotated[View, typer.Argument(
        help="Which view: house (meaning → values → themes → sub-themes), roadmap (phases × themes), "
             "linkage (strategy elements ← projects), dependencies, overlaps, focus (one entity's "
             "neighbourhood).", case_sensitive=False, show_default=False)],
    model: ModelArg = DEFAULT_MODEL,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to FILE (its suffix picks the format when --format is not given); "
                               "default: stdout.", metavar="FILE")] = None,
    format: Annotated[DiagramFormat | None, typer.Option(
        "--format", "-f", help="Output format [default: the suffix of --output, else svg].",
        case_sensitive=False)] = None,
    lang: LangOpt = None,
    theme: Annotated[str | None, typer.Option(
        "--theme", help="Only this theme (id): linkage shows its sub-themes, actions and milestones; roadmap "
                        "its lane.", metavar="ID")] = None,
    focus: Annotated[str | None, typer.Option(
        "--focus", help="The entity (id) whose neighbourhood the focus view draws.", metavar="ID")] = None,
    depth: Annotated[int, typer.Option(
        "--depth", min=1, max=6, help="How many links away from --focus to draw.")] = 1,
    shared: Annotated[bool, typer.Option(
        "--shared/--no-shared", help="overlaps: also draw the shared work items between the projects.")] = False,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Analysis date YYYY-MM-DD: the roadmap marks phases past, current or future at it and "
                        "shows the progress known by then [default: the model's as-of date].",
        metavar="DATE")] = None,
    carrying: CarryOpt = None,
    settings: SetOpt = None,
    base: BaseOpt = None,
) -> None:
    """Draw a diagram of the strategy with the findings overlaid (SVG, PNG, PDF or DOT).

    An element no carrying project reaches is drawn in a warning colour, an unowned goal or project
    dashed, an accepted finding with a green check mark; the legend explains the marks.

    Example: strategygraph diagram linkage model --theme sopiva-polku -o linkage.png
    """
    from strategygraph.views.diagrams import DiagramError, GraphvizNotFound, RenderError, build

    fmt = format.value if format is not None else None
    if fmt is None and output is not None:
        suffix = output.suffix.lower().lstrip(".")
        if suffix in DiagramFormat.__members__:
            fmt = suffix
        elif suffix == "gv":
            fmt = "dot"
        elif suffix:
            fail(f"--output {output}: unsupported file type .{suffix}; use .svg, .png, .pdf or .dot (or give "
                 "--format)")
    fmt = fmt or "svg"
    when = parse_as_of(as_of)
    if focus is not None and view.value != "focus":
        fail(f"--focus applies to the focus view, not {view.value}")
    if view.value == "focus" and not focus:
        fail("the focus view needs --focus ID (and optionally --depth N)")
    if theme is not None and view.value not in ("linkage", "roadmap"):
        fail(f"--theme applies to the linkage and roadmap views, not {view.value}")
    if fmt in ("png", "pdf") and output is None and sys.stdout.isatty():
        fail(f"{fmt} is binary; give --output FILE.{fmt} (or redirect stdout)")
    if fmt != "dot":
        _require_graphviz()
    ctx = build_context(model, lang, base, carrying=carrying, settings=settings)
    if when is not None:
        ctx.as_of = when
    findings = run_rules_or_fail(ctx)
    try:
        d = build(view.value, ctx, findings, theme=theme, focus_id=focus, depth=depth, shared=shared)
        data = d.render(fmt)
    except DiagramError as exc:
        fail(str(exc))
    except GraphvizNotFound as exc:
        fail(str(exc))
    except RenderError as exc:
        fail(str(exc))
    for note in d.notes:
        typer.echo(f"strategygraph: note: {note}", err=True)
    write_output(data, output)

def report(
    model: ModelArg = DEFAULT_MODEL,
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="Report directory (replaced as a whole, atomically, on success).",
        metavar="DIR")] = DEFAULT_REPORT_DIR,
    lang: Annotated[Lang | None, typer.Option(
        "--lang", help="Language of the page, the diagrams and the workbook (default: the model's default language).",
        case_sensitive=False, show_default=False)] = None,
    pdf: Annotated[bool, typer.Option(
        "--pdf", help="Also print the board paper (overview, strategy house, coverage per theme, top findings, "
                      "overlap review) to DIR/board.pdf, A4, through headless Chromium.")] = False,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Analysis date YYYY-MM-DD: which phases are past, current or future, which progress "
                        "facts are known and which are stale [default: the model's as-of date].",
        metavar="DATE")] = None,
    leave_out: Annotated[list[Section] | None, typer.Option(
        "--leave-out", help="Leave this section out (repeatable): progress (the progress roll-up), scenario "
                            "(what the proposed portfolio decisions would do). Both are on when the model has "
                            "their data (progress facts; proposed dispositions).", case_sensitive=False)] = None,
    carrying: CarryOpt = None,
    settings: SetOpt = None,
    base: BaseOpt = None,
    endpoint: EndpointOpt = None,
    graph: GraphOpt = None,
) -> None:
    """Write the strategy report: one self-contained HTML page plus findings.json, coverage.xlsx and diagrams.

    DIR/index.html opens with the board view (what matters, in sentences; the top findings; coverage per
    theme as traffic lights; the strategy house), then the findings (filterable by category, severity and
    theme, filters kept in the URL), the coverage heat map, the PMO overlap review, ownership, progress per
    theme, sub-theme, milestone and goal (when the model has progress facts), what the proposed portfolio
    decisions would do (when it has proposed dispositions), the roadmap, the diagrams and a section per element (every mention links there); it loads nothing from the network
    and prints as an A4 board paper. DIR/findings.json is the 'check --format json' output,
    DIR/coverage.xlsx the coverage matrices, findings and ownership, DIR/diagrams/*.svg the diagrams, and
    with --pdf DIR/board.pdf the board paper. A failed run leaves an existing report untouched.

    Example: strategygraph report model -o output/report --pdf
    """
    from strategygraph.analysis.scenario import ScenarioError
    from strategygraph.views.diagrams import GraphvizNotFound, RenderError
    from strategygraph.views.pdf import PdfError, find_chromium
    from strategygraph.views.report import ReportError, check_output_dir, report_steps, write_report

    when = parse_as_of(as_of)
    sections = tuple(x.value for x in Section if x not in (leave_out or []))
    _require_graphviz()
    if pdf:
        try:
            find_chromium()
        except PdfError as exc:
            fail(str(exc))
    try:
        check_output_dir(output, model)
    except ReportError as exc:
        fail(str(exc))
    ctx = build_context(model, lang, base, carrying=carrying, settings=settings, endpoint=endpoint, graph=graph)
    if when is not None:
        ctx.as_of = when
    with _Steps(report_steps(ctx, pdf) + 1, sys.stderr.isatty()) as step:
        step("rules")
        findings = run_rules_or_fail(ctx)
        try:
            index = write_report(ctx, findings, output, model_name=model_title(ctx, graph or endpoint or model), step=step,
                                 model_dir=model, pdf=pdf, sections=sections)
        except (GraphvizNotFound, RenderError, ReportError, PdfError, ScenarioError) as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}")
    n = len(findings)
    typer.echo(f"wrote {index} ({n} finding{'s' if n != 1 else ''}), findings.json, coverage.xlsx"
               f"{', board.pdf' if pdf else ''} and diagrams/ in {output}", err=True)


def slides(
    model: ModelArg = DEFAULT_MODEL,
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="The deck to write (.pptx); replaced atomically.", metavar="FILE")] = Path(
        "output/board.pptx"),
    lang: Annotated[Lang | None, typer.Option(
        "--lang", help="Language of the slides' text and of the labels (default: the model's default language).",
        case_sensitive=False, show_default=False)] = None,
    carrying: CarryOpt = None,
    settings: SetOpt = None,
    base: BaseOpt = None,
) -> None:
    """Write an editable slide deck for the board (PowerPoint .pptx).

    Slides: title, overview (what matters, in sentences), the strategy house (themes coloured by
    coverage), the roadmap, coverage per theme, the top findings and the PMO overlap review. Every
    box and table is an ordinary PowerPoint shape, editable before the meeting.

    Example: strategygraph slides model -o board.pptx --lang en
    """
    from strategygraph.core.files import atomic_write_bytes
    from strategygraph.views.slides import slides_deck

    if output.suffix.lower() != ".pptx":
        fail(f"--output {output}: the deck is a PowerPoint file; give a name ending in .pptx")
    ctx = build_context(model, lang, base, carrying=carrying, settings=settings)
    findings = run_rules_or_fail(ctx)
    data = slides_deck(ctx, findings, model_name=model_title(ctx, model))
    try:
        atomic_write_bytes(output, data)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    typer.echo(f"wrote {output} (7 slides)", err=True)


def model_title(ctx: Any, where: Path | str) -> str:
    """The name a report or deck shows: the model's own title (``model: title:``, else its organization or
    meaning) in the page's language; only a model that names itself nowhere falls back to its folder's name
    (or the graph / endpoint it was read from), never a full path."""
    title = ctx.model.title_text(ctx.lang)
    if title:
        return str(title)
    text = str(where)
    return text if "://" in text else (Path(text).name or text)


def register(app: typer.Typer) -> None:
    """Add this group's commands to ``app``."""
    app.command()(diagram)
    app.command()(report)
    app.command()(slides)
