"""Imputing non-respondents' ties (Huisman 2009) on surveys small enough to check by hand."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from skane_ecosystem import Ecosystem
from skane_ecosystem.inference import impute_nonrespondents
from skane_ecosystem.inference.imputation import reciprocity_probabilities


def _survey(reports, respondent=(True, True, True, False, False), directions=None) -> Ecosystem:
    ids = list("abcde")
    actors = pd.DataFrame(
        {
            "name": [i.upper() for i in ids],
            "sector": ["public"] * 5,
            "type": [""] * 5,
            "municipality": [""] * 5,
            "respondent": list(respondent),
        },
        index=pd.Index(ids, name="id"),
    )
    ties = pd.DataFrame(
        [(s, t, relation, 1.0, "2022", s) for s, t, relation in reports],
        columns=["source", "target", "relation", "weight", "wave", "reported_by"],
    )
    return Ecosystem(actors, ties, directions=directions or {})


MUTUAL_RESPONDENTS = [
    ("a", "b", "advice"),
    ("b", "a", "advice"),
    ("a", "d", "advice"),
    ("c", "d", "advice"),
    ("b", "e", "advice"),
]


def test_reconstruction_returns_every_nomination_a_non_respondent_received():
    eco = _survey(MUTUAL_RESPONDENTS)
    imputed = impute_nonrespondents(eco, "reconstruction").ties
    added = imputed[imputed["imputed"]]
    assert sorted(zip(added["source"], added["target"], added["reported_by"])) == [
        ("d", "a", "d"),
        ("d", "c", "d"),
        ("e", "b", "e"),
    ]
    assert len(imputed) == len(eco.ties) + 3


def test_the_input_is_left_unchanged_and_the_method_is_recorded():
    eco = _survey(MUTUAL_RESPONDENTS)
    before = eco.ties.copy()
    result = impute_nonrespondents(eco, "reciprocity", seed=1)
    assert eco.ties.equals(before) and "imputed" not in eco.ties
    assert result.meta["nonresponse"] == "reciprocity" and "nonresponse" not in eco.meta


def test_reciprocity_probabilities_counted_among_respondents():
    # Among respondents a, b, c: a->b, b->a (returned), a->c (not returned). 6 ordered pairs.
    reports = _survey([("a", "b", "advice"), ("b", "a", "advice"), ("a", "c", "advice")]).ties
    returned, unprompted = reciprocity_probabilities(reports, {"a", "b", "c"})
    assert returned == pytest.approx(2 / 3)  # of a->b, b->a, a->c: two are returned
    assert unprompted == pytest.approx(1 / 3)  # of the unnamed (b,c), (c,a), (c,b), only c->a was named back (a->c)


def test_with_perfect_reciprocity_among_respondents_reciprocity_equals_reconstruction():
    eco = _survey(MUTUAL_RESPONDENTS)
    by_reciprocity = impute_nonrespondents(eco, "reciprocity", seed=5).ties
    by_reconstruction = impute_nonrespondents(eco, "reconstruction").ties
    key = ["source", "target", "relation", "wave", "reported_by", "imputed"]
    assert (
        by_reciprocity.sort_values(key)[key].values.tolist() == by_reconstruction.sort_values(key)[key].values.tolist()
    )


def test_the_same_seed_gives_the_same_ties():
    eco = _survey(MUTUAL_RESPONDENTS + [("a", "c", "advice")])
    assert impute_nonrespondents(eco, "reciprocity", seed=3).ties.equals(
        impute_nonrespondents(eco, "reciprocity", seed=3).ties
    )


def test_one_way_relations_and_pairs_of_non_respondents_are_never_imputed():
    reports = [("a", "d", "funding"), ("a", "d", "advice")]
    eco = _survey(reports, directions={"funding": "target_to_source"})
    added = impute_nonrespondents(eco, "reconstruction").ties.query("imputed")
    assert added["relation"].tolist() == ["advice"]
    assert not any(s in "de" and t in "de" for s, t in zip(added["source"], added["target"]))


def test_none_adds_nothing_and_an_unknown_method_is_refused():
    eco = _survey(MUTUAL_RESPONDENTS)
    assert not impute_nonrespondents(eco, "none").ties["imputed"].any()
    with pytest.raises(ValueError, match="method must be one of"):
        impute_nonrespondents(eco, "mean")
    assert dataclasses.is_dataclass(impute_nonrespondents(eco, "none"))
