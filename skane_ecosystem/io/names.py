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

A name that fits several actors at the first step where it fits at all (two actors
with the same name, one alias listed for two actors, two equally close fuzzy
matches) is *ambiguous*: it is never resolved to one of them, and the caller reports
the candidates.  Anything else is unresolved, and the caller reports it with the
three closest names.

Folding accents and punctuation (step 3) and fuzzy matching (step 5) correct a
spelling, so they are only sound against a *known* actor list (an actors table).
When the actors are themselves the names written in the survey,
``correct_spelling=False`` makes step 3 ignore only case and spacing
(:func:`exact_key`) and leaves out step 5; :func:`near_duplicates` then finds the
names that may be one organisation, so they can be reported instead of merged.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from ..sectors import fold

__all__ = [
    "NameResolver",
    "Match",
    "Ambiguous",
    "DEFAULT_FUZZY_THRESHOLD",
    "exact_key",
    "distinct_names",
    "near_duplicates",
    "near_duplicate_message",
]

#: Minimum rapidfuzz token_sort_ratio (0-100) for an automatic fuzzy correction.
#: At 90 a single-letter typo in a 10+ letter name passes; "Lund" vs "Lunds kommun" does not.
DEFAULT_FUZZY_THRESHOLD = 90.0

# near_duplicates compares this many names with all the others at a time, so its
# memory stays at a few MB whatever the number of names.
_NAMES_PER_BLOCK = 256


@dataclass(frozen=True)
class Match:
    """How a written name was matched: the actor id, the method and its score."""

    actor_id: str
    method: str  # "id", "name", "folded", "alias" or "fuzzy"
    score: float = 100.0


@dataclass(frozen=True)
class Ambiguous:
    """A written name that fits several actors equally well, so none of them is chosen.

    Attributes
    ----------
    candidates : tuple of str
        The actor ids it fits, in the order of the actor list.
    method : str
        The step at which it fits them: "name", "folded", "alias" or "fuzzy".
    score : float
        The similarity of the candidates (100 unless ``method`` is "fuzzy").
    """

    candidates: tuple[str, ...]
    method: str
    score: float = 100.0


def exact_key(text) -> str:
    """A name as compared when there is no actor list to correct it against.

    Only case and spacing are ignored (and Unicode composition, so an "å" typed as
    "a" plus a ring, as macOS writes it, is still "å").  Accents and punctuation
    count: "Region Skane" and "Region Skåne" may be spelt alike by chance, so
    telling them apart is the user's decision, not the program's.

    Parameters
    ----------
    text : str
        A name as written.

    Returns
    -------
    str

    Examples
    --------
    >>> exact_key("  REGION   Skåne ")
    'region skåne'
    >>> exact_key("Region Skane") == exact_key("Region Skåne")
    False
    """
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def distinct_names(written: Iterable[str]) -> list[str]:
    """One name per organisation, as first written, ignoring only case and spacing.

    Parameters
    ----------
    written : iterable of str
        Names in the order they appear in a survey.

    Returns
    -------
    list of str
        The first spelling of each name, by :func:`exact_key`; blanks left out.

    Examples
    --------
    >>> distinct_names(["Region Skåne", "region  skåne", "Region Skane", ""])
    ['Region Skåne', 'Region Skane']
    """
    first: dict[str, str] = {}
    for name in written:
        text = str(name).strip()
        if text:
            first.setdefault(exact_key(text), text)
    return list(first.values())


def near_duplicates(names: Sequence[str], threshold: float = DEFAULT_FUZZY_THRESHOLD) -> list[tuple[int, int, float]]:
    """Pairs of names so alike that they may be one organisation.

    The similarity is the one fuzzy matching uses (``token_sort_ratio`` on folded
    names), so a pair listed here is a pair that fuzzy matching would merge if one of
    the two were the known actor.

    Parameters
    ----------
    names : sequence of str
        Distinct names (see :func:`distinct_names`).
    threshold : float
        Minimum similarity (0-100) for a pair to be listed.

    Returns
    -------
    list of (int, int, float)
        ``(i, j, similarity)`` with ``i < j`` positions in ``names``, in order of
        ``j`` then ``i``; the similarity is rounded to one decimal.

    Examples
    --------
    >>> near_duplicates(["Företagsfabriken Skåne 1", "Företagsfabriken Skåne 2", "Malmö stad"])
    [(0, 1, 95.8)]
    >>> near_duplicates(["Region Skåne", "Region Skane"])
    [(0, 1, 100.0)]
    """
    # token_sort_ratio is ratio on the words sorted; sorting them once, not per pair, is 3x faster.
    words_sorted = [" ".join(sorted(fold(name).split())) for name in names]
    pairs = []
    # Compared in blocks of rows: the whole matrix would need len(names)**2 cells.
    for start in range(0, len(words_sorted), _NAMES_PER_BLOCK):
        block = words_sorted[start : start + _NAMES_PER_BLOCK]
        scores = process.cdist(block, words_sorted, scorer=fuzz.ratio, score_cutoff=threshold, workers=1)
        offsets, seconds = np.nonzero(scores >= threshold)
        pairs.extend(
            (start + offset, second, round(float(scores[offset, second]), 1))
            for offset, second in zip(offsets.tolist(), seconds.tolist())
            if second > start + offset
        )
    return sorted(pairs, key=lambda pair: (pair[1], pair[0]))


class NameResolver:
    """Match written organisation names to actor ids.

    Parameters
    ----------
    actors : dict
        actor id -> display name.
    aliases : dict or iterable of (str, str), optional
        alias as written -> actor id; as pairs, one alias may be listed for two
        actors, and is then ambiguous.  Every actor id must be one of ``actors``.
    threshold : float
        Minimum fuzzy score (0-100) for an automatic correction.
    correct_spelling : bool, default True
        Whether a written name may be corrected against the actor list (folding
        accents and punctuation, fuzzy matching).  Pass False when the actors are
        the names written in the survey itself: then only case and spacing are
        ignored, so two organisations are never merged because their names look
        alike.

    Raises
    ------
    ValueError
        If an alias names an actor id that is not in ``actors``.

    Examples
    --------
    >>> r = NameResolver({"a1": "Region Skåne", "a2": "Lunds universitet"})
    >>> r.resolve("region skane")
    Match(actor_id='a1', method='folded', score=100.0)
    >>> r.resolve("Lunds universitett").method
    'fuzzy'
    >>> r.resolve("Malmö stad") is None
    True

    Two actors with one name are not guessed between:

    >>> twins = NameResolver({"f1": "Företagsfabriken", "f2": "Företagsfabriken"})
    >>> twins.lookup("Företagsfabriken")
    Ambiguous(candidates=('f1', 'f2'), method='name', score=100.0)
    >>> twins.resolve("f2")
    Match(actor_id='f2', method='id', score=100.0)
    """

    def __init__(
        self,
        actors: dict[str, str],
        aliases: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
        threshold: float = DEFAULT_FUZZY_THRESHOLD,
        correct_spelling: bool = True,
    ):
        self.actors = dict(actors)
        self.threshold = threshold
        self.correct_spelling = correct_spelling
        self._key = fold if correct_spelling else exact_key
        self._names: dict[str, list[str]] = {}
        self._folded: dict[str, list[str]] = {}
        for actor_id, name in self.actors.items():
            _add(self._names, name, actor_id)
            _add(self._folded, self._key(actor_id), actor_id)
            _add(self._folded, self._key(name), actor_id)
        self._aliases: dict[str, list[str]] = {}
        pairs = aliases.items() if isinstance(aliases, Mapping) else (aliases or ())
        for alias, actor_id in pairs:
            if actor_id not in self.actors:
                raise ValueError(f"the alias {alias!r} names the actor id {actor_id!r}, which is not an actor")
            _add(self._aliases, self._key(alias), actor_id)
        self._choices = {actor_id: fold(name) for actor_id, name in self.actors.items()}

    def lookup(self, written) -> Match | Ambiguous | None:
        """The actor a written name refers to, the actors it could be, or ``None``.

        Parameters
        ----------
        written : str
            A name or id as written in the survey.

        Returns
        -------
        Match, Ambiguous or None
            ``Ambiguous`` when the first step that fits the name fits several actors;
            ``None`` when no step fits it.
        """
        text = str(written).strip()
        if text in self.actors:
            return Match(text, "id")
        key = self._key(text)
        for method, index, found in (
            ("name", self._names, text),
            ("folded", self._folded, key),
            ("alias", self._aliases, key),
        ):
            if found in index:
                return _one_or_ambiguous(index[found], method)
        return self._fuzzy(fold(text)) if self.correct_spelling else None

    def resolve(self, written) -> Match | None:
        """The actor a written name refers to, or ``None`` when it cannot be told.

        ``None`` covers both an unknown name and an ambiguous one; :meth:`lookup`
        tells them apart.
        """
        found = self.lookup(written)
        return found if isinstance(found, Match) else None

    def corrected_name(self, written, match: Match) -> str | None:
        """The actor name ``match`` corrects ``written`` to, or ``None`` if it corrects nothing.

        An id, the actor's own name or id in other case or spacing, and an alias (the
        user's own say) are no corrections.  A name read with its accents or
        punctuation folded, or matched fuzzily, is one: it belongs in the validation
        report, so that every change made to what was written can be checked.

        Examples
        --------
        >>> r = NameResolver({"a1": "Region Skåne"})
        >>> r.corrected_name("REGION  skåne", r.resolve("REGION  skåne")) is None
        True
        >>> r.corrected_name("Region Skane", r.resolve("Region Skane"))
        'Region Skåne'
        """
        if match.method not in ("folded", "fuzzy"):
            return None
        name = self.actors[match.actor_id]
        if match.method == "folded" and exact_key(written) in (exact_key(name), exact_key(match.actor_id)):
            return None
        return name

    def correction_message(self, written, match: Match) -> str:
        """What the validation report says of a correction (see :meth:`corrected_name`)."""
        how = f"similarity {match.score:g}" if match.method == "fuzzy" else "accents, punctuation and case ignored"
        return f"{str(written).strip()!r} read as {self.actors[match.actor_id]!r} ({how})"

    def _fuzzy(self, key: str) -> Match | Ambiguous | None:
        if not key or not self._choices:
            return None
        best = process.extract(
            key, self._choices, scorer=fuzz.token_sort_ratio, score_cutoff=self.threshold, limit=None
        )
        if not best:
            return None
        top = best[0][1]
        tied = [actor_id for _, score, actor_id in best if score == top]
        return _one_or_ambiguous(tied, "fuzzy", round(float(top), 1))

    def closest(self, written, n: int = 3) -> list[str]:
        """The ``n`` actor names closest to ``written``, best first (for error messages)."""
        found = process.extract(fold(written), self._choices, scorer=fuzz.token_sort_ratio, limit=n)
        return [self.actors[actor_id] for _, _, actor_id in found]

    def unresolved(self, written, found: Ambiguous | None, where: Mapping[str, str] | None = None) -> str:
        """Why ``written`` was not resolved and what to do, for an error message.

        Parameters
        ----------
        written : str
            The name as written.
        found : Ambiguous or None
            What :meth:`lookup` returned for it.
        where : dict, optional
            actor id -> where the actor is listed (e.g. ``"row 7"``), shown with
            each candidate of an ambiguous name.

        Returns
        -------
        str
        """
        if found is None:
            closest = ", ".join(repr(n) for n in self.closest(written))
            return f"unknown actor {str(written).strip()!r}; closest actors are {closest}"
        candidates = " and ".join(self._described(actor_id, where or {}) for actor_id in found.candidates)
        ignored = "case, spacing, accents and punctuation" if self.correct_spelling else "case and spacing"
        how, advice = {
            "name": ("is the name of", "write the actor's id instead, or give the actors distinct names"),
            "folded": (
                f"is, ignoring {ignored}, the name of",
                "write the actor's id instead, or give the actors distinct names",
            ),
            "alias": ("is an alias of", "write the actor's id instead, or list the alias for one actor only"),
            "fuzzy": (f"is as close (similarity {found.score:g}) to", "write the actor's name or id exactly"),
        }[found.method]
        return (
            f"{str(written).strip()!r} {how} {len(found.candidates)} actors: {candidates}; it cannot be told "
            f"which is meant. {advice[0].upper()}{advice[1:]}"
        )

    def _described(self, actor_id: str, where: Mapping[str, str]) -> str:
        place = f", {where[actor_id]}" if actor_id in where else ""
        return f"{self.actors[actor_id]!r} (id {actor_id!r}{place})"


def _add(index: dict[str, list[str]], key: str, actor_id: str) -> None:
    """Index ``actor_id`` under ``key``, once, keeping the actors' order."""
    if key:
        ids = index.setdefault(key, [])
        if actor_id not in ids:
            ids.append(actor_id)


def _one_or_ambiguous(actor_ids: list[str], method: str, score: float = 100.0) -> Match | Ambiguous:
    if len(actor_ids) == 1:
        return Match(actor_ids[0], method, score)
    return Ambiguous(tuple(actor_ids), method, score)


def near_duplicate_message(first: str, second: str, score: float, first_at: str) -> str:
    """The warning about two similar names kept as two actors (see :func:`near_duplicates`).

    Parameters
    ----------
    first, second : str
        The two names, ``first`` the one written earlier.
    score : float
        Their similarity (0-100).
    first_at : str
        Where ``first`` is written, e.g. ``"row 4, column 'source'"``.

    Returns
    -------
    str

    Examples
    --------
    >>> near_duplicate_message("Region Skåne", "Region Skane", 100, "row 2").split(";")[0]
    "'Region Skane' is much like 'Region Skåne' (row 2, similarity 100)"
    """
    return (
        f"{second!r} is much like {first!r} ({first_at}, similarity {score:g}); they are kept as two "
        "actors. If they are one organisation, spell them alike, or give an actors table to match the "
        "names against"
    )
