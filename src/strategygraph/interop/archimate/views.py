"""ArchiMate views of an export: a strategy house and one linkage view per theme, laid out by graphviz."""

from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict

from strategygraph.core.model import Model
from strategygraph.interop.archimate.mapping import ArchimateError, Rel, element_id, esc, hid

#: views are laid out by graphviz; a linkage view shows at most this many elements (nearest first)
MAX_VIEW_NODES = 60
NODE_W, NODE_H = 140, 60


def _view_sets(model: Model, etypes: dict[str, str], rels: list[Rel]) -> list[tuple[str, str, list[str]]]:
    """(view id, view name, element ids): the strategy house and one linkage view per theme."""
    house_kinds = ("Meaning", "Value", "Theme", "SubTheme")
    house = [e.id for k in house_kinds for e in model.of_kind(k) if e.id in etypes][:MAX_VIEW_NODES * 2]
    out = [("view-strategy-house", "Strategy house", house)]
    adj: dict[str, list[str]] = defaultdict(list)
    for r in rels:
        adj[r.source].append(r.target)
        adj[r.target].append(r.source)
    hubs = {"Theme", "Unit", "Source", "Phase", "Meaning", "Value", "KPI"}
    for theme in model.of_kind("Theme"):
        if theme.id not in etypes:
            continue
        seen = [theme.id]
        frontier = [theme.id]
        depth = 0
        members = set(seen)
        while frontier and depth < 3 and len(seen) < MAX_VIEW_NODES:
            nxt: list[str] = []
            for n in frontier:
                for m in sorted(adj[n]):
                    if m in members:
                        continue
                    members.add(m)
                    seen.append(m)
                    if model.kind_of(m) not in hubs:
                        nxt.append(m)
                    if len(seen) >= MAX_VIEW_NODES:
                        break
                if len(seen) >= MAX_VIEW_NODES:
                    break
            frontier = nxt
            depth += 1
        out.append((hid("view-", theme.id), f"Linkage: {theme.label.get('en')}", seen))
    return out


def _dot_quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def layout(graphs: list[tuple[list[str], list[tuple[str, str]], list[list[str]]]]) -> list[dict[str, tuple[int, int, int, int]]]:
    """Graphviz ``dot`` positions for several graphs in one call: node → (x, y, w, h) in pixels.

    Each graph is (nodes, edges, rank groups); nodes are boxes of the ArchiMate default size.
    """
    if not graphs:
        return []
    dot = shutil.which("dot")
    if dot is None:
        raise ArchimateError("graphviz 'dot' is not installed (the ArchiMate views are laid out with it); "
                             "install graphviz, e.g. apt-get install graphviz")
    parts: list[str] = []
    for gi, (nodes, edges, ranks) in enumerate(graphs):
        idx = {n: i for i, n in enumerate(nodes)}
        lines = [f"digraph g{gi} {{", "rankdir=TB; nodesep=0.3; ranksep=0.6; mclimit=0.5; nslimit=5; nslimit1=5;",
                 f'node [shape=box, fixedsize=true, width={NODE_W / 72:.4f}, height={NODE_H / 72:.4f}, label=""];']
        lines += [f"n{i};" for i in range(len(nodes))]
        lines += [f"n{idx[a]} -> n{idx[b]};" for a, b in edges if a in idx and b in idx]
        for group in ranks:
            members = " ".join(f"n{idx[m]};" for m in group if m in idx)
            if members:
                lines.append(f"{{ rank=same; {members} }}")
        lines.append("}")
        parts.append("\n".join(lines))
    try:
        proc = subprocess.run([dot, "-Tplain"], input="\n".join(parts), capture_output=True, text=True,
                              timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ArchimateError(f"graphviz 'dot' failed: {exc}") from None
    if proc.returncode != 0:
        raise ArchimateError(f"graphviz 'dot' failed: {proc.stderr.strip()[:300]}")
    results: list[dict[str, tuple[int, int, int, int]]] = []
    height = 0.0
    current: dict[str, tuple[int, int, int, int]] = {}
    gi = -1
    for line in proc.stdout.splitlines():
        f = line.split()
        if not f:
            continue
        if f[0] == "graph":
            gi += 1
            current = {}
            results.append(current)
            height = float(f[3])
        elif f[0] == "node":
            nodes = graphs[gi][0]
            i = int(f[1][1:])
            x, y, w, h = (float(v) for v in f[2:6])
            current[nodes[i]] = (int(round((x - w / 2) * 72)) + 20, int(round((height - y - h / 2) * 72)) + 20,
                                 int(round(w * 72)), int(round(h * 72)))
    if len(results) != len(graphs):
        raise ArchimateError("graphviz 'dot' returned an unexpected layout")
    return results


def write_views(out: list[str], model: Model, etypes: dict[str, str], rels: list[Rel]) -> int:
    """Write ``<views>`` (node positions from graphviz); the number of views."""
    sets = _view_sets(model, etypes, rels)
    by_source: dict[str, list[Rel]] = defaultdict(list)
    for r in rels:
        by_source[r.source].append(r)
    graphs = []
    view_rels: list[list[Rel]] = []
    for _vid, _name, members in sets:
        mset = set(members)
        vr = [r for m in members for r in by_source.get(m, ()) if r.target in mset]
        view_rels.append(vr)
        by_kind: dict[str, list[str]] = defaultdict(list)
        for m in members:
            by_kind[model.kind_of(m) or ""].append(m)
        ranks = [v for k, v in by_kind.items() if k in ("Meaning", "Value", "Theme") and len(v) > 1]
        graphs.append((members, [(r.source, r.target) for r in vr], ranks))
    positions = layout(graphs)
    out.append("  <views>\n    <diagrams>\n")
    for (vid, name, members), pos, vr in zip(sets, positions, view_rels, strict=True):
        out.append(f'      <view identifier="{vid}" xsi:type="Diagram">\n'
                   f'        <name xml:lang="en">{esc(name)}</name>\n')
        for m in members:
            x, y, wd, ht = pos[m]
            eid = element_id(m)
            out.append(f'        <node identifier="{vid}.{eid}" elementRef="{eid}" xsi:type="Element" '
                       f'x="{max(x, 0)}" y="{max(y, 0)}" w="{wd}" h="{ht}"/>\n')
        for r in vr:
            out.append(f'        <connection identifier="{vid}.{r.ident}" relationshipRef="{r.ident}" '
                       f'xsi:type="Relationship" source="{vid}.{element_id(r.source)}" '
                       f'target="{vid}.{element_id(r.target)}"/>\n')
        out.append("      </view>\n")
    out.append("    </diagrams>\n  </views>\n")
    return len(sets)
