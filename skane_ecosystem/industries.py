"""Industries of the organisations: SNI 2007 codes counted by section and sector.

Swedish registers classify an organisation's activity by an SNI 2007 code
(``62.010`` computer programming); its first two digits, the division, fall in one
of 21 sections (``J``, information and communication).  A survey's optional
``sni`` column (:func:`skane_ecosystem.io.registers.parse_sni`) is shown in the
sector tables by section: a code is too fine to count (most would be counts below
5 in a public output), a section is not.
"""

from __future__ import annotations

import pandas as pd

from .io.registers import sni_section
from .sectors import SECTORS

__all__ = ["sni_sections_by_sector"]


def sni_sections_by_sector(actors: pd.DataFrame) -> pd.DataFrame:
    """How many actors of each sector have an SNI code in each SNI 2007 section.

    Parameters
    ----------
    actors : pandas.DataFrame
        With columns ``sector`` and, optionally, ``sni`` (codes as
        :func:`~skane_ecosystem.io.registers.parse_sni` writes them; empty where
        not given).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``sector`` (the sectors with at least one coded actor, in the
        order of :data:`~skane_ecosystem.sectors.SECTORS`, then any other sorted),
        one integer column per section letter present (alphabetical) and
        ``total``.  Empty when no actor has an SNI code.

    Examples
    --------
    >>> import pandas as pd
    >>> actors = pd.DataFrame({"sector": ["business", "business", "public", "civil"],
    ...                        "sni": ["62.010", "62", "84.110", ""]})
    >>> sni_sections_by_sector(actors)  # doctest: +NORMALIZE_WHITESPACE
              J  O  total
    sector
    public    0  1      1
    business  2  0      2
    """
    if "sni" not in actors.columns:
        return pd.DataFrame()
    codes = actors["sni"].where(actors["sni"].notna(), "").astype(str).str.strip()
    coded = actors.loc[codes != "", "sector"]
    if coded.empty:
        return pd.DataFrame()
    sections = codes[codes != ""].map(sni_section)
    table = pd.crosstab(coded.to_numpy(), sections.to_numpy()).rename_axis(index="sector", columns=None)
    present = set(table.index)
    order = [s for s in SECTORS if s in present] + sorted(present - set(SECTORS))
    table = table.reindex(index=order, columns=sorted(table.columns))
    table["total"] = table.sum(axis=1)
    return table.astype(int)
