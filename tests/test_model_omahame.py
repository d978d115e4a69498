"""The real Oma Häme model: counts that match the sources, provenance and bilingual labels everywhere."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from strategygraph.core.loader import load
from strategygraph.core.model import iter_refs

MODEL = Path(__file__).resolve().parents[1] / "model"


@pytest.fixture(scope="module")
def m():
    return load(MODEL)


def test_counts_match_the_sources(m):
    c = m.counts()
    # strategy map 2023: 4 themes × 3 sub-themes; 3 roadmap phases; 9 projects + 1 proposed
    assert (c["Theme"], c["SubTheme"], c["Phase"], c["Project"], c["Source"]) == (4, 12, 3, 10, 5)
    # roadmap table: 4+4+3, 3+4+3, 4+4+2, 4+4+3 milestones
    per_cell = Counter((ms.theme.ref, ms.phase.ref) for ms in m.of_kind("Milestone"))
    assert c["Milestone"] == 42
    assert [per_cell[("ennakointi", p)] for p in ("yhdessa-tehden", "monialaista-palvelua",
                                                  "yksilollista-ennakointia")] == [4, 4, 2]
    # every Toimenpide row: 11 + 10 + 8 + 12
    per_theme = Counter(m.get(a.subtheme.ref).theme.ref for a in m.of_kind("Action"))
    assert per_theme == {"vaikuttavat-palvelut": 11, "sopiva-polku": 10, "ennakointi": 8, "luottamus": 12}
    # binding goals: 22 in the 2024 report, five in 2025 with 3+3+2+3+3 key results
    goals = Counter(g.year for g in m.of_kind("Goal"))
    assert goals == {2024: 22, 2025: 5}
    assert c["KeyResult"] == 14
    # values: four of the 2022 strategy, the 2018 draft as an earlier edition
    editions = Counter(v.edition for v in m.of_kind("Value"))
    assert editions["2022"] == 4 and editions["2018"] >= 4
    assert len(m.of_kind("Meaning")) >= 1


def test_required_ids(m):
    for tid in ("vaikuttavat-palvelut", "sopiva-polku", "ennakointi", "luottamus"):
        assert m.kind_of(tid) == "Theme"
    for pid in ("digiohjelma", "syli", "assi", "talouden-tasapainotus", "tulevaisuuden-sote-keskus",
                "palvelupolkujen-valmistelu", "johtamisen-tiekartta", "asiakkuudenhallinta",
                "asiakaskokemuksen-tiekartta", "yhtenainen-omahame"):
        assert m.kind_of(pid) == "Project"


def test_every_entity_has_a_source_and_both_labels(m):
    missing = [e.id for e in m.entities.values() if e.source is None and e.KIND != "Source"]
    assert not missing, f"entities without a source reference: {missing[:10]}"
    no_fi = [e.id for e in m.entities.values() if not e.label.fi]
    no_en = [e.id for e in m.entities.values() if not e.label.en]
    assert not no_fi and not no_en, (no_fi[:10], no_en[:10])


def test_every_implementation_link_has_a_source(m):
    bad = [(a.id, i) for a in m.of_kind("Action") for i, imp in enumerate(a.implementation) if imp.source is None]
    assert not bad, bad[:10]
    n = sum(len(a.implementation) for a in m.of_kind("Action"))
    assert n >= 41  # every action row names at least one implementer


def test_sources_are_the_seed_documents(m):
    assert {s.id for s in m.of_kind("Source")} == {"strategiakartta-2023", "sitovat-tavoitteet-2025",
                                                   "aluehallitus-2025-09-08", "sitovat-tavoitteet-2024-raportti",
                                                   "arvot-2018"}
    for e in m.entities.values():
        for site in iter_refs(e):
            if site.path[-1] == "doc":
                assert m.kind_of(site.target) == "Source"

