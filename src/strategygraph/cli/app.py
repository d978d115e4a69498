"""The ``strategygraph`` command line: a thin layer over the library.

Heavy libraries (rdflib, pyoxigraph, networkx, graphviz, rich) are imported
inside the commands that need them, so ``strategygraph --help`` answers fast.

Exit codes: 0 success / clean, 1 findings at or above ``--fail-on`` (check),
2 invalid input or usage (bad model, bad query, missing graphviz, ...).
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Optional

import typer


from strategygraph import __version__

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
)

def _version(value: bool) -> None:
    if value:
        typer.echo(f"strategygraph {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Show the version and exit.")] = None,
) -> None:
    """strategygraph: strategy as a typed graph."""


# ------------------------------------------------------------------ entry point
def _register_commands() -> None:
    """The command groups live in their own modules (one file per group) and add themselves to ``app``."""
    from strategygraph.cli import analysis, model, report, schema, synth

    for module in (model, analysis, report, synth, schema):
        module.register(app)


_register_commands()


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
