"""The ``synth`` command: write a synthetic strategy model with known planted problems."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from strategygraph.cli.options import fail


def synth(
    entities: Annotated[int, typer.Option(
        "--entities", "-n", min=1, max=2_000_000,
        help="Approximate number of entities of the model (e.g. 1000; ~130 entities make one theme). "
             "The smallest model written has about 300 entities (every kind, two themes); a smaller N "
             "writes that and says so.",
        metavar="N")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="Directory to write the model's *.yaml files and planted.json into.",
        metavar="DIR", file_okay=False)],
    seed: Annotated[int, typer.Option("--seed", "-s", help="Random seed; the same seed writes the same files.",
                                      metavar="S")] = 0,
    clean: Annotated[bool, typer.Option(
        "--clean", help="Plant no problems: the model passes every planted-problem rule "
                        "(G103 O201 W301 D401 D402 C504 G104 G114 G117).")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace DIR if it already exists and is not empty.")] = False,
) -> None:
    """Write a synthetic, valid strategy model of about N entities, for tests and benchmarks.

    Every entity kind occurs, with Finnish-like labels and realistic proportions (themes,
    sub-themes, actions, projects, milestones, KPIs, goals with key results and tasks, units,
    sources). Unless --clean, known problems are planted (uncarried milestones, overlapping
    projects, unowned goals, dependency cycles, projects ending too early, ...) and listed in
    DIR/planted.json as the findings 'strategygraph check' must report. The directory is written
    atomically: on failure nothing is left behind.
    """
    from strategygraph.core.files import atomic_directory
    from strategygraph.core.synth import PLANTED_RULES, count_entities, generate

    if output.exists() and not output.is_dir():
        fail(f"output {output} exists and is not a directory")
    if output.is_dir() and any(output.iterdir()) and not force:
        fail(f"output directory {output} is not empty; use --force to replace it")
    try:
        files, planted = generate(entities, seed=seed, plant=not clean)
    except ValueError as exc:
        fail(str(exc))
    meta: dict[str, Any] = {"entities": count_entities(files), "requested": entities, "seed": seed, "clean": clean,
            "rules": list(PLANTED_RULES), "planted": planted}
    try:
        with atomic_directory(output) as tmp:
            for name, text in files.items():
                (tmp / name).write_text(text, encoding="utf-8")
            (tmp / "planted.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
                                              encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    if meta["entities"] > 2 * entities:
        typer.echo(f"strategygraph: note: {entities} entities are fewer than the smallest model synth writes: "
                   f"every entity kind in one organization with two themes, so that each planted problem has "
                   f"its setting ({meta['entities']} entities)", err=True)
    what = "no planted problems (clean)" if clean else f"{len(planted)} planted problems"
    typer.echo(f"wrote {meta['entities']} entities in {len(files)} files to {output}; {what} "
               f"(listed in {output / 'planted.json'})", err=True)


__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add this group's commands to ``app``."""
    app.command()(synth)
