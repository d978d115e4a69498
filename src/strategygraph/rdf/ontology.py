"""Access to the published vocabulary in ``ontology/``: the OWL ontology and the SHACL shapes."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

ONTOLOGY_FILE = "strategygraph.ttl"
SHAPES_FILE = "shapes.ttl"


def ontology_dir() -> Path:
    """The folder holding the Turtle files (packaged copy first, then the source tree)."""
    here = Path(__file__).resolve().parents[1]  # the package folder
    for candidate in (here / "_ontology", here.parents[1] / "ontology"):
        if (candidate / ONTOLOGY_FILE).exists():
            return candidate
    raise FileNotFoundError("the strategygraph ontology (ontology/strategygraph.ttl) was not found")


@cache
def _parsed(name: str) -> Any:
    from rdflib import Graph

    g = Graph()
    g.parse(ontology_dir() / name, format="turtle")
    return g


def ontology_graph() -> Any:
    """A fresh rdflib Graph with the OWL ontology."""
    from rdflib import Graph

    g = Graph()
    g += _parsed(ONTOLOGY_FILE)
    for prefix, ns in _parsed(ONTOLOGY_FILE).namespaces():
        g.bind(prefix, ns, override=True)
    return g


def shapes_graph() -> Any:
    """A fresh rdflib Graph with the SHACL shapes."""
    from rdflib import Graph

    g = Graph()
    g += _parsed(SHAPES_FILE)
    return g


def validate_shapes(data_graph: Any) -> tuple[bool, str]:
    """Validate an RDF graph of a model against the SHACL shapes (needs pyshacl).

    Returns ``(conforms, report_text)``. Only core structural shapes are used,
    without inference, to keep this fast on large models.
    """
    import pyshacl

    conforms, _report_graph, text = pyshacl.validate(
        data_graph, shacl_graph=shapes_graph(), ont_graph=None, inference="none", advanced=False,
        allow_warnings=True,
    )
    return bool(conforms), str(text)
