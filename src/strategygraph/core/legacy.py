"""The lists schema version 1 fixed in code, with the labels and definitions the ontology gave them.

``strategygraph migrate`` writes them into the ``model:`` section of a version-1 model, so that its values
keep their meaning; a new model defines its own (or none).
"""

from __future__ import annotations

#: vocabulary name -> [(id, labels, definitions)]; the ids are the former enums' values, in their order
LEGACY_TERMS: dict[str, list[tuple[str, dict[str, str], dict[str, str]]]] = {
    "perspectives": [
        ('customer-experience', {'fi': 'Asiakaskokemus', 'en': 'Customer experience'},
         {'en': 'How residents and clients experience the services.', 'fi': 'Miten asukkaat ja asiakkaat kokevat palvelut.'}),
        ('personnel-experience', {'fi': 'Henkilöstökokemus', 'en': 'Personnel experience'},
         {'en': 'How the personnel experience their work.', 'fi': 'Miten henkilöstö kokee työnsä.'}),
        ('finance-efficiency', {'fi': 'Talous ja tehokkuus', 'en': 'Finance and efficiency'},
         {'en': 'Costs, balance and productivity.', 'fi': 'Kustannukset, tasapaino ja tuottavuus.'}),
        ('impact', {'fi': 'Vaikuttavuus', 'en': 'Impact'},
         {'en': 'The effect of the services on wellbeing and health.', 'fi': 'Palvelujen vaikutus hyvinvointiin ja terveyteen.'}),
    ],
    "project_statuses": [
        ('active', {'fi': 'Käynnissä', 'en': 'Active'},
         {'en': 'Approved or confirmed and under way.', 'fi': 'Hyväksytty tai vahvistettu ja käynnissä.'}),
        ('planned', {'fi': 'Suunniteltu', 'en': 'Planned'},
         {'en': 'Planned; schedule or decision not yet confirmed.', 'fi': 'Suunniteltu; aikataulua tai päätöstä ei ole vielä vahvistettu.'}),
        ('pending-decision', {'fi': 'Odottaa päätöstä', 'en': 'Pending decision'},
         {'en': 'Plan made, waiting for a go/no-go decision.', 'fi': 'Suunnitelma tehty, odottaa käynnistämispäätöstä.'}),
        ('proposed', {'fi': 'Ehdotettu', 'en': 'Proposed'},
         {'en': 'Proposed, not started.', 'fi': 'Ehdotettu, ei käynnistetty.'}),
        ('ended', {'fi': 'Päättynyt', 'en': 'Ended'},
         {'en': 'Completed as planned.', 'fi': 'Päättynyt suunnitellusti.'}),
        ('discontinued', {'fi': 'Lopetettu', 'en': 'Discontinued'},
         {'en': 'Stopped before its planned end.', 'fi': 'Lopetettu ennen suunniteltua päättymistä.'}),
    ],
    "carrier_kinds": [
        ('continuous-operations', {'fi': 'Osana jatkuvaa toimintaa', 'en': 'As part of continuous operations'},
         {'en': 'Carried out as part of continuous operations.', 'fi': 'Toteutetaan osana jatkuvaa toimintaa.'}),
        ('divisions', {'fi': 'Toimialat toteuttavat', 'en': 'Carried out by the divisions'},
         {'en': 'Carried out by the divisions (their own goals).', 'fi': 'Toimialat toteuttavat (toimialojen omat tavoitteet).'}),
        ('result-areas', {'fi': 'Tulosaluekohtainen toteutus', 'en': 'Carried out per result area'},
         {'en': 'Carried out separately in each result area.', 'fi': 'Toteutetaan tulosaluekohtaisesti.'}),
        ('operational-work', {'fi': 'Osana operatiivista työtä', 'en': 'As part of operational work'},
         {'en': 'Carried out as part of operational work.', 'fi': 'Toteutetaan osana operatiivista työtä.'}),
        ('training', {'fi': 'Jatkuva koulutus', 'en': 'Continuous training'},
         {'en': 'Carried out through continuous training.', 'fi': 'Toteutetaan jatkuvan koulutuksen kautta.'}),
        ('other', {'fi': 'Muu', 'en': 'Other'},
         {'en': 'Another non-project carrier.', 'fi': 'Muu toteuttaja kuin hanke.'}),
    ],
}
#: project statuses that carried work in schema version 1 (the configuration default)
LEGACY_CARRYING_STATUSES = ("active",)
