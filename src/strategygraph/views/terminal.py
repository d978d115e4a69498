"""Terminal tables (rich) for coverage, impact and rules that read at 80 and at 120 columns.

Labels wrap (never cut to ``digioh…``); ids stay whole on a dim second line; when a matrix does not fit
the width, a narrow layout lists each row with its carriers instead. :func:`to_text` renders any of
them as plain text at a given width (what ``-o FILE`` writes).
"""

from __future__ import annotations

import io
from typing import Any

from strategygraph.views.i18n import status_name

#: a coverage matrix is drawn only when each project column can have at least this many characters
MATRIX_COLUMN_WIDTH = 7
#: width of the row-label column of a coverage matrix
MATRIX_LABEL_WIDTH = 34
#: below this width the tables use their narrow layouts
NARROW = 100


def to_text(renderable: Any, width: int) -> str:
    """``renderable`` as plain text ``width`` columns wide."""
    from rich.console import Console

    buf = io.StringIO()
    Console(file=buf, width=width, no_color=True, color_system=None, force_terminal=False,
            legacy_windows=False).print(renderable)
    return buf.getvalue()


def coverage_table(data: dict[str, Any], lang: str, width: int) -> Any:
    """The coverage matrix when it fits ``width``; otherwise one line per element with its carriers."""
    from rich.markup import escape
    from rich.table import Table

    cols = [c for c in data["projects"] if any(r["cells"].get(c["id"]) for r in data["rows"])]
    labels = {c["id"]: c["label"] for c in data["projects"]}
    uncarried = sum(1 for r in data["rows"] if not r["carriers"])
    title = (f"coverage by {data['by']}: {len(data['rows'])} rows, {uncarried} without a carrying project "
             "(listed first, red)")
    fits = cols and MATRIX_LABEL_WIDTH + 12 + len(cols) * (MATRIX_COLUMN_WIDTH + 3) <= width
    if fits:
        table = Table(title=title, title_justify="left", show_lines=False)
        table.add_column(data["by"], min_width=20, max_width=MATRIX_LABEL_WIDTH, overflow="fold")
        for c in cols:
            head = escape(c["label"]) + ("" if c["carrying"] else f"\n[dim]{escape(status_name(c['status'], lang))}[/]")
            table.add_column(head, justify="right", max_width=MATRIX_COLUMN_WIDTH + 4, overflow="fold")
        table.add_column("carriers", justify="right")
        for row in data["rows"]:
            name = escape(row["label"]) + f"\n[dim]{escape(row['id'])}[/]"
            if not row["carriers"]:
                name = f"[red]{name}[/]"
            table.add_row(name, *[str(row["cells"].get(c["id"], "")) for c in cols], str(len(row["carriers"])))
        return table
    table = Table(title=title, title_justify="left", show_lines=True)
    table.add_column(data["by"], ratio=3, overflow="fold")
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("carrying projects (others reaching it)", ratio=4, overflow="fold")
    for row in data["rows"]:
        name = escape(row["label"]) + f"\n[dim]{escape(row['id'])}[/]"
        if not row["carriers"]:
            name = f"[red]{name}[/]"
        others = [p for p, n in row["cells"].items() if n and p not in row["carriers"]]
        who = ", ".join(escape(labels.get(p, p)) for p in row["carriers"]) or "[red]–[/]"
        if others:
            who += " [dim](" + ", ".join(escape(labels.get(p, p)) for p in others) + ")[/]"
        table.add_row(name, str(len(row["carriers"])), who)
    return table


def rules_table(rules: list[Any], width: int) -> Any:
    """The rule catalogue; narrow: code and severity in one column, name over summary in the other."""
    from rich.markup import escape
    from rich.table import Table

    if width < NARROW:
        table = Table("rule", "what it finds", title=f"{len(rules)} rules", title_justify="left", show_lines=True)
        table.columns[0].no_wrap = True
        table.columns[1].overflow = "fold"
        for r in rules:
            table.add_row(f"{r.code}\n[dim]{r.severity}[/]", f"[b]{escape(r.name)}[/]\n{escape(r.summary)}")
        return table
    table = Table("code", "name", "category", "severity", "summary", title=f"{len(rules)} rules",
                  title_justify="left")
    table.columns[0].no_wrap = True
    table.columns[1].overflow = "fold"
    table.columns[4].overflow = "fold"
    for r in rules:
        table.add_row(r.code, escape(r.name), r.category, r.severity, escape(r.summary))
    return table


def impact_tree(ctx: Any, project: str, result: dict[str, Any]) -> Any:
    """What loses its carrier if ``project`` stops, as a tree (labels wrap; ids dim beside them)."""
    from rich.markup import escape
    from rich.tree import Tree

    tree = Tree(f"[b]If {escape(ctx.name(project))} stops[/b]")
    if not result["carrying"]:
        tree.add(f"[yellow]its status is {escape(status_name(result['status'], 'en'))}: it does not carry work "
                 "yet, so this is what the strategy counts on it for[/]")
    if result["through_dependencies"]:
        tree.add("also stop (they depend on it): " + ", ".join(
            f"{escape(ctx.label(x))} [dim]({escape(x)})[/]" for x in result["through_dependencies"]))
    for title, key in (("loses every carrier", "loses_all_carriers"), ("loses one of its carriers",
                                                                        "loses_a_carrier")):
        branch = tree.add(f"[b]{title}[/b]")
        if not result[key]:
            branch.add("[dim]nothing[/]")
        for kind, ids in result[key].items():
            kb = branch.add(f"{escape(kind)} ({len(ids)})")
            for i in ids:
                kb.add(f"{escape(ctx.label(i))} [dim]({escape(i)})[/]")
    if result["dependent_subthemes"]:
        b = tree.add("[b]sub-themes that list it as a dependency[/b]")
        for i in result["dependent_subthemes"]:
            b.add(f"{escape(ctx.label(i))} [dim]({escape(i)})[/]")
    return tree
