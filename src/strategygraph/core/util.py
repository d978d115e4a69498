"""Small helpers shared by every layer: pausing the garbage collector, "did you mean" hints."""

from __future__ import annotations

import difflib
import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small, acyclic objects.

    With a large model in memory every automatic collection walks the whole heap; the objects
    built inside this block are freed by reference counting, so nothing is lost by waiting.
    Nested use is safe: only the outermost block turns the collector back on.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice most like ``word`` (difflib ratio at least ``cutoff``), or None.

    >>> closest("projets", ["projects", "themes"])
    'projects'
    """
    hits = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return hits[0] if hits else None


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6, otherwise: str = "",
                 quote: bool = True) -> str:
    """``"; did you mean 'x'?"`` for the closest choice, else ``otherwise`` (e.g. "; known: a, b").

    >>> did_you_mean("G1O1", ["G101", "O201"], quote=False)
    '; did you mean G101?'
    >>> did_you_mean("zzz", ["G101"], otherwise="; see 'strategygraph rules'")
    "; see 'strategygraph rules'"
    """
    hit = closest(word, choices, cutoff)
    if hit is None:
        return otherwise
    return f"; did you mean {hit!r}?" if quote else f"; did you mean {hit}?"
