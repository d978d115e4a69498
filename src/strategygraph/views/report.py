"""The report: one self-contained HTML page plus findings.json, coverage.xlsx and the diagrams as SVG.

:func:`report_data` gathers everything the page shows (a plain dict, no
HTML); :func:`render_html` fills the jinja2 template; :func:`write_report`
writes the whole output directory atomically (a failed run leaves an older
report untouched and no partial one behind).

The page makes no network request: CSS, script and the diagrams (SVG) are
inline, and it uses the reader's system fonts.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from strategygraph import __version__
from strategygraph.views.i18n import (
    BOARD_UI,
    CATEGORY_NAMES,
    KIND_NAMES,
    KIND_PLURALS,
    REPORT_UI,
    SEVERITY_NAMES,
    STATUS_NAMES,
    carrier_name,
    disposition_name,
    evidence_name,
    field_name,
    kind_name,
    kind_plural,
    relation_name,
    status_name,
    texts,
)

#: the file that marks a directory as a strategygraph report (it may be replaced by a new run)
MARKER = ".strategygraph-report"

COVERAGE_KINDS = ("Theme", "SubTheme", "Milestone", "Goal", "Capability", "Action")
HTML_COVERAGE_OPEN = ("Theme", "SubTheme")
#: with more themes than this, the page has no per-theme linkage diagrams (the overview and the
#: element sections stand in; ``strategygraph diagram linkage --theme ID`` draws one)
INLINE_THEME_DIAGRAMS = 12
#: a diagram with more drawn elements than this is linked from the page (as its SVG file), not inlined:
#: scaled to the page's width it would be unreadable; the element sections and search stand in
INLINE_MAX_NODES = 120
#: traffic lights listed in the board view (red first, then amber, then green; the rest counted)
BOARD_LIGHTS = 15

class ReportError(RuntimeError):
    """The report cannot be written (e.g. the output path is not a report directory)."""


# ------------------------------------------------------------------ data
def themes_of(ctx: Any, eid: str, _seen: set[str] | None = None) -> set[str]:
    """The themes an entity belongs to or serves (for the findings filter)."""
    from strategygraph.core.model import link_ids

    m = ctx.model
    e = m.get(eid)
    if e is None:
        return set()
    seen = _seen or set()
    if eid in seen:
        return set()
    seen.add(eid)
    k = e.KIND
    if k == "Theme":
        return {eid}
    if k in ("SubTheme", "Milestone"):
        return {e.theme.ref}
    if k == "Action":
        st = m.get(e.subtheme.ref)
        return {st.theme.ref} if st else set()
    if k == "Goal":
        out = {e.theme.ref} if e.theme else set()
        for ms in link_ids(e.serves):
            out |= themes_of(ctx, ms, seen)
        return out
    if k in ("KeyResult", "Task"):
        return themes_of(ctx, e.goal.ref, seen)
    if k == "KPI":
        return set(link_ids(e.themes))
    if k == "Project":
        out = set(link_ids(e.steered_under))
        out |= set(ctx.analysis.work_of(eid).get("Theme", []))
        return out
    return set()


def _fmt_value(ctx: Any, v: Any) -> str:
    if isinstance(v, dict):
        return "; ".join(f"{k}: {_fmt_value(ctx, x)}" for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return ", ".join(_fmt_value(ctx, x) for x in v)
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, str) and v in ctx.model:
        return f"{ctx.label(v)} ({v})"
    if isinstance(v, str) and v in texts(STATUS_NAMES, "en"):  # a project status code, in words
        return status_name(v, ctx.lang)
    return "" if v is None else str(v)


def _source_of(ctx: Any, eid: str) -> dict[str, Any]:
    m = ctx.model
    e = m.get(eid)
    src = getattr(e, "source", None) if e is not None else None
    out: dict[str, Any] = {"id": eid, "label": ctx.label(eid), "location": m.location(eid)}
    if src is not None:
        out.update(doc=src.doc, title=m.label(src.doc, ctx.lang) if src.doc in m else src.doc,
                   section=src.section or "", locator=src.locator or "")
        doc = m.get(src.doc)
        out["date"] = getattr(doc, "date", None) or "" if doc is not None else ""
    return out


def short_label(text: str, width: int = 80) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters (with "…" when cut)."""
    if len(text) <= width:
        return text
    cut = text[:width - 1].rsplit(" ", 1)[0].rstrip(" ,.;:–-")
    return (cut or text[:width - 1]) + "…"


def _entity_ref(ctx: Any, eid: str) -> dict[str, str]:
    kind = ctx.model.kind_of(eid) or ""
    label = ctx.label(eid) if eid in ctx.model else eid
    return {"id": eid, "label": label, "short": short_label(label), "kind": kind,
            "kind_name": kind_name(kind, ctx.lang, ctx.model) if kind else ""}


def _prose(text: str) -> str:
    """Rule docstring prose for the page: reST literals (``x``) as plain text, lines joined."""
    return " ".join(text.replace("``", "").split())


def findings_data(ctx: Any, findings: list[Any]) -> list[dict[str, Any]]:
    from strategygraph.analysis.rules.engine import get_rule

    out = []
    rule_texts: dict[str, dict[str, str]] = {}
    for i, f in enumerate(findings):
        if f.rule not in rule_texts:
            r = get_rule(f.rule)
            rule_texts[f.rule] = r.texts(ctx.lang) if r else {}
        texts = rule_texts[f.rule]
        themes: set[str] = set()
        for s in f.subjects:
            themes |= themes_of(ctx, s)
        themes = {t for t in themes if t in ctx.model}
        out.append({
            "n": i + 1, "rule": f.rule, "name": f.name, "category": f.category, "severity": f.severity,
            "subjects": [_entity_ref(ctx, s) for s in f.subjects],
            "message": f.message,
            "summary": _prose(texts.get("summary", "")),
            "why": _prose(texts.get("why", "")),
            "fix": _prose(texts.get("fix", "")),
            "evidence": [(evidence_name(k, ctx.lang), _fmt_value(ctx, v)) for k, v in (f.evidence or {}).items()
                         if v not in (None, [], {}, "") and k not in HIDDEN_EVIDENCE],
            "sources": [_source_of(ctx, s) for s in f.subjects if s in ctx.model],
            "accepted": f.accepted,
            "themes": sorted(themes),
            **_ranking(f, i),
        })
    return out


#: evidence that the page shows in other ways (the overlap's shared work has its own table)
HIDDEN_EVIDENCE = {"shared_by_kind"}


def _ranking(f: Any, i: int) -> dict[str, Any]:
    """The ranking fields of a finding when the rule engine provides them (id, root, score, location, fix)."""
    loc = getattr(f, "location", None)
    if isinstance(loc, dict):
        loc_text = ":".join(str(loc[k]) for k in ("file", "line", "column") if loc.get(k) not in (None, ""))
    else:
        loc_text = str(loc or "")
    score = getattr(f, "score", None)
    return {"id": str(getattr(f, "id", None) or f"f{i + 1}"), "root": getattr(f, "root", None),
            "children": int(getattr(f, "children", 0) or 0),
            "score": float(score) if isinstance(score, (int, float)) else None,
            "affected": getattr(f, "affected", None), "where": loc_text,
            "own_fix": str(getattr(f, "fix", "") or "")}


def finding_groups(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Findings grouped by rule, in the order of the (severity-sorted) findings."""
    groups: dict[str, dict[str, Any]] = {}
    for f in items:
        g = groups.get(f["rule"])
        if g is None:
            g = groups[f["rule"]] = {"rule": f["rule"], "name": f["name"], "category": f["category"],
                                     "severity": f["severity"], "summary": f["summary"], "findings": []}
        g["findings"].append(f)
    out = list(groups.values())
    for g in out:
        g["count"] = len(g["findings"])
        g["open"] = g["severity"] == "error" or g["count"] <= 3
    return out


def ownership_data(ctx: Any, findings: list[Any]) -> dict[str, Any]:
    """Owned items (also the workbook's ownership sheet), the load per owner and what nobody owns."""
    from strategygraph.core.model import link_ids

    m, lang = ctx.model, ctx.lang
    rows: list[dict[str, Any]] = []
    for kind in ("Goal", "KeyResult", "Project"):
        for e in m.of_kind(kind):
            owners = link_ids(getattr(e, "owner", None))
            inherited = False
            if kind == "KeyResult" and not owners:
                goal = m.get(e.goal.ref)
                owners = link_ids(goal.owner) if goal is not None else []
                inherited = bool(owners)
            year = getattr(e, "year", None)
            if kind == "KeyResult":
                goal = m.get(e.goal.ref)
                year = getattr(goal, "year", None)
            rows.append({"kind": kind, "kind_name": kind_name(kind, lang, ctx.model), "id": e.id, "label": ctx.label(e.id),
                         "owners": owners, "owner_labels": [ctx.label(o) for o in owners], "inherited": inherited,
                         "year": year,
                         "status": status_name(e.status.value, lang) if kind == "Project" and e.status else ""})
    flags: dict[str, list[str]] = defaultdict(list)
    for f in findings:
        if f.rule in ("W302", "W303"):
            for s in f.subjects:
                if m.kind_of(s) == "Unit":
                    flags[s].append(f.message)
    by_owner: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        for o in r["owners"]:
            by_owner[o][r["kind"]].append(r)
    owner_rows: list[dict[str, Any]] = []
    for o, kinds in by_owner.items():
        unit = m.get(o)
        owner_rows.append({
            "id": o, "label": ctx.label(o),
            "unit_type": unit.unit_type.value if unit is not None and hasattr(unit, "unit_type") else "",
            "counts": {k: len(kinds.get(k, [])) for k in ("Goal", "KeyResult", "Project")},
            "items": [it for k in ("Goal", "KeyResult", "Project") for it in kinds.get(k, [])],
            "total": sum(len(v) for v in kinds.values()),
            "flags": sorted(set(flags.get(o, []))),
        })
    owner_rows.sort(key=lambda x: (-x["total"], x["label"]))
    nobody = [r for r in rows if not r["owners"]]
    return {"rows": rows, "owners": owner_rows, "nobody": nobody}


def coverage_html(ctx: Any, data: dict[str, Any], max_cells: int = 20_000) -> dict[str, Any]:
    """A coverage matrix trimmed for the page: only project columns that reach some row.

    A matrix of more than ``max_cells`` cells shows only the rows no carrying project
    reaches (what a planner must act on) and says so; coverage.xlsx has the whole matrix.
    """
    rows = [{**r, "uncarried": not r["carriers"],
             "other": ", ".join(carrier_name(x, ctx.lang) for x in sorted(set(r["other_carriers"])))}
            for r in data["rows"]]
    uncarried = sum(1 for r in rows if r["uncarried"])
    total = len(rows)

    def used_cols(rs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        used = {p for r in rs for p, n in r["cells"].items() if n}
        return [c for c in data["projects"] if c["id"] in used]

    cols = used_cols(rows)
    trimmed = False
    if len(rows) * max(len(cols), 1) > max_cells:
        rows = [r for r in rows if r["uncarried"]]
        cols = used_cols(rows)
        limit = max(1, max_cells // max(len(cols), 1))
        rows, trimmed = rows[:limit], True
        cols = used_cols(rows)
    cols = sorted(({**c, "status_name": status_name(c["status"], ctx.lang)} for c in cols),
                  key=lambda c: (not c["carrying"], c["label"].lower()))
    return {"kind": data["by"], "title": kind_plural(data["by"], ctx.lang),
            "cols": cols, "rows": rows, "uncarried": uncarried, "total": total, "trimmed": trimmed,
            "open": data["by"] in HTML_COVERAGE_OPEN and not trimmed}


def heat(n: int) -> int:
    """Heat class 0..4 of a cell count."""
    return 0 if not n else 1 if n == 1 else 2 if n == 2 else 3 if n <= 4 else 4


def _disposition(ctx: Any, pid: str) -> str:
    """A project's proposed disposition in words ("" when the model states none)."""
    from strategygraph.core.model import link_ids

    p = ctx.model.get(pid)
    d = getattr(p, "disposition", None) if p is not None else None
    if d is None:
        return ""
    value = getattr(d, "value", d)
    text = getattr(p, "disposition_text", None)
    into = link_ids(getattr(p, "merge_into", None))
    t = texts(BOARD_UI, ctx.lang)
    words = t["merge_into"].format(to=", ".join(ctx.label(x) for x in into)) if value == "merge" and into else \
        disposition_name(value, ctx.lang)
    detail = text.get(ctx.lang) if text is not None and hasattr(text, "get") else ""
    return f"{words} ({detail})" if detail and detail != words else words


def overlap_data(ctx: Any, findings: list[Any]) -> dict[str, Any]:
    """The overlap review: pairs with what they share and what was decided (acceptance or dispositions)."""
    m = ctx.model
    accepted = {frozenset(f.subjects[:2]): f.accepted for f in findings if f.rule == "O201" and f.accepted}
    from strategygraph.analysis.overlap_review import overlap_review

    # the overlap review's decision asked for, per pair (in the page's language)
    asked = {frozenset(r["projects"]): str(r.get("decision") or "")
             for r in overlap_review(ctx.analysis, 0.0, ctx.lang)["pairs"]}
    pairs = []
    for p in ctx.analysis.overlap_pairs():
        a, b = p["projects"]
        decided = p.get("disposition") or asked.get(frozenset((a, b)))
        pairs.append({
            "a": _entity_ref(ctx, a), "b": _entity_ref(ctx, b), "score": p["score"],
            "shared": [{"kind": k, "kind_name": kind_plural(k, ctx.lang),
                        "items": [_entity_ref(ctx, x) for x in v]} for k, v in p["shared_by_kind"].items()],
            "accepted": accepted.get(frozenset((a, b))),
            "decided": str(getattr(decided, "value", decided) or ""),
            "dispositions": [(ctx.label(x), d) for x in (a, b) if (d := _disposition(ctx, x))],
        })
    clusters = [{"message": f.message, "subjects": [_entity_ref(ctx, s) for s in f.subjects if s in m],
                 "accepted": f.accepted} for f in findings if f.rule == "O202"]
    return {"pairs": pairs, "clusters": clusters, "min_score": ctx.config.overlap_min_score}


#: a roadmap with more phases than this, or more milestones, is shown as counts per cell
ROADMAP_MAX_PHASES = 8
ROADMAP_MAX_MILESTONES = 250
#: themes (lanes) the roadmap summary lists; the rest as a count
ROADMAP_MAX_LANES = 40


def _roadmap_summary(ctx: Any, phases: list[Any], cells: dict[tuple[str, str], list[Any]],
                     uncarried: set[str]) -> dict[str, Any]:
    """One row per theme: its milestones per phase (only the phases it has), with how many have no carrier."""
    from strategygraph.views.diagrams import sorted_themes

    themes = sorted_themes(ctx.model)
    rows = []
    for t in themes[:ROADMAP_MAX_LANES]:
        row_cells = []
        for p in phases:
            items = cells.get((t.id, p.id), [])
            if items:
                row_cells.append({"phase": ctx.label(p.id), "period": p.period_text, "n": len(items),
                                  "bad": sum(1 for ms in items if ms.id in uncarried)})
        rows.append({"theme": _entity_ref(ctx, t.id), "uncarried": t.id in uncarried, "cells": row_cells,
                     "n": sum(c["n"] for c in row_cells), "bad": sum(c["bad"] for c in row_cells)})
    return {"summary": True, "more": max(0, len(themes) - ROADMAP_MAX_LANES), "phases": [], "rows": rows}


def roadmap_data(ctx: Any, findings: list[Any]) -> dict[str, Any]:
    from strategygraph.views.diagrams import Overlay, natural_key, roadmap_cells, sorted_phases, sorted_themes

    m, an, lang = ctx.model, ctx.analysis, ctx.lang
    o = Overlay.from_findings(findings)
    phases = sorted_phases(m)
    goals_of, cells = roadmap_cells(m)
    if len(phases) > ROADMAP_MAX_PHASES or len(m.of_kind("Milestone")) > ROADMAP_MAX_MILESTONES:
        return _roadmap_summary(ctx, phases, cells, o.uncarried)
    rows = []
    for t in sorted_themes(m):
        row: dict[str, Any] = {"theme": _entity_ref(ctx, t.id), "uncarried": t.id in o.uncarried, "cells": []}
        for p in phases:
            items = []
            goals: dict[str, dict[str, Any]] = {}
            for k, ms in enumerate(sorted(cells.get((t.id, p.id), []), key=lambda e: natural_key(e.id)), 1):
                carriers = sorted(an.carriers_of(ms.id))
                others = sorted(an.projects_of(ms.id) - set(carriers))
                items.append({
                    **_entity_ref(ctx, ms.id), "n": k, "uncarried": ms.id in o.uncarried,
                    "accepted": ms.id in o.accepted,
                    "carriers": [_entity_ref(ctx, x) for x in carriers],
                    "others": [{**_entity_ref(ctx, x), "status": status_name(an.status.get(x, "?"), lang)}
                               for x in others],
                })
                for g in sorted(goals_of.get(ms.id, []), key=lambda e: natural_key(e.id)):
                    entry = goals.setdefault(g.id, {**_entity_ref(ctx, g.id), "year": g.year, "refs": [],
                                                    "unowned": g.id in o.unowned, "uncarried": g.id in o.uncarried,
                                                    "accepted": g.id in o.accepted})
                    entry["refs"].append(k)
            row["cells"].append({"milestones": items,
                                 "goals": sorted(goals.values(), key=lambda g: (g["refs"][0], natural_key(g["id"])))})
        rows.append(row)
    return {"summary": False, "more": 0,
            "phases": [{"id": p.id, "period": p.period_text, "label": ctx.label(p.id)} for p in phases], "rows": rows}


# ------------------------------------------------------------------ progress and scenario
#: the levels of the page's progress section, in order
PROGRESS_LEVELS = ("Theme", "SubTheme", "Milestone", "Goal")
#: at most this many rows per progress level on the page (``strategygraph progress`` lists all)
PROGRESS_MAX_ROWS = 300
#: at most this many rows per list of the scenario section
SCENARIO_MAX_ROWS = 200


def _colour(ctx: Any, colour: str | None) -> dict[str, str] | None:
    """A progress colour with its name in the page's language (the model's own label when it has one)."""
    if colour is None:
        return None
    for rule in getattr(ctx.model, "progress_colours", []) or []:
        if str(getattr(rule.id, "value", rule.id)) == colour:
            return {"id": colour, "name": rule.label.get(ctx.lang)}
    return {"id": colour, "name": texts(REPORT_UI, ctx.lang).get(f"colour_{colour}", colour)}


def _colour_rule(ctx: Any) -> str:
    """The organization's colour rule in words (the model's own rules, else the configuration's thresholds)."""
    t = texts(REPORT_UI, ctx.lang)
    rules = sorted((r for r in getattr(ctx.model, "progress_colours", []) or [] if r.min_completion is not None),
                   key=lambda r: -r.min_completion)
    if rules:
        return "; ".join(t["colour_from"].format(colour=r.label.get(ctx.lang), min=f"{r.min_completion:g}")
                         for r in rules)
    return t["colour_rule_config"].format(green=f"{ctx.config.status_green_min:g}",
                                          yellow=f"{ctx.config.status_yellow_min:g}")


def _progress_row(ctx: Any, f: Any, below: int) -> dict[str, Any]:
    t = texts(REPORT_UI, ctx.lang)
    notes = []
    if f.reported and f.colour and f.reported not in (f.colour, "not-reported"):
        notes.append(t["progress_disagrees"].format(reported=(_colour(ctx, f.reported) or {}).get("name", ""),
                                                    figures=(_colour(ctx, f.colour) or {}).get("name", "")))
    if f.stale:
        notes.append(t["progress_stale"].format(date=f.as_of))
    if not f.rests_on and not f.unknown:
        notes.append(t["progress_nothing_below"])
    rests = []
    for x in f.rests_on:
        value = x.get("percent")
        if value is None and x.get("target") is not None:  # a measured value against its target
            value = t["value_vs_target"].format(value=f"{x['value']:g}", target=f"{x['target']:g}")
        else:
            value = f"{(value if value is not None else x.get('value', 0)):.0f} %"
        rests.append({**_entity_ref(ctx, x["id"]), "value": value, "as_of": x.get("as_of") or ""})
    return {**_entity_ref(ctx, f.id), "percent": None if f.percent is None else round(f.percent),
            "colour": _colour(ctx, f.colour), "reported": _colour(ctx, f.reported), "as_of": f.as_of or "",
            "stale": f.stale, "known": len(f.rests_on), "below": below, "rests_on": rests,
            "unknown": [_entity_ref(ctx, x) for x in f.unknown if x in ctx.model], "notes": notes}


def progress_data(ctx: Any) -> dict[str, Any] | None:
    """The progress section: per theme, sub-theme, milestone and goal its figure, colour, basis and unknowns.

    ``None`` when the model has no progress facts (no task completion, measured value or reported status).
    """
    from strategygraph.analysis.progress import Progress

    p = Progress(ctx.model, ctx.config, as_of=ctx.as_of, max_age_days=ctx.config.stale_after_days, lang=ctx.lang)
    if not any(f.percent is not None or f.reported for f in p.figures.values()):
        return None
    t = texts(REPORT_UI, ctx.lang)
    levels = []
    for kind in PROGRESS_LEVELS:
        figs = p.rows((kind,))
        if not figs:
            continue
        rows = [_progress_row(ctx, f, len(f.rests_on) + len(f.unknown)) for f in figs[:PROGRESS_MAX_ROWS]]
        counts = {c: sum(1 for f in figs if f.colour == c) for c in ("green", "yellow", "red")}
        known = sum(1 for f in figs if f.percent is not None)
        levels.append({"kind": kind, "title": kind_plural(kind, ctx.lang), "rows": rows, "total": len(figs),
                       "more": max(0, len(figs) - PROGRESS_MAX_ROWS), "known": known, "counts": counts,
                       "open": kind in ("Theme", "Goal") or len(figs) <= 12,
                       "summary": t["progress_level"].format(known=known, total=len(figs), **counts)})
    phases = [{**ph, "state_name": t.get(f"phase_{ph['state']}", "") if ph["state"] else "",
               "colour": _colour(ctx, ph["colour"]),
               "carriers": [_entity_ref(ctx, x) for x in ph["carriers"]]}
              for ph in p.phases(ctx.analysis)]
    return {"as_of": p.as_of.isoformat() if p.as_of else "", "rule": _colour_rule(ctx), "levels": levels,
            "phases": phases, "max_age": ctx.config.stale_after_days}


def scenario_data(ctx: Any) -> dict[str, Any] | None:
    """The scenario section: what the portfolio's proposed decisions would do if carried out.

    ``None`` when no project has a proposed disposition that changes anything.
    """
    from strategygraph.analysis.scenario import disposition_decisions, run

    decisions = disposition_decisions(ctx.model)
    if not decisions:
        return None
    d = run(ctx.model, decisions, ctx.config, lang=ctx.lang)
    t = texts(REPORT_UI, ctx.lang)
    n = SCENARIO_MAX_ROWS

    def refs(ids: list[str]) -> list[dict[str, str]]:
        return [_entity_ref(ctx, x) for x in ids]

    rows = []
    counts: dict[str, int] = defaultdict(int)
    for x in decisions:
        p = ctx.model.get(x.subject)
        disp = getattr(p, "disposition", None)
        value = str(getattr(disp, "value", disp)) if disp is not None else ""
        words = disposition_name(value, ctx.lang) if value else t["scenario_" + x.action]
        counts[words] += 1
        if x.action == "merge" and x.into:
            words = texts(BOARD_UI, ctx.lang)["merge_into"].format(to=", ".join(ctx.label(i) for i in x.into))
        text = getattr(p, "disposition_text", None)
        detail = text.get(ctx.lang) if text is not None and hasattr(text, "get") else ""
        rows.append({"project": _entity_ref(ctx, x.subject), "decision": words, "detail": detail or ""})
    cov = [{"kind": k, "name": kind_plural(k, ctx.lang), **c} for k, c in d["summary"]["coverage"].items()
           if c["elements"]]
    lost = [{**_entity_ref(ctx, r["id"]), "before": refs(r["before"]),
             "other": [carrier_name(x, ctx.lang) for x in r.get("other_carriers", [])]} for r in d["lost_last_carrier"]]
    gained = [{**_entity_ref(ctx, r["id"]), "after": refs(r["after"])} for r in d["gained_a_carrier"]]
    grows = [{**_entity_ref(ctx, r["project"]), "before": r["before"], "after": r["after"]} for r in d["load_grows"]]
    f = d["findings"] or {"introduced": [], "resolved": [], "unchanged": 0}

    def finding_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{"rule": x["rule"], "severity": x["severity"], "message": x["message"],
                 "subjects": refs([s for s in x["subjects"] if s in ctx.model][:3])} for x in items[:n]]

    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return {"decisions": rows[:n], "decisions_total": len(rows), "decisions_summary": summary, "coverage": cov, "lost": lost[:n], "lost_total": len(lost),
            "gained": gained[:n], "gained_total": len(gained), "grows": grows[:n],
            "introduced": finding_rows(f["introduced"]), "introduced_total": len(f["introduced"]),
            "resolved": finding_rows(f["resolved"]), "resolved_total": len(f["resolved"]),
            "unchanged": f["unchanged"]}


#: how many root findings the board view and the board paper show
TOP_FINDINGS = 6
#: links listed per direction in an element's section (the rest as a count)
MAX_ELEMENT_LINKS = 25
#: properties an element's section shows, in this order (when the entity has them)
ELEMENT_FIELDS = ("description", "status", "period", "start", "end", "due", "year", "completion")


def theme_lights(ctx: Any) -> list[dict[str, Any]]:
    """Coverage per theme as a traffic light: how much of its work (sub-themes, milestones) has a carrier."""
    from strategygraph.views.diagrams import sorted_themes, subthemes_of

    m, an = ctx.model, ctx.analysis
    ms_of: dict[str, list[str]] = defaultdict(list)
    for ms in m.of_kind("Milestone"):
        ms_of[ms.theme.ref].append(ms.id)
    out = []
    for t in sorted_themes(m):
        work = [s.id for s in subthemes_of(m, t.id)] + ms_of.get(t.id, [])
        ok = sum(1 for x in work if an.carriers_of(x))
        own = bool(an.carriers_of(t.id))
        bad = len(work) - ok
        light = "red" if not own or (work and bad * 2 > len(work)) else "amber" if bad else "green"
        out.append({**_entity_ref(ctx, t.id), "light": light, "ok": ok, "n": len(work)})
    return out


def _top_findings(fd: list[dict[str, Any]]) -> list[dict[str, Any]]:
    roots = [f for f in fd if not f["accepted"] and not f["root"]]
    if any(f["score"] is not None for f in roots):
        roots = sorted(roots, key=lambda f: -(f["score"] or 0.0))
    else:  # no ranking from the rule engine: errors, then warnings, and within them the order of the rules
        roots = sorted(roots, key=lambda f: {"error": 0, "warning": 1}.get(f["severity"], 2))
    return roots[:TOP_FINDINGS]


def board_data(ctx: Any, fd: list[dict[str, Any]], overlaps: dict[str, Any], generated: str,
               model_name: str) -> dict[str, Any]:
    """The opening screen: sentences on what matters, top root findings, traffic lights per theme."""
    t = texts(BOARD_UI, ctx.lang)
    open_f = [f for f in fd if not f["accepted"]]
    lights = theme_lights(ctx)
    n_red = sum(1 for x in lights if x["light"] == "red")
    n_amber = sum(1 for x in lights if x["light"] == "amber")
    sentences = []
    if open_f:
        sentences.append(t["lead"].format(open=len(open_f), errors=sum(f["severity"] == "error" for f in open_f),
                                          warnings=sum(f["severity"] == "warning" for f in open_f)))
    else:
        sentences.append(t["lead_ok"].format(model=model_name))
    theme_sentences = []
    if lights:
        if n_red:
            theme_sentences.append(t["lead_themes"].format(red=n_red, total=len(lights)))
        if n_amber:
            theme_sentences.append(t["lead_themes_amber"].format(amber=n_amber, total=len(lights)))
        if not n_red and not n_amber:
            theme_sentences.append(t["lead_themes_ok"].format(total=len(lights)))
    pending = [p for p in overlaps["pairs"] if not p["accepted"]]
    if pending:
        theme_sentences.append(t["lead_overlaps"].format(n=len(pending)))
    as_of = getattr(ctx, "as_of", None) or getattr(ctx.model, "as_of", None)
    date = t["as_of"].format(date=as_of) if as_of else t["as_of_generated"].format(date=generated)
    consequences: dict[str, int] = defaultdict(int)
    for f in fd:
        if f["root"]:
            consequences[str(f["root"])] += 1
    top = [{**f, "consequences": max(consequences.get(f["id"], 0), f["children"])} for f in _top_findings(fd)]
    order = {"red": 0, "amber": 1, "green": 2}
    shown = sorted(lights, key=lambda x: order[x["light"]])[:BOARD_LIGHTS] if len(lights) > BOARD_LIGHTS else lights
    rest = lights[len(shown):] if shown is lights else [x for x in lights if x not in shown]
    more = t["lights_more"].format(n=len(rest), red=sum(x["light"] == "red" for x in rest),
                                   amber=sum(x["light"] == "amber" for x in rest),
                                   green=sum(x["light"] == "green" for x in rest)) if rest else ""
    return {"lead": sentences, "themes": theme_sentences, "date": date, "top": top, "lights": lights,
            "lights_shown": shown, "lights_more": more}


def _prop_value(ctx: Any, name: str, v: Any) -> str:
    if hasattr(v, "get") and hasattr(type(v), "model_fields"):  # a Label
        return str(v.get(ctx.lang) or "")
    v = getattr(v, "value", v)
    if name == "status" and isinstance(v, str):
        return status_name(v, ctx.lang)
    if isinstance(v, float):
        return f"{v:.0%}" if name == "completion" and v <= 1 else f"{v:g}"
    return str(v) if isinstance(v, (str, int)) else ""


def _source_text(src: dict[str, Any]) -> str:
    if "doc" not in src:
        return ""
    out = str(src["title"])
    if src.get("date"):
        out += f" ({src['date']})"
    if src.get("section"):
        out += f" – {src['section']}"
    if src.get("locator"):
        out += f", {src['locator']}"
    return out


def elements_data(ctx: Any, fd: list[dict[str, Any]]) -> dict[str, Any]:
    """Every element for the page's element sections (rendered by the page's script on demand).

    ``{"kinds": [[kind, plural, count]], "e": {id: {k, l, p, o, i, om, im, s, loc, f}}}``: kind, label,
    properties ``[[name, value]]``, links out and in ``[[relation, id]]`` (at most
    :data:`MAX_ELEMENT_LINKS` each; ``om``/``im`` count the rest), source, YAML location, finding ids.
    """
    m, lang = ctx.model, ctx.lang
    out_links: dict[str, list[tuple[str, str]]] = defaultdict(list)
    in_links: dict[str, list[tuple[str, str]]] = defaultdict(list)
    rel_names: dict[str, str] = {}
    n_links = 0
    for e, site in m.links():
        n_links += 1
        v = site.target
        if v != e.id and v in m:
            rel = site.relation
            r = rel_names.get(rel) or rel_names.setdefault(rel, relation_name(rel, lang))
            out_links[e.id].append((r, v))
            in_links[v].append((r, e.id))
    about: dict[str, list[str]] = defaultdict(list)
    for f in fd:
        for s in f["subjects"]:
            about[s["id"]].append(f["id"])
    names = {name: field_name(name, lang) for name in ELEMENT_FIELDS}
    cap = MAX_ELEMENT_LINKS

    def links(pairs: list[tuple[str, str]]) -> list[list[str]]:
        return [list(x) for x in sorted(set(pairs))]

    elements: dict[str, Any] = {}
    kinds = []
    for kind in texts(KIND_PLURALS, lang):
        ents = m.of_kind(kind)
        if not ents:
            continue
        kinds.append([kind, kind_plural(kind, lang), len(ents), kind_name(kind, lang, m)])
        fields = [x for x in ELEMENT_FIELDS if x in type(ents[0]).model_fields]
        for e in ents:
            props = []
            for name in fields:
                v = getattr(e, name)
                text = _prop_value(ctx, name, v) if v is not None else ""
                if text:
                    props.append([names[name], text])
            o, i = links(out_links.get(e.id, [])), links(in_links.get(e.id, []))
            elements[e.id] = {"k": kind, "l": ctx.label(e.id), "p": props, "o": o[:cap], "om": max(0, len(o) - cap),
                              "i": i[:cap], "im": max(0, len(i) - cap), "s": _source_text(_source_of(ctx, e.id)),
                              "loc": m.location(e.id), "f": about.get(e.id, [])}
    return {"kinds": kinds, "e": elements, "links": n_links}


#: texts the page's script needs (element sections, search, pages of long tables)
PAGE_SCRIPT_TEXTS = ("links_out", "links_in", "no_links", "element_findings", "sources", "no_source", "more_links",
                     "detail", "search_none", "search_more", "back")


def elements_json(data: dict[str, Any]) -> str:
    """The element data as JSON safe to embed in a ``<script type="application/json">``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


#: the sections a report shows when the model has their data (``report --leave-out`` drops them)
OPTIONAL_SECTIONS = ("progress", "scenario")


def report_data(ctx: Any, findings: list[Any], model_name: str = "model",
                sections: tuple[str, ...] = OPTIONAL_SECTIONS) -> dict[str, Any]:
    """Everything the page shows, as plain data.

    ``sections``: which of :data:`OPTIONAL_SECTIONS` to include; each is left out (``None``) anyway when
    the model has no data for it (no progress facts; no proposed portfolio decision).
    """
    from strategygraph.analysis.rules.engine import CATEGORIES, SEVERITIES, summarize
    from strategygraph.views.diagrams import sorted_themes
    from strategygraph.views.present import coverage_data

    m, lang = ctx.model, ctx.lang
    counts = [{"kind": k, "name": kind_plural(k, lang), "n": n}
              for k, n in m.counts().items() if n]
    s = summarize(findings)
    matrix = {c: {sv: 0 for sv in SEVERITIES} for c in CATEGORIES}
    open_by_sev = {sv: 0 for sv in SEVERITIES}
    for f in findings:
        matrix[f.category][f.severity] += 1
        if not f.accepted:
            open_by_sev[f.severity] += 1
    coverages = [coverage_data(ctx, k) for k in COVERAGE_KINDS]
    generated = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    fd = findings_data(ctx, findings)
    overlaps = overlap_data(ctx, findings)
    elements = elements_data(ctx, fd)
    return {
        "model_name": model_name,
        "generated": generated,
        "board": board_data(ctx, fd, overlaps, generated, model_name),
        "elements": elements,
        "version": __version__,
        "counts": counts, "links": elements["links"],
        "summary": s, "matrix": matrix, "open_by_sev": open_by_sev,
        "categories": list(CATEGORIES), "severities": list(SEVERITIES),
        "findings": fd,
        "groups": finding_groups(fd),
        "themes": [_entity_ref(ctx, t.id) for t in sorted_themes(m)],
        "coverages": coverages,
        "coverage_html": [coverage_html(ctx, c) for c in coverages],
        "carrying_statuses": [status_name(x, lang) for x in ctx.config.carrying_statuses],
        "overlaps": overlaps,
        "ownership": ownership_data(ctx, findings),
        "roadmap": roadmap_data(ctx, findings),
        "progress": progress_data(ctx) if "progress" in sections else None,
        "scenario": scenario_data(ctx) if "scenario" in sections else None,
    }


# ------------------------------------------------------------------ HTML
def _env() -> Any:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
                             autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["heat"] = heat
    env.globals["kind_name"] = kind_name
    return env


def render_html(data: dict[str, Any], diagrams: list[dict[str, Any]], lang: str = "fi", paper: bool = False) -> str:
    """The report page. ``diagrams``: ``{name, title, file, svg}`` with ``svg`` from :func:`diagrams.svg_for_html`.

    With ``paper`` the page holds only the board paper (what the print stylesheet prints): the board view,
    the strategy house, coverage per theme, the top findings and the overlap review.
    """
    import markupsafe

    t = {**texts(REPORT_UI, lang), **texts(BOARD_UI, lang)}
    page = _env().get_template("report.html.j2").render(
        d=data, t=t, lang=lang, paper=paper,
        cat_names=texts(CATEGORY_NAMES, lang),
        sev_names=texts(SEVERITY_NAMES, lang),
        diagrams=[{**x, "svg": markupsafe.Markup(x["svg"])} for x in diagrams],
        plurals=texts(KIND_PLURALS, lang),
        elements_json=markupsafe.Markup(elements_json(data["elements"])),
        ui_json=markupsafe.Markup(elements_json({k: t[k] for k in PAGE_SCRIPT_TEXTS})),
    )
    return page


# ------------------------------------------------------------------ writing
def check_output_dir(out: Path, model_dir: Path | None = None) -> None:
    """Refuse to replace a directory that is not a strategygraph report (or holds the model)."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ReportError(f"output {out} exists and is not a directory")
    if model_dir is not None:
        try:
            mres, ores = Path(model_dir).resolve(), out.resolve()
            if mres == ores or ores in mres.parents:
                raise ReportError(f"output {out} would replace the model {model_dir}; choose another directory")
        except OSError:
            pass
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise ReportError(f"output {out} exists and is not a strategygraph report (no {MARKER} in it); "
                          "choose a new or empty directory")


def report_steps(ctx: Any, pdf: bool = False) -> int:
    """How many steps :func:`write_report` reports through its ``step`` callback."""
    n = len(ctx.model.of_kind("Theme"))
    return 10 + (n if n <= INLINE_THEME_DIAGRAMS else 0) + (1 if pdf else 0)


def write_report(ctx: Any, findings: list[Any], out: Path, model_name: str = "model",
                 step: Callable[[str], None] = lambda desc: None, model_dir: Path | None = None,
                 pdf: bool = False, sections: tuple[str, ...] = OPTIONAL_SECTIONS) -> Path:
    """Write the report directory ``out`` atomically and return the path of ``index.html``.

    With ``pdf`` the directory also holds ``board.html`` (the board paper alone) and ``board.pdf``
    (it printed to A4 by headless Chromium, :mod:`strategygraph.views.pdf`). ``sections`` are the optional
    sections to include (see :func:`report_data`).

    Raises
    ------
    ReportError
        If ``out`` is not a report directory that may be replaced.
    diagrams.GraphvizNotFound
        If the graphviz binary is missing (nothing is written then).
    pdf.PdfError
        With ``pdf``, if Chromium is missing or fails (nothing is written then).
    """
    from strategygraph.core.files import atomic_directory
    from strategygraph.views import diagrams as dg
    from strategygraph.views.present import findings_json
    from strategygraph.views.workbook import report_workbook

    out = Path(out)
    check_output_dir(out, model_dir)
    lang = ctx.lang
    step("data")
    data = report_data(ctx, findings, model_name, sections)
    step("diagrams")
    views = dg.report_set(ctx, findings, INLINE_THEME_DIAGRAMS)
    with atomic_directory(out) as tmp:
        (tmp / "diagrams").mkdir()
        rendered = []
        for i, d in enumerate(views):
            step(f"{d.name}.svg")
            svg = d.render("svg")
            (tmp / "diagrams" / f"{d.name}.svg").write_bytes(svg)
            inline = d.nodes <= INLINE_MAX_NODES or d.view in ("house", "roadmap")
            rendered.append({"name": d.name, "view": d.view, "title": d.title, "file": f"diagrams/{d.name}.svg",
                             "notes": d.notes, "nodes": d.nodes, "inline": inline,
                             "svg": dg.svg_for_html(svg, f"d{i}") if inline else ""})
        step("findings.json")
        (tmp / "findings.json").write_text(json.dumps(findings_json(findings), ensure_ascii=False, indent=2),
                                           encoding="utf-8")
        step("coverage.xlsx")
        (tmp / "coverage.xlsx").write_bytes(report_workbook(data["coverages"], [f.as_dict() for f in findings],
                                                            data["ownership"]["rows"], lang))
        step("index.html")
        html_text = render_html(data, rendered, lang)
        (tmp / "index.html").write_text(html_text, encoding="utf-8")
        if pdf:
            from strategygraph.views.pdf import html_to_pdf

            step("board.pdf")
            (tmp / "board.html").write_text(render_html(data, rendered, lang, paper=True), encoding="utf-8")
            html_to_pdf(tmp / "board.html", tmp / "board.pdf")
        (tmp / MARKER).write_text(f"strategygraph {__version__} report; this directory is replaced by each run\n",
                                  encoding="utf-8")
    return out / "index.html"


__all__ = ["REPORT_UI", "ReportError", "report_data", "render_html", "write_report", "check_output_dir",
           "report_steps", "themes_of", "KIND_NAMES", "STATUS_NAMES"]
