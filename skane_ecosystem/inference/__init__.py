"""Statistical inference on networks: is a pattern more than chance?

- :mod:`.qap`: graph correlation and multiple regression with QAP permutation
  p-values (sna's ``gcor``/``qaptest``, ``netlm``, ``netlogit``).

Every function takes networkx graphs or n×n arrays and returns a tidy pandas
object; none changes its input, and the same seed gives the same result.
"""

from .dyadic import dyad_design, dyadic_model, parse_formula
from .dyads import MAX_ACTORS, MAX_PERMUTATIONS
from .qap import qap_correlation, qap_regression

__all__ = [
    "MAX_ACTORS",
    "MAX_PERMUTATIONS",
    "qap_correlation",
    "qap_regression",
    "dyadic_model",
    "dyad_design",
    "parse_formula",
]
