"""Shared store commands: publish a model to a SPARQL 1.1 server.

Reading back is an option of the reading commands (``query``, ``check``, ``coverage``, ``report``:
``--endpoint URL [--graph IRI]``), see :func:`strategygraph.cli.options.model_and_base`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from strategygraph.cli.options import DEFAULT_MODEL, BaseOpt, ModelArg, fail, load_model, resolve_base

_VERSION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def _git_commit(model: Path) -> tuple[str | None, bool]:
    """The commit the model folder is at, and whether the folder has uncommitted changes."""
    folder = model if model.is_dir() else model.parent
    try:
        head = subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True,
                              timeout=20, check=False)
        if head.returncode != 0:
            return None, False
        status = subprocess.run(["git", "-C", str(folder), "status", "--porcelain", "--", "."],
                                capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None, False
    return head.stdout.strip(), bool(status.stdout.strip())


def publish(
    model: ModelArg = DEFAULT_MODEL,
    endpoint: Annotated[str, typer.Option(
        "--endpoint", help="The SPARQL 1.1 server: a server root (Oxigraph: http://127.0.0.1:7878), a "
                           "/sparql endpoint (Virtuoso) or a dataset URL (Fuseki). Credentials come from "
                           "STRATEGYGRAPH_SPARQL_USER/_PASSWORD or _TOKEN, or a netrc file, never from "
                           "the command line.", metavar="URL")] = ...,  # type: ignore[assignment]
    graph: Annotated[str | None, typer.Option(
        "--graph", help="Named graph to publish into [default: BASE + graph/ + VERSION].",
        metavar="IRI")] = None,
    version: Annotated[str | None, typer.Option(
        "--version", help="Version name of this publication [default: the git commit of MODEL, with "
                          "'-modified' when it has uncommitted changes].", metavar="V")] = None,
    base: BaseOpt = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show what would be published and contact no server.")] = False,
) -> None:
    """Publish the model into a named graph of a SPARQL 1.1 server, atomically for readers.

    The model goes into its own named graph (one per version), the ontology into
    <https://w3id.org/strategygraph/ns>, and an entry (organization, version, date, source commit,
    entity counts) into the catalogue graph <https://w3id.org/strategygraph/catalogue>. The upload
    goes to a temporary graph first and replaces the target in one step, so readers never see a
    half-published version and a failure leaves the previous one intact.

    Example: strategygraph publish model --endpoint http://127.0.0.1:7878 --version 2025-q4
    """
    from strategygraph.rdf.remote import (
        CATALOGUE_GRAPH,
        ONTOLOGY_GRAPH,
        Client,
        Publication,
        RemoteError,
        kinds_of,
        organization_of,
        resolve_endpoints,
    )
    from strategygraph.rdf.remote import publish as publish_model

    if version is not None and not _VERSION_RE.match(version):
        fail(f"--version {version!r}: use 1-64 letters, digits, '.', '_' or '-'")
    if graph is not None and (not re.match(r"^(https?|urn):\S+$", graph) or any(c in graph for c in '<>"{}|^`\\')):
        fail(f"--graph {graph!r} is not an absolute IRI (http://, https:// or urn:)")
    try:
        endpoints = resolve_endpoints(endpoint)
    except RemoteError as exc:
        fail(str(exc))
    b = resolve_base(base)
    commit, dirty = _git_commit(model)
    if version is None:
        if commit is None:
            fail(f"{model} is not in a git repository: give --version V")
        version = commit[:12] + ("-modified" if dirty else "")
    m = load_model(model)
    pub = Publication(graph=graph or f"{b}graph/{version}", version=version, base=b,
                      organization=organization_of(m), commit=commit, counts=kinds_of(m))
    where = endpoints.url
    if dry_run:
        from strategygraph.rdf.remote import entity_batches

        triples = sum(chunk.count(b"\n") for _, chunk in entity_batches(m, b))
        typer.echo(f"would publish {pub.entities} entities ({triples} triples) of {model} to <{pub.graph}> "
                   f"on {where}\n  version {pub.version}" + (f", source commit {commit}" if commit else "")
                   + (f", organization {pub.organization}" if pub.organization else "")
                   + f"\n  ontology to <{ONTOLOGY_GRAPH}>, catalogue entry in <{CATALOGUE_GRAPH}>\n"
                   "nothing was sent (--dry-run)")
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("publishing"), BarColumn(), MofNCompleteColumn(), TextColumn("entities"),
                  TimeElapsedColumn(), transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("publish", total=pub.entities)
        try:
            with Client(endpoint) as client:
                publish_model(client, m, pub, progress=lambda n: bar.advance(task, n))
        except RemoteError as exc:
            fail(str(exc))
    typer.echo(f"published {pub.entities} entities ({pub.triples} triples) to <{pub.graph}> on {where} "
               f"(version {pub.version}); catalogue: <{CATALOGUE_GRAPH}>", err=True)


def register(app: typer.Typer) -> None:
    """Add this group's commands to ``app``."""
    app.command()(publish)
