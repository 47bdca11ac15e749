"""The names of the computed columns, shared by the analysis that fills them and the
outputs that show them, so that the privacy filter and the renderers can name the
measures without importing the code that computes them.

Each measure is documented in ``docs/metrics.md``; a new measure is added here, in
its :mod:`skane_ecosystem.metrics` module and in the docs.
"""

__all__ = ["MEASURE_COLUMNS"]

#: The measure columns of ``Analysis.actors``, in order.
MEASURE_COLUMNS = (
    "degree",
    "in_degree",
    "out_degree",
    "degree_norm",
    "strength",
    "betweenness",
    "betweenness_weighted",
    "betweenness_se",
    "betweenness_weighted_se",
    "closeness",
    "harmonic",
    "eigenvector",
    "pagerank",
    "core_number",
    "constraint",
    "effective_size",
    "efficiency",
    "hierarchy",
    "brokerage_coordinator",
    "brokerage_itinerant",
    "brokerage_representative",
    "brokerage_gatekeeper",
    "brokerage_liaison",
    "brokerage_total",
    "community",
    "participation",
    "cross_sector_share",
    "ei_index",
    "is_cut_vertex",
    "component",
    "in_main_component",
    "removal_fragmentation_gain",
    "removal_cutoff",
)
