"""Significance in plain words: the sentence a report shows for a test's result.

Each sentence says what was tested, in which direction the data lean, the p-value
and the significance level it was judged at.  A result above the level is worded as
"about as often as chance would give", never as a finding.
"""

from __future__ import annotations

import math

from ..i18n import check_language, format_number, t
from ..sentences import _percent_text, percent  # the one way a share becomes a percentage

__all__ = ["significance_sentence", "p_text", "ALPHA"]

#: The significance level a sentence judges a p-value at, unless told otherwise.
ALPHA = 0.05

#: The groups a homophily sentence can name (catalog ``inference.group.<name>``).
GROUPS = ("sector", "municipality", "type")


def p_text(p_value: float, n_permutations: int | None = None, lang: str = "en") -> str:
    """A p-value as a reader should see it: ``p < 0,01`` or ``p = 0,03`` (decimal comma in Swedish).

    A permutation p-value cannot be smaller than one permutation in ``n_permutations``,
    so 0 of 1,000 is written "p < 0.001", and 0 of 50 "p < 0.02", never "p = 0".

    Examples
    --------
    >>> p_text(0.0, 1000, "sv"), p_text(0.004, 1000, "sv"), p_text(0.0312, 1000, "en"), p_text(0.42)
    ('p < 0,001', 'p < 0,01', 'p = 0.031', 'p = 0.42')
    >>> p_text(0.0, 50)
    'p < 0.02'
    """
    check_language(lang)
    if not 0 <= p_value <= 1 or math.isnan(p_value):
        raise ValueError(f"a p-value lies between 0 and 1, not {p_value!r}")
    resolution = 1 / n_permutations if n_permutations else 0.0
    for bound in (0.001, 0.01):
        if p_value < bound and resolution <= bound:
            return f"p < {format_number(bound, lang, decimals=3 if bound < 0.01 else 2)}"
    if p_value < resolution or (p_value == 0 and resolution):
        return f"p < {format_number(resolution, lang, decimals=2)}"
    return f"p = {format_number(p_value, lang, decimals=3 if p_value < 0.1 else 2)}"


def significance_sentence(row, lang: str = "en", alpha: float = ALPHA, relation: str | None = None) -> str:
    """The plain-language sentence for one homophily test: more, less, or as chance would give.

    Parameters
    ----------
    row : mapping or pandas.Series
        One row of :func:`~skane_ecosystem.inference.homophily_tests`: ``attribute``
        (``sector``, ``municipality`` or ``type``; or the row's name), ``coef``
        (positive: more ties within the group), ``p_value`` (two-sided) and
        ``n_permutations``.
    lang : {"en", "sv"}
    alpha : float, default 0.05
        The significance level the p-value is judged at; stated in the sentence.
    relation : str, optional
        ``"collaboration"`` says "collaborate"; anything else "have ties".

    Returns
    -------
    str

    Examples
    --------
    >>> row = {"attribute": "sector", "coef": 1.2, "p_value": 0.0, "n_permutations": 1000}
    >>> significance_sentence(row, "sv", relation="collaboration")
    'Organisationerna samarbetar oftare inom sin egen sektor än slumpen skulle ge (p < 0,001; signifikansnivå 5\xa0%).'
    >>> significance_sentence({**row, "p_value": 0.42}, "en")
    'Organisations have ties within their own sector about as often as chance would give: the difference is not significant (p = 0.42; significance level 5%).'
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha is a significance level between 0 and 1 (e.g. 0.05), not {alpha!r}")
    attribute = row.get("attribute", getattr(row, "name", None))
    if attribute not in GROUPS:
        raise ValueError(f"the row's attribute must be one of {list(GROUPS)}, not {attribute!r}")
    p_value = float(row["p_value"])
    if p_value >= alpha:
        direction = "none"
    else:
        direction = "more" if float(row["coef"]) > 0 else "less"
    verb = "collaboration" if relation == "collaboration" else "ties"
    return t(
        f"inference.within.{direction}",
        lang,
        verb=t(f"inference.verb.{verb}", lang),
        group=t(f"inference.group.{attribute}", lang),
        p=p_text(p_value, row.get("n_permutations"), lang),
        level=_level_text(alpha, lang),
    )


def _level_text(alpha: float, lang: str) -> str:
    return _percent_text(percent(alpha), lang)
