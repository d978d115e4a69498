"""The RDF layer: the model <-> RDF mapping, the embedded SPARQL store, the ontology and SHACL shapes."""
