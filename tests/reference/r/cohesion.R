# Density, reciprocity, transitivity and Freeman centralization by sna and igraph.
source(file.path(commandArgs(TRUE)[1], "common.R"))

for (x in graphs) {
  g <- x$graph
  record_network(x, "sna.gden", sna::gden(x$A, mode = x$gmode))
  record_network(x, "igraph.edge_density", igraph::edge_density(g))

  # Reciprocated arcs over arcs: sna's "edgewise" measure, igraph's default.
  record_network(x, "sna.grecip.edgewise", sna::grecip(x$A, measure = "edgewise"))
  record_network(x, "igraph.reciprocity", igraph::reciprocity(g))
  # sna's default counts the null dyads as mutual ("dyadic"): another measure.
  record_network(x, "sna.grecip.dyadic", sna::grecip(x$A))
  record_network(x, "igraph.reciprocity.ratio", igraph::reciprocity(g, mode = "ratio"))

  # Transitivity of the undirected view (two actors tied when either names the other).
  record_network(x, "sna.gtrans", sna::gtrans(sna::symmetrize(x$A, rule = "weak"), mode = "graph"))
  record_network(x, "igraph.transitivity", igraph::transitivity(g, type = "global"))

  # Freeman degree centralization; directed graphs by total, in- and out-degree.
  modes <- if (x$directed) c(freeman = "all", indegree = "in", outdegree = "out") else c(freeman = "all")
  for (cmode in names(modes)) {
    record_network(x, paste0("sna.centralization.degree.", modes[[cmode]]),
                   sna::centralization(x$A, sna::degree, mode = x$gmode, cmode = cmode))
    record_network(x, paste0("igraph.centr_degree.", modes[[cmode]]),
                   igraph::centr_degree(g, mode = modes[[cmode]], loops = FALSE)$centralization)
    # igraph's default counts self-loops as possible ties: a larger maximum.
    record_network(x, paste0("igraph.centr_degree.default.", modes[[cmode]]),
                   igraph::centr_degree(g, mode = modes[[cmode]])$centralization)
  }
  record_network(x, "sna.centralization.betweenness",
                 sna::centralization(x$A, sna::betweenness, mode = x$gmode))
  record_network(x, "igraph.centr_betw", igraph::centr_betw(g, directed = TRUE)$centralization)
}
write_results(commandArgs(TRUE)[2])
