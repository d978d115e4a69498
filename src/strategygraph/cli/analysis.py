"""Planner and PMO commands: check, coverage, overlaps, impact, rules, explain."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from strategygraph.cli.options import (
    DEFAULT_MODEL,
    LEVEL_KINDS,
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
from strategygraph.core.choices import FailOn
from strategygraph.views.present import (
    coverage_csv,
    coverage_data,
    findings_json,
    render_github,
    render_markdown,
    render_text,
    rules_markdown,
)


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    sarif = "sarif"
    github = "github"


class Show(str, Enum):
    affected = "affected"


class CoverageBy(str, Enum):
    theme = "theme"
    subtheme = "subtheme"
    milestone = "milestone"
    goal = "goal"
    capability = "capability"
    action = "action"


class CoverageFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


class TableJson(str, Enum):
    table = "table"
    json = "json"


class RulesFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


def check(
    model: ModelArg = DEFAULT_MODEL,
    format: Annotated[CheckFormat, typer.Option(
        "--format", "-f", help="Output format: text (one line per finding, file:line:column), json (every "
                               "finding; the documented contract), markdown, sarif (SARIF 2.1.0), github "
                               "(GitHub Actions annotations).", case_sensitive=False)] = CheckFormat.text,
    select: Annotated[list[str] | None, typer.Option(
        "--select", help="Run only these rules: codes (G101), code prefixes (G1), categories (gap) or "
                         "dotted names; comma-separated or repeated.", metavar="RULES")] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", help="Skip these rules (same forms as --select).", metavar="RULES")] = None,
    fail_on: Annotated[FailOn | None, typer.Option(
        "--fail-on", help="Exit 1 when a finding (not accepted) is at or above this severity "
                          "[default: error, or fail_on from the configuration].",
        case_sensitive=False)] = None,
    show_all: Annotated[bool, typer.Option(
        "--all", help="List every finding, each consequence under its root (default: the root findings, "
                      "ranked by score).")] = False,
    show: Annotated[Show | None, typer.Option(
        "--show", help="affected: under each root, the elements it affects and its consequences.",
        case_sensitive=False)] = None,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", help="An earlier 'check --format json' output: list (and fail on) only findings whose "
                           "id it does not contain.", metavar="FILE")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Analysis date YYYY-MM-DD: which phases are past, current or future, which statuses "
                        "are stale [default: the model's newest source date, else today].",
        metavar="DATE")] = None,
    carrying: CarryOpt = None,
    settings: SetOpt = None,
    lang: LangOpt = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.",
                                                   metavar="FILE")] = None,
    base: BaseOpt = None,
    endpoint: EndpointOpt = None,
    graph: GraphOpt = None,
) -> None:
    """Run the analysis rules and list the findings. Root causes first, ranked by score.

    Exit 0 when nothing (not accepted) is at or above --fail-on, 1 when something is, 2 on invalid input.
    """
    from strategygraph.analysis.rules.engine import exit_code

    when = parse_as_of(as_of) if as_of else None
    baseline_ids = _read_baseline(baseline) if baseline is not None else None
    ctx = build_context(model, lang, base, select, ignore, fail_on, carrying, settings, endpoint, graph)
    if when is not None:
        ctx.as_of = when
    findings = run_rules_or_fail(ctx)
    if baseline_ids is not None:
        from strategygraph.views.present import new_since

        findings = new_since(findings, baseline_ids)
    code = exit_code(findings, ctx.config.fail_on)
    shown = findings if (show_all or show is not None or baseline_ids is not None) else \
        [f for f in findings if f.root is None]
    if format == CheckFormat.text:
        text = render_text(findings, ctx.lang, show_all=show_all, show_affected=show is not None,
                           as_of=ctx.as_of.isoformat())
        if baseline_ids is not None:
            text += _baseline_line(ctx.lang, findings, baseline, baseline_ids)
        write_output(text, output)
    else:
        write_output(_check_document(format, ctx, findings, shown), output)
    raise typer.Exit(code)


def _check_document(format: CheckFormat, ctx: Any, findings: list[Any], shown: list[Any]) -> str:
    """check's output in a machine or markup format: json (every finding), markdown, sarif or github."""
    if format == CheckFormat.json:
        return json.dumps(findings_json(findings), ensure_ascii=False, indent=2)
    if format == CheckFormat.markdown:
        return render_markdown(ctx, findings)
    if format == CheckFormat.sarif:
        from strategygraph import __version__
        from strategygraph.analysis.rules.engine import all_rules
        from strategygraph.interop.sarif import to_sarif

        return json.dumps(to_sarif(shown, all_rules(), ctx.lang, __version__), ensure_ascii=False, indent=2)
    return render_github(shown)


def _baseline_line(lang: str, findings: list[Any], baseline: Path | None, baseline_ids: set[str]) -> str:
    """The closing line of check --baseline: how many findings are new against how many before."""
    from strategygraph.views.present import TEXT

    t = TEXT.get(lang, TEXT["en"])
    return t["new"].format(n=len(findings), baseline=baseline, old=len(baseline_ids)) + "\n"


def _read_baseline(path: Path) -> set[str]:
    """The finding ids of an earlier ``check --format json`` output."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        fail(f"--baseline {path}: cannot read the file ({exc.strerror})")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        fail(f"--baseline {path}: not a JSON file ({exc})")
    items = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(f, dict) for f in items):
        fail(f"--baseline {path}: expected the output of 'strategygraph check --format json' (a 'findings' list)")
    ids = {f.get("id") for f in items}
    if None in ids:
        fail(f"--baseline {path}: its findings have no 'id' (written by an older strategygraph); "
             "run check --format json again to make a baseline")
    return {str(i) for i in ids}

def coverage(
    model: ModelArg = DEFAULT_MODEL,
    by: Annotated[CoverageBy, typer.Option("--by", help="Which strategy elements form the rows.",
                                           case_sensitive=False)] = CoverageBy.theme,
    format: Annotated[CoverageFormat, typer.Option("--format", "-f", help="Output format (xlsx needs -o).",
                                                   case_sensitive=False)] = CoverageFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE.",
                                                   metavar="FILE")] = None,
    carrying: CarryOpt = None,
    settings: SetOpt = None,
    lang: LangOpt = None,
    base: BaseOpt = None,
    endpoint: EndpointOpt = None,
    graph: GraphOpt = None,
) -> None:
    """The element × project coverage matrix: how many links tie each element to each project.

    Rows no carrying project reaches come first. Columns of non-carrying projects are marked with their status.
    """
    ctx = build_context(model, lang, base, carrying=carrying, settings=settings, endpoint=endpoint, graph=graph)
    data = coverage_data(ctx, LEVEL_KINDS[by.value])
    if format == CoverageFormat.json:
        write_output(json.dumps(data, ensure_ascii=False, indent=2), output)
    elif format == CoverageFormat.csv:
        write_output(coverage_csv(data), output)
    elif format == CoverageFormat.xlsx:
        if output is None:
            fail("--format xlsx needs --output FILE.xlsx")
        from strategygraph.views.workbook import coverage_workbook

        write_output(coverage_workbook(data, ctx.lang), output)
    else:
        from strategygraph.views.terminal import coverage_table

        _show(lambda width: coverage_table(data, ctx.lang, width), output)


def _show(make: Any, output: Path | None) -> None:
    """Print a table made for the terminal's width, or (with -o) write it as plain text to the file only."""
    from rich.console import Console

    from strategygraph.views.terminal import to_text

    console = Console()
    if output is None:
        console.print(make(console.width))
    else:
        write_output(to_text(make(console.width), console.width), output)


def overlaps(
    model: ModelArg = DEFAULT_MODEL,
    min_score: Annotated[float, typer.Option(
        "--min-score", min=0.0, max=1.0,
        help="Lowest rank listed (0 lists every pair that shares anything; the overlap rule O201 warns from "
             "a work score of overlap_min_score, 0.2).")] = 0.0,
    format: Annotated[TableJson, typer.Option("--format", "-f", help="Output format.",
                                              case_sensitive=False)] = TableJson.table,
    settings: SetOpt = None,
    lang: LangOpt = None,
    base: BaseOpt = None,
) -> None:
    """The PMO overlap review: project pairs ranked by shared work, with the shared items.

    Pairs are ranked by the work, KPIs and wording they share (each with its weight), with each project's
    status, proposed disposition and funding class and the decision the overlap asks for; projects
    proposed to be merged into the same target are reviewed together.
    """
    from strategygraph.analysis.overlap_review import overlap_review

    ctx = build_context(model, lang, base, settings=settings)
    review = overlap_review(ctx.analysis, min_score, ctx.lang)
    if format == TableJson.json:
        typer.echo(json.dumps(review, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    fi = ctx.lang == "fi"
    t: dict[str, Any] = {"title": "{n} hankeparia, joilla on yhteistä (järjestys: yhteisen työn painotettu Jaccard + mittarit "
                  "+ sanamuoto)" if fi else "{n} project pairs sharing something (rank: weighted Jaccard of "
                  "shared work + KPIs + wording)",
         "cols": ("#", "hankkeet", "järjestys", "yhteistä (paino)", "päätettävä") if fi else
                 ("#", "projects", "rank", "shared (weight)", "decision asked for"),
         "group": "Ryhmät: samaan hankkeeseen yhdistettäviksi ehdotetut" if fi else
                  "Groups: projects proposed to be merged into the same project"}

    def state(s: dict[str, str | None]) -> str:
        bits = [ctx.status(s["status"] or "")]
        if s["disposition"]:
            bits.append(ctx.status(s["disposition"]))
        if s["funding_class"]:
            bits.append(s["funding_class"])
        return ", ".join(bits)

    console = Console()
    table = Table(*t["cols"], title=t["title"].format(n=len(review["pairs"])), title_justify="left",
                  show_lines=True)
    for i, p in enumerate(review["pairs"], 1):
        who = "\n".join(f"{x} [dim]({escape(state(p['state'][x]))})[/]" for x in p["projects"])
        shared = "\n".join(
            f"{escape(ctx.kind(s['kind'], plural=True) if s['kind'] != 'wording' else ('sanamuoto' if fi else 'wording'))}"
            f" ({s['weight']}): " + escape("; ".join(ctx.label(x) if x in ctx.model else x for x in s["items"][:4])
                                         + (f" (+{len(s['items']) - 4})" if len(s["items"]) > 4 else ""))
            for s in p["shared"])
        table.add_row(str(i), who, f"{p['rank']:.2f}", shared, escape(p["decision"]))
    console.print(table)
    if review["groups"]:
        console.print(f"[b]{t['group']}[/b]")
        for g in review["groups"]:
            console.print(f"- {escape(g['target'])} ← {escape(', '.join(g['projects']))}: {escape(g['decision'])}")

def impact(
    project: Annotated[str, typer.Argument(help="Id of the project that would stop.")],
    model: ModelArg = DEFAULT_MODEL,
    format: Annotated[TableJson, typer.Option("--format", "-f", help="Output format.",
                                              case_sensitive=False)] = TableJson.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE (only there).",
                                                   metavar="FILE")] = None,
    carrying: CarryOpt = None,
    settings: SetOpt = None,
    lang: LangOpt = None,
    base: BaseOpt = None,
) -> None:
    """What loses its carrier if PROJECT stops (directly and through projects that depend on it)."""
    from strategygraph.core.util import did_you_mean

    ctx = build_context(model, lang, base, carrying=carrying, settings=settings)
    m = ctx.model
    if m.kind_of(project) != "Project":
        ids = [p.id for p in m.of_kind("Project")]
        what = f"{project!r} is a {m.kind_of(project)}, not a project" if project in m else \
            f"unknown project {project!r}"
        fail(what + did_you_mean(project, ids, otherwise=f"; projects: {', '.join(ids)}"))
    result = ctx.analysis.impact(project)
    if format == TableJson.json:
        write_output(json.dumps(result, ensure_ascii=False, indent=2), output)
        return
    from strategygraph.views.terminal import impact_tree

    _show(lambda width: impact_tree(ctx, project, result), output)


def rules_cmd(
    format: Annotated[RulesFormat, typer.Option("--format", "-f", help="Output format (markdown: the table "
                                                "in the README).", case_sensitive=False)] = RulesFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE (only there).",
                                                   metavar="FILE")] = None,
) -> None:
    """List every analysis rule: code, name, category, default severity and summary."""
    from strategygraph.analysis.rules.engine import all_rules

    rules = all_rules()
    if format == RulesFormat.markdown:
        write_output(rules_markdown(rules), output)
        return
    if format == RulesFormat.json:
        write_output(json.dumps([{"code": r.code, "name": r.name, "category": r.category,
                                  "severity": r.severity, "summary": r.summary} for r in rules], indent=2), output)
        return
    from strategygraph.views.terminal import rules_table

    _show(lambda width: rules_table(rules, width), output)


def explain(
    code: Annotated[str, typer.Argument(help="Rule code (e.g. G101) or dotted name.")],
    lang: Annotated[Lang, typer.Option(
        "--lang", help="fi: the Finnish summary, why it matters and how to fix, then the English example; "
                       "en: the rule's full (reference) docstring.", case_sensitive=False)] = Lang.en,
) -> None:
    """Explain a rule: what it finds, why it matters, how to fix it, an example."""
    from strategygraph.analysis.rules.engine import REGISTRY, get_rule
    from strategygraph.core.util import closest

    r = get_rule(code)
    if r is None:
        hint = closest(code.upper(), REGISTRY) or closest(code, [x.name for x in REGISTRY.values()])
        fail(f"no rule {code!r}" + (f"; did you mean {hint}?" if hint else "; see 'strategygraph rules'"))
    typer.echo(f"{r.code} {r.name} [{r.category}, default severity {r.severity}]\n")
    if lang == Lang.fi:
        fi = r.texts("fi")
        example = r.sections().get("Example", "")
        typer.echo(f"{fi['summary']}\n\nMiksi sillä on väliä\n--------------------\n{fi['why']}\n\n"
                   f"Näin korjaat\n------------\n{fi['fix']}")
        if example:
            typer.echo(f"\nEsimerkki (englanniksi)\n-----------------------\n{example}")
        return
    typer.echo(r.doc)


def register(app: typer.Typer) -> None:
    """Add this group's commands to ``app``."""
    app.command()(check)
    app.command()(coverage)
    app.command()(overlaps)
    app.command()(impact)
    app.command("rules")(rules_cmd)
    app.command()(explain)
