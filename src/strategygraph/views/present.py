"""Presentation data shared by the commands and the report: findings JSON, Markdown, coverage tables.

Plain functions of a rule :class:`~strategygraph.rules.base.Context` and findings, usable without the CLI.
"""

from __future__ import annotations

from typing import Any, Optional


def findings_json(findings: list[Any]) -> dict[str, Any]:
    from strategygraph.analysis.rules.engine import summarize

    return {"findings": [f.as_dict() for f in findings], "summary": summarize(findings)}


def render_markdown(ctx: Any, findings: list[Any]) -> str:
    from strategygraph.analysis.rules.engine import summarize

    s = summarize(findings)
    lines = [f"# strategygraph check: {len(findings)} findings", ""]
    lines.append("| category | " + " | ".join(s["by_category"]) + " |")
    lines.append("|---|" + "---|" * len(s["by_category"]))
    lines.append("| findings | " + " | ".join(str(v) for v in s["by_category"].values()) + " |")
    lines += ["", "| severity | rule | subjects | message |", "|---|---|---|---|"]

    def esc(t: str) -> str:
        return t.replace("|", "\\|").replace("\n", " ")

    for f in findings:
        acc = f" (accepted: {esc(f.accepted['reason'])})" if f.accepted else ""
        lines.append(f"| {f.severity} | {f.rule} {f.name} | {esc(', '.join(f.subjects))} | {esc(f.message)}{acc} |")
    return "\n".join(lines) + "\n"


def rules_markdown(rules: list[Any]) -> str:
    """The rule catalogue as a Markdown table (generated into the README)."""
    lines = ["| code | name | category | severity | what it finds |", "|---|---|---|---|---|"]
    for r in rules:
        lines.append(f"| {r.code} | `{r.name}` | {r.category} | {r.severity} | {r.summary} |")
    return "\n".join(lines) + "\n"


def coverage_data(ctx: Any, kind: str) -> dict[str, Any]:
    an = ctx.analysis
    rows, cols, cells = an.matrix(kind)
    m = ctx.model
    return {
        "by": kind,
        "carrying_statuses": list(ctx.config.carrying_statuses),
        "projects": [{"id": p, "label": ctx.label(p), "status": an.status[p], "carrying": p in an.carrying}
                     for p in cols],
        "rows": [{"id": r, "label": ctx.label(r), "kind": kind,
                  "cells": {p: cells[(r, p)] for p in cols if (r, p) in cells},
                  "carriers": sorted(an.carriers_of(r)),
                  "other_carriers": an.other_carriers.get(r, []),
                  "theme": _theme_of(m, r)} for r in rows],
    }


def _theme_of(m: Any, eid: str) -> Optional[str]:
    e = m.get(eid)
    if e is None:
        return None
    if e.KIND == "Theme":
        return e.id
    theme = getattr(e, "theme", None)
    if theme is not None:
        return theme.ref
    if e.KIND == "Action":
        st = m.get(e.subtheme.ref)
        return st.theme.ref if st else None
    return None


def coverage_csv(data: dict[str, Any]) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    cols = [c["id"] for c in data["projects"]]
    w.writerow(["id", "label", *cols, "carriers", "other_carriers"])
    for row in data["rows"]:
        w.writerow([row["id"], row["label"], *[row["cells"].get(c, 0) for c in cols], len(row["carriers"]),
                    ";".join(row["other_carriers"])])
    return buf.getvalue()
