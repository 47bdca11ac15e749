"""Coded qualitative material beside the network: which themes, where, and next to which findings.

Interviews, open survey answers and workshops say *why* an organisation is a
barrier or a bridge.  Coded into themes (``funding gap``, ``regulation``, ``lack of
meeting places``) and linked to actors (:attr:`Ecosystem.qualitative
<skane_ecosystem.ecosystem.Ecosystem.qualitative>`), they are counted here three
ways:

* :func:`code_frequencies`: how many actors of each sector (or municipality, or
  type) raised each theme;
* :func:`code_cooccurrence`: how many actors raised both of two themes;
* :func:`codes_by_finding`: how many of the actors behind each structural finding
  raised each theme (do the single points of failure report funding gaps?).

:func:`qualitative_tables` makes all of them at once for :func:`~skane_ecosystem.analyze`,
which keeps them as ``Analysis.qualitative`` (:class:`QualitativeTables`) for the
outputs to show.

Every count is of **distinct actors**, not of passages: an actor quoted five times
on one theme counts once, so the counts are what privacy rules speak of (no count
below 5 in a public output; see :mod:`skane_ecosystem.privacy`).  Quotes are never
counted, only themes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

__all__ = ["code_frequencies", "code_cooccurrence", "codes_by_finding", "qualitative_tables", "QualitativeTables"]

#: Columns of the actors table a frequency table may be broken down by.
GROUPINGS = ("sector", "municipality", "type")


def _actor_codes(eco) -> pd.DataFrame:
    """One row per (actor, code) pair raised, whatever the number of passages; passages not yet coded left out."""
    coded = eco.qualitative[eco.qualitative["code"].astype(str).str.strip() != ""]
    return coded[["actor", "code"]].drop_duplicates()


def code_frequencies(eco, by: str = "sector") -> pd.DataFrame:
    """How many actors of each group raised each theme.

    Parameters
    ----------
    eco : Ecosystem
        With coded qualitative material.
    by : {"sector", "municipality", "type"}
        The actors' attribute to break down by.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code``, one integer column per group (in the order the
        groups first appear among the actors) and ``total``; rows sorted by total,
        most raised first.

    Examples
    --------
    >>> import pandas as pd
    >>> import networkx as nx
    >>> from skane_ecosystem import Ecosystem
    >>> G = nx.path_graph(3)
    >>> nx.set_node_attributes(G, {0: "public", 1: "business", 2: "business"}, "sector")
    >>> eco = Ecosystem.from_networkx(G)
    >>> eco.qualitative = pd.DataFrame({"actor": ["0", "1", "2", "2"], "code": ["funding gap"] * 3 + ["regulation"],
    ...                                 "kind": "impediment", "quote": "", "source": "interview"})
    >>> code_frequencies(eco)  # doctest: +NORMALIZE_WHITESPACE
                 public  business  total
    code
    funding gap       1         2      3
    regulation        0         1      1
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}, not {by!r}")
    pairs = _actor_codes(eco)
    groups = eco.actors[by].reindex(pairs["actor"]).to_numpy()
    table = pd.crosstab(pairs["code"].to_numpy(), groups).rename_axis(index="code", columns=None)
    table = table.reindex(columns=[g for g in eco.actors[by].unique() if g in table.columns])
    table["total"] = table.sum(axis=1)
    return table.sort_values("total", ascending=False, kind="stable").astype(int)


def code_cooccurrence(eco) -> pd.DataFrame:
    """How many actors raised both of two themes (the diagonal: how many raised each).

    Returns
    -------
    pandas.DataFrame
        A symmetric code x code table of integer actor counts.

    Examples
    --------
    >>> import pandas as pd
    >>> import networkx as nx
    >>> from skane_ecosystem import Ecosystem
    >>> eco = Ecosystem.from_networkx(nx.path_graph(3))
    >>> eco.qualitative = pd.DataFrame({"actor": ["0", "0", "1"], "code": ["funding gap", "regulation", "regulation"],
    ...                                 "kind": "", "quote": "", "source": ""})
    >>> code_cooccurrence(eco)
                 funding gap  regulation
    funding gap            1           1
    regulation             1           2
    """
    pairs = _actor_codes(eco)
    if pairs.empty:  # crosstab refuses empty input
        return pd.DataFrame(dtype=int)
    incidence = pd.crosstab(pairs["actor"], pairs["code"]).clip(upper=1)
    together = incidence.T @ incidence
    return together.rename_axis(index=None, columns=None).astype(int)


def codes_by_finding(eco, flags: pd.DataFrame) -> pd.DataFrame:
    """How many of the actors behind each actor-level finding raised each theme.

    Parameters
    ----------
    eco : Ecosystem
    flags : pandas.DataFrame
        An analysis' findings (``Analysis.flags``): the actor-level rows count
        (``level == "actor"``), each for its ``subject``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``code``; one integer column per finding code and ``all actors``
        (how many actors raised the theme at all), so each finding's count reads
        against the whole.  The row ``actors`` gives the column's number of actors.

    Examples
    --------
    >>> import pandas as pd
    >>> import networkx as nx
    >>> from skane_ecosystem import Ecosystem
    >>> eco = Ecosystem.from_networkx(nx.path_graph(3))
    >>> eco.qualitative = pd.DataFrame({"actor": ["1", "2"], "code": ["funding gap"] * 2,
    ...                                 "kind": "", "quote": "", "source": ""})
    >>> flags = pd.DataFrame({"level": ["actor"], "code": ["single_point_of_failure"], "subject": ["1"]})
    >>> codes_by_finding(eco, flags)  # doctest: +NORMALIZE_WHITESPACE
                 single_point_of_failure  all actors
    code
    funding gap                        1           2
    actors                             1           3
    """
    pairs = _actor_codes(eco)
    actor_flags = flags.loc[flags["level"] == "actor", ["code", "subject"]].drop_duplicates()
    columns = {}
    for finding, subjects in actor_flags.groupby("code", sort=False)["subject"]:
        raised = pairs[pairs["actor"].isin(set(subjects))]
        columns[finding] = raised.groupby("code")["actor"].nunique()
    columns["all actors"] = pairs.groupby("code")["actor"].nunique()
    table = pd.DataFrame(columns).fillna(0).astype(int).rename_axis(index="code")
    table = table.sort_values("all actors", ascending=False, kind="stable")
    sizes = {finding: subjects.nunique() for finding, subjects in actor_flags.groupby("code")["subject"]}
    sizes["all actors"] = len(eco.actors)
    table.loc["actors"] = [sizes[column] for column in table.columns]
    return table


@dataclass(frozen=True)
class QualitativeTables:
    """The counts of coded qualitative material an analysis keeps for its outputs.

    Every cell counts distinct actors (see the module documentation); quotes are not
    here, since they are input text, not results: the outputs read them from
    ``Ecosystem.qualitative`` at the privacy level that may show them.

    Attributes
    ----------
    by_sector : pandas.DataFrame
        :func:`code_frequencies` by ``"sector"``.
    by_municipality : pandas.DataFrame
        :func:`code_frequencies` by ``"municipality"``.
    cooccurrence : pandas.DataFrame
        :func:`code_cooccurrence`.
    by_finding : pandas.DataFrame
        :func:`codes_by_finding` for the analysis' findings.
    """

    by_sector: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_municipality: pd.DataFrame = field(default_factory=pd.DataFrame)
    cooccurrence: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_finding: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def empty(self) -> bool:
        """True when there was no coded material (every table is empty)."""
        return self.by_sector.empty


def qualitative_tables(eco, flags: pd.DataFrame) -> QualitativeTables:
    """Every count of the coded qualitative material, for an analysis' outputs.

    Parameters
    ----------
    eco : Ecosystem
    flags : pandas.DataFrame
        The analysis' findings (``Analysis.flags``).

    Returns
    -------
    QualitativeTables
        Empty tables when no passage is coded (an ecosystem without qualitative
        material, or free-text answers not yet coded).

    Examples
    --------
    >>> import pandas as pd
    >>> import networkx as nx
    >>> from skane_ecosystem import Ecosystem
    >>> eco = Ecosystem.from_networkx(nx.path_graph(3))
    >>> qualitative_tables(eco, pd.DataFrame(columns=["level", "code", "subject"])).empty
    True
    >>> eco.qualitative = pd.DataFrame({"actor": ["1"], "code": ["funding gap"], "kind": "", "quote": "", "source": ""})
    >>> qualitative_tables(eco, pd.DataFrame(columns=["level", "code", "subject"])).by_sector["total"].tolist()
    [1]
    """
    if _actor_codes(eco).empty:
        return QualitativeTables()
    return QualitativeTables(
        by_sector=code_frequencies(eco, "sector"),
        by_municipality=code_frequencies(eco, "municipality"),
        cooccurrence=code_cooccurrence(eco),
        by_finding=codes_by_finding(eco, flags),
    )
