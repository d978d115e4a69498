"""Every fi/en text of the views (report page, diagrams, workbook, slides) in one place.

A table maps a language code to its texts; :func:`texts` picks the language's
texts (falling back to :data:`DEFAULT_LANG`), :func:`ui` and :func:`say` format
one text. Strings a user sees never come from anywhere else in ``views``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

DEFAULT_LANG = "fi"
LANGS = ("fi", "en")

T = TypeVar("T")


def texts(table: Mapping[str, T], lang: str) -> T:
    """The entry of ``table`` for ``lang`` (the default language's when the table has no such entry)."""
    got = table.get(lang)
    return got if got is not None else table[DEFAULT_LANG]


def say(table: Mapping[str, Mapping[str, str]], lang: str, key: str, **kw: Any) -> str:
    """Text ``key`` of ``table`` in ``lang`` (English, then the key, when missing), formatted with ``kw``."""
    text = texts(table, lang).get(key) or table["en"].get(key, key)
    return text.format(**kw) if kw else text


def ui(lang: str, key: str, **kw: Any) -> str:
    """A diagram text."""
    return say(DIAGRAM_UI, lang, key, **kw)


def kind_name(kind: str, lang: str) -> str:
    """The name of an entity kind (``SubTheme`` → "Alateema")."""
    return texts(KIND_NAMES, lang).get(kind, kind)


def kind_plural(kind: str, lang: str) -> str:
    """The plural name of an entity kind (``Project`` → "Hankkeet")."""
    return texts(KIND_PLURALS, lang).get(kind, kind)


def status_name(status: str, lang: str) -> str:
    """A project status in words (``pending-decision`` → "odottaa päätöstä")."""
    return texts(STATUS_NAMES, lang).get(status, status)


def carrier_name(carrier: str, lang: str) -> str:
    """A non-project carrier in words (``continuous-operations`` → "jatkuva toiminta")."""
    return texts(CARRIER_NAMES, lang).get(carrier, carrier)


# ------------------------------------------------------------------ diagrams
KIND_NAMES = {
    "fi": {"Meaning": "Merkitys", "Value": "Arvo", "Theme": "Teema", "SubTheme": "Alateema", "Phase": "Vaihe",
           "Milestone": "Virstanpylväs", "Action": "Toimenpide", "Project": "Hanke", "Capability": "Kyvykkyys",
           "KPI": "Mittari", "Goal": "Sitova tavoite", "KeyResult": "Avaintulos", "Task": "Tehtävä",
           "Unit": "Yksikkö", "Source": "Lähde"},
    "en": {"Meaning": "Meaning", "Value": "Value", "Theme": "Theme", "SubTheme": "Sub-theme", "Phase": "Phase",
           "Milestone": "Milestone", "Action": "Action", "Project": "Project", "Capability": "Capability",
           "KPI": "KPI", "Goal": "Binding goal", "KeyResult": "Key result", "Task": "Task", "Unit": "Unit",
           "Source": "Source"},
}

STATUS_NAMES = {
    "fi": {"active": "käynnissä", "planned": "suunniteltu", "pending-decision": "odottaa päätöstä",
           "proposed": "ehdotettu", "ended": "päättynyt", "discontinued": "lopetettu"},
    "en": {"active": "active", "planned": "planned", "pending-decision": "pending decision",
           "proposed": "proposed", "ended": "ended", "discontinued": "discontinued"},
}

CARRIER_NAMES = {
    "fi": {"continuous-operations": "jatkuva toiminta", "divisions": "toimialat", "result-areas": "tulosalueet",
           "operational-work": "operatiivinen työ", "training": "koulutus", "other": "muu toteuttaja"},
    "en": {"continuous-operations": "continuous operations", "divisions": "divisions",
           "result-areas": "result areas", "operational-work": "operational work", "training": "training",
           "other": "other carrier"},
}

RELATION_NAMES = {
    "fi": {"belongsToTheme": "teema", "belongsToSubTheme": "alateema", "implementedBy": "toteuttaja",
           "contributesTo": "edistää", "deliveredBy": "toimittaja", "inPhase": "vaihe", "requires": "edellyttää",
           "serves": "palvelee", "carriedBy": "kantaja", "measuredBy": "mittari", "measures": "mittaa",
           "ownedBy": "omistaja", "partOfGoal": "osa tavoitetta", "dependsOn": "riippuu",
           "steeredUnder": "ohjaus", "develops": "kehittää", "derivedFrom": "johdettu", "guides": "ohjaa",
           "subOrganizationOf": "osa", "mergeInto": "yhdistetään", "partOf": "osa", "responsibleUnit": "vastuu"},
    "en": {"belongsToTheme": "theme", "belongsToSubTheme": "sub-theme", "implementedBy": "implemented by",
           "contributesTo": "contributes to", "deliveredBy": "delivered by", "inPhase": "phase",
           "requires": "requires", "serves": "serves", "carriedBy": "carried by", "measuredBy": "measured by",
           "measures": "measures", "ownedBy": "owner", "partOfGoal": "part of goal", "dependsOn": "depends on",
           "steeredUnder": "steered under", "develops": "develops", "derivedFrom": "derived from",
           "guides": "guides", "subOrganizationOf": "part of", "mergeInto": "merge into", "partOf": "part of",
           "responsibleUnit": "responsible"},
}

DIAGRAM_UI: dict[str, dict[str, str]] = {
    "fi": {
        "house": "Strategiatalo", "roadmap": "Strategiatiekartta", "linkage": "Hankkeiden kytkeytyminen strategiaan",
        "dependencies": "Riippuvuudet", "overlaps": "Hankkeiden päällekkäisyydet", "focus": "Lähiympäristö",
        "legend": "Selite",
        "uncarried": "ei kantavaa hanketta", "unowned": "ei omistajaa", "accepted": "hyväksytty poikkeama",
        "noncarrying": "hanke ei kanna (tila)", "carrying": "kantava hanke",
        "spof": "ainoa kantaja (kriittinen)", "cycle": "riippuvuussykli", "depends": "riippuu",
        "ends_early": "päättyy ennen määräaikaa",
        "ends_early_n": "päättyy {end}, ennen {n} kantamansa kohteen määräaikaa",
        "phase_order": "vaihe edellyttää edellistä",
        "overlap_edge": "päällekkäisyys (pisteet)", "shared_item": "yhteinen työ",
        "implements": "hanke toteuttaa / toimittaa", "steers": "ohjataan teemassa",
        "contributes": "toimenpide edistää virstanpylvästä",
        "actions_n": "toimenpidettä", "milestones_n": "virstanpylvästä",
        "only_carrier": "ainoa kantaja: {share} teemasta {theme}",
        "carried_by": "kantaja", "no_carrier": "ei kantavaa hanketta", "serves": "tavoite",
        "roadmap_summary": "{n} virstanpylvästä; solussa niiden määrä (⚠ = ilman kantavaa hanketta). Teeman yksityiskohdat: --theme ID",
        "uncarried_goal": "tavoite, jota ei kanna yksikään hanke",
        "more": "+{n} muuta", "depth_cut": "syvyys rajattu {depth}:een (yli {max} solmua)",
        "none_overlaps": "Ei päällekkäisyyksiä (pisteraja {min}).", "none_deps": "Ei riippuvuuksia.",
        "none": "Ei sisältöä.", "overview": "yleiskuva", "focus_of": "{label} – {depth} askelta",
        "phase": "Vaihe", "theme_lane": "Teema", "min_score": "pisteraja {min}",
        "summary_projects": "+{n} hanketta, jotka eivät kanna",
        "values": "Arvot", "values_hidden": "{n} arvoa tai periaatetta muista versioista ({editions}) ei ole kuvassa",
        "shape_note": "Muoto ja väri kertovat tyypin",
        "score": "pisteet", "projects": "Hankkeet",
        "implements_links": "hanke toteuttaa teeman työtä (viivan paksuus = toimenpiteiden ja virstanpylväiden määrä)",
        "n_subthemes": "{n} alateemaa",
        "subthemes_summarized": "alateemat tiivistetty lukumääriksi ({n} teemaa)",
        "roadmap_cut": "{n} teemaa ei mahdu kuvaan; piirrä teema kerrallaan: --theme ID",
        "projects_cut": "{n} hanketta jätetty pois (vähiten kytköksiä)",
        "milestones_count": "Virstanpylväitä: {n}",
        "n_uncarried": "{n} ilman kantavaa hanketta",
        "reaches_indirectly": "hanke tavoittaa toimenpiteen tai tavoitteen kautta", "in_focus": "tarkasteltava",
        "implements_actions": "hanke toteuttaa toimenpiteitä (viivan paksuus = määrä)",
        "delivers_milestones": "hanke toimittaa virstanpylväitä (viivan paksuus = määrä)",
    },
    "en": {
        "house": "Strategy house", "roadmap": "Strategy roadmap", "linkage": "How projects carry the strategy",
        "dependencies": "Dependencies", "overlaps": "Project overlaps", "focus": "Neighbourhood",
        "legend": "Legend",
        "uncarried": "no carrying project", "unowned": "no owner", "accepted": "accepted finding",
        "noncarrying": "project not carrying (status)", "carrying": "carrying project",
        "spof": "sole carrier (critical)", "cycle": "dependency cycle", "depends": "depends on",
        "ends_early": "ends before it is due",
        "ends_early_n": "ends {end}, before {n} item(s) it carries are due",
        "phase_order": "phase needs the previous one",
        "overlap_edge": "overlap (score)", "shared_item": "shared work",
        "implements": "project implements / delivers", "steers": "steered under theme",
        "contributes": "action contributes to milestone",
        "actions_n": "actions", "milestones_n": "milestones",
        "only_carrier": "sole carrier of {share} of theme {theme}",
        "carried_by": "carried by", "no_carrier": "no carrying project", "serves": "goal",
        "roadmap_summary": "{n} milestones; each cell shows how many (⚠ = without a carrying project). One theme in detail: --theme ID",
        "uncarried_goal": "goal no project carries",
        "more": "+{n} more", "depth_cut": "depth cut to {depth} (over {max} nodes)",
        "none_overlaps": "No overlaps (minimum score {min}).", "none_deps": "No dependencies.",
        "none": "Nothing to show.", "overview": "overview", "focus_of": "{label} – {depth} steps",
        "phase": "Phase", "theme_lane": "Theme", "min_score": "minimum score {min}",
        "summary_projects": "+{n} projects that do not carry",
        "values": "Values", "values_hidden": "{n} values or principles of other editions ({editions}) are not shown",
        "shape_note": "Shape and colour show the kind",
        "score": "score", "projects": "Projects",
        "implements_links": "project carries work of the theme (line width = number of actions and milestones)",
        "n_subthemes": "{n} sub-themes",
        "subthemes_summarized": "sub-themes summarized as counts ({n} themes)",
        "roadmap_cut": "{n} themes do not fit; draw one theme at a time: --theme ID",
        "projects_cut": "{n} projects left out (fewest links)", "milestones_count": "Milestones: {n}",
        "n_uncarried": "{n} without a carrying project",
        "reaches_indirectly": "project reaches it through an action or goal", "in_focus": "in focus",
        "implements_actions": "project implements actions (line width = count)",
        "delivers_milestones": "project delivers milestones (line width = count)",
    },
}


# ------------------------------------------------------------------ report page
REPORT_UI: dict[str, dict[str, str]] = {
    "fi": {
        "lang": "fi",
        "title": "Strategian tilannekuva",
        "generated": "Luotu",
        "model": "Malli",
        "version": "strategygraph",
        "nav_summary": "Yhteenveto", "nav_findings": "Havainnot", "nav_coverage": "Kattavuus",
        "nav_overlaps": "Päällekkäisyydet", "nav_ownership": "Omistajuus", "nav_roadmap": "Tiekartta",
        "nav_diagrams": "Kaaviot",
        "summary": "Yhteenveto",
        "summary_intro": "Mitä strategiassa on ja mitä analyysi siitä löysi.",
        "entities": "Strategian sisältö", "links": "linkkiä",
        "findings_by": "Havainnot luokittain ja vakavuuksittain",
        "total": "Yhteensä", "accepted": "hyväksytty", "accepted_long": "Hyväksytty poikkeama",
        "open_findings": "avointa havaintoa",
        "category": "Luokka", "severity": "Vakavuus", "theme": "Teema", "rule": "Sääntö",
        "subjects": "Koskee", "message": "Havainto",
        "findings": "Havainnot",
        "findings_intro": "Jokainen havainto kertoo, mitä sääntö löysi, miksi sillä on väliä, mihin näyttö perustuu "
                          "ja mistä lähteestä tieto on peräisin. Avaa rivi nähdäksesi selityksen.",
        "all": "Kaikki", "no_theme": "(ei teemaa)", "search": "Hae", "search_ph": "sana tai tunniste",
        "show_accepted": "Näytä hyväksytyt", "reset": "Tyhjennä suodattimet",
        "shown": "näytetään", "of": "/",
        "explanation": "Selitys", "fix": "Näin korjaat", "evidence": "Näyttö", "sources": "Lähteet",
        "no_source": "ei lähdeviittausta", "defined_in": "määritelty",
        "accepted_by": "Hyväksytty {date}: {reason}",
        "no_findings": "Ei havaintoja.",
        "coverage": "Kattavuus: mitkä hankkeet kantavat mitäkin",
        "coverage_intro": "Rivit ovat strategian osia, sarakkeet hankkeita. Solun luku kertoo, monenko linkin kautta "
                          "hanke tavoittaa rivin; mitä tummempi, sitä enemmän. Punaisella merkittyjä rivejä ei kanna "
                          "yksikään kantava hanke. Harmaat sarakkeet ovat hankkeita, jotka eivät tilansa vuoksi kanna "
                          "työtä (kantavat tilat: {statuses}).",
        "carriers": "Kantajia", "other_carriers": "Muut toteuttajat", "no_columns": "Mikään hanke ei tavoita näitä.",
        "rows": "riviä", "uncarried_rows": "ilman kantajaa",
        "trimmed": "Matriisi on liian suuri sivulle: näytetään {shown} riviä, joita mikään kantava hanke ei "
                   "tavoita ({total} riviä yhteensä). Koko matriisi on tiedostossa coverage.xlsx.",
        "heat_legend": "Linkkejä", "carrying_col": "kantava hanke", "noncarrying_col": "ei kanna",
        "overlaps": "PMO:n päällekkäisyyskatselmus",
        "overlaps_intro": "Hankeparit, jotka tekevät samaa työtä (painotettu Jaccard-pistemäärä, raja {min}). "
                          "Suurin päällekkäisyys ensin.",
        "pair": "Hankepari", "score": "Pisteet", "shared": "Yhteinen työ", "no_overlaps": "Ei päällekkäisiä hankepareja.",
        "clusters": "Päällekkäisten hankkeiden ryppäät",
        "ownership": "Omistajuus",
        "ownership_intro": "Kuka omistaa mitäkin sitovista tavoitteista, avaintuloksista ja hankkeista – ja mitä "
                           "kukaan ei omista. Avaintulos perii tavoitteensa omistajan.",
        "owner": "Omistaja", "owns": "Omistaa", "nobody": "Näitä kukaan ei omista",
        "nobody_none": "Kaikilla tavoitteilla, avaintuloksilla ja hankkeilla on omistaja.",
        "inherited": "peritty tavoitteelta", "owner_flags": "Huomiot", "n_items": "kohdetta",
        "roadmap": "Tiekartta",
        "roadmap_intro": "Vaiheet sarakkeina, teemat riveinä. Virstanpylväät on numeroitu soluittain; kunkin alla "
                         "sen kantavat hankkeet. Solun alaosassa sitovat tavoitteet, jotka palvelevat solun "
                         "virstanpylväitä (→ numerot).",
        "carried_by": "Kantajat", "no_carrier": "ei kantavaa hanketta", "goal": "Sitova tavoite",
        "reached_only": "vain ei-kantavat",
        "diagrams": "Kaaviot",
        "diagrams_intro": "Kaaviot ovat myös erillisinä SVG-tiedostoina kansiossa diagrams/ (sopivat esityksiin). "
                          "Vie hiiri kohteen päälle nähdäksesi sen tunnisteen ja havainnot.",
        "full_size": "Täysi koko", "fit": "Sovita", "open_svg": "Avaa SVG",
        "more_diagrams": "Teemakohtaiset kytkeytymiskaaviot (SVG-tiedostoina)",
        "footer": "Tuotettu strategygraph-työkalulla mallista {model}. Luvut ja havainnot lasketaan mallin "
                  "YAML-tiedostoista; jokainen väite on tarkistettavissa lähdeviittauksesta.",
        "none": "–",
        "kinds": "Tyyppi", "toggle_group": "Näytä tai piilota tämän säännön havainnot",
        "no_match": "Mikään havainto ei vastaa suodattimia.", "unowned": "ei omistajaa",
    },
    "en": {
        "lang": "en",
        "title": "Strategy status report",
        "generated": "Generated",
        "model": "Model",
        "version": "strategygraph",
        "nav_summary": "Summary", "nav_findings": "Findings", "nav_coverage": "Coverage",
        "nav_overlaps": "Overlaps", "nav_ownership": "Ownership", "nav_roadmap": "Roadmap",
        "nav_diagrams": "Diagrams",
        "summary": "Summary",
        "summary_intro": "What the strategy contains and what the analysis found in it.",
        "entities": "Contents of the strategy", "links": "links",
        "findings_by": "Findings by category and severity",
        "total": "Total", "accepted": "accepted", "accepted_long": "Accepted finding",
        "open_findings": "open findings",
        "category": "Category", "severity": "Severity", "theme": "Theme", "rule": "Rule",
        "subjects": "Concerns", "message": "Finding",
        "findings": "Findings",
        "findings_intro": "Each finding says what a rule found, why it matters, the evidence and the source the facts "
                          "come from. Open a row to see the explanation.",
        "all": "All", "no_theme": "(no theme)", "search": "Search", "search_ph": "word or id",
        "show_accepted": "Show accepted", "reset": "Clear filters",
        "shown": "showing", "of": "of",
        "explanation": "Explanation", "fix": "How to fix", "evidence": "Evidence", "sources": "Sources",
        "no_source": "no source reference", "defined_in": "defined in",
        "accepted_by": "Accepted {date}: {reason}",
        "no_findings": "No findings.",
        "coverage": "Coverage: which projects carry what",
        "coverage_intro": "Rows are strategy elements, columns projects. A cell counts the links through which the "
                          "project reaches the row; the darker, the more. Rows marked red have no carrying project. "
                          "Grey columns are projects whose status does not carry work (carrying statuses: "
                          "{statuses}).",
        "carriers": "Carriers", "other_carriers": "Other carriers", "no_columns": "No project reaches these.",
        "rows": "rows", "uncarried_rows": "without a carrier",
        "trimmed": "The matrix is too big for the page: showing the {shown} rows no carrying project reaches "
                   "({total} rows in all). The whole matrix is in coverage.xlsx.",
        "heat_legend": "Links", "carrying_col": "carrying project", "noncarrying_col": "not carrying",
        "overlaps": "PMO overlap review",
        "overlaps_intro": "Project pairs doing the same work (weighted Jaccard score, minimum {min}). Largest overlap "
                          "first.",
        "pair": "Project pair", "score": "Score", "shared": "Shared work", "no_overlaps": "No overlapping project pairs.",
        "clusters": "Clusters of overlapping projects",
        "ownership": "Ownership",
        "ownership_intro": "Who owns which binding goals, key results and projects – and what nobody owns. A key "
                           "result inherits its goal's owner.",
        "owner": "Owner", "owns": "Owns", "nobody": "Owned by nobody",
        "nobody_none": "Every goal, key result and project has an owner.",
        "inherited": "inherited from the goal", "owner_flags": "Notes", "n_items": "items",
        "roadmap": "Roadmap",
        "roadmap_intro": "Phases as columns, themes as rows. Milestones are numbered per cell, each with the "
                         "projects that carry it; at the bottom of a cell the binding goals that serve its "
                         "milestones (→ numbers).",
        "carried_by": "Carried by", "no_carrier": "no carrying project", "goal": "Binding goal",
        "reached_only": "only non-carrying",
        "diagrams": "Diagrams",
        "diagrams_intro": "The diagrams are also separate SVG files in the diagrams/ folder (for slides and papers). "
                          "Hover over an element to see its id and findings.",
        "full_size": "Full size", "fit": "Fit", "open_svg": "Open SVG",
        "more_diagrams": "Linkage diagrams per theme (as SVG files)",
        "footer": "Produced by strategygraph from the model {model}. Figures and findings are computed from the "
                  "model's YAML files; every claim can be checked against its source reference.",
        "none": "–",
        "kinds": "Kind", "toggle_group": "Show or hide this rule's findings",
        "no_match": "No finding matches the filters.", "unowned": "no owner",
    },
}

CATEGORY_NAMES = {
    "fi": {"gap": "Aukot", "overlap": "Päällekkäisyydet", "ownership": "Omistajuus", "dependency": "Riippuvuudet",
           "consistency": "Ristiriidat"},
    "en": {"gap": "Gaps", "overlap": "Overlaps", "ownership": "Ownership", "dependency": "Dependencies",
           "consistency": "Consistency"},
}
SEVERITY_NAMES = {
    "fi": {"error": "virhe", "warning": "varoitus", "info": "huomio"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
KIND_PLURALS = {
    "fi": {"Meaning": "Merkitys", "Value": "Arvot", "Theme": "Teemat", "SubTheme": "Alateemat", "Phase": "Vaiheet",
           "Milestone": "Virstanpylväät", "Action": "Toimenpiteet", "Project": "Hankkeet",
           "Capability": "Kyvykkyydet", "KPI": "Mittarit", "Goal": "Sitovat tavoitteet", "KeyResult": "Avaintulokset",
           "Task": "Tehtävät", "Unit": "Yksiköt", "Source": "Lähteet"},
    "en": {"Meaning": "Meaning", "Value": "Values", "Theme": "Themes", "SubTheme": "Sub-themes", "Phase": "Phases",
           "Milestone": "Milestones", "Action": "Actions", "Project": "Projects", "Capability": "Capabilities",
           "KPI": "KPIs", "Goal": "Binding goals", "KeyResult": "Key results", "Task": "Tasks", "Unit": "Units",
           "Source": "Sources"},
}
