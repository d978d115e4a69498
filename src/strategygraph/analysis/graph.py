"""The networkx view of a model: a typed ``MultiDiGraph`` for graph algorithms.

Nodes are entity ids with attributes ``kind``, ``label`` (Finnish, falling
back to English) and ``label_en``. Every reference between entities is an
edge from the entity that states it to the one it names, with attribute
``relation`` (the ontology property's local name, e.g. ``implementedBy``,
``belongsToTheme``, ``dependsOn``) and ``field`` (the YAML field).

Examples
--------
>>> from strategygraph.core.model import Model
>>> from strategygraph.core.schema import Theme, SubTheme
>>> m = Model()
>>> m.add(Theme(id="t", label={"fi": "Teema", "en": "Theme"}))
>>> m.add(SubTheme(id="t/s", label={"fi": "Alateema"}, theme="t"))
>>> g = to_networkx(m)
>>> g.nodes["t"]["kind"], list(g.edges("t/s", data="relation"))
('Theme', [('t/s', 't', 'belongsToTheme')])
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from strategygraph.core.model import Model
from strategygraph.core.util import gc_paused


def to_networkx(model: Model) -> Any:
    """A ``networkx.MultiDiGraph`` of the model (see module docs)."""
    import networkx as nx

    g = nx.MultiDiGraph()
    entities = model.entities
    with gc_paused():  # many small acyclic objects: automatic collections would walk the whole heap again and again
        g.add_nodes_from((e.id, {"kind": e.KIND, "label": e.label.get("fi"), "label_en": e.label.get("en")})
                         for e in entities.values())
        g.add_edges_from((e.id, site.target, f"{site.relation}:{'.'.join(map(str, site.path))}",
                          {"relation": site.relation, "field": str(site.path[0])})
                         for e, site in model.links() if site.target in entities)
    return g


def nodes_of_kind(g: Any, kind: str) -> list[str]:
    return [n for n, k in g.nodes(data="kind") if k == kind]


def relation_subgraph(g: Any, relations: Iterable[str]) -> Any:
    """A ``DiGraph`` with only the edges of the given relations (parallel edges merged)."""
    import networkx as nx

    rel = set(relations)
    h = nx.DiGraph()
    with gc_paused():  # one attribute dict per node: see to_networkx
        h.add_nodes_from(g.nodes(data=True))
        h.add_edges_from((u, v, {"relation": r}) for u, v, r in g.edges(data="relation") if r in rel)
    return h


def neighbourhood(g: Any, node: str, depth: int = 1, relations: Iterable[str] | None = None) -> Any:
    """The subgraph of everything within ``depth`` steps of ``node`` (either direction).

    Raises
    ------
    KeyError
        If ``node`` is not in the graph.
    """
    if node not in g:
        raise KeyError(node)
    und = g.to_undirected(as_view=True)
    seen = {node}
    frontier = {node}
    for _ in range(max(depth, 0)):
        nxt: set[str] = set()
        for n in frontier:
            for m in und.neighbors(n):
                if m not in seen:
                    nxt.add(m)
        seen |= nxt
        frontier = nxt
    sub = g.subgraph(seen)
    if relations is not None:
        keep = set(relations)
        sub = sub.edge_subgraph([(u, v, k) for u, v, k, r in sub.edges(keys=True, data="relation") if r in keep])
    return sub
