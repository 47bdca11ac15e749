"""Reading the findings table: which flags are findings, and which are tentative.

Shared by analysis, the command line and every output (through :mod:`privacy`'s
tables too), so that one rule decides what is presented as a finding: a flag whose
stability is below ``StabilityConfig.tentative_below`` (its ``tentative`` column)
is listed apart, never as a finding.  And one rule decides when findings are too
many to list: more than :data:`MASS_FINDINGS_ABOVE` of one rule are summarised as
one network-level finding (:func:`summarise_mass_findings`).  Only reads a table;
computes nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .i18n import LANGUAGES, t

__all__ = [
    "PRIORITY",
    "MASS_FINDINGS_ABOVE",
    "split_tentative",
    "stability_estimated",
    "summarise_mass_findings",
]

#: A rule that finds more actors than this is summarised as one network-level
#: finding instead of being listed actor by actor.  At register scale one rule
#: finds tens of thousands ("peripheral: one tie" about 93,000 of 100,000 actors):
#: a list that long is not read, it is searched, so it belongs in the bundle's
#: flags.csv.  Survey-sized ecosystems stay far below it (the demo's largest rule
#: finds 23 of 148 actors).
MASS_FINDINGS_ABOVE = 200

#: Codes in the order a policy summary should meet them, most consequential first:
#: what the whole ecosystem depends on, then structural gaps, then single actors.
#: (Here rather than in :mod:`flags`, so that the report can order findings
#: without importing the rules.)
PRIORITY = (
    "hub",
    "broker",
    "boundary_spanner",
    "gatekeeper",
    "community_bridge",
    "fragmented",
    "funding_dependency",
    "funding_concentration",
    "municipality_gateway",
    "sector_silo",
    "single_point_of_failure",
    "bottleneck",
    "centralized",
    "missing_bridge",
    "isolated",
    "unreciprocated",
    "peripheral",
)


def split_tentative(flags: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The findings, and apart from them the tentative flags (stability below the floor).

    A flag that holds in fewer resamples than ``StabilityConfig.tentative_below`` is
    not presented as a finding: summaries, headlines, map highlights and figure
    labels show only the first table, and list the second apart, with stabilities.
    Without stability (``tentative`` False everywhere) every flag is a finding.

    Parameters
    ----------
    flags : pandas.DataFrame
        With a boolean column ``tentative`` (``Analysis.flags`` or ``ShownTables.flags``).

    Returns
    -------
    findings, tentative : pandas.DataFrame
        Rows in their original order.

    Examples
    --------
    >>> import pandas as pd
    >>> flags = pd.DataFrame({"subject": ["a", "b"], "code": ["hub", "hub"], "tentative": [False, True]})
    >>> findings, tentative = split_tentative(flags)
    >>> list(findings["subject"]), list(tentative["subject"])
    (['a'], ['b'])
    """
    if "tentative" in flags.columns:
        apart = flags["tentative"].fillna(False).astype(bool).to_numpy()
    else:
        apart = np.zeros(len(flags), dtype=bool)  # flags from before stability existed
    return flags[~apart], flags[apart]


def stability_estimated(flags: pd.DataFrame) -> bool:
    """True when the flags carry a stability (False when it was switched off or skipped).

    Outputs then say that stability was not estimated, rather than show findings
    as if they had been checked.  With no flags at all there is nothing to say.
    """
    return not len(flags) or bool(flags["stability"].notna().any())


def summarise_mass_findings(
    flags: pd.DataFrame, lang: str = "en", above: int = MASS_FINDINGS_ABOVE, listed_in: str = "flags.csv"
) -> pd.DataFrame:
    """The flags with every rule that found more than ``above`` actors summarised.

    The actor-level flags of such a rule become one network-level flag of the same
    rule and kind, in the place of the first of them, whose sentence states how
    many actors the rule found, the threshold, and the file and code under which
    they are listed.  Its stability is the lowest of theirs (each of them held at
    least that often), without a standard error.  Findings and tentative flags are
    counted apart, so that a summary never mixes the two.

    Parameters
    ----------
    flags : pandas.DataFrame
        ``Analysis.flags`` (explanations in ``explanation_<lang>`` for every
        language) or ``ShownTables.flags`` (one ``explanation``, in ``lang``).
    lang : {"en", "sv"}
        The language of an ``explanation`` column.
    above : int
        More actor-level flags of one rule than this are summarised.
    listed_in : str
        The file where the summarised flags are listed one by one (the bundle's
        ``flags.csv``).

    Returns
    -------
    pandas.DataFrame
        The same columns; the other rows unchanged and in their order.

    Examples
    --------
    >>> import pandas as pd
    >>> flags = pd.DataFrame({"subject": ["a", "b", "c"], "level": "actor", "kind": "impediment",
    ...                       "code": "peripheral", "score": 1.0, "stability": [1.0, 0.9, 0.8],
    ...                       "stability_se": 0.0, "tentative": False, "explanation": "", "evidence": None})
    >>> summary = summarise_mass_findings(flags, above=2)
    >>> summary[["subject", "level", "code", "stability"]]
       subject    level        code  stability
    0  network  network  peripheral        0.8
    >>> summary.at[0, "explanation"].split(". ")[0]
    '3 organisations share this finding (Peripheral organisation)'
    """
    groups = _mass_groups(flags, above)
    if not groups:
        return flags
    kept, first_rows = np.ones(len(flags), dtype=bool), {}
    for positions in groups:
        kept[positions] = False
        first_rows[positions[0]] = _mass_row(flags.iloc[positions], lang, above, listed_in)
    rows = []
    for position, row in enumerate(flags.to_dict("records")):
        if kept[position]:
            rows.append(row)
        elif position in first_rows:
            rows.append(first_rows[position])
    return pd.DataFrame(rows, columns=flags.columns)


def _mass_groups(flags: pd.DataFrame, above: int) -> list[np.ndarray]:
    """Row positions of each (rule, kind, tentative) group of more than ``above`` actor flags."""
    if not len(flags):
        return []
    actor = (flags["level"] == "actor").to_numpy()
    tentative = split_tentative(flags)[1].index
    keys = pd.DataFrame(
        {"code": flags["code"].to_numpy(), "kind": flags["kind"].to_numpy(), "tentative": flags.index.isin(tentative)}
    )[actor]
    sizes = keys.groupby(["code", "kind", "tentative"], sort=False).size()
    large = sizes[sizes > above]
    positions = np.flatnonzero(actor)
    return [
        positions[((keys["code"] == code) & (keys["kind"] == kind) & (keys["tentative"] == apart)).to_numpy()]
        for code, kind, apart in large.index
    ]


def _mass_row(members: pd.DataFrame, lang: str, above: int, listed_in: str) -> dict:
    """The one network-level flag that stands for ``members`` (all of one rule)."""
    first = members.iloc[0]
    code, count = first["code"], len(members)
    stability = members["stability"].min() if members["stability"].notna().any() else np.nan
    values = {"count": count, "above": above, "file": listed_in, "code": code}
    row = dict(first)
    row.update(
        subject="network",
        level="network",
        score=float(count),
        stability=stability,
        stability_se=np.nan,
        evidence={"findings": count, "mass_threshold": above, "listed_in": listed_in},
    )
    if "subject_name" in row:
        row["subject_name"] = "network"
    if "params" in row:
        row["params"] = values
    if "explanation" in row:
        row["explanation"] = _mass_sentence(values, lang)
    for language in LANGUAGES:
        if f"explanation_{language}" in row:
            row[f"explanation_{language}"] = _mass_sentence(values, language)
    return row


def _mass_sentence(values: dict, lang: str) -> str:
    return t("findings.mass", lang, rule=t(f"flag.{values['code']}", lang), **values)
