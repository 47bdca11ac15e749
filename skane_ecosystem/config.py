"""AnalysisConfig: every threshold and option of an analysis, in one plain object.

Defaults are *relative to the network* (percentiles of a measure, shares of ties)
wherever a fixed number would mean different things at 40 and at 4,000 actors.
A config can be written as TOML and loaded with :meth:`AnalysisConfig.from_toml`;
the exact config used is kept on every :class:`~skane_ecosystem.analysis.Analysis`
and written to ``run.json``, so any result can be reproduced.

Example TOML (every key optional)::

    seed = 7
    hub_percentile = 0.95
    public_columns = ["Website", "Founded"]
    [stability]
    resamples = 200
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from numbers import Integral, Real
from pathlib import Path

from .metrics.engine import ENGINES

__all__ = ["AnalysisConfig", "StabilityConfig", "InferenceConfig"]


@dataclass(frozen=True)
class StabilityConfig:
    """How flag stability under plausible data error is estimated.

    Attributes
    ----------
    enabled : bool
        Off makes analysis faster; every flag then has stability NaN.
    resamples : int
        The most perturbed copies of the data the rules are rerun on.  In
        ``Analysis.config`` (and run.json) it is the number actually run, which the
        stopping rule may have made smaller: the same config then gives the same
        stabilities again.
    sequential : bool
        Stop resampling early once every flag of the full data is on a known side of
        ``tentative_below`` (:func:`skane_ecosystem.stability.decided`); off runs
        all ``resamples``.
    min_resamples : int
        The stopping rule looks first after this many resamples, then every 10.
    confidence : float
        How sure the stopping rule must be of each flag's side of the floor: the
        chance of deciding a flag's side wrongly is at most ``1 - confidence``.
    drop_respondents : float
        Share of respondents whose reports are dropped in each resample
        (simulating non-response).
    drop_one_sided : float
        Probability that a tie reported by one side only is dropped in a resample
        (one-sided nominations are the least certain ties).
    tentative_below : float
        The floor of stability: a flag holding in fewer resamples than this share
        is not presented as a finding but listed apart as tentative, with its
        stability (docs/flags.md, "Stability").  Default 0.5: a flag that fails in
        most plausible versions of the data is not a fact.
    max_actors : int
        Above this size stability is skipped unless asked for explicitly, since
        its cost grows with resamples x (actors x ties).
    workers : int or None
        Processes the resamples are shared out over (None: one per core, at most
        4).  The result does not depend on it.
    """

    enabled: bool = True
    resamples: int = 100
    sequential: bool = True
    min_resamples: int = 20
    confidence: float = 0.99
    drop_respondents: float = 0.10
    drop_one_sided: float = 0.50
    tentative_below: float = 0.50
    max_actors: int = 2000
    workers: int | None = None

    def __post_init__(self):
        # Checked here, at the edge: a floor of 70 (meant as 70 %) would silently make
        # every flag tentative, and zero resamples would divide by zero.
        _check_settings(self, _STABILITY_RANGES, prefix="stability.")


@dataclass(frozen=True)
class InferenceConfig:
    """Whether and how :func:`~skane_ecosystem.analyze` tests its patterns against chance.

    Off by default: the permutation tests take seconds where the rest of the
    analysis takes fractions of one (docs/inference.md, "Time on the demo").

    Attributes
    ----------
    enabled : bool
        On: the analysis holds the homophily tests, E-I p-values, the missingness
        report, the non-response sensitivity table and (with two waves) the wave
        change tests (``Analysis.inference``), and the report states them.
    n_permutations : int
        Permutations of every test (1 to 100,000); 1,000 gives a p-value near 0.05
        to about +/-0.007.
    alpha : float
        The significance level the report's sentences judge p-values at.
    """

    enabled: bool = False
    n_permutations: int = 1000
    alpha: float = 0.05

    def __post_init__(self):
        _check_settings(self, _INFERENCE_RANGES, prefix="inference.")


@dataclass(frozen=True)
class AnalysisConfig:
    """Thresholds and options for :func:`skane_ecosystem.analyze`.

    Attributes
    ----------
    seed : int
        Seeds community detection, permutation tests and resampling.
    min_weight : float or None
        Tie reports weaker than this are ignored.
    hub_percentile : float
        Hubs are at or above this percentile of strength *and* have degree >= 3.
    broker_percentile : float
        Brokers are at or above this percentile of betweenness ...
    broker_constraint_percentile : float
        ... and at or below this percentile of Burt's constraint.
    spanner_percentile : float
        Boundary spanners are at or above this percentile of liaison + itinerant
        brokerage, or ...
    spanner_cross_share : float
        ... have at least this share of ties crossing sectors, with
    spanner_min_ties : int
        at least this many ties.
    gatekeeper_percentile : float
        Gatekeepers are at or above this percentile of gatekeeper brokerage.
    participation_threshold : float
        Community bridges have a participation coefficient at or above this
        (0.62: Guimerà & Amaral's connector boundary) ...
    bridge_degree_percentile : float
        ... and a degree at or above this percentile (a participation coefficient
        spread over two or three ties says little).
    spof_min_cutoff : int
        A single point of failure cuts at least this many actors off the main
        component when removed.
    bottleneck_share : float
        A bottleneck carries at least this share of the shortest paths between two
        sectors (or communities) ...
    bottleneck_min_paths : int
        ... of which there are at least this many.
    unreciprocated_min : int
        Unreciprocated: at least this many nominations made ...
    unreciprocated_share : float
        ... of which at least this share are not returned by respondents.
    silo_ei : float
        A sector whose E-I index is at or below this is a silo.
    missing_bridge_max_ties : int
        Sector pairs with at most this many ties are a missing bridge.
    min_group_size : int
        Groups (municipalities, communities) smaller than this are not judged.
    fragmentation_threshold : float
        The network is fragmented when at least this share of actor pairs have no
        path between them (Borgatti's F), when more than one component has ties, or
        when the main component holds less than ``main_component_min`` of the actors.
    main_component_min : float
    centralization_threshold : float
        The network is centralized when Freeman degree centralization is at least this.
    funding_relation : str
        The relation that carries money.
    funding_dependency_share : float
        One funder carrying at least this share of funding ties is a dependency.
    stability : StabilityConfig
    inference : InferenceConfig
        Statistical tests of the patterns found (off by default).
    engine : {"auto", "networkx", "igraph"}
        Graph engine for the heavy measures ("auto": igraph above
        ``metrics.engine.AUTO_IGRAPH_ABOVE`` actors when it is installed).
    approximate : bool or None
        Estimate betweenness and closeness from sampled sources (with standard
        errors); None does so above ``metrics.engine.APPROXIMATE_ABOVE`` actors.
    samples : int or None
        Sources sampled per connected part when approximating.
    scheduler : str or None
        Address of a Dask scheduler (``"tcp://host:8786"``) on which exact
        betweenness is computed; see docs/performance.md.
    workers : int or None
        With no scheduler: compute exact betweenness on a local Dask cluster of this
        many processes.  Both None: no cluster.
    public_columns : tuple of str
        Input columns, as headed in the survey, that public outputs may show besides
        id, name, sector, type, municipality and respondent status (see
        :mod:`skane_ecosystem.privacy`).  Every other column is left out of public
        outputs.  Kept here, with the analysis, because it describes the survey:
        the same declaration serves every output written from it.
    """

    seed: int = 0
    min_weight: float | None = None
    hub_percentile: float = 0.95
    broker_percentile: float = 0.90
    broker_constraint_percentile: float = 0.50
    spanner_percentile: float = 0.90
    spanner_cross_share: float = 0.80
    spanner_min_ties: int = 5
    gatekeeper_percentile: float = 0.95
    participation_threshold: float = 0.62
    bridge_degree_percentile: float = 0.75
    spof_min_cutoff: int = 1
    bottleneck_share: float = 0.50
    bottleneck_min_paths: int = 10
    unreciprocated_min: int = 3
    unreciprocated_share: float = 0.75
    silo_ei: float = -0.50
    missing_bridge_max_ties: int = 1
    min_group_size: int = 3
    fragmentation_threshold: float = 0.20
    main_component_min: float = 0.90
    centralization_threshold: float = 0.50
    funding_relation: str = "funding"
    funding_dependency_share: float = 0.50
    stability: StabilityConfig = field(default_factory=StabilityConfig)
    inference: InferenceConfig = field(default_factory=InferenceConfig)
    engine: str = "auto"
    approximate: bool | None = None
    samples: int | None = None
    scheduler: str | None = None
    workers: int | None = None
    public_columns: tuple[str, ...] = ()

    def __post_init__(self):
        # A setting out of its range would otherwise surface deep inside an analysis as
        # numpy's "Quantiles must be in the range [0, 1]", or silently flag nothing.
        _check_settings(self, _ANALYSIS_RANGES)
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}, got {self.engine!r}")
        if isinstance(self.stability, dict):
            object.__setattr__(self, "stability", StabilityConfig(**self.stability))
        if isinstance(self.inference, dict):
            object.__setattr__(self, "inference", InferenceConfig(**self.inference))
        object.__setattr__(self, "public_columns", _column_names(self.public_columns, "public_columns"))

    # ------------------------------------------------------------ io
    @classmethod
    def from_toml(cls, path: str | Path) -> AnalysisConfig:
        """Read a config from a TOML file; unknown keys are an error naming them."""
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        return cls.from_dict(data, source=str(path))

    @classmethod
    def from_dict(cls, data: dict, source: str = "config") -> AnalysisConfig:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"{source}: unknown setting(s) {unknown}; known settings are {sorted(known)}")
        for table, settings_class in (("stability", StabilityConfig), ("inference", InferenceConfig)):
            settings = data.get(table, {})
            if isinstance(settings, dict):
                known_s = {f.name for f in fields(settings_class)}
                bad = sorted(set(settings) - known_s)
                if bad:
                    raise ValueError(f"{source}: unknown [{table}] setting(s) {bad}; known: {sorted(known_s)}")
                data = {**data, table: settings_class(**settings)}
        return cls(**data)

    def to_dict(self) -> dict:
        """The config as plain data (for run.json and reports)."""
        return asdict(self)

    def with_options(self, **changes) -> AnalysisConfig:
        """A copy with some settings changed, e.g. ``config.with_options(seed=1)``."""
        return replace(self, **changes)


def _column_names(value, setting: str) -> tuple[str, ...]:
    """A list of column headers as a tuple, checked: each a non-empty text."""
    if (
        isinstance(value, str)
        or not isinstance(value, (list, tuple))
        or not all(isinstance(name, str) and name.strip() for name in value)
    ):
        raise ValueError(f'{setting} must be a list of column headers, e.g. ["Website"], not {value!r}')
    return tuple(dict.fromkeys(name.strip() for name in value))


# ------------------------------------------------------------ validation
@dataclass(frozen=True)
class _Range:
    """The values a setting takes: numbers (or whole numbers) from ``low`` to ``high``."""

    low: float | None = None
    high: float | None = None
    whole: bool = False
    optional: bool = False

    def admits(self, value) -> bool:
        if value is None:
            return self.optional
        if isinstance(value, bool) or not isinstance(value, Integral if self.whole else Real):
            return False
        if value != value:  # NaN is in no range
            return False
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def describe(self) -> str:
        kind = "a whole number" if self.whole else "a number"
        if self.low is not None and self.high is not None:
            text = (
                f"{kind} between {self.low:g} and {self.high:g}"
                if self.whole
                else f"between {self.low:g} and {self.high:g}"
            )
        elif self.low is not None:
            text = f"{kind} of at least {self.low:g}"
        else:
            text = kind
        return text + (" (or left out)" if self.optional else "")


_SHARE = _Range(0, 1)
_COUNT = _Range(0, whole=True)
_POSITIVE_COUNT = _Range(1, whole=True)

#: The range of every numeric AnalysisConfig setting; percentiles, shares and
#: thresholds are fractions (0.95, not 95).
_ANALYSIS_RANGES: dict[str, _Range] = {
    "seed": _Range(whole=True),
    "min_weight": _Range(optional=True),
    "hub_percentile": _SHARE,
    "broker_percentile": _SHARE,
    "broker_constraint_percentile": _SHARE,
    "spanner_percentile": _SHARE,
    "spanner_cross_share": _SHARE,
    "spanner_min_ties": _COUNT,
    "gatekeeper_percentile": _SHARE,
    "participation_threshold": _SHARE,
    "bridge_degree_percentile": _SHARE,
    "spof_min_cutoff": _POSITIVE_COUNT,
    "bottleneck_share": _SHARE,
    "bottleneck_min_paths": _COUNT,
    "unreciprocated_min": _POSITIVE_COUNT,
    "unreciprocated_share": _SHARE,
    "silo_ei": _Range(-1, 1),
    "missing_bridge_max_ties": _COUNT,
    "min_group_size": _POSITIVE_COUNT,
    "fragmentation_threshold": _SHARE,
    "main_component_min": _SHARE,
    "centralization_threshold": _SHARE,
    "funding_dependency_share": _SHARE,
    "samples": _Range(1, whole=True, optional=True),
    "workers": _Range(1, whole=True, optional=True),
}

_INFERENCE_RANGES: dict[str, _Range] = {
    "n_permutations": _Range(1, 100_000, whole=True),
    "alpha": _Range(0.0001, 0.5),
}

_STABILITY_RANGES: dict[str, _Range] = {
    "resamples": _POSITIVE_COUNT,
    "min_resamples": _POSITIVE_COUNT,
    "confidence": _SHARE,
    "drop_respondents": _SHARE,
    "drop_one_sided": _SHARE,
    "tentative_below": _SHARE,
    "max_actors": _COUNT,
    "workers": _Range(1, whole=True, optional=True),
}


def _check_settings(config, ranges: dict[str, _Range], prefix: str = "") -> None:
    """Raise a ValueError naming the first setting of ``config`` outside its range.

    Examples
    --------
    >>> AnalysisConfig(hub_percentile=95)
    Traceback (most recent call last):
    ...
    ValueError: hub_percentile must be between 0 and 1, got 95
    >>> StabilityConfig(resamples=0)
    Traceback (most recent call last):
    ...
    ValueError: stability.resamples must be a whole number of at least 1, got 0
    """
    for name, allowed in ranges.items():
        value = getattr(config, name)
        if not allowed.admits(value):
            raise ValueError(f"{prefix}{name} must be {allowed.describe()}, got {value!r}")
