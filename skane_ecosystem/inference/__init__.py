"""Statistical inference on networks: is a pattern more than chance?

- :mod:`.qap`: graph correlation and multiple regression with QAP permutation
  p-values (sna's ``gcor``/``qaptest``, ``netlm``, ``netlogit``).
- :mod:`.dyadic`: the dyad-independent ERGM with statnet's terms, fitted exactly.
- :mod:`.homophily`: same sector / municipality / type, tested together.
- :mod:`.missingness`: who did not answer, and whether they differ.
- :mod:`.imputation`: non-respondents' ties, imputed three ways (Huisman 2009).
- :mod:`.waves`: change between survey waves, beyond noise or not.
- :mod:`.wording`: the plain-language sentence for a result, from the catalogs.

Every function takes networkx graphs or n×n arrays and returns a tidy pandas
object; none changes its input, and the same seed gives the same result.
"""

from .dyadic import dyad_design, dyadic_model, parse_formula
from .dyads import MAX_ACTORS, MAX_PERMUTATIONS
from .homophily import homophily_tests, same_attribute_matrix
from .imputation import IMPUTATION_METHODS, impute_nonrespondents
from .missingness import MissingnessReport, missingness_report
from .qap import qap_correlation, qap_regression
from .waves import indicator_change_test, wave_change_test
from .wording import p_text, significance_sentence

__all__ = [
    "MAX_ACTORS",
    "MAX_PERMUTATIONS",
    "qap_correlation",
    "qap_regression",
    "dyadic_model",
    "dyad_design",
    "parse_formula",
    "homophily_tests",
    "same_attribute_matrix",
    "significance_sentence",
    "p_text",
    "wave_change_test",
    "indicator_change_test",
    "missingness_report",
    "MissingnessReport",
    "impute_nonrespondents",
    "IMPUTATION_METHODS",
]
