"""The command-line interface: a thin typer app over the library (``strategygraph --help``)."""

from strategygraph.cli.app import app, main

__all__ = ["app", "main"]
