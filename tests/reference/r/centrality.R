# Betweenness, closeness and harmonic closeness by sna and igraph, each in the call
# that has our convention (see docs/metrics.md, "Conventions that differ between tools").
source(file.path(commandArgs(TRUE)[1], "common.R"))

# Our normalisation: the number of pairs not including the actor.
pairs <- function(x) if (x$directed) (x$n - 1) * (x$n - 2) else (x$n - 1) * (x$n - 2) / 2

# Actors that reach each actor (the r - 1 of Wasserman-Faust), from incoming distances.
reaching <- function(g, weights) {
  rowSums(is.finite(distances(g, mode = "in", weights = weights))) - 1
}

for (x in graphs) {
  strength <- E(x$weighted)$weight

  # Betweenness, normalised by the pairs not including the actor.
  record_nodes(x, "sna.betweenness", sna::betweenness(x$A, gmode = x$gmode) / pairs(x))
  record_nodes(x, "igraph.betweenness", igraph::betweenness(x$graph, directed = TRUE, normalized = TRUE))
  record_nodes(x, "igraph.betweenness.weighted",
               igraph::betweenness(x$weighted, directed = TRUE, weights = 1 / strength, normalized = TRUE))
  record_nodes(x, "sna.betweenness.weighted60",
               sna::betweenness(x$distance60, gmode = x$gmode, ignore.eval = FALSE) / pairs(x))
  # sna's numbers of shortest paths with the lengths 60 / strength, a row per source
  # (its Dijkstra can count some paths twice; the test finds where).
  counts <- sna::geodist(x$distance60, ignore.eval = FALSE)$counts
  for (source in seq_len(x$n)) record_nodes(x, paste0("sna.paths60.from.", source - 1), counts[source, ])
  # sna compares lengths exactly: with 1 / strength it drops equally short paths.
  record_nodes(x, "sna.betweenness.weighted",
               sna::betweenness(x$distance, gmode = x$gmode, ignore.eval = FALSE) / pairs(x))

  # Closeness, incoming, over the actors that reach the actor, scaled by the share
  # of the others they are (Wasserman-Faust); igraph gives NaN for no such actor.
  for (weighted in c(FALSE, TRUE)) {
    g <- if (weighted) x$weighted else x$graph
    weights <- if (weighted) 1 / strength else NULL
    reached <- reaching(g, weights)
    record_nodes(x, paste0("igraph.closeness", if (weighted) ".weighted" else ""),
                 igraph::closeness(g, mode = "in", weights = weights, normalized = TRUE) * reached / (x$n - 1))
    record_nodes(x, paste0("igraph.harmonic", if (weighted) ".weighted" else ""),
                 igraph::harmonic_centrality(g, mode = "in", weights = weights, normalized = TRUE))
  }
  # sna's distances run from row to column, so the transpose gives incoming ones.
  # (gmode = "graph" with cmode = "suminvdir" returns NULL in sna 2.7: a typo in
  # its switch, "siminvundir"; a symmetric matrix in "digraph" mode is the same.)
  record_nodes(x, "sna.harmonic", sna::closeness(t(x$A), gmode = "digraph", cmode = "suminvdir"))
  if (!x$directed) {
    record_network(x, "sna.harmonic.graph_mode_is_null",
                   is.null(sna::closeness(x$A, gmode = "graph", cmode = "suminvdir")))
  }
  record_nodes(x, "sna.harmonic.weighted",
               sna::closeness(t(x$distance), gmode = "digraph", cmode = "suminvdir", ignore.eval = FALSE))
  # sna's classic closeness is (n - 1) / sum of distances, 0 once any actor is out of
  # reach: comparable on a connected graph only, so on the largest component of the
  # undirected graphs (R vertex order, i.e. our nodes sorted).
  if (!x$directed) {
    parts <- components(x$graph)
    main <- which(parts$membership == which.max(parts$csize))
    values <- rep(NaN, x$n)
    values[main] <- sna::closeness(x$A[main, main], gmode = "graph")
    record_nodes(x, "sna.closeness.main_component", values)
  }
}
write_results(commandArgs(TRUE)[2])
