# Burt's constraint by igraph (sna has none).  igraph gives NaN to isolates.
source(file.path(commandArgs(TRUE)[1], "common.R"))

for (x in graphs) {
  record_nodes(x, "igraph.constraint", igraph::constraint(x$graph))
  record_nodes(x, "igraph.constraint.weighted", igraph::constraint(x$weighted, weights = E(x$weighted)$weight))
}
write_results(commandArgs(TRUE)[2])
