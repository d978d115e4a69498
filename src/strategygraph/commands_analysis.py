"""Planner and PMO commands: check, coverage, overlaps, impact, rules, explain."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .cli import DEFAULT_MODEL, BaseOpt, ModelArg, fail, load_model, resolve_base, write_output


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


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


class Lang(str, Enum):
    fi = "fi"
    en = "en"


KIND_OF_BY = {"theme": "Theme", "subtheme": "SubTheme", "milestone": "Milestone", "goal": "Goal",
              "capability": "Capability", "action": "Action"}

LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of labels in the output.", case_sensitive=False)]
SetOpt = Annotated[Optional[list[str]], typer.Option(
    "--set", help="Override a configuration value, e.g. --set overlap_min_score=0.3 or "
                  "--set 'carrying_statuses=[\"active\",\"planned\"]' (repeatable).", metavar="KEY=VALUE")]
CarryOpt = Annotated[Optional[list[str]], typer.Option(
    "--carrying", help="Project status that carries work (repeatable; default from configuration: active).",
    metavar="STATUS")]


def _split(values: Optional[list[str]]) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out += [x.strip() for x in v.split(",") if x.strip()]
    return out


def _parse_set(items: Optional[list[str]]) -> dict[str, Any]:
    import tomllib

    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            fail(f"--set {item!r}: expected KEY=VALUE")
        try:
            value = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            value = raw  # a bare word
        out[key.strip().replace("-", "_")] = value
    return out


def build_context(model: Path, lang: Lang, base: Optional[str], select: Optional[list[str]] = None,
                  ignore: Optional[list[str]] = None, fail_on: Optional[FailOn] = None,
                  carrying: Optional[list[str]] = None, settings: Optional[list[str]] = None) -> Any:
    """Load model and configuration (file, then command-line overrides) into a rule Context."""
    from .rules.base import ConfigError, Context, load_config

    m = load_model(model)
    try:
        cfg = load_config(model)
        overrides = _parse_set(settings)
        if select:
            overrides["select"] = _split(select)
        if ignore:
            overrides["ignore"] = _split(ignore)
        if fail_on is not None:
            overrides["fail_on"] = fail_on.value
        if carrying:
            overrides["carrying_statuses"] = _split(carrying)
        cfg = cfg.with_overrides(**overrides)
    except ConfigError as exc:
        fail(str(exc))
    return Context(m, cfg, lang=lang.value, base=resolve_base(base))


def findings_json(findings: list[Any]) -> dict[str, Any]:
    from .rules.base import summarize

    return {"findings": [f.as_dict() for f in findings], "summary": summarize(findings)}


def render_markdown(ctx: Any, findings: list[Any]) -> str:
    from .rules.base import summarize

    s = summarize(findings)
    lines = [f"# strategygraph check: {len(findings)} findings", ""]
    lines.append("| category | " + " | ".join(s["by_category"]) + " |")
    lines.append("|---|" + "---|" * len(s["by_category"]))
    lines.append("| findings | " + " | ".join(str(v) for v in s["by_category"].values()) + " |")
    lines += ["", "| severity | rule | subjects | message |", "|---|---|---|---|"]

    def esc(t: str) -> str:
        return t.replace("|", "\\|").replace("\n", " ")

    for f in findings:
        acc = f" (accepted: {esc(f.accepted['reason'])})" if f.accepted else ""
        lines.append(f"| {f.severity} | {f.rule} {f.name} | {esc(', '.join(f.subjects))} | {esc(f.message)}{acc} |")
    return "\n".join(lines) + "\n"


def register(app: typer.Typer) -> None:
    @app.command()
    def check(
        model: ModelArg = DEFAULT_MODEL,
        format: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.",
                                                    case_sensitive=False)] = CheckFormat.text,
        select: Annotated[Optional[list[str]], typer.Option(
            "--select", help="Run only these rules: codes (G101), code prefixes (G1), categories (gap) or "
                             "dotted names; comma-separated or repeated.", metavar="RULES")] = None,
        ignore: Annotated[Optional[list[str]], typer.Option(
            "--ignore", help="Skip these rules (same forms as --select).", metavar="RULES")] = None,
        fail_on: Annotated[Optional[FailOn], typer.Option(
            "--fail-on", help="Exit 1 when a finding (not accepted) is at or above this severity "
                              "[default: error, or fail_on from the configuration].",
            case_sensitive=False)] = None,
        carrying: CarryOpt = None,
        settings: SetOpt = None,
        lang: LangOpt = Lang.fi,
        output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE instead of stdout.",
                                                       metavar="FILE")] = None,
        base: BaseOpt = None,
    ) -> None:
        """Run the analysis rules and list the findings.

        Exit 0 when nothing (not accepted) is at or above --fail-on, 1 when something is, 2 on invalid input.
        """
        from .rules.base import ConfigError, exit_code, run_rules, summarize

        ctx = build_context(model, lang, base, select, ignore, fail_on, carrying, settings)
        try:
            findings = run_rules(ctx)
        except ConfigError as exc:
            fail(str(exc))
        code = exit_code(findings, ctx.config.fail_on)
        if format == CheckFormat.json:
            write_output(json.dumps(findings_json(findings), ensure_ascii=False, indent=2), output)
        elif format == CheckFormat.markdown:
            write_output(render_markdown(ctx, findings), output)
        else:
            from rich.console import Console
            from rich.markup import escape
            from rich.table import Table

            console = Console(record=output is not None, width=None if output is None else 200)
            colour = {"error": "red", "warning": "yellow", "info": "cyan"}
            table = Table("severity", "rule", "subjects", "message", show_lines=False,
                          title=f"{model}: {len(findings)} findings", title_justify="left")
            for f in findings:
                sev = f"[{colour[f.severity]}]{f.severity}[/]"
                msg = escape(f.message) + (f"\n[green]accepted {f.accepted['date']}: {escape(f.accepted['reason'])}[/]"
                                           if f.accepted else "")
                subj = escape(", ".join(f.subjects[:4]) + (f" (+{len(f.subjects) - 4})" if len(f.subjects) > 4 else ""))
                table.add_row(sev, f"{f.rule}\n{f.name}", subj, msg)
            console.print(table)
            s = summarize(findings)
            console.print("by category: " + ", ".join(f"{k} {v}" for k, v in s["by_category"].items())
                          + " | by severity: " + ", ".join(f"{k} {v}" for k, v in s["by_severity"].items())
                          + f" | accepted {s['accepted']}")
            if output is not None:
                write_output(console.export_text(), output)
        raise typer.Exit(code)

    @app.command()
    def coverage(
        model: ModelArg = DEFAULT_MODEL,
        by: Annotated[CoverageBy, typer.Option("--by", help="Which strategy elements form the rows.",
                                               case_sensitive=False)] = CoverageBy.theme,
        format: Annotated[CoverageFormat, typer.Option("--format", "-f", help="Output format (xlsx needs -o).",
                                                       case_sensitive=False)] = CoverageFormat.table,
        output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE.",
                                                       metavar="FILE")] = None,
        carrying: CarryOpt = None,
        settings: SetOpt = None,
        lang: LangOpt = Lang.fi,
        base: BaseOpt = None,
    ) -> None:
        """The element × project coverage matrix: how many links tie each element to each project.

        Rows no carrying project reaches come first. Columns of non-carrying projects are marked with their status.
        """
        ctx = build_context(model, lang, base, carrying=carrying, settings=settings)
        data = coverage_data(ctx, KIND_OF_BY[by.value])
        if format == CoverageFormat.json:
            write_output(json.dumps(data, ensure_ascii=False, indent=2), output)
        elif format == CoverageFormat.csv:
            write_output(coverage_csv(data), output)
        elif format == CoverageFormat.xlsx:
            if output is None:
                fail("--format xlsx needs --output FILE.xlsx")
            from .xlsx import coverage_workbook

            write_output(coverage_workbook(data), output)
        else:
            from rich.console import Console
            from rich.table import Table

            cols = data["projects"]
            table = Table(title=f"coverage by {by.value} ({len(data['rows'])} rows)", title_justify="left")
            table.add_column(by.value)
            for c in cols:
                mark = "" if c["carrying"] else f"\n[dim]{c['status']}[/]"
                table.add_column(c["id"] + mark, justify="right")
            table.add_column("carriers", justify="right")
            from rich.markup import escape

            for row in data["rows"]:
                name = f"{escape(row['label'])}\n[dim]{row['id']}[/]"
                if not row["carriers"]:
                    name = f"[red]{escape(row['label'])}[/]\n[dim]{row['id']}[/]"
                table.add_row(name, *[str(row["cells"].get(c["id"], "")) or "" for c in cols],
                              str(len(row["carriers"])))
            Console().print(table)

    @app.command()
    def overlaps(
        model: ModelArg = DEFAULT_MODEL,
        min_score: Annotated[float, typer.Option(
            "--min-score", min=0.0, max=1.0,
            help="Lowest weighted-Jaccard score listed (0 lists every pair that shares any work; the "
                 "overlap rule O201 warns from overlap_min_score, 0.2).")] = 0.0,
        format: Annotated[TableJson, typer.Option("--format", "-f", help="Output format.",
                                                  case_sensitive=False)] = TableJson.table,
        settings: SetOpt = None,
        lang: LangOpt = Lang.fi,
        base: BaseOpt = None,
    ) -> None:
        """The PMO overlap review: project pairs ranked by shared work, with the shared items."""
        ctx = build_context(model, lang, base, settings=settings)
        pairs = ctx.analysis.overlap_pairs(min_score)
        if format == TableJson.json:
            typer.echo(json.dumps({"pairs": pairs}, ensure_ascii=False, indent=2))
            return
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        table = Table("#", "projects", "score", "contained", "shared work",
                      title=f"{len(pairs)} project pairs sharing work (score = weighted Jaccard; contained = share "
                            "of the smaller project's work)", title_justify="left", show_lines=True)
        for i, p in enumerate(pairs, 1):
            shared = escape("\n".join(f"{k}: " + "; ".join(f"{ctx.label(x)} ({x})" for x in v)
                                      for k, v in p["shared_by_kind"].items()))
            table.add_row(str(i), "\n".join(p["projects"]), f"{p['score']:.2f}", f"{p['containment']:.0%}", shared)
        Console().print(table)

    @app.command()
    def impact(
        project: Annotated[str, typer.Argument(help="Id of the project that would stop.")],
        model: ModelArg = DEFAULT_MODEL,
        format: Annotated[TableJson, typer.Option("--format", "-f", help="Output format.",
                                                  case_sensitive=False)] = TableJson.table,
        carrying: CarryOpt = None,
        settings: SetOpt = None,
        lang: LangOpt = Lang.fi,
        base: BaseOpt = None,
    ) -> None:
        """What loses its carrier if PROJECT stops (directly and through projects that depend on it)."""
        import difflib

        ctx = build_context(model, lang, base, carrying=carrying, settings=settings)
        m = ctx.model
        if m.kind_of(project) != "Project":
            ids = [p.id for p in m.of_kind("Project")]
            hint = difflib.get_close_matches(project, ids, n=1)
            what = f"{project!r} is a {m.kind_of(project)}, not a project" if project in m else \
                f"unknown project {project!r}"
            fail(what + (f"; did you mean {hint[0]!r}?" if hint else f"; projects: {', '.join(ids)}"))
        result = ctx.analysis.impact(project)
        if format == TableJson.json:
            typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
            return
        from rich.console import Console
        from rich.markup import escape
        from rich.tree import Tree

        tree = Tree(f"[b]If {escape(ctx.name(project))} stops[/b]")
        if not result["carrying"]:
            tree.add(f"[yellow]its status is {result['status']}: it does not carry work yet, so this is what the "
                     "strategy counts on it for[/]")
        if result["through_dependencies"]:
            tree.add("also stop (they depend on it): " + ", ".join(result["through_dependencies"]))
        for title, key in (("loses every carrier", "loses_all_carriers"), ("loses one of its carriers",
                                                                            "loses_a_carrier")):
            branch = tree.add(f"[b]{title}[/b]")
            if not result[key]:
                branch.add("[dim]nothing[/]")
            for kind, ids in result[key].items():
                kb = branch.add(f"{kind} ({len(ids)})")
                for i in ids:
                    kb.add(f"{escape(ctx.label(i))} [dim]({i})[/]")
        if result["dependent_subthemes"]:
            b = tree.add("[b]sub-themes that list it as a dependency[/b]")
            for i in result["dependent_subthemes"]:
                b.add(f"{escape(ctx.label(i))} [dim]({i})[/]")
        Console().print(tree)

    @app.command("rules")
    def rules_cmd(
        format: Annotated[RulesFormat, typer.Option("--format", "-f", help="Output format (markdown: the table "
                                                    "in the README).", case_sensitive=False)] = RulesFormat.table,
    ) -> None:
        """List every analysis rule: code, name, category, default severity and summary."""
        from .rules.base import all_rules

        rules = all_rules()
        if format == RulesFormat.markdown:
            typer.echo(rules_markdown(rules), nl=False)
            return
        if format == RulesFormat.json:
            typer.echo(json.dumps([{"code": r.code, "name": r.name, "category": r.category,
                                    "severity": r.severity, "summary": r.summary} for r in rules], indent=2))
            return
        from rich.console import Console
        from rich.table import Table

        table = Table("code", "name", "category", "severity", "summary", title=f"{len(rules)} rules",
                      title_justify="left")
        for r in rules:
            table.add_row(r.code, r.name, r.category, r.severity, r.summary)
        Console().print(table)

    @app.command()
    def explain(
        code: Annotated[str, typer.Argument(help="Rule code (e.g. G101) or dotted name.")],
    ) -> None:
        """Explain a rule: what it finds, why it matters, how to fix it, an example."""
        import difflib

        from .rules.base import REGISTRY, get_rule

        r = get_rule(code)
        if r is None:
            hint = difflib.get_close_matches(code.upper(), list(REGISTRY), n=1) or \
                difflib.get_close_matches(code, [x.name for x in REGISTRY.values()], n=1)
            fail(f"no rule {code!r}" + (f"; did you mean {hint[0]}?" if hint else "; see 'strategygraph rules'"))
        typer.echo(f"{r.code} {r.name} [{r.category}, default severity {r.severity}]\n")
        typer.echo(r.doc)


def rules_markdown(rules: list[Any]) -> str:
    """The rule catalogue as a Markdown table (generated into the README)."""
    lines = ["| code | name | category | severity | what it finds |", "|---|---|---|---|---|"]
    for r in rules:
        lines.append(f"| {r.code} | `{r.name}` | {r.category} | {r.severity} | {r.summary} |")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ coverage data (shared with report/xlsx)
def coverage_data(ctx: Any, kind: str) -> dict[str, Any]:
    an = ctx.analysis
    rows, cols, cells = an.matrix(kind)
    m = ctx.model
    return {
        "by": kind,
        "carrying_statuses": list(ctx.config.carrying_statuses),
        "projects": [{"id": p, "label": ctx.label(p), "status": an.status[p], "carrying": p in an.carrying}
                     for p in cols],
        "rows": [{"id": r, "label": ctx.label(r), "kind": kind,
                  "cells": {p: cells[(r, p)] for p in cols if (r, p) in cells},
                  "carriers": sorted(an.carriers_of(r)),
                  "other_carriers": an.other_carriers.get(r, []),
                  "theme": _theme_of(m, r)} for r in rows],
    }


def _theme_of(m: Any, eid: str) -> Optional[str]:
    e = m.get(eid)
    if e is None:
        return None
    if e.KIND == "Theme":
        return e.id
    theme = getattr(e, "theme", None)
    if theme is not None:
        return theme.ref
    if e.KIND == "Action":
        st = m.get(e.subtheme.ref)
        return st.theme.ref if st else None
    return None


def coverage_csv(data: dict[str, Any]) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    cols = [c["id"] for c in data["projects"]]
    w.writerow(["id", "label", *cols, "carriers", "other_carriers"])
    for row in data["rows"]:
        w.writerow([row["id"], row["label"], *[row["cells"].get(c, 0) for c in cols], len(row["carriers"]),
                    ";".join(row["other_carriers"])])
    return buf.getvalue()
