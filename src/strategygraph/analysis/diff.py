"""Semantic difference between two versions of a strategy model.

Not a text diff: entities are matched by id (and, where an id disappears and a
new one of the same kind appears with a similar label, as a *rename*), their
fields are compared value by value, links are compared as (source, relation,
target) triples with renamed ids mapped through, and findings are matched by a
stable key (the finding's ``id`` where it has one, else its rule code plus its
sorted subjects, renamed ids mapped).

Everything here is a pure function over two :class:`Model` objects (and their
findings); nothing is read from or written to disk.

Examples
--------
>>> from strategygraph.core.model import Model, iter_refs
>>> from strategygraph.core.schema import Unit
>>> old, new = Model(), Model()
>>> old.add(Unit(id="unit/a", label={"fi": "Talous"}, unit_type="division"))
>>> new.add(Unit(id="unit/talous", label={"fi": "Talous"}, unit_type="division"))
>>> d = diff_models(old, new)
>>> [(r["old_id"], r["new_id"]) for r in d["entities"]["renamed"]]
[('unit/a', 'unit/talous')]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from strategygraph.core.model import Model, iter_refs
from strategygraph.core.schema import Entity

#: how similar two labels must be (difflib ratio, 0..1) to call a removed + added entity a rename
RENAME_MIN_SIMILARITY = 0.8
#: at most this many candidates are compared per label word (keeps rename detection near-linear)
_CANDIDATES_PER_TOKEN = 50
#: at most this many best candidates (most shared label words) are compared per removed entity
_COMPARED_PER_ENTITY = 5
_WORD = re.compile(r"\w{3,}", re.UNICODE)


def finding_key(f: Any, rename: dict[str, str] | None = None, renamed: set[str] | None = None) -> str:
    """The stable key of a finding: its ``id`` if it has one, else ``RULE:subject,subject`` (sorted).

    ``rename`` maps old ids to new ids so a finding about a renamed entity keeps its key; a finding
    about a renamed entity (a subject in ``rename`` or in ``renamed``, the new ids) is keyed by rule and
    subjects even when it has an ``id``, because an id derived from the old subjects cannot match.
    """
    rule = f["rule"] if isinstance(f, dict) else f.rule
    subjects = f["subjects"] if isinstance(f, dict) else f.subjects
    rename = rename or {}
    fid = getattr(f, "id", None) if not isinstance(f, dict) else f.get("id")
    if fid and not any(s in rename or s in (renamed or ()) for s in subjects):
        return str(fid)
    return f"{rule}:" + ",".join(sorted(rename.get(s, s) for s in subjects))


def _finding_dict(f: Any, key: str) -> dict[str, Any]:
    return {"key": key, "rule": f.rule, "severity": f.severity, "subjects": list(f.subjects), "message": f.message}


def match_findings(old: Iterable[Any], new: Iterable[Any], rename: dict[str, str] | None = None
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """Findings introduced (only in ``new``), resolved (only in ``old``) and how many are in both.

    Findings are matched by :func:`finding_key`. A rule may report several findings with the same key
    (e.g. one per missing KPI perspective of a theme); within a key, findings with the same message are
    paired first, then the rest in order, and only the surplus counts as introduced or resolved.
    """
    groups_old: dict[str, list[Any]] = defaultdict(list)
    groups_new: dict[str, list[Any]] = defaultdict(list)
    renamed_to = set((rename or {}).values())
    for f in old:
        groups_old[finding_key(f, rename)].append(f)
    for f in new:
        groups_new[finding_key(f, None, renamed_to)].append(f)
    introduced: list[dict[str, Any]] = []
    resolved: list[dict[str, Any]] = []
    unchanged = 0
    for key in sorted(set(groups_old) | set(groups_new)):
        a, b = list(groups_old.get(key, [])), list(groups_new.get(key, []))
        for f in list(b):
            same = next((g for g in a if g.message == f.message), None)
            if same is not None:
                a.remove(same)
                b.remove(f)
                unchanged += 1
        n = min(len(a), len(b))
        unchanged += n
        introduced += [_finding_dict(f, key) for f in b[n:]]
        resolved += [_finding_dict(f, key) for f in a[n:]]
    return introduced, resolved, unchanged


def _label(e: Entity, lang: str) -> str:
    return e.label.get(lang)


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _grams(text: str) -> frozenset[str]:
    t = f" {_norm(text)} "
    return frozenset(t[i:i + 2] for i in range(len(t) - 1))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def similarity(a: str, b: str) -> float:
    """Label similarity in 0..1: the Dice coefficient of the character pairs of the lower-cased words.

    >>> similarity("Palvelupolkujen valmistelu", "Palvelupolkujen valmistelu")
    1.0
    """
    if not _norm(a) or not _norm(b):
        return 1.0 if a == b else 0.0
    return round(_dice(_grams(a), _grams(b)), 6)


def detect_renames(removed: list[Entity], added: list[Entity], min_similarity: float = RENAME_MIN_SIMILARITY
                   ) -> list[tuple[Entity, Entity, float]]:
    """Pairs (old, new, similarity) of a removed and an added entity of the same kind with similar labels.

    Each entity is used at most once; the best-scoring pairs win. Candidates are found through an
    index of label words, so two unrelated large models are not compared all against all.
    """
    pairs: list[tuple[float, str, str, Entity, Entity]] = []
    added_by_kind: dict[str, list[Entity]] = defaultdict(list)
    for e in added:
        added_by_kind[e.KIND].append(e)
    index: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    exact: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for kind, items in added_by_kind.items():
        for e in items:
            labels = [v for _, v in e.label.items()]
            for lab in labels:
                exact[(kind, _norm(lab))].append(e)
                for w in set(_WORD.findall(lab.lower())):
                    bucket = index[(kind, w)]
                    if len(bucket) < _CANDIDATES_PER_TOKEN:
                        bucket.append(e)
    grams: dict[str, list[frozenset[str]]] = {}

    def grams_of(e: Entity) -> list[frozenset[str]]:
        g = grams.get(e.id)
        if g is None:
            g = grams[e.id] = [_grams(v) for _, v in e.label.items() if _norm(v)]
        return g

    for old in removed:
        seen: dict[str, Entity] = {}
        shared: dict[str, int] = defaultdict(int)
        for lab in (v for _, v in old.label.items()):
            for cand in exact.get((old.KIND, _norm(lab)), []):
                seen[cand.id] = cand
                shared[cand.id] += _CANDIDATES_PER_TOKEN  # an exact label match always stays a candidate
            for w in set(_WORD.findall(lab.lower())):
                bucket = index.get((old.KIND, w), [])
                if len(bucket) >= _CANDIDATES_PER_TOKEN:
                    continue  # a word this common says nothing about which entity it was
                for cand in bucket:
                    seen.setdefault(cand.id, cand)
                    shared[cand.id] += 1
        # only the few candidates sharing the most label words are compared
        best_ids = sorted(shared, key=lambda i: (-shared[i], i))[:_COMPARED_PER_ENTITY]
        og = grams_of(old)
        for cid in best_ids:
            cand = seen[cid]
            best = max((_dice(a, b) for a in og for b in grams_of(cand)), default=0.0)
            if best >= min_similarity:
                pairs.append((round(best, 6), old.id, cand.id, old, cand))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_old: set[str] = set()
    used_new: set[str] = set()
    out = []
    for score, oid, nid, o, n in pairs:
        if oid in used_old or nid in used_new:
            continue
        used_old.add(oid)
        used_new.add(nid)
        out.append((o, n, round(score, 3)))
    return sorted(out, key=lambda t: t[0].id)


def _dump(e: Entity) -> dict[str, Any]:
    return e.model_dump(mode="json", exclude_none=True, exclude_defaults=True, exclude={"id"})


def _map_ids(value: Any, rename: dict[str, str]) -> Any:
    """``value`` with renamed ids replaced (so a rename does not show as a change of every referring field)."""
    if isinstance(value, str):
        return rename.get(value, value)
    if isinstance(value, list):
        return [_map_ids(v, rename) for v in value]
    if isinstance(value, dict):
        return {k: _map_ids(v, rename) for k, v in value.items()}
    return value


def field_changes(old: Entity, new: Entity, rename: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The fields whose values differ, as ``{field, old, new}`` (JSON values; absent = ``None``)."""
    a = _map_ids(_dump(old), rename or {})
    b = _dump(new)
    out = []
    for name in type(new).model_fields:
        if name == "id":
            continue
        va, vb = a.get(name), b.get(name)
        if va != vb:
            out.append({"field": name, "old": va, "new": vb})
    return out


def _link_set(model: Model, ids: Iterable[str], rename: dict[str, str]) -> set[tuple[str, str, str]]:
    """(source, relation, target) of the links held by ``ids`` (source documents left out), ids renamed."""
    out = set()
    for i in ids:
        e = model.entities[i]
        for site in iter_refs(e):
            if "source" in site.path:
                continue
            out.add((rename.get(i, i), site.relation, rename.get(site.target, site.target)))
    return out


def _brief(m: Model, e: Entity, lang: str) -> dict[str, Any]:
    return {"id": e.id, "kind": e.KIND, "label": _label(e, lang), "location": m.location(e.id)}


def _compare_entities(a: dict[str, Entity], b: dict[str, Entity], renames: list[tuple[Entity, Entity, float]],
                      rename: dict[str, str], new: Model, lang: str
                      ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Renamed (by id or by label) and changed entities, and the ids present in both versions that differ."""
    renamed: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for o, n, score in renames:
        ch = [c for c in field_changes(o, n, rename) if c["field"] != "label" or _label(o, lang) != _label(n, lang)]
        renamed.append({"old_id": o.id, "new_id": n.id, "kind": n.KIND, "how": "id", "similarity": score,
                        "old_label": _label(o, lang), "new_label": _label(n, lang),
                        "location": new.location(n.id), "fields": ch})
    differing: list[str] = []
    for i in sorted(set(a) & set(b)):
        o, n = a[i], b[i]
        if o == n:
            continue
        differing.append(i)
        ch = field_changes(o, n, rename)
        if not ch:
            continue
        if any(c["field"] == "label" for c in ch) and _label(o, lang) != _label(n, lang):
            renamed.append({"old_id": i, "new_id": i, "kind": n.KIND, "how": "label",
                            "similarity": round(similarity(_label(o, lang), _label(n, lang)), 3),
                            "old_label": _label(o, lang), "new_label": _label(n, lang),
                            "location": new.location(i), "fields": [c for c in ch if c["field"] != "label"]})
        else:
            changed.append({**_brief(new, n, lang), "fields": ch})
    return renamed, changed, differing


def diff_models(old: Model, new: Model, old_findings: Iterable[Any] | None = None,
                new_findings: Iterable[Any] | None = None, lang: str = "fi",
                kinds: Iterable[str] | None = None, old_keep: set[str] | None = None,
                new_keep: set[str] | None = None, rename_min: float = RENAME_MIN_SIMILARITY) -> dict[str, Any]:
    """The semantic difference of two models (and of their findings) as a JSON-ready dict.

    Parameters
    ----------
    old, new : Model
        The two versions.
    old_findings, new_findings : iterable of Finding, optional
        Findings of each version; without them the ``findings`` part is ``None``.
    lang : str
        Language of the labels in the result.
    kinds : iterable of str, optional
        Compare only entities of these kinds (e.g. ``["Value"]``).
    old_keep, new_keep : set of str, optional
        Compare only these ids of each side (e.g. the values of one edition).
    rename_min : float
        Label similarity (0..1) from which a removed and an added entity are a rename.

    Returns
    -------
    dict
        ``summary`` (counts), ``entities`` (``added``, ``removed``, ``renamed``, ``changed``),
        ``links`` (``added``, ``removed``) and ``findings`` (``introduced``, ``resolved``,
        ``unchanged``).
    """
    kindset = set(kinds) if kinds else None

    def chosen(m: Model, keep: set[str] | None) -> dict[str, Entity]:
        return {i: e for i, e in m.entities.items()
                if (kindset is None or e.KIND in kindset) and (keep is None or i in keep)}

    a, b = chosen(old, old_keep), chosen(new, new_keep)
    removed_ids = sorted(set(a) - set(b))
    added_ids = sorted(set(b) - set(a))
    renames = detect_renames([a[i] for i in removed_ids], [b[i] for i in added_ids], rename_min)
    rename = {o.id: n.id for o, n, _ in renames}

    renamed, changed, differing = _compare_entities(a, b, renames, rename, new, lang)
    renamed.sort(key=lambda r: (r["new_id"], r["old_id"]))
    renamed_to = set(rename.values())
    added = [_brief(new, b[i], lang) for i in added_ids if i not in renamed_to]
    removed = [_brief(old, a[i], lang) for i in removed_ids if i not in rename]

    # an entity equal in both versions holds the same links in both (a valid model cannot keep a link to
    # an id that was renamed away), so only the entities that differ, come or go are walked
    la = _link_set(old, differing + removed_ids, rename)
    lb = _link_set(new, differing + added_ids, {})
    links_added = [{"source": s, "relation": r, "target": t} for s, r, t in sorted(lb - la)]
    links_removed = [{"source": s, "relation": r, "target": t} for s, r, t in sorted(la - lb)]

    findings: dict[str, Any] | None = None
    if old_findings is not None and new_findings is not None:
        introduced, resolved, unchanged = match_findings(old_findings, new_findings, rename)
        findings = {"introduced": introduced, "resolved": resolved, "unchanged": unchanged}
    summary = {
        "entities_added": len(added), "entities_removed": len(removed), "entities_renamed": len(renamed),
        "entities_changed": len(changed), "links_added": len(links_added), "links_removed": len(links_removed),
    }
    if findings is not None:
        summary.update(findings_introduced=len(findings["introduced"]), findings_resolved=len(findings["resolved"]),
                       findings_unchanged=findings["unchanged"])
    return {
        "summary": summary,
        "entities": {"added": added, "removed": removed, "renamed": renamed, "changed": changed},
        "links": {"added": links_added, "removed": links_removed},
        "findings": findings,
    }


def has_changes(d: dict[str, Any]) -> bool:
    """Whether a diff found any difference in entities, links or findings (for ``--exit-code``)."""
    s = d["summary"]
    return any(v for k, v in s.items() if k != "findings_unchanged")


def keep_where(model: Model, field: str, value: str) -> set[str]:
    """Ids of the entities whose ``field`` equals ``value`` (as text); entities without the field are left out."""
    out = set()
    for e in model.entities.values():
        v = getattr(e, field, None)
        if v is None:
            continue
        v = getattr(v, "value", v)
        if str(v) == value:
            out.add(e.id)
    return out
