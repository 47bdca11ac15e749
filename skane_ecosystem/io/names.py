"""Reconciling the organisation names respondents type with the actor list.

Respondents write "Region Skane", "region skåne" or "Regon Skåne" for the same actor.
Names are matched in a fixed order, from certain to uncertain:

1. the actor ``id`` exactly;
2. the actor name exactly;
3. id or name after folding case, spacing, punctuation and diacritics
   (:func:`skane_ecosystem.sectors.fold`): "Region Skane" = "Region Skåne";
4. an entry of the alias table (alias -> actor id), folded the same way;
5. fuzzily, with rapidfuzz's ``token_sort_ratio`` on folded names, when the best
   score is at least ``threshold`` (default 90 of 100) *and* no other actor scores
   as high.  Every fuzzy match is recorded as a correction with its score.

Anything else is unresolved, and the caller reports it with the three closest names.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..sectors import fold

__all__ = ["NameResolver", "Match", "DEFAULT_FUZZY_THRESHOLD"]

#: Minimum rapidfuzz token_sort_ratio (0-100) for an automatic fuzzy correction.
#: At 90 a single-letter typo in a 10+ letter name passes; "Lund" vs "Lunds kommun" does not.
DEFAULT_FUZZY_THRESHOLD = 90.0


@dataclass(frozen=True)
class Match:
    """How a written name was matched: the actor id, the method and its score."""

    actor_id: str
    method: str  # "id", "name", "folded", "alias" or "fuzzy"
    score: float = 100.0


class NameResolver:
    """Match written organisation names to actor ids.

    Parameters
    ----------
    actors : dict
        actor id -> display name.
    aliases : dict, optional
        alias as written -> actor id.
    threshold : float
        Minimum fuzzy score (0-100) for an automatic correction.

    Examples
    --------
    >>> r = NameResolver({"a1": "Region Skåne", "a2": "Lunds universitet"})
    >>> r.resolve("region skane")
    Match(actor_id='a1', method='folded', score=100.0)
    >>> r.resolve("Lunds universitett").method
    'fuzzy'
    >>> r.resolve("Malmö stad") is None
    True
    """

    def __init__(self, actors: dict[str, str], aliases: dict[str, str] | None = None,
                 threshold: float = DEFAULT_FUZZY_THRESHOLD):
        self.actors = dict(actors)
        self.threshold = threshold
        self._names = {name: actor_id for actor_id, name in self.actors.items()}
        self._folded: dict[str, str] = {}
        for actor_id, name in self.actors.items():
            self._folded.setdefault(fold(actor_id), actor_id)
            self._folded.setdefault(fold(name), actor_id)
        self._aliases = {fold(alias): actor_id for alias, actor_id in (aliases or {}).items()}
        self._choices = {actor_id: fold(name) for actor_id, name in self.actors.items()}

    def resolve(self, written) -> Match | None:
        """The actor a written name refers to, or ``None`` when it cannot be told."""
        text = str(written).strip()
        if text in self.actors:
            return Match(text, "id")
        if text in self._names:
            return Match(self._names[text], "name")
        key = fold(text)
        if key in self._folded:
            return Match(self._folded[key], "folded")
        if key in self._aliases:
            return Match(self._aliases[key], "alias")
        return self._fuzzy(key)

    def _fuzzy(self, key: str) -> Match | None:
        if not key or not self._choices:
            return None
        best = process.extract(key, self._choices, scorer=fuzz.token_sort_ratio, limit=2)
        (_, score, actor_id) = best[0]
        if score < self.threshold:
            return None
        if len(best) > 1 and best[1][1] == score:
            return None  # two actors equally close: a guess would be arbitrary
        return Match(actor_id, "fuzzy", round(float(score), 1))

    def closest(self, written, n: int = 3) -> list[str]:
        """The ``n`` actor names closest to ``written``, best first (for error messages)."""
        found = process.extract(fold(written), self._choices, scorer=fuzz.token_sort_ratio, limit=n)
        return [self.actors[actor_id] for _, _, actor_id in found]
