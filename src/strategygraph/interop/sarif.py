"""Findings as SARIF 2.1.0 (Static Analysis Results Interchange Format), for code review of a model in git.

One run with the rule catalogue as ``tool.driver.rules``; one result per finding with its level (error,
warning, note), its message, the YAML position of its primary subject, a stable fingerprint (the finding's
``id``) and, in the property bag, its root, score, affected elements, fix text and subjects. The output is
validated against the official OASIS schema in the tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def to_sarif(findings: Iterable[Any], rules: Iterable[Any], lang: str = "fi", version: str = "") -> dict[str, Any]:
    """A SARIF log of ``findings`` (objects with the attributes of :class:`~strategygraph.analysis.rules.engine.Finding`).

    ``rules`` are the rule objects (code, name, severity, ``texts(lang)``) listed as the run's rule catalogue.
    """
    rule_list = list(rules)
    index = {r.code: i for i, r in enumerate(rule_list)}
    driver: dict[str, Any] = {
        "name": "strategygraph",
        "informationUri": "https://w3id.org/strategygraph",
        "rules": [_rule(r, lang) for r in rule_list],
    }
    if version:
        driver["version"] = version
    results = []
    for f in findings:
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "level": LEVEL[f.severity],
            "message": {"text": f.message},
            "partialFingerprints": {"strategygraphFindingId/v1": f.id},
            "properties": {
                "id": f.id, "root": f.root, "score": f.score, "affected": list(f.affected),
                "subjects": list(f.subjects), "fix": f.fix, "category": f.category,
            },
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        if f.location:
            result["locations"] = [{"physicalLocation": {
                "artifactLocation": {"uri": f.location["file"]},
                "region": {"startLine": f.location["line"], "startColumn": f.location["column"]},
            }}]
        if f.accepted:
            result["suppressions"] = [{"kind": "inSource", "justification": f.accepted.get("reason", "")}]
        results.append(result)
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "results": results, "language": lang,
                      "columnKind": "unicodeCodePoints"}]}


def _rule(r: Any, lang: str) -> dict[str, Any]:
    texts = r.texts(lang)
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": texts["summary"]},
        "fullDescription": {"text": texts["why"] or texts["summary"]},
        "help": {"text": texts["fix"] or texts["summary"]},
        "defaultConfiguration": {"level": LEVEL[r.severity], "enabled": bool(getattr(r, "default", True))},
        "properties": {"category": r.category},
    }
