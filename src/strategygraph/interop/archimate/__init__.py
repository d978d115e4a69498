"""ArchiMate Model Exchange File Format 3.1: export a model, import an exchange file.

:func:`to_archimate` and :func:`from_archimate` are a pair of pure functions (plus a graphviz call
for the diagram layout), over the mapping of :mod:`.mapping` (element types, relationship rules,
foreign types), generic over the schema's field metadata:

* every field other than links becomes a property with a property definition: literals as text or
  numbers, multilingual texts with ``xml:lang``, structured values as JSON; the model's settings
  (title, languages, vocabularies, colour rules) are model-level properties;
* identifiers are derived from entity ids (stable across exports).

Modules: :mod:`.mapping` (tables, identifiers, XSD validation), :mod:`.export`, :mod:`.views`
(graphviz layout), :mod:`.reader` (import).
"""

from strategygraph.interop.archimate.export import ExportReport, mapped_entities, property_values, to_archimate
from strategygraph.interop.archimate.mapping import (
    ELEMENT_TYPES,
    FALLBACK,
    FOREIGN_DEFAULTS,
    FOREIGN_TYPES,
    NOT_MAPPED,
    NS,
    PROP_ID,
    PROP_KIND,
    PROP_LINK,
    PROP_REVERSE,
    RELATION_RULES,
    SCHEMA_LOCATION,
    SETTINGS_KIND,
    VARIANTS,
    XML_LANG,
    XML_NS,
    XSI,
    ArchimateError,
    allowed_relationships,
    choose_relationship,
    element_id,
    element_type,
    parse_allowed,
    validate_xsd,
)
from strategygraph.interop.archimate.reader import ImportResult, from_archimate
from strategygraph.interop.archimate.views import MAX_VIEW_NODES, NODE_H, NODE_W, layout

__all__ = [
    "ELEMENT_TYPES", "FALLBACK", "FOREIGN_DEFAULTS", "FOREIGN_TYPES", "MAX_VIEW_NODES", "NODE_H", "NODE_W",
    "NOT_MAPPED", "NS", "PROP_ID", "PROP_KIND", "PROP_LINK", "PROP_REVERSE", "RELATION_RULES", "SCHEMA_LOCATION",
    "SETTINGS_KIND", "VARIANTS", "XML_LANG", "XML_NS", "XSI", "ArchimateError", "ExportReport", "ImportResult",
    "allowed_relationships", "choose_relationship", "element_id", "element_type", "from_archimate", "layout",
    "mapped_entities", "parse_allowed", "property_values", "to_archimate", "validate_xsd",
]
