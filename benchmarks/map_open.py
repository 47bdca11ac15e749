"""How fast network maps are built and open: synthetic ecosystems of 2,000, 10,000 and 100,000 actors.

Prints, for each size, without asserting anything:

* how the map is drawn (vis-network, WebGL, or aggregated into groups);
* the time to build the map in Python (layout included), wall clock and CPU, and the
  file size;
* the time from navigation to the network's first frame on screen in headless Chromium
  (Debian's /usr/bin/chromium, driven by playwright; WebGL is software-rendered there,
  so a desktop with a graphics card draws faster), and to the page being usable;
* the load average, since the machine may be shared.

Usage::

    .venv/bin/python benchmarks/map_open.py                      # 2,000 and 10,000 actors
    .venv/bin/python benchmarks/map_open.py --actors 2000,10000,100000 --runs 3

All data are synthetic (a seeded stochastic block model with five sectors), with
communities found as ``analyze()`` finds them (igraph's Louvain), as the bundle's map
gets them; the time to find them is not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx
import pandas as pd

from skane_ecosystem.render.map import network_map
from skane_ecosystem.sectors import SECTORS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MUNICIPALITIES = (
    "Malmö",
    "Lund",
    "Helsingborg",
    "Kristianstad",
    "Ystad",
    "Trelleborg",
    "Landskrona",
    "Hässleholm",
    "Ängelholm",
    "Eslöv",
    "Höör",
    "Simrishamn",
)


def synthetic_ecosystem_graph(n_actors: int, seed: int = 1) -> nx.Graph:
    """Five sectors of unequal size, denser inside a sector than across (about 3 ties each)."""
    shares = (0.3, 0.3, 0.1, 0.25, 0.05)
    sizes = [int(n_actors * s) for s in shares]
    sizes[0] += n_actors - sum(sizes)
    inside, across = 6.0 / n_actors * 3, 1.0 / n_actors * 3
    probabilities = [[inside if i == j else across for j in range(5)] for i in range(5)]
    G = nx.stochastic_block_model(sizes, probabilities, seed=seed)
    graph = nx.Graph(title=f"Synthetic benchmark ecosystem ({n_actors:,} actors)", synthetic=True)
    for node, data in G.nodes(data=True):
        graph.add_node(
            f"a{node:05d}",
            name=f"Synthetic actor {node}",
            sector=SECTORS[data["block"]],
            type="organisation",
            municipality=MUNICIPALITIES[node % len(MUNICIPALITIES)],
            respondent=node % 3 != 0,
        )
    relations = ("collaboration", "funding", "advice", "information")
    for k, (u, v) in enumerate(sorted(G.edges())):
        graph.add_edge(
            f"a{u:05d}",
            f"a{v:05d}",
            weight=float(1 + k % 4),
            relations=[relations[k % 4]],
            waves=["2024"],
            confirmed=k % 5 != 0,
        )
    return graph


def open_in_chromium(path: Path, runs: int) -> list[tuple[float, float]]:
    from playwright.sync_api import sync_playwright

    timings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            started = time.perf_counter()
            page.goto(path.resolve().as_uri())
            page.wait_for_function(
                "() => window.skaneMap !== undefined && window.skaneMap.firstFrameMs !== null", timeout=300_000
            )
            usable = time.perf_counter() - started
            first_frame = page.evaluate("() => window.skaneMap.firstFrameMs") / 1000
            timings.append((first_frame, usable))
            page.close()
        browser.close()
    return timings


def analysed_communities(G: nx.Graph) -> pd.DataFrame:
    """The ``community`` column an analysis would pass (igraph's Louvain, seeded).

    The map finds communities itself (networkx's Louvain) only for a graph drawn
    without an analysis, which takes minutes at 100,000 actors; ``analyze()`` computes
    them with igraph at that size, and the bundle's map reads them from its table.
    """
    import igraph as ig

    nodes = sorted(G)
    index = {node: i for i, node in enumerate(nodes)}
    graph = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in G.edges()])
    ig.set_random_number_generator(random.Random(0))
    try:
        membership = graph.community_multilevel().membership
    finally:
        ig.set_random_number_generator(random)
    return pd.DataFrame({"community": membership}, index=pd.Index(nodes, name="id"))


def how_drawn(network) -> str:
    if network.aggregated:
        return f"aggregated by {network.aggregated} ({network.n_nodes} groups)"
    return "WebGL (sigma.js)" if '"renderer":"webgl"' in network.html else "vis-network"


def measure(n_actors: int, runs: int) -> dict:
    G = synthetic_ecosystem_graph(n_actors)
    actors = analysed_communities(G)
    started, cpu_started = time.perf_counter(), time.process_time()
    network = network_map(G, actors, seed=0)
    built, built_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    with tempfile.TemporaryDirectory() as folder:
        path = network.save(Path(folder) / "benchmark_map.html")
        size = path.stat().st_size
        timings = open_in_chromium(path, runs)

    first_draws = [t[0] for t in timings]
    usable = [t[1] for t in timings]
    print(f"synthetic ecosystem: {G.number_of_nodes():,} actors, {G.number_of_edges():,} ties")
    print(f"  drawn with: {how_drawn(network)}")
    print(f"  build in Python (layout + render): {built:.2f} s wall, {built_cpu:.2f} s CPU")
    print(f"  file size: {size / 1e6:.2f} MB ({size:,} bytes)")
    print(
        f"  first frame after navigation (median of {runs}): {statistics.median(first_draws):.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in first_draws)})"
    )
    print(f"  page opened and drawn, wall clock incl. reading the file (median): {statistics.median(usable):.2f} s")
    print(f"  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return {
        "actors": G.number_of_nodes(),
        "ties": G.number_of_edges(),
        "drawn_with": how_drawn(network),
        "build_seconds": round(built, 2),
        "build_cpu_seconds": round(built_cpu, 2),
        "file_mb": round(size / 1e6, 2),
        "first_draw_seconds": round(statistics.median(first_draws), 2),
        "usable_seconds": round(statistics.median(usable), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", default="2000,10000", help="comma-separated sizes, e.g. 2000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures of every size to this JSON file")
    args = parser.parse_args()
    figures = [measure(int(n), args.runs) for n in args.actors.split(",")]
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
