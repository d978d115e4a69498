"""The generator of synthetic models (see :mod:`strategygraph.core.synth`)."""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

from strategygraph.core.synth.words import (
    _ACTION_HEAD,
    _ADJ,
    _CAP_TYPES,
    _CARRIER_TEXT,
    _CARRIERS,
    _CHUNK,
    _DIVISIONS,
    _FUNCTIONS,
    _GOAL_YEARS,
    _KPI_WORDS,
    _MS_VERB,
    _NOUN,
    _PER_THEME,
    _PERSPECTIVE_FI,
    _PERSPECTIVES,
    _PHASES,
    _POSTS,
    _RESULT_AREAS,
    _SECTIONS,
    _SOURCES,
    _TASK_HEAD,
    _THEMES_PER_ORG,
    _VALUES,
    _Names,
    _phase_of_year,
    _slug,
)
from strategygraph.core.yamltext import yaml_section

#: rules for which the generator plants problems (and which a clean model must pass)
PLANTED_RULES = ("G103", "O201", "W301", "D401", "D402", "C504", "G104", "G114", "G117")

# ------------------------------------------------------------------ the generator
class _Gen:
    def __init__(self, entities: int, seed: int, plant: bool) -> None:
        self.rng = random.Random(seed)
        self.names = _Names(self.rng)
        self.plant = plant
        self.target = entities
        self.n_themes = max(2, round(entities / _PER_THEME))
        self.sec: dict[str, list[dict[str, Any]]] = {s: [] for s in (
            "sources", "units", "meanings", "values", "themes", "subthemes", "phases", "milestones",
            "capabilities", "actions", "projects", "kpis", "goals", "key_results", "tasks", "services")}
        #: services draw from their own generator, so adding them left every other entity as it was
        self.srng = random.Random(seed * 7919 + 1)
        self.planted: list[dict[str, Any]] = []
        self.n_plant = max(1, min(25, 1 + entities // 5000))
        # bookkeeping for dates and planting
        self.project: dict[str, dict[str, Any]] = {}
        self.action: dict[str, dict[str, Any]] = {}
        self.ms_phase: dict[str, int] = {}  # milestone -> phase index
        self.themes: list[dict[str, Any]] = []  # per theme: ids of its parts
        self.skip_impact: set[int] = set()  # theme numbers without an impact KPI (planted G114)

    # -- helpers
    def src(self, org: dict[str, Any], p: float = 0.3) -> str | None:
        if self.rng.random() >= p:
            return None
        doc = self.rng.choice(org["sources"])
        return f"{doc}#{self.rng.choice(_SECTIONS)}"

    def label(self, kind: str, template: str, en_template: str | None = None) -> tuple[dict[str, str], str]:
        word = self.names.word(kind)
        (a, a_en), (n, n_en) = self.rng.choice(_ADJ), self.rng.choice(_NOUN)
        fi = template.format(P=word, a=a, n=n, A=a.capitalize(), N=n.capitalize())
        lab = {"fi": fi}
        if en_template:
            lab["en"] = en_template.format(P=word, a=a_en, n=n_en, A=a_en.capitalize(), N=n_en.capitalize())
        return lab, _slug(word)

    def link(self, org: dict[str, Any], ref: str, p: float = 0.15) -> Any:
        s = self.src(org, p)
        return {"ref": ref, "source": s} if s else ref

    # -- organization
    def org(self, k: int, n_themes: int) -> None:
        rng = self.rng
        word = self.names.word("Org")
        slug = _slug(word)
        org: dict[str, Any] = {"slug": slug, "sources": [], "units": {}}
        name_fi = f"{word}n hyvinvointialue"
        for key, fi, en, typ, year in _SOURCES:
            sid = f"source/{slug}/{key}"
            org["sources"].append(sid)
            self.sec["sources"].append({
                "id": sid, "label": {"fi": f"{fi} – {word}", "en": f"{en} – {word}"},
                "date": f"{year}-{rng.randint(1, 12):02d}", "publisher": name_fi,
                "location": f"synthetic/{slug}/{key}.pdf", "document_type": typ})
        units = self.sec["units"]
        root = f"unit/{slug}"
        units.append({"id": root, "label": {"fi": name_fi, "en": f"{word} wellbeing services county"},
                      "unit_type": "organization"})
        for key, fi, en in (("aluevaltuusto", "Aluevaltuusto", "Regional council"),
                            ("aluehallitus", "Aluehallitus", "Regional board")):
            units.append({"id": f"{root}/{key}", "label": {"fi": fi, "en": en}, "unit_type": "body",
                          "part_of": root})
        divisions, areas = [], []
        for fi, en, key in rng.sample(_DIVISIONS, 4):
            uid = f"{root}/{key}"
            divisions.append(uid)
            units.append({"id": uid, "label": {"fi": fi, "en": en}, "unit_type": "division", "part_of": root})
        for i, fi in enumerate(rng.sample(_RESULT_AREAS, 8)):
            uid = f"{root}/{_slug(fi)}"
            areas.append(uid)
            u = {"id": uid, "label": {"fi": fi}, "unit_type": "result-area",
                 "part_of": self.link(org, divisions[i % 4])}
            units.append(u)
        funcs = []
        for fi, en, key in _FUNCTIONS:
            uid = f"{root}/{key}"
            funcs.append(uid)
            units.append({"id": uid, "label": {"fi": fi, "en": en}, "unit_type": "function", "part_of": root})
        posts = []
        for fi, en, key in _POSTS:
            uid = f"{root}/{key}"
            posts.append(uid)
            units.append({"id": uid, "label": {"fi": fi, "en": en}, "unit_type": "post", "part_of": root})
        org.update(divisions=divisions, areas=areas, funcs=funcs, posts=posts,
                   goal_owners=divisions + areas + posts, project_owners=divisions + funcs + posts[:2])
        # meaning and values
        mid = f"meaning/{slug}"
        self.sec["meanings"].append({
            "id": mid, "label": {"fi": f"Askeleen edellä – {word}", "en": f"One step ahead – {word}"},
            "edition": "2023",
            "statements": [{"fi": "Palvelumme koskettavat kaikkia asukkaita jossain elämänvaiheessa.",
                            "en": "Our services touch every resident at some stage of life."}],
            **({"source": s} if (s := self.src(org, 0.8)) else {})})
        for fi, en in rng.sample(_VALUES, 4):
            self.sec["values"].append({"id": f"value/{slug}/{_slug(fi)}", "label": {"fi": fi, "en": en},
                                       "edition": "2023", "meaning": mid})
        org["phases"] = []
        for i, (key, fi, en, start, end) in enumerate(_PHASES):
            pid = f"phase/{slug}/{key}"
            org["phases"].append(pid)
            ph = {"id": pid, "label": {"fi": fi, "en": en}, "order": i + 1,
                  "period": f"{start}-{end}" if end else f"{start}+", "start_year": start}
            if end:
                ph["end_year"] = end
            self.sec["phases"].append(ph)
        org["themes"] = []
        for t in range(n_themes):
            self.theme(org, t + 1, mid)
        self.cross_theme(org)

    # -- theme with its sub-themes, actions, milestones, projects, KPIs and goals
    def theme(self, org: dict[str, Any], number: int, meaning: str) -> None:
        rng = self.rng
        lab, w = self.label("Theme", "{P}: {a} {n}", "{P}: {a} {n}")
        tid = f"theme/{w}"
        th: dict[str, Any] = {"id": tid, "org": org, "subthemes": [], "actions": [], "milestones": {},
                              "active": [], "inactive": [], "caps": [], "kpis": [], "goals": []}
        self.themes.append(th)
        org["themes"].append(th)
        rec = {"id": tid, "label": lab, "number": number, "derived_from": meaning,
               "focus_words": [{"fi": f"{n.capitalize()}", "en": n_en} for n, n_en in rng.sample(_NOUN, 2)],
               "description": {"fi": f"Painopiste {number}: {lab['fi']}."}}
        if s := self.src(org, 0.6):
            rec["source"] = s
        self.sec["themes"].append(rec)
        # sub-themes and actions
        for k in range(3):
            lab, w = self.label("SubTheme", "{A} {n} ({P})", "{A} {n} ({P})")
            sid = f"subtheme/{w}"
            th["subthemes"].append(sid)
            st = {"id": sid, "label": lab, "theme": tid, "number": k + 1,
                  "current_state": {"fi": f"{lab['fi']} on hajanaista."},
                  "target_state": {"fi": f"{lab['fi']} on yhtenäistä koko alueella."}}
            if s := self.src(org, 0.3):
                st["source"] = s
            self.sec["subthemes"].append(st)
            for j in range(rng.randint(3, 5)):
                head, head_en = rng.choice(_ACTION_HEAD)
                lab, w = self.label("Action", "{P}: {a} {n} käyttöön", head_en + " {P}: {a} {n}")
                aid = f"action/{w}"
                a = {"id": aid, "label": lab, "subtheme": sid, "number": j + 1, "implementation": []}
                if rng.random() < 0.5:
                    a["goal"] = {"fi": f"{lab['fi']} on toteutunut."}
                if rng.random() < 0.4:
                    a["results"] = [{"fi": f"{rng.choice(_NOUN)[0].capitalize()} kuvattu"}]
                if s := self.src(org, 0.3):
                    a["source"] = s
                self.action[aid] = a
                self.sec["actions"].append(a)
                th["actions"].append(aid)
        # milestones per phase
        for pi, pid in enumerate(org["phases"]):
            for _ in range(rng.randint(2, 4)):
                verb, verb_en = rng.choice(_MS_VERB)
                lab, w = self.label("Milestone", "{A} {n} " + verb + " ({P})", "{A} {n} " + verb_en + " ({P})")
                msid = f"milestone/{w}"
                ms = {"id": msid, "label": lab, "theme": tid, "phase": self.link(org, pid), "delivered_by": []}
                self.sec["milestones"].append(ms)
                th["milestones"][msid] = ms
                self.ms_phase[msid] = pi
        # capabilities
        for _ in range(rng.randint(2, 4)):
            lab, w = self.label("Capability", "{A} {n} ({P})", "{A} {n} ({P})")
            cid = f"capability/{w}"
            self.sec["capabilities"].append({"id": cid, "label": lab, "capability_type": rng.choice(_CAP_TYPES)})
            th["caps"].append(cid)
        # one service or system per theme, in use since a year of the strategy period
        svc_id = f"service/{tid.split('/', 1)[-1]}-{len(self.sec['services']) + 1}"
        self.sec["services"].append({
            "id": svc_id, "label": {"fi": f"Palvelu {len(self.sec['services']) + 1}",
                                 "en": f"Service {len(self.sec['services']) + 1}"},
            "service_kind": self.srng.choice(["digital-service", "system", "service", "asset"]),
            "start": self.srng.choice([2021, 2022, 2023]), "status": "in-use"})
        # projects
        n_act, n_ms = len(th["actions"]), len(th["milestones"])
        n_active = max(2, min(4, n_act // 4, n_ms // 2))
        for _i in range(n_active):
            th["active"].append(self.new_project(org, th, "active"))
        for _ in range(rng.randint(0, 2)):
            th["inactive"].append(self.new_project(org, th, rng.choice(
                ["planned", "proposed", "pending-decision", "ended", "discontinued"])))
        self.assign_work(org, th)
        self.kpis(org, th)
        self.goals(org, th)

    def new_project(self, org: dict[str, Any], th: dict[str, Any], status: str, kind: str = "project") -> str:
        rng = self.rng
        programme = rng.random() < 0.1
        lab, w = self.label("Project", "{P}-hanke: {a} {n}", "{P} project: {a} {n}")
        if programme:
            lab, w = self.label("Project", "{P}-ohjelma: {a} {n}", "{P} programme: {a} {n}")
        pid = f"project/{w}"
        p: dict[str, Any] = {"id": pid, "label": lab}
        if programme:
            p["project_kind"] = "programme"
        p["funding_class"] = rng.choice(["external-funding", "development-need", "inherited"]) \
            if status != "proposed" else "proposed"
        p["status"] = status
        p["owner"] = [self.link(org, rng.choice(org["project_owners"]))]
        p["steered_under"] = [self.link(org, th["id"])]
        p["disposition"] = {"active": rng.choice(["continue", "continue", "refine"]), "planned": "refine",
                            "proposed": "new", "pending-decision": "shell", "ended": "merge",
                            "discontinued": "discontinue"}[status]
        if s := self.src(org, 0.5):
            p["source"] = s
        # bookkeeping, removed before emission
        p["_theme"] = th["id"]
        self.project[pid] = p
        self.sec["projects"].append(p)
        return pid

    def assign_work(self, org: dict[str, Any], th: dict[str, Any]) -> None:
        """Who carries the theme's work: actions, milestones, capabilities, project and sub-theme links.

        The steps draw from the random generator in this order; changing it changes every model written.
        """
        primary = self.primary_projects(org, th)
        delivers = self.deliver_milestones(org, th)
        self.use_capabilities(org, th)
        self.implement_actions(org, th, primary, delivers)
        th["primary"] = primary
        self.link_projects(org, th)
        self.subtheme_dependencies(org, th)

    def primary_projects(self, org: dict[str, Any], th: dict[str, Any]) -> dict[str, str]:
        """Each action's primary project ("" for a carrier only): three per active project, one or two per
        inactive one, the rest spread over the active ones (some with a non-project carrier as well)."""
        rng = self.rng
        actions = list(th["actions"])
        rng.shuffle(actions)
        active, inactive = th["active"], th["inactive"]
        primary: dict[str, str] = {}  # action -> its primary project
        i = 0
        for p in active:
            for a in actions[i:i + 3]:
                primary[a] = p
            i += 3
        for p in inactive:
            k = rng.randint(1, 2)
            for a in actions[i:i + k]:
                primary[a] = p
            i += k
        for a in actions[i:]:
            r = rng.random()
            if r < 0.15:
                primary[a] = ""  # carrier only
            else:
                primary[a] = rng.choice(active)
                if r < 0.3:
                    self.action[a]["implementation"].append(self.carrier(org))
        return primary

    def deliver_milestones(self, org: dict[str, Any], th: dict[str, Any]) -> dict[str, list[str]]:
        """The milestones each active project delivers (round robin); kept in ``th["delivers"]`` too."""
        rng = self.rng
        active = th["active"]
        ms_ids = list(th["milestones"])
        rng.shuffle(ms_ids)
        delivers: dict[str, list[str]] = defaultdict(list)
        for j, ms in enumerate(ms_ids):
            p = active[j % len(active)]
            th["milestones"][ms]["delivered_by"].append(self.link(org, p, 0.2))
            delivers[p].append(ms)
        th["delivers"] = delivers
        return delivers

    def use_capabilities(self, org: dict[str, Any], th: dict[str, Any]) -> None:
        """Active projects develop the theme's capabilities; some milestones require one (and cite a source)."""
        rng = self.rng
        active = th["active"]
        caps = th["caps"]
        for j, c in enumerate(caps):
            self.project[active[j % len(active)]].setdefault("develops", []).append(c)
        for ms in th["milestones"].values():
            if rng.random() < 0.4:
                ms["requires"] = [rng.choice(caps)]
            if s := self.src(org, 0.3):
                ms["source"] = s

    def implement_actions(self, org: dict[str, Any], th: dict[str, Any], primary: dict[str, str],
                          delivers: dict[str, list[str]]) -> None:
        """Each action's implementation (its primary project first, else a carrier), milestone and capability."""
        rng = self.rng
        active, caps = th["active"], th["caps"]
        for a in th["actions"]:
            p = primary[a]
            act = self.action[a]
            if p:
                imp: dict[str, Any] = {"project": p}
                if rng.random() < 0.2:
                    imp["part"] = {"fi": f"{rng.choice(_NOUN)[0].capitalize()}-osuus"}
                if s := self.src(org, 0.15):
                    imp["source"] = s
                act["implementation"].insert(0, imp)
                if p in active and rng.random() < 0.6 and delivers[p]:
                    act["milestones"] = [self.link(org, rng.choice(delivers[p]), 0.1)]
            else:
                act["implementation"].append(self.carrier(org))
            if rng.random() < 0.3:
                act["requires"] = [rng.choice(caps)]

    def link_projects(self, org: dict[str, Any], th: dict[str, Any]) -> None:
        """Dependencies between the theme's projects (later on earlier: acyclic), sub-projects and merges."""
        rng = self.rng
        active, inactive = th["active"], th["inactive"]
        for j, p in enumerate(active[1:], 1):
            if rng.random() < 0.3:
                self.project[p]["depends_on"] = [self.link(org, active[rng.randrange(j)])]
        if len(active) >= 3 and rng.random() < 0.3:
            self.project[active[-1]]["part_of"] = active[0]
        for p in inactive:
            if self.project[p]["disposition"] == "merge":
                self.project[p]["merge_into"] = [rng.choice(active)]

    def subtheme_dependencies(self, org: dict[str, Any], th: dict[str, Any]) -> None:
        """Sub-theme dependencies: on a project, capability or earlier sub-theme of the organization (acyclic)."""
        rng = self.rng
        active, caps = th["active"], th["caps"]
        earlier = [st for t in org["themes"] for st in t["subthemes"]]
        for sid in th["subthemes"]:
            rec = next(x for x in reversed(self.sec["subthemes"]) if x["id"] == sid)
            deps = []
            for _ in range(rng.randint(0, 2)):
                r = rng.random()
                if r < 0.35:
                    deps.append({"text": "Hankkeen tulokset", "target": rng.choice(active)})
                elif r < 0.6:
                    deps.append({"text": "Tarvittava kyvykkyys", "target": rng.choice(caps)})
                elif r < 0.8 and earlier.index(sid) > 0:
                    deps.append({"text": "Edeltävä alateema", "target": rng.choice(earlier[:earlier.index(sid)])})
                else:
                    deps.append({"text": f"{rng.choice(_NOUN)[0].capitalize()} (ei hankesalkussa)"})
            deps = [d for i, d in enumerate(deps) if d not in deps[:i]]  # a list never repeats an entry
            if deps:
                rec["dependencies"] = deps

    def carrier(self, org: dict[str, Any]) -> dict[str, Any]:
        c = self.rng.choice(_CARRIERS)
        imp: dict[str, Any] = {"carrier": c, "text": _CARRIER_TEXT[c]}
        if c in ("result-areas", "divisions") and self.rng.random() < 0.5:
            imp["unit"] = self.rng.choice(org["areas"] if c == "result-areas" else org["divisions"])
        return imp

    def cross_theme(self, org: dict[str, Any]) -> None:
        """Second implementers: at most one shared action per project pair, never on a milestone action."""
        rng = self.rng
        themes = org["themes"]
        pairs: set[tuple[str, str]] = set()
        for th in themes:
            for a in th["actions"]:
                p = th["primary"][a]
                act = self.action[a]
                if not p or p not in th["active"] or "milestones" in act or rng.random() >= 0.15:
                    continue
                other = th if rng.random() < 0.7 or len(themes) == 1 else rng.choice(themes)
                cands = [q for q in other["active"] if q != p and tuple(sorted((p, q))) not in pairs]
                if not cands:
                    continue
                q = rng.choice(cands)
                pairs.add(tuple(sorted((p, q))))
                imp = {"project": q, "part": {"fi": f"{rng.choice(_NOUN)[0].capitalize()}-osuus"}}
                act["implementation"].insert(1, imp)

    def kpis(self, org: dict[str, Any], th: dict[str, Any]) -> None:
        rng = self.rng
        tn = len(self.themes) - 1
        for persp in _PERSPECTIVES:
            if persp == "impact" and tn in self.skip_impact:
                continue
            for _ in range(rng.randint(1, 2)):
                fi, en, unit = rng.choice(_KPI_WORDS[persp])
                word = self.names.word("KPI")
                kid = f"kpi/{_slug(word)}"
                k: dict[str, Any] = {"id": kid, "label": {"fi": f"{fi} ({word})", "en": f"{en} ({word})"}, "perspective": persp,
                     "themes": [self.link(org, th["id"])], "unit": unit}
                if rng.random() < 0.6:
                    v = round(rng.uniform(1, 100), 1)
                    k["baselines"] = [{"value": str(v).replace(".", ","), "number": v, "period": "2023"}]
                if rng.random() < 0.1:
                    k["tentative"] = True
                self.sec["kpis"].append(k)
                th["kpis"].append(kid)

    def goals(self, org: dict[str, Any], th: dict[str, Any]) -> None:
        rng = self.rng
        by_phase: dict[int, list[str]] = defaultdict(list)
        for ms in th["milestones"]:
            by_phase[self.ms_phase[ms]].append(ms)
        deliverer = {ms: d for d, mss in th["delivers"].items() for ms in mss}
        for year in _GOAL_YEARS:
            for _ in range(rng.randint(2, 4)):
                self.goal(org, th, year, by_phase, deliverer)

    def goal(self, org: dict[str, Any], th: dict[str, Any], year: int, by_phase: dict[int, list[str]],
             deliverer: dict[str, str], owner: bool = True) -> dict[str, Any]:
        rng = self.rng
        lab, w = self.label("Goal", "{P}: {A} {n}", "{P}: {a} {n}")
        gid = f"goal/{year}/{w}"
        g: dict[str, Any] = {"id": gid, "label": lab, "year": year, "theme": th["id"]}
        mss = by_phase.get(_phase_of_year(year), [])
        if mss and rng.random() < 0.85:
            ms = rng.choice(mss)
            g["serves"] = [self.link(org, ms)]
            if rng.random() < 0.5:
                g["cited_milestones"] = [th["milestones"][ms]["label"]["fi"]]
            if rng.random() < 0.4:
                g["carried_by"] = [deliverer[ms]]
        if th["kpis"] and rng.random() < 0.8:
            g["kpis"] = [rng.choice(th["kpis"])]
        if owner:
            g["owner"] = [self.link(org, rng.choice(org["goal_owners"]))]
        if s := self.src(org, 0.5):
            g["source"] = s
        self.sec["goals"].append(g)
        th["goals"].append(gid)
        # tasks first: the goal's status follows their mean completion (as the report's colour rules do)
        comps = []
        for _ in range(rng.randint(3, 7)):
            head = rng.choice(_TASK_HEAD)
            word = self.names.word("Task")
            t: dict[str, Any] = {"id": f"task/{year}/{_slug(word)}",
                                 "label": {"fi": f"{head} {rng.choice(_NOUN)[0]} ({word})"}, "goal": gid}
            if rng.random() < 0.8:
                c = float(rng.choice([0, 10, 25, 40, 50, 60, 75, 80, 90, 95, 100]))
                t["completion"] = c
                comps.append(c)
                t["status"] = "green" if c > 90 else "yellow" if c > 50 else "red"
            if rng.random() < 0.9:
                t["responsible"] = [rng.choice(org["areas"])]
            self.sec["tasks"].append(t)
        if comps:
            mean = sum(comps) / len(comps)
            g["status"] = "green" if mean > 90 else "yellow" if mean > 50 else "red"
        elif year < 2026:
            g["status"] = "not-reported"
        for _ in range(rng.randint(2, 4)):
            self.key_result(org, th, gid, year)
        return g

    def key_result(self, org: dict[str, Any], th: dict[str, Any], gid: str, year: int, target: bool = True,
                   owner: bool | None = None) -> str:
        rng = self.rng
        lab, w = self.label("KeyResult", "{A} {n} ({P})", "{A} {n} ({P})")
        krid = f"kr/{year}/{w}"
        unit = rng.choice(["%", "kpl", "vrk", "€/asukas"])
        kr: dict[str, Any] = {"id": krid, "label": lab, "goal": gid, "unit": unit}
        if rng.random() < 0.7:
            v = rng.randint(5, 95)
            kr["baselines"] = [{"value": f"{v} {unit}", "number": v, "period": str(year - 1)}]
        if target:
            v = rng.randint(5, 100)
            kr["target"] = {"value": f"{v} {unit}", "number": v, "period": str(year)}
        if rng.random() < 0.3:
            kr["quarterly"] = [{"quarter": f"{year}-Q{q}", "value": f"{rng.randint(5, 100)} {unit}",
                                "status": rng.choice(["green", "yellow", "red"])} for q in range(1, rng.randint(2, 4))]
        if th["kpis"] and rng.random() < 0.3:
            kr["kpis"] = [rng.choice(th["kpis"])]
        if owner if owner is not None else rng.random() < 0.5:
            kr["owner"] = [rng.choice(org["areas"])]
        self.sec["key_results"].append(kr)
        return krid

    # -- dates: every project ends after what it carries (clean for D402, C504)
    def dates(self, overrides: dict[str, dict[str, Any]]) -> None:
        rng = self.rng
        need: dict[str, int] = defaultdict(int)  # project -> the year it must run to
        for a in self.action.values():
            due_year = a.get("_due_year")
            for imp in a["implementation"]:
                if imp.get("project") and due_year:
                    need[imp["project"]] = max(need[imp["project"]], due_year)
            for ms in a.get("milestones", []):
                ref = ms["ref"] if isinstance(ms, dict) else ms
                for imp in a["implementation"]:
                    if imp.get("project"):
                        need[imp["project"]] = max(need[imp["project"]], _PHASES[self.ms_phase[ref]][3])
        for ms in self.sec["milestones"]:
            for d in ms["delivered_by"]:
                ref = d["ref"] if isinstance(d, dict) else d
                need[ref] = max(need[ref], _PHASES[self.ms_phase[ms["id"]]][3])
        for pid, p in self.project.items():
            st = p["status"]
            if st == "active":
                sy = rng.randint(2022, 2024)
                p["start"] = rng.choice([str(sy), f"{sy}-Q{rng.randint(1, 4)}", f"{sy}-{rng.randint(1, 12):02d}"])
                ey = max(need[pid], sy + rng.randint(1, 4))
                p["end"] = rng.choice([str(ey), f"{ey}-12", f"{ey}-Q4"])
                if rng.random() < 0.3:
                    p["end_text"] = f"Q4/{ey % 100:02d}"
            elif st in ("ended", "discontinued"):
                sy = rng.randint(2020, 2022)
                ey = max(need[pid], sy + 1)
                p["start"], p["end"] = str(sy), f"{ey}-12"
                if rng.random() < 0.5:
                    p["status_facts"] = [{"date": f"{ey}-{rng.randint(6, 12):02d}",
                                          "text": {"fi": "Hanke päättyi." if st == "ended" else
                                                   "Hanke keskeytettiin."}}]
            elif st == "planned":
                p["start"] = "2026"
                p["start_text"] = "aikataulu vahvistamatta"
            elif st == "pending-decision":
                p["start"] = "2026/2030"
                p["status_text"] = {"fi": "Odottaa päätöstä", "en": "Awaiting decision"}
            p.update(overrides.get(pid, {}))

    def action_dues(self) -> None:
        """Due dates of actions; actions of ended projects are due while the project ran."""
        rng = self.rng
        for th in self.themes:
            for a in th["actions"]:
                act = self.action[a]
                p = th["primary"][a]
                if rng.random() >= 0.7:
                    continue
                if p and self.project[p]["status"] in ("ended", "discontinued"):
                    y = rng.randint(2022, 2023)
                elif p and self.project[p]["status"] in ("planned", "proposed", "pending-decision"):
                    y = rng.randint(2026, 2028)
                elif "milestones" in act:
                    ref = act["milestones"][0]
                    ref = ref["ref"] if isinstance(ref, dict) else ref
                    start, end = _PHASES[self.ms_phase[ref]][3:]
                    y = rng.randint(start, end or start + 1)
                else:
                    y = rng.randint(2023, 2027)
                act["_due_year"] = y
                form = rng.randrange(5)
                act["due"] = [f"{y}-12-31", f"{y}-{rng.randint(1, 12):02d}", f"{y - 1}/{y}",
                              f"{y}-Q{rng.randint(1, 4)}", str(y)][form]
                if form == 1:
                    act["due_text"] = f"{act['due'][5:]}/{y}"

    # -- planted problems
    def plant_all(self) -> dict[str, dict[str, Any]]:
        """Plant the known problems (recorded in ``self.planted``), each in a theme of its own where the
        model has enough; returns the start and end dates that override the planted projects' own."""
        overrides: dict[str, dict[str, Any]] = {}
        pool = list(range(len(self.themes)))
        self.rng.shuffle(pool)

        def theme_at(i: int) -> dict[str, Any]:
            return self.themes[pool[i % len(pool)]]

        for i in range(self.n_plant):
            self.plant_undelivered_milestone(theme_at(i))
            self.plant_unimplemented_action(theme_at(i + 1))
            self.plant_duplicate_project(theme_at(i + 2))
            self.plant_unowned(theme_at(i + 3))
            self.plant_key_result_without_target(theme_at(i + 4))
            overrides.update(self.plant_reversed_dates(theme_at(i + 5)))
            overrides.update(self.plant_early_ends(theme_at(i + 6), theme_at(i + 7)))
        for i in range(self.n_plant):
            self.plant_project_cycle([theme_at(3 * i + j) for j in range(3 if len(self.themes) >= 3 else 2)])
        for i in range(self.n_plant):
            self.plant_subtheme_cycle(theme_at(i))
        # G114: themes without an impact KPI (decided before the KPIs were made)
        for tn in sorted(self.skip_impact):
            self.add_planted("G114", [self.themes[tn]["id"]], "theme without an impact KPI")
        return overrides

    def add_planted(self, rule: str, subjects: list[str], what: str) -> None:
        self.planted.append({"rule": rule, "subjects": subjects, "what": what})

    def plant_undelivered_milestone(self, th: dict[str, Any]) -> None:
        """G103: a milestone nothing delivers."""
        org = th["org"]
        verb, verb_en = self.rng.choice(_MS_VERB)
        lab, w = self.label("Milestone", "{A} {n} " + verb + " ({P})", "{A} {n} " + verb_en + " ({P})")
        msid = f"milestone/{w}"
        self.sec["milestones"].append({"id": msid, "label": lab, "theme": th["id"],
                                       "phase": org["phases"][2], "delivered_by": []})
        self.ms_phase[msid] = 2
        self.add_planted("G103", [msid], "milestone with no delivering project and no contributing action")

    def plant_unimplemented_action(self, th: dict[str, Any]) -> None:
        """G104: an action with no implementer."""
        lab, w = self.label("Action", "{P}: {a} {n} käyttöön", "Study {P}: {a} {n}")
        aid = f"action/{w}"
        act = {"id": aid, "label": lab, "subtheme": self.rng.choice(th["subthemes"]), "implementation": []}
        self.action[aid] = act
        self.sec["actions"].append(act)
        self.add_planted("G104", [aid], "action with no implementing project or carrier")

    def plant_duplicate_project(self, th: dict[str, Any]) -> None:
        """O201: a project that duplicates another one's work."""
        a = th["active"][0]
        b = self.new_project(th["org"], th, "active")
        th["active"].append(b)
        for aid in th["actions"]:
            if th["primary"][aid] == a:
                self.action[aid]["implementation"].append({"project": b})
        for ms in th["delivers"][a]:
            th["milestones"][ms]["delivered_by"].append(b)
        self.add_planted("O201", sorted([a, b]), "project duplicating another project's actions and milestones")

    def plant_unowned(self, th: dict[str, Any]) -> None:
        """W301: a goal without owner (and one of its key results), a project without owner."""
        rng = self.rng
        org = th["org"]
        g = self.goal(org, th, 2025, {}, {}, owner=False)
        for existing in [x for x in self.sec["key_results"] if x["goal"] == g["id"]]:
            existing["owner"] = [rng.choice(org["areas"])]
        kr = self.key_result(org, th, g["id"], 2025, owner=False)
        self.add_planted("W301", [g["id"]], "goal without owner")
        self.add_planted("W301", [kr], "key result without owner whose goal has none either")
        p = rng.choice(th["active"][1:] + th["inactive"])
        self.project[p].pop("owner", None)
        self.add_planted("W301", [p], "project without owner")

    def plant_key_result_without_target(self, th: dict[str, Any]) -> None:
        """G117: a key result without target."""
        kr = self.key_result(th["org"], th, self.rng.choice(th["goals"]), 2025, target=False)
        self.add_planted("G117", [kr], "key result without target")

    def plant_reversed_dates(self, th: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """C504: a planned project that ends before it starts (its dates, to override the generated ones)."""
        p = self.new_project(th["org"], th, "planned")
        self.add_planted("C504", [p], "project ending before it starts")
        return {p: {"start": "2026-Q1", "end": "2025-12"}}

    def plant_early_ends(self, th: dict[str, Any], th2: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """D402: new projects ending before the phase of the milestone they deliver (in ``th``) and before
        their action's due date (in ``th2``); returns their dates."""
        org = th["org"]
        p = self.new_project(org, th, "active")
        verb, verb_en = self.rng.choice(_MS_VERB)
        lab, w = self.label("Milestone", "{A} {n} " + verb + " ({P})", "{A} {n} " + verb_en + " ({P})")
        msid = f"milestone/{w}"
        self.sec["milestones"].append({"id": msid, "label": lab, "theme": th["id"],
                                       "phase": org["phases"][1], "delivered_by": [p]})
        self.ms_phase[msid] = 1
        dates = {p: {"start": "2023-Q1", "end": f"{_PHASES[1][3] - 1}-Q4"}}
        self.add_planted("D402", [p, msid], "project ends before the phase of the milestone it delivers begins")
        p = self.new_project(th2["org"], th2, "active")
        lab, w = self.label("Action", "{P}: {a} {n} käyttöön", "Introduce {P}: {a} {n}")
        aid = f"action/{w}"
        act = {"id": aid, "label": lab, "subtheme": self.rng.choice(th2["subthemes"]), "due": "2026-12-31",
               "implementation": [{"project": p}]}
        self.action[aid] = act
        self.sec["actions"].append(act)
        dates[p] = {"start": "2023", "end": "2025-Q4"}
        self.add_planted("D402", [p, aid], "project ends before the due date of the action it implements")
        return dates

    def plant_project_cycle(self, themes: list[dict[str, Any]]) -> None:
        """D401: a cycle of projects (the first active project of each theme has no dependencies of its own)."""
        firsts = [th["active"][0] for th in themes]
        if len(set(firsts)) < 2:
            return
        firsts = list(dict.fromkeys(firsts))
        for x, y in zip(firsts, firsts[1:] + firsts[:1], strict=False):
            self.project[x].setdefault("depends_on", []).append(y)
        self.add_planted("D401", sorted(firsts), "dependency cycle between projects")

    def plant_subtheme_cycle(self, th: dict[str, Any]) -> None:
        """D401: two sub-themes depending on each other."""
        s1, s2 = th["subthemes"][0], th["subthemes"][1]
        for x, y in ((s1, s2), (s2, s1)):
            rec = next(r for r in self.sec["subthemes"] if r["id"] == x)
            deps = rec.setdefault("dependencies", [])
            if not any(d.get("target") == y for d in deps):
                deps.append({"text": "Toisen alateeman tulokset", "target": y})
        self.add_planted("D401", sorted([s1, s2]), "sub-themes depending on each other")

    def run(self) -> tuple[dict[str, str], list[dict[str, Any]]]:
        rng = self.rng
        n_themes = self.n_themes
        if self.plant:
            self.skip_impact = set(rng.sample(range(n_themes), min(n_themes, self.n_plant)))
        org_sizes: list[int] = []
        left = n_themes
        while left > 0:
            k = min(left, rng.randint(*_THEMES_PER_ORG))
            if 0 < left - k < _THEMES_PER_ORG[0] and not org_sizes:
                k = left
            org_sizes.append(k)
            left -= k
        for i, k in enumerate(org_sizes):
            self.org(i, k)
        self.action_dues()
        overrides = self.plant_all() if self.plant else {}
        self.dates(overrides)
        for p in self.project.values():
            p.pop("_theme", None)
        for a in self.action.values():
            a.pop("_due_year", None)
        for ms in self.sec["milestones"]:
            if not ms["delivered_by"]:
                del ms["delivered_by"]
        return self.files(), sorted(self.planted, key=lambda d: (d["rule"], d["subjects"]))

    def files(self) -> dict[str, str]:
        comments = {
            "sources": "Source documents (synthetic).", "units": "Organizational units and posts.",
            "meanings": "Meanings (missions) of the organizations.", "values": "Values.",
            "themes": "Strategic themes.", "subthemes": "Sub-themes of the themes.",
            "phases": "Roadmap phases.", "milestones": "Roadmap milestones.",
            "capabilities": "Capabilities the roadmap requires.", "actions": "Actions and their implementers.",
            "projects": "The project portfolio.", "kpis": "The KPI matrix.", "goals": "Binding goals.",
            "key_results": "Key results of the goals.", "tasks": "Main tasks of the goals.",
            "services": "Services and systems with their life cycle.",
        }
        # the organizations' own vocabulary: the KPI perspectives of their matrix (a balanced scorecard)
        persp = "".join(f"      - {{id: {p}, label: {{fi: {_PERSPECTIVE_FI[p]}, en: {p.replace('-', ' ').capitalize()}}}}}\n"
                        for p in _PERSPECTIVES)
        files: dict[str, str] = {"00-model.yaml": "# The model's settings (synthetic).\nmodel:\n  schema_version: 2\n"
                                 "  languages: [fi, en]\n  default_lang: fi\n  vocabularies:\n    perspectives:\n"
                                 + persp}
        for n, (section, items) in enumerate(self.sec.items(), 1):
            chunks = [items[i:i + _CHUNK] for i in range(0, len(items), _CHUNK)] or [[]]
            for c, chunk in enumerate(chunks, 1):
                if not chunk:
                    continue
                name = f"{n:02d}-{section}.yaml" if len(chunks) == 1 else f"{n:02d}-{section}-{c:03d}.yaml"
                files[name] = yaml_section(section, chunk, comments[section])
        return files
