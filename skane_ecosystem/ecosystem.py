"""The Ecosystem: who the actors are, which ties they reported, and what loading found.

An :class:`Ecosystem` is the hand-over point between loading and analysis.  It holds
two tidy tables and a validation report:

``actors``
    indexed by ``id``; columns ``name``, ``sector``, ``type``, ``municipality``,
    ``respondent`` (did this actor answer the survey) and any extra attribute columns.
``ties``
    one row per reported tie: ``source``, ``target``, ``relation``, ``weight``,
    ``wave`` and ``reported_by`` (the respondent who reported it; empty for ties that
    come from a register or a graph file rather than a survey answer).
``directions``
    what flows along the ties of each relation whose direction is declared:
    ``"source_to_target"`` or ``"target_to_source"`` (for funding, the money).  A
    relation left out is undirected, or its direction unknown.

:meth:`Ecosystem.graph` turns the ties into a networkx graph in one of three modes,
which is where survey-specific care is needed: a nomination reported by one side only
is weaker evidence than one both sides confirm.  By default it is the newest wave, the
network :func:`~skane_ecosystem.analysis.analyze` takes, and relations may be named in
Swedish or English, as in a survey file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from html import escape

import networkx as nx
import numpy as np
import pandas as pd

from .errors import Problem, SurveyDataError, ValidationReport, require_known
from .i18n import t
from .relations import canonical_relation
from .sectors import SECTORS, accepted_sector_values, normalize_sector

__all__ = [
    "Ecosystem",
    "Summary",
    "ACTOR_COLUMNS",
    "TIE_COLUMNS",
    "QUALITATIVE_COLUMNS",
    "MODES",
    "DIRECTIONS",
    "MAX_WEIGHT",
    "MAX_WAVES",
    "LATEST",
    "content_problems",
    "direction_problem",
    "one_sided_mask",
]

ACTOR_COLUMNS = ("name", "sector", "type", "municipality", "respondent")
TIE_COLUMNS = ("source", "target", "relation", "weight", "wave", "reported_by")

#: Columns of the coded qualitative material (interviews, open answers, workshops):
#: which actor, which theme (``code``), whether it is a barrier, a facilitator or a
#: need (``kind``: ``impediment``, ``facilitator`` or ``need``), the quote and where
#: it comes from.  Quotes are free text: never in a public output.
QUALITATIVE_COLUMNS = ("actor", "code", "kind", "quote", "source")
MODES = ("directed", "union", "mutual")

#: What a relation's declared direction may be: what flows (funding: the money) from
#: the tie's ``source`` to its ``target``, or from its ``target`` to its ``source``.
#: ``source`` keeps its meaning for reports (the respondent who named the other), so
#: a roster question "from whom do you receive funding" is ``"target_to_source"``:
#: the organisation named funds the respondent.
DIRECTIONS = ("source_to_target", "target_to_source")

#: Largest tie weight accepted (10^12).  Weights are added up when ties are combined
#: and measured (strength, flows), so a weight near the float limit (1e308) would
#: overflow to infinity there; 10^12 leaves every sum finite and still holds an
#: amount of funding in kronor.
MAX_WEIGHT = 1e12

#: Most survey waves one survey may have (1,000).  A wave is a round of the survey
#: (2022, 2024, ...); far more distinct values mean the column holds something else,
#: such as dates or ids, and every per-wave step would repeat that many times.
MAX_WAVES = 1_000

#: The ``wave=`` that means the newest survey wave: the default slice of both
#: :meth:`Ecosystem.graph` and :func:`~skane_ecosystem.analysis.analyze`, so a
#: researcher's own measures on ``eco.graph()`` describe the network analysed.
LATEST = "latest"


@dataclass
class Ecosystem:
    """Actors and ties of an ecosystem survey, ready to become networks.

    Parameters
    ----------
    actors : pandas.DataFrame
        Indexed by actor ``id`` (str) with at least the columns in ``ACTOR_COLUMNS``.
    ties : pandas.DataFrame
        With the columns in ``TIE_COLUMNS``; ``source``, ``target`` and a non-empty
        ``reported_by`` are actor ids.
    validation : ValidationReport
        Warnings and automatic corrections made while loading.
    meta : dict
        Where the data came from: ``title`` (only a title given or declared by the
        data, never a file name; see :attr:`title`), ``sources`` (file names),
        ``synthetic`` (True for the demo, so every output can say so).
    qualitative : pandas.DataFrame, optional
        Coded qualitative material with the columns in ``QUALITATIVE_COLUMNS``
        (``actor`` an actor id), one row per coded passage; empty when the survey
        has none.  See :mod:`skane_ecosystem.qualitative`.
    directions : dict, optional
        Relation -> one of ``DIRECTIONS``: what flows along its ties, for the
        relations whose direction is declared (by a ``relation_types`` sheet or file,
        or a loader's ``directions=``).  Empty by default: no relation has a declared
        direction.  Kept by ``dataclasses.replace``, so resampled and what-if
        ecosystems keep it too.

    Examples
    --------
    >>> import networkx as nx
    >>> eco = Ecosystem.from_networkx(nx.path_graph(3))
    >>> eco.graph().number_of_edges()
    2
    """

    actors: pd.DataFrame
    ties: pd.DataFrame
    validation: ValidationReport = field(default_factory=ValidationReport)
    meta: dict = field(default_factory=dict)
    directions: dict = field(default_factory=dict)
    qualitative: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(QUALITATIVE_COLUMNS)))

    def __post_init__(self):
        missing_a = [c for c in ACTOR_COLUMNS if c not in self.actors.columns]
        missing_t = [c for c in TIE_COLUMNS if c not in self.ties.columns]
        if missing_a or missing_t:
            raise ValueError(
                "Ecosystem needs actor columns %s and tie columns %s; missing %s. "
                "Use skane_ecosystem.load() or Ecosystem.from_networkx() to build one."
                % (list(ACTOR_COLUMNS), list(TIE_COLUMNS), missing_a + missing_t)
            )
        # Two columns of one name would be read as one, silently losing the other.
        for table, frame in (("actors", self.actors), ("ties", self.ties)):
            repeated = sorted({str(c) for c in frame.columns[frame.columns.duplicated()]})
            if repeated:
                raise ValueError(
                    f"the {table} table has two or more columns named {', '.join(map(repr, repeated))}; "
                    "rename or delete all but one"
                )
        self.actors.index.name = "id"
        self.directions = dict(self.directions or {})
        wrong = [direction_problem(relation, value) for relation, value in self.directions.items()]
        if any(wrong):
            raise ValueError("; ".join(message for message in wrong if message))

    # ------------------------------------------------------------------ facts
    @property
    def relations(self) -> list[str]:
        """The relations present in the ties, sorted."""
        return sorted(self.ties["relation"].unique().tolist())

    def direction(self, relation: str) -> str | None:
        """What flows along ``relation``'s ties: one of ``DIRECTIONS``, or None if undeclared.

        Examples
        --------
        >>> import networkx as nx
        >>> eco = Ecosystem.from_networkx(nx.DiGraph([("fund", "club")]), default_relation="funding",
        ...                               directions={"funding": "source_to_target"})
        >>> eco.direction("funding"), eco.direction("collaboration")
        ('source_to_target', None)
        """
        return self.directions.get(relation)

    @property
    def waves(self) -> list[str]:
        """The survey waves present in the ties, sorted (empty strings left out)."""
        return sorted(w for w in self.ties["wave"].unique().tolist() if w != "")

    @property
    def title(self) -> str | None:
        """The survey's own title (given by ``--title`` or declared by the file), or None.

        A file name is never a title: without one, every output says "Ecosystem
        network" in its own language (the catalogs' ``common.title``).
        """
        return self.meta.get("title") or None

    @property
    def synthetic(self) -> bool:
        """True when the data are synthetic (the demo), so outputs must say so."""
        return bool(self.meta.get("synthetic", False))

    def response_rate(self) -> float:
        """The share of actors who answered the survey."""
        return float(self.actors["respondent"].mean()) if len(self.actors) else 0.0

    def summary(self) -> Summary:
        """Key figures: actors by sector, ties by relation and wave, response rate,
        and the share of ties confirmed by both sides (union of all relations and waves).

        Returns
        -------
        Summary
            A dict (``summary["actors"]``) that shows as a readable table, in a
            terminal and in Jupyter.

        Examples
        --------
        >>> import networkx as nx
        >>> summary = Ecosystem.from_networkx(nx.path_graph(3)).summary()
        >>> summary["actors"], summary["confirmed_share"]
        (3, 1.0)
        """
        by_sector = self.actors["sector"].value_counts().reindex(SECTORS, fill_value=0)
        by_relation_wave = self.ties.groupby(["relation", "wave"]).size().rename("ties").reset_index()
        union = self.graph(wave=None, mode="union")  # every wave, as the tie counts beside it
        confirmed = [d["confirmed"] for _, _, d in union.edges(data=True)]
        return Summary(
            {
                "title": self.title,
                "synthetic": self.synthetic,
                "actors": len(self.actors),
                "ties": len(self.ties),
                "actors_by_sector": by_sector,
                "ties_by_relation_wave": by_relation_wave,
                "response_rate": self.response_rate(),
                "confirmed_share": (sum(confirmed) / len(confirmed)) if confirmed else 0.0,
                "warnings": len(self.validation.warnings),
                "corrections": len(self.validation.corrections),
            }
        )

    def __repr__(self) -> str:
        label = " (synthetic)" if self.synthetic else ""
        return (
            f"<Ecosystem{label}: {len(self.actors)} actors, {len(self.ties)} tie reports, "
            f"relations={self.relations}, waves={self.waves}>"
        )

    def _repr_html_(self) -> str:
        from .render.notebook import ecosystem_html

        return ecosystem_html(self)

    # ----------------------------------------------------------------- graphs
    def graph(self, relation=None, wave=LATEST, min_weight=None, mode: str = "union"):
        """The ecosystem as a networkx graph.

        Parameters
        ----------
        relation : str or list of str, optional
            Keep only these relations (default: all, combined as described below).
            Names as a survey file may write them are accepted: ``"finansiering"``
            is ``"funding"`` (see :func:`~skane_ecosystem.relations.canonical_relation`).
        wave : str, int, list or None
            Keep only these waves.  The default ``"latest"`` is the newest wave, the
            slice :func:`~skane_ecosystem.analysis.analyze` takes by default (all ties
            when they have no waves); ``None`` pools every wave.
        min_weight : float, optional
            Drop tie reports weaker than this before combining.
        mode : {"union", "mutual", "directed"}
            ``"directed"``: a DiGraph of nominations as reported.
            ``"union"``: undirected; a tie exists if either side reported it.
            ``"mutual"``: undirected; between two respondents a tie is kept only if
            both reported it; ties to non-respondents are kept (they could not
            confirm) and marked ``confirmed=False``.

        Returns
        -------
        networkx.Graph or networkx.DiGraph
            Every actor is a node (isolates included) carrying its attributes.  Every
            edge has ``weight``, ``relations`` (sorted list), ``waves`` (sorted list of
            the waves it was reported in) and ``confirmed``.  The graph attribute
            ``directions`` holds :attr:`directions` (the edges themselves follow
            ``mode``, never a declared direction); ``relation`` and ``wave`` hold
            the slice taken, as resolved (``"latest"`` becomes the wave it means).

        Raises
        ------
        ValueError
            For a relation or wave the ties do not have, naming the closest ones.

        Notes
        -----
        Combination rule.  Reports of the *same* relation between the same pair
        (both directions in undirected modes, several waves when waves are pooled)
        are averaged: they are repeated measurements of one tie.  *Different*
        relations between a pair are summed: collaborating and funding is a
        stronger tie than either alone.  A tie is ``confirmed`` when both actors
        reported it in at least one of its relations; ties from registers or graph
        files (empty ``reported_by``) count as confirmed.

        One-way questions.  A relation with a declared direction (:attr:`directions`)
        is a question about a flow asked of one side ("from whom do you receive
        funding"): the other side was never asked, so its silence does not
        contradict the report.  Such a tie reported by one side is unconfirmed, and
        the mutual mode keeps it, as it keeps ties to non-respondents.

        Examples
        --------
        >>> import networkx as nx
        >>> eco = Ecosystem.from_networkx(nx.DiGraph([(1, 2), (2, 1), (2, 3)]))
        >>> sorted(eco.graph(mode="directed").edges())
        [('1', '2'), ('2', '1'), ('2', '3')]
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        relation, wave = self.resolve_relation(relation), self.resolve_wave(wave)
        ties = self.select_ties(relation, wave, min_weight)
        G = nx.DiGraph() if mode == "directed" else nx.Graph()
        G.graph.update(
            relation=relation,
            wave=wave,
            mode=mode,
            synthetic=self.synthetic,
            directions=dict(self.directions),
        )
        if self.title:  # else each drawing says "Ecosystem network" in its own language
            G.graph["title"] = self.title
        G.add_nodes_from(self._node_records())
        edges = _combine_ties(ties, mode, self._respondents(), one_way=set(self.directions))
        G.add_edges_from((u, v, attrs) for (u, v), attrs in edges.items())
        return G

    to_networkx = graph

    def select_ties(self, relation=None, wave=LATEST, min_weight=None) -> pd.DataFrame:
        """The tie reports of some relations and waves: the rows behind :meth:`graph`.

        Arguments and defaults as for :meth:`graph`: by default every relation of the
        newest wave; ``wave=None`` for every wave.

        Examples
        --------
        >>> import networkx as nx
        >>> eco = Ecosystem.from_networkx(nx.Graph([(1, 2)]), default_relation="funding")
        >>> eco.select_ties(relation="Finansiering")[["source", "target", "relation"]]
          source target relation
        0      1      2  funding
        """
        ties = self.ties
        relation, wave = self.resolve_relation(relation), self.resolve_wave(wave)
        if relation is not None:
            ties = ties[ties["relation"].isin(require_known("relation", self.relations, _as_list(relation)))]
        if wave is not None:
            ties = ties[ties["wave"].isin(require_known("wave", self.waves, [str(w) for w in _as_list(wave)]))]
        if min_weight is not None:
            ties = ties[ties["weight"] >= min_weight]
        return ties

    def resolve_wave(self, wave=LATEST):
        """The wave(s) a ``wave=`` argument stands for: ``"latest"`` is the newest wave.

        One definition for :meth:`graph`, :meth:`select_ties` and
        :func:`~skane_ecosystem.analysis.analyze`, so they take the same slice.

        Parameters
        ----------
        wave : str, int, list or None
            ``"latest"``, a wave, a list of waves, or None for every wave.

        Returns
        -------
        str, int, list or None
            The newest of :attr:`waves` for ``"latest"`` (None when the ties have
            no waves, i.e. all of them); any other value unchanged.

        Examples
        --------
        >>> import networkx as nx
        >>> eco = Ecosystem.from_networkx(nx.path_graph(2))
        >>> eco.resolve_wave("latest") is None  # no waves: all ties
        True
        """
        if isinstance(wave, str) and wave == LATEST:
            return self.waves[-1] if self.waves else None
        return wave

    def resolve_relation(self, relation):
        """``relation`` with names in either language as the codes the ties use, in the shape given.

        The one reading of relation names for the API and the command line: a name the
        ties do not have but whose code they do (``"finansiering"`` for ``"funding"``)
        becomes that code; any other name stays as written, for the error that names it.

        Examples
        --------
        >>> import networkx as nx
        >>> eco = Ecosystem.from_networkx(nx.path_graph(2), default_relation="funding")
        >>> eco.resolve_relation("Finansiering"), eco.resolve_relation(["samarbete"])
        ('funding', ['samarbete'])
        """
        if relation is None:
            return None
        present = set(self.relations)
        codes = [_relation_code(name, present) for name in _as_list(relation)]
        return codes[0] if isinstance(relation, str) else codes

    def _respondents(self) -> set[str]:
        return set(self.actors.index[self.actors["respondent"].astype(bool)])

    def _node_records(self):
        # Column by column (one conversion per column, not per cell): a graph is
        # built for every stability resample.
        names = list(self.actors.columns)
        columns = [self.actors[name].tolist() for name in names]
        for actor_id, *values in zip(self.actors.index.tolist(), *columns):
            yield actor_id, {k: _plain(v) for k, v in zip(names, values) if not _is_missing(v)}

    # ------------------------------------------------------------- bring in
    @classmethod
    def from_networkx(
        cls,
        G,
        sector="sector",
        name="name",
        municipality="municipality",
        type="type",
        relation="relation",
        weight="weight",
        default_sector="other",
        default_relation="tie",
        title=None,
        directions=None,
    ) -> Ecosystem:
        """Build an Ecosystem from any networkx graph.

        Parameters
        ----------
        G : networkx.Graph or DiGraph (multigraphs allowed)
        sector : str, dict or callable
            The node attribute holding the sector, a dict node -> sector, or a
            function node -> sector.  Values are normalised like survey answers;
            missing values become ``default_sector``.
        name, municipality, type : str
            Node attributes to read (missing ones fall back to the node id / empty).
        relation, weight : str
            Edge attributes to read; missing ones become ``default_relation`` / 1.0.
        title : str, optional
            Default: the graph's own ``title`` or ``name`` attribute, if any.
        directions : dict, optional
            Relation -> ``"source_to_target"`` or ``"target_to_source"``: what flows
            along the relation's edges, read from ``u`` to ``v`` as networkx gives
            them (see :attr:`Ecosystem.directions`); ``G`` must then be directed.
            A DiGraph's edge direction is only used where this says so.

        Returns
        -------
        Ecosystem
            Every node is a respondent and every edge an observed (confirmed) tie,
            since a given graph says nothing about who reported what.

        Examples
        --------
        >>> import networkx as nx
        >>> eco = Ecosystem.from_networkx(nx.florentine_families_graph())
        >>> len(eco.actors), len(eco.ties)
        (15, 20)
        """
        problems: list[Problem] = []
        actor_rows = []
        for node, data in G.nodes(data=True):
            raw_sector = _attribute(node, data, sector)
            canonical = default_sector if _is_missing(raw_sector) else normalize_sector(raw_sector)
            if canonical is None:
                problems.append(
                    Problem(
                        f"node {node!r} has sector {raw_sector!r}, which is not recognised; "
                        f"use one of {accepted_sector_values()}",
                        column=str(sector),
                    )
                )
            known = {name, municipality, type, sector if isinstance(sector, str) else None}
            extras = {k: v for k, v in data.items() if k not in known and k not in ACTOR_COLUMNS}
            actor_rows.append(
                {
                    "id": str(node),
                    "name": str(data.get(name, data.get("label", node))),
                    "sector": canonical,
                    "type": str(data.get(type, "")),
                    "municipality": str(data.get(municipality, "")),
                    "respondent": True,
                    **extras,
                }
            )
        if problems:
            raise SurveyDataError(problems)
        tie_rows = []
        for u, v, data in G.edges(data=True):
            tie_rows.append(
                {
                    "source": str(u),
                    "target": str(v),
                    "relation": str(data.get(relation, default_relation)),
                    "weight": float(data.get(weight, 1.0)),
                    "wave": "",
                    "reported_by": "",
                }
            )
        actors = pd.DataFrame(actor_rows, columns=_actor_frame_columns(actor_rows)).set_index("id")
        ties = pd.DataFrame(tie_rows, columns=list(TIE_COLUMNS))
        if actors.empty:
            raise SurveyDataError(Problem("the network has no nodes, so there is nothing to analyse"))
        problems = _weight_problems(ties, lambda message, column: Problem(message, column=str(weight)))
        problems += _declaration_problems(directions or {}, set(ties["relation"]), column=str(relation))
        if directions and not G.is_directed():
            problems.append(
                Problem(
                    "directions are declared, but the network is undirected, so its edges have no source and target "
                    "for them to refer to; give a directed network (a DiGraph, or a GraphML file with "
                    'edgedefault="directed") or leave directions out'
                )
            )
        if problems:
            raise SurveyDataError(problems)
        meta = {"sources": [], "synthetic": False}
        declared = title or G.graph.get("title") or G.graph.get("name")
        if declared:
            meta["title"] = str(declared)
        return cls(actors=actors, ties=ties, meta=meta, directions=dict(directions or {}))


class Summary(dict):
    """Key figures of an Ecosystem (:meth:`Ecosystem.summary`): a dict that shows as a table.

    The keys are those to index it with; the two tables (``actors_by_sector``,
    ``ties_by_relation_wave``) are shown below the figures.

    Examples
    --------
    >>> import networkx as nx
    >>> Ecosystem.from_networkx(nx.path_graph(3), title="Path").summary()
    Summary of Path
      actors               3
      ties                 2
      response_rate    1.000
      confirmed_share  1.000
      warnings             0
      corrections          0
    actors_by_sector
      public 0, business 0, academia 0, civil_society 0, other 3
    ties_by_relation_wave
      relation wave  ties
           tie          2
    """

    _TABLES = ("actors_by_sector", "ties_by_relation_wave")
    _HIDDEN = ("title", "synthetic", *_TABLES)  # shown in the heading or as tables, not as figures

    def heading(self) -> str:
        """``Summary of <title>``, marked when the data are synthetic."""
        return f"Summary of {self.get('title') or t('common.title', 'en')}" + (
            " (synthetic data)" if self.get("synthetic") else ""
        )

    def figures(self) -> list[tuple[str, str]]:
        """(key, value as shown) of every figure: shares with three decimals, counts as they are."""
        return [
            (key, f"{value:.3f}" if isinstance(value, float) else str(value))
            for key, value in self.items()
            if key not in self._HIDDEN
        ]

    def __repr__(self) -> str:
        figures = self.figures()
        key_width = max((len(key) for key, _ in figures), default=0) + 2
        value_width = max((len(value) for _, value in figures), default=0)
        lines = [self.heading()] + [f"  {key:<{key_width}}{value:>{value_width}}" for key, value in figures]
        for key in self._TABLES:
            if key in self:
                lines += [key, _indented(_table_text(self[key]))]
        return "\n".join(lines)

    __str__ = __repr__

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{escape(key)}</th><td>{escape(value)}</td></tr>"
            for key, value in self.figures()
        )
        tables = "".join(f"<h5>{escape(key)}</h5>{_table_html(self[key])}" for key in self._TABLES if key in self)
        return f"<div><h4>{escape(self.heading())}</h4><table>{rows}</table>{tables}</div>"


def _table_text(table) -> str:
    if isinstance(table, pd.Series):  # actors by sector: one line
        return ", ".join(f"{label} {count}" for label, count in table.items())
    return table.to_string(index=False) if isinstance(table, pd.DataFrame) else str(table)


def _table_html(table) -> str:
    if isinstance(table, pd.Series):
        table = table.to_frame()
    return table.to_html(escape=True) if isinstance(table, pd.DataFrame) else escape(str(table))


def _indented(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())


def direction_problem(relation, direction) -> str | None:
    """What is wrong with declaring ``direction`` for ``relation``, or None if nothing is.

    Examples
    --------
    >>> direction_problem("funding", "target_to_source") is None
    True
    >>> direction_problem("funding", "down")
    "the direction of relation 'funding' must be 'source_to_target' or 'target_to_source', not 'down'"
    """
    if not isinstance(relation, str) or not relation:
        return f"a direction must be declared for a relation name, not {relation!r}"
    if direction not in DIRECTIONS:
        return (
            f"the direction of relation {relation!r} must be {DIRECTIONS[0]!r} or {DIRECTIONS[1]!r}, not {direction!r}"
        )
    return None


def _declaration_problems(directions, relations: set, column: str | None = None) -> list[Problem]:
    """The problems of declared directions: bad values, and relations no tie has."""
    if not isinstance(directions, Mapping):
        return [Problem(f"directions must map relations to {' or '.join(DIRECTIONS)}, not {directions!r}")]
    problems = [
        Problem(message) for relation, value in directions.items() if (message := direction_problem(relation, value))
    ]
    problems += [
        Problem(
            f"a direction is declared for relation {relation!r}, but no tie has it; the ties have "
            f"{sorted(relations)}: correct the name or leave it out",
            column=column,
        )
        for relation in directions
        if isinstance(relation, str) and relation not in relations
    ]
    return problems


def content_problems(
    actors: pd.DataFrame,
    ties: pd.DataFrame,
    actor_problem: Callable[..., Problem] = Problem,
    tie_problem: Callable[..., Problem] = Problem,
) -> list[Problem]:
    """What in valid-looking tables no analysis can use: checked once, where an Ecosystem is made.

    Every row may be fine and the survey still be unusable: it may have no actors or
    no ties (only the header row was filled in), weights so large that adding them
    up overflows, or so many distinct waves that the column cannot hold survey
    rounds.  Loading checks this, so ``validate`` and ``analyze`` refuse the same data
    with the same message, and an analysis never starts on it.

    Parameters
    ----------
    actors, ties : pandas.DataFrame
        As an :class:`Ecosystem` holds them.
    actor_problem, tie_problem : callable, optional
        ``(message, column=None) -> Problem``, to locate a problem in the table it
        came from (a loader passes its raw table's ``problem`` method); by default a
        bare :class:`~skane_ecosystem.errors.Problem`.  ``actor_problem=None`` when
        the actors were inferred from the ties: without ties there are none, and
        only the empty ties table is reported.

    Returns
    -------
    list of Problem
        Empty when the tables can be analysed.

    Examples
    --------
    >>> import pandas as pd
    >>> actors = pd.DataFrame(columns=list(ACTOR_COLUMNS))
    >>> ties = pd.DataFrame(columns=list(TIE_COLUMNS))
    >>> [p.message for p in content_problems(actors, ties)]  # doctest: +NORMALIZE_WHITESPACE
    ['the actors table has no actors below its header; add one row per actor',
     'the ties table has no ties below its header; add one row per tie reported']
    """
    problems = []
    if actors.empty and actor_problem is not None:
        problems.append(actor_problem("the actors table has no actors below its header; add one row per actor"))
    if ties.empty:
        problems.append(tie_problem("the ties table has no ties below its header; add one row per tie reported"))
    problems.extend(_weight_problems(ties, tie_problem))
    waves = ties["wave"][ties["wave"] != ""].nunique()
    if waves > MAX_WAVES:
        problems.append(
            tie_problem(
                f"the ties table has {waves:,} different waves, more than the {MAX_WAVES:,} a survey can have; a "
                "wave is a round of the survey (such as 2022), so this column seems to hold something else, such as "
                "dates or ids: give it another header, or write the survey round in it",
                column="wave",
            )
        )
    return problems


def _weight_problems(ties: pd.DataFrame, tie_problem) -> list[Problem]:
    """One problem for the ties whose weights are not finite, positive and at most MAX_WEIGHT."""
    weights = pd.to_numeric(ties["weight"], errors="coerce").astype(float)
    bad = ties[~(weights.gt(0) & weights.le(MAX_WEIGHT))]  # NaN and infinity fail the comparisons
    if bad.empty:
        return []
    first = bad.iloc[0]
    more = f" and {len(bad) - 1:,} more" if len(bad) > 1 else ""
    return [
        tie_problem(
            f"weights must be positive numbers of at most {MAX_WEIGHT:g}, so that their sums cannot overflow; the tie "
            f"{first['source']!r} to {first['target']!r} has weight {first['weight']!r}{more}: rescale the weights "
            "(for example to thousands) or correct them",
            column="weight",
        )
    ]


# ---------------------------------------------------------------- helpers
def _combine_ties(ties: pd.DataFrame, mode: str, respondents: set[str], one_way=frozenset()) -> dict:
    """Edge attributes per node pair, following the rule in Ecosystem.graph's Notes.

    ``one_way`` names the relations with a declared direction: questions asked of one
    side only, whose ties the mutual mode keeps unconfirmed.

    Returns a dict ``(u, v) -> {"weight", "relations", "waves", "confirmed"}`` in
    sorted pair order (the order the graph's edges are added in, which seeded
    algorithms such as Louvain depend on).  The reports are combined with arrays,
    as a graph is built for every stability resample; the floating-point sums are
    taken in the same order as one report at a time would take them (reports in
    table order within a relation, relations in sorted order within a pair), so
    the weights are the same to the last bit.
    """
    if ties.empty:
        return {}
    reports = _TieReports(ties, directed=mode == "directed")
    kept = reports.confirmed | (mode != "mutual")
    if mode == "mutual":
        # Between two respondents an unconfirmed tie is dropped: both could have
        # reported it and only one did.  One-way questions were asked of one side.
        both_answered = np.array([u in respondents and v in respondents for u, v in zip(reports.u, reports.v)])
        kept |= ~both_answered | np.isin(reports.relation, list(one_way))
    return reports.edges(kept)


class _TieReports:
    """Tie reports grouped by (pair, relation), the groups in sorted order.

    A pair is ``(source, target)`` in directed mode and the two ends in sorted order
    otherwise.  Per group: ``u``, ``v``, ``relation`` (arrays), ``mean`` (the mean
    weight of its reports), ``waves`` (the sorted non-empty waves it was reported
    in) and ``confirmed``.
    """

    def __init__(self, ties: pd.DataFrame, directed: bool):
        source, target = ties["source"].to_numpy(dtype=object), ties["target"].to_numpy(dtype=object)
        relation, wave = ties["relation"].to_numpy(dtype=object), ties["wave"].to_numpy(dtype=object)
        reporter = ties["reported_by"].to_numpy(dtype=object)
        if directed:
            first, second = source, target
        else:
            swap = target < source  # elementwise, as sorted((source, target)) compares
            first, second = np.where(swap, target, source), np.where(swap, source, target)
        keys = pd.DataFrame({"u": first, "v": second, "r": relation})
        group = keys.groupby(["u", "v", "r"], sort=True, dropna=False).ngroup().to_numpy()
        count = int(group.max()) + 1
        head = np.zeros(count, dtype=np.int64)
        head[group[::-1]] = np.arange(len(group))[::-1]  # each group's first report
        self.u, self.v, self.relation = first[head], second[head], relation[head]
        # bincount adds each group's weights one after the other in table order,
        # as sum() over its reports does.
        weights = np.bincount(group, weights=ties["weight"].to_numpy(dtype=float), minlength=count)
        self.mean = weights / np.bincount(group, minlength=count)
        self.waves = _sorted_sets(group, wave, count)

        def any_report(mask):
            return np.bincount(group, weights=mask, minlength=count) > 0

        register = any_report(reporter == "")  # ties from registers or graph files
        if directed:
            reported = set(zip(source.tolist(), target.tolist(), relation.tolist()))
            reverse = [(v, u, r) in reported for u, v, r in zip(self.u, self.v, self.relation)]
            self.confirmed = register | np.array(reverse, dtype=bool)
        else:
            self.confirmed = register | (any_report(reporter == first) & any_report(reporter == second))

    def edges(self, kept: np.ndarray) -> dict:
        """The edges of the kept groups: weights (the groups' means) summed, relations
        listed, waves joined, confirmed when any of its relations is."""
        u, v, mean, confirmed = self.u[kept], self.v[kept], self.mean[kept], self.confirmed[kept]
        relation = self.relation[kept].tolist()
        waves = [w for w, keep in zip(self.waves, kept.tolist()) if keep]
        if not relation:
            return {}
        new_pair = np.r_[True, (u[1:] != u[:-1]) | (v[1:] != v[:-1])]
        starts, pair = np.flatnonzero(new_pair), np.cumsum(new_pair) - 1
        # 0.0 + the first relation's mean + the next ..., in sorted relation order.
        weight = np.bincount(pair, weights=mean, minlength=len(starts)).tolist()
        either = (np.bincount(pair, weights=confirmed, minlength=len(starts)) > 0).tolist()
        bounds = [*starts.tolist(), len(relation)]
        return {
            (first, second): {
                "weight": w,
                "relations": relation[start:stop],
                "waves": waves[start] if stop - start == 1 else sorted(set().union(*waves[start:stop])),
                "confirmed": c,
            }
            for first, second, w, c, start, stop in zip(
                u[starts].tolist(), v[starts].tolist(), weight, either, bounds[:-1], bounds[1:]
            )
        }


def _sorted_sets(group: np.ndarray, values: np.ndarray, count: int) -> list[list]:
    """For each group, the sorted distinct non-empty ``values`` of its reports."""
    codes, distinct = pd.factorize(values, sort=True, use_na_sentinel=False)
    combinations = np.unique(group * len(distinct) + codes)  # by group, then by value
    found: list[list] = [[] for _ in range(count)]
    for g, value in zip((combinations // len(distinct)).tolist(), distinct[combinations % len(distinct)].tolist()):
        if value != "":
            found[g].append(value)
    return found


def one_sided_mask(ties: pd.DataFrame, one_way=()) -> np.ndarray:
    """True for survey tie reports whose reverse (same relation and wave) nobody reported.

    Ties from registers or graph files (empty ``reported_by``) are observations, not
    nominations, and are never one-sided.  Nor are the reports of ``one_way``
    relations (those with a declared direction, ``Ecosystem.directions``): their
    question was asked of one side only, so no reverse report was possible and its
    absence says nothing about the tie.
    """
    reported = set(zip(ties["source"], ties["target"], ties["relation"], ties["wave"]))
    nominated = (ties["reported_by"] != "").to_numpy()
    reverse_missing = np.array(
        [
            (t, s, r, w) not in reported
            for s, t, r, w in zip(ties["source"], ties["target"], ties["relation"], ties["wave"])
        ],
        dtype=bool,
    )
    asked_both_ways = ~ties["relation"].isin(list(one_way)).to_numpy()
    return nominated & reverse_missing & asked_both_ways


def _relation_code(name, present: set[str]) -> str:
    """The ties' code for a relation name in either language; an unknown name stays as written."""
    canonical = canonical_relation(name)
    return canonical if name not in present and canonical in present else name


def _as_list(value) -> list:
    if isinstance(value, (str, int, float)):
        return [value]
    return list(value)


def _is_missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return value is pd.NA


def _plain(value):
    """numpy scalars become Python ones, so graphs export cleanly to GraphML/GEXF."""
    return value.item() if hasattr(value, "item") else value


def _attribute(node, data, spec):
    if callable(spec):
        return spec(node)
    if isinstance(spec, dict):
        return spec.get(node)
    return data.get(spec)


def _actor_frame_columns(rows: Iterable[dict]) -> list[str]:
    columns = ["id", *ACTOR_COLUMNS]
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    return columns
