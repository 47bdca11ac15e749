"""CSV text that is safe to open in a spreadsheet.

Organisation names and comments come from survey answers.  A cell like
``=HYPERLINK("http://evil", "click")`` would run as a formula when the CSV is opened
in Excel or LibreOffice, so text cells starting with ``= + - @`` (or a tab or carriage
return) get a leading apostrophe, as OWASP advises against CSV injection.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["csv_text", "defuse_formula", "FORMULA_STARTS"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(value):
    """``value`` with a leading apostrophe if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(frame: pd.DataFrame, index: bool = False) -> str:
    """UTF-8 CSV text with ``\\n`` line ends and formula-like text defused.

    Examples
    --------
    >>> print(csv_text(pd.DataFrame({"name": ["=1+1", "Lund"], "degree": [2, -1]})), end="")
    name,degree
    '=1+1,2
    Lund,-1
    """
    safe = frame.reset_index() if index else frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = [defuse_formula(v) for v in safe[column]]
    return safe.to_csv(index=False, lineterminator="\n")
