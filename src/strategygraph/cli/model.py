"""Model commands: validate, export, query."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from strategygraph.cli.options import (
    DEFAULT_MODEL,
    BaseOpt,
    EndpointOpt,
    GraphOpt,
    ModelArg,
    fail,
    load_model,
    model_and_base,
    problem_text,
    resolve_base,
    warn_skipped,
    write_output,
)

#: the predeclared prefixes of 'query' (kept equal to rdf.mapping.PREFIXES by a test; not imported here so
#: that 'strategygraph --help' stays fast)
QUERY_PREFIXES = "sg:, rdf:, rdfs:, xsd:, owl:, skos:, dcterms:, prov:, org:, time:, sh:, schema:"


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"


class ExportFormat(str, Enum):
    turtle = "turtle"
    json_ld = "json-ld"
    nt = "nt"
    archimate = "archimate"
    xlsx = "xlsx"


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


# ------------------------------------------------------------------ validate
def validate(
    model: ModelArg = DEFAULT_MODEL,
    format: Annotated[ValidateFormat, typer.Option("--format", "-f", help="Output format.",
                                                   case_sensitive=False)] = ValidateFormat.text,
) -> None:
    """Check the model: YAML syntax, schema, ids and references. Exit 0 valid, 2 invalid.

    Prints the number of entities per kind and of links, or every problem with
    file, line, column and field path.
    """
    from strategygraph.core.loader import ModelError, load
    from strategygraph.core.schema import KINDS

    try:
        m = load(model)
    except ModelError as exc:
        part = exc.model
        if part is not None:
            warn_skipped(part)
        if format == ValidateFormat.json:
            typer.echo(json.dumps({"valid": False, "counts": part.counts() if part is not None else {},
                                   "links": 0, "errors": [p.as_dict() for p in exc.problems]}, ensure_ascii=False, indent=2))
        else:
            for p in exc.problems:
                typer.echo(str(p), err=True)
            n = len(exc.problems)
            typer.echo(f"invalid: {n} problem{'s' if n != 1 else ''} in {model}", err=True)
        raise typer.Exit(2) from None
    warn_skipped(m)
    if m.accepted:
        from strategygraph.analysis.rules.engine import accepted_problems

        bad = accepted_problems(m)
        if bad:
            if format == ValidateFormat.json:
                typer.echo(json.dumps({"valid": False, "counts": m.counts(), "links": 0,
                                       "errors": bad}, ensure_ascii=False, indent=2))
            else:
                for b in bad:
                    typer.echo(problem_text(b), err=True)
                typer.echo(f"invalid: {len(bad)} problem{'s' if len(bad) != 1 else ''} in {model}", err=True)
            raise typer.Exit(2)
    counts = m.counts()
    links = m.link_count()
    if format == ValidateFormat.json:
        typer.echo(json.dumps({"valid": True, "counts": counts, "links": links, "errors": []}, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{model}: valid", title_justify="left")
    table.add_column("kind")
    table.add_column("entities", justify="right")
    for k in KINDS:
        table.add_row(k, str(counts[k]))
    table.add_row("[b]all[/b]", f"[b]{len(m)}[/b]")
    table.add_row("links", str(links))
    table.add_row("files read", str(len(m.files)))
    Console().print(table)


# ------------------------------------------------------------------ export
def export(
    model: ModelArg = DEFAULT_MODEL,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="RDF serialization, an ArchiMate "
                                                 "exchange file (archimate) or a workbook (xlsx, needs -o).",
                                                 case_sensitive=False)] = ExportFormat.turtle,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.",
                                                   metavar="FILE")] = None,
    with_ontology: Annotated[bool, typer.Option("--with-ontology",
                                                help="Include the ontology (classes, properties, concept "
                                                     "schemes) in the output.")] = False,
    base: BaseOpt = None,
) -> None:
    """Export the model: RDF (Turtle, JSON-LD, N-Triples), an ArchiMate exchange file or a workbook.

    RDF is described by the strategygraph ontology; --format archimate writes an ArchiMate 3.1
    exchange file with views; --format xlsx an editable workbook (read back with 'import xlsx').
    """
    if format in (ExportFormat.archimate, ExportFormat.xlsx):
        _export_interop(model, format, output)
        return
    from strategygraph.rdf.mapping import to_rdf

    m = load_model(model)
    g = to_rdf(m, resolve_base(base), with_ontology=with_ontology)
    fmt = {"turtle": "turtle", "json-ld": "json-ld", "nt": "nt"}[format.value]
    data = g.serialize(format=fmt)
    write_output(data, output)


def _export_interop(model: Path, format: ExportFormat, output: Path | None) -> None:
    if format == ExportFormat.xlsx and output is None:
        fail("--format xlsx writes a binary workbook: give a file with -o FILE")
    m = load_model(model)
    if format == ExportFormat.xlsx:
        from strategygraph.interop.spreadsheet import WorkbookError, to_xlsx

        try:
            data = to_xlsx(m)
        except WorkbookError as exc:
            fail("; ".join(exc.problems))
        write_output(data, output)
        return
    from strategygraph.interop.archimate import ArchimateError, to_archimate

    name = model.resolve().name or "strategy"
    try:
        data, report = to_archimate(m, name=name)
    except ArchimateError as exc:
        fail(str(exc))
    for what, n in sorted(report.unmapped.items()):
        typer.echo(f"not exported: {n} × {what}", err=True)
    write_output(data, output)


# ------------------------------------------------------------------ query
def query(
    sparql: Annotated[str, typer.Argument(help="A SPARQL SELECT or ASK query, or the path of a .rq/.sparql "
                                               "file holding one. Prefixes " + QUERY_PREFIXES + " and id: "
                                               "(the model's entities) are predeclared.",
                                          metavar="SPARQL_OR_FILE")],
    model: ModelArg = DEFAULT_MODEL,
    format: Annotated[QueryFormat, typer.Option("--format", "-f", help="Output format.",
                                                case_sensitive=False)] = QueryFormat.table,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0, help="Stop the query after this many seconds (0: no limit). Ctrl-C also stops it.",
        metavar="SECONDS")] = 30.0,
    allow_service: Annotated[bool, typer.Option(
        "--allow-service", help="Permit SERVICE clauses (federated queries that fetch data from other "
                                "endpoints over the network); refused by default.")] = False,
    base: BaseOpt = None,
    endpoint: EndpointOpt = None,
    graph: GraphOpt = None,
    all_graphs: Annotated[bool, typer.Option(
        "--all-graphs", help="With --endpoint: query every published model at once (each in its own "
                             "named graph, GRAPH ?g; the default graph is their union, plus the catalogue "
                             "and the ontology).")] = False,
) -> None:
    """Run a SPARQL query over the model plus ontology (on pyoxigraph's embedded store).

    Only queries are run (SELECT, ASK): updates are refused, and so is SERVICE unless --allow-service.

    Example: strategygraph query "SELECT ?p WHERE { ?a sg:implementedBy ?p }" model
    """
    from strategygraph.rdf.store import QueryError, build_store, is_update, run_query

    text = sparql
    if len(sparql) < 4096 and "\n" not in sparql and not is_update(sparql) and not sparql.lstrip().upper().startswith(
            ("SELECT", "ASK", "PREFIX", "CONSTRUCT", "DESCRIBE", "BASE")):
        path = Path(sparql)
        if path.exists():
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                fail(f"cannot read query file {path}: {exc}")
        else:
            fail(f"{sparql!r} is neither a SPARQL query nor an existing file")
    if all_graphs:
        store, b = _all_graphs(endpoint, graph, base)
    else:
        m, b = model_and_base(model, base, endpoint, graph)
        store = build_store(m, b)
    try:
        kind, payload = run_query(store, text, b, timeout=timeout, allow_service=allow_service, union=all_graphs)
    except QueryError as exc:
        fail(str(exc))
    if kind == "ask":
        if format == QueryFormat.json:
            typer.echo(json.dumps({"boolean": payload}))
        else:
            typer.echo("true" if payload else "false")
        return
    variables, rows = payload
    if format == QueryFormat.json:
        typer.echo(json.dumps({"variables": variables, "rows": [dict(zip(variables, r, strict=False)) for r in rows]},
                              ensure_ascii=False, indent=2))
    elif format == QueryFormat.csv:
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(variables)
        w.writerows([["" if v is None else v for v in r] for r in rows])
        typer.echo(buf.getvalue(), nl=False)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(*variables, caption=f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
        for r in rows:
            table.add_row(*["" if v is None else _short(v, b) for v in r])
        Console().print(table)


def _all_graphs(endpoint: str | None, graph: str | None, base: str | None) -> tuple[object, str]:
    from strategygraph.rdf.remote import Client, RemoteError, all_graphs_store

    if endpoint is None:
        fail("--all-graphs needs --endpoint URL")
    if graph is not None:
        fail("--all-graphs and --graph exclude each other")
    try:
        with Client(endpoint) as client:
            return all_graphs_store(client), resolve_base(base)
    except RemoteError as exc:
        fail(str(exc))


def _short(value: str, base: str) -> str:
    from strategygraph.rdf.mapping import CONCEPT_NS, SG_NS

    for ns, prefix in ((base, "id:"), (SG_NS, "sg:"), (CONCEPT_NS, "sgc:")):
        if value.startswith(ns):
            return prefix + value[len(ns):]
    return value


def register(app: typer.Typer) -> None:
    """Add this group's commands to ``app``."""
    app.command()(validate)
    app.command()(export)
    app.command()(query)
