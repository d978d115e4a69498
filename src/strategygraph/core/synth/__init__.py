"""Synthetic strategies: a valid, realistic model of about N entities with known planted problems.

:func:`generate` builds a model of the same schema as ``model/`` – every entity
kind, Finnish-like labels, and the proportions and link patterns of a real
wellbeing services county, repeated for as many organizations as the size
needs (a national view):

* per organization: a meaning, four values, three roadmap phases, ~20 units
  (organization, council, board, divisions, result areas, functions, posts)
  and four source documents;
* per organization 3–5 themes; per theme 3 sub-themes with 3–5 actions each,
  2–4 milestones per phase, 1–2 KPIs per perspective, 2–4 capabilities and
  2–4 active projects plus 0–2 planned/proposed/ended ones;
* every action is implemented by one project (some by a second one, or by a
  non-project carrier as well), actions contribute to the milestones their
  project delivers, capabilities are required by milestones and actions and
  developed by projects;
* binding goals for 2024–2026 (2–4 per theme and year) serve milestones and
  have 2–4 key results and 3–7 tasks each; units own goals, key results and
  projects; about a third of the entities and links cite a source section.

Labels are built from a unique pseudo-word per entity (syllables, e.g.
``Kolemio``) plus two real Finnish content words, so no two labels of a kind
share more than two of their (at least three) content stems and the
near-duplicate rule (O204) is not triggered by accident.

With ``plant=True`` a known set of problems is added and returned as the
findings ``check`` must report, ``{"rule": CODE, "subjects": [...]}``:

====== ===============================================================
G103   a milestone no project delivers or contributes to
O201   a project that duplicates another one's work (overlapping pair)
W301   a goal, a key result and a project without an owner
D401   dependency cycles between projects and between sub-themes
D402   projects ending before a milestone's phase / an action's due date
C504   a project that ends before it starts
G104   an action with no implementer
G114   a theme without an impact KPI
G117   a key result without a target
====== ===============================================================

With ``plant=False`` the model is clean for every rule in :data:`PLANTED_RULES`.
The same seed gives byte-identical output.

Examples
--------
>>> files, planted = generate(300, seed=1)
>>> sorted({p["rule"] for p in planted}) == sorted(PLANTED_RULES)
True
>>> generate(300, seed=1)[0] == files
True
"""

from __future__ import annotations

from typing import Any

from strategygraph.core.synth.generator import PLANTED_RULES, _Gen

__all__ = ["PLANTED_RULES", "count_entities", "generate"]


def generate(entities: int, seed: int = 0, plant: bool = True) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """A synthetic strategy model of about ``entities`` entities.

    Parameters
    ----------
    entities
        The approximate number of entities (at least ~250: one organization with two themes).
    seed
        Random seed; the same seed gives identical files.
    plant
        Plant the known problems listed in the module docs (``False``: a model clean for
        every rule in :data:`PLANTED_RULES`).

    Returns
    -------
    files, planted
        ``files`` maps file names to YAML text; ``planted`` lists the findings ``check``
        must report, each ``{"rule": CODE, "subjects": [ids], "what": description}``.

    Raises
    ------
    ValueError
        If ``entities`` is not positive.
    """
    if entities <= 0:
        raise ValueError("the number of entities must be positive")
    return _Gen(entities, seed, plant).run()


def count_entities(files: dict[str, str]) -> int:
    """The number of entities in generated files (each entity starts with ``  - id:``)."""
    return sum(text.count("\n  - id: ") for text in files.values())
