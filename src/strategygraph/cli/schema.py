"""Schema commands: schema (the field reference) and migrate (upgrade a model to the current schema)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Annotated

import typer

from strategygraph.cli.options import DEFAULT_MODEL, ModelArg, fail, load_model


# ------------------------------------------------------------------ schema
def schema_cmd(
    kind: Annotated[str | None, typer.Argument(
        help="A kind (Project), its section (projects), a nested object (Target) or 'model'; "
             "default: the whole reference.", show_default=False)] = None,
) -> None:
    """Show the field reference: every field of a kind, its type, whether it is required, allowed values.

    The same text as docs/schema.md, generated from the schema itself.
    """
    from strategygraph.views.reference import find_class, full_reference, kind_reference, reference_classes

    if kind is None:
        typer.echo(full_reference(), nl=False)
        return
    cls = find_class(kind)
    if cls is None:
        import difflib

        names = [c.__name__ for c in reference_classes()]
        hint = difflib.get_close_matches(kind, names, n=1, cutoff=0.5)
        fail(f"no kind or object {kind!r}" + (f"; did you mean {hint[0]!r}?" if hint else
                                                f"; known: {', '.join(names)}"))
    typer.echo(kind_reference(cls), nl=False)


# ------------------------------------------------------------------ migrate
def _git_dirty(path: Path) -> bool | None:
    """True/False if ``path`` is inside a git work tree with/without uncommitted changes; None if not in git."""
    try:
        inside = subprocess.run(["git", "-C", str(path), "rev-parse", "--is-inside-work-tree"],
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return None
    status = subprocess.run(["git", "-C", str(path), "status", "--porcelain", "--", "."],
                            capture_output=True, text=True, timeout=60)
    return bool(status.stdout.strip())


def migrate(
    model: ModelArg = DEFAULT_MODEL,
    check: Annotated[bool, typer.Option(
        "--check", help="Show the exact change without writing; exit 1 if the model needs it, 0 if current.")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Write even if the model's folder has uncommitted git changes.")] = False,
) -> None:
    """Upgrade a model to the current schema version, keeping every fact.

    Models written for an older schema stay valid; migrate states what the old version left implicit
    (for version 1: the fixed lists and the Finnish default language) in a new file. Existing files
    are never rewritten. It refuses to write into a folder with uncommitted git changes unless --force.
    """
    import difflib

    from strategygraph.core.config import ConfigError, load_config
    from strategygraph.core.migrate import plan
    from strategygraph.core.schema import SCHEMA_VERSION

    m = load_model(model)
    try:
        carrying = list(load_config(model).values.get("carrying_statuses") or ["active"])
    except ConfigError as exc:
        fail(str(exc))
    try:
        step = plan(m, model, carrying)
    except ValueError as exc:
        fail(str(exc))
    if step is None:
        typer.echo(f"{model}: already at schema version {m.schema_version} (current: {SCHEMA_VERSION}); "
                   "nothing to do.")
        return
    diff = difflib.unified_diff([], step.text.splitlines(keepends=True), fromfile="/dev/null",
                                tofile=str(step.path))
    header = f"{model}: schema version {step.from_version} -> {step.to_version}:\n" + \
        "".join(f"  - {s}\n" for s in step.summary)
    if check:
        typer.echo(header + "".join(diff), nl=False)
        raise typer.Exit(1)
    dirty = _git_dirty(model)
    if dirty and not force:
        fail(f"{model} has uncommitted changes in git; commit or stash them first, or use --force")
    from strategygraph.core.files import atomic_write_text
    from strategygraph.core.loader import ModelError, load
    from strategygraph.rdf.mapping import normalized

    atomic_write_text(step.path, step.text)
    try:
        after = load(model)
    except ModelError as exc:  # pragma: no cover - the plan is built to load; undo rather than leave it broken
        step.path.unlink()
        fail("the migrated model does not load, nothing was changed:\n" + "\n".join(str(p) for p in exc.problems))
    before_facts = normalized(m)
    after_facts = {k: v for k, v in normalized(after).items() if k in before_facts}
    if before_facts != after_facts:  # pragma: no cover - a migration step only adds
        step.path.unlink()
        fail("the migration would change facts of the model; nothing was changed")
    typer.echo(header + f"wrote {step.path}")


def register(app: typer.Typer) -> None:
    app.command("schema")(schema_cmd)
    app.command("migrate")(migrate)
