"""The strategy over time: ``diff`` (versions), ``scenario`` (decisions before they are taken), ``progress``."""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from strategygraph.cli.options import (
    DEFAULT_MODEL,
    LEVEL_KINDS,
    LangOpt,
    ModelArg,
    fail,
    load_model,
    parse_as_of,
    resolve_lang,
    write_output,
)


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


# ------------------------------------------------------------------ model versions
def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        fail("git is not installed; give model folders instead of revisions")


@contextmanager
def model_version(spec: str) -> Iterator[tuple[Path, str]]:
    """A folder holding the model ``spec`` names, and a display name.

    ``spec`` is a model folder or file, ``REV`` (the ``model`` folder at git revision REV) or
    ``REV:PATH`` (PATH at REV, relative to the current directory). A revision's files are
    extracted with ``git archive`` into a temporary folder that is removed afterwards.
    """
    p = Path(spec)
    if p.exists():
        yield p, spec
        return
    rev, sep, path = spec.partition(":")
    path = path if sep else str(DEFAULT_MODEL)
    cwd = Path.cwd()
    inside = _git(["rev-parse", "--show-prefix"], cwd)
    if inside.returncode != 0:
        fail(f"{spec!r} is neither a model folder nor a git revision (the current directory is not in a git "
             "repository)")
    if not rev or _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd).returncode != 0:
        fail(f"{spec!r} is neither a model folder nor a known git revision (unknown revision {rev!r})")
    prefix = inside.stdout.decode().strip()
    repo_path = (Path(prefix) / path).as_posix() if prefix else Path(path).as_posix()
    repo_path = str(Path(repo_path))  # normalises 'model/' and './model'
    kind = _git(["cat-file", "-t", f"{rev}:{repo_path}"], cwd)
    if kind.returncode != 0:
        fail(f"{spec!r}: revision {rev!r} has no {path!r} (the model does not exist at that revision)")
    with tempfile.TemporaryDirectory(prefix="strategygraph-diff-") as tmp:
        arch = _git(["archive", "--format=tar", rev, "--", repo_path], cwd)
        if arch.returncode != 0:
            fail(f"{spec!r}: git archive failed: {arch.stderr.decode(errors='replace').strip()}")
        import io
        import tarfile

        with tarfile.open(fileobj=io.BytesIO(arch.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        yield Path(tmp) / repo_path, f"{rev}:{path}"


def _load(folder: Path, spec: str) -> Any:
    """Load a model version; files of an extracted revision are named as in the repository (``model/x.yaml``)."""
    if folder == Path(spec):
        return load_model(folder)
    from strategygraph.core.loader import ModelError, load

    root = folder
    while root.parent != root and not root.name.startswith("strategygraph-diff-"):
        root = root.parent
    try:
        return load(folder, display_root=root)
    except ModelError as exc:
        for p in exc.problems:
            typer.echo(f"{spec}: {p}", err=True)
        fail(f"{len(exc.problems)} problem(s) in the model at {spec}")


def _findings(model: Any, folder: Path, lang: str = "fi") -> list[Any]:
    from strategygraph.analysis.rules.engine import Context, load_config, run_rules
    from strategygraph.core.config import ConfigError

    try:
        cfg = load_config(folder)
        return run_rules(Context(model, cfg, lang=lang))
    except ConfigError as exc:
        fail(str(exc))


def _where(opt: str, value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    field, sep, v = value.partition("=")
    if not sep or not field.strip():
        fail(f"{opt} {value!r}: expected FIELD=VALUE, e.g. edition=2018")
    return field.strip(), v.strip()


def diff(
    old: Annotated[str, typer.Argument(help="The old version: a model folder, a git revision (its 'model' "
                                            "folder, e.g. HEAD~3) or REV:PATH (e.g. v2024:model).")],
    new: Annotated[str, typer.Argument(help="The new version (same forms as OLD).")] = str(DEFAULT_MODEL),
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format (markdown suits a "
                                               "pull-request comment; html is a self-contained page).",
                                               case_sensitive=False)] = DiffFormat.text,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when the versions differ (like "
                                            "'git diff --exit-code'), 0 when they do not.")] = False,
    findings: Annotated[bool, typer.Option("--findings/--no-findings", help="Run the rules on both versions and "
                                           "list findings introduced and resolved.")] = True,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="Compare only entities of this kind "
                                                      "(e.g. Value; repeatable).", metavar="KIND")] = None,
    old_where: Annotated[str | None, typer.Option("--old-where", help="Keep only the old version's entities "
                                                     "whose FIELD equals VALUE (e.g. edition=2018).",
                                                     metavar="FIELD=VALUE")] = None,
    new_where: Annotated[str | None, typer.Option("--new-where", help="Keep only the new version's entities "
                                                     "whose FIELD equals VALUE (e.g. edition=2022).",
                                                     metavar="FIELD=VALUE")] = None,
    rename_min: Annotated[float, typer.Option("--rename-min", min=0.0, max=1.0, help="Label similarity (0-1) "
                                              "from which a removed and an added entity count as a rename.")] = 0.8,
    lang: LangOpt = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.",
                                                   metavar="FILE")] = None,
) -> None:
    """Semantic difference between two versions of a model: entities, fields, links and findings.

    Entities are matched by id; an entity whose id disappears while one of the same kind with a similar
    label appears is reported as renamed. Findings are matched by rule and subjects. Exit 2 on a bad
    folder or revision; with --exit-code, 1 when anything differs.
    """
    from strategygraph.analysis.diff import diff_models, has_changes, keep_where
    from strategygraph.core.schema import KINDS

    kinds = None
    if kind:
        kinds = []
        for k in kind:
            for part in (x.strip() for x in k.split(",") if x.strip()):
                match = {n.lower(): n for n in KINDS}.get(part.lower())
                if match is None:
                    fail(f"--kind {part!r}: no such entity kind; known kinds: {', '.join(KINDS)}")
                kinds.append(match)
    ow, nw = _where("--old-where", old_where), _where("--new-where", new_where)
    with model_version(old) as (old_dir, old_name), model_version(new) as (new_dir, new_name):
        m_old, m_new = _load(old_dir, old), _load(new_dir, new)
        f_old = _findings(m_old, old_dir, resolve_lang(lang, m_new)) if findings else None
        f_new = _findings(m_new, new_dir, resolve_lang(lang, m_new)) if findings else None
    keep_old = keep_where(m_old, *ow) if ow else None
    keep_new = keep_where(m_new, *nw) if nw else None
    if keep_old is not None and f_old is not None:
        f_old = [f for f in f_old if set(f.subjects) & keep_old]
    if keep_new is not None and f_new is not None:
        f_new = [f for f in f_new if set(f.subjects) & keep_new]
    d = diff_models(m_old, m_new, f_old, f_new, lang=resolve_lang(lang, m_new), kinds=kinds, old_keep=keep_old,
                    new_keep=keep_new, rename_min=rename_min)
    d = {"old_name": old_name + (f" [{old_where}]" if old_where else ""),
         "new_name": new_name + (f" [{new_where}]" if new_where else ""), **d}
    from strategygraph.views.timeline import diff_html, diff_markdown, diff_text

    if format == DiffFormat.json:
        write_output(json.dumps(d, ensure_ascii=False, indent=2), output)
    elif format == DiffFormat.markdown:
        write_output(diff_markdown(d), output)
    elif format == DiffFormat.html:
        write_output(diff_html(d), output)
    else:
        write_output(diff_text(d), output)
    raise typer.Exit(1 if exit_code and has_changes(d) else 0)




class ScenarioFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def _decisions(m: Any, apply_dispositions: bool, file: Path | None,
               flags: dict[str, list[str] | None]) -> list[Any]:
    """The scenario's decisions in the order dispositions, file, then each flag (exit 2 on a bad one)."""
    from strategygraph.analysis.scenario import ScenarioError, disposition_decisions, parse_file, parse_flag

    decisions: list[Any] = []
    try:
        from_file: list[Any] = []
        file_dispositions = False
        if file is not None:
            if not file.is_file():
                fail(f"--file {file}: no such file")
            from_file, file_dispositions = parse_file(file.read_text(encoding="utf-8"), str(file))
        if apply_dispositions or file_dispositions:
            decisions += disposition_decisions(m)
        decisions += from_file
        for action, values in flags.items():
            decisions += [parse_flag(action, v) for v in values or []]
    except ScenarioError as exc:
        fail(str(exc))
    if not decisions:
        fail("no decisions: give --apply-dispositions, --stop, --merge, --delay, --shell, --set or --file")
    return decisions


def scenario(
    model: ModelArg = DEFAULT_MODEL,
    apply_dispositions: Annotated[bool, typer.Option(
        "--apply-dispositions", help="Carry out the portfolio's proposed dispositions (merge into merge_into, "
                                     "shell, discontinue, start new; continue and refine change nothing).")] = False,
    stop: Annotated[list[str] | None, typer.Option("--stop", help="Stop project P (repeatable).",
                                                   metavar="P")] = None,
    merge: Annotated[list[str] | None, typer.Option("--merge", help="Merge project P into INTO: its work moves "
                                                    "there (repeatable; INTO may be a comma list).",
                                                    metavar="P:INTO")] = None,
    delay: Annotated[list[str] | None, typer.Option("--delay", help="Move project P's start and end by 2Q, 6M "
                                                    "or 1Y (repeatable).", metavar="P:2Q")] = None,
    shell: Annotated[list[str] | None, typer.Option("--shell", help="Run project P as a shell project that "
                                                    "carries nothing itself (repeatable).", metavar="P")] = None,
    set_: Annotated[list[str] | None, typer.Option("--set", help="Give a field a new value, e.g. "
                                                   "--set johtamisen-tiekartta.status=active (repeatable).",
                                                   metavar="ID.FIELD=VALUE")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="A scenario YAML file with several decisions "
                                              "(see the README).", metavar="FILE", exists=False)] = None,
    findings: Annotated[bool, typer.Option("--findings/--no-findings", help="Run the rules before and after and "
                                           "list findings introduced and resolved.")] = True,
    format: Annotated[ScenarioFormat, typer.Option("--format", "-f", help="Output format.",
                                                   case_sensitive=False)] = ScenarioFormat.text,
    lang: LangOpt = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.",
                                                metavar="FILE")] = None,
) -> None:
    """What decisions would do before they are taken (the model is never written).

    Coverage before and after, what loses its last carrier, findings introduced and resolved, projects
    whose load grows. Decisions are applied to a copy in memory; the model is never written. Flags are applied in the
    order dispositions, file, --stop, --merge, --delay, --shell, --set.
    """
    from strategygraph.analysis.rules.engine import load_config
    from strategygraph.analysis.scenario import ScenarioError, run
    from strategygraph.core.config import ConfigError

    m = load_model(model)
    try:
        cfg = load_config(model)
    except ConfigError as exc:
        fail(str(exc))
    decisions = _decisions(m, apply_dispositions, file, {"stop": stop, "merge": merge, "delay": delay,
                                                         "shell": shell, "set": set_})
    try:
        result = run(m, decisions, cfg, lang=resolve_lang(lang, m), findings=findings)
    except ScenarioError as exc:
        fail(str(exc))
    d = {"model": str(model), "title": m.title_text(resolve_lang(lang, m)), **result}
    from strategygraph.views.timeline import scenario_markdown, scenario_text

    if format == ScenarioFormat.json:
        write_output(json.dumps(d, ensure_ascii=False, indent=2), output)
    elif format == ScenarioFormat.markdown:
        write_output(scenario_markdown(d), output)
    else:
        write_output(scenario_text(d), output)



class ProgressFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class ProgressLevel(StrEnum):
    theme = "theme"
    subtheme = "subtheme"
    milestone = "milestone"
    goal = "goal"
    key_result = "key-result"
    task = "task"


def progress(
    model: ModelArg = DEFAULT_MODEL,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Analysis date YYYY-MM-DD: facts dated later are "
                                              "left out; figures older than --max-age are marked stale.",
                                              metavar="DATE")] = None,
    level: Annotated[list[ProgressLevel] | None, typer.Option(
        "--level", help="Show only these levels (repeatable) [default: theme, subtheme, milestone, goal].",
        case_sensitive=False)] = None,
    year: Annotated[int | None, typer.Option("--year", help="Roll up only the goals of this year (e.g. 2024) to "
                                             "milestones, sub-themes and themes.", metavar="YEAR")] = None,
    max_age: Annotated[int, typer.Option("--max-age", min=0, help="With --as-of: a figure whose newest fact is "
                                         "older than this many days is stale.", metavar="DAYS")] = 365,
    format: Annotated[ProgressFormat, typer.Option("--format", "-f", help="Output format (xlsx needs -o).",
                                                   case_sensitive=False)] = ProgressFormat.table,
    lang: LangOpt = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.",
                                                metavar="FILE")] = None,
) -> None:
    """Progress per theme, sub-theme, milestone and goal, as of a date, coloured by the organization's rule.

    Rolled up from task completion and key-result measurements against targets; the colour rule is the
    model's own (progress_colours) or the configuration's (status_green_min / status_yellow_min). Each figure shows its as-of date, how many of the items below it have a figure, and what is unknown.
    """
    from strategygraph.analysis.progress import Progress
    from strategygraph.analysis.rules.engine import load_config
    from strategygraph.core.config import ConfigError

    day = parse_as_of(as_of)
    if format == ProgressFormat.xlsx and output is None:
        fail("--format xlsx needs --output FILE")
    m = load_model(model)
    try:
        cfg = load_config(model)
    except ConfigError as exc:
        fail(str(exc))
    kinds = tuple(LEVEL_KINDS[lv.value] for lv in level) if level else ("Theme", "SubTheme", "Milestone", "Goal")
    p = Progress(m, cfg, as_of=day, max_age_days=max_age if day else None, lang=resolve_lang(lang, m), year=year)
    d = {"model": str(model), **p.as_dict(kinds), "rule_text": p.rule_text(),
         "phases": p.phases() if "Milestone" in kinds else [], "reported_sets": p.reported_sets()}
    from strategygraph.views.timeline import progress_csv, progress_table, progress_xlsx

    if format == ProgressFormat.json:
        write_output(json.dumps(d, ensure_ascii=False, indent=2), output)
    elif format == ProgressFormat.csv:
        write_output(progress_csv(d), output)
    elif format == ProgressFormat.xlsx:
        write_output(progress_xlsx(d), output)
    else:
        write_output(progress_table(d), output)


def register(app: typer.Typer) -> None:
    app.command()(diff)
    app.command()(scenario)
    app.command()(progress)
