"""Write notebooks/04_inference.ipynb, the statistical-inference tutorial, without outputs.

Kept apart from ``build_notebooks.py`` while issue 16 is merged: it reuses that
script's cell helpers, and its ``inference_cells`` can join ``NOTEBOOKS`` there as
one line.  Run it from anywhere::

    python notebooks/build_inference_notebook.py           # rewrites the notebook next to this file
    python notebooks/build_inference_notebook.py OUT_DIR   # writes it into OUT_DIR instead
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_notebook

HERE = Path(__file__).resolve().parent
NAME = "04_inference.ipynb"


def _shared():
    """build_notebooks.py, loaded by path (the notebooks folder is not a package)."""
    spec = importlib.util.spec_from_file_location("build_notebooks", HERE / "build_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def inference_cells() -> list:
    shared = _shared()
    md, code = shared.md, shared.code
    return [
        md(
            "title",
            """
            # Is it more than chance? Statistical inference on the ecosystem

            The map shows who works with whom; a researcher asks whether a pattern is
            more than chance. `skane_ecosystem.inference` answers with the tests of
            UCINET and R (sna, statnet) and says the answer in plain words:

            | question | function |
            |---|---|
            | do organisations collaborate within their own sector, municipality, type? | `homophily_tests` |
            | ... said in Swedish or English, with the p-value and the level tested | `significance_sentence` |
            | does one network predict another (MRQAP)? | `qap_regression`, `qap_correlation` |
            | a dyad-independent ERGM with statnet's terms | `dyadic_model` |
            | did the network change between waves beyond noise? | `wave_change_test`, `indicator_change_test` |
            | who did not answer, and do they differ? | `missingness_report` |
            | what would the non-respondents have reported? | `impute_nonrespondents` |

            Definitions, assumptions and the equivalent R calls: `docs/inference.md`.
            """,
            shared.SYNTHETIC_NOTE,
        ),
        code(
            "setup",
            """
            import networkx as nx
            import pandas as pd

            import skane_ecosystem as se
            from skane_ecosystem.inference import (
                IMPUTATION_METHODS, dyadic_model, homophily_tests, impute_nonrespondents,
                indicator_change_test, missingness_report, qap_regression, significance_sentence,
                wave_change_test,
            )
            from skane_ecosystem.inference.homophily import same_attribute_matrix

            pd.set_option("display.width", 160)
            eco = se.demo()
            collaboration = eco.graph(relation="collaboration")  # newest wave, union of reports
            print(f"{collaboration.number_of_nodes()} actors, {collaboration.number_of_edges()} collaboration ties")
            """,
        ),
        md(
            "homophily-text",
            """
            ## Homophily: within sector, municipality and type

            One logistic network regression of the ties on "same sector", "same
            municipality" and "same type", so each effect is net of the others. The
            p-values come from 500 QAP permutations (Dekker's double semi-partialling):
            relabelling the actors keeps each network's own structure, so they do not
            assume independent ties. `dyadic_p_value` is the same model read as a
            dyad-independent ERGM, which does assume it, and is smaller.
            """,
        ),
        code(
            "homophily",
            """
            homophily = homophily_tests(collaboration, n_permutations=500, seed=0)
            homophily.round(4)
            """,
        ),
        code(
            "sentences",
            """
            for attribute, row in homophily.iterrows():
                print(significance_sentence(row, "sv", relation="collaboration"))
                print(significance_sentence(row, "en", relation="collaboration"))
            """,
        ),
        md(
            "qap-text",
            """
            ## Does funding go with collaboration? (MRQAP)

            `qap_regression` is sna's `netlm` (least squares) or `netlogit` (logistic):
            here the collaboration ties on the funding ties and "same sector". Each
            coefficient's p-value is the share of permutations with a statistic at least
            as extreme; `p < 1/500` shows as 0.
            """,
        ),
        code(
            "qap",
            """
            funding = eco.graph(relation="funding")
            mrqap = qap_regression(
                collaboration,
                {"funding": funding, "same_sector": same_attribute_matrix(collaboration, "sector")},
                family="binomial", n_permutations=200, seed=0, weight=None,
            )
            mrqap.round(4)
            """,
        ),
        md(
            "dyadic-text",
            """
            ## The dyadic model: statnet's terms, fitted exactly

            A dyad-independent ERGM is a logistic regression on dyads, so its
            maximum-likelihood estimate is exact. First the statnet tutorial's Florentine
            marriages (networkx leaves out Pucci, who married no other family; wealth from
            ergm's `flomarriage`): the tutorial prints -2.594929 and 0.010546.
            """,
        ),
        code(
            "florentine",
            """
            families = nx.florentine_families_graph()
            families.add_node("Pucci")
            wealth = dict(zip(
                ["Acciaiuoli", "Albizzi", "Barbadori", "Bischeri", "Castellani", "Ginori", "Guadagni",
                 "Lamberteschi", "Medici", "Pazzi", "Peruzzi", "Pucci", "Ridolfi", "Salviati", "Strozzi",
                 "Tornabuoni"],
                [10, 36, 55, 44, 20, 32, 8, 42, 103, 48, 49, 3, 27, 10, 146, 48],
            ))
            nx.set_node_attributes(families, wealth, "wealth")
            florentine = dyadic_model(families, "edges + nodecov('wealth')")
            print(florentine.round(6))
            print("AIC", round(florentine.attrs["aic"], 1), "BIC", round(florentine.attrs["bic"], 1))
            """,
        ),
        md(
            "dyadic-demo-text",
            """
            On the demo: sector and municipality homophily, with each sector's overall
            activity (`nodefactor`, base level `academia`). `nodematch('sector',
            diff=True)` would be refused here: the three `other` actors have no tie among
            themselves, so that term's estimate is infinite (R's `glm` prints an arbitrary
            -9 with a standard error near 500).
            """,
        ),
        code(
            "dyadic",
            """
            model = dyadic_model(collaboration, "edges + nodefactor('sector') + nodematch('sector') + nodematch('municipality')")
            model.round(4)
            """,
        ),
        md(
            "waves-text",
            """
            ## Change between the 2019 and 2022 waves

            Is the 2022 network predicted by the 2019 one beyond chance (QAP), and did
            each indicator change more than swapping the two waves at random would give
            (a paired permutation test over dyads)?
            """,
        ),
        code(
            "waves",
            """
            before = eco.graph(relation="collaboration", wave="2019")
            after = eco.graph(relation="collaboration", wave="2022")
            persistence = wave_change_test(before, after, n_permutations=200, seed=0)
            print(persistence.round(4))
            print({key: persistence.attrs[key] for key in ("ties_kept", "ties_gained", "ties_lost")})
            """,
        ),
        code(
            "indicators",
            """
            indicator_change_test(before, after, n_permutations=200, seed=0).round(4)
            """,
        ),
        md(
            "missing-text",
            """
            ## Non-response

            Who did not answer, how often only one side of a tie reported it, and
            whether non-respondents are named by others more or less often than
            respondents. Counts below 5 must not reach a public output.
            """,
        ),
        code(
            "missing",
            """
            report = missingness_report(eco, relation="collaboration", n_permutations=500)
            print(report.response.loc["sector"].round(3))
            print(report.one_sided.loc[("all", "all")])
            report.degree.round(3)
            """,
        ),
        code(
            "imputation",
            """
            # Three treatments of the non-respondents' own reports (Huisman 2009).
            for method in IMPUTATION_METHODS:
                imputed = impute_nonrespondents(eco, method, seed=0)
                arcs = imputed.graph(relation="collaboration", mode="directed").number_of_edges()
                print(f"{method}: {arcs} directed collaboration ties")
            """,
        ),
    ]


def build() -> nbformat.NotebookNode:
    """The notebook, validated, without outputs."""
    notebook = new_notebook(
        cells=inference_cells(),
        metadata={"kernelspec": dict(_shared()._KERNELSPEC), "language_info": {"name": "python"}},
    )
    nbformat.validate(notebook)
    return notebook


def write(folder: str | Path = HERE) -> Path:
    """Write the notebook into ``folder``, replaced whole or not at all."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return _shared()._write_atomically(folder / NAME, nbformat.writes(build()) + "\n")


if __name__ == "__main__":
    print(write(sys.argv[1] if len(sys.argv) > 1 else HERE))
