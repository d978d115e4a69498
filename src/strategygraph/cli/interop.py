"""Import commands: ``import archimate`` and ``import xlsx`` (the exports are ``export --format``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from strategygraph.cli.options import fail

import_app = typer.Typer(
    name="import",
    help="Read a model from another tool's file: an ArchiMate exchange file or a strategygraph workbook.",
    no_args_is_help=True,
    add_completion=False,
)

FileArg = Annotated[Path, typer.Argument(help="The file to read.", metavar="FILE")]
OutOpt = Annotated[Path, typer.Option("--output", "-o", help="The model directory to write (YAML).",
                                      metavar="MODEL_DIR")]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except IsADirectoryError:
        fail(f"{path}: is a directory; give a file")
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror}")


def _check_new_dir(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        fail(f"{out} already exists and is not empty; choose a new directory"
             + (" or use --merge" if out.is_dir() else ""))


def _write_new(entities: list[Any], out: Path, header: str, settings: Any = None) -> Any:
    from strategygraph.core.loader import ModelError
    from strategygraph.interop.modelio import write_new_model

    try:
        return write_new_model(entities, out, header, settings)
    except ModelError as exc:  # the mapping produced something the loader refuses: say so, write nothing
        for p in exc.problems[:50]:
            typer.echo(str(p), err=True)
        fail(f"the imported model does not validate ({len(exc.problems)} problems); nothing was written")
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror}")


def archimate(file: FileArg, output: OutOpt) -> None:
    """Import an ArchiMate Model Exchange File (3.0/3.1) as a new model directory.

    Motivation, strategy and implementation elements become themes, sub-themes, actions, projects,
    capabilities, values, meanings, phases and units (see the mapping table in the README); each
    entity gets a source reference (file, element id, views). Everything not imported is listed
    with counts. A file written by 'export --format archimate' comes back unchanged, the model's
    settings (title, languages, vocabularies) included.
    """
    from strategygraph.interop.archimate import ArchimateError, from_archimate

    _check_new_dir(output)
    data = _read(file)
    try:
        res = from_archimate(data, file.name)
    except ArchimateError as exc:
        fail(str(exc))
    if not res.entities:
        typer.echo(res.summary(), err=True)
        fail(f"{file}: nothing in it maps to a strategygraph kind; nothing was written")
    m = _write_new(res.entities, output, f"Imported from {file.name} (ArchiMate exchange file)", res.settings)
    typer.echo(res.summary())
    typer.echo(f"wrote {output}: {len(m)} entities, {m.link_count()} links")


def xlsx(
    file: FileArg,
    output: OutOpt,
    merge: Annotated[bool, typer.Option("--merge", help="Merge into the existing model in MODEL_DIR: rows "
                                        "with a known id replace that entity in its file, new rows are "
                                        "added; nothing is deleted.")] = False,
) -> None:
    """Import a workbook written by 'export --format xlsx' (and edited) as a model directory.

    Every problem is reported at once with its sheet and cell (Projects!C7: ...), exit 2, and
    nothing is written unless the whole workbook is valid.
    """
    from strategygraph.interop.spreadsheet import WorkbookError, read_xlsx

    if not merge:
        _check_new_dir(output)
    elif not output.is_dir():
        fail(f"--merge: {output} is not a model directory")
    data = _read(file)
    try:
        entities, settings = read_xlsx(data)
    except WorkbookError as exc:
        for msg in exc.problems:
            typer.echo(f"{file.name}: {msg}", err=True)
        n = len(exc.problems)
        fail(f"{n} problem{'s' if n != 1 else ''} in {file}; nothing was written")
    if not merge:
        m = _write_new(entities, output, f"Imported from {file.name}", settings)
        typer.echo(f"wrote {output}: {len(m)} entities, {m.link_count()} links")
        return
    from strategygraph.core.loader import ModelError
    from strategygraph.interop.modelio import merge_into_model

    try:
        m, updated, added = merge_into_model(entities, output)
    except ModelError as exc:
        for p in exc.problems[:50]:
            typer.echo(str(p), err=True)
        fail(f"the merged model would not validate ({len(exc.problems)} problems); {output} is unchanged")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
    typer.echo(f"merged into {output}: {updated} updated, {added} added; {len(m)} entities, "
               f"{m.link_count()} links")


def register(app: typer.Typer) -> None:
    """Add the ``import`` group to ``app``."""
    import_app.command("archimate")(archimate)
    import_app.command("xlsx")(xlsx)
    app.add_typer(import_app, name="import")
