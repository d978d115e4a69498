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
from pathlib import Path
from typing import Any, Callable, Optional

from strategygraph import __version__
from strategygraph.views.diagrams import KIND_NAMES, STATUS_NAMES, CARRIER_NAMES, kind_name, status_name

#: the file that marks a directory as a strategygraph report (it may be replaced by a new run)
MARKER = ".strategygraph-report"

COVERAGE_KINDS = ("Theme", "SubTheme", "Milestone", "Goal", "Capability", "Action")
HTML_COVERAGE_OPEN = ("Theme", "SubTheme")
#: with more themes than this, the per-theme linkage diagrams are linked from the page, not inlined
INLINE_THEME_DIAGRAMS = 12

REPORT_UI: dict[str, dict[str, str]] = {
    "fi": {
        "lang": "fi",
        "title": "Strategian tilannekuva",
        "generated": "Luotu",
        "model": "Malli",
        "version": "strategygraph",
        "nav_summary": "Yhteenveto", "nav_findings": "Havainnot", "nav_coverage": "Kattavuus",
        "nav_overlaps": "Päällekkäisyydet", "nav_ownership": "Omistajuus", "nav_roadmap": "Tiekartta",
        "nav_diagrams": "Kaaviot",
        "summary": "Yhteenveto",
        "summary_intro": "Mitä strategiassa on ja mitä analyysi siitä löysi.",
        "entities": "Strategian sisältö", "links": "linkkiä",
        "findings_by": "Havainnot luokittain ja vakavuuksittain",
        "total": "Yhteensä", "accepted": "hyväksytty", "accepted_long": "Hyväksytty poikkeama",
        "open_findings": "avointa havaintoa",
        "category": "Luokka", "severity": "Vakavuus", "theme": "Teema", "rule": "Sääntö",
        "subjects": "Koskee", "message": "Havainto",
        "findings": "Havainnot",
        "findings_intro": "Jokainen havainto kertoo, mitä sääntö löysi, miksi sillä on väliä, mihin näyttö perustuu "
                          "ja mistä lähteestä tieto on peräisin. Avaa rivi nähdäksesi selityksen.",
        "all": "Kaikki", "no_theme": "(ei teemaa)", "search": "Hae", "search_ph": "sana tai tunniste",
        "show_accepted": "Näytä hyväksytyt", "reset": "Tyhjennä suodattimet",
        "shown": "näytetään", "of": "/",
        "explanation": "Selitys", "fix": "Näin korjaat", "evidence": "Näyttö", "sources": "Lähteet",
        "no_source": "ei lähdeviittausta", "defined_in": "määritelty",
        "accepted_by": "Hyväksytty {date}: {reason}",
        "no_findings": "Ei havaintoja.",
        "coverage": "Kattavuus: mitkä hankkeet kantavat mitäkin",
        "coverage_intro": "Rivit ovat strategian osia, sarakkeet hankkeita. Solun luku kertoo, monenko linkin kautta "
                          "hanke tavoittaa rivin; mitä tummempi, sitä enemmän. Punaisella merkittyjä rivejä ei kanna "
                          "yksikään kantava hanke. Harmaat sarakkeet ovat hankkeita, jotka eivät tilansa vuoksi kanna "
                          "työtä (kantavat tilat: {statuses}).",
        "carriers": "Kantajia", "other_carriers": "Muut toteuttajat", "no_columns": "Mikään hanke ei tavoita näitä.",
        "rows": "riviä", "uncarried_rows": "ilman kantajaa",
        "trimmed": "Matriisi on liian suuri sivulle: näytetään {shown} riviä, joita mikään kantava hanke ei "
                   "tavoita ({total} riviä yhteensä). Koko matriisi on tiedostossa coverage.xlsx.",
        "heat_legend": "Linkkejä", "carrying_col": "kantava hanke", "noncarrying_col": "ei kanna",
        "overlaps": "PMO:n päällekkäisyyskatselmus",
        "overlaps_intro": "Hankeparit, jotka tekevät samaa työtä (painotettu Jaccard-pistemäärä, raja {min}). "
                          "Suurin päällekkäisyys ensin.",
        "pair": "Hankepari", "score": "Pisteet", "shared": "Yhteinen työ", "no_overlaps": "Ei päällekkäisiä hankepareja.",
        "clusters": "Päällekkäisten hankkeiden ryppäät",
        "ownership": "Omistajuus",
        "ownership_intro": "Kuka omistaa mitäkin sitovista tavoitteista, avaintuloksista ja hankkeista – ja mitä "
                           "kukaan ei omista. Avaintulos perii tavoitteensa omistajan.",
        "owner": "Omistaja", "owns": "Omistaa", "nobody": "Näitä kukaan ei omista",
        "nobody_none": "Kaikilla tavoitteilla, avaintuloksilla ja hankkeilla on omistaja.",
        "inherited": "peritty tavoitteelta", "owner_flags": "Huomiot", "n_items": "kohdetta",
        "roadmap": "Tiekartta",
        "roadmap_intro": "Vaiheet sarakkeina, teemat riveinä. Virstanpylväät on numeroitu soluittain; kunkin alla "
                         "sen kantavat hankkeet. Solun alaosassa sitovat tavoitteet, jotka palvelevat solun "
                         "virstanpylväitä (→ numerot).",
        "carried_by": "Kantajat", "no_carrier": "ei kantavaa hanketta", "goal": "Sitova tavoite",
        "reached_only": "vain ei-kantavat",
        "diagrams": "Kaaviot",
        "diagrams_intro": "Kaaviot ovat myös erillisinä SVG-tiedostoina kansiossa diagrams/ (sopivat esityksiin). "
                          "Vie hiiri kohteen päälle nähdäksesi sen tunnisteen ja havainnot.",
        "full_size": "Täysi koko", "fit": "Sovita", "open_svg": "Avaa SVG",
        "more_diagrams": "Teemakohtaiset kytkeytymiskaaviot (SVG-tiedostoina)",
        "footer": "Tuotettu strategygraph-työkalulla mallista {model}. Luvut ja havainnot lasketaan mallin "
                  "YAML-tiedostoista; jokainen väite on tarkistettavissa lähdeviittauksesta.",
        "none": "–",
        "kinds": "Tyyppi", "toggle_group": "Näytä tai piilota tämän säännön havainnot",
        "no_match": "Mikään havainto ei vastaa suodattimia.", "unowned": "ei omistajaa",
    },
    "en": {
        "lang": "en",
        "title": "Strategy status report",
        "generated": "Generated",
        "model": "Model",
        "version": "strategygraph",
        "nav_summary": "Summary", "nav_findings": "Findings", "nav_coverage": "Coverage",
        "nav_overlaps": "Overlaps", "nav_ownership": "Ownership", "nav_roadmap": "Roadmap",
        "nav_diagrams": "Diagrams",
        "summary": "Summary",
        "summary_intro": "What the strategy contains and what the analysis found in it.",
        "entities": "Contents of the strategy", "links": "links",
        "findings_by": "Findings by category and severity",
        "total": "Total", "accepted": "accepted", "accepted_long": "Accepted finding",
        "open_findings": "open findings",
        "category": "Category", "severity": "Severity", "theme": "Theme", "rule": "Rule",
        "subjects": "Concerns", "message": "Finding",
        "findings": "Findings",
        "findings_intro": "Each finding says what a rule found, why it matters, the evidence and the source the facts "
                          "come from. Open a row to see the explanation.",
        "all": "All", "no_theme": "(no theme)", "search": "Search", "search_ph": "word or id",
        "show_accepted": "Show accepted", "reset": "Clear filters",
        "shown": "showing", "of": "of",
        "explanation": "Explanation", "fix": "How to fix", "evidence": "Evidence", "sources": "Sources",
        "no_source": "no source reference", "defined_in": "defined in",
        "accepted_by": "Accepted {date}: {reason}",
        "no_findings": "No findings.",
        "coverage": "Coverage: which projects carry what",
        "coverage_intro": "Rows are strategy elements, columns projects. A cell counts the links through which the "
                          "project reaches the row; the darker, the more. Rows marked red have no carrying project. "
                          "Grey columns are projects whose status does not carry work (carrying statuses: "
                          "{statuses}).",
        "carriers": "Carriers", "other_carriers": "Other carriers", "no_columns": "No project reaches these.",
        "rows": "rows", "uncarried_rows": "without a carrier",
        "trimmed": "The matrix is too big for the page: showing the {shown} rows no carrying project reaches "
                   "({total} rows in all). The whole matrix is in coverage.xlsx.",
        "heat_legend": "Links", "carrying_col": "carrying project", "noncarrying_col": "not carrying",
        "overlaps": "PMO overlap review",
        "overlaps_intro": "Project pairs doing the same work (weighted Jaccard score, minimum {min}). Largest overlap "
                          "first.",
        "pair": "Project pair", "score": "Score", "shared": "Shared work", "no_overlaps": "No overlapping project pairs.",
        "clusters": "Clusters of overlapping projects",
        "ownership": "Ownership",
        "ownership_intro": "Who owns which binding goals, key results and projects – and what nobody owns. A key "
                           "result inherits its goal's owner.",
        "owner": "Owner", "owns": "Owns", "nobody": "Owned by nobody",
        "nobody_none": "Every goal, key result and project has an owner.",
        "inherited": "inherited from the goal", "owner_flags": "Notes", "n_items": "items",
        "roadmap": "Roadmap",
        "roadmap_intro": "Phases as columns, themes as rows. Milestones are numbered per cell, each with the "
                         "projects that carry it; at the bottom of a cell the binding goals that serve its "
                         "milestones (→ numbers).",
        "carried_by": "Carried by", "no_carrier": "no carrying project", "goal": "Binding goal",
        "reached_only": "only non-carrying",
        "diagrams": "Diagrams",
        "diagrams_intro": "The diagrams are also separate SVG files in the diagrams/ folder (for slides and papers). "
                          "Hover over an element to see its id and findings.",
        "full_size": "Full size", "fit": "Fit", "open_svg": "Open SVG",
        "more_diagrams": "Linkage diagrams per theme (as SVG files)",
        "footer": "Produced by strategygraph from the model {model}. Figures and findings are computed from the "
                  "model's YAML files; every claim can be checked against its source reference.",
        "none": "–",
        "kinds": "Kind", "toggle_group": "Show or hide this rule's findings",
        "no_match": "No finding matches the filters.", "unowned": "no owner",
    },
}

CATEGORY_NAMES = {
    "fi": {"gap": "Aukot", "overlap": "Päällekkäisyydet", "ownership": "Omistajuus", "dependency": "Riippuvuudet",
           "consistency": "Ristiriidat"},
    "en": {"gap": "Gaps", "overlap": "Overlaps", "ownership": "Ownership", "dependency": "Dependencies",
           "consistency": "Consistency"},
}
SEVERITY_NAMES = {
    "fi": {"error": "virhe", "warning": "varoitus", "info": "huomio"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
KIND_PLURALS = {
    "fi": {"Meaning": "Merkitys", "Value": "Arvot", "Theme": "Teemat", "SubTheme": "Alateemat", "Phase": "Vaiheet",
           "Milestone": "Virstanpylväät", "Action": "Toimenpiteet", "Project": "Hankkeet",
           "Capability": "Kyvykkyydet", "KPI": "Mittarit", "Goal": "Sitovat tavoitteet", "KeyResult": "Avaintulokset",
           "Task": "Tehtävät", "Unit": "Yksiköt", "Source": "Lähteet"},
    "en": {"Meaning": "Meaning", "Value": "Values", "Theme": "Themes", "SubTheme": "Sub-themes", "Phase": "Phases",
           "Milestone": "Milestones", "Action": "Actions", "Project": "Projects", "Capability": "Capabilities",
           "KPI": "KPIs", "Goal": "Binding goals", "KeyResult": "Key results", "Task": "Tasks", "Unit": "Units",
           "Source": "Sources"},
}


class ReportError(RuntimeError):
    """The report cannot be written (e.g. the output path is not a report directory)."""


# ------------------------------------------------------------------ data
def themes_of(ctx: Any, eid: str, _seen: Optional[set[str]] = None) -> set[str]:
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


def _entity_ref(ctx: Any, eid: str) -> dict[str, str]:
    kind = ctx.model.kind_of(eid) or ""
    return {"id": eid, "label": ctx.label(eid) if eid in ctx.model else eid, "kind": kind,
            "kind_name": kind_name(kind, ctx.lang) if kind else ""}


def _prose(text: str) -> str:
    """Rule docstring prose for the page: reST literals (``x``) as plain text, lines joined."""
    return " ".join(text.replace("``", "").split())


def findings_data(ctx: Any, findings: list[Any]) -> list[dict[str, Any]]:
    from strategygraph.analysis.rules.engine import get_rule

    out = []
    for i, f in enumerate(findings):
        r = get_rule(f.rule)
        texts = r.texts(ctx.lang) if r else {}
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
            "evidence": [(k.replace("_", " "), _fmt_value(ctx, v)) for k, v in (f.evidence or {}).items()
                         if v not in (None, [], {}, "")],
            "sources": [_source_of(ctx, s) for s in f.subjects if s in ctx.model],
            "accepted": f.accepted,
            "themes": sorted(themes),
        })
    return out


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
            rows.append({"kind": kind, "kind_name": kind_name(kind, lang), "id": e.id, "label": ctx.label(e.id),
                         "owners": owners, "owner_labels": [ctx.label(o) for o in owners], "inherited": inherited,
                         "year": year,
                         "status": status_name(e.status.value, lang) if kind == "Project" else ""})
    flags: dict[str, list[str]] = defaultdict(list)
    for f in findings:
        if f.rule in ("W302", "W303"):
            for s in f.subjects:
                if m.kind_of(s) == "Unit":
                    flags[s].append(f"{f.rule}: {f.message}")
    by_owner: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        for o in r["owners"]:
            by_owner[o][r["kind"]].append(r)
    owners = []
    for o, kinds in by_owner.items():
        unit = m.get(o)
        owners.append({
            "id": o, "label": ctx.label(o),
            "unit_type": unit.unit_type.value if unit is not None and hasattr(unit, "unit_type") else "",
            "counts": {k: len(kinds.get(k, [])) for k in ("Goal", "KeyResult", "Project")},
            "items": [it for k in ("Goal", "KeyResult", "Project") for it in kinds.get(k, [])],
            "total": sum(len(v) for v in kinds.values()),
            "flags": sorted(set(flags.get(o, []))),
        })
    owners.sort(key=lambda x: (-x["total"], x["label"]))
    nobody = [r for r in rows if not r["owners"]]
    return {"rows": rows, "owners": owners, "nobody": nobody}


def coverage_html(ctx: Any, data: dict[str, Any], max_cells: int = 20_000) -> dict[str, Any]:
    """A coverage matrix trimmed for the page: only project columns that reach some row.

    A matrix of more than ``max_cells`` cells shows only the rows no carrying project
    reaches (what a planner must act on) and says so; coverage.xlsx has the whole matrix.
    """
    other_names = CARRIER_NAMES.get(ctx.lang, CARRIER_NAMES["fi"])
    rows = [{**r, "uncarried": not r["carriers"],
             "other": ", ".join(other_names.get(x, x) for x in sorted(set(r["other_carriers"])))}
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
    return {"kind": data["by"], "title": KIND_PLURALS.get(ctx.lang, KIND_PLURALS["fi"]).get(data["by"], data["by"]),
            "cols": cols, "rows": rows, "uncarried": uncarried, "total": total, "trimmed": trimmed,
            "open": data["by"] in HTML_COVERAGE_OPEN and not trimmed}


def heat(n: int) -> int:
    """Heat class 0..4 of a cell count."""
    return 0 if not n else 1 if n == 1 else 2 if n == 2 else 3 if n <= 4 else 4


def overlap_data(ctx: Any, findings: list[Any]) -> dict[str, Any]:
    m = ctx.model
    accepted = {frozenset(f.subjects[:2]): f.accepted for f in findings if f.rule == "O201" and f.accepted}
    pairs = []
    for p in ctx.analysis.overlap_pairs():
        a, b = p["projects"]
        pairs.append({
            "a": _entity_ref(ctx, a), "b": _entity_ref(ctx, b), "score": p["score"],
            "shared": [{"kind": k, "kind_name": KIND_PLURALS.get(ctx.lang, KIND_PLURALS["fi"]).get(k, k),
                        "items": [_entity_ref(ctx, x) for x in v]} for k, v in p["shared_by_kind"].items()],
            "accepted": accepted.get(frozenset((a, b))),
        })
    clusters = [{"message": f.message, "subjects": [_entity_ref(ctx, s) for s in f.subjects if s in m],
                 "accepted": f.accepted} for f in findings if f.rule == "O202"]
    return {"pairs": pairs, "clusters": clusters, "min_score": ctx.config.overlap_min_score}


def roadmap_data(ctx: Any, findings: list[Any]) -> dict[str, Any]:
    from strategygraph.views.diagrams import Overlay, _nat, _phases, _themes, roadmap_cells

    m, an, lang = ctx.model, ctx.analysis, ctx.lang
    o = Overlay.from_findings(findings)
    phases = _phases(m)
    goals_of, cells = roadmap_cells(m)
    rows = []
    for t in _themes(m):
        row = {"theme": _entity_ref(ctx, t.id), "uncarried": t.id in o.uncarried, "cells": []}
        for p in phases:
            items = []
            goals: dict[str, dict[str, Any]] = {}
            for k, ms in enumerate(sorted(cells.get((t.id, p.id), []), key=lambda e: _nat(e.id)), 1):
                carriers = sorted(an.carriers_of(ms.id))
                others = sorted(an.projects_of(ms.id) - set(carriers))
                items.append({
                    **_entity_ref(ctx, ms.id), "n": k, "uncarried": ms.id in o.uncarried,
                    "accepted": ms.id in o.accepted,
                    "carriers": [_entity_ref(ctx, x) for x in carriers],
                    "others": [{**_entity_ref(ctx, x), "status": status_name(an.status.get(x, "?"), lang)}
                               for x in others],
                })
                for g in sorted(goals_of.get(ms.id, []), key=lambda e: _nat(e.id)):
                    entry = goals.setdefault(g.id, {**_entity_ref(ctx, g.id), "year": g.year, "refs": [],
                                                    "unowned": g.id in o.unowned, "uncarried": g.id in o.uncarried,
                                                    "accepted": g.id in o.accepted})
                    entry["refs"].append(k)
            row["cells"].append({"milestones": items,
                                 "goals": sorted(goals.values(), key=lambda g: (g["refs"][0], _nat(g["id"])))})
        rows.append(row)
    return {"phases": [{"id": p.id, "period": p.period_text, "label": ctx.label(p.id)} for p in phases], "rows": rows}


def report_data(ctx: Any, findings: list[Any], model_name: str = "model") -> dict[str, Any]:
    """Everything the page shows, as plain data."""
    from strategygraph.views.present import coverage_data
    from strategygraph.views.diagrams import _themes
    from strategygraph.analysis.rules.engine import CATEGORIES, SEVERITIES, summarize

    m, lang = ctx.model, ctx.lang
    counts = [{"kind": k, "name": KIND_PLURALS.get(lang, KIND_PLURALS["fi"]).get(k, k), "n": n}
              for k, n in m.counts().items() if n]
    s = summarize(findings)
    matrix = {c: {sv: 0 for sv in SEVERITIES} for c in CATEGORIES}
    open_by_sev = {sv: 0 for sv in SEVERITIES}
    for f in findings:
        matrix[f.category][f.severity] += 1
        if not f.accepted:
            open_by_sev[f.severity] += 1
    coverages = [coverage_data(ctx, k) for k in COVERAGE_KINDS]
    return {
        "model_name": model_name,
        "generated": _dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "version": __version__,
        "counts": counts, "links": m.link_count(),
        "summary": s, "matrix": matrix, "open_by_sev": open_by_sev,
        "categories": list(CATEGORIES), "severities": list(SEVERITIES),
        "findings": (fd := findings_data(ctx, findings)),
        "groups": finding_groups(fd),
        "themes": [_entity_ref(ctx, t.id) for t in _themes(m)],
        "coverages": coverages,
        "coverage_html": [coverage_html(ctx, c) for c in coverages],
        "carrying_statuses": [status_name(x, lang) for x in ctx.config.carrying_statuses],
        "overlaps": overlap_data(ctx, findings),
        "ownership": ownership_data(ctx, findings),
        "roadmap": roadmap_data(ctx, findings),
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


def render_html(data: dict[str, Any], diagrams: list[dict[str, Any]], lang: str = "fi") -> str:
    """The report page. ``diagrams``: ``{name, title, file, svg}`` with ``svg`` from :func:`diagrams.svg_for_html`."""
    import markupsafe

    t = REPORT_UI.get(lang, REPORT_UI["fi"])
    page = _env().get_template("report.html.j2").render(
        d=data, t=t, lang=lang,
        cat_names=CATEGORY_NAMES.get(lang, CATEGORY_NAMES["fi"]),
        sev_names=SEVERITY_NAMES.get(lang, SEVERITY_NAMES["fi"]),
        diagrams=[{**x, "svg": markupsafe.Markup(x["svg"])} for x in diagrams],
        plurals=KIND_PLURALS.get(lang, KIND_PLURALS["fi"]),
    )
    return page


# ------------------------------------------------------------------ writing
def check_output_dir(out: Path, model_dir: Optional[Path] = None) -> None:
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


def report_steps(ctx: Any) -> int:
    """How many steps :func:`write_report` reports through its ``step`` callback."""
    return 10 + len(ctx.model.of_kind("Theme"))


def write_report(ctx: Any, findings: list[Any], out: Path, model_name: str = "model",
                 step: Callable[[str], None] = lambda desc: None, model_dir: Optional[Path] = None) -> Path:
    """Write the report directory ``out`` atomically and return the path of ``index.html``.

    Raises
    ------
    ReportError
        If ``out`` is not a report directory that may be replaced.
    diagrams.GraphvizNotFound
        If the graphviz binary is missing (nothing is written then).
    """
    from strategygraph.views import diagrams as dg
    from strategygraph.views.present import findings_json
    from strategygraph.core.files import atomic_directory
    from strategygraph.views.workbook import report_workbook

    out = Path(out)
    check_output_dir(out, model_dir)
    lang = ctx.lang
    step("data")
    data = report_data(ctx, findings, model_name)
    step("diagrams")
    views = dg.report_set(ctx, findings)
    n_themes = len(ctx.model.of_kind("Theme"))
    with atomic_directory(out) as tmp:
        (tmp / "diagrams").mkdir()
        rendered = []
        for i, d in enumerate(views):
            step(f"{d.name}.svg")
            svg = d.render("svg")
            (tmp / "diagrams" / f"{d.name}.svg").write_bytes(svg)
            per_theme = d.view == "linkage" and d.name != "linkage"
            inline = not per_theme or n_themes <= INLINE_THEME_DIAGRAMS
            rendered.append({"name": d.name, "view": d.view, "title": d.title, "file": f"diagrams/{d.name}.svg",
                             "inline": inline, "svg": dg.svg_for_html(svg, f"d{i}") if inline else ""})
        step("findings.json")
        (tmp / "findings.json").write_text(json.dumps(findings_json(findings), ensure_ascii=False, indent=2),
                                           encoding="utf-8")
        step("coverage.xlsx")
        (tmp / "coverage.xlsx").write_bytes(report_workbook(data["coverages"], [f.as_dict() for f in findings],
                                                            data["ownership"]["rows"]))
        step("index.html")
        html_text = render_html(data, rendered, lang)
        (tmp / "index.html").write_text(html_text, encoding="utf-8")
        (tmp / MARKER).write_text(f"strategygraph {__version__} report; this directory is replaced by each run\n",
                                  encoding="utf-8")
    return out / "index.html"


__all__ = ["REPORT_UI", "ReportError", "report_data", "render_html", "write_report", "check_output_dir",
           "report_steps", "themes_of", "KIND_NAMES", "STATUS_NAMES"]
