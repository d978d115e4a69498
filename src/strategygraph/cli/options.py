"""Shared pieces of the command line: common arguments and options, loading, errors and output.

Kept apart from :mod:`strategygraph.cli` so that the command modules import it without an import cycle.
"""

from __future__ import annotations

import re
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from datetime import date

from strategygraph.core.choices import FailOn

DEFAULT_MODEL = Path("model")
ModelArg = Annotated[
    Path,
    typer.Argument(help="Model directory with the strategy's *.yaml files (or a single YAML file).",
                   show_default=True),
]
BaseOpt = Annotated[
    str | None,
    typer.Option("--base", help="Base IRI of the model's entities (default: https://w3id.org/strategygraph/id/).",
                 metavar="IRI"),
]


class Lang(str, Enum):
    fi = "fi"
    en = "en"


LangOpt = Annotated[Lang | None, typer.Option(
    "--lang", help="Language of labels in the output (default: the model's default language, model: default_lang).",
    case_sensitive=False, show_default=False)]
SetOpt = Annotated[list[str] | None, typer.Option(
    "--set", help="Override a configuration value, e.g. --set overlap_min_score=0.3 or "
                  "--set 'carrying_statuses=[\"active\",\"planned\"]' (repeatable).", metavar="KEY=VALUE")]
EndpointOpt = Annotated[str | None, typer.Option(
    "--endpoint", help="Read the model from this SPARQL 1.1 server (see 'publish') instead of MODEL; "
                       "credentials come from STRATEGYGRAPH_SPARQL_* variables or a netrc file.",
    metavar="URL")]
GraphOpt = Annotated[str | None, typer.Option(
    "--graph", help="With --endpoint: the published graph to read (default: the newest in the "
                    "server's catalogue).", metavar="IRI")]
CarryOpt = Annotated[list[str] | None, typer.Option(
    "--carrying", help="Project status that carries work (repeatable; default from configuration: active).",
    metavar="STATUS")]

#: the strategy levels that options such as ``coverage --by`` and ``progress --level`` name, and their kinds
LEVEL_KINDS = {"theme": "Theme", "subtheme": "SubTheme", "milestone": "Milestone", "goal": "Goal",
               "key-result": "KeyResult", "task": "Task", "capability": "Capability", "action": "Action"}


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out += [x.strip() for x in v.split(",") if x.strip()]
    return out


def _parse_set(items: list[str] | None) -> dict[str, Any]:
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


def build_context(model: Path, lang: Lang | None, base: str | None, select: list[str] | None = None,
                  ignore: list[str] | None = None, fail_on: FailOn | None = None,
                  carrying: list[str] | None = None, settings: list[str] | None = None,
                  endpoint: str | None = None, graph: str | None = None) -> Any:
    """Load model (folder or SPARQL endpoint) and configuration (file, then overrides) into a rule Context."""
    from strategygraph.analysis.rules.engine import ConfigError, Context, load_config

    m, resolved_base = model_and_base(model, base, endpoint, graph)
    try:
        cfg = load_config(model)
        overrides = _parse_set(settings)
        sources = {k: f"--set {k}" for k in overrides}
        if select:
            overrides["select"] = _split(select)
            sources["select"] = "--select"
        if ignore:
            overrides["ignore"] = _split(ignore)
            sources["ignore"] = "--ignore"
        if fail_on is not None:
            overrides["fail_on"] = fail_on.value
            sources["fail_on"] = "--fail-on"
        if carrying:
            overrides["carrying_statuses"] = _split(carrying)
            sources["carrying_statuses"] = "--carrying"
        cfg = cfg.with_values(overrides, sources)
    except ConfigError as exc:
        fail(str(exc))
    return Context(m, cfg, lang=resolve_lang(lang, m), base=resolved_base)


def run_rules_or_fail(ctx: Any) -> list[Any]:
    """The findings of the rules on ``ctx``; a configuration error (e.g. a rule's option) exits 2 naming it."""
    from strategygraph.analysis.rules.engine import run_rules
    from strategygraph.core.config import ConfigError

    try:
        return run_rules(ctx)
    except ConfigError as exc:
        fail(str(exc))


def parse_as_of(text: str | None) -> date | None:
    """The date of an ``--as-of`` option (None when not given); anything but YYYY-MM-DD exits 2."""
    from datetime import date

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"--as-of {text!r}: expected a date YYYY-MM-DD")


def resolve_lang(lang: Lang | None, model: Any) -> str:
    """The --lang given, else the model's default language if the output can show it (fi or en), else fi."""
    if lang is not None:
        return lang.value
    default = getattr(model, "default_lang", "fi")
    return default if default in Lang.__members__ else "fi"


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"strategygraph: error: {message}", err=True)
    raise typer.Exit(code)


def load_model(model_dir: Path) -> Any:
    """Load the model or print every problem and exit 2."""
    from strategygraph.core.loader import ModelError, load

    try:
        m = load(model_dir)
    except ModelError as exc:
        if exc.model is not None:
            warn_skipped(exc.model)
        for p in exc.problems:
            typer.echo(str(p), err=True)
        n = len(exc.problems)
        typer.echo(f"strategygraph: {n} problem{'s' if n != 1 else ''} in {model_dir}; nothing was written.",
                   err=True)
        raise typer.Exit(2) from None
    warn_skipped(m)
    if m.accepted:
        from strategygraph.analysis.rules.engine import accepted_problems

        bad = accepted_problems(m)
        if bad:
            for b in bad:
                typer.echo(problem_text(b), err=True)
            fail(f"{len(bad)} accepted finding{'s' if len(bad) != 1 else ''} in {model_dir} name no rule; "
                 "nothing was written.")
    return m


def problem_text(p: dict[str, Any]) -> str:
    return f"{p['file']}:{p['line']}:{p['column']}: {p['path']}: {p['message']}"


def warn_skipped(model: Any) -> None:
    """A warning on stderr for every file or folder of the model directory that was not read."""
    for path, why in model.skipped:
        typer.echo(f"strategygraph: warning: {path}: skipped: {why}", err=True)


def model_and_base(model: Path, base: str | None, endpoint: str | None = None,
                   graph: str | None = None) -> tuple[Any, str]:
    """The model and its base IRI: from the MODEL folder, or (with ``--endpoint``) from a published graph.

    A published graph is read whole (CONSTRUCT) and mapped back to the model, so every command runs
    the same code on it as on a folder; its base comes from the server's catalogue unless --base is given.
    """
    if endpoint is None:
        if graph is not None:
            fail("--graph needs --endpoint URL")
        return load_model(model), resolve_base(base)
    from strategygraph.rdf.remote import Client, RemoteError, choose_graph, read_model

    wanted = resolve_base(base) if base else None
    try:
        with Client(endpoint) as client:
            entry = choose_graph(client, graph, wanted)
            m = read_model(client, entry, wanted)
    except RemoteError as exc:
        fail(str(exc))
    typer.echo(f"strategygraph: read <{entry.graph}> (version {entry.version}, {len(m)} entities) from "
               f"{client.endpoints.url}", err=True)
    return m, wanted or entry.base


def resolve_base(base: str | None) -> str:
    from strategygraph.rdf.mapping import DEFAULT_BASE

    if not base:
        return DEFAULT_BASE
    if not re.match(r"(https?://[^/?#]+|urn:[^:]+:)", base):
        fail(f"--base {base!r} is not an absolute IRI (http://, https:// or urn:)")
    bad = re.search(r"[\x00-\x20<>\"{}|\\^`\x7f-\x9f]", base)
    if bad:
        fail(f"--base {base!r}: character {bad.group()!r} (U+{ord(bad.group()):04X}) is not allowed in an IRI")
    return base if base.endswith(("/", "#", ":")) else base + "/"


def write_output(text_or_bytes: str | bytes, output: Path | None) -> None:
    """Write to ``output`` atomically, or to stdout."""
    from strategygraph.core.files import atomic_write_bytes

    data = text_or_bytes.encode("utf-8") if isinstance(text_or_bytes, str) else text_or_bytes
    if output is None:
        sys.stdout.buffer.write(data)
        if not data.endswith(b"\n"):
            sys.stdout.buffer.write(b"\n")
        sys.stdout.flush()
        return
    if output.is_dir():
        fail(f"output {output} is a directory; give a file name")
    try:
        atomic_write_bytes(output, data)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
    typer.echo(f"wrote {output}", err=True)


