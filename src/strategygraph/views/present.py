"""Presentation data shared by the commands and the report: findings JSON, Markdown, coverage tables.

Plain functions of a rule :class:`~strategygraph.rules.base.Context` and findings, usable without the CLI.
"""

from __future__ import annotations

from typing import Any


def findings_json(findings: list[Any], as_of: str | None = None) -> dict[str, Any]:
    """The JSON contract of ``check --format json``: every finding (roots and consequences) and a summary."""
    from strategygraph.analysis.rules.engine import summarize

    out: dict[str, Any] = {"findings": [f.as_dict() for f in findings], "summary": summarize(findings)}
    if as_of:
        out["as_of"] = as_of
    return out


TEXT = {
    "fi": {"error": "virhe", "warning": "varoitus", "info": "huomautus",
           "errors": "virheitä", "warnings": "varoituksia", "infos": "huomautuksia",
           "roots": "{n} juurihavaintoa ({sev}); kaikkiaan {total} havaintoa, analyysipäivä {as_of}.",
           "hint": "--all näyttää jokaisen havainnon, --show affected juurien seuraukset.",
           "more": "+{n} seurausta", "accepted": "hyväksytty {date}: {reason}", "affected": "koskee",
           "new": "{n} uutta havaintoa verrattuna tiedostoon {baseline} ({old} havaintoa).",
           "none": "Ei havaintoja."},
    "en": {"error": "error", "warning": "warning", "info": "info",
           "errors": "errors", "warnings": "warnings", "infos": "info",
           "roots": "{n} root findings ({sev}); {total} findings in all, analysis date {as_of}.",
           "hint": "--all lists every finding, --show affected the consequences of each root.",
           "more": "+{n} consequences", "accepted": "accepted {date}: {reason}", "affected": "affects",
           "new": "{n} new findings compared with {baseline} ({old} findings).",
           "none": "No findings."},
}


def _where(f: Any) -> str:
    loc = f.location
    return f"{loc['file']}:{loc['line']}:{loc['column']}" if loc else "-"


def finding_line(f: Any, lang: str, children: int = 0) -> str:
    """``file:line:column: CODE [severity] message`` (ruff style), one line."""
    t = TEXT.get(lang, TEXT["en"])
    line = f"{_where(f)}: {f.rule} [{t[f.severity]}] {f.message}"
    if children:
        line += f" ({t['more'].format(n=children)})"
    if f.accepted:
        line += f" [{t['accepted'].format(date=f.accepted.get('date', ''), reason=f.accepted.get('reason', ''))}]"
    return line


def render_text(findings: list[Any], lang: str = "fi", show_all: bool = False, show_affected: bool = False,
                as_of: str = "") -> str:
    """Linter-style text: ranked roots (or every finding), each on one line, then a short summary."""
    t = TEXT.get(lang, TEXT["en"])
    lines: list[str] = []
    ids = {f.id for f in findings}

    def is_root(f: Any) -> bool:  # a consequence whose root is not listed (e.g. not new) stands alone
        return f.root is None or f.root not in ids

    for f in findings:
        if is_root(f):
            lines.append(finding_line(f, lang, 0 if (show_all or show_affected) else f.children))
            if show_affected and f.affected:
                lines.append(f"    {t['affected']}: {', '.join(f.affected)}")
        elif show_all or show_affected:
            lines.append("    ↳ " + finding_line(f, lang))
    roots = [f for f in findings if is_root(f)]
    sev = ", ".join(f"{t[s + 's']} {sum(1 for f in roots if f.severity == s)}" for s in ("error", "warning", "info"))
    if not findings:
        lines.append(t["none"])
    else:
        lines.append("")
        if lang == "fi":  # 30.6.2025, as Finnish text writes a date
            from strategygraph.analysis.rules.messages import finnish_number

            as_of = finnish_number(as_of)
        lines.append(t["roots"].format(n=len(roots), sev=sev, total=len(findings), as_of=as_of))
        if not (show_all or show_affected):
            lines.append(t["hint"])
    return "\n".join(lines) + "\n"


def render_github(findings: list[Any]) -> str:
    """GitHub Actions workflow commands: ``::warning file=…,line=…,col=…,title=…::message`` per finding."""
    level = {"error": "error", "warning": "warning", "info": "notice"}

    def data(v: str) -> str:
        return v.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(v: str) -> str:
        return data(v).replace(":", "%3A").replace(",", "%2C")

    out = []
    for f in findings:
        props = []
        if f.location:
            props += [f"file={prop(f.location['file'])}", f"line={f.location['line']}",
                      f"col={f.location['column']}"]
        props.append(f"title={prop(f.rule + ' ' + f.name)}")
        out.append(f"::{level[f.severity]} {','.join(props)}::{data(f.message)}")
    return "\n".join(out) + ("\n" if out else "")


def new_since(findings: list[Any], baseline_ids: set[str]) -> list[Any]:
    """The findings whose id is not in an earlier run (the text output shows one whose root is old as a root)."""
    return [f for f in findings if f.id not in baseline_ids]


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

    for f in findings:  # roots in rank order, each followed by its consequences (marked ↳)
        acc = f" (accepted: {esc(f.accepted['reason'])})" if f.accepted else ""
        mark = "↳ " if f.root is not None else ""
        lines.append(f"| {f.severity} | {f.rule} {f.name} | {esc(', '.join(f.subjects))} | {mark}{esc(f.message)}{acc} |")
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


def _theme_of(m: Any, eid: str) -> str | None:
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
