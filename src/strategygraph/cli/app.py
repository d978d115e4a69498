"""The ``strategygraph`` command line: a thin layer over the library.

Heavy libraries (rdflib, pyoxigraph, networkx, graphviz, rich) are imported
inside the commands that need them, so ``strategygraph --help`` answers fast.

Exit codes: 0 success / clean, 1 findings at or above ``--fail-on`` (check),
2 invalid input or usage (bad model, bad query, missing graphviz, ...).
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

try:  # typer vendors click (as typer._click) since 0.20-something; earlier versions use the click package
    import typer._click as click
except ImportError:  # pragma: no cover - older typer
    import click  # type: ignore[no-redef]

from strategygraph import __version__

#: Every command: its name -> (the ``cli`` module of its group, the one line ``strategygraph --help`` shows).
#: A group's module is imported only when one of its commands runs, so ``--help`` stays fast however
#: many commands there are. To add a command: a module-level function in its group's module, registered
#: in that module's ``register(app)``, and a line here (tests/test_cli.py checks each line against the
#: command's own docstring and that every registered command has a line).
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("model", "Check the model: YAML syntax, schema, ids and references."),
    "export": ("model", "Export the model: RDF (Turtle, JSON-LD, N-Triples), an ArchiMate exchange file or a workbook."),
    "query": ("model", "Run a SPARQL query over the model plus ontology (on pyoxigraph's embedded store)."),
    "check": ("analysis", "Run the analysis rules and list the findings."),
    "coverage": ("analysis", "The element × project coverage matrix: how many links tie each element to each project."),
    "overlaps": ("analysis", "The PMO overlap review: project pairs ranked by shared work, with the shared items."),
    "impact": ("analysis", "What loses its carrier if PROJECT stops (directly and through projects that depend on it)."),
    "rules": ("analysis", "List every analysis rule: code, name, category, default severity and summary."),
    "explain": ("analysis", "Explain a rule: what it finds, why it matters, how to fix it, an example."),
    "diagram": ("report", "Draw a diagram of the strategy with the findings overlaid (SVG, PNG, PDF or DOT)."),
    "report": ("report", "Write the strategy report: one self-contained HTML page plus findings.json, coverage.xlsx and diagrams."),
    "publish": ("store", "Publish the model into a named graph of a SPARQL 1.1 server, atomically for readers."),
    "slides": ("report", "Write an editable slide deck for the board (PowerPoint .pptx)."),
    "import": ("interop", "Read a model from another tool's file: an ArchiMate exchange file or a strategygraph workbook."),
    "synth": ("synth", "Write a synthetic, valid strategy model of about N entities, for tests and benchmarks."),
    "progress": ("timeline", "Progress per theme, sub-theme, milestone and goal, as of a date, coloured by the organization's rule."),
    "scenario": ("timeline", "What decisions would do before they are taken (the model is never written)."),
    "diff": ("timeline", "Semantic difference between two versions of a model: entities, fields, links and findings."),
    "schema": ("schema", "Show the field reference: every field of a kind, its type, whether it is required, allowed values."),
    "migrate": ("schema", "Upgrade a model to the current schema version, keeping every fact."),
}


def group_commands(module: str) -> dict[str, click.Command]:
    """The click commands of one group module (imported now), by name."""
    mod = importlib.import_module(f"strategygraph.cli.{module}")
    sub = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
    mod.register(sub)
    return dict(typer.main.get_group(sub).commands)


class LazyGroup(TyperGroup):
    """The root group: lists the commands from :data:`COMMANDS` and imports a group only to run it."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands.update(group_commands(COMMANDS[cmd_name][0]))
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, click.utils.make_default_short_help(line, limit)) for name, (_, line) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="strategygraph",
    help=(
        "Turn a strategy written as YAML (model/) into a typed graph and find what the slides cannot "
        "show: gaps, overlaps, ownership and dependency problems. Run 'strategygraph COMMAND --help' "
        "for each command."
    ),
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=LazyGroup,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"strategygraph {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool | None, typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Show the version and exit.")] = None,
) -> None:
    """strategygraph: strategy as a typed graph."""


# ------------------------------------------------------------------ entry point
def main() -> None:
    """Console-script entry point: never a traceback for the user (set STRATEGYGRAPH_DEBUG=1 to see one)."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("strategygraph: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if os.environ.get("STRATEGYGRAPH_DEBUG"):
            raise
        typer.echo(f"strategygraph: internal error: {type(exc).__name__}: {exc}\n"
                   "Please report this with the command you ran (set STRATEGYGRAPH_DEBUG=1 for a traceback).",
                   err=True)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
