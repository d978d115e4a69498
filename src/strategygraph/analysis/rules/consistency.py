"""Consistency rules: statements in the sources that do not agree with each other."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from strategygraph.analysis.rules.engine import Context, Finding, Rule, rule
from strategygraph.core.model import link_ids
from strategygraph.core.time import end_of, start_of


def norm_text(text: str) -> str:
    """Text compared for identity: lower case, punctuation and dashes unified, spaces collapsed."""
    t = text.lower().replace("–", "-").replace("—", "-")
    t = re.sub(r"[\"'”“’.,;:()]", " ", t)
    t = re.sub(r"\s*-\s*", "-", t)
    return re.sub(r"\s+", " ", t).strip()


#: milestone texts compared in full with each unmatched citation (the ones sharing most word stems with it)
CANDIDATES = 10
#: a word stem found in more milestone texts than this is not used to find candidates
STEM_LIMIT = 200


def compact(text: str) -> str:
    """Text with case, spaces, hyphens and punctuation removed: ``vastaanotto-prosessi`` = ``vastaanottoprosessi``."""
    return re.sub(r"[^0-9a-zåäöéü]", "", text.lower())


def _tokens(text: str) -> list[str]:
    """Word stems tolerant of Finnish inflection: words cut to their first six letters."""
    return [w[:6] for w in re.findall(r"[0-9a-zåäöéü]+", text.lower().replace("-", ""))]


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0..1, ignoring case, spacing, hyphens, punctuation and inflection.

    The larger of difflib's ratio of the compacted texts and of their word-stem sequences, so that
    ``asiakashallinta`` / ``asiakashallinnan`` (one inflection) and a missing hyphen score near 1.

    >>> similarity("Yhtenäinen vastaanotto-prosessi käytössä", "yhtenäinen vastaanottoprosessi käytössä")
    1.0
    """
    import difflib

    ca, cb = compact(a), compact(b)
    if ca == cb:
        return 1.0
    chars = difflib.SequenceMatcher(None, ca, cb, autojunk=False).ratio()
    words = difflib.SequenceMatcher(None, _tokens(a), _tokens(b), autojunk=False).ratio()
    return max(chars, words)


#: words that say nothing about which indicator is meant ("to be defined", conjunctions, numbering)
_NAME_STOP = {"ja", "tai", "sekä", "and", "or", "the", "of", "määritellään", "tbd", "esim", "eg"}
_ELLIPSIS = re.compile(r"(\w+)-\s+(?:ja|tai|sekä|and|or|und|och)\s+(\w+)")


def name_forms(text: str) -> list[list[str]]:
    """The ways a measure's name can be written, each as its content words.

    A parenthesised abbreviation is an alternative name (``Asiakkaan kokema vaikuttavuus (PROM)`` is also
    ``PROM``); other parenthesised words qualify the name and stay part of it; a suspended compound is
    written out (``tulo- ja lähtövaihtuvuus`` gives ``tulo…vaihtuvuus`` for every split of the last word, one
    of them ``tulovaihtuvuus``); numbers and filler words are dropped.

    >>> name_forms("Tulo- ja lähtövaihtuvuus (määritellään)")[0]
    ['tulo-', 'lähtövaihtuvuus']
    >>> name_forms("Asiakaspalaute (NPS)")
    [['asiakaspalaute', 'nps'], ['nps']]
    """
    inner = [x.strip() for x in re.findall(r"\(([^)]*)\)", text)]
    main = re.sub(r"[()]", " ", text).lower().replace("–", "-")
    forms = [main, *(x.lower() for x in inner if _ABBREVIATION.fullmatch(x))]
    for m in _ELLIPSIS.finditer(main):
        head, last = m.group(1), m.group(2)
        forms += [f"{head}{last[i:]}" for i in range(3, len(last) - 2)] + [last]
    out = []
    for f in forms:
        words = [w for w in re.findall(r"[\w-]+", f) if w not in _NAME_STOP and not w.strip("-").isdigit()]
        if words:
            out.append(words)
    return out


#: a parenthesised short name: one word in capitals (digits allowed), e.g. PROM, NPS, HTV2
_ABBREVIATION = re.compile(r"[A-ZÅÄÖ][A-ZÅÄÖ0-9-]+")


def _word_match(a: str, b: str) -> bool:
    """The same word up to an inflectional ending of at most three letters (``hoitoonpääsy`` / ``…pääsyn``)."""
    short, long_ = sorted((a.strip("-"), b.strip("-")), key=len)
    return len(short) >= 3 and long_.startswith(short) and len(long_) - len(short) <= 3


def _forms_match(fa: list[str], fb: list[str]) -> bool:
    short, long_ = sorted((fa, fb), key=len)
    return all(any(_word_match(w, v) for v in long_) for w in short)


def same_measure(a: str, b: str) -> bool:
    """Whether two names of a measure are the same indicator worded differently: every content word of one
    way of writing the shorter name appears (up to inflection) in a way of writing the other.

    >>> same_measure("PROM", "Asiakkaan kokema vaikuttavuus (PROM)")
    True
    >>> same_measure("Lähtövaihtuvuus", "Tulo- ja lähtövaihtuvuus")
    True
    >>> same_measure("Palveluajat", "Luvatut palveluajat")
    True
    >>> same_measure("Toimintakatteen muutos", "Kustannustaso")
    False
    >>> same_measure("Asiakastyytyväisyys (Hämeenlinna)", "Asiakastyytyväisyys (Riihimäki)")
    False
    """
    return any(_forms_match(fa, fb) for fa in name_forms(a) for fb in name_forms(b))


def measure_names(e: Any) -> list[str]:
    """Every name an element goes by: its label in each language and its recorded variant wordings."""
    return [*(t for _, t in e.label.items()), *(v.text for v in e.variants)]


class MeasureNames:
    """The names of a set of measures (e.g. the KPI catalogue), indexed so that a name is compared only
    with the forms that share a word's first three letters (linear in the model, not quadratic)."""

    def __init__(self, names: list[str]) -> None:
        self.forms: list[list[str]] = []
        self.by_word: dict[str, list[int]] = defaultdict(list)
        for name in names:
            for form in name_forms(name):
                for w in {w.strip("-")[:3] for w in form}:
                    self.by_word[w].append(len(self.forms))
                self.forms.append(form)

    def has(self, name: str) -> bool:
        """Whether ``name`` is one of the names worded differently (see :func:`same_measure`)."""
        for fa in name_forms(name):
            near: set[int] = set()
            for w in fa:
                near.update(self.by_word.get(w.strip("-")[:3], ()))
            if any(_forms_match(fa, self.forms[i]) for i in sorted(near)):
                return True
        return False


@rule("C501", "consistency.cited-milestone-not-in-roadmap", "consistency", "warning")
def cited_milestone_not_in_roadmap(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A goal citing a milestone text that is not in the roadmap.

    What it finds
    -------------
    Texts in a goal's ``cited_milestones`` that match no milestone's label
    (Finnish, or its English or Swedish translation) or recorded variant, nor
    the joined wordings of two milestones the goal serves.
    Spelling variation is not drift: texts are compared ignoring case,
    spaces, hyphens and punctuation, and with a similarity (difflib ratio of
    the compacted texts or of their six-letter word stems, which tolerates
    Finnish inflection); a citation at or above
    ``cited_text_min_similarity`` to some milestone matches it. A citation
    whose closest milestone is one the goal already serves (``serves``, as
    the source links them) is a rewording of that milestone, not drift, at
    or above ``cited_text_linked_similarity``: the line of sight is intact.
    One finding per unmatched citation, with the closest milestone and its
    similarity.

    Why it matters
    --------------
    The goal claims to serve a roadmap milestone that the roadmap does not
    contain: either the roadmap changed or the goal was written against another
    version, and the line of sight is broken.

    How to fix
    ----------
    Correct the citation, or add the wording as a ``variant`` of the milestone it means.

    Example
    -------
    A goal citing "Monialaiset palvelupolut ja yhteinen asiakashallinta käytössä"
    when the roadmap says "… yhteinen asiakashallinnan työkalu käytössä koko alueella".

    Options
    -------
    - ``cited_text_min_similarity``: the similarity (0..1) at which a citation matches a milestone (0.85).
    - ``cited_text_linked_similarity``: the similarity (0..1) at which a citation is a rewording of a
      milestone the goal already serves (0.6).
    """
    texts: list[tuple[str, str]] = []  # (milestone id, text)
    for ms in ctx.model.of_kind("Milestone"):
        for _, text in ms.label.items():
            texts.append((ms.id, text))
        for v in ms.variants:
            texts.append((ms.id, v.text))
    exact = {compact(t) for _, t in texts}
    index: dict[str, list[int]] = defaultdict(list)
    for i, (_, t) in enumerate(texts):
        for tok in set(_tokens(t)):
            if len(index[tok[:5]]) < STEM_LIMIT:  # a very common word says nothing about which text is meant
                index[tok[:5]].append(i)
    limit = ctx.config.cited_text_min_similarity
    linked_limit = ctx.config.cited_text_linked_similarity
    labels = {ms.id: ms.label.get("fi") for ms in ctx.model.of_kind("Milestone")}
    for g in ctx.model.of_kind("Goal"):
        served = [s for s in link_ids(g.serves) if s in labels]
        # one citation may join the wordings of two milestones the goal serves
        joined = [(f"{a}+{b}", f"{labels[a]} {labels[b]}") for a in served for b in served if a != b]
        for text in g.cited_milestones:
            if compact(text) in exact:
                continue
            best, best_id = 0.0, None
            # difflib only on the texts sharing most word stems with the citation (linear in the model)
            counts: dict[int, int] = defaultdict(int)
            for tok in set(_tokens(text)):
                for i in index.get(tok[:5], ()):
                    counts[i] += 1
            near = sorted(counts, key=lambda i: (-counts[i], i))[:CANDIDATES]
            for mid, t in [texts[i] for i in near] + joined:
                sim = similarity(text, t)
                if sim > best:
                    best, best_id = sim, mid
            if best + 1e-12 >= limit:
                continue
            best_id = best_id.split("+")[0] if best_id else None
            if best_id in served and best + 1e-12 >= linked_limit:
                continue  # a rewording of a milestone the goal serves: the link is intact
            # the closest text may be another milestone's: a served milestone close enough still matches
            near_served = max((similarity(text, labels[s]) for s in served), default=0.0)
            if near_served + 1e-12 >= linked_limit:
                continue
            closest = ctx.name(best_id) if best_id else "–"
            yield r.finding(ctx, [g.id], ctx.t("C501", name=ctx.name(g.id), cited=text, closest=closest,
                                               sim=f"{best:.2f}"),
                            fix=ctx.t("C501.fix", cited=text, closest=best_id or "–"),
                            cited=text, closest=best_id, similarity=round(best, 3), serves=link_ids(g.serves))


@rule("C502", "consistency.kpi-not-in-catalogue", "consistency", "info")
def kpi_not_in_catalogue(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A KPI the current goals use that the KPI catalogue (matrix) does not list.

    What it finds
    -------------
    KPIs linked from a current goal or its key results (the newest year not
    after the analysis date, and later years) that measure no theme, i.e. do
    not appear in any cell of the theme × perspective KPI matrix, and are not
    a matrix KPI worded differently. A different wording is recognized by
    name: every content word of one name appears, up to an inflectional
    ending, in the other (``Palveluajat`` / ``Luvatut palveluajat``), a
    parenthesis is an alternative name (``PROM`` / ``Asiakkaan kokema
    vaikuttavuus (PROM)``), and a suspended compound is written out
    (``Lähtövaihtuvuus`` / ``Tulo- ja lähtövaihtuvuus``); recorded
    ``variants`` count as names too.

    Why it matters
    --------------
    Goals should be followed with the strategy's own indicators; a new
    indicator the matrix lacks means the matrix is out of date, and the
    theme's measurement does not show what the council follows.

    How to fix
    ----------
    Use the catalogue KPI, or add the new KPI to the matrix with its theme and perspective.

    Example
    -------
    The 2025 goals measured with "Toimintakatteen muutos", which the 2023 KPI matrix does not have.
    """
    m = ctx.model
    if not m.perspectives:
        return  # no theme × perspective matrix in this organization's strategy: nothing to be missing from
    current = ctx.current_goals
    users: dict[str, list[str]] = defaultdict(list)
    for g in m.of_kind("Goal"):
        if g.id in current:
            for k in link_ids(g.kpis):
                users[k].append(g.id)
    for kr in m.of_kind("KeyResult"):
        if kr.goal.ref in current:
            for k in link_ids(kr.kpis):
                users[k].append(kr.id)
    kpis = m.of_kind("KPI")
    matrix = MeasureNames([name for k in kpis if k.themes for name in measure_names(k)])
    for k in kpis:
        if k.themes or k.id not in users:
            continue
        if any(matrix.has(name) for name in measure_names(k)):
            continue  # a matrix KPI worded differently
        us = sorted(set(users[k.id]))
        yield r.finding(ctx, [k.id, *us], ctx.t("C502", name=ctx.name(k.id), n=len(us), users=", ".join(us)),
                        fix=ctx.t("C502.fix", name=ctx.name(k.id)), affected=[k.id], used_by=us)


@rule("C503", "consistency.status-vs-tasks", "consistency", "warning")
def status_vs_tasks(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A goal whose reported status contradicts its tasks' completion.

    What it finds
    -------------
    Goals with a status and tasks with completion percentages, where the
    status does not match the colour the mean completion implies under the
    report's own rules (green > ``status_green_min`` %, yellow >
    ``status_yellow_min`` %, red at or below it: a mean of exactly 90 is
    yellow and exactly 50 is red). Tasks without a completion are left out of
    the mean; goals without a status or reported ``not-reported`` are skipped.

    Why it matters
    --------------
    A green goal with half-done tasks (or a red one with finished tasks) means
    either the status or the task reporting is wrong; the council is steering
    on the status.

    How to fix
    ----------
    Check the report with the goal's owner and correct the status or the task figures.

    Example
    -------
    Goal reported green while its two main tasks are 50 % and 90 % done (mean 70 %).

    Options
    -------
    - ``status_green_min``: a mean completion above this is green (90).
    - ``status_yellow_min``: a mean completion above this (and not green) is yellow (50).
    """
    cfg = ctx.config
    tasks: dict[str, list[float]] = {}
    for t in ctx.model.of_kind("Task"):
        if t.completion is not None:
            tasks.setdefault(t.goal.ref, []).append(t.completion)
    for g in ctx.model.of_kind("Goal"):
        if g.status is None or g.status.value == "not-reported" or g.id not in tasks:
            continue
        values = tasks[g.id]
        mean = sum(values) / len(values)
        expected = "green" if mean > cfg.status_green_min else "yellow" if mean > cfg.status_yellow_min else "red"
        if expected != g.status.value:
            yield r.finding(ctx, [g.id], ctx.t("C503", name=ctx.name(g.id), status=ctx.status(g.status.value),
                                               mean=f"{mean:.0f}", expected=ctx.status(expected)),
                            fix=ctx.t("C503.fix", name=ctx.name(g.id)), status=g.status.value,
                            expected=expected, mean_completion=round(mean, 1), completions=values)


@rule("C504", "consistency.project-dates", "consistency", "error")
def project_dates(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A project that ends before it starts.

    What it finds
    -------------
    Projects whose ``end`` lies before their ``start``.

    Why it matters
    --------------
    Every timing analysis (phases, due dates) relies on these dates.

    How to fix
    ----------
    Correct the dates against the portfolio table.

    Example
    -------
    ``start: 2024-Q1``, ``end: 2023-Q4``.
    """
    for p in ctx.model.of_kind("Project"):
        s, e = start_of(p.start), end_of(p.end)
        if s and e and e < s:
            yield r.finding(ctx, [p.id], ctx.t("C504", name=ctx.name(p.id), end=p.end, start=p.start),
                            fix=ctx.t("C504.fix", name=ctx.name(p.id)), start=p.start, end=p.end)


@rule("C505", "consistency.stale-status", "consistency", "warning", systemic=True)
def stale_status(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A project status recorded long before the analysis date.

    What it finds
    -------------
    Projects whose status was last stated (the newest dated ``status_facts``
    entry, else the date of the source document the project comes from) more
    than ``stale_after_days`` before the analysis date (``--as-of``; default
    the model's as-of date, i.e. its newest source, else today).

    Why it matters
    --------------
    Carrying, timing and overlap findings all rest on the project's status; a
    status from long ago may no longer hold, and the findings with it. When
    every project's status is stale the whole portfolio needs refreshing
    before its findings are acted on, so the group keeps its severity.

    How to fix
    ----------
    Confirm the status with the project's owner and record it with its date (``status_facts``).

    Example
    -------
    A portfolio table of April 2023 read against a model whose newest source is from September 2025.

    Options
    -------
    - ``stale_after_days``: how old (in days) a status may be before it is stale (365).
    """
    m = ctx.model
    limit = ctx.config.stale_after_days
    source_date = {s.id: end_of(s.date) for s in m.of_kind("Source") if getattr(s, "date", None)}
    for p in m.of_kind("Project"):
        if p.status is None:
            continue  # no status stated: nothing to go stale
        dates = [end_of(f.date) for f in p.status_facts if f.date]
        stated = max((d for d in dates if d), default=None)
        if stated is None and p.source is not None:
            stated = source_date.get(p.source.doc)
        if stated is None:
            continue
        age = (ctx.as_of - stated).days
        if age > limit:
            yield r.finding(ctx, [p.id], ctx.t("C505", name=ctx.name(p.id), status=ctx.status(p.status.value),
                                               date=stated.isoformat(), as_of=ctx.as_of.isoformat(),
                                               months=age // 30),
                            fix=ctx.t("C505.fix", name=ctx.name(p.id)), status=p.status.value,
                            stated=stated.isoformat(), as_of=ctx.as_of.isoformat(), age_days=age)
