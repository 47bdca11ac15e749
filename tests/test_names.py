"""NameResolver: from certain to uncertain, and never a guess between equals."""

import pytest

from skane_ecosystem.io.names import Match, NameResolver

ACTORS = {
    "rs": "Region Skåne",
    "lu": "Lunds universitet",
    "co": "Coompanion Skåne",
    "ia": "Innovation Skåne A",
    "ib": "Innovation Skåne B",
}


@pytest.fixture
def resolver():
    return NameResolver(ACTORS, aliases={"Regionen": "rs", "Lunds uni": "lu", "rs": "co"})


def test_exact_id_and_exact_name(resolver):
    assert resolver.resolve("rs") == Match("rs", "id")
    assert resolver.resolve(" Lunds universitet ") == Match("lu", "name")


@pytest.mark.parametrize("written", ["Region Skane", "region skåne", "REGION  SKÅNE.", "RS"])
def test_case_spacing_punctuation_and_diacritics_are_ignored(resolver, written):
    assert resolver.resolve(written) == Match("rs", "folded")


def test_alias_table(resolver):
    assert resolver.resolve("regionen") == Match("rs", "alias")
    assert resolver.resolve("LUNDS UNI") == Match("lu", "alias")
    # An actor id wins over an alias spelt the same: ids are certain, aliases are typed by hand.
    assert resolver.resolve("rs") == Match("rs", "id")


def test_fuzzy_above_threshold_records_its_score(resolver):
    # "lunds universitett" vs "lunds universitet": token_sort_ratio 97.14 (one extra letter).
    assert resolver.resolve("Lunds universitett") == Match("lu", "fuzzy", 97.1)


def test_below_threshold_is_unresolved_and_closest_names_are_offered(resolver):
    # token_sort_ratio against "malmo universitet": lunds universitet 76.5 (the best, below 90),
    # coompanion skane 36.4, innovation skane a 34.3, innovation skane b 28.6, region skane 27.6.
    assert resolver.resolve("Malmö universitet") is None
    assert resolver.closest("Malmö universitet") == ["Lunds universitet", "Coompanion Skåne", "Innovation Skåne A"]


def test_the_threshold_is_the_users_to_set():
    strict = NameResolver(ACTORS, threshold=99)
    assert strict.resolve("Lunds universitett") is None
    lenient = NameResolver(ACTORS, threshold=70)
    assert lenient.resolve("Malmö universitet") == Match("lu", "fuzzy", 76.5)


def test_two_equally_close_actors_are_not_guessed_between(resolver):
    # "innovation skane" scores 94.1 against both "innovation skane a" and "... b".
    assert resolver.resolve("Innovation Skåne") is None


def test_no_actors_resolves_nothing():
    assert NameResolver({}).resolve("Region Skåne") is None
