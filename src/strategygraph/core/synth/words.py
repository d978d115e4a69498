"""The vocabulary of synthetic models: pseudo-words, Finnish content words, units, phases."""

from __future__ import annotations

import random
import re
from collections import defaultdict

#: how many entities one theme brings, on average, including its share of the organization
_PER_THEME = 127
_THEMES_PER_ORG = (3, 5)
_CHUNK = 5000  # entities per YAML file

# ------------------------------------------------------------------ words
# Pseudo-words: consonant-vowel syllables without a/ä in the first three syllables,
# so their six-letter stems never equal the stem of a real word below (all of
# which have an a/ä or a double consonant within their first six letters).
_CONS = "klmnprstvhj"
_VOWS = "eiouy"
_SYL = [c + v for c in _CONS for v in _VOWS]  # 55 syllables → 166 375 three-syllable stems
_ENDINGS = ["la", "nen", "lä", "ma", "o", "ra", "va", "sto", "kki", "nki"]

# (fi, en) pairs of adjectives and nouns
_ADJ = [
    ("yhtenäinen", "common"), ("digitaalinen", "digital"), ("ennakoiva", "proactive"),
    ("monialainen", "multi-professional"), ("asiakaslähtöinen", "client-centred"), ("vaikuttava", "effective"),
    ("sujuva", "smooth"), ("turvallinen", "safe"), ("kestävä", "sustainable"), ("osallistava", "inclusive"),
    ("alueellinen", "regional"), ("paikallinen", "local"), ("ennaltaehkäisevä", "preventive"),
    ("joustava", "flexible"), ("saavutettava", "accessible"), ("laadukas", "high-quality"),
    ("kustannustehokas", "cost-effective"), ("vakaa", "stable"),
    ("ajantasainen", "up-to-date"), ("tasapainoinen", "balanced"), ("rakenteellinen", "structural"),
]
_NOUN = [
    ("palvelupolku", "service path"), ("asiakasohjaus", "client guidance"), ("vastaanotto", "reception"),
    ("kotisairaala", "hospital at home"), ("tilannekuva", "situational picture"),
    ("palveluverkko", "service network"), ("hoitoketju", "care chain"), ("mielenterveystyö", "mental health work"),
    ("päihdetyö", "substance abuse work"), ("lastensuojelu", "child welfare"), ("ensihoito", "emergency care"),
    ("kuntoutus", "rehabilitation"), ("perhekeskus", "family centre"), ("etävastaanotto", "remote reception"),
    ("hyvinvointityö", "wellbeing work"), ("johtaminen", "management"), ("rekrytointi", "recruitment"),
    ("työhyvinvointi", "wellbeing at work"), ("talousohjaus", "financial steering"), ("hankinta", "procurement"),
    ("tiedonhallinta", "information management"), ("asiakaskokemus", "client experience"),
    ("vanhuspalvelu", "elderly service"), ("neuvola", "child health clinic"), ("sosiaalityö", "social work"),
    ("omaishoito", "informal care"), ("lääkehuolto", "pharmaceutical care"), ("asumispalvelu", "housing service"),
    ("vammaispalvelu", "disability service"), ("potilastietojärjestelmä", "patient record system"),
]
# milestone verbs: only stop words of the near-duplicate rule, so a label has exactly two real content stems
_MS_VERB = [("otettu käyttöön", "introduced"), ("käytössä", "in use"), ("käytössä koko", "in use everywhere")]
_ACTION_HEAD = [("Kehitetään", "Develop"), ("Yhtenäistetään", "Harmonise"), ("Otetaan käyttöön", "Introduce"),
                ("Vahvistetaan", "Strengthen"), ("Uudistetaan", "Renew"), ("Mallinnetaan", "Model")]
_TASK_HEAD = ["Laaditaan", "Valmistellaan", "Koulutetaan", "Pilotoidaan", "Raportoidaan", "Kartoitetaan"]
_DIVISIONS = [("Sosiaalipalvelujen toimiala", "Social services division", "sosiaalipalvelut"),
              ("Terveyspalvelujen toimiala", "Health services division", "terveyspalvelut"),
              ("Ikäihmisten palvelujen toimiala", "Services for older people division", "ikaihmiset"),
              ("Lasten ja perheiden toimiala", "Children and families division", "perheet"),
              ("Ensihoidon ja valmiuden toimiala", "Emergency care and preparedness division", "ensihoito")]
_RESULT_AREAS = ["Vastaanottopalvelut", "Kotihoito", "Asumispalvelut", "Perhepalvelut", "Aikuissosiaalityö",
                 "Kuntoutuspalvelut", "Suun terveydenhuolto", "Mielenterveyspalvelut", "Sairaalapalvelut",
                 "Lastensuojelu"]
_FUNCTIONS = [("Strategia- ja kehittämispalvelut (PMO)", "Strategy and development services (PMO)", "pmo"),
              ("Talous- ja hallintopalvelut", "Finance and administration", "talous"),
              ("Digipalvelut", "Digital services", "digi")]
_POSTS = [("Hyvinvointialuejohtaja", "County director", "hyvinvointialuejohtaja"),
          ("Talousjohtaja", "Chief financial officer", "talousjohtaja"),
          ("Henkilöstöjohtaja", "Chief personnel officer", "henkilostojohtaja"),
          ("Strategiajohtaja", "Chief strategy officer", "strategiajohtaja")]
_VALUES = [("Vaikuttavuus", "Effectiveness"), ("Rohkeus", "Courage"), ("Luottamus", "Trust"),
           ("Yhdessä tekeminen", "Working together"), ("Avoimuus", "Openness"), ("Ihmisläheisyys", "Humanity")]
_PERSPECTIVES = ["customer-experience", "personnel-experience", "finance-efficiency", "impact"]
_PERSPECTIVE_FI = {"customer-experience": "Asiakaskokemus", "personnel-experience": "Henkilöstökokemus",
                   "finance-efficiency": "Talous ja tehokkuus", "impact": "Vaikuttavuus"}
_KPI_WORDS = {
    "customer-experience": [("Asiakastyytyväisyys", "Client satisfaction", "NPS"),
                            ("Hoitoonpääsy", "Access to care", "vrk"), ("Palautteiden määrä", "Feedback", "kpl")],
    "personnel-experience": [("Henkilöstökokemus", "Personnel experience", "asteikko 1-5"),
                             ("Sairauspoissaolot", "Sick leave", "pv/htv"), ("Vaihtuvuus", "Turnover", "%")],
    "finance-efficiency": [("Nettokustannukset", "Net costs", "€/asukas"),
                           ("Ostopalvelujen osuus", "Share of purchased services", "%"),
                           ("Tuottavuus", "Productivity", "indeksi")],
    "impact": [("Digikäyntien osuus", "Share of digital visits", "%"),
               ("Kotona asuvat", "Living at home", "%"),
               ("Päivystyskäynnit", "Emergency visits", "kpl/1000 as.")],
}
_CAP_TYPES = ["process", "tool", "model", "skill", "data"]
_CARRIERS = ["continuous-operations", "divisions", "result-areas", "operational-work", "training"]
_CARRIER_TEXT = {"continuous-operations": "Osana jatkuvaa toimintaa", "divisions": "Toimialat toteuttavat",
                 "result-areas": "Tulosaluekohtainen toteutus", "operational-work": "Osana operatiivista työtä",
                 "training": "Jatkuva koulutus", "other": "Muu toteutus"}
_SOURCES = [("strategiakartta", "Strategiakartta", "Strategy map", "slide deck", 2023),
            ("sitovat-tavoitteet-2025", "Valtuustotason sitovat tavoitteet 2025", "Binding goals 2025",
             "meeting paper", 2025),
            ("tavoiteraportti-2024", "Sitovien tavoitteiden 2024 toteutuminen", "Binding goals 2024 report",
             "report", 2025),
            ("mittaristo", "Strategian mittaristo", "Strategy KPI matrix", "spreadsheet", 2024)]
_SECTIONS = ["Painopisteet", "Alateemat", "Tiekartta", "Hankesalkku", "Mittaristo", "Toteutus",
             "Riippuvuudet", "Sitovat tavoitteet", "Päätehtävät", "Kyvykkyydet"]
# phases of every organization: (slug, fi, en, start, end)
_PHASES = [("yhdessa-tehden", "Yhdessä tehden", "Working together", 2023, 2024),
           ("monialaista-palvelua", "Monialaista palvelua", "Multi-professional services", 2025, 2026),
           ("yksilollista-ennakointia", "Yksilöllistä ennakointia", "Individual anticipation", 2027, None)]
_GOAL_YEARS = (2024, 2025, 2026)


def _phase_of_year(year: int) -> int:
    for i, (_, _, _, s, e) in enumerate(_PHASES):
        if s <= year and (e is None or year <= e):
            return i
    return len(_PHASES) - 1


class _Names:
    """Unique pseudo-words per kind: index → three syllables (a bijection) + an ending."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.count: dict[str, int] = defaultdict(int)
        n = len(_SYL) ** 3
        self.mult = 102829  # coprime with 55**3 (= 5**3 * 11**3): a bijection that scrambles consecutive indexes
        self.n = n

    def word(self, kind: str) -> str:
        i = self.count[kind]
        self.count[kind] += 1
        extra, i = divmod(i, self.n)  # beyond 166k of a kind: a fourth syllable keeps ids unique
        j = (i * self.mult + sum(ord(ch) * 7919 for ch in kind)) % self.n
        a, rest = divmod(j, len(_SYL) ** 2)
        b, c = divmod(rest, len(_SYL))
        w = _SYL[a] + _SYL[b] + _SYL[c] + (_SYL[extra - 1] if extra else "") + self.rng.choice(_ENDINGS)
        return w.capitalize()


def _slug(text: str) -> str:
    t = text.lower().translate(str.maketrans("äöåé", "aoae"))
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")
