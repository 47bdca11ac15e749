# Shared by the reference scripts: read the graphs the Python tests wrote, and
# collect results as rows (graph, measure, node, value) for results.csv.
#
# Each script is run as `Rscript --vanilla <script> <this folder> <data folder>`.
suppressPackageStartupMessages({
  library(sna)
  library(igraph)
})

read_graphs <- function(folder) {
  index <- read.csv(file.path(folder, "graphs.csv"), stringsAsFactors = FALSE)
  lapply(seq_len(nrow(index)), function(i) {
    read_graph(folder, index$name[i], as.logical(index$directed[i]), index$n[i])
  })
}

read_graph <- function(folder, name, directed, n) {
  nodes <- read.csv(file.path(folder, paste0(name, ".nodes.csv")), stringsAsFactors = FALSE)
  edges <- read.csv(file.path(folder, paste0(name, ".edges.csv")))
  # Our node i is R's vertex i + 1.
  ends <- as.vector(t(as.matrix(edges[, c("source", "target")]))) + 1
  unweighted <- add_edges(make_empty_graph(n, directed = directed), ends)
  weighted <- unweighted
  E(weighted)$weight <- edges$weight
  strength <- as_adjacency_matrix(weighted, attr = "weight", sparse = FALSE)
  distance <- ifelse(strength > 0, 1 / strength, 0)
  list(
    name = name, directed = directed, n = n, sector = nodes$sector,
    graph = unweighted,               # no weight attribute: igraph would use it silently
    weighted = weighted,              # weight = tie strength 1-5
    A = as_adjacency_matrix(unweighted, sparse = FALSE),  # symmetric when undirected
    distance = distance,              # 1 / strength, 0 = no tie (sna's valued input)
    # 60 / strength is an integer (60, 30, 20, 15, 12): sums of these are exact in
    # floating point, so sna's exact comparison of path lengths sees every tie.
    distance60 = 60 * distance,
    gmode = if (directed) "digraph" else "graph"
  )
}

.rows <- list()

record_nodes <- function(x, measure, values) {
  stopifnot(length(values) == x$n)
  .rows[[length(.rows) + 1]] <<- data.frame(
    graph = x$name, measure = measure, node = seq_len(x$n) - 1,
    value = sprintf("%.17g", as.numeric(values)), stringsAsFactors = FALSE
  )
}

record_network <- function(x, measure, value) {
  stopifnot(length(value) == 1)
  .rows[[length(.rows) + 1]] <<- data.frame(
    graph = x$name, measure = measure, node = "",
    value = sprintf("%.17g", as.numeric(value)), stringsAsFactors = FALSE
  )
}

write_results <- function(folder) {
  write.csv(do.call(rbind, .rows), file.path(folder, "results.csv"), row.names = FALSE, quote = FALSE)
}

args <- commandArgs(trailingOnly = TRUE)
data_folder <- args[2]
graphs <- read_graphs(data_folder)
