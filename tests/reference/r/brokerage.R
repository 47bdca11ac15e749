# Gould-Fernandez brokerage by sna::brokerage.  An undirected graph is given as its
# symmetric adjacency matrix: sna has no undirected mode for brokerage, so every
# tie is two arcs and every two-path is counted in both directions.
source(file.path(commandArgs(TRUE)[1], "common.R"))

for (x in graphs) {
  b <- sna::brokerage(x$A, x$sector)
  for (role in colnames(b$raw.nli)) {  # w_I, w_O, b_IO, b_OI, b_O, t
    record_nodes(x, paste0("raw.nli.", role), b$raw.nli[, role])
    record_nodes(x, paste0("exp.nli.", role), b$exp.nli[, role])
    record_nodes(x, paste0("z.nli.", role), b$z.nli[, role])
    record_network(x, paste0("raw.gli.", role), b$raw.gli[role])
    record_network(x, paste0("exp.gli.", role), b$exp.gli[role])
    record_network(x, paste0("sd.gli.", role), b$sd.gli[role])
    record_network(x, paste0("z.gli.", role), b$z.gli[role])
  }
}
write_results(commandArgs(TRUE)[2])
