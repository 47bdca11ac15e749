# sna's QAP tests on the networks the Python test wrote, as the reference values.
# Usage: Rscript qap.R <folder>; reads <folder>/*.csv (one n x n matrix each, no header)
# and <folder>/reps.txt, writes <folder>/results.csv: model, term, coef, tstat, p_abs, p_greater, p_less.
suppressMessages(library(sna))
args <- commandArgs(trailingOnly = TRUE)
folder <- args[1]
reps <- as.integer(readLines(file.path(folder, "reps.txt")))
set.seed(20261203)
read <- function(name) as.matrix(read.csv(file.path(folder, paste0(name, ".csv")), header = FALSE))
y <- read("y"); ybin <- read("ybin"); x1 <- read("x1"); x2 <- read("x2")
sy <- read("sy"); sx1 <- read("sx1"); sx2 <- read("sx2")

rows <- list()
keep <- function(model, fit, terms) {
  rows[[length(rows) + 1]] <<- data.frame(model = model, term = terms, coef = fit$coefficients,
    tstat = fit$tstat, p_abs = fit$pgreqabs, p_greater = fit$pgreq, p_less = fit$pleeq)
}
terms <- c("intercept", "x1", "x2")
keep("netlm_dsp", netlm(y, list(x1, x2), nullhyp = "qap", reps = reps), terms)
keep("netlm_y", netlm(y, list(x1, x2), nullhyp = "qapy", reps = reps), terms)
keep("netlm_graph_dsp", netlm(sy, list(sx1, sx2), mode = "graph", nullhyp = "qap", reps = reps), terms)
keep("netlogit_dsp", netlogit(ybin, list(x1, x2), nullhyp = "qap", reps = reps), terms)
keep("netlogit_y", netlogit(ybin, list(x1, x2), nullhyp = "qapy", reps = reps), terms)

correlation <- qaptest(list(y, x1), gcor, g1 = 1, g2 = 2, reps = reps)
rows[[length(rows) + 1]] <- data.frame(model = "gcor", term = "correlation", coef = correlation$testval,
  tstat = correlation$testval, p_abs = NA, p_greater = correlation$pgreq, p_less = correlation$pleeq)
write.csv(do.call(rbind, rows), file.path(folder, "results.csv"), row.names = FALSE)
