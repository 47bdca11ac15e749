"""Privacy levels: which tables every output may show, and what each level hides.

Survey data about an ecosystem mixes organisations (the subject of the analysis)
with people (contact persons, respondents) and with what people wrote in free-text
boxes.  Reports, workbooks, maps, CSV files and graph files are often passed on
beyond the research team, so they are all built from one set of tables, made here by
:func:`apply_privacy`, and nothing else.  A renderer that only ever sees these tables
cannot leak what they do not hold.

Levels
------
``"internal"`` (default)
    Everything the analysis holds, for the research team: organisation and person
    names, free-text comments, every tie report with its weight and reporter.

``"public"``
    For readers outside the team.  Built from an allowlist, since a list of words
    that mark person columns always misses one ("Ansvarig", "Tfn", "Your name"):

    * **Actor columns**: only :data:`PUBLIC_ACTOR_COLUMNS` (id, name, sector, type,
      municipality, respondent status), the measures the analysis computed, and the
      columns the user declared public (``public_columns`` of
      :class:`~skane_ecosystem.config.AnalysisConfig`, ``--public-column`` on the
      command line, or the ``public_columns`` argument).  Every other column is left
      out, whatever its header, and the validation report (``problems``, severity
      ``"left_out"``) and ``hidden["left_out_columns"]`` list each one by name.
    * **Declared person columns**: a declared column whose folded header
      (:func:`skane_ecosystem.sectors.fold`) matches :data:`PERSON_HEADER` (contact,
      e-mail, mail, telefon, tfn, respondent name ...) or is named in
      ``person_columns`` has each distinct value replaced by a stable pseudonym
      ("Person 7"), numbered in the order of a keyed hash of the value, so it reveals
      neither the names nor their alphabetical order.  Names are never published.
      The graph (read by the map's actor cards and the graph files) leaves person
      columns out altogether: a public map has no contact-person field at all.
    * **Ties**: the tie reports are replaced by one row per tied pair, relation and
      wave, with only whether both sides reported it (``confirmed``) and the tie
      columns declared public (the distinct values of the pair's reports).  Weights
      and reporters are never shown; graph files carry no ``weight`` attribute, and
      the map draws every tie equally wide and says why in its legend.
    * **Weight-based measures** (actor columns and indicators whose name contains
      ``strength`` or ``weight``): an actor's value is suppressed when the actor
      has fewer than ``min_cell`` ties, since it would reveal the weights of those
      few ties; weight-based network indicators are not shown.  Flag evidence loses
      its weight-based entries.
    * **Small counts**, everywhere: every count of actors or ties between 1 and
      ``min_cell - 1`` is shown as ``"<5"`` (for ``min_cell=5``) in the sector table,
      the sector x sector matrix, the municipality table, the data-quality facts,
      the count indicators (actors, ties, isolates, also in the wave comparison)
      and the cut-offs of the key-removals table; so is a sector's response rate
      or E-I index when the sector has fewer than ``min_cell`` actors (or the E-I
      index rests on fewer than ``min_cell`` ties).  Finding sentences are restated
      from their values with such a count as "fewer than 5" / "färre än 5", their
      evidence shows it as ``"<5"``, and what was computed from it (a share, an E-I
      index, the finding's score) is left out (see
      :data:`skane_ecosystem.sentences.COUNTED`).  Zero stays zero: it reveals nothing
      about anyone.  Network indicators (and their change between waves) are
      suppressed altogether when the network has fewer than ``min_cell`` actors or
      ties.  Figures follow the tables: the sector heat map is left out when a cell
      is suppressed, and the by-sector figures leave out sectors with fewer than
      ``min_cell`` actors.
    * **Coded qualitative material**: only the counts of actors raising each code
      (by sector, municipality, co-occurring code and finding) and the actors by
      sector and SNI section, with counts below ``min_cell`` shown as ``"<5"``.
      Quotes are never shown, nor which actor raised which code.
    * **Text from the input** (validation messages, flag explanations): any value of
      a left-out column found in it is removed, and a person value replaced by its
      pseudonym.  Values also shown in an allowed column, short codes and small
      numbers ("Ja", "12") stay: they occur in every sentence.

``pseudonymize_actors=True`` (either level)
    Organisation names become "Actor 12" / "Aktör 12" and ids "A12", numbered by a
    keyed hash of the actor id, in every table, graph, explanation and evidence.
    Every extra actor and tie column (web sites, organisation numbers, comments, and
    at the internal level contact persons) is dropped, declared or not, since it
    could name the organisation; only the public level's person pseudonyms stay.
    Sector, type and municipality stay.  Validation messages, which quote names as
    written, are replaced by their location only.  Quotes of the qualitative
    material are left out too: free text can name the organisation.

Organisation names stay at both levels unless ``pseudonymize_actors`` is set: the
organisations are what an ecosystem analysis is about.

Limits
------
Pseudonyms hide names, not identities: an actor that is the only incubator in a
small municipality can be recognised from its attributes and ties.  A column
declared public is published as written unless it is a person column; declare only
columns whose every value may be published.  An actor's own measures in the actor
table, the graph files and the map (degree, brokerage counts, how many actors its
removal cuts off) are shown exactly: the public tie list gives them away in any case.  A finding's existence can tell
something about a small count (a missing bridge has at most one tie).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from .columns import MEASURE_COLUMNS
from .ecosystem import ACTOR_COLUMNS, TIE_COLUMNS
from .i18n import check_language, t
from .io.registers import is_orgnr_shaped, is_personal_number
from .sectors import SECTORS, fold
from .sentences import COUNTED, sentence

__all__ = [
    "LEVELS",
    "MIN_CELL",
    "PUBLIC_ACTOR_COLUMNS",
    "PUBLIC_TIE_COLUMNS",
    "PERSON_HEADER",
    "PrivacyPolicy",
    "ShownTables",
    "apply_privacy",
    "shown_change",
    "left_out_columns",
    "is_person_column",
    "is_weight_based",
]

LEVELS = ("internal", "public")

#: Smallest count of actors or ties a public table shows.
MIN_CELL = 5

#: The actor columns every output may show (the Ecosystem's schema; ``id`` is the index).
PUBLIC_ACTOR_COLUMNS = ACTOR_COLUMNS

#: The tie columns a public output may show: which pair, which relation, which wave.
#: Weights and reporters are never public; see the module documentation.
PUBLIC_TIE_COLUMNS = ("source", "target", "relation", "wave")

#: Folded column headers that hold people.  A column declared public whose header
#: matches is shown as pseudonyms ("Person 7"), never as written.
PERSON_HEADER = re.compile(
    r"contact|kontakt|person(?:er|s|nummer)?\b|\bpeople\b|e ?mail|\bmail\b|e ?post|mejl|telefon|phone"
    r"|\bmobil|\btel\b|\btfn\b|(?:respondent|svarande|uppgiftslamnare)\w* ?(?:s )?(?:name|namn)"
    r"|(?:name|namn) (?:of |pa )?(?:the )?(?:respondent|svarande)"
)

#: Columns of the data model that are never treated as person columns.
_MODEL_COLUMNS = frozenset({"id", *ACTOR_COLUMNS, *TIE_COLUMNS})

#: Weight-based measures and indicators contain one of these words in their name.
_WEIGHT_WORDS = ("strength", "weight")

#: Fixed key of the pseudonym order: the same input always gets the same pseudonyms.
_SALT = b"skane-ecosystem pseudonyms v1"


# =================================================================== columns
def is_person_column(header) -> bool:
    """True if a column with this header holds people (names, e-mail, phone).

    Examples
    --------
    >>> is_person_column("Kontaktperson"), is_person_column("Respondent name")
    (True, True)
    >>> is_person_column("respondent"), is_person_column("personalstyrka")
    (False, False)
    """
    return str(header) not in _MODEL_COLUMNS and bool(PERSON_HEADER.search(fold(header)))


def is_weight_based(name) -> bool:
    """True for measures and indicators computed from tie weights.

    Examples
    --------
    >>> is_weight_based("strength"), is_weight_based("mean_tie_weight"), is_weight_based("degree")
    (True, True, False)
    """
    return any(word in str(name).lower() for word in _WEIGHT_WORDS)


def _declared(header, declarations) -> bool:
    """Whether ``header`` is one of the declared column names.

    A declaration matches the header as written in the survey or as the data keeps
    it (``"E-post"`` is kept as ``"email"``), whatever its case and spacing.
    """
    from .io.tables import extra_name

    folded = fold(header)
    return any(folded == fold(name) or str(header) == extra_name(name) for name in declarations)


# ==================================================================== policy
@dataclass(frozen=True)
class PrivacyPolicy:
    """What one output may show, and how hidden values are replaced.

    Parameters
    ----------
    level : {"internal", "public"}
    pseudonymize_actors : bool
        Replace organisation names and ids by "Actor 12" / "A12".
    min_cell : int
        Public outputs show counts below this as ``"<min_cell"``.
    lang : {"en", "sv"}
        Language of the pseudonym labels and of the texts about suppressed values.
    public_columns : tuple of str
        Input columns, beyond :data:`PUBLIC_ACTOR_COLUMNS`, that public outputs may
        show (as written in the survey, e.g. ``("Website",)``).
    person_columns : tuple of str
        Headers of declared public columns to show as person pseudonyms, beyond
        those :data:`PERSON_HEADER` recognises.

    Examples
    --------
    >>> policy = PrivacyPolicy("public", public_columns=("Website", "Kontaktperson"))
    >>> policy.shows("sector"), policy.shows("Website"), policy.shows("Mail")
    (True, True, False)
    >>> policy.pseudonymizes("Kontaktperson"), policy.pseudonymizes("Website")
    (True, False)
    """

    level: str = "internal"
    pseudonymize_actors: bool = False
    min_cell: int = MIN_CELL
    lang: str = "en"
    public_columns: tuple = ()
    person_columns: tuple = ()

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"privacy must be one of {LEVELS}, not {self.level!r}")
        if isinstance(self.min_cell, bool) or not isinstance(self.min_cell, int) or self.min_cell < 1:
            raise ValueError(f"min_cell must be a whole number of at least 1, not {self.min_cell!r}")
        if not isinstance(self.pseudonymize_actors, bool):
            raise ValueError(f"pseudonymize_actors must be True or False, not {self.pseudonymize_actors!r}")
        for option in ("public_columns", "person_columns"):
            names = getattr(self, option)
            if isinstance(names, str) or not all(isinstance(n, str) and n.strip() for n in names):
                raise ValueError(f"{option} must be a list of column names, not {names!r}")
        check_language(self.lang)

    @property
    def public(self) -> bool:
        return self.level == "public"

    @property
    def suppressed(self) -> str:
        """The text shown instead of a suppressed value, e.g. ``"<5"``."""
        return f"<{self.min_cell}"

    def shows(self, header, table: str = "actors") -> bool:
        """Whether an input column of ``table`` ("actors" or "ties") may appear in outputs.

        The internal level shows every column; the public level only
        :data:`PUBLIC_ACTOR_COLUMNS` (:data:`PUBLIC_TIE_COLUMNS` for ties) and the
        declared public columns: an allowlist, so a column nobody declared is never
        published by mistake.  Tie weights and reporters are never public.
        Pseudonymised actors keep only the schema columns and the public person
        pseudonyms, since any other column could name the organisation.
        """
        header = str(header)
        if header == "id" or header in (ACTOR_COLUMNS if table == "actors" else TIE_COLUMNS):
            return not (self.public and table == "ties" and header not in PUBLIC_TIE_COLUMNS)
        if self.pseudonymize_actors:
            return self.pseudonymizes(header)
        return not self.public or _declared(header, self.public_columns)

    def pseudonymizes(self, header) -> bool:
        """Whether a shown column's values become person pseudonyms ("Person 7")."""
        return (
            self.public
            and _declared(header, self.public_columns)
            and (is_person_column(header) or _declared(header, self.person_columns))
        )

    def count(self, value):
        """A count as a public output may show it: 1 to min_cell-1 become ``"<5"``."""
        if not self.public or _missing(value):
            return value
        return self.suppressed if 0 < value < self.min_cell else value

    def in_words(self, shown):
        """A count as shown (:meth:`count`) as a sentence states it: ``"<5"`` as "fewer than 5"."""
        if isinstance(shown, str) and shown == self.suppressed:
            return t("report.privacy.fewer_than", self.lang, min_cell=self.min_cell)
        return shown

    def resting_on(self, value, basis):
        """A value computed from ``basis`` actors or ties, suppressed if they are too few."""
        if not self.public or _missing(value):
            return value
        return self.suppressed if basis < self.min_cell else value


# ============================================================ shown tables
@dataclass
class ShownTables:
    """Every table an output may show, already filtered by a privacy policy.

    Renderers (report, workbook, CSV and graph files, the map) read only these.
    Sector columns hold sector codes; renderers translate them.  Suppressed cells
    hold the text ``policy.suppressed`` (``"<5"``).

    Attributes
    ----------
    policy : PrivacyPolicy
    title : str
    synthetic : bool
    meta : dict
        relation, wave and mode analysed, sources, config, seed.
    actors : DataFrame
        Indexed by the shown actor id: attributes, then every measure.
    attributes : list of str
        The attribute columns of ``actors`` (the rest are measures).
    ties : DataFrame
        Internal: every tie report.  Public: one row per pair, relation and wave.
    graph : networkx.Graph or DiGraph
        The analysed graph with shown ids and attributes.
    network : DataFrame
        indicator, value.
    sectors : DataFrame
        One row per sector: actors, respondents, response_rate, ties_within,
        ties_across, ei_index, ei_p_value, then ``ties_with_<sector>`` for every sector.
    sector_matrix : DataFrame
        Sector x sector tie counts.
    municipalities : DataFrame
        Actors by municipality (rows) and sector (columns), with a total.
    flags : DataFrame
        subject, subject_name, level, kind, code, score, stability, stability_se,
        tentative, explanation (in ``policy.lang``), evidence (dict).  Tentative
        flags (stability below the floor) are kept here; every output lists them
        apart from the findings (:func:`skane_ecosystem.findings.split_tentative`).
    quality : dict
        Response rate, confirmed and one-sided ties, corrections, missing values.
    problems : DataFrame
        The validation report: severity, file, sheet, row, column, message,
        original, corrected, score.  At the public level it ends with one line
        (severity ``"left_out"``) for each input column left out.
    robustness : DataFrame
        order, share_removed, main_component_share.
    robustness_auc : dict
        order -> area under the curve.
    key_removals : DataFrame
        The actors whose removal hurts most.
    bridges : DataFrame
        Suggested new ties (see :func:`skane_ecosystem.scenarios.suggest_bridges`).
    waves : dict or None
        Tables of the analysis' comparison of two waves (``Analysis.comparison``),
        when it has one.
    qualitative : dict
        The code counts of :class:`~skane_ecosystem.qualitative.QualitativeTables`
        by name (``by_sector``, ``by_municipality``, ``cooccurrence``,
        ``by_finding``) and, in an internal output without pseudonyms, ``quotes``:
        actor, name, code, kind, quote, source and the actor's ``findings`` (finding
        codes).  Empty when the ecosystem has no coded material.
    sni_sections : DataFrame
        Actors by sector (rows) and SNI 2007 section (columns), with a total; empty
        without SNI codes.
    inference : dict or None
        The analysis' statistical tests (``Analysis.inference``), when it has them:
        ``nonresponse``, ``n_permutations``, ``alpha``, ``relation``, ``skipped``
        and the tables ``sensitivity``, ``homophily``, ``ei`` (a sector's E-I
        p-value), ``missingness`` (a dict of its three tables), ``wave_change``
        (with ``ties_kept``/``ties_gained``/``ties_lost``) and
        ``indicator_change``; a test not run is None.  Public: counts below
        ``min_cell``, and the shares and means resting on them, suppressed.
    hidden : dict
        What the policy hid: ``left_out_columns`` and ``person_columns`` (shown as
        pseudonyms), each as ``"actors.Mail"``, and ``suppressed_cells``, the
        number of table cells shown as ``"<5"``.
    """

    policy: PrivacyPolicy
    title: str
    synthetic: bool
    meta: dict
    actors: pd.DataFrame
    attributes: list
    ties: pd.DataFrame
    graph: nx.Graph
    network: pd.DataFrame
    sectors: pd.DataFrame
    sector_matrix: pd.DataFrame
    municipalities: pd.DataFrame
    flags: pd.DataFrame
    quality: dict
    problems: pd.DataFrame
    robustness: pd.DataFrame
    robustness_auc: dict
    key_removals: pd.DataFrame
    bridges: pd.DataFrame
    waves: dict | None = None
    qualitative: dict = field(default_factory=dict)
    sni_sections: pd.DataFrame = field(default_factory=pd.DataFrame)
    hidden: dict = field(default_factory=dict)
    inference: dict | None = None

    @property
    def measures(self) -> list[str]:
        """The measure columns of ``actors``."""
        return [c for c in self.actors.columns if c not in self.attributes]


# ================================================================= entry point
def apply_privacy(
    analysis_or_tables,
    level: str = "internal",
    pseudonymize_actors: bool = False,
    min_cell: int = MIN_CELL,
    lang: str = "en",
    public_columns: Iterable[str] = (),
    person_columns: Iterable[str] = (),
):
    """The tables that outputs may show, at a privacy level.

    Parameters
    ----------
    analysis_or_tables : Analysis or dict of DataFrames
        An :class:`~skane_ecosystem.analysis.Analysis`, or plain tables such as
        ``{"actors": eco.actors, "ties": eco.ties}`` (then only the column rules
        apply: the public allowlist, in which the measures of
        :data:`skane_ecosystem.columns.MEASURE_COLUMNS` count as shown columns,
        weights and, with ``pseudonymize_actors``, columns named ``name``/``*_name``
        and the actor ids in the index and in ``source``/``target``/``reported_by``).
        A table under the key ``"ties"`` follows the rules for tie columns.
    level : {"internal", "public"}
        See the module documentation for exactly what ``"public"`` hides.
    pseudonymize_actors : bool
        Replace organisation names by "Actor 12" / "Aktör 12" (stable).
    min_cell : int
        Counts of actors or ties below this are shown as ``"<5"`` in public
        tables, and as "fewer than 5" in public sentences.
    lang : {"en", "sv"}
        Language of pseudonyms and flag explanations.
    public_columns : iterable of str
        Input columns that public outputs may show besides
        :data:`PUBLIC_ACTOR_COLUMNS` (headers as written in the survey).  Added to
        the analysis' own ``config.public_columns``.
    person_columns : iterable of str
        Declared public columns to show as person pseudonyms besides those whose
        header :data:`PERSON_HEADER` recognises.

    Returns
    -------
    ShownTables or dict
        ShownTables for an Analysis; a dict of filtered DataFrames for tables.

    Raises
    ------
    ValueError
        For a declared public column that is not a column of the survey.

    Examples
    --------
    >>> import pandas as pd
    >>> actors = pd.DataFrame({"name": ["Hub"], "Mail": ["anna@example.org"], "Website": ["hub.se"]},
    ...                       index=pd.Index(["a1"], name="id"))
    >>> list(apply_privacy({"actors": actors}, "public", public_columns=["Website"])["actors"].columns)
    ['name', 'Website']
    """
    if isinstance(public_columns, str) or isinstance(person_columns, str):
        raise ValueError("public_columns and person_columns must be lists of column names, not one string")
    if isinstance(analysis_or_tables, Mapping):
        policy = PrivacyPolicy(level, pseudonymize_actors, min_cell, lang, tuple(public_columns), tuple(person_columns))
        return _filter_tables(dict(analysis_or_tables), policy)
    if not hasattr(analysis_or_tables, "ecosystem") or not hasattr(analysis_or_tables, "flags"):
        raise TypeError(
            "apply_privacy needs an Analysis (from skane_ecosystem.analyze) or a dict "
            f"of DataFrames, not {type(analysis_or_tables).__name__}"
        )
    policy = _analysis_policy(
        analysis_or_tables, level, pseudonymize_actors, min_cell, lang, public_columns, person_columns
    )
    return _shown_tables(analysis_or_tables, policy)


def left_out_columns(
    analysis, level: str = "public", pseudonymize_actors: bool = False, public_columns: Iterable[str] = ()
) -> list[str]:
    """The input columns that outputs at a privacy level leave out.

    The same list as ``apply_privacy(...).hidden["left_out_columns"]``, without
    building the tables: for a program that writes a bundle and tells its user what
    was left out (``skane-eco analyze --privacy public`` does).

    Parameters
    ----------
    analysis : Analysis
    level, pseudonymize_actors, public_columns
        As for :func:`apply_privacy`.

    Returns
    -------
    list of str
        ``"actors.Mail"``, ``"ties.weight"`` ..., in the order of the input columns.

    Examples
    --------
    >>> import skane_ecosystem as se
    >>> left_out_columns(se.analyze(se.demo()))                      # doctest: +SKIP
    ['actors.contact_person', 'ties.weight', 'ties.reported_by']
    """
    policy = _analysis_policy(analysis, level, pseudonymize_actors, MIN_CELL, "en", public_columns, ())
    inputs = _input_tables(analysis.ecosystem)
    _check_declared(policy, inputs)
    return _column_report(inputs, policy)["left_out_columns"]


def shown_change(change, level: str = "internal", lang: str = "en", min_cell: int = MIN_CELL) -> dict:
    """The tables of a what-if or a wave comparison as an output at ``level`` may show them.

    The same rules as :func:`apply_privacy` (and so as the report's section on
    change): at the public level no weight-based indicator or measure, counts of
    actors and ties below ``min_cell`` shown as ``"<5"`` (with the change they
    make), and the findings' sentences as a public report words them.

    Parameters
    ----------
    change : WhatIf or Comparison
        From :func:`skane_ecosystem.whatif` or :func:`skane_ecosystem.compare`.
    level : {"internal", "public"}
    lang : {"en", "sv"}
        The language of the findings' sentences (column ``explanation``).
    min_cell : int

    Returns
    -------
    dict
        ``indicators`` (indicator, before, after, change), ``flags_appeared`` and
        ``flags_vanished`` (as :attr:`ShownTables.flags`) and ``counts`` (the
        numbers a summary line states, small ones suppressed); for a WhatIf also
        ``lost_reach`` (as :attr:`WhatIf.lost_reach`; in public, status and
        number of actors only);
        for a Comparison also the tables of :attr:`ShownTables.waves`.
    """
    analysis = change.after
    policy = _analysis_policy(analysis, level, False, min_cell, lang, (), ())
    masks = _Masks(policy, analysis.ecosystem.actors, _input_tables(analysis.ecosystem))
    if hasattr(change, "wave_from"):
        tables = _waves(change, policy, masks, _SuppressionCounter(policy))
        tables["flags_persisted"] = _flag_table(change.flags_persisted, policy, masks)
    else:
        tables = {
            "indicators": _indicator_change_table(change, policy),
            "lost_reach": _lost_reach_table(change.lost_reach, policy),
            "flags_appeared": _flag_table(change.flags_appeared, policy, masks),
            "flags_vanished": _flag_table(change.flags_vanished, policy, masks),
            "counts": {
                "cut_off": policy.count(len(change.cut_off)),
                "shrinks": policy.count(len(change.reach_shrinks)),
            },
        }
    return tables


def _lost_reach_table(lost_reach: pd.DataFrame, policy: PrivacyPolicy) -> pd.DataFrame:
    """Who can no longer reach whom after a removal; in public, only how many of each
    status (a list of the actors would count those a small-cell rule suppresses)."""
    if not policy.public:
        return lost_reach
    statuses = lost_reach["status"].value_counts()
    counts = [policy.count(int(n)) for n in statuses]
    return pd.DataFrame({"actors": counts}, index=pd.Index(statuses.index, name="status"), dtype=object)


def _analysis_policy(analysis, level, pseudonymize_actors, min_cell, lang, public_columns, person_columns):
    """The policy for an Analysis: the declared public columns are its config's and the caller's."""
    declared = (*getattr(analysis.config, "public_columns", ()), *public_columns)
    return PrivacyPolicy(
        level, pseudonymize_actors, min_cell, lang, tuple(dict.fromkeys(declared)), tuple(person_columns)
    )


def _input_tables(eco) -> dict:
    """The ecosystem's actor and tie tables, with one column per header."""
    return {"actors": _unique_columns(eco.actors), "ties": _unique_columns(eco.ties)}


# ================================================================ pseudonyms
class _Masks:
    """The replacements one policy makes: actors, people, and text to scrub."""

    def __init__(self, policy: PrivacyPolicy, actors: pd.DataFrame, frames: Mapping[str, pd.DataFrame]):
        self.policy = policy
        self.actor_names = {str(i): str(n) for i, n in zip(actors.index, actors["name"])}
        self.ids, self.names = self._actor_pseudonyms(actors.index)
        person_values = _column_texts(frames, lambda header, kind: policy.pseudonymizes(header))
        self.people = {
            value: t("report.privacy.person", policy.lang, number=str(k))
            for value, k in _hash_order(person_values).items()
        }
        self.left_out_values = self._left_out_values(frames)
        self._text_pattern, self._text_replacement = self._scrubber()

    def _left_out_values(self, frames: Mapping[str, pd.DataFrame]) -> list[str]:
        """The values of left-out columns to scrub from texts that quote the input.

        A value also shown in an actor column (a municipality, an organisation's
        name) is public anyway, and short codes and small numbers are left alone
        (:func:`_worth_hiding`).
        """
        policy = self.policy
        left_out = set(
            _column_texts(
                frames, lambda header, kind: not policy.shows(header, kind) and not policy.pseudonymizes(header)
            )
        )
        if not left_out:
            return []
        shown = {
            *self.actor_names,
            *self.actor_names.values(),
            *_column_texts(frames, lambda header, kind: kind == "actors" and policy.shows(header, kind)),
        }
        return sorted(v for v in left_out - shown if _worth_hiding(v))

    def _actor_pseudonyms(self, index) -> tuple[dict, dict]:
        ids = [str(i) for i in index]
        if not self.policy.pseudonymize_actors:
            return {i: i for i in ids}, dict(self.actor_names)
        width = len(str(len(ids)))
        number = _hash_order(ids)
        return (
            {i: f"A{number[i]:0{width}d}" for i in ids},
            {i: t("report.privacy.actor", self.policy.lang, number=str(number[i])) for i in ids},
        )

    def _scrubber(self):
        """One regex for every text to hide in free text: person values, values of
        left-out columns, and (when pseudonymising) organisation names; longest first."""
        replacement: dict[str, str] = {}
        for value, pseudonym in self.people.items():
            replacement[value] = pseudonym
        for value in self.left_out_values:
            replacement.setdefault(value, "…")
        if self.policy.pseudonymize_actors:
            for actor, name in self.actor_names.items():
                replacement.setdefault(name, self.names[actor])
        replacement = {k: v for k, v in replacement.items() if len(k) >= 2}
        if not replacement:
            return None, {}
        alternatives = sorted(replacement, key=lambda s: (-len(s), s))
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")
        return pattern, replacement

    def scrub(self, text):
        """``text`` with hidden values replaced; non-text values pass through."""
        if self._text_pattern is None or not isinstance(text, str):
            return text
        return self._text_pattern.sub(lambda m: self._text_replacement[m.group(0)], text)

    def actor(self, actor_id):
        return self.ids.get(str(actor_id), actor_id)

    def name(self, actor_id):
        return self.names.get(str(actor_id), str(actor_id))

    def value(self, value):
        """An evidence value with actor ids replaced (recursively in lists and dicts)."""
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, str):
            return self.ids[value] if value in self.ids else self.scrub(value)
        return value


def _column_texts(frames: Mapping[str, pd.DataFrame], wanted) -> list[str]:
    """The non-empty texts of every column for which ``wanted(header, kind)`` holds,
    ``kind`` being "actors" or "ties" (:func:`_table_kind` of the table's key)."""
    texts = []
    for key, frame in frames.items():
        for position, header in enumerate(frame.columns):  # by position: headers may repeat
            if wanted(header, _table_kind(key)):
                texts.extend(_texts(frame.iloc[:, position]))
    return texts


def _worth_hiding(text: str) -> bool:
    """Whether a value of a left-out column is scrubbed from texts that quote input.

    Short codes and small numbers ("Ja", "12") occur in every sentence: hiding them
    would garble texts without hiding anyone.  Long digit strings (phone numbers,
    personal identity numbers) are hidden.

    >>> _worth_hiding("Anna Berg"), _worth_hiding("0405550123"), _worth_hiding("12")
    (True, True, False)
    """
    return len(text) >= 3 and (any(c.isalpha() for c in text) or sum(c.isdigit() for c in text) >= 6)


def _table_kind(key) -> str:
    """Which column rules a table follows: those of ties for ``"ties"``, else actors'."""
    return "ties" if key == "ties" else "actors"


def _hash_order(values: Iterable) -> dict:
    """Distinct values -> 1, 2 ... in the order of a keyed hash of the value.

    The hash order hides both the values and their alphabetical order, and the
    numbering is the same on every run (the key is fixed).
    """
    distinct = sorted(set(values), key=lambda v: (hashlib.sha256(_SALT + str(v).encode()).hexdigest(), str(v)))
    return {value: k for k, value in enumerate(distinct, start=1)}


# ============================================================ plain tables
def _filter_tables(tables: dict, policy: PrivacyPolicy) -> dict:
    """The column rules applied to any tables (no Analysis needed)."""
    actors = tables.get("actors")
    if actors is None:
        actors = pd.DataFrame({"name": []}, index=pd.Index([], name="id"))
    if "name" not in actors.columns:
        actors = actors.assign(name=[str(i) for i in actors.index])
    for key, frame in tables.items():
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"table {key!r} must be a pandas DataFrame, not {type(frame).__name__}")
    frames = {key: _unique_columns(frame) for key, frame in tables.items()}
    masks = _Masks(policy, actors, frames)
    shown = {}
    for key, frame in frames.items():
        frame = _shown_columns(frame, policy, masks, _table_kind(key), computed=MEASURE_COLUMNS)
        if policy.public:
            frame = frame[[c for c in frame.columns if not (c == "weight" or is_weight_based(c))]]
        if policy.pseudonymize_actors:
            frame = _relabel_actors(frame, masks, index_is_actor=(key == "actors"))
        shown[key] = frame
    return shown


def _shown_columns(frame: pd.DataFrame, policy: PrivacyPolicy, masks: _Masks, table: str, computed=()) -> pd.DataFrame:
    """``frame`` with only the columns the policy shows, people as pseudonyms.

    ``computed`` names columns the analysis computed (measures): they are shown.
    A sole trader's organisation number is its owner's personnummer: a public
    output leaves it out even from a declared public ``orgnr`` column.
    """
    keep = [header in computed or policy.shows(header, table) for header in frame.columns]
    frame = frame.loc[:, keep].copy()
    for position, header in enumerate(frame.columns):
        if policy.pseudonymizes(header):
            frame.iloc[:, position] = [
                masks.people.get(_text(v), v) if _text(v) else v for v in frame.iloc[:, position]
            ]
        elif policy.public and header == "orgnr":
            frame.iloc[:, position] = [None if _is_personal_orgnr(v) else v for v in frame.iloc[:, position]]
    return frame


def _is_personal_orgnr(value) -> bool:
    return isinstance(value, str) and is_orgnr_shaped(value) and is_personal_number(value)


def _unique_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with repeated headers made unique ("comment", "comment (2)").

    Two survey columns can be kept under one name ("Notes" and "Comment" both mean
    ``comment``); every table an output shows needs one column per name.
    """
    if frame.columns.is_unique:
        return frame
    seen: dict[str, int] = {}
    headers = []
    for header in frame.columns:
        seen[header] = seen.get(header, 0) + 1
        headers.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return frame.set_axis(headers, axis=1)


def _relabel_actors(
    frame: pd.DataFrame,
    masks: _Masks,
    index_is_actor: bool = False,
    id_columns=("source", "target", "reported_by", "actor", "subject"),
) -> pd.DataFrame:
    """Actor ids and names of a plain table replaced by their pseudonyms."""
    frame = frame.copy()
    originals = pd.Series(frame.index, index=frame.index) if index_is_actor else None
    if index_is_actor:
        frame.index = pd.Index([masks.actor(i) for i in frame.index], name=frame.index.name)
    for column in frame.columns:
        if column == "name" and index_is_actor:
            frame[column] = [masks.name(i) for i in originals]
        elif str(column).endswith("_name") and str(column)[:-5] in frame.columns:
            frame[column] = [masks.name(i) for i in frame[str(column)[:-5]]]
        elif column == "name" or str(column).endswith("_name"):
            frame[column] = [masks.scrub(v) for v in frame[column]]
    for column in frame.columns:  # ids last: the name columns above read the original ids
        if column in id_columns:
            frame[column] = [masks.actor(v) if _text(v) else v for v in frame[column]]
    return frame


# ============================================================ analysis tables
# Every table below is one the Analysis holds, filtered: privacy computes nothing
# (the import rule, tests/test_import_rule.py, keeps it so).
def _shown_tables(analysis, policy: PrivacyPolicy) -> ShownTables:
    eco = analysis.ecosystem
    inputs = _input_tables(eco)
    _check_declared(policy, inputs)
    masks = _Masks(policy, eco.actors, inputs)
    hidden = _column_report(inputs, policy)
    counter = _SuppressionCounter(policy)
    actors, attributes = _actor_table(analysis, policy, masks, counter)
    curve, auc = _robustness(analysis, policy)
    shown = ShownTables(
        policy=policy,
        title=analysis.title or t("common.title", policy.lang),  # never a file name
        synthetic=analysis.synthetic,
        meta=_meta(analysis),
        actors=actors,
        attributes=attributes,
        ties=_tie_table(inputs["ties"], policy, masks),
        graph=_shown_graph(analysis.graph, actors, attributes, policy, masks),
        network=_network_table(analysis, policy, counter),
        sectors=_sector_table(analysis, policy, counter),
        sector_matrix=_sector_matrix(analysis, policy, counter),
        municipalities=_municipality_table(analysis, policy, counter),
        flags=_flag_table(analysis.flags, policy, masks),
        quality=_quality(analysis, counter),
        problems=_problem_table(eco, policy, masks, hidden["left_out_columns"]),
        robustness=curve,
        robustness_auc=auc,
        key_removals=_key_removals(analysis, masks, counter),
        bridges=_bridges(analysis, masks, counter),
        waves=_waves(analysis.comparison, policy, masks, counter) if analysis.comparison is not None else None,
        qualitative=_qualitative(analysis, policy, masks, counter),
        sni_sections=_count_table(getattr(analysis, "sni_sections", pd.DataFrame()), counter),
        inference=_inference(analysis, counter),
    )
    shown.hidden = {**hidden, "suppressed_cells": counter.cells}  # counted while building
    return shown


class _SuppressionCounter:
    """Applies the policy's small-cell rules and counts the cells it suppressed."""

    def __init__(self, policy: PrivacyPolicy):
        self.policy = policy
        self.cells = 0

    def count(self, value):
        return self._counted(value, self.policy.count(value))

    def resting_on(self, value, basis):
        return self._counted(value, self.policy.resting_on(value, basis))

    def _counted(self, value, shown):
        if isinstance(shown, str) and not isinstance(value, str):
            self.cells += 1
        return shown


def _column_report(inputs: dict, policy: PrivacyPolicy) -> dict:
    """The input columns the outputs leave out, and those they show as pseudonyms,
    each as ``"actors.Mail"`` / ``"ties.comment"``."""
    found = {"left_out_columns": [], "person_columns": []}
    for table, frame in inputs.items():
        for header in frame.columns:
            if policy.pseudonymizes(header):
                found["person_columns"].append(f"{table}.{header}")
            elif not policy.shows(header, table):
                found["left_out_columns"].append(f"{table}.{header}")
    return found


def _check_declared(policy: PrivacyPolicy, inputs: dict) -> None:
    """A declared public column must exist: a misspelt one would silently show nothing."""
    headers = [h for frame in inputs.values() for h in frame.columns]
    unknown = [
        name for name in policy.public_columns + policy.person_columns if not any(_declared(h, [name]) for h in headers)
    ]
    if unknown:
        extra = sorted({str(h) for h in headers if str(h) not in _MODEL_COLUMNS})
        raise ValueError(
            f"public column(s) {unknown} are not columns of the survey; its columns besides "
            f"{list(ACTOR_COLUMNS)} are {extra}. Give the headers as written in the survey."
        )


def _meta(analysis) -> dict:
    eco = analysis.ecosystem
    return {
        "relation": analysis.relation,
        "wave": analysis.wave,
        "mode": analysis.mode,
        "relations": eco.relations,
        "waves": eco.waves,
        "sources": [str(s) for s in eco.meta.get("sources") or []],
        "seed": analysis.config.seed,
        "config": analysis.config.to_dict(),
    }


# ------------------------------------------------------------------ actors
def _actor_table(analysis, policy: PrivacyPolicy, masks: _Masks, counter) -> tuple[pd.DataFrame, list]:
    eco = analysis.ecosystem
    table = _unique_columns(analysis.actors)
    attributes = [c for c in _unique_columns(eco.actors).columns if c in table.columns]
    measures = [c for c in table.columns if c not in attributes]
    table = _shown_columns(table, policy, masks, "actors", computed=measures)
    attributes = [c for c in attributes if c in table.columns]
    if policy.public:
        degree = _degrees(analysis.graph, table)
        for column in measures:
            if is_weight_based(column):
                table[column] = [counter.resting_on(v, degree.get(i, 0)) for i, v in table[column].items()]
    table["name"] = [masks.name(i) for i in table.index]
    table.index = pd.Index([masks.actor(i) for i in table.index], name="id")
    return table.sort_index(), attributes


def _degrees(G, table) -> dict:
    if "degree" in table.columns:
        return {i: (0 if _missing(d) else int(d)) for i, d in table["degree"].items()}
    return dict(G.degree())


# -------------------------------------------------------------------- ties
def _tie_table(ties: pd.DataFrame, policy: PrivacyPolicy, masks: _Masks) -> pd.DataFrame:
    if policy.public:
        return _tie_pairs(ties, masks, policy)
    table = _shown_columns(ties, policy, masks, "ties")
    table = table.assign(
        source_name=[masks.name(s) for s in table["source"]],
        target_name=[masks.name(s) for s in table["target"]],
        reported_by_name=[masks.name(s) if s else "" for s in table["reported_by"]],
    )
    for column in ("source", "target", "reported_by"):
        table[column] = [masks.actor(v) if v else "" for v in table[column]]
    first = [
        "wave",
        "relation",
        "source",
        "source_name",
        "target",
        "target_name",
        "weight",
        "reported_by",
        "reported_by_name",
    ]
    table = table[first + [c for c in table.columns if c not in first]]
    return table.sort_values(["wave", "relation", "source", "target", "reported_by"]).reset_index(drop=True)


def _tie_pairs(ties: pd.DataFrame, masks: _Masks, policy: PrivacyPolicy) -> pd.DataFrame:
    """One row per tied pair, relation and wave; ``confirmed`` if both sides reported it.

    The reporters only decide ``confirmed``.  A declared public tie column shows
    the distinct values the pair's reports gave, joined by "; " (as pseudonyms
    for a person column).
    """
    extra = [c for c in ties.columns if c not in TIE_COLUMNS and policy.shows(c, "ties")]
    people = {column: masks.people if policy.pseudonymizes(column) else {} for column in extra}
    reporters: dict[tuple, set] = {}
    values: dict[tuple, dict] = {}
    for record in ties.to_dict("records"):
        source, target = record["source"], record["target"]
        first, second = sorted((masks.actor(source), masks.actor(target)))
        originals = {masks.actor(source): source, masks.actor(target): target}
        key = (record["wave"], record["relation"], first, second, originals[first], originals[second])
        reporters.setdefault(key, set()).add(record["reported_by"])
        for column in extra:
            shown = {people[column].get(v, v) for v in _texts([record[column]])}
            values.setdefault(key, {}).setdefault(column, set()).update(shown)
    rows = []
    for key, who in sorted(reporters.items()):
        wave, relation, first, second, a, b = key
        row = {
            "wave": wave,
            "relation": relation,
            "source": first,
            "source_name": masks.name(a),
            "target": second,
            "target_name": masks.name(b),
            "confirmed": bool({a, b} <= who or "" in who),
        }
        row.update({column: "; ".join(sorted(values[key][column])) for column in extra})
        rows.append(row)
    return pd.DataFrame(
        rows, columns=["wave", "relation", "source", "source_name", "target", "target_name", "confirmed", *extra]
    )


# ------------------------------------------------------------------- graph
def _shown_graph(G, actors: pd.DataFrame, attributes: list, policy: PrivacyPolicy, masks: _Masks):
    """The analysed graph with shown ids, shown attributes and measures, sorted."""
    H = nx.DiGraph() if G.is_directed() else nx.Graph()
    H.graph.update({k: v for k, v in G.graph.items() if k in ("mode", "synthetic", "title")})
    H.graph["privacy"] = policy.level
    # One pass over the table's rows rather than a row lookup per actor: at
    # register scale the lookups took most of apply_privacy's time.
    rows = actors.to_dict("index")
    people = _person_columns(actors.columns, policy)
    for node in sorted(G.nodes, key=lambda n: masks.actor(n)):
        shown = masks.actor(node)
        values = rows.get(shown, {})
        H.add_node(
            shown,
            **{
                str(column): _plain(value)
                for column, value in values.items()
                if not _missing(value) and value != policy.suppressed and column not in people
            },
        )
    edges = []
    for u, v, data in G.edges(data=True):
        su, sv = masks.actor(u), masks.actor(v)
        if not G.is_directed():
            su, sv = sorted((su, sv))
        attrs = {
            "relations": list(data.get("relations", [])),
            "waves": list(data.get("waves", [])),
            "confirmed": bool(data.get("confirmed", True)),
        }
        if not policy.public:
            attrs["weight"] = float(data.get("weight", 1.0))
        edges.append((su, sv, attrs))
    H.add_edges_from(sorted(edges, key=lambda e: (e[0], e[1])))
    return H


def _person_columns(columns, policy: PrivacyPolicy) -> set:
    """The shown actor columns a public graph leaves out: the person columns.

    The actor table keeps them as pseudonyms ("Person 7") for the workbook, where a
    declared column of contact persons may serve the reader.  The graph is what the
    map's actor cards and the graph files read, and a card saying "Contact person:
    Person 33" tells a reader nothing but that a person is behind the organisation:
    a public map carries no person field at all, not even a pseudonym.
    """
    return {column for column in columns if policy.pseudonymizes(column)}


# ----------------------------------------------------------------- network
def _network_table(analysis, policy: PrivacyPolicy, counter) -> pd.DataFrame:
    table = analysis.network[["indicator", "value"]].copy()
    if not policy.public:
        return table.reset_index(drop=True)
    table = table[[not is_weight_based(i) for i in table["indicator"]]]
    G = analysis.graph
    basis = min(G.number_of_nodes(), G.number_of_edges())
    table["value"] = [
        counter.count(v) if indicator in _COUNT_INDICATORS else v
        for indicator, v in zip(table["indicator"], table["value"])
    ]
    table["value"] = [counter.resting_on(v, basis) if not isinstance(v, str) else v for v in table["value"]]
    return table.reset_index(drop=True)


#: Network indicators that count actors or ties (the small-cell rule applies to them).
_COUNT_INDICATORS = ("actors", "ties", "isolates")


# ----------------------------------------------------------------- sectors
def _sector_order(values) -> list[str]:
    present = set(values)
    return [s for s in SECTORS if s in present] + sorted(present - set(SECTORS))


def _sector_table(analysis, policy: PrivacyPolicy, counter) -> pd.DataFrame:
    """The analysis' per-sector table, with its small counts and what rests on them suppressed."""
    table = analysis.sectors.copy()
    if table.empty:
        return table
    shown = table.astype(object)
    for i, row in table.iterrows():
        for column in table.columns:
            if column in ("actors", "respondents", "ties_within", "ties_across") or column.startswith("ties_with_"):
                shown.at[i, column] = counter.count(int(row[column]))
        shown.at[i, "response_rate"] = counter.resting_on(row["response_rate"], row["actors"])
        for column in ("ei_index", "ei_p_value"):
            shown.at[i, column] = counter.resting_on(
                row[column], min(row["actors"], row["ties_within"] + row["ties_across"])
            )
    return shown


def _matrix(analysis, sectors: list[str]) -> pd.DataFrame:
    matrix = analysis.sector_matrix
    return matrix.reindex(index=sectors, columns=sectors).fillna(0).astype(int)


def _sector_matrix(analysis, policy: PrivacyPolicy, counter) -> pd.DataFrame:
    sectors = _sector_order(analysis.actors["sector"])
    matrix = _matrix(analysis, sectors).astype(object)
    for a in sectors:
        for b in sectors:
            matrix.loc[a, b] = counter.count(int(matrix.loc[a, b]))
    matrix.index.name = "sector"
    return matrix


def _municipality_table(analysis, policy: PrivacyPolicy, counter) -> pd.DataFrame:
    counts = analysis.municipalities
    shown = counts.astype(object)
    for place in shown.index:
        for column in shown.columns:
            shown.loc[place, column] = counter.count(int(counts.loc[place, column]))
    return shown


# ------------------------------------------------------------- qualitative
#: The code-count tables of QualitativeTables, in the order outputs show them.
QUALITATIVE_TABLES = ("by_sector", "by_municipality", "cooccurrence", "by_finding")


def _qualitative(analysis, policy: PrivacyPolicy, masks: _Masks, counter) -> dict:
    """The qualitative tables an output may show: counts always (small ones
    suppressed in public), quotes only internally and without pseudonyms."""
    tables = getattr(analysis, "qualitative", None)
    if tables is None or analysis.ecosystem.qualitative.empty:
        return {}
    # Answers not yet coded have no counts, but an internal output shows them to code.
    shown = {name: _count_table(getattr(tables, name), counter) for name in QUALITATIVE_TABLES}
    if not policy.public and not policy.pseudonymize_actors:
        shown["quotes"] = _quotes(analysis, masks)
    return shown


def _count_table(table: pd.DataFrame, counter) -> pd.DataFrame:
    """A table of counts with every cell passed through the small-cell rule."""
    if table.empty:
        return table
    return table.astype(object).map(counter.count)


def _quotes(analysis, masks: _Masks) -> pd.DataFrame:
    """Each coded or uncoded passage with its actor and that actor's findings."""
    passages = analysis.ecosystem.qualitative
    passages = passages[(passages["quote"].astype(str).str.strip() != "") | (passages["code"].astype(str) != "")]
    flags = analysis.flags
    actor_flags = flags[(flags["level"] == "actor") & ~flags["tentative"].astype(bool)]
    findings = actor_flags.groupby("subject")["code"].agg(lambda codes: "; ".join(sorted(set(codes))))
    table = pd.DataFrame(
        {
            "actor": [masks.actor(a) for a in passages["actor"]],
            "name": [masks.name(a) for a in passages["actor"]],
            "code": passages["code"].to_numpy(),
            "kind": passages["kind"].to_numpy(),
            "quote": passages["quote"].to_numpy(),
            "source": passages["source"].to_numpy(),
            "findings": [findings.get(a, "") for a in passages["actor"]],
        }
    )
    return table.sort_values(["actor", "code"], kind="stable").reset_index(drop=True)


# ------------------------------------------------------------------- flags
def _flag_table(flags: pd.DataFrame, policy: PrivacyPolicy, masks: _Masks) -> pd.DataFrame:
    columns = [
        "subject",
        "subject_name",
        "level",
        "kind",
        "code",
        "score",
        "stability",
        "stability_se",
        "tentative",
        "explanation",
        "evidence",
    ]
    rows = []
    for record in flags.to_dict("records"):
        actor_level = record["level"] == "actor"
        subject = masks.actor(record["subject"]) if actor_level else record["subject"]
        evidence = dict(record.get("evidence") or {})
        score, explanation = record["score"], record.get(f"explanation_{policy.lang}") or ""
        if policy.public:
            evidence = {k: v for k, v in evidence.items() if not is_weight_based(k)}
            numbers = _FindingNumbers(record["code"], evidence, record.get("params"), policy)
            evidence, score = numbers.evidence(), numbers.score(score)
            explanation = numbers.sentence() or explanation
        rows.append(
            {
                "subject": subject,
                # analyze() names every subject (Analysis.flags); only actors' names are masked.
                "subject_name": masks.name(record["subject"]) if actor_level else record["subject_name"],
                "level": record["level"],
                "kind": record["kind"],
                "code": record["code"],
                "score": score,
                "stability": record["stability"],
                # A Monte Carlo error is no count of actors: public like the stability.
                "stability_se": record.get("stability_se", math.nan),
                "tentative": bool(record["tentative"]),
                "explanation": masks.scrub(explanation),
                "evidence": masks.value(evidence),
            }
        )
    return pd.DataFrame(rows, columns=columns)


class _FindingNumbers:
    """The numbers of one finding as a public output states them.

    A count of actors or ties below ``min_cell`` (see
    :data:`skane_ecosystem.sentences.COUNTED`) becomes ``"<5"`` in the evidence and
    "fewer than 5" in the sentence, and what was computed from it (a share, an E-I
    index, the score) is left out: 75 % of 4 ties gives the count away.
    """

    def __init__(self, code: str, evidence: dict, params, policy: PrivacyPolicy):
        self.code, self.policy = code, policy
        self.evidence_values = evidence
        self.params = params if isinstance(params, dict) else None
        counted = COUNTED.get(code, {})
        values = {**evidence, **(self.params or {})}
        self.small = {key for key in counted if key in values and _holds_small_count(values[key], policy)}
        self.computed = {other for key in self.small for other in counted[key]}

    def evidence(self) -> dict:
        return {
            key: _suppressed_counts(value, self.policy) if key in self.small else value
            for key, value in self.evidence_values.items()
            if key not in self.computed
        }

    def score(self, score):
        return math.nan if "score" in self.computed else score

    def sentence(self) -> str | None:
        """The explanation restated, or None when the finding has no sentence values."""
        if self.params is None:
            return None
        lang = self.policy.lang
        fewer = self.policy.in_words(self.policy.suppressed)
        hidden = t("report.privacy.not_shown", lang)
        params = {
            key: fewer if key in self.small else hidden if key in self.computed else value
            for key, value in self.params.items()
        }
        return sentence(self.code, params, lang)


def _holds_small_count(value, policy: PrivacyPolicy) -> bool:
    """True for a count (or a list or dict of counts) with one between 1 and min_cell-1."""
    if isinstance(value, dict):
        return any(_holds_small_count(v, policy) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds_small_count(v, policy) for v in value)
    return _is_number(value) and policy.count(value) == policy.suppressed


def _suppressed_counts(value, policy: PrivacyPolicy):
    """``value`` with every count between 1 and min_cell-1 shown as ``"<5"``."""
    if isinstance(value, dict):
        return {k: _suppressed_counts(v, policy) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_suppressed_counts(v, policy) for v in value]
    return policy.count(value) if _is_number(value) else value


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.number)) and not isinstance(value, (bool, np.bool_))


# ------------------------------------------------------------ data quality
def _quality(analysis, counter) -> dict:
    """The analysis' data-quality facts.

    Counts of actors and ties follow the small-cell rule; counts of corrections and
    warnings (about the data, not about anyone) do not.
    """
    facts = analysis.quality
    count = counter.count
    return {
        "actors": count(facts["actors"]),
        "respondents": count(facts["respondents"]),
        "response_rate": counter.resting_on(facts["response_rate"], facts["actors"]),
        "tie_reports": count(facts["tie_reports"]),
        "pairs": count(facts["pairs"]),
        "confirmed_pairs": count(facts["confirmed_pairs"]),
        "one_sided_pairs": count(facts["one_sided_pairs"]),
        "corrections": facts["corrections"],
        "warnings": facts["warnings"],
        "missing": {column: count(n) for column, n in facts["missing"].items()},
        "isolates": count(facts["isolates"]),
    }


def _problem_table(eco, policy: PrivacyPolicy, masks: _Masks, left_out: list[str]) -> pd.DataFrame:
    """The validation report, and at the public level one row per left-out column."""
    frame = eco.validation.to_frame()
    columns = ["severity", "file", "sheet", "row", "column", "message", "original", "corrected", "score"]
    frame = frame.reindex(columns=columns)
    frame["row"] = frame["row"].astype("Int64")
    if policy.pseudonymize_actors:
        for column in ("message", "original", "corrected"):
            frame[column] = None
    else:
        for column in ("message", "original", "corrected"):
            frame[column] = [masks.scrub(v) for v in frame[column]]
    if policy.public and left_out:
        rows = pd.DataFrame([_left_out_row(label, policy) for label in left_out], columns=columns, dtype=object)
        rows["row"] = rows["row"].astype("Int64")
        frame = pd.concat([frame, rows], ignore_index=True) if len(frame) else rows
    return frame.reset_index(drop=True)


def _left_out_row(label: str, policy: PrivacyPolicy) -> dict:
    """A line of the validation report saying that a column is not in public outputs."""
    table, header = label.split(".", 1)
    return {
        "severity": "left_out",
        "file": None,
        "sheet": None,
        "row": None,
        "column": header,
        "message": t(f"report.privacy.left_out.{table}", policy.lang),
        "original": None,
        "corrected": None,
        "score": None,
    }


# -------------------------------------------------------- robustness, bridges
def _robustness(analysis, policy: PrivacyPolicy) -> tuple[pd.DataFrame, dict]:
    """The robustness curves; none in public for a network of fewer than ``min_cell``
    actors, whose curve steps by single actors."""
    if policy.public and analysis.graph.number_of_nodes() < policy.min_cell:
        return analysis.robustness.iloc[0:0].copy(), {}
    return analysis.robustness.copy(), dict(analysis.robustness_auc)


def _key_removals(analysis, masks: _Masks, counter) -> pd.DataFrame:
    """The actors whose removal hurts most.  In public, a cut-off below ``min_cell``
    is ``"<5"`` and the fragmentation gain, which gives it away, missing (as in the
    single-point-of-failure findings)."""
    table = analysis.key_removals.copy().astype(object)
    cutoff = [counter.count(v) for v in table["removal_cutoff"]]
    table["removal_fragmentation_gain"] = [
        math.nan if isinstance(c, str) else gain for c, gain in zip(cutoff, table["removal_fragmentation_gain"])
    ]
    table["removal_cutoff"] = cutoff
    table["name"] = [masks.name(a) for a in table["id"]]
    table["id"] = [masks.actor(a) for a in table["id"]]
    return table.reset_index(drop=True)


def _bridges(analysis, masks: _Masks, counter) -> pd.DataFrame:
    """The suggested ties, names masked; in public, how many actors are outside the
    main network with the suggested one is ``"<5"`` below ``min_cell``."""
    table = analysis.bridges.copy()
    if "outside_count" in table:
        table["outside_count"] = [counter.count(n) if n else n for n in table["outside_count"].astype(object)]
    for end in ("source", "target"):
        table[f"{end}_name"] = [masks.name(a) for a in table[end]]
        table[end] = [masks.actor(a) for a in table[end]]
    return table.reset_index(drop=True)


# -------------------------------------------------------------------- waves
def _waves(comparison, policy: PrivacyPolicy, masks: _Masks, counter: _SuppressionCounter) -> dict:
    """The comparison of two waves, with the same masks as every other table.

    ``counts`` holds the numbers a sentence on the change states (ties gained and lost,
    organisations joining and leaving), small ones suppressed: the report, the change
    map and the terminal say them, never the length of a table.
    """

    def ties(frame):
        frame = frame.copy()
        for end in ("source", "target"):
            frame[f"{end}_name"] = [masks.name(a) for a in frame[end]]
            frame[end] = [masks.actor(a) for a in frame[end]]
        return frame.reset_index(drop=True)

    measures = comparison.measures.copy()
    if policy.public:
        measures = measures[[not is_weight_based(m) for m in measures["measure"]]]
    measures["name"] = [masks.name(a) for a in measures["actor"]]
    measures["actor"] = [masks.actor(a) for a in measures["actor"]]
    measures = measures[["actor", "name", "measure", "from", "to", "change"]]
    return {
        "wave_from": comparison.wave_from,
        "wave_to": comparison.wave_to,
        "indicators": _indicator_change_table(comparison, policy),
        "ties_gained": ties(comparison.ties_gained),
        "ties_lost": ties(comparison.ties_lost),
        "actors_entering": [masks.actor(a) for a in comparison.actors_entering],
        "actors_leaving": [masks.actor(a) for a in comparison.actors_leaving],
        "actor_names": {
            masks.actor(a): masks.name(a) for a in [*comparison.actors_entering, *comparison.actors_leaving]
        },
        "measures": measures.sort_values(["measure", "actor"]).reset_index(drop=True),
        "flags_appeared": _flag_table(comparison.flags_appeared, policy, masks),
        "flags_vanished": _flag_table(comparison.flags_vanished, policy, masks),
        "counts": {
            "gained": counter.count(len(comparison.ties_gained)),
            "lost": counter.count(len(comparison.ties_lost)),
            "entering": counter.count(len(comparison.actors_entering)),
            "leaving": counter.count(len(comparison.actors_leaving)),
        },
    }


def _indicator_change_table(change, policy: PrivacyPolicy) -> pd.DataFrame:
    """Indicators before and after a change (of wave, or a what-if removal): in public,
    no weight-based indicator, and nothing that rests on or counts fewer than min_cell."""
    indicators = change.indicators.copy()
    if policy.public:
        indicators = indicators[[not is_weight_based(i) for i in indicators["indicator"]]]
        basis = min(min(G.number_of_nodes(), G.number_of_edges()) for G in (change.before.graph, change.after.graph))
        # Row by row as dicts, so that counts stay ints (a column of numbers would make them floats).
        rows = [
            _wave_counts(
                {**row, **{c: policy.resting_on(row[c], basis) for c in ("before", "after", "change")}}, policy
            )
            for row in indicators.to_dict("records")
        ]
        indicators = pd.DataFrame(rows, columns=indicators.columns, dtype=object)
    return indicators.reset_index(drop=True)


def _wave_counts(row: dict, policy: PrivacyPolicy) -> dict:
    """A count indicator's row of the wave comparison under the small-cell rule: a
    small count before or after is suppressed, and so is the change (2 -> 3 is +1)."""
    if row["indicator"] not in _COUNT_INDICATORS:
        return row
    row = dict(row)
    for column in ("before", "after"):
        if not isinstance(row[column], str):
            row[column] = policy.count(row[column])
    if isinstance(row["before"], str) or isinstance(row["after"], str):
        row["change"] = policy.suppressed
    return row


# --------------------------------------------------------------- inference
def _inference(analysis, counter) -> dict | None:
    """The analysis' statistical tests as an output may show them (see ShownTables.inference).

    P-values, coefficients and odds ratios are shown as they are: they count nobody.
    Counts of actors, ties and findings follow the small-cell rule, and so does
    every share or mean resting on them.
    """
    inference = getattr(analysis, "inference", None)
    if inference is None:
        return None
    G = analysis.graph
    basis = min(G.number_of_nodes(), G.number_of_edges())
    return {
        "nonresponse": inference.nonresponse,
        "n_permutations": inference.n_permutations,
        "alpha": inference.alpha,
        "relation": inference.relation,
        "skipped": inference.skipped,
        "actors": G.number_of_nodes(),
        "sensitivity": _sensitivity_table(inference.sensitivity, basis, counter)
        if inference.sensitivity is not None
        else None,
        "homophily": inference.homophily,
        "ei": _ei_tests(inference.ei, counter),
        "missingness": _missingness_tables(inference.missingness, counter),
        "wave_change": _wave_change(inference.wave_change, counter),
        "indicator_change": _indicator_change_tests(inference.indicator_change, basis, counter),
    }


def _sensitivity_table(table: pd.DataFrame, basis: int, counter) -> pd.DataFrame:
    """Findings per rule and the indicators under each non-response option, small counts suppressed."""
    shown = table.copy()
    values = [c for c in shown.columns if c not in ("kind", "name")]
    for i, row in table.iterrows():
        counted = row["kind"] == "finding" or row["name"] in _COUNT_INDICATORS
        for column in values:
            value = row[column]
            if _missing(value):
                continue
            shown.at[i, column] = counter.count(value) if counted else counter.resting_on(value, basis)
    return shown


def _ei_tests(ei: pd.DataFrame | None, counter) -> pd.DataFrame | None:
    """Each sector's E-I p-value, suppressed where its E-I index is (a small sector or few ties)."""
    if ei is None:
        return None
    rows = {
        sector: counter.resting_on(row["p_value"], min(row["size"], row["internal"] + row["external"]))
        for sector, row in ei.iterrows()
    }
    return pd.DataFrame({"p_value": pd.Series(rows, dtype=object)}).rename_axis("sector")


def _missingness_tables(report, counter) -> dict | None:
    """The missingness report's three tables, with small counts and what rests on them suppressed."""
    if report is None:
        return None
    response = report.response.astype(object)
    for key, row in report.response.iterrows():
        response.loc[key, "actors"] = counter.count(int(row["actors"]))
        response.loc[key, "respondents"] = counter.count(int(row["respondents"]))
        response.loc[key, "response_rate"] = counter.resting_on(row["response_rate"], row["actors"])
    one_sided = report.one_sided.astype(object)
    for key, row in report.one_sided.iterrows():
        one_sided.loc[key, "ties"] = counter.count(int(row["ties"]))
        one_sided.loc[key, "one_sided"] = counter.count(int(row["one_sided"]))
        one_sided.loc[key, "one_sided_share"] = counter.resting_on(row["one_sided_share"], row["ties"])
    degree = report.degree.astype(object)
    for key, row in report.degree.iterrows():
        for group in ("respondents", "nonrespondents"):
            degree.loc[key, group] = counter.count(int(row[group]))
            degree.loc[key, f"mean_{group}"] = counter.resting_on(row[f"mean_{group}"], row[group])
        degree.loc[key, "difference"] = counter.resting_on(
            row["difference"], min(row["respondents"], row["nonrespondents"])
        )
    return {"response": response, "one_sided": one_sided, "degree": degree}


def _wave_change(table: pd.DataFrame | None, counter) -> dict | None:
    """The QAP test of persistence between waves, and its tie counts under the small-cell rule."""
    if table is None:
        return None
    counts = {key: counter.count(table.attrs[key]) for key in ("ties_kept", "ties_gained", "ties_lost")}
    return {"table": table, **counts}


def _indicator_change_tests(table: pd.DataFrame | None, basis: int, counter) -> pd.DataFrame | None:
    """The paired permutation test of each indicator's change: its values as the wave table shows them."""
    if table is None:
        return None
    shown = table.astype(object)
    for name, row in table.iterrows():
        counted = name in _COUNT_INDICATORS
        for column in ("before", "after"):
            shown.at[name, column] = counter.count(row[column]) if counted else counter.resting_on(row[column], basis)
        shown.at[name, "change"] = counter.resting_on(row["change"], basis)
        if counted and any(isinstance(shown.at[name, c], str) for c in ("before", "after")):
            shown.at[name, "change"] = counter.policy.suppressed  # 2 -> 3 is +1: the change tells the count
    return shown


# ------------------------------------------------------------------ helpers
def _missing(value) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _text(value) -> str:
    return "" if _missing(value) else str(value).strip()


def _texts(values) -> list[str]:
    return [text for text in (_text(v) for v in values) if text]


def _plain(value):
    return value.item() if hasattr(value, "item") else value
