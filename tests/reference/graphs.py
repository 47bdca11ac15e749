"""The seeded random graphs every reference test compares on, and their files for R.

Each graph has two to four groups in the node attribute ``sector``, one to three
isolates and integer tie strengths 1-5 in ``weight``; half are directed.  Nodes are
the integers ``0 .. n-1``, so R's vertex ``i + 1`` is our node ``i``.  The first
graph is the example of issue 12, whose two shortest s-t paths are equally long
(1 + 1 + 1/3 = 1 + 1/3 + 1) but not in floating point.
"""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

RANDOM_GRAPHS = 24
SECTORS = ("academia", "industry", "public", "support")


def _equal_paths_example() -> nx.Graph:
    G = nx.Graph()
    G.add_weighted_edges_from(
        [("s", "a", 1), ("a", "b", 1), ("b", "t", 3), ("s", "c", 1), ("c", "d", 3), ("d", "t", 1)]
    )
    G = nx.convert_node_labels_to_integers(G, ordering="sorted")
    G.add_node(6)  # an isolate, as in every graph here
    for node in G:
        G.nodes[node]["sector"] = SECTORS[node % 2]
    return G


def random_graph(seed: int, actors=(10, 28), mean_degree=(1.5, 4.0)) -> nx.Graph:
    """A sparse seeded random graph (directed for odd seeds) with sectors, isolates and strengths 1-5.

    ``actors`` and ``mean_degree`` bound the size of its connected part and its
    expected degree, each drawn from the seed.
    """
    rng = random.Random(seed)
    directed = seed % 2 == 1
    connected = rng.randint(*actors)
    G = nx.gnp_random_graph(connected, rng.uniform(*mean_degree) / connected, seed=seed, directed=directed)
    G.add_nodes_from(range(connected, connected + rng.randint(1, 3)))  # isolates
    groups = SECTORS[: rng.randint(2, 4)]
    for node in G:
        G.nodes[node]["sector"] = rng.choice(groups)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = rng.randint(1, 5)
    return G


def _name(seed: int) -> str:
    return f"{'directed' if seed % 2 else 'undirected'}_{seed:02d}"


#: The graphs' names, for parametrising tests: the random graph of seed s is
#: directed for odd s.
GRAPH_NAMES = ["equal_paths"] + [_name(seed) for seed in range(RANDOM_GRAPHS)]
DIRECTED = [name for name in GRAPH_NAMES if name.startswith("directed")]
UNDIRECTED = [name for name in GRAPH_NAMES if name not in DIRECTED]


def reference_graphs() -> dict[str, nx.Graph]:
    """name -> graph: the example with equal paths, then the seeded random graphs."""
    graphs = {"equal_paths": _equal_paths_example()}
    graphs.update((_name(seed), random_graph(seed)) for seed in range(RANDOM_GRAPHS))
    return graphs


def write_graphs(graphs: dict[str, nx.Graph], folder: Path) -> None:
    """``graphs.csv`` (name, directed, n) and per graph ``<name>.nodes.csv`` (node,
    sector) and ``<name>.edges.csv`` (source, target, weight)."""
    with open(folder / "graphs.csv", "w", newline="") as index:
        rows = csv.writer(index)
        rows.writerow(["name", "directed", "n"])
        for name, G in graphs.items():
            rows.writerow([name, "TRUE" if G.is_directed() else "FALSE", G.number_of_nodes()])
            _write_graph(G, folder, name)


def _write_graph(G: nx.Graph, folder: Path, name: str) -> None:
    assert sorted(G) == list(range(G.number_of_nodes())), "nodes must be 0 .. n-1"
    with open(folder / f"{name}.nodes.csv", "w", newline="") as handle:
        rows = csv.writer(handle)
        rows.writerow(["node", "sector"])
        rows.writerows((node, G.nodes[node]["sector"]) for node in sorted(G))
    with open(folder / f"{name}.edges.csv", "w", newline="") as handle:
        rows = csv.writer(handle)
        rows.writerow(["source", "target", "weight"])
        rows.writerows((u, v, w) for u, v, w in G.edges(data="weight"))


@dataclass
class RResults:
    """What an R script wrote: per graph and measure, a value per node or one value."""

    nodes: dict  # (graph, measure) -> {node: value}
    network: dict  # (graph, measure) -> value
    seconds: float  # how long the Rscript process ran

    @classmethod
    def read(cls, path: Path, seconds: float) -> RResults:
        nodes, network = {}, {}
        with open(path, newline="") as handle:
            for row in csv.DictReader(handle):
                value = _number(row["value"])
                key = (row["graph"], row["measure"])
                if row["node"] == "":
                    network[key] = value
                else:
                    nodes.setdefault(key, {})[int(row["node"])] = value
        return cls(nodes, network, seconds)

    def node_values(self, graph: str, measure: str) -> dict:
        return self.nodes[(graph, measure)]

    def network_value(self, graph: str, measure: str) -> float:
        return self.network[(graph, measure)]


def _number(text: str) -> float:
    # R writes NA for "not available"; it only arises where sna or igraph gives NaN.
    return math.nan if text == "NA" else float(text)
