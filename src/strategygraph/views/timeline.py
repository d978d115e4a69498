"""Text, Markdown and HTML views of the time-related results: version diff, scenario, progress.

Plain functions of the JSON-ready dicts that :mod:`strategygraph.analysis.diff`,
:mod:`strategygraph.analysis.scenario` and :mod:`strategygraph.analysis.progress` return.
"""

from __future__ import annotations

import html
import json
from typing import Any

_MAX = 70


def _short(v: Any, width: int = _MAX) -> str:
    """A field value on one line, shortened to ``width`` characters."""
    if v is None:
        return "(none)"
    t = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, sort_keys=True)
    t = " ".join(t.split())
    return t if len(t) <= width else t[: width - 1] + "…"


def leaf_changes(old: Any, new: Any, path: str) -> list[tuple[str, Any, Any]]:
    """The innermost differing parts of two JSON values, as ``(path, old, new)``.

    ``variants[0].note`` rather than the whole list, so a reader sees what changed.
    """
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[tuple[str, Any, Any]] = []
        for k in list(old) + [k for k in new if k not in old]:
            if old.get(k) != new.get(k):
                out += leaf_changes(old.get(k), new.get(k), f"{path}.{k}")
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        out = []
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                out += leaf_changes(a, b, f"{path}[{i}]")
        return out
    return [(path, old, new)]


def _field_rows(fields: list[dict[str, Any]]) -> list[tuple[str, Any, Any]]:
    return [x for c in fields for x in leaf_changes(c["old"], c["new"], c["field"])]


def _fields(fields: list[dict[str, Any]]) -> list[str]:
    return [f"{p}: {_short(a)} → {_short(b)}" for p, a, b in _field_rows(fields)]


# ------------------------------------------------------------------ diff
def diff_summary_line(d: dict[str, Any]) -> str:
    s = d["summary"]
    parts = [f"{s['entities_added']} added", f"{s['entities_removed']} removed",
             f"{s['entities_renamed']} renamed", f"{s['entities_changed']} changed",
             f"links +{s['links_added']} -{s['links_removed']}"]
    if d.get("findings") is not None:
        parts.append(f"findings +{s['findings_introduced']} -{s['findings_resolved']} "
                     f"={s['findings_unchanged']}")
    return ", ".join(parts)


def diff_text(d: dict[str, Any]) -> str:
    """The diff for a terminal: one line per change, ``+`` added, ``-`` removed, ``~`` changed, ``>`` renamed."""
    lines = [f"diff {d.get('old_name', 'OLD')} → {d.get('new_name', 'NEW')}: {diff_summary_line(d)}"]
    ents = d["entities"]
    for e in ents["added"]:
        lines.append(f"+ {e['kind']} {e['id']}: {e['label']}")
    for e in ents["removed"]:
        lines.append(f"- {e['kind']} {e['id']}: {e['label']}")
    for r in ents["renamed"]:
        if r["how"] == "id":
            lines.append(f"> {r['kind']} {r['old_id']} → {r['new_id']} (label similarity {r['similarity']:.2f}): "
                         f"{r['old_label']}" + (f" → {r['new_label']}" if r["new_label"] != r["old_label"] else ""))
        else:
            lines.append(f"> {r['kind']} {r['new_id']}: {r['old_label']} → {r['new_label']}")
        lines += ["    " + x for x in _fields(r["fields"])]
    for c in ents["changed"]:
        lines.append(f"~ {c['kind']} {c['id']}: {c['label']}")
        lines += ["    " + x for x in _fields(c["fields"])]
    for link in d["links"]["added"]:
        lines.append(f"+ link {link['source']} --{link['relation']}--> {link['target']}")
    for link in d["links"]["removed"]:
        lines.append(f"- link {link['source']} --{link['relation']}--> {link['target']}")
    f = d.get("findings")
    if f is not None:
        for x in f["introduced"]:
            lines.append(f"+ finding {x['rule']} {x['severity']} {', '.join(x['subjects'])}: {x['message']}")
        for x in f["resolved"]:
            lines.append(f"- finding {x['rule']} {x['severity']} {', '.join(x['subjects'])}: {x['message']}")
    return "\n".join(lines) + "\n"


def _md(t: Any) -> str:
    return str(t).replace("|", "\\|").replace("\n", " ")


def diff_markdown(d: dict[str, Any]) -> str:
    """The diff as a pull-request comment: a summary table, then one section per kind of change."""
    s = d["summary"]
    out = [f"### Strategy diff: `{d.get('old_name', 'OLD')}` → `{d.get('new_name', 'NEW')}`", "",
           "| entities added | removed | renamed | changed | links added | links removed |"
           + (" findings introduced | resolved | unchanged |" if d.get("findings") is not None else ""),
           "|---|---|---|---|---|---|" + ("---|---|---|" if d.get("findings") is not None else ""),
           f"| {s['entities_added']} | {s['entities_removed']} | {s['entities_renamed']} | {s['entities_changed']} "
           f"| {s['links_added']} | {s['links_removed']} |"
           + (f" {s['findings_introduced']} | {s['findings_resolved']} | {s['findings_unchanged']} |"
              if d.get("findings") is not None else "")]
    ents = d["entities"]
    if ents["added"] or ents["removed"]:
        out += ["", "#### Entities added and removed", "", "| | kind | id | label |", "|---|---|---|---|"]
        out += [f"| + | {e['kind']} | `{e['id']}` | {_md(e['label'])} |" for e in ents["added"]]
        out += [f"| − | {e['kind']} | `{e['id']}` | {_md(e['label'])} |" for e in ents["removed"]]
    if ents["renamed"]:
        out += ["", "#### Renamed", "", "| kind | old | new | similarity |", "|---|---|---|---|"]
        out += [f"| {r['kind']} | `{r['old_id']}` {_md(r['old_label'])} | `{r['new_id']}` {_md(r['new_label'])} "
                f"| {r['similarity']:.2f} |" for r in ents["renamed"]]
    changed = ents["changed"] + [r for r in ents["renamed"] if r["fields"]]
    if changed:
        out += ["", "#### Fields changed", "", "| id | field | old | new |", "|---|---|---|---|"]
        for c in changed:
            for p, a, b in _field_rows(c["fields"]):
                out.append(f"| `{c.get('id') or c['new_id']}` | {p} | {_md(_short(a))} | {_md(_short(b))} |")
    links = d["links"]
    if links["added"] or links["removed"]:
        out += ["", "#### Links", "", "| | source | relation | target |", "|---|---|---|---|"]
        out += [f"| + | `{x['source']}` | {x['relation']} | `{x['target']}` |" for x in links["added"]]
        out += [f"| − | `{x['source']}` | {x['relation']} | `{x['target']}` |" for x in links["removed"]]
    f = d.get("findings")
    if f is not None and (f["introduced"] or f["resolved"]):
        out += ["", "#### Findings", "", "| | rule | severity | subjects | message |", "|---|---|---|---|---|"]
        out += [f"| introduced | {x['rule']} | {x['severity']} | {_md(', '.join(x['subjects']))} | {_md(x['message'])} |"
                for x in f["introduced"]]
        out += [f"| resolved | {x['rule']} | {x['severity']} | {_md(', '.join(x['subjects']))} | {_md(x['message'])} |"
                for x in f["resolved"]]
    if not any(v for k, v in s.items() if k != "findings_unchanged"):
        out += ["", "No semantic differences."]
    return "\n".join(out) + "\n"


_CSS = """
body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:70rem;padding:0 1rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ddd;padding:.3rem .5rem;
text-align:left;vertical-align:top;overflow-wrap:break-word}th{background:#f3f3f3}code{font-size:.85rem}
.tw{overflow-x:auto}
.add{background:#e6f4ea}.del{background:#fce8e6}.chg{background:#fef7e0}
.cards{display:flex;flex-wrap:wrap;gap:.6rem}.card{border:1px solid #ccc;border-radius:6px;padding:.5rem .8rem}
.card b{font-size:1.3rem;display:block}
@media (max-width:600px){body{margin:.8rem auto;padding:0 .5rem}table{font-size:.78rem}th,td{padding:.2rem .3rem}
.card{padding:.3rem .5rem}.card b{font-size:1.1rem}}
@media print{body{max-width:none}}
"""


def diff_html(d: dict[str, Any]) -> str:
    """A self-contained HTML page of the diff (no external resources)."""
    e = html.escape
    s = d["summary"]
    title = f"Strategy diff: {d.get('old_name', 'OLD')} → {d.get('new_name', 'NEW')}"
    cards = [("added", s["entities_added"]), ("removed", s["entities_removed"]), ("renamed", s["entities_renamed"]),
             ("changed", s["entities_changed"]), ("links added", s["links_added"]),
             ("links removed", s["links_removed"])]
    if d.get("findings") is not None:
        cards += [("findings introduced", s["findings_introduced"]), ("findings resolved", s["findings_resolved"]),
                  ("findings unchanged", s["findings_unchanged"])]
    body = [f"<h1>{e(title)}</h1>", '<div class="cards">'
            + "".join(f'<div class="card"><b>{v}</b>{e(k)}</div>' for k, v in cards) + "</div>"]

    def table(head: list[str], rows: list[tuple[str, list[str]]]) -> str:
        h = "".join(f"<th>{e(x)}</th>" for x in head)
        r = "".join(f'<tr class="{cls}">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>" for cls, cells in rows)
        return f'<div class="tw"><table><thead><tr>{h}</tr></thead><tbody>{r}</tbody></table></div>'

    ents = d["entities"]
    rows = [("add", ["+", e(x["kind"]), f"<code>{e(x['id'])}</code>", e(x["label"])]) for x in ents["added"]]
    rows += [("del", ["−", e(x["kind"]), f"<code>{e(x['id'])}</code>", e(x["label"])]) for x in ents["removed"]]
    if rows:
        body += ['<h2 id="entities">Entities added and removed</h2>', table(["", "kind", "id", "label"], rows)]
    if ents["renamed"]:
        body += ['<h2 id="renamed">Renamed</h2>', table(["kind", "old", "new", "similarity"], [
            ("chg", [e(r["kind"]), f"<code>{e(r['old_id'])}</code> {e(r['old_label'])}",
                     f"<code>{e(r['new_id'])}</code> {e(r['new_label'])}", f"{r['similarity']:.2f}"])
            for r in ents["renamed"]])]
    changed = ents["changed"] + [r for r in ents["renamed"] if r["fields"]]
    if changed:
        rows = [("chg", [f"<code>{e(c.get('id') or c['new_id'])}</code>", e(p), e(_short(a, 300)), e(_short(b, 300))])
                for c in changed for p, a, b in _field_rows(c["fields"])]
        body += ['<h2 id="fields">Fields changed</h2>', table(["id", "field", "old", "new"], rows)]
    links = d["links"]
    if links["added"] or links["removed"]:
        rows = [("add", ["+", f"<code>{e(x['source'])}</code>", e(x["relation"]), f"<code>{e(x['target'])}</code>"])
                for x in links["added"]]
        rows += [("del", ["−", f"<code>{e(x['source'])}</code>", e(x["relation"]), f"<code>{e(x['target'])}</code>"])
                 for x in links["removed"]]
        body += ['<h2 id="links">Links</h2>', table(["", "source", "relation", "target"], rows)]
    f = d.get("findings")
    if f is not None and (f["introduced"] or f["resolved"]):
        rows = [("add", ["introduced", e(x["rule"]), e(x["severity"]), e(", ".join(x["subjects"])), e(x["message"])])
                for x in f["introduced"]]
        rows += [("del", ["resolved", e(x["rule"]), e(x["severity"]), e(", ".join(x["subjects"])), e(x["message"])])
                 for x in f["resolved"]]
        body += ['<h2 id="findings">Findings</h2>', table(["", "rule", "severity", "subjects", "message"], rows)]
    if not any(v for k, v in s.items() if k != "findings_unchanged"):
        body.append("<p>No semantic differences.</p>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{e(title)}</title><style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


# ------------------------------------------------------------------ scenario
def _carriers(ids: list[str]) -> str:
    return ", ".join(ids) if ids else "(none)"


def scenario_text(d: dict[str, Any]) -> str:
    """A scenario for a terminal: decisions, coverage counts, what loses its last carrier, findings, load."""
    s = d["summary"]
    lines = [f"scenario on {d.get('title') or d.get('model', 'model')}: {len(d['decisions'])} decision(s)"]
    lines += [f"  {x['text']}" + (f"   [{x['origin']}]" if x.get("origin") else "") for x in d["decisions"]]
    lines += ["", "coverage (elements with a carrying project, before → after):"]
    for kind, c in s["coverage"].items():
        lines.append(f"  {kind:<11} {c['carried_before']:>4} → {c['carried_after']:<4} of {c['elements']}")
    changed = [r for kind in ("Theme", "SubTheme", "Milestone") for r in d["coverage"].get(kind, [])
               if r["before"] != r["after"]]
    if changed:
        lines += ["", "carriers changed (themes, sub-themes, milestones):"]
        lines += [f"  {r['kind']} {r['id']}: {_carriers(r['before'])} → {_carriers(r['after'])}" for r in changed]
    lines += ["", f"losing their last carrier: {s['lost_last_carrier']}"]
    for r in d["lost_last_carrier"]:
        other = f" (still: {', '.join(r['other_carriers'])})" if r.get("other_carriers") else ""
        lines.append(f"  {r['kind']} {r['id']}: {r['label']} – was {_carriers(r['before'])}{other}")
    if d["gained_a_carrier"]:
        lines += ["", f"gaining a carrier: {s['gained_a_carrier']}"]
        lines += [f"  {r['kind']} {r['id']}: {r['label']} – now {_carriers(r['after'])}" for r in d["gained_a_carrier"]]
    if d["load_grows"]:
        lines += ["", "projects whose load grows (work items they do themselves):"]
        lines += [f"  {r['project']}: {r['before']} → {r['after']}" for r in d["load_grows"]]
    f = d.get("findings")
    if f is not None:
        lines += ["", f"findings: {len(f['introduced'])} introduced, {len(f['resolved'])} resolved, "
                      f"{f['unchanged']} unchanged"]
        lines += [f"  + {x['rule']} {x['severity']}: {x['message']}" for x in f["introduced"]]
        lines += [f"  - {x['rule']} {x['severity']}: {x['message']}" for x in f["resolved"]]
    lines += ["", "The model was not changed."]
    return "\n".join(lines) + "\n"


def scenario_markdown(d: dict[str, Any]) -> str:
    """A scenario as Markdown (for a board paper or a pull-request comment)."""
    s = d["summary"]
    out = ["### If the decisions are carried out", "", "Decisions:", ""]
    out += [f"- {_md(x['text'])}" + (f" ({_md(x['origin'])})" if x.get("origin") else "") for x in d["decisions"]]
    out += ["", "| elements | carried before | carried after | of |", "|---|---|---|---|"]
    out += [f"| {k} | {c['carried_before']} | {c['carried_after']} | {c['elements']} |" for k, c in s["coverage"].items()]
    changed = [r for kind in ("Theme", "SubTheme", "Milestone") for r in d["coverage"].get(kind, [])
               if r["before"] != r["after"]]
    if changed:
        out += ["", "#### Carriers changed", "", "| kind | id | label | before | after |", "|---|---|---|---|---|"]
        out += [f"| {r['kind']} | `{r['id']}` | {_md(r['label'])} | {_md(_carriers(r['before']))} "
                f"| {_md(_carriers(r['after']))} |" for r in changed]
    out += ["", f"#### Losing their last carrier ({s['lost_last_carrier']})", ""]
    if d["lost_last_carrier"]:
        out += ["| kind | id | label | carried before by |", "|---|---|---|---|"]
        out += [f"| {r['kind']} | `{r['id']}` | {_md(r['label'])} | {_md(_carriers(r['before']))} |"
                for r in d["lost_last_carrier"]]
    else:
        out.append("Nothing loses its last carrier.")
    if d["load_grows"]:
        out += ["", "#### Projects whose load grows", "", "| project | before | after |", "|---|---|---|"]
        out += [f"| `{r['project']}` {_md(r['label'])} | {r['before']} | {r['after']} |" for r in d["load_grows"]]
    f = d.get("findings")
    if f is not None and (f["introduced"] or f["resolved"]):
        out += ["", "#### Findings", "", "| | rule | severity | message |", "|---|---|---|---|"]
        out += [f"| introduced | {x['rule']} | {x['severity']} | {_md(x['message'])} |" for x in f["introduced"]]
        out += [f"| resolved | {x['rule']} | {x['severity']} | {_md(x['message'])} |" for x in f["resolved"]]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ progress
_PROGRESS_COLUMNS = ("kind", "id", "label", "percent", "colour", "reported", "as_of", "stale", "rests_on",
                     "unknown", "notes")


def _pct(v: float | None) -> str:
    return "?" if v is None else f"{v:.0f} %"


def _progress_cells(f: dict[str, Any]) -> list[str]:
    rests = ", ".join(f"{x['id']} {_pct(x.get('percent', x.get('value')))}" if "percent" in x else
                      f"{x['what']} {x['value']}" for x in f["rests_on"])
    return [f["kind"], f["id"], f["label"], "" if f["percent"] is None else f"{f['percent']:.1f}",
            f["colour"] or "", f["reported"] or "", f["as_of"] or "", "yes" if f["stale"] else "",
            rests, ", ".join(f["unknown"]), "; ".join(f["notes"])]


def progress_table(d: dict[str, Any], width: int = 48) -> str:
    """Progress as a plain-text table: one line per element, then what it rests on and what is unknown."""
    lines = [f"progress{' of the ' + str(d['year']) + ' goals' if d.get('year') else ''}"
             f"{' as of ' + d['as_of'] if d['as_of'] else ''} ({d['rule_text']})", ""]
    lines.append(f"{'element':<{width}} {'progress':>8}  {'colour':<7} {'reported':<9} {'as of':<10}  basis")
    for f in d["figures"]:
        label = f"{f['id']} {f['label']}"
        label = label if len(label) <= width else label[: width - 1] + "…"
        n_known, n_unknown = len(f["rests_on"]), len(f["unknown"])
        basis = (f"{n_known} of {n_known + n_unknown}" if f["kind"] not in ("Task", "KeyResult") else
                 (f["rests_on"][0]["what"] if f["rests_on"] else "unknown"))
        if f["kind"] in ("Task", "KeyResult") and f["rests_on"] == [] and f["notes"]:
            basis = f["notes"][0]
        lines.append(f"{label:<{width}} {_pct(f['percent']):>8}  {(f['colour'] or '-'):<7} "
                     f"{(f['reported'] or '-'):<9} {(f['as_of'] or '-'):<10}  {basis}"
                     + (" (stale)" if f["stale"] else ""))
        if f["kind"] not in ("Task", "KeyResult"):
            lines += [f"    {n}" for n in f["notes"] if not n.startswith("newest status")]
        else:
            lines += [f"    {n}" for n in f["notes"][1:]]
    if d.get("phases"):
        lines += ["", "roadmap phases" + (f" at {d['as_of']}" if d["as_of"] else " today") + ":"]
        for ph in d["phases"]:
            lines.append(f"  {ph['id']} {ph['label']} ({ph['period'] or '-'}): {ph['state'] or 'undated'}, "
                         f"milestones {_pct(ph['percent'])} ({ph['with_progress']} of {ph['milestones']} with a figure), "
                         f"{len(ph['uncarried_milestones'])} without a carrying project; carriers: "
                         f"{', '.join(ph['carriers']) or '(none)'}")
    lines.append("")
    for kind, s in d["summary"].items():
        lines.append(f"{kind}: {s['known']} of {s['elements']} with a figure (green {s['green']}, "
                     f"yellow {s['yellow']}, red {s['red']})")
    lines += _reported_sets_lines(d.get("reported_sets") or [])
    return "\n".join(lines) + "\n"


def _reported_sets_lines(sets: list[dict[str, Any]]) -> list[str]:
    """The sources' own counts for sets of goals, key results or tasks, each beside what the model holds."""
    if not sets:
        return []
    lines = ["", "reported for whole sets (the sources' own counts) vs the model:"]
    for r in sets:
        where = " ".join(str(x) for x in (r["level"], r["year"]) if x is not None)
        head = f"  {r['items']}{' (' + where + ')' if where else ''}"
        head += f" as of {r['date']}" + (f", {r['source']}" if r.get("source") else "")
        lines.append(head + (f": {r['scope']}" if r.get("scope") else ""))
        lines.append(f"    reported: {'total ' + str(r['total']) if r['total'] is not None else 'total not stated'}")
        for c in r["counts"]:
            figure = "; ".join(x for x in ((f"{c['count']}" if c["count"] is not None else ""),
                                           (f"{c['share']:g} %" if c["share"] is not None else "")) if x)
            lines.append(f"      {c['value']} – {c['status']}" + (f" [{c['colour']}]" if c["colour"] else "")
                         + (f" ({figure})" if figure else ""))
        m = r["in_model"]
        lines.append(f"    in the model: {m['items']} {r['items']}, {m['with_figure']} with a figure (green {m['green']}, "
                     f"yellow {m['yellow']}, red {m['red']}), {m['with_reported_status']} with a reported status")
    return lines


def progress_csv(d: dict[str, Any]) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(_PROGRESS_COLUMNS)
    for f in d["figures"]:
        w.writerow(_progress_cells(f))
    return buf.getvalue()


def progress_xlsx(d: dict[str, Any]) -> bytes:
    """Progress as a workbook: one sheet of figures (coloured cells) and one of the colour rule."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    fills = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}
    wb = Workbook()
    ws = wb.active
    ws.title = "progress"
    ws.append(list(_PROGRESS_COLUMNS))
    for c in ws[1]:
        c.font = Font(bold=True)
    for f in d["figures"]:
        cells: list[Any] = _progress_cells(f)
        cells[3] = f["percent"]
        ws.append(cells)
        if f["colour"]:
            ws.cell(ws.max_row, 5).fill = PatternFill("solid", fgColor=fills[f["colour"]])
    for col, w in zip("ABCDEFGHIJK", (10, 28, 60, 9, 8, 9, 11, 6, 50, 40, 50), strict=True):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = "A2"
    rule = wb.create_sheet("rule")
    rule.append(["as of", d["as_of"] or ""])
    rule.append(["green above %", d["rule"]["green_above"]])
    rule.append(["yellow above %", d["rule"]["yellow_above"]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
