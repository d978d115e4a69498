"""Every finding text in Finnish and English: messages, fixes, kind names and terms.

Rules build their messages with ``ctx.t(KEY, **params)``; :func:`text` picks the context's language
(``fi`` or ``en``; any other language falls back to English). Identifiers (entity ids, rule codes,
configuration keys, field names) stay untranslated. A test checks that every key has both languages with
the same placeholders. (The analysis layer keeps its own texts: it must not import the views.)
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    "status_not_stated": {"en": "status not stated", "fi": "tila ei tiedossa"},
    # ------------------------------------------------------------------ shared
    "uncarried": {"en": "{kind} {name} is carried by no project",
                  "fi": "{kind} {name}: mikään hanke ei toteuta"},
    "only_by": {"en": " (only reached by {projects})", "fi": " (vain {projects} tavoittaa)"},
    "fix.decide_or_move": {
        "en": "Decide on {projects}, or move {name} to a carrying project or name the unit that carries it.",
        "fi": "Tee päätös: {projects}, tai siirrä {name} toteuttavalle hankkeelle tai nimeä yksikkö, joka sen toteuttaa."},
    "fix.link_carrier": {
        "en": "Link {name} to the project, action or unit that carries it (model field {field}), or plan the work.",
        "fi": "Kytke {name} hankkeeseen, toimenpiteeseen tai yksikköön, joka sen toteuttaa (mallin kenttä {field}), "
              "tai suunnittele työ."},
    "fix.named_project": {"en": " Its wording names {projects}: is that the carrier?",
                          "fi": " Sen sanamuoto mainitsee hankkeen {projects}: onko se toteuttaja?"},
    "group": {"en": "{n} of {total} {kinds}: {summary}", "fi": "{kinds}: {n}/{total} – {summary}"},
    "group.flooded": {
        "en": " – nearly all of them, so this is a practice to change, not single elements to fix",
        "fi": " – lähes kaikki, joten kyse on käytännöstä eikä yksittäisistä puutteista"},
    "group.all": {
        "en": " – all of them, so this is a practice to change, not single elements to fix",
        "fi": " – kaikki, joten kyse on käytännöstä eikä yksittäisistä puutteista"},
    "group.flooded.systemic": {
        "en": " – nearly all of them: bring them up to date before acting on the findings that rest on them",
        "fi": " – lähes kaikki: päivitä ne ennen kuin toimit niiden varaan rakentuvien havaintojen perusteella"},
    "group.all.systemic": {
        "en": " – all of them: bring them up to date before acting on the findings that rest on them",
        "fi": " – kaikki: päivitä ne ennen kuin toimit niiden varaan rakentuvien havaintojen perusteella"},
    "group.resting": {"en": "; {n} findings about them rest on these facts: {findings}",
                      "fi": "; {n} niitä koskevaa havaintoa nojaa näihin tietoihin: {findings}"},
    # ------------------------------------------------------------------ gap
    "G105": {"en": "Action {name} is carried only outside the portfolio, by {carriers}",
             "fi": "Toimenpidettä {name} toteuttaa vain hankesalkun ulkopuolinen toimija: {carriers}"},
    "G105.fix": {"en": "Make sure the goals of {carriers} include this work.",
                 "fi": "Varmista, että tämä työ on mukana toimijan {carriers} tavoitteissa."},
    "G111.goal": {"en": "Goal {name} is linked to no theme and serves no milestone",
                  "fi": "Tavoite {name} ei liity mihinkään painopisteeseen eikä palvele yhtään virstanpylvästä"},
    "G111.goal.fix": {"en": "Record the theme of {name} (theme) or the milestone it serves (serves).",
                      "fi": "Kirjaa tavoitteelle {name} painopiste (theme) tai virstanpylväs, jota se palvelee "
                            "(serves)."},
    "G111.project": {"en": "Project {name} is steered under no theme and its work reaches no theme",
                     "fi": "Hanketta {name} ei ohjata minkään painopisteen alla, eikä sen työ tavoita yhtään "
                           "painopistettä"},
    "G111.project.fix": {"en": "Record the theme {name} is steered under (steered_under), or question why it "
                               "exists.",
                         "fi": "Kirjaa painopiste, jonka alla hanketta {name} ohjataan (steered_under), tai "
                               "kysy, miksi hanke on olemassa."},
    "G111.kpi": {"en": "KPI {name} measures no theme and no goal with a theme uses it",
                 "fi": "Mittari {name} ei mittaa yhtään painopistettä, eikä sitä käytä yksikään painopisteeseen "
                       "liittyvä tavoite"},
    "G111.kpi.fix": {"en": "Record the theme {name} measures (themes).",
                     "fi": "Kirjaa painopiste, jota mittari {name} mittaa (themes)."},
    "G112": {"en": "Milestone {name} is served by no binding goal",
             "fi": "Virstanpylvästä {name} ei palvele yksikään sitova tavoite"},
    "G112.set": {"en": "None of the {n} binding goals of {year} names a roadmap milestone it serves (the goals of "
                        "{earlier} served {served}): {missing} milestones of the current and coming phases are not "
                        "followed up through binding goals",
                 "fi": "Yksikään vuoden {year} sitovista tavoitteista ({n}) ei nimeä tiekartan virstanpylvästä, jota "
                       "se palvelee (vuoden {earlier} tavoitteet palvelivat {served}): nykyisen ja tulevien "
                       "vaiheiden {missing} virstanpylvästä jää ilman sitovien tavoitteiden seurantaa"},
    "G112.set.fix": {"en": "Name for each goal of {year} the roadmap milestones it serves (serves), as the earlier "
                           "goals did, or decide how the roadmap is followed up instead.",
                     "fi": "Nimeä vuoden {year} jokaiselle tavoitteelle tiekartan virstanpylväät, joita se palvelee "
                           "(serves), kuten aiemmat tavoitteet tekivät, tai päätä, miten tiekarttaa muuten "
                           "seurataan."},
    "G112.fix": {"en": "Set a goal for {name} in the next annual plan, or confirm where it is followed up.",
                 "fi": "Aseta virstanpylväälle {name} tavoite seuraavassa vuosisuunnitelmassa tai vahvista, "
                       "missä sitä seurataan."},
    "G113": {"en": "Theme {name} has no carrying project running in phase {phase} ({period}, {state})",
             "fi": "Painopisteellä {name} ei ole käynnissä olevaa toteuttavaa hanketta vaiheessa {phase} ({period}, "
                   "{state})"},
    "G113.fix": {"en": "Extend a project into {period} or plan a successor (carrying projects and their ends: "
                       "{projects}).",
                 "fi": "Jatka hanketta vaiheeseen {period} tai suunnittele jatkohanke (toteuttavat hankkeet ja "
                       "niiden päättyminen: {projects})."},
    "G114": {"en": "Theme {name} has no KPI for the perspective {perspective}",
             "fi": "Painopisteellä {name} ei ole mittaria näkökulmasta {perspective}"},
    "G114.fix": {"en": "Define a KPI for {name} from the perspective {perspective} (it may be tentative).",
                 "fi": "Määritä painopisteelle {name} mittari näkökulmasta {perspective} (se voi olla "
                       "alustava)."},
    "G115": {"en": "Goal {name} has no KPI", "fi": "Tavoitteella {name} ei ole mittaria"},
    "G115.fix": {"en": "Name the KPI {name} is followed with.",
                 "fi": "Nimeä mittari, jolla tavoitetta {name} seurataan."},
    "G116.kr": {"en": "Key result {name} has no baseline", "fi": "Avaintuloksella {name} ei ole lähtötasoa"},
    "G116.goal": {"en": "Goal {name}: no baseline for any of its key results or KPIs",
                  "fi": "Tavoite {name}: yhdelläkään sen avaintuloksella tai mittarilla ei ole lähtötasoa"},
    "G116.fix": {"en": "Record the baseline of {name} (baselines) once it is measured.",
                 "fi": "Kirjaa kohteen {name} lähtötaso (baselines), kun se on mitattu."},
    "G117": {"en": "Key result {name} has no target", "fi": "Avaintuloksella {name} ei ole tavoitetasoa"},
    "G117.fix": {"en": "Record the target value of {name} (target).",
                 "fi": "Kirjaa avaintuloksen {name} tavoitearvo (target)."},
    "G120": {"en": "Theme {name}: none of the {n} indicators that follow it has a target value{ahead} ({kpis})",
             "fi": "Painopiste {name}: yhdelläkään sitä seuraavista {n} mittarista ei ole tavoitetasoa{ahead} "
                   "({kpis})"},
    "G120.one": {"en": "Theme {name}: {kpi}, the one indicator that follows it, has no target value{ahead}",
                 "fi": "Painopiste {name}: sitä seuraavalla ainoalla mittarilla {kpi} ei ole tavoitetasoa{ahead}"},
    "G120.ahead": {"en": " due on or after the analysis date {as_of}",
                   "fi": ", jonka määräaika olisi analyysipäivänä {as_of} tai sen jälkeen"},
    "G120.none": {"en": "Theme {name}: no indicator follows it, and no goal or key result of it has a target "
                        "value{ahead}",
                  "fi": "Painopiste {name}: sitä ei seuraa yksikään mittari, eikä yhdelläkään sen tavoitteella tai "
                        "avaintuloksella ole tavoitetasoa{ahead}"},
    "G120.fix": {"en": "Set a target value with its year for at least one indicator of {name} ({kpis}) (targets).",
                 "fi": "Aseta vähintään yhdelle painopisteen {name} mittarille ({kpis}) tavoitetaso vuosineen "
                       "(targets)."},
    "G120.none.fix": {"en": "Name an indicator for {name} and set its target value with its year.",
                      "fi": "Nimeä painopisteelle {name} mittari ja aseta sille tavoitetaso vuosineen."},
    "G118": {"en": "Capability {name} is required by {n} element(s) ({users}) but no carrying project develops "
                   "it, nor carries the work that needs it",
             "fi": "Kyvykkyyttä {name} tarvitsee {n} kohdetta ({users}), mutta mikään toteuttava hanke ei kehitä "
                   "sitä eikä toteuta työtä, joka sitä tarvitsee"},
    "G118.fix": {"en": "Record which project develops {name} (develops), or start one.",
                 "fi": "Kirjaa, mikä hanke kehittää kyvykkyyden {name} (develops), tai käynnistä sellainen."},
    "G119": {"en": "{kind} {name} rests only on non-carrying projects: {projects}",
             "fi": "{kind} {name} on vain sellaisten hankkeiden varassa, jotka eivät toteuta työtä: {projects}"},
    # ------------------------------------------------------------------ overlap
    "O201": {"en": "Projects {a} and {b} overlap (score {score}): they share {shared}",
             "fi": "Hankkeet {a} ja {b} ovat päällekkäisiä (pistemäärä {score}): yhteisiä {shared}"},
    "O201.fix": {"en": "Decide on {a} and {b}: merge them, split the shared work ({items}) explicitly, or record "
                       "why both are needed.",
                 "fi": "Päätä hankkeista {a} ja {b}: yhdistä ne, jaa yhteinen työ ({items}) selvästi, tai "
                       "kirjaa, miksi molempia tarvitaan."},
    "O202": {"en": "{n} projects form an overlap cluster: {projects}",
             "fi": "{n} hanketta muodostaa päällekkäisten hankkeiden ryppään: {projects}"},
    "O202.fix": {"en": "Review {projects} together; consider one programme with one owner.",
                 "fi": "Käy hankkeet {projects} läpi yhdessä; harkitse yhtä ohjelmaa yhdellä omistajalla."},
    "O203": {"en": "Action {name} is implemented by {n} projects without a recorded split: {projects}",
             "fi": "Toimenpidettä {name} toteuttaa {n} hanketta ilman kirjattua työnjakoa: {projects}"},
    "O203.fix": {"en": "Record each project's part of {name} (part), or choose one of {projects}.",
                 "fi": "Kirjaa kunkin hankkeen osuus toimenpiteestä {name} (part) tai valitse yksi hankkeista "
                       "{projects}."},
    "O204": {"en": "{kinds} {a} and {b} are worded almost the same (similarity {sim})",
             "fi": "{kinds} {a} ja {b} on muotoiltu lähes samoin (samankaltaisuus {sim})"},
    "O204.fix": {"en": "Merge {a} and {b} and keep the other wording as a variant, or reword one.",
                 "fi": "Yhdistä {a} ja {b} ja kirjaa toinen muotoilu muunnelmaksi (variant), tai muotoile "
                       "toinen uudelleen."},
    # ------------------------------------------------------------------ ownership
    "W301": {"en": "{kind} {name} has no owner", "fi": "{kind} {name}: ei omistajaa"},
    "W301.kr": {"en": "Key result {name} has no owner, and neither has its goal {goal}",
                "fi": "Avaintuloksella {name} ei ole omistajaa, eikä myöskään sen tavoitteella {goal}"},
    "W301.fix": {"en": "Name the unit or post that owns {name} (owner).",
                 "fi": "Nimeä yksikkö tai virka, joka omistaa kohteen {name} (owner)."},
    "W302.shared": {"en": "{kind} {name} is owned jointly by {n} units: {owners}",
                    "fi": "{kind} {name}: {n} yksikköä omistaa yhdessä: {owners}"},
    "W302.shared.fix": {"en": "Name one accountable owner of {name} among {owners}; record the others as "
                              "contributors.",
                        "fi": "Nimeä kohteelle {name} yksi vastuullinen omistaja yksiköistä {owners}; kirjaa "
                              "muut osallistujiksi."},
    "W302.body": {"en": "{kind} {name} is owned by {owner} ({type}) rather than by an accountable unit or post",
                  "fi": "{kind} {name}: omistaja {owner} on {type} eikä vastuullinen yksikkö tai virka"},
    "W302.body.fix": {"en": "Ask {owner} to name the unit or post that answers for {name}.",
                      "fi": "Pyydä toimielintä {owner} nimeämään yksikkö tai virka, joka vastaa kohteesta {name}."},
    "W303": {"en": "{owner} owns {n} of {total} {kinds} of {year} ({share}, limit {limit})",
             "fi": "{owner} omistaa {n}/{total} vuoden {year} kohteista ({kinds}; {share}, raja {limit})"},
    "W303.fix": {"en": "Spread the ownership of the {n} items of {owner}, or give it support.",
                 "fi": "Jaa omistajan {owner} {n} kohteen omistajuutta tai anna sille tukea."},
    # ------------------------------------------------------------------ dependency
    "D401": {"en": "Dependency cycle: {path}", "fi": "Riippuvuussilmukka: {path}"},
    "D401.fix": {"en": "Break the cycle: decide whether {first} goes first, or merge the elements.",
                 "fi": "Katkaise silmukka: päätä, aloitetaanko {first}, tai yhdistä kohteet."},
    "D402": {"en": "Project {name} ends {end}, before {n} item(s) it carries are due: {items} (the last of them due by the end of {due})",
             "fi": "Hanke {name} päättyy {end}, ennen kuin {n} sen toteuttamaa kohdetta on määrä valmistua: {items} "
                   "(viimeisen määräaika {due} loppuun mennessä)"},
    "D402.fix": {"en": "Extend {name} to {due}, hand its work over to a named successor, or move the due dates.",
                 "fi": "Jatka hanketta {name} ajankohtaan {due}, siirrä työ nimetylle jatkajalle tai siirrä "
                       "määräaikoja."},
    "D403": {"en": "{n} element(s) rest on project {name} [{state}], which does not carry work; {sole} of them, "
                   "still ahead, have no other carrier",
             "fi": "{n} kohdetta on hankkeen {name} [{state}] varassa, eikä hanke toteuta työtä; {sole} vielä "
                   "edessä olevalla kohteella ei ole muuta toteuttajaa"},
    "D403.covered": {"en": "{n} element(s) still name project {name} [{state}], which does not carry work; every one "
                           "of them has another carrier",
                     "fi": "{n} kohdetta nimeää yhä hankkeen {name} [{state}], joka ei toteuta työtä; jokaisella "
                           "niistä on toinen toteuttaja"},
    "D403.covered.fix": {"en": "Confirm that the other carriers took over the work of {name}, and remove it from "
                               "these elements.",
                         "fi": "Varmista, että muut toteuttajat ovat ottaneet hankkeen {name} työn, ja poista hanke "
                               "näiltä kohteilta."},
    "D403.fix": {"en": "Decide on {name}: confirm it, or move its {sole} uncarried elements to a carrying "
                       "project.",
                 "fi": "Tee päätös hankkeesta {name}: vahvista se tai siirrä sen {sole} toteuttajatonta kohdetta "
                       "toteuttavalle hankkeelle."},
    "D404": {"en": "Project {name} is the only carrier of {n} of {total} actions and milestones of theme {theme} "
                   "({share})",
             "fi": "Hanke {name} on ainoa toteuttaja {n}/{total} painopisteen {theme} toimenpiteelle ja "
                   "virstanpylväälle ({share})"},
    "D404.fix": {"en": "Protect and watch {name}; plan a fallback for the work of {theme} it alone carries.",
                 "fi": "Suojaa ja seuraa hanketta {name}; suunnittele varasuunnitelma painopisteen {theme} "
                       "työlle, jota vain se toteuttaa."},
    "D405": {"en": "The proposed decision on {name} ({decision}) leaves {n} item(s) without a carrier: {items}",
             "fi": "Hanketta {name} koskeva ehdotettu päätös ({decision}) jättää {n} kohdetta ilman toteuttajaa: "
                   "{items}"},
    "D405.fix": {"en": "Name the project or unit that takes over {items} before deciding on {name}.",
                 "fi": "Nimeä hanke tai yksikkö, joka ottaa vastuun kohteista {items}, ennen kuin hankkeesta "
                       "{name} päätetään."},
    # ------------------------------------------------------------------ consistency
    "C501": {"en": "Goal {name} cites a milestone not in the roadmap: “{cited}” (closest: {closest}, "
                   "similarity {sim})",
             "fi": "Tavoite {name} viittaa virstanpylvääseen, jota tiekartassa ei ole: ”{cited}” (lähin: "
                   "{closest}, samankaltaisuus {sim})"},
    "C501.fix": {"en": "Correct the citation “{cited}”, or record it as a variant of {closest} if that is the "
                       "milestone meant.",
                 "fi": "Korjaa viittaus ”{cited}”, tai kirjaa se virstanpylvään {closest} muunnelmaksi, jos "
                       "sitä tarkoitetaan."},
    "C502": {"en": "KPI {name} is used by {n} goal(s) or key result(s) ({users}) but is not in the KPI matrix",
             "fi": "Mittaria {name} käyttää {n} tavoitetta tai avaintulosta ({users}), mutta sitä ei ole "
                   "mittaristossa"},
    "C502.fix": {"en": "Use the matrix KPI that {name} stands for, or add {name} to the matrix with its theme "
                       "and perspective.",
                 "fi": "Käytä mittariston mittaria, jota {name} tarkoittaa, tai lisää {name} mittaristoon "
                       "painopisteineen ja näkökulmineen."},
    "C503": {"en": "Goal {name} is reported {status}, but its tasks are {mean} % complete on average (that is "
                   "{expected})",
             "fi": "Tavoitteen {name} tila on {status}, mutta sen tehtävät ovat keskimäärin {mean} % valmiita "
                   "(se on {expected})"},
    "C503.fix": {"en": "Check the report of {name} with its owner; correct the status or the task figures.",
                 "fi": "Tarkista tavoitteen {name} raportti omistajan kanssa; korjaa tila tai tehtävien luvut."},
    "C504": {"en": "Project {name} ends ({end}) before it starts ({start})",
             "fi": "Hanke {name} päättyy ({end}) ennen kuin se alkaa ({start})"},
    "C504.fix": {"en": "Correct the dates of {name} against the portfolio table.",
                 "fi": "Korjaa hankkeen {name} päivämäärät hankesalkun taulukon mukaisiksi."},
    "C505": {"en": "The status of project {name} ({status}) was stated on {date}, {months} months before the "
                   "analysis date {as_of}",
             "fi": "Hankkeen {name} tila ({status}) on ilmoitettu {date}, {months} kuukautta ennen "
                   "analyysipäivää {as_of}"},
    "C505.fix": {"en": "Confirm the current status of {name} with its owner and record it with its date.",
                 "fi": "Vahvista hankkeen {name} nykyinen tila omistajalta ja kirjaa se päivämäärineen."},
    # ------------------------------------------------------------------ the overlap review
    "review.merge_pending": {
        "en": "Decide the proposed merge of {src} into {dst}; until then the shared work has two owners.",
        "fi": "Päätä ehdotettu yhdistäminen: {src} hankkeeseen {dst}; siihen asti yhteisellä työllä on kaksi "
              "omistajaa."},
    "review.shell": {
        "en": "Confirm that {shell} is a shell project reporting on the shared work and that {other} does it.",
        "fi": "Vahvista, että {shell} on kuorihanke, joka raportoi yhteisestä työstä, ja että {other} tekee sen."},
    "review.similar_only": {
        "en": "Check whether {a} and {b} plan the same work: they are described alike but share no recorded work.",
        "fi": "Tarkista, suunnittelevatko {a} ja {b} samaa työtä: ne on kuvattu samoin, mutta niillä ei ole "
              "kirjattua yhteistä työtä."},
    "review.kpi_only": {
        "en": "Agree how {a} and {b} divide the work behind the KPIs they are both followed with.",
        "fi": "Sovi, miten {a} ja {b} jakavat työn, jota molempien seuraamat mittarit mittaavat."},
    "review.contained": {
        "en": "Merge {small} into {big}, or record what {small} does that {big} does not: nearly all its work is "
              "also {big}'s.",
        "fi": "Yhdistä {small} hankkeeseen {big} tai kirjaa, mitä {small} tekee, mitä {big} ei tee: lähes kaikki "
              "sen työ on myös hankkeen {big} työtä."},
    "review.split": {
        "en": "Split the shared work of {a} and {b} explicitly (who does which part), or merge them.",
        "fi": "Jaa hankkeiden {a} ja {b} yhteinen työ selvästi (kuka tekee minkä osan) tai yhdistä ne."},
    "review.group": {
        "en": "Review {projects} together with {target}: all are proposed to be merged into it.",
        "fi": "Käsittele hankkeet {projects} yhdessä hankkeen {target} kanssa: kaikki on ehdotettu yhdistettäviksi "
              "siihen."},
}

KINDS: dict[str, tuple[str, str, str, str]] = {  # kind -> (en, en plural, fi, fi plural)
    "Theme": ("Theme", "themes", "Painopiste", "painopisteet"),
    "SubTheme": ("Sub-theme", "sub-themes", "Alateema", "alateemat"),
    "Milestone": ("Milestone", "milestones", "Virstanpylväs", "virstanpylväät"),
    "Action": ("Action", "actions", "Toimenpide", "toimenpiteet"),
    "Goal": ("Goal", "goals", "Tavoite", "tavoitteet"),
    "KeyResult": ("Key result", "key results", "Avaintulos", "avaintulokset"),
    "KPI": ("KPI", "KPIs", "Mittari", "mittarit"),
    "Capability": ("Capability", "capabilities", "Kyvykkyys", "kyvykkyydet"),
    "Project": ("Project", "projects", "Hanke", "hankkeet"),
    "Unit": ("Unit", "units", "Yksikkö", "yksiköt"),
    "Task": ("Task", "tasks", "Tehtävä", "tehtävät"),
    "Phase": ("Phase", "phases", "Vaihe", "vaiheet"),
}

#: statuses, dispositions, perspectives, unit and carrier types (term -> fi); English is the term itself
TERMS_FI: dict[str, str] = {
    "active": "käynnissä", "planned": "suunnitteilla", "pending-decision": "odottaa päätöstä",
    "proposed": "ehdotettu", "ended": "päättynyt", "discontinued": "lopetettu",
    "continue": "jatketaan", "refine": "täsmennetään", "merge": "yhdistetään", "shell": "kuorihanke",
    "discontinue": "lopetetaan", "new": "uusi",
    "customer-experience": "Asiakaskokemus", "personnel-experience": "Henkilöstökokemus",
    "finance-efficiency": "Talous & tehokkuus", "impact": "Vaikuttavuus",
    "organization": "organisaatio", "body": "toimielin", "division": "toimiala", "result-area": "tulosalue",
    "function": "toiminto", "post": "virka",
    "continuous-operations": "jatkuva toiminta", "divisions": "toimialat", "result-areas": "tulosalueet",
    "operational-work": "operatiivinen työ", "training": "koulutus", "other": "muu",
    "past": "mennyt", "current": "meneillään", "future": "tuleva",
    "green": "vihreä", "yellow": "keltainen", "red": "punainen", "not-reported": "ei raportoitu",
}
TERMS_EN: dict[str, str] = {
    "customer-experience": "customer experience", "personnel-experience": "personnel experience",
    "finance-efficiency": "finance & efficiency", "pending-decision": "pending decision",
    "continuous-operations": "continuous operations", "result-areas": "result areas",
    "operational-work": "operational work", "not-reported": "not reported", "result-area": "result area",
}

#: labels of the evidence keys, for views that show evidence to people
EVIDENCE_LABELS: dict[str, tuple[str, str]] = {  # key -> (en, fi)
    "reached_by_non_carrying": ("reached by non-carrying projects", "tavoittavat hankkeet, jotka eivät toteuta työtä"),
    "carrying_statuses": ("carrying statuses", "toteuttavat tilat"),
    "carriers": ("carriers", "toteuttajat"), "merge_into": ("to be merged into", "yhdistetään hankkeeseen"),
    "carrying_projects": ("carrying projects", "toteuttavat hankkeet"), "perspective": ("perspective", "näkökulma"),
    "required_by": ("required by", "tarvitsijat"),
    "developed_by_non_carrying": ("developed by non-carrying projects", "kehittävät hankkeet, jotka eivät toteuta työtä"),
    "projects": ("projects", "hankkeet"), "score": ("score", "pistemäärä"), "shared": ("shared work", "yhteinen työ"),
    "shared_by_kind": ("shared work by kind", "yhteinen työ lajeittain"),
    "dispositions": ("proposed dispositions", "ehdotetut jatkotoimet"), "edges": ("overlapping pairs", "parit"),
    "parts": ("each project's part", "hankkeiden osuudet"), "similarity": ("similarity", "samankaltaisuus"),
    "shared_stems": ("shared word stems", "yhteiset sanavartalot"), "goal": ("goal", "tavoite"),
    "owners": ("owners", "omistajat"), "reason": ("reason", "syy"), "year": ("year", "vuosi"),
    "kind": ("kind", "laji"), "share": ("share", "osuus"), "items": ("items", "kohteet"),
    "cycle": ("cycle", "silmukka"), "project_end": ("project ends", "hanke päättyy"),
    "status": ("status", "tila"), "disposition": ("proposed disposition", "ehdotettu jatkotoimi"),
    "uncarried_without_it": ("without another carrier", "ilman muuta toteuttajaa"),
    "elements": ("elements", "kohteet"), "uncarried": ("left without a carrier", "ilman toteuttajaa"),
    "rank": ("rank", "sija"), "sole_carrier_of": ("only carrier of", "ainoa toteuttaja"),
    "cited": ("cited text", "viitattu teksti"), "phase_state": ("phase at the analysis date", "vaihe analyysipäivänä"), "closest": ("closest milestone", "lähin virstanpylväs"),
    "serves": ("serves", "palvelee"), "used_by": ("used by", "käyttäjät"),
    "expected": ("expected status", "odotettu tila"), "mean_completion": ("mean completion", "keskimääräinen valmius"),
    "completions": ("task completions", "tehtävien valmiusasteet"), "start": ("start", "alkaa"),
    "end": ("end", "päättyy"), "stated": ("status stated", "tila ilmoitettu"),
    "as_of": ("analysis date", "analyysipäivä"), "age_days": ("age in days", "ikä päivinä"),
    "count": ("count", "määrä"), "of": ("of", "kaikkiaan"),
}


# ------------------------------------------------------------------ progress rules (C506–C508, rules/progress.py)
# A block of its own (merged into the tables above) so that changes to the other rules' texts merge cleanly.
PROGRESS_MESSAGES: dict[str, dict[str, str]] = {
    "C506": {"en": "Goal {name} is reported {status}, but {n} of its {known} tasks with a known state are not on "
                   "track: {tasks}",
             "fi": "Tavoitteen {name} tila on {status}, mutta {n}/{known} sen tehtävistä, joiden tila tiedetään, ei "
                   "etene tavoitteen mukaisesti: {tasks}"},
    "C506.fix": {"en": "Check the report of {name} with its owner: correct the goal's status or its tasks' figures.",
                 "fi": "Tarkista tavoitteen {name} raportti omistajan kanssa: korjaa tavoitteen tila tai "
                       "tehtävien luvut."},
    "C507.kr": {"en": "Goal {name}: {n} key result(s) past their due date ({due}) without a measured value: {items}",
                "fi": "Tavoite {name}: {n} avaintuloksen määräaika ({due}) on ohi, eikä mitattua arvoa ole: {items}"},
    "C507.kpi": {"en": "KPI {name}: its target was due {due}, but no measured value is recorded",
                 "fi": "Mittari {name}: tavoitetason määräaika oli {due}, mutta mitattua arvoa ei ole kirjattu"},
    "C507.fix": {"en": "Record the measured value of {name} with its date, or note why it is no longer measured.",
                 "fi": "Kirjaa kohteen {name} mitattu arvo päivämäärineen tai kirjaa, miksi sitä ei enää mitata."},
    "C508": {"en": "The newest progress fact of goal {name} is from {date}, {months} months before the analysis "
                   "date {as_of}",
             "fi": "Tavoitteen {name} uusin etenemistieto on {date}, {months} kuukautta ennen analyysipäivää "
                   "{as_of}"},
    "C508.fix": {"en": "Ask the owner of {name} for its current status and record it with its date.",
                 "fi": "Pyydä tavoitteen {name} omistajalta sen nykyinen tila ja kirjaa se päivämäärineen."},
}
MESSAGES.update(PROGRESS_MESSAGES)
EVIDENCE_LABELS.update({
    "behind": ("tasks not on track", "tehtävät, jotka eivät etene"), "known": ("tasks with a known state",
                                                                          "tehtävät, joiden tila tiedetään"),
    "key_results": ("key results", "avaintulokset"), "due": ("due", "määräaika"),
    "newest_fact": ("newest progress fact", "uusin etenemistieto"),
})


def text(key: str, lang: str, **params: Any) -> str:
    """The text ``key`` in ``lang`` (``fi``; anything else is English) with ``params`` filled in.

    In Finnish, a parameter that is just a number, a percentage or a quarter is written the Finnish way:

    >>> text("D404", "fi", name="Digiohjelma (digi)", n=2, total=4, theme="Ennakointi (t)", share="50%")[-6:]
    '(50 %)'
    """
    entry = MESSAGES[key]
    lang = "fi" if lang == "fi" else "en"
    template = entry[lang]
    if ".fix" in key or key.startswith("fix."):
        template = _mark_fields(template, lang)  # before the names and ids are filled in: only the text's own
    if lang != "fi":
        return template.format(**params)
    return template.format(**{k: finnish_number(v) for k, v in params.items()})


def _mark_fields(fix: str, lang: str) -> str:
    """A fix text's model field names, ``(owner)``, marked as what they are: ``(model field owner)``.

    The planner reads the sentence; whoever edits the YAML finds the field (names stay untranslated).

    >>> _mark_fields("Kirjaa omistaja (owner) tai teema (theme / serves).", "fi")
    'Kirjaa omistaja (mallin kenttä owner) tai teema (mallin kenttä theme / serves).'
    """
    word = "mallin kenttä" if lang == "fi" else "model field"

    def mark(m: re.Match[str]) -> str:
        names = [n.strip() for n in re.split(r"[/,]", m.group(1))]
        return f"({word} {m.group(1)})" if names and all(n in _field_names() for n in names) else m.group(0)

    return _FIELD_REF.sub(mark, fix)


_FIELD_REF = re.compile(r"\(([a-z][a-z_]*(?:\s*[/,]\s*[a-z][a-z_]*)*)\)")


@cache
def _field_names() -> frozenset[str]:
    """Every field name of the schema's kinds and of the values they hold (an implementation's ``part`` …)."""
    from pydantic import BaseModel

    from strategygraph.core import schema, values

    classes = [c for mod in (schema, values) for c in vars(mod).values()
               if isinstance(c, type) and issubclass(c, BaseModel)]
    return frozenset(f for cls in classes for f in cls.model_fields) - {"id", "label"}


def finnish_number(value: Any) -> Any:
    """A number, percentage or quarter written as Finnish text has them; anything else unchanged.

    >>> [finnish_number(v) for v in ("0.75", "64%", "2024-Q4", 0.5, "milestone/x/2.1", "2025-06-30")]
    ['0,75', '64 %', 'Q4/2024', '0,5', 'milestone/x/2.1', '30.6.2025']
    """
    if isinstance(value, float):
        value = repr(value)
    if not isinstance(value, str):
        return value
    if _DECIMAL.fullmatch(value):
        return value.replace(".", ",")
    if m := _PERCENT.fullmatch(value):
        return f"{m.group(1).replace('.', ',')} %"
    if m := _QUARTER.fullmatch(value):
        return f"Q{m.group(2)}/{m.group(1)}"
    if m := _DATE.fullmatch(value):
        return f"{int(m.group(3))}.{int(m.group(2))}.{m.group(1)}"
    return value


_DECIMAL = re.compile(r"-?\d+\.\d+")
_PERCENT = re.compile(r"(-?\d+(?:\.\d+)?)%")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def kind_name(kind: str, lang: str, plural: bool = False) -> str:
    en, en_pl, fi, fi_pl = KINDS.get(kind, (kind, kind, kind, kind))
    if lang == "fi":
        return fi_pl if plural else fi
    return en_pl if plural else en


def term(value: str, lang: str) -> str:
    """A controlled term (status, disposition, perspective, unit or carrier type) in ``lang``."""
    if lang == "fi":
        return TERMS_FI.get(value, value)
    return TERMS_EN.get(value, value)


def evidence_label(key: str, lang: str) -> str:
    en, fi = EVIDENCE_LABELS.get(key, (key.replace("_", " "), key.replace("_", " ")))
    return fi if lang == "fi" else en
