"""Reading the findings table: which flags are findings, and which are tentative.

Shared by analysis, the command line and every output (through :mod:`privacy`'s
tables too), so that one rule decides what is presented as a finding: a flag whose
stability is below ``StabilityConfig.tentative_below`` (its ``tentative`` column)
is listed apart, never as a finding.  Only reads a table; computes nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["PRIORITY", "split_tentative", "stability_estimated"]

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
