"""Every fi/en text of the views (report page, diagrams, workbook, slides) in one place.

A table maps a language code to its texts; :func:`texts` picks the language's
texts (falling back to :data:`DEFAULT_LANG`), :func:`ui` and :func:`say` format
one text. Strings a user sees never come from anywhere else in ``views``.
"""

from __future__ import annotations

import weakref
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


def kind_name(kind: str, lang: str, model: Any = None) -> str:
    """The name of an entity kind (``SubTheme`` → "Alateema"); with ``model``, goals in the organization's
    own word (see :func:`goal_term`)."""
    if kind == "Goal" and model is not None and (term := goal_term(model, lang)):
        return term
    return texts(KIND_NAMES, lang).get(kind, kind)


def goal_term(model: Any, lang: str) -> str | None:
    """The organization's own word for its goals: the label of the goal kind (``model: vocabularies:
    goal_kinds``) that every goal of the model has ("Sitova tavoite"); None when goals differ in kind or
    have none (then they are plain goals)."""
    ref, terms = _GOAL_TERMS.get(id(model), (None, {}))
    if ref is None or ref() is not model:  # first use, or another model at a reused address
        ref, terms = weakref.ref(model), {}
        _GOAL_TERMS[id(model)] = (ref, terms)
    if lang in terms:
        return terms[lang]
    kinds = {str(getattr(g.goal_kind, "value", g.goal_kind)) if g.goal_kind else None for g in model.of_kind("Goal")}
    term = None
    if len(kinds) == 1 and None not in kinds:
        (k,) = kinds
        term = next((t.label.get(lang) or None for t in model.vocabulary("goal_kinds") if str(t.id) == k), None)
    terms[lang] = term
    return term


#: id(model) -> (a weak reference to the model, language -> its goal term): computed once per model and
#: never keeping a model alive (a model is unhashable: it compares by content)
_GOAL_TERMS: dict[int, tuple[weakref.ref[Any], dict[str, str | None]]] = {}


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
           "KPI": "Mittari", "Goal": "Tavoite", "KeyResult": "Avaintulos", "Task": "Tehtävä",
           "Unit": "Yksikkö", "Source": "Lähde"},
    "en": {"Meaning": "Meaning", "Value": "Value", "Theme": "Theme", "SubTheme": "Sub-theme", "Phase": "Phase",
           "Milestone": "Milestone", "Action": "Action", "Project": "Project", "Capability": "Capability",
           "KPI": "KPI", "Goal": "Goal", "KeyResult": "Key result", "Task": "Task", "Unit": "Unit",
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
           "serves": "palvelee", "carriedBy": "toteuttaja", "measuredBy": "mittari", "measures": "mittaa",
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
        "uncarried": "ei toteuttavaa hanketta", "unowned": "ei omistajaa", "accepted": "hyväksytty poikkeama",
        "noncarrying": "hanke ei toteuta (tila)", "carrying": "toteuttava hanke",
        "spof": "ainoa toteuttaja (kriittinen)", "cycle": "riippuvuussykli", "depends": "riippuu",
        "ends_early": "päättyy ennen määräaikaa",
        "ends_early_n": "päättyy {end}, ennen {n} toteuttamansa kohteen määräaikaa",
        "phase_order": "vaihe edellyttää edellistä",
        "overlap_edge": "päällekkäisyys (pisteet)", "shared_item": "yhteinen työ",
        "implements": "hanke toteuttaa / toimittaa", "steers": "ohjataan teemassa",
        "contributes": "toimenpide edistää virstanpylvästä",
        "actions_n": "toimenpidettä", "milestones_n": "virstanpylvästä",
        "only_carrier": "ainoa toteuttaja: {share} teemasta {theme}",
        "carried_by": "toteuttaja", "no_carrier": "ei toteuttavaa hanketta", "serves": "tavoite",
        "roadmap_summary": "{n} virstanpylvästä; solussa niiden määrä (⚠ = ilman toteuttavaa hanketta). Teeman yksityiskohdat: --theme ID",
        "uncarried_goal": "tavoite, jota ei toteuta yksikään hanke",
        "more": "+{n} muuta", "depth_cut": "syvyys rajattu {depth}:een (yli {max} solmua)",
        "none_overlaps": "Ei päällekkäisyyksiä (pisteraja {min}).", "none_deps": "Ei riippuvuuksia.",
        "none": "Ei sisältöä.", "overview": "yleiskuva", "focus_of": "{label} – {depth} askelta",
        "phase": "Vaihe", "theme_lane": "Teema", "min_score": "pisteraja {min}",
        "summary_projects": "+{n} hanketta, jotka eivät toteuta",
        "values": "Arvot", "values_hidden": "{n} arvoa tai periaatetta muista versioista ({editions}) ei ole kuvassa",
        "shape_note": "Muoto ja väri kertovat tyypin",
        "score": "pisteet", "projects": "Hankkeet",
        "implements_links": "hanke toteuttaa teeman työtä (viivan paksuus = toimenpiteiden ja virstanpylväiden määrä)",
        "n_subthemes": "{n} alateemaa",
        "subthemes_summarized": "alateemat tiivistetty lukumääriksi ({n} teemaa)",
        "roadmap_cut": "{n} teemaa ei mahdu kuvaan; piirrä teema kerrallaan: --theme ID",
        "projects_cut": "{n} hanketta jätetty pois (vähiten kytköksiä)",
        "milestones_count": "Virstanpylväitä: {n}",
        "n_uncarried": "{n} ilman toteuttavaa hanketta",
        "reaches_indirectly": "hanke tavoittaa toimenpiteen tai tavoitteen kautta", "in_focus": "tarkasteltava",
        "implements_actions": "hanke toteuttaa toimenpiteitä (viivan paksuus = määrä)",
        "delivers_milestones": "hanke toimittaa virstanpylväitä (viivan paksuus = määrä)",
        # the roadmap over time
        "as_of": "tilanne {date}", "phase_past": "mennyt", "phase_current": "meneillään", "phase_future": "tuleva",
        "phase_past_long": "vaihe päättynyt {date} mennessä", "phase_current_long": "vaihe meneillään {date}",
        "phase_future_long": "vaihe alkaa {date} jälkeen",
        "with_figure": "{n}/{total} luku tiedossa",
        "progress_colour": "eteneminen: {colour}",
        "colour_green": "vihreä", "colour_yellow": "keltainen", "colour_red": "punainen",
        "colour_None": "ei lukua",
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
        # the roadmap over time
        "as_of": "as of {date}", "phase_past": "past", "phase_current": "current", "phase_future": "future",
        "phase_past_long": "phase over by {date}", "phase_current_long": "phase current at {date}",
        "phase_future_long": "phase starts after {date}",
        "with_figure": "{n} of {total} with a figure",
        "progress_colour": "progress: {colour}",
        "colour_green": "green", "colour_yellow": "yellow", "colour_red": "red", "colour_None": "no figure",
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
        "coverage": "Kattavuus: mitkä hankkeet toteuttavat mitäkin",
        "coverage_intro": "Rivit ovat strategian osia, sarakkeet hankkeita. Solun luku kertoo, monenko linkin kautta "
                          "hanke tavoittaa rivin; mitä tummempi, sitä enemmän. Punaisella merkittyjä rivejä ei toteuta "
                          "yksikään toteuttava hanke. Harmaat sarakkeet ovat hankkeita, jotka eivät tilansa vuoksi toteuta "
                          "työtä (toteuttavat tilat: {statuses}).",
        "carriers": "Kantajia", "other_carriers": "Muut toteuttajat", "no_columns": "Mikään hanke ei tavoita näitä.",
        "rows": "riviä", "uncarried_rows": "ilman toteuttajaa",
        "trimmed": "Matriisi on liian suuri sivulle: näytetään {shown} riviä, joita mikään toteuttava hanke ei "
                   "tavoita ({total} riviä yhteensä). Koko matriisi on tiedostossa coverage.xlsx.",
        "heat_legend": "Linkkejä", "carrying_col": "toteuttava hanke", "noncarrying_col": "ei toteuta",
        "overlaps": "PMO:n päällekkäisyyskatselmus",
        "overlaps_intro": "Hankeparit, jotka tekevät samaa työtä. Päällekkäisyys kertoo, kuinka suuri osa parin "
                          "yhteenlasketusta työstä on yhteistä (0–1; listalla vähintään {min}). Suurin ensin.",
        "pair": "Hankepari", "score": "Päällek\u00adkäisyys", "shared": "Yhteinen työ", "no_overlaps": "Ei päällekkäisiä hankepareja.",
        "clusters": "Päällekkäisten hankkeiden ryppäät",
        "ownership": "Omistajuus",
        "ownership_intro": "Kuka omistaa mitäkin tavoitteista, avaintuloksista ja hankkeista – ja mitä "
                           "kukaan ei omista. Avaintulos perii tavoitteensa omistajan.",
        "owner": "Omistaja", "owns": "Omistaa", "nobody": "Näitä kukaan ei omista",
        "nobody_none": "Kaikilla tavoitteilla, avaintuloksilla ja hankkeilla on omistaja.",
        "inherited": "peritty tavoitteelta", "owner_flags": "Huomiot", "n_items": "kohdetta",
        "roadmap": "Tiekartta",
        "roadmap_intro": "Vaiheet sarakkeina, teemat riveinä. Virstanpylväät on numeroitu soluittain; kunkin alla "
                         "sen toteuttavat hankkeet. Solun alaosassa tavoitteet, jotka palvelevat solun "
                         "virstanpylväitä (→ numerot).",
        "carried_by": "Toteuttajat", "no_carrier": "ei toteuttavaa hanketta", "goal": "Tavoite",
        "reached_only": "vain ei-toteuttavat",
        "diagrams": "Kaaviot",
        "diagrams_intro": "Kaaviot ovat myös erillisinä SVG-tiedostoina kansiossa diagrams/ (sopivat esityksiin). "
                          "Napauta kohdetta avataksesi sen kohdan sivulla (hiiren alla näkyvät tunniste ja havainnot).",
        "full_size": "Täysi koko", "fit": "Sovita", "open_svg": "Avaa SVG",
        "more_diagrams": "Teemakohtaiset kytkeytymiskaaviot (SVG-tiedostoina)",
        "footer": "Tuotettu strategygraph-työkalulla mallista {model}. Luvut ja havainnot lasketaan mallin "
                  "YAML-tiedostoista; jokainen väite on tarkistettavissa lähdeviittauksesta.",
        "none": "–",
        "kinds": "Tyyppi", "toggle_group": "Näytä tai piilota tämän säännön havainnot",
        "no_match": "Mikään havainto ei vastaa suodattimia.", "unowned": "ei omistajaa",
        # progress and scenario sections
        "nav_progress": "Eteneminen", "nav_scenario": "Päätösten vaikutus",
        "progress": "Eteneminen",
        "progress_intro": "Tilanne {date}. Tehtävän luku on sen valmiusaste, avaintuloksen luku mitatun arvon "
                          "sijainti lähtötason ja tavoitetason välillä; tavoitteen luku on tehtäviensä (muuten "
                          "avaintulostensa) keskiarvo, ja virstanpylväs, alateema ja painopiste saavat sitä "
                          "palvelevien tavoitteiden keskiarvon. Väri organisaation omasta säännöstä: {rule}. "
                          "Perusta kertoo, monellako alla olevalla kohteella on luku; loput ovat tuntemattomia.",
        "progress_no_date": "analyysipäivää ei ole annettu",
        "colour_green": "vihreä", "colour_yellow": "keltainen", "colour_red": "punainen",
        "colour_not-reported": "ei raportoitu",
        "colour_from": "{colour} {min} %:sta",
        "colour_rule_config": "vihreä yli {green} %, keltainen yli {yellow} %, muuten punainen",
        "progress_disagrees": "raportoitu {reported}, luvut: {figures}",
        "progress_stale": "tieto vanhentunut (uusin {date})",
        "progress_nothing_below": "ei mitattavaa: mikään tavoite, tehtävä tai avaintulos ei kohdistu tähän",
        "value_vs_target": "{value} (tavoite {target})",
        "progress_level": "{known}/{total} luku tiedossa: {green} vihreää, {yellow} keltaista, {red} punaista",
        "col_progress": "Eteneminen", "col_colour": "Väri", "col_reported": "Raportoitu", "col_as_of": "Ajankohta",
        "col_basis": "Perusta", "basis": "{known}/{n}",
        "rests_on": "Perustuu", "unknown": "Ei lukua",
        "phase_past": "mennyt", "phase_current": "meneillään", "phase_future": "tuleva",
        "phases_title": "Tiekartan vaiheet {date}",
        "phase_line": "{n} virstanpylvästä, {known} luku tiedossa, {bad} ilman kantavaa hanketta",
        "phase_carriers": "Kantavat hankkeet",
        "more_rows": "+{n} riviä lisää: strategygraph progress",
        "scenario": "Jos hankesalkun ehdotetut päätökset toteutetaan",
        "scenario_intro": "Hankesalkun omat ehdotukset sovellettuina mallin kopioon: miten kattavuus muuttuu, mikä "
                          "jää ilman viimeistä kantajaansa, mitkä havainnot syntyvät ja poistuvat ja minkä "
                          "hankkeiden työmäärä kasvaa. Muualla sivulla ehdotukset lasketaan jo tehdyiksi; tässä "
                          "verrataan tilannetta ilman niitä tilanteeseen, jossa ne on toteutettu. Malliin ei "
                          "kirjoiteta mitään (sama: strategygraph scenario --apply-dispositions).",
        "scenario_stop": "lopetetaan", "scenario_merge": "yhdistetään", "scenario_delay": "siirretään",
        "scenario_set": "muutetaan", "scenario_shell": "kuorihanke", "scenario_start": "käynnistetään",
        "sc_decisions": "Ehdotetut päätökset", "sc_coverage": "Kantajalliset kohteet ennen ja jälkeen",
        "sc_before": "Ennen", "sc_after": "Jälkeen", "sc_of": "Kaikkiaan",
        "sc_lost": "Jää ilman viimeistä kantajaansa", "sc_lost_none": "Mikään ei jää ilman kantajaa.",
        "sc_was": "kantoi ennen", "sc_still": "muut toteuttajat",
        "sc_gained": "Saa kantajan", "sc_now": "kantaa jatkossa",
        "sc_grows": "Hankkeet, joiden työmäärä kasvaa", "sc_load": "omia työkohteita ennen → jälkeen",
        "sc_findings": "Havainnot: {introduced} syntyy, {resolved} poistuu, {unchanged} ennallaan",
        "sc_introduced": "Syntyy", "sc_resolved": "Poistuu",
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
        "overlaps_intro": "Project pairs doing the same work. The overlap is the share of the pair's combined work "
                          "that they have in common (0–1; listed from {min}). Largest first.",
        "pair": "Project pair", "score": "Overlap", "shared": "Shared work", "no_overlaps": "No overlapping project pairs.",
        "clusters": "Clusters of overlapping projects",
        "ownership": "Ownership",
        "ownership_intro": "Who owns which goals, key results and projects – and what nobody owns. A key "
                           "result inherits its goal's owner.",
        "owner": "Owner", "owns": "Owns", "nobody": "Owned by nobody",
        "nobody_none": "Every goal, key result and project has an owner.",
        "inherited": "inherited from the goal", "owner_flags": "Notes", "n_items": "items",
        "roadmap": "Roadmap",
        "roadmap_intro": "Phases as columns, themes as rows. Milestones are numbered per cell, each with the "
                         "projects that carry it; at the bottom of a cell the goals that serve its "
                         "milestones (→ numbers).",
        "carried_by": "Carried by", "no_carrier": "no carrying project", "goal": "Goal",
        "reached_only": "only non-carrying",
        "diagrams": "Diagrams",
        "diagrams_intro": "The diagrams are also separate SVG files in the diagrams/ folder (for slides and papers). "
                          "Tap an element to open its section of the page (hovering shows its id and findings).",
        "full_size": "Full size", "fit": "Fit", "open_svg": "Open SVG",
        "more_diagrams": "Linkage diagrams per theme (as SVG files)",
        "footer": "Produced by strategygraph from the model {model}. Figures and findings are computed from the "
                  "model's YAML files; every claim can be checked against its source reference.",
        "none": "–",
        "kinds": "Kind", "toggle_group": "Show or hide this rule's findings",
        "no_match": "No finding matches the filters.", "unowned": "no owner",
        # progress and scenario sections
        "nav_progress": "Progress", "nav_scenario": "Decisions",
        "progress": "Progress",
        "progress_intro": "As of {date}. A task's figure is its completion, a key result's where its measured "
                          "value lies between baseline and target; a goal's is the mean of its tasks (else of "
                          "its key results), and milestones, sub-themes and themes take the mean of the goals "
                          "that serve them. Colour by the organization's own rule: {rule}. The basis says how "
                          "many of the items below have a figure; the rest are unknown.",
        "progress_no_date": "no analysis date given",
        "colour_green": "green", "colour_yellow": "yellow", "colour_red": "red", "colour_not-reported": "not reported",
        "colour_from": "{colour} from {min} %",
        "colour_rule_config": "green above {green} %, yellow above {yellow} %, red otherwise",
        "progress_disagrees": "reported {reported}, figures say {figures}",
        "progress_stale": "stale (newest fact {date})",
        "progress_nothing_below": "nothing to measure: no goal, task or key result below it",
        "value_vs_target": "{value} (target {target})",
        "progress_level": "{known} of {total} with a figure: {green} green, {yellow} yellow, {red} red",
        "col_progress": "Progress", "col_colour": "Colour", "col_reported": "Reported", "col_as_of": "As of",
        "col_basis": "Basis", "basis": "{known} of {n}",
        "rests_on": "Rests on", "unknown": "No figure",
        "phase_past": "past", "phase_current": "current", "phase_future": "future",
        "phases_title": "Roadmap phases at {date}",
        "phase_line": "{n} milestones, {known} with a figure, {bad} without a carrying project",
        "phase_carriers": "Carrying projects",
        "more_rows": "+{n} more rows: strategygraph progress",
        "scenario": "If the proposed portfolio decisions are carried out",
        "scenario_intro": "The portfolio's own proposals applied to a copy of the model: how coverage changes, what "
                          "loses its last carrier, which findings appear and go, and which projects' load grows. "
                          "Elsewhere on the page the proposals count as taken; here the strategy without them is "
                          "compared with the strategy once they are carried out. Nothing is written to the model "
                          "(the same as strategygraph scenario --apply-dispositions).",
        "scenario_stop": "stop", "scenario_merge": "merge", "scenario_delay": "delay", "scenario_set": "change",
        "scenario_shell": "shell project", "scenario_start": "start",
        "sc_decisions": "Proposed decisions", "sc_coverage": "Elements with a carrying project, before and after",
        "sc_before": "Before", "sc_after": "After", "sc_of": "Of",
        "sc_lost": "Losing their last carrier", "sc_lost_none": "Nothing loses its last carrier.",
        "sc_was": "carried before by", "sc_still": "other carriers",
        "sc_gained": "Gaining a carrier", "sc_now": "now carried by",
        "sc_grows": "Projects whose load grows", "sc_load": "work items of their own, before → after",
        "sc_findings": "Findings: {introduced} introduced, {resolved} resolved, {unchanged} unchanged",
        "sc_introduced": "Introduced", "sc_resolved": "Resolved",
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
           "Capability": "Kyvykkyydet", "KPI": "Mittarit", "Goal": "Tavoitteet", "KeyResult": "Avaintulokset",
           "Task": "Tehtävät", "Unit": "Yksiköt", "Source": "Lähteet"},
    "en": {"Meaning": "Meaning", "Value": "Values", "Theme": "Themes", "SubTheme": "Sub-themes", "Phase": "Phases",
           "Milestone": "Milestones", "Action": "Actions", "Project": "Projects", "Capability": "Capabilities",
           "KPI": "KPIs", "Goal": "Goals", "KeyResult": "Key results", "Task": "Tasks", "Unit": "Units",
           "Source": "Sources"},
}


def evidence_name(key: str, lang: str) -> str:
    """A finding's evidence key in words (``reached_by_non_carrying`` → "tavoittavat ei-toteuttavat hankkeet")."""
    return texts(EVIDENCE_NAMES, lang).get(key) or texts(FIELD_NAMES, lang).get(key) or key.replace("_", " ")


def field_name(key: str, lang: str) -> str:
    """An entity field in words (``end`` → "päättyy")."""
    return texts(FIELD_NAMES, lang).get(key, key.replace("_", " "))


def relation_name(relation: str, lang: str) -> str:
    """A link's relation in words (``dependsOn`` → "riippuu")."""
    return texts(RELATION_NAMES, lang).get(relation, relation)


EVIDENCE_NAMES: dict[str, dict[str, str]] = {
    "fi": {"reached_by_non_carrying": "tavoittavat ei-toteuttavat hankkeet", "carrying_statuses": "toteuttavat tilat",
           "projects": "hankkeet", "required_by": "edellyttäjät", "developed_by_non_carrying":
           "kehittävät ei-toteuttavat hankkeet", "cited": "viitattu", "serves": "palvelee", "used_by": "käyttäjät",
           "carriers": "toteuttajat", "parts": "osat", "project_end": "hanke päättyy", "status": "tila",
           "disposition": "PMO:n ratkaisu", "elements": "kohteet", "carrying_projects": "toteuttavat hankkeet",
           "phase": "vaihe", "phase_period": "vaiheen ajanjakso", "due": "määräaika", "share": "osuus",
           "rank": "sija", "sole_carrier_of": "ainoa toteuttaja kohteille", "perspective": "näkökulma",
           "score": "päällekkäisyys", "shared": "yhteinen työ", "year": "vuosi", "kind": "tyyppi",
           "items": "kohteet", "similarity": "samankaltaisuus", "shared_stems": "yhteiset sanat",
           "owners": "omistajat", "reason": "syy", "start": "alkaa", "end": "päättyy", "cycle": "kehä",
           "expected": "odotettu", "mean_completion": "keskimääräinen valmiusaste", "completions": "valmiusasteet",
           "goal": "tavoite", "behind": "tehtävät, jotka eivät etene", "known": "tehtävät, joiden tila tiedetään",
           "key_results": "avaintulokset", "newest_fact": "uusin etenemistieto", "stated": "tila ilmoitettu",
           "as_of": "analyysipäivä", "age_days": "ikä päivinä"},
    "en": {"reached_by_non_carrying": "reached by non-carrying projects", "carrying_statuses": "carrying statuses",
           "projects": "projects", "required_by": "required by", "developed_by_non_carrying":
           "developed by non-carrying projects", "cited": "cited", "serves": "serves", "used_by": "used by",
           "carriers": "carriers", "parts": "parts", "project_end": "project ends", "status": "status",
           "disposition": "PMO decision", "elements": "elements", "carrying_projects": "carrying projects",
           "phase": "phase", "phase_period": "phase period", "due": "due", "share": "share", "rank": "rank",
           "sole_carrier_of": "sole carrier of", "perspective": "perspective", "score": "overlap",
           "shared": "shared work", "year": "year", "kind": "kind", "items": "items", "similarity": "similarity",
           "shared_stems": "shared words", "owners": "owners", "reason": "reason", "start": "starts",
           "end": "ends", "cycle": "cycle", "expected": "expected", "mean_completion": "mean completion",
           "completions": "completions", "goal": "goal", "behind": "tasks not on track",
           "known": "tasks with a known state", "key_results": "key results", "newest_fact": "newest progress fact",
           "stated": "status stated", "as_of": "analysis date", "age_days": "age in days"},
}

FIELD_NAMES: dict[str, dict[str, str]] = {
    "fi": {"description": "Kuvaus", "status": "Tila", "start": "Alkaa", "end": "Päättyy", "due": "Määräaika",
           "year": "Vuosi", "period": "Ajanjakso", "completion": "Valmiusaste", "number": "Numero",
           "edition": "Versio", "unit": "Yksikkö", "kind": "Tyyppi", "id": "Tunniste", "file": "Tiedosto"},
    "en": {"description": "Description", "status": "Status", "start": "Starts", "end": "Ends", "due": "Due",
           "year": "Year", "period": "Period", "completion": "Completion", "number": "Number",
           "edition": "Edition", "unit": "Unit", "kind": "Kind", "id": "Id", "file": "File"},
}

#: the board view, the element directory, navigation and the print paper
BOARD_UI: dict[str, dict[str, str]] = {
    "fi": {
        "nav_board": "Tilannekuva", "nav_elements": "Osat",
        "board": "Tilannekuva hallitukselle",
        "lead_ok": "Analyysi ei löytänyt avoimia havaintoja strategiasta {model}.",
        "lead": "Strategiassa on {open} avointa havaintoa ({errors} virhettä, {warnings} varoitusta). "
                "Tärkeimmät ensin:",
        "lead_themes": "{red} teemaa {total}:stä on punaisella: niiden työtä ei toteuta yksikään toteuttava hanke.",
        "lead_themes_amber": "{amber} teemaa {total}:stä on keltaisella: osa niiden työstä on ilman toteuttajaa.",
        "lead_themes_ok": "Kaikkien {total} teeman työllä on toteuttava hanke.",
        "lead_overlaps": "PMO:n katselmoitavana on {n} päällekkäistä hankeparia.",
        "as_of": "Tilanne {date}.", "as_of_generated": "Raportti luotu {date}; mallissa ei ole tilannepäivää.",
        "top": "Tärkeimmät havainnot", "more_findings": "Kaikki {n} havaintoa",
        "lights": "Kattavuus teemoittain", "light_green": "kunnossa", "light_amber": "osin ilman toteuttajaa",
        "light_red": "ei toteuttajaa", "light_legend": "Vihreä: kaikella työllä on toteuttava hanke. Keltainen: osa "
        "alateemoista tai virstanpylväistä ilman toteuttajaa. Punainen: teema tai yli puolet sen työstä ilman toteuttajaa.",
        "carried_share": "{ok}/{n} toteuttajalla", "house": "Strategiatalo",
        "follows": "Seuraa tästä", "follows_from": "Seuraus havainnosta", "consequences": "{n} seurausta",
        "weight": "Painoarvo", "where": "Sijainti", "detail": "Tunnisteet",
        "elements": "Strategian osat", "elements_intro": "Jokaisella osalla on oma kohtansa: ominaisuudet, linkit "
        "sisään ja ulos, lähteet ja havainnot. Jokainen maininta sivulla vie tänne.",
        "links_out": "Linkit ulos", "links_in": "Linkit sisään", "no_links": "ei linkkejä",
        "element_findings": "Havainnot", "search_model": "Hae mallista", "search_model_ph": "nimi tai tunniste",
        "search_none": "Ei osumia.", "search_more": "+{n} osumaa lisää – tarkenna hakua",
        "back": "takaisin", "more_links": "+{n} muuta",
        "owners_page": "Sivu", "prev": "Edellinen", "next": "Seuraava",
        "top_of_lane": "{n} suurinta {total}:stä", "print_note": "Tulostettu hallituksen paperi: tilannekuva, "
        "strategiatalo, kattavuus, tärkeimmät havainnot ja päällekkäisyyskatselmus. Koko raportti: index.html.",
        "open_in": "Avaa", "tap_hint": "Napauta kohdetta nähdäksesi sen tiedot.",
        "decision": "Ratkaisu", "pending": "odottaa katselmusta", "merge_into": "yhdistetään hankkeeseen {to}",
        "lights_more": "+{n} teemaa lisää ({red} punaista, {amber} keltaista, {green} vihreää) – kaikki "
                       "kattavuustaulukossa",
        "big_diagram": "Kaaviossa on {n} kohdetta – sivun levyiseksi pienennettynä se ei olisi luettava. Avaa "
                       "se erillisenä tiedostona tai katso yksittäisen kohteen lähiympäristö: "
                       "strategygraph diagram focus --focus TUNNISTE.",
    },
    "en": {
        "nav_board": "Overview", "nav_elements": "Elements",
        "board": "Board overview",
        "lead_ok": "The analysis found no open findings in the strategy {model}.",
        "lead": "The strategy has {open} open findings ({errors} errors, {warnings} warnings). "
                "The most important first:",
        "lead_themes": "{red} of {total} themes are red: no carrying project carries their work.",
        "lead_themes_amber": "{amber} of {total} themes are amber: part of their work has no carrier.",
        "lead_themes_ok": "The work of all {total} themes has a carrying project.",
        "lead_overlaps": "The PMO has {n} overlapping project pairs to review.",
        "as_of": "Status as of {date}.", "as_of_generated": "Report generated {date}; the model states no as-of date.",
        "top": "Top findings", "more_findings": "All {n} findings",
        "lights": "Coverage per theme", "light_green": "covered", "light_amber": "partly without a carrier",
        "light_red": "no carrier", "light_legend": "Green: all work has a carrying project. Amber: some sub-themes "
        "or milestones have no carrier. Red: the theme or over half of its work has no carrier.",
        "carried_share": "{ok}/{n} carried", "house": "Strategy house",
        "follows": "Follows from this", "follows_from": "Consequence of", "consequences": "{n} consequences",
        "weight": "Weight", "where": "Location", "detail": "Identifiers",
        "elements": "Strategy elements", "elements_intro": "Every element has its own section: properties, links in "
        "and out, sources and findings. Every mention on the page leads here.",
        "links_out": "Links out", "links_in": "Links in", "no_links": "no links",
        "element_findings": "Findings", "search_model": "Search the model", "search_model_ph": "name or id",
        "search_none": "No matches.", "search_more": "+{n} more matches – refine the search",
        "back": "back", "more_links": "+{n} more",
        "owners_page": "Page", "prev": "Previous", "next": "Next",
        "top_of_lane": "top {n} of {total}", "print_note": "Printed board paper: overview, strategy house, "
        "coverage, top findings and the overlap review. The whole report: index.html.",
        "open_in": "Open", "tap_hint": "Tap an element to see its details.",
        "decision": "Decision", "pending": "awaiting review", "merge_into": "merge into {to}",
        "lights_more": "+{n} more themes ({red} red, {amber} amber, {green} green) – all in the coverage table",
        "big_diagram": "The diagram has {n} elements – shrunk to the page's width it would not be readable. Open "
                       "it as a separate file, or draw one element's neighbourhood: "
                       "strategygraph diagram focus --focus ID.",
    },
}

#: the workbook (coverage.xlsx): sheet names and column headers
WORKBOOK_UI: dict[str, dict[str, str]] = {
    "fi": {"findings": "havainnot", "ownership": "omistajuus", "coverage": "kattavuus {kind}",
           "severity": "vakavuus", "rule": "sääntö", "name": "säännön nimi", "category": "luokka",
           "subjects": "koskee", "message": "havainto", "accepted": "hyväksytty (perustelu)", "id": "tunniste",
           "label": "nimi", "carrying": "toteuttavia hankkeita", "other": "muut toteuttajat", "kind": "tyyppi",
           "owners": "omistajan tunniste", "owner_labels": "omistaja", "uncarried": "EI KANTAJAA",
           "noncarrying": "ei toteuta: {status}", "status": "toteuttaako", "legend":
           "Punaiset rivit: ei yhtään toteuttavaa hanketta. Värisävy koskee vain toteuttavia hankkeita; harmaat "
           "sarakkeet ovat hankkeita, jotka eivät tilansa vuoksi toteuta työtä."},
    "en": {"findings": "findings", "ownership": "ownership", "coverage": "coverage {kind}",
           "severity": "severity", "rule": "rule", "name": "rule name", "category": "category",
           "subjects": "concerns", "message": "finding", "accepted": "accepted (reason)", "id": "id",
           "label": "label", "carrying": "carrying projects", "other": "other carriers", "kind": "kind",
           "owners": "owner id", "owner_labels": "owner", "uncarried": "NO CARRIER",
           "noncarrying": "not carrying: {status}", "status": "carries", "legend":
           "Red rows: no carrying project. The colour scale covers carrying projects only; grey columns are "
           "projects whose status does not carry work."},
}

#: the slide deck (slides command)
SLIDES_UI: dict[str, dict[str, str]] = {
    "fi": {"title": "Strategian tilannekuva", "subtitle": "Malli {model} · {date}", "board": "Tilannekuva",
           "house": "Strategiatalo", "roadmap": "Tiekartta", "coverage": "Kattavuus teemoittain",
           "top": "Tärkeimmät havainnot", "overlaps": "PMO:n päällekkäisyyskatselmus", "theme": "Teema",
           "light": "Tila", "carried": "Toteuttajalla", "carriers": "Toteuttavat hankkeet", "severity": "Vakavuus",
           "finding": "Havainto", "concerns": "Koskee", "pair": "Hankepari", "score": "Päällekkäisyys",
           "shared": "Yhteinen työ", "decision": "Ratkaisu", "pending": "odottaa katselmusta",
           "no_overlaps": "Ei päällekkäisiä hankepareja.", "no_findings": "Ei avoimia havaintoja.",
           "more": "+{n} muuta", "summary_roadmap": "{n} virstanpylvästä (luku = virstanpylväät, ⚠ = ilman toteuttajaa)",
           "milestones": "{n} virstanpylväät", "values": "Arvot"},
    "en": {"title": "Strategy status", "subtitle": "Model {model} · {date}", "board": "Overview",
           "house": "Strategy house", "roadmap": "Roadmap", "coverage": "Coverage per theme",
           "top": "Top findings", "overlaps": "PMO overlap review", "theme": "Theme", "light": "Status",
           "carried": "Carried", "carriers": "Carrying projects", "severity": "Severity", "finding": "Finding",
           "concerns": "Concerns", "pair": "Project pair", "score": "Overlap", "shared": "Shared work",
           "decision": "Decision", "pending": "awaiting review", "no_overlaps": "No overlapping project pairs.",
           "no_findings": "No open findings.", "more": "+{n} more",
           "summary_roadmap": "{n} milestones (number = milestones, ⚠ = without a carrier)",
           "milestones": "{n} milestones", "values": "Values"},
}

#: a project's proposed disposition in the portfolio alignment
DISPOSITION_NAMES: dict[str, dict[str, str]] = {
    "fi": {"continue": "jatketaan", "refine": "jatketaan, sisältöä täydennetään", "merge": "yhdistetään",
           "shell": "kuorihanke", "discontinue": "lopetetaan", "new": "uusi hanke"},
    "en": {"continue": "continue", "refine": "continue, content to be completed", "merge": "merge",
           "shell": "shell project", "discontinue": "discontinue", "new": "new project"},
}


def disposition_name(disposition: str, lang: str) -> str:
    """A project's disposition in words (``merge`` → "yhdistetään")."""
    return texts(DISPOSITION_NAMES, lang).get(disposition, disposition)
